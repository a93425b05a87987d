"""The burn-down: open items per day from known creation, closing (销号) and carry-over times, and its SVG."""

import datetime
import random
import xml.etree.ElementTree as ElementTree

import pytest
from django.utils import timezone

from rectification import burndown
from rectification.models import Item, ItemStatus, StatusChange
from tests.rectification.factories import items, team_list

MEETING_DAY = datetime.date(2027, 1, 20)  # world.meeting's date
SVG = "{http://www.w3.org/2000/svg}"


def at(day, hour=9, minute=0):
    """A local (Asia/Shanghai) time on ``day`` days after the meeting."""
    moment = datetime.datetime.combine(
        MEETING_DAY + datetime.timedelta(days=day), datetime.time(hour, minute)
    )
    return timezone.make_aware(moment)


def day(offset):
    return MEETING_DAY + datetime.timedelta(days=offset)


def made(rectification_list, created, *, closed=None, carried=None):
    """One item made at ``created``; closed (销号) at ``closed`` or carried over at ``carried``."""
    [item] = items(rectification_list, 1)
    fields = {"created_at": created}
    if closed:
        fields.update(status=ItemStatus.CLOSED, closed_at=closed)
    if carried:
        fields.update(status=ItemStatus.CARRIED_OVER)
        StatusChange.objects.create(
            item=item, from_status=ItemStatus.IN_PROGRESS, to_status=ItemStatus.CARRIED_OVER, at=carried
        )
    Item.objects.filter(pk=item.pk).update(**fields)
    return item


@pytest.fixture
def three(world):
    """Made the day after the meeting: one closed on day 5, one carried over on day 10, one still open."""
    team = team_list(world.meeting)
    made(team, at(1), closed=at(5, 15))
    made(team, at(1, 11), carried=at(10, 8))
    made(team, at(1, 14))
    return Item.objects.filter(meeting=world.meeting)


def counts(points):
    return {point.day: point.open for point in points}


def test_open_items_fall_on_the_day_they_are_closed_or_carried_over(world, three):
    points = burndown.series(three, world.meeting, today=day(12))
    by_day = counts(points)
    assert points[0].day == MEETING_DAY and points[-1].day == day(12)
    assert len(points) == 13  # every day of a short span
    assert by_day[MEETING_DAY] == 0  # the meeting day, before any item was made
    assert [by_day[day(n)] for n in range(1, 5)] == [3, 3, 3, 3]
    assert [by_day[day(n)] for n in range(5, 10)] == [2, 2, 2, 2, 2]
    assert [by_day[day(n)] for n in range(10, 13)] == [1, 1, 1]


@pytest.mark.parametrize("more", [0, 60])
def test_the_series_takes_one_query_however_many_items(world, three, more, django_assert_num_queries):
    team = team_list(world.meeting)
    for n in range(more):
        made(
            team,
            at(n % 9),
            closed=at(n % 9 + 2) if n % 3 == 0 else None,
            carried=at(11) if n % 3 == 1 else None,
        )
    with django_assert_num_queries(1):
        points = burndown.series(three, world.meeting, today=day(12))
    assert points[-1].open == 1 + more // 3


def test_the_counts_match_each_items_span_day_by_day(world):
    """Items made, closed (with and without a 销号 time), carried over (with one, two or no StatusChange)
    and left open at random: each day's count is the items made by then and not yet finished."""
    rng = random.Random(16)
    team = team_list(world.meeting)
    spans = []
    for _ in range(80):
        created = at(rng.randint(-5, 30), rng.randint(0, 23), rng.randint(0, 59))
        finished = created + datetime.timedelta(hours=rng.randint(-30, 40 * 24))
        how = rng.choice(["open", "closed", "closed_untimed", "carried", "carried_twice", "carried_untimed"])
        item = made(team, created)
        if how == "open":
            finished = None
        elif how == "closed":
            Item.objects.filter(pk=item.pk).update(status=ItemStatus.CLOSED, closed_at=finished)
        elif how == "closed_untimed":
            Item.objects.filter(pk=item.pk).update(status=ItemStatus.CLOSED, updated_at=finished)
        else:
            Item.objects.filter(pk=item.pk).update(status=ItemStatus.CARRIED_OVER, updated_at=finished)
            changes = {
                "carried": [finished],
                "carried_twice": [finished - datetime.timedelta(days=3), finished],
            }
            for moment in changes.get(how, []):
                StatusChange.objects.create(
                    item=item,
                    from_status=ItemStatus.IN_PROGRESS,
                    to_status=ItemStatus.CARRIED_OVER,
                    at=moment,
                )
        local = [timezone.localtime(moment).date() if moment else None for moment in (created, finished)]
        spans.append(local)
    today = day(45)
    points = burndown.series(Item.objects.filter(meeting=world.meeting), world.meeting, today=today)
    assert points[0].day == min(made_on for made_on, _ in spans) and points[-1].day == today
    for point in points:
        expected = sum(
            1
            for made_on, finished_on in spans
            if made_on <= point.day and (finished_on is None or point.day < finished_on)
        )
        assert point.open == expected, point.day


