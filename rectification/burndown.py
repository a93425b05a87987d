"""The burn-down of a ledger: how many items were still open on each day, drawn as an inline SVG.

An item counts from the day it was made until the day it is finished: closed (销号, ``closed_at``) or
carried over to the next meeting (the time of its StatusChange to 已结转). Two queries, the rest in Python.
"""

import datetime
from dataclasses import dataclass

from django.utils import timezone
from django.utils.html import escape
from django.utils.safestring import mark_safe

from .models import ItemStatus, StatusChange

DAILY_LIMIT = 120  # longer spans are drawn one point a week, so the chart stays readable and small


@dataclass(frozen=True)
class Point:
    day: datetime.date
    open: int


def _local_date(moment):
    return timezone.localtime(moment).date() if timezone.is_aware(moment) else moment.date()


def finished_on(items):
    """{item pk: (made on, finished on or None)} for the items, from two queries."""
    rows = list(items.order_by().values_list("pk", "created_at", "status", "closed_at", "updated_at"))
    carried = dict(
        StatusChange.objects.filter(item__in=items.order_by().values("pk"), to_status=ItemStatus.CARRIED_OVER)
        .order_by("at")
        .values_list("item_id", "at")
    )
    spans = {}
    for pk, created_at, status, closed_at, updated_at in rows:
        end = None
        if status == ItemStatus.CLOSED:
            end = closed_at or updated_at  # an imported item may be closed without a time: its last change
        elif status == ItemStatus.CARRIED_OVER:
            end = carried.get(pk) or updated_at
        spans[pk] = (_local_date(created_at), _local_date(end) if end else None)
    return spans


def series(items, meeting, today=None):
    """[Point(day, open items)] from the earliest item (or the meeting, if earlier) to today.

    An item made on a day counts that day; an item finished on a day no longer does. Spans longer than
    ``DAILY_LIMIT`` days keep one point a week, always ending on today.
    """
    today = today or timezone.localdate()
    spans = list(finished_on(items).values())
    if not spans:
        return []
    start = min([meeting.date, *(made for made, _ in spans)])
    if start > today:
        return []
    length = (today - start).days + 1
    # A running sum over the days: +1 the day an item is made, -1 the day it is finished.
    change = [0] * (length + 1)
    for made, finished in spans:
        begin = (made - start).days
        end = (finished - start).days if finished else length
        if end > begin:
            change[begin] += 1
            change[min(end, length)] -= 1
    counts, running = [], 0
    for day in range(length):
        running += change[day]
        counts.append(running)
    step = 7 if length > DAILY_LIMIT else 1
    days = list(range(0, length, step))
    if days[-1] != length - 1:
        days.append(length - 1)
    return [Point(start + datetime.timedelta(days=day), counts[day]) for day in days]


# --- the chart --------------------------------------------------------------------------------------

WIDTH, HEIGHT = 640, 220
LEFT, RIGHT, TOP, BOTTOM = 44, 40, 16, 36
X_TICKS = 3  # date labels between the first and the last, clear of the two long end labels


def _label(day, with_year=False):
    return f"{day.year}年{day.month}月{day.day}日" if with_year else f"{day.month}月{day.day}日"


def _nice_maximum(value):
    """The top of the y axis: a round number at or above the largest count."""
    if value <= 4:
        return max(value, 1)
    magnitude = 10 ** (len(str(value)) - 1)
    for factor in (1, 2, 2.5, 5, 10):
        top = int(factor * magnitude)
        if top >= value:
            return top
    return value


def svg(points, title="未完成整改事项趋势"):
    """The points as an accessible inline SVG: axes, dates at both ends and a few ticks, the last count."""
    if not points:
        return ""
    plot_width, plot_height = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    first, last = points[0].day, points[-1].day
    span = max((last - first).days, 1)
    top = _nice_maximum(max(p.open for p in points))

    def x(day):
        return LEFT + plot_width * (day - first).days / span

    def y(count):
        return TOP + plot_height * (1 - count / top)

    line = " ".join(f"{x(p.day):.1f},{y(p.open):.1f}" for p in points)
    area = f"{x(first):.1f},{y(0):.1f} {line} {x(last):.1f},{y(0):.1f}"
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" class="burndown w-100" '
        'role="img" aria-labelledby="burndown-title burndown-desc" data-testid="burndown">',
        f'<title id="burndown-title">{escape(title)}</title>',
        f'<desc id="burndown-desc">{escape(_description(points))}</desc>',
    ]
    # y axis: 0, the middle and the top, with light grid lines.
    for value in sorted({0, top // 2, top}):
        parts.append(
            f'<line x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{y(value):.1f}" y2="{y(value):.1f}" stroke="#dee2e6"/>'
            f'<text x="{LEFT - 6}" y="{y(value) + 4:.1f}" text-anchor="end" font-size="11" fill="#6c757d">{value}</text>'
        )
    parts.append(
        f'<line x1="{LEFT}" x2="{LEFT}" y1="{TOP}" y2="{y(0):.1f}" stroke="#6c757d"/>'
        f'<line x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{y(0):.1f}" y2="{y(0):.1f}" stroke="#6c757d"/>'
    )
    # x axis: the first and last day with the year, a few days between.
    ticks = [first + datetime.timedelta(days=round(span * i / (X_TICKS + 1))) for i in range(1, X_TICKS + 1)]
    labelled = [(first, _label(first, True), "start")]
    if span >= 20:
        labelled += [(day, _label(day), "middle") for day in ticks if first < day < last]
    if last != first:
        labelled.append((last, _label(last, True), "end"))
    for day, text, anchor in labelled:
        parts.append(
            f'<line x1="{x(day):.1f}" x2="{x(day):.1f}" y1="{y(0):.1f}" y2="{y(0) + 4:.1f}" stroke="#6c757d"/>'
            f'<text x="{x(day):.1f}" y="{HEIGHT - BOTTOM + 18}" text-anchor="{anchor}" font-size="11" '
            f'fill="#6c757d">{escape(text)}</text>'
        )
    end = points[-1]
    parts += [
        f'<polygon points="{area}" fill="#9b1c1c" fill-opacity="0.08"/>',
        f'<polyline points="{line}" fill="none" stroke="#9b1c1c" stroke-width="2"/>',
        f'<circle cx="{x(end.day):.1f}" cy="{y(end.open):.1f}" r="3.5" fill="#9b1c1c"/>',
        f'<text x="{x(end.day) + 6:.1f}" y="{y(end.open) - 6:.1f}" font-size="12" font-weight="bold" '
        f'fill="#9b1c1c" data-testid="burndown-last">{end.open}项</text>',
        "</svg>",
    ]
    return mark_safe("".join(parts))  # every text above is a number, a date or escaped


def _description(points):
    peak = max(points, key=lambda p: p.open)
    return (
        f"{_label(points[0].day, True)}至{_label(points[-1].day, True)}，未完成事项最多{peak.open}项"
        f"（{_label(peak.day, True)}），目前{points[-1].open}项。"
    )
