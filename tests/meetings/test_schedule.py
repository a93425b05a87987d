import datetime

import time_machine

from meetings import selectors, services
from meetings.schedule import DEFAULT_SCHEDULE


def due(meeting, activity):
    return meeting.schedule.get(activity=activity).due_date


def test_every_activity_gets_a_deadline_derived_from_the_meeting_date(world):
    meeting = world.meeting  # 2027-01-20
    assert meeting.schedule.count() == len(DEFAULT_SCHEDULE)
    assert due(meeting, "plan") == datetime.date(2027, 1, 10)  # 方案于会议召开10日前报送
    assert due(meeting, "meeting") == datetime.date(2027, 1, 20)
    assert due(meeting, "notification") == datetime.date(2027, 1, 30)  # 会后10日内
    assert due(meeting, "situation_report") == datetime.date(2027, 2, 4)  # 会后15日内


def test_the_schedule_follows_the_meeting_date_and_keeps_edited_offsets(world):
    meeting = world.meeting
    meeting.schedule.filter(activity="talks").update(offset_days=-12)
    services.change_meeting_date(meeting, datetime.date(2027, 2, 1))
    assert due(meeting, "plan") == datetime.date(2027, 1, 22)
    assert due(meeting, "talks") == datetime.date(2027, 1, 20)
    assert due(meeting, "situation_report") == datetime.date(2027, 2, 16)


@time_machine.travel(datetime.datetime(2027, 1, 12, 10, 0, tzinfo=datetime.UTC))
def test_overdue_deadlines_of_the_current_stage_are_marked(world):
    [meeting] = selectors.with_deadlines(selectors.dashboard_meetings(world.office))
    assert [item.activity for item in meeting.overdue_items] == ["plan"]
    assert meeting.next_deadline["item"].activity == "study"
    assert meeting.next_deadline["days"] == 0  # 2027-01-12 is study's deadline (−8 days)


@time_machine.travel(datetime.datetime(2027, 1, 12, 10, 0, tzinfo=datetime.UTC))
def test_a_submitted_plan_is_no_longer_overdue(world):
    services.submit_plan(world.meeting.plan, world.office)
    [meeting] = selectors.with_deadlines(selectors.dashboard_meetings(world.office))
    assert meeting.overdue_items == []
