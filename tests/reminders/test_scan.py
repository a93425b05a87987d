import datetime

import pytest
from django.core import mail

from rectification import services as rectification
from rectification.models import ItemStatus
from reminders.models import Notification, Reminder, ReminderRule, ReminderStatus
from reminders.scan import scan
from tests.rectification.factories import at_stage, items, member_list, pdf_file, team_list

DUE = datetime.date(2027, 4, 20)


@pytest.fixture
def item(world):
    meeting = at_stage(world.meeting)
    (item,) = items(member_list(meeting, world.member), 1, deadline=DUE)
    world.member.email = "member@example.org"
    world.member.save()
    return item


def run(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        return scan()


def item_reminders(item):
    return Reminder.objects.filter(kind="item", object_id=item.pk)


def test_a_deadline_three_days_out_sends_one_email_and_one_notification_per_responsible_person(
    world, item, at, eager_celery, django_capture_on_commit_callbacks
):
    at(DUE - datetime.timedelta(days=3))
    result = run(django_capture_on_commit_callbacks)
    assert result.queued == result.inserted >= 1
    reminder = item_reminders(item).get()
    assert (reminder.recipient, reminder.offset, reminder.status) == (
        world.member,
        "before-3",
        ReminderStatus.SENT,
    )
    to_member = [m for m in mail.outbox if m.to == ["member@example.org"]]
    assert len(to_member) == 1
    assert "还有3天" in to_member[0].subject and "2027年4月20日" in to_member[0].body
    assert f"/rectification/items/{item.pk}/" in to_member[0].body
    assert Notification.objects.filter(user=world.member, reminder=reminder).count() == 1


def test_running_the_scan_twice_sends_nothing_more(
    world, item, at, eager_celery, django_capture_on_commit_callbacks
):
    at(DUE - datetime.timedelta(days=3))
    run(django_capture_on_commit_callbacks)
    at(DUE - datetime.timedelta(days=3), hour=9)
    second = run(django_capture_on_commit_callbacks)
    assert second.inserted == 0
    assert item_reminders(item).count() == 1
    assert len([m for m in mail.outbox if m.to == ["member@example.org"]]) == 1
    assert Notification.objects.filter(user=world.member).count() == 1


def test_marking_the_item_done_stops_the_next_reminder(
    world, item, at, eager_celery, django_capture_on_commit_callbacks
):
    at(DUE - datetime.timedelta(days=3))
    run(django_capture_on_commit_callbacks)
    rectification.add_progress(item, world.member, "已完成整改。", files=[pdf_file()], status=ItemStatus.DONE)
    rectification.close_item(item, world.secretary)
    at(DUE - datetime.timedelta(days=1))
    run(django_capture_on_commit_callbacks)
    assert list(item_reminders(item).values_list("offset", flat=True)) == ["before-3"]


def test_a_thing_done_after_the_scan_and_before_the_send_is_not_sent(
    world, item, at, django_capture_on_commit_callbacks
):
    at(DUE)
    run(django_capture_on_commit_callbacks)  # not eager: the send waits in the queue
    Reminder.objects.filter(kind="item").update(status=ReminderStatus.PENDING)
    item.status = ItemStatus.CLOSED
    item.save()
    from reminders.delivery import deliver

    reminder = item_reminders(item).get()
    assert deliver(reminder.pk) == ReminderStatus.CANCELLED
    assert not Notification.objects.filter(reminder=reminder).exists()


def test_an_overdue_item_is_reminded_weekly_not_daily(
    world, item, at, eager_celery, django_capture_on_commit_callbacks
):
    sent = []
    for days_late in range(0, 22):
        at(DUE + datetime.timedelta(days=days_late))
        run(django_capture_on_commit_callbacks)
        sent.append(item_reminders(item).filter(recipient=world.member).count())
    offsets = list(item_reminders(item).order_by("created_at").values_list("offset", flat=True))
    assert offsets == ["due", "overdue-1", "overdue-2", "overdue-3"]
    # New reminders came on the day and 7, 14 and 21 days after it, never in between.
    assert [n for n, (a, b) in enumerate(zip([0, *sent], sent, strict=False)) if b > a] == [0, 7, 14, 21]


def test_a_missed_day_is_caught_up_by_the_next_scan(
    world, item, at, eager_celery, django_capture_on_commit_callbacks
):
    at(DUE - datetime.timedelta(days=4))
    run(django_capture_on_commit_callbacks)
    at(DUE - datetime.timedelta(days=2))  # the scan did not run on the day 3 days before
    run(django_capture_on_commit_callbacks)
    assert list(item_reminders(item).values_list("offset", flat=True)) == ["before-3"]


def test_a_meetings_rule_changes_when_it_is_reminded(
    world, item, at, eager_celery, django_capture_on_commit_callbacks
):
    ReminderRule.objects.create(meeting=item.meeting, days_before="5", on_the_day=False, overdue_every_days=0)
    at(DUE - datetime.timedelta(days=3))
    run(django_capture_on_commit_callbacks)
    assert not item_reminders(item).exists()
    at(DUE - datetime.timedelta(days=5))
    run(django_capture_on_commit_callbacks)
    assert list(item_reminders(item).values_list("offset", flat=True)) == ["before-5"]


def test_stage_deadlines_go_to_the_office_and_tell_the_secretary(
    world, at, eager_celery, django_capture_on_commit_callbacks
):
    plan_row = world.meeting.schedule.get(activity="meeting")
    at(plan_row.due_date - datetime.timedelta(days=1))
    run(django_capture_on_commit_callbacks)
    recipients = set(
        Reminder.objects.filter(kind="stage", object_id=plan_row.pk).values_list("recipient", flat=True)
    )
    assert recipients == {world.office.pk, world.secretary.pk}


def test_an_item_of_a_team_list_without_owner_goes_to_the_office(
    world, at, eager_celery, django_capture_on_commit_callbacks
):
    meeting = at_stage(world.meeting)
    (item,) = items(team_list(meeting), 1, deadline=DUE)
    item.owner = None
    item.save()
    at(DUE)
    run(django_capture_on_commit_callbacks)
    assert list(item_reminders(item).values_list("recipient", flat=True)) == [world.office.pk]


def test_the_secretarys_submitted_outline_is_reminded_to_the_supervisors_who_review_it(
    world, at, eager_celery, django_capture_on_commit_callbacks
):
    """主要负责同志本人的发言提纲由督导组审阅 (orgs.access.can_review_draft): the review's reminder goes to
    the supervisors of the organisation (assigned to it or above it), not to the secretary."""
    from inspection import services as inspection
    from inspection.models import Draft, DraftStatus
    from meetings.workflow import Stage
    from orgs.models import Role
    from tests.factories import OrganisationFactory, UserFactory, assign

    province = OrganisationFactory(name="云州省委")
    world.city.parent = province
    world.city.save()
    world.county.refresh_from_db()
    provincial = assign(UserFactory(display_name="省督导"), province, Role.SUPERVISOR)
    county_supervisor = assign(UserFactory(display_name="县纪委督导"), world.county, Role.SUPERVISOR)
    meeting = at_stage(world.meeting, Stage.DRAFTING)
    inspection.ensure_drafts(meeting)
    outline = inspection.draft_for(meeting, world.secretary)
    Draft.objects.filter(pk=outline.pk).update(status=DraftStatus.SUBMITTED)  # submitting: tests/inspection
    drafts_due = meeting.schedule.get(activity="drafts").due_date
    at(drafts_due - datetime.timedelta(days=1))
    run(django_capture_on_commit_callbacks)
    recipients = set(
        Reminder.objects.filter(kind="review", object_id=outline.pk).values_list("recipient", flat=True)
    )
    assert recipients == {world.supervisor.pk, provincial.pk, county_supervisor.pk}
    assert Notification.objects.filter(user=world.supervisor, reminder__object_id=outline.pk).exists()
