"""意见建议统计: accepted opinions counted by aspect × source category and by channel, and the bar charts.

The counts are of the opinions the caller passes — ``orgs.access.opinions_for(user, meeting)`` — so a
member's overview counts only what that member may read. Merged opinions count once, as the accepted
opinion they were merged into, exactly as in the summary document.
"""

from collections import Counter
from dataclasses import dataclass, field

from django.db.models import Count
from django.utils.html import format_html, format_html_join
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


def bar_chart_svg(pairs, *, title, chart_id="bar-chart", unit="条", bar_length=BAR_LENGTH) -> SafeString:
    """A horizontal bar chart of ``(label, value)`` pairs as inline SVG, every label escaped.

    Drawn on the server so that offices on intranets need no JavaScript library; screen readers
    get the title and a description listing every value, and each bar carries its own <title>.
    """
    pairs = [(str(label), int(value)) for label, value in pairs]
    label_width = max((text_width(_short(label)) for label, _ in pairs), default=4) * FONT_SIZE + 12
    value_width = 5 * FONT_SIZE
    width = label_width + bar_length + value_width
    largest = max((value for _, value in pairs), default=0) or 1
    height = max(len(pairs), 1) * ROW_HEIGHT + 8
    description = "；".join(f"{label}：{value}{unit}" for label, value in pairs) or "暂无数据"

    def bar(index, label, value):
        top = 4 + index * ROW_HEIGHT
        middle = top + ROW_HEIGHT / 2
        length = round(bar_length * value / largest, 1)
        return format_html(
            "<g><title>{label}：{value}{unit}</title>"
            '<text x="{label_x}" y="{middle}" text-anchor="end" dominant-baseline="central">{short}</text>'
            '<rect x="{bar_x}" y="{bar_y}" width="{length}" height="{bar_height}" rx="2" fill="{colour}"/>'
            '<text x="{value_x}" y="{middle}" dominant-baseline="central">{value}</text></g>',
            label=label,
            short=_short(label),
            value=value,
            unit=unit,
            label_x=label_width - 8,
            middle=middle,
            bar_x=label_width,
            bar_y=middle - BAR_HEIGHT / 2,
            length=length,
            bar_height=BAR_HEIGHT,
            colour=BAR_COLOUR,
            value_x=label_width + length + 6,
        )

    bars = format_html_join("", "{}", ((bar(i, label, value),) for i, (label, value) in enumerate(pairs)))
    if not pairs:
        bars = format_html('<text x="{}" y="{}" text-anchor="middle">暂无数据</text>', width / 2, height / 2)
    return format_html(
        '<svg xmlns="http://www.w3.org/2000/svg" class="bar-chart" viewBox="0 0 {width} {height}" '
        'width="{width}" height="{height}" '
        'role="img" aria-labelledby="{id}-title {id}-desc" font-size="{font_size}" fill="{text_colour}">'
        '<title id="{id}-title">{title}</title><desc id="{id}-desc">{description}</desc>{bars}</svg>',
        width=width,
        height=height,
        id=chart_id,
        font_size=FONT_SIZE,
        text_colour=TEXT_COLOUR,
        title=title,
        description=description,
        bars=bars,
    )
