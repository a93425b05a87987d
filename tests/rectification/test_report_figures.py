"""The progress report's figures are counts over the records, whatever the report then says."""

import datetime

import pytest

from meetings.models import MeetingRecord
from meetings.workflow import Stage
from rectification import services
from rectification.models import Activity, ActivityKind, Item, ItemStatus
from rectification.report import Tally, held_on, report_figures
from tests.factories import make_meeting

from .factories import at_stage, items, member_list, team_list

TODAY = datetime.date(2027, 4, 1)
PAST_DEADLINE = datetime.date(2027, 3, 1)


def set_status(rows, status):
    Item.objects.filter(pk__in=[row.pk for row in rows]).update(status=status)


def carry_two_from_last_year(world):
    """Two open items of the previous meeting carried onto this team list: one closed since, one overdue."""
    previous = at_stage(
        make_meeting(world.county, world.office, date=datetime.date(2026, 1, 20)), Stage.CLOSED
    )
    old = items(team_list(previous), 2, status=ItemStatus.IN_PROGRESS, text="旧账", deadline=PAST_DEADLINE)
    carried = services.carry_over(at_stage(world.meeting), world.office)
    set_status([carried[0]], ItemStatus.CLOSED)
    return old, carried


def build(world):
    """Team list: 2 closed, 1 done, 1 in progress overdue, 1 not started (two of them carried).
    Members: 成员1 3 items (1 closed), 成员2 1 item."""
    meeting = at_stage(world.meeting)
    carry_two_from_last_year(world)
    team = team_list(meeting)
    items(team, 1, status=ItemStatus.CLOSED)
    items(team, 1, status=ItemStatus.DONE)
    items(team, 1, status=ItemStatus.NOT_STARTED)
    first, second = world.members[0], world.members[1]
    own = items(member_list(meeting, first), 3, status=ItemStatus.IN_PROGRESS, text="个人问题")
    set_status(own[:1], ItemStatus.CLOSED)
    items(member_list(meeting, second), 1, text="个人问题")
    return meeting


def test_each_list_is_counted_by_status(world):
    figures = report_figures(build(world), TODAY)
    assert figures.team == Tally(total=5, not_started=1, in_progress=1, done=1, closed=2, overdue=1)
    assert figures.members == Tally(total=4, not_started=1, in_progress=2, closed=1)
    assert figures.total.total == 9 and figures.total.closed == 3 and figures.total.remaining == 6


def test_members_are_counted_one_by_one_in_the_teams_order_leaving_out_empty_lists(world):
    figures = report_figures(build(world), TODAY)
    assert [(m.name, m.tally.total, m.tally.closed) for m in figures.per_member] == [
        ("成员1", 3, 1),
        ("成员2", 1, 0),
    ]


def test_items_carried_from_the_previous_meeting_are_counted_apart_and_in_their_list(world):
    figures = report_figures(build(world), TODAY)
    assert figures.carried == Tally(total=2, in_progress=1, closed=1, overdue=1)


def test_an_item_done_but_not_closed_is_not_counted_as_closed(world):
    meeting = at_stage(world.meeting)
    items(team_list(meeting), 2, status=ItemStatus.DONE)
    figures = report_figures(meeting, TODAY)
    assert figures.team.closed == 0 and figures.team.done == 2 and not figures.team.all_closed
    assert figures.team.remaining == 2


def test_only_open_items_past_their_deadline_are_overdue(world):
    meeting = at_stage(world.meeting)
    team = team_list(meeting)
    items(team, 1, status=ItemStatus.IN_PROGRESS, deadline=PAST_DEADLINE)
    items(team, 1, status=ItemStatus.CLOSED, deadline=PAST_DEADLINE)
    items(team, 1, status=ItemStatus.NOT_STARTED, deadline=TODAY)  # due today: not late yet
    items(team, 1, status=ItemStatus.NOT_STARTED, deadline=None)  # 长期坚持
    assert report_figures(meeting, TODAY).team.overdue == 1


def test_activities_count_from_the_day_the_meeting_was_held_by_kind(world):
    meeting = at_stage(world.meeting)
    MeetingRecord.objects.create(meeting=meeting, held_on=datetime.date(2027, 1, 22))
    held = datetime.date(2027, 1, 22)
    for kind, n in [
        (ActivityKind.TEAM_MEETING, 3),
        (ActivityKind.GROUP_STUDY, 2),
        (ActivityKind.SCHEDULING, 1),
    ]:
        for day in range(n):
            Activity.objects.create(
                meeting=meeting, kind=kind, date=held + datetime.timedelta(days=day), title="会"
            )
    # Planned for the 20th, held on the 22nd: the 21st is before the meeting and not counted.
    Activity.objects.create(
        meeting=meeting, kind=ActivityKind.TEAM_MEETING, date=datetime.date(2027, 1, 21), title="会前"
    )
    figures = report_figures(meeting, TODAY)
    assert figures.since == held
    assert dict(figures.activities) == {"team_meeting": 3, "group_study": 2, "scheduling": 1}


def test_without_a_record_the_planned_date_counts(world):
    assert held_on(world.meeting) == world.meeting.date
    MeetingRecord.objects.create(meeting=world.meeting)  # a record without its date yet
    assert held_on(world.meeting) == world.meeting.date


def test_another_meetings_items_and_activities_are_not_counted(world):
    meeting = build(world)
    other = make_meeting(world.other_county, world.other_office)
    items(team_list(other), 7, status=ItemStatus.CLOSED)
    Activity.objects.create(meeting=other, kind=ActivityKind.SCHEDULING, date=TODAY, title="外县")
    figures = report_figures(meeting, TODAY)
    assert figures.total.total == 9 and dict(figures.activities)["scheduling"] == 0


@pytest.mark.parametrize("count", [10, 1000])
def test_the_figures_take_four_queries_whatever_the_number_of_items(world, count, django_assert_num_queries):
    meeting = at_stage(world.meeting)
    items(team_list(meeting), count)
    items(member_list(meeting, world.member), count)
    with django_assert_num_queries(4):
        figures = report_figures(meeting, TODAY)
    assert figures.total.total == 2 * count
