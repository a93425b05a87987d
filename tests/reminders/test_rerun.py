"""The beat's other scans of the day: a re-run reads only what changed since the last scan, and still
reminds on the next beat what an edit made due today (reminders.scan)."""

import datetime

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext

from meetings import services as meetings
from meetings.models.plan import PlanStatus
from orgs.models import Role
from rectification import services as rectification
from reminders.models import Reminder
from reminders.scan import scan
from tests.factories import UserFactory, assign
from tests.rectification.factories import at_stage, items, member_list

from .conftest import SHANGHAI

TODAY = datetime.date(2027, 4, 17)


def run(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        return scan()


@pytest.fixture
def item(world):
    """An open item of a member, due in a month: nothing to remind today."""
    meeting = at_stage(world.meeting)
    (item,) = items(member_list(meeting, world.member), 1, deadline=TODAY + datetime.timedelta(days=30))
    world.member.email = "member@example.org"
    world.member.save()
    return item


def test_an_item_whose_deadline_is_moved_to_today_at_ten_is_reminded_on_the_ten_past_ten_beat(
    world, item, at, eager_celery, django_capture_on_commit_callbacks
):
    at(TODAY, hour=8)
    first = run(django_capture_on_commit_callbacks)
    assert first.read_everything
    assert not Reminder.objects.filter(kind="item", object_id=item.pk).exists()

    at(TODAY, hour=10)
    rectification.update_item(item, world.office, deadline=TODAY)
    with django_capture_on_commit_callbacks(execute=True):
        again = scan(now=datetime.datetime(2027, 4, 17, 10, 10, tzinfo=SHANGHAI))  # the next beat

    assert not again.read_everything
    assert again.inserted == 1
    reminder = Reminder.objects.get(kind="item", object_id=item.pk)
    assert (reminder.recipient, reminder.offset, reminder.due_date) == (world.member, "due", TODAY)
    assert [message.to for message in mail.outbox if "member@example.org" in message.to] == [
        ["member@example.org"]
    ]


def test_a_rerun_with_nothing_changed_writes_no_reminder_row(
    world, at, eager_celery, django_capture_on_commit_callbacks
):
    schedule_row = world.meeting.schedule.get(activity="meeting")
    at(schedule_row.due_date, hour=8)
    first = run(django_capture_on_commit_callbacks)
    assert first.inserted >= 2  # the office and the secretary, for the meeting's own deadline
    sent = len(mail.outbox)

    at(schedule_row.due_date, hour=9)
    with CaptureQueriesContext(connection) as queries:
        again = run(django_capture_on_commit_callbacks)

    assert (again.inserted, again.requeued, again.queued, again.read_everything) == (0, 0, 0, False)
    assert not [
        q for q in queries.captured_queries if q["sql"].startswith('INSERT INTO "reminders_reminder"')
    ]
    assert len(mail.outbox) == sent


def test_a_plan_returned_during_the_day_is_reminded_to_the_office_on_the_next_beat(
    world, at, eager_celery, django_capture_on_commit_callbacks
):
    plan = world.meeting.plan
    plan.status = PlanStatus.SUBMITTED
    plan.save()
    plan_row = world.meeting.schedule.get(activity="plan")
    at(plan_row.due_date, hour=8)
    run(django_capture_on_commit_callbacks)
    assert not Reminder.objects.filter(kind="stage", object_id=plan_row.pk).exists()  # submitted: done

    at(plan_row.due_date, hour=10)
    meetings.return_plan(plan, world.supervisor, "请补充学习安排。")
    at(plan_row.due_date, hour=11)
    again = run(django_capture_on_commit_callbacks)

    assert not again.read_everything
    recipients = set(
        Reminder.objects.filter(kind="stage", object_id=plan_row.pk).values_list("recipient", flat=True)
    )
    assert recipients == {world.office.pk, world.secretary.pk}


def test_a_clerk_assigned_during_the_day_gets_the_days_reminders_on_the_next_beat(
    world, at, eager_celery, django_capture_on_commit_callbacks
):
    """Role assignments carry no timestamp: a change of them makes the re-run read everything."""
    schedule_row = world.meeting.schedule.get(activity="meeting")
    at(schedule_row.due_date, hour=8)
    run(django_capture_on_commit_callbacks)

    at(schedule_row.due_date, hour=10)
    clerk = assign(UserFactory(display_name="新办公室干事"), world.county, Role.OFFICE)
    again = run(django_capture_on_commit_callbacks)

    assert again.read_everything
    assert set(
        Reminder.objects.filter(kind="stage", object_id=schedule_row.pk).values_list("recipient", flat=True)
    ) == {world.office.pk, world.secretary.pk, clerk.pk}
    assert again.inserted == Reminder.objects.filter(recipient=clerk).count() >= 1
