"""意见建议统计: accepted opinions counted by aspect × source category and by channel, and the bar charts.

The counts are of the opinions the caller passes — ``orgs.access.opinions_for(user, meeting)`` — so a
member's overview counts only what that member may read. Merged opinions count once, as the accepted
opinion they were merged into, exactly as in the summary document.
"""

from collections import Counter
from dataclasses import dataclass, field

from django.db.models import Count
from django.template.loader import render_to_string
from django.utils.safestring import SafeString

from documents.tree import text_width

from .models import OpinionStatus

UNCLASSIFIED = "未归入方面"


@dataclass
class OverviewRow:
    """One aspect: its count per source category (in the table's column order) and their sum."""

    label: str
    counts: list[int]

    @property
    def total(self):
        return sum(self.counts)


@dataclass
class Overview:
    categories: list[str]
    rows: list[OverviewRow]
    by_channel: list[tuple[str, int]] = field(default_factory=list)

    @property
    def column_totals(self):
        return [sum(row.counts[column] for row in self.rows) for column in range(len(self.categories))]

    @property
    def total(self):
        return sum(row.total for row in self.rows)

    @property
    def aspect_chart(self):
        return bar_chart_svg(
            [(row.label, row.total) for row in self.rows],
            title="已采纳意见建议按方面统计",
            chart_id="chart-aspects",
        )

    @property
    def channel_chart(self):
        return bar_chart_svg(self.by_channel, title="已采纳意见建议按渠道统计", chart_id="chart-channels")


def opinion_overview(meeting, opinions):
    """The counts of the accepted ``opinions`` of ``meeting``: four queries whatever their number.

    Every aspect of the meeting is a row, so the office sees which aspects still lack opinions; the
    columns are the source categories that have opinions, as in the summary document.

    The opinions are grouped by the ids alone, which the (meeting, status …) index of opinions covers,
    and the names come from the meeting's own few channels and categories: joined in the grouping,
    PostgreSQL hashed every meeting's channels and categories (45 ms a page at a province's 10,000
    meetings).
    """
    accepted = opinions.filter(status=OpinionStatus.ACCEPTED).order_by()
    aspects = [(aspect.pk, aspect.name) for aspect in meeting.aspects.all()]  # prefetched by the meeting page
    groups = list(accepted.values_list("aspect_id", "category_id", "channel_id").annotate(count=Count("pk")))
    counts, by_channel_id = Counter(), Counter()
    for aspect_id, category_id, channel_id, count in groups:
        counts[aspect_id, category_id] += count
        by_channel_id[channel_id] += count
    counted_categories = {category_id for _, category_id in counts}
    categories = [
        (pk, name)
        for pk, name in meeting.source_categories.order_by("order", "pk").values_list("pk", "name")
        if pk in counted_categories
    ]
    by_channel = [
        (name, by_channel_id[pk])
        for pk, name in meeting.channels.order_by("order", "pk").values_list("pk", "name")
        if pk in by_channel_id
    ]
    rows = [
        OverviewRow(name, [counts[aspect_id, category_id] for category_id, _ in categories])
        for aspect_id, name in aspects
    ]
    # An aspect deleted after its opinions were accepted leaves them without one (SET_NULL):
    # they still count, in a row of their own, so the totals stay true.
    orphans = OverviewRow(UNCLASSIFIED, [counts[None, category_id] for category_id, _ in categories])
    if orphans.total:
        rows.append(orphans)
    return Overview(categories=[name for _, name in categories], rows=rows, by_channel=by_channel)


# The chart's geometry, in pixels at natural size; a narrower container scales it down.
BAR_LENGTH = 280  # the longest bar
BAR_HEIGHT = 22
ROW_HEIGHT = 32
FONT_SIZE = 14
LABEL_CHARS = 14  # longer labels are cut with "…"; the full label is in the bar's <title>
BAR_COLOUR = "#0d6efd"  # Bootstrap's primary
TEXT_COLOUR = "#212529"


def _short(label, max_width=LABEL_CHARS):
    if text_width(label) <= max_width:
        return label
    kept = ""
    for char in label:
        if text_width(kept + char) > max_width - 1:
            break
        kept += char
    return f"{kept}…"


@dataclass(frozen=True)
class Bar:
    """One row of a bar chart: its label (cut to fit; the full one is in the row's <title>), its bar, its value."""

    label: str
    short: str
    value: int
    middle: float  # the y of the row's centre line, where the label, the bar and the value are centred
    bar_y: float
    length: float
    value_x: float


@dataclass(frozen=True)
class BarChart:
    """Everything templates/charts/bars.svg draws, in pixels at natural size."""

    chart_id: str
    title: str
    description: str  # every label and value, for screen readers
    unit: str
    width: float
    height: int
    label_width: float  # the bars start here; the labels end just before
    bars: list[Bar]
    font_size: int = FONT_SIZE
    bar_height: int = BAR_HEIGHT
    colour: str = BAR_COLOUR
    text_colour: str = TEXT_COLOUR

    @property
    def label_x(self):
        return self.label_width - 8

    @property
    def centre_x(self):
        return self.width / 2

    @property
    def centre_y(self):
        return self.height / 2


def bar_chart(pairs, *, title, chart_id="bar-chart", unit="条", bar_length=BAR_LENGTH) -> BarChart:
    """The geometry of a horizontal bar chart of ``(label, value)`` pairs: the largest value's bar is
    ``bar_length`` long, the others in proportion; labels are right-aligned before the bars."""
    pairs = [(str(label), int(value)) for label, value in pairs]
    label_width = max((text_width(_short(label)) for label, _ in pairs), default=4) * FONT_SIZE + 12
    value_width = 5 * FONT_SIZE
    largest = max((value for _, value in pairs), default=0) or 1
    bars = []
    for index, (label, value) in enumerate(pairs):
        middle = 4 + index * ROW_HEIGHT + ROW_HEIGHT / 2
        length = round(bar_length * value / largest, 1)
        bars.append(
            Bar(
                label=label,
                short=_short(label),
                value=value,
                middle=middle,
                bar_y=middle - BAR_HEIGHT / 2,
                length=length,
                value_x=label_width + length + 6,
            )
        )
    return BarChart(
        chart_id=chart_id,
        title=title,
        description="；".join(f"{label}：{value}{unit}" for label, value in pairs) or "暂无数据",
        unit=unit,
        width=label_width + bar_length + value_width,
        height=max(len(pairs), 1) * ROW_HEIGHT + 8,
        label_width=label_width,
        bars=bars,
    )


def bar_chart_svg(pairs, *, title, chart_id="bar-chart", unit="条", bar_length=BAR_LENGTH) -> SafeString:
    """A horizontal bar chart of ``(label, value)`` pairs as inline SVG (templates/charts/bars.svg), every
    label escaped.

    Drawn on the server so that offices on intranets need no JavaScript library; screen readers
    get the title and a description listing every value, and each bar carries its own <title>.
    """
    chart = bar_chart(pairs, title=title, chart_id=chart_id, unit=unit, bar_length=bar_length)
    return render_to_string("charts/bars.svg", {"chart": chart})