def test_days_are_local_dates_so_a_closing_after_midnight_counts_on_the_new_day(world):
    team = team_list(world.meeting)
    made(team, at(1), closed=at(5, 0, 30))  # 00:30 in Shanghai is still the day before in UTC
    by_day = counts(burndown.series(Item.objects.filter(meeting=world.meeting), world.meeting, today=day(6)))
    assert by_day[day(4)] == 1 and by_day[day(5)] == 0


def test_the_chart_starts_at_an_item_made_before_the_meeting(world):
    team = team_list(world.meeting)
    made(team, at(-3))
    points = burndown.series(Item.objects.filter(meeting=world.meeting), world.meeting, today=day(2))
    assert points[0].day == day(-3) and points[0].open == 1
    assert len(points) == 6


def test_an_item_closed_the_day_it_was_made_never_counts(world):
    team = team_list(world.meeting)
    made(team, at(2, 9), closed=at(2, 17))
    points = burndown.series(Item.objects.filter(meeting=world.meeting), world.meeting, today=day(4))
    assert {p.open for p in points} == {0}


def test_a_long_span_keeps_one_point_a_week_ending_today(world):
    team = team_list(world.meeting)
    made(team, at(1), closed=at(100))
    made(team, at(1))
    today = day(300)
    points = burndown.series(Item.objects.filter(meeting=world.meeting), world.meeting, today=today)
    assert points[-1].day == today
    assert [p.day for p in points[:3]] == [MEETING_DAY, day(7), day(14)]
    assert len(points) == 300 // 7 + 2  # every seventh day, and today
    by_day = counts(points)
    assert by_day[day(98)] == 2 and by_day[day(105)] == 1 and by_day[today] == 1


def test_no_items_give_no_series_and_no_chart(world):
    points = burndown.series(Item.objects.filter(meeting=world.meeting), world.meeting, today=day(5))
    assert points == []
    assert burndown.svg(points) == ""


def test_the_chart_is_an_accessible_svg_with_dates_and_the_last_count(world, three):
    chart = burndown.svg(
        burndown.series(three, world.meeting, today=day(30)), "未完成整改事项趋势（班子清单）"
    )
    assert chart.startswith("<svg") and chart.endswith("</svg>")
    assert 'role="img"' in chart and 'aria-labelledby="burndown-title burndown-desc"' in chart
    assert '<title id="burndown-title">未完成整改事项趋势（班子清单）</title>' in chart
    assert "2027年1月20日" in chart and "2027年2月19日" in chart  # the first and the last day
    assert "1月28日" in chart  # a tick between them
    assert 'data-testid="burndown-last">1项<' in chart
    assert "未完成事项最多3项" in chart  # the description read out by screen readers
    assert "<script" not in chart


def test_the_chart_escapes_its_title(world, three):
    chart = burndown.svg(burndown.series(three, world.meeting, today=day(3)), "<b>清单</b>")
    assert "<b>" not in chart and "&lt;b&gt;清单&lt;/b&gt;" in chart


def test_the_chart_geometry_puts_the_counts_on_a_round_axis_between_the_first_and_the_last_day():
    points = [burndown.Point(MEETING_DAY, 10), burndown.Point(day(1), 7), burndown.Point(day(2), 5)]
    chart = burndown.chart(points, "清单")
    # The plot runs from x 44 to 600 and from y 16 (the top, 10) down to 184 (0).
    assert [(grid.value, grid.y) for grid in chart.grid] == [(0, 184.0), (5, 100.0), (10, 16.0)]
    assert chart.baseline == 184.0
    assert [(tick.x, tick.text, tick.anchor) for tick in chart.ticks] == [
        (44.0, "2027年1月20日", "start"),
        (600.0, "2027年1月22日", "end"),
    ]  # a span under 20 days has no ticks between
    assert chart.line == "44.0,16.0 322.0,66.4 600.0,100.0"
    assert (chart.last, chart.last_x, chart.last_y) == (5, 600.0, 100.0)
    assert burndown.chart([]) is None


def test_the_chart_escapes_a_unit_name_with_a_script():
    points = [burndown.Point(MEETING_DAY, 2), burndown.Point(day(1), 1)]
    chart = burndown.svg(points, "未完成整改事项趋势（<script>alert(1)</script>）")
    assert "<script" not in chart and "&lt;script&gt;alert(1)&lt;/script&gt;" in chart
    root = ElementTree.fromstring(chart)  # still well-formed
    assert root.find(f"{SVG}title").text == "未完成整改事项趋势（<script>alert(1)</script>）"
