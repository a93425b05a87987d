"""The scan hands its rows to the broker in batches (``send_reminders``, one task per BATCH_SIZE rows),
and each reminder is still sent once: a batch delivered twice, a batch overlapping a single send
queued by older code, and a reminder whose channel fails inside a batch."""

import pytest
from django.core import mail

from config.celery import app
from reminders.models import Notification, Reminder, ReminderStatus
from reminders.scan import enqueue, scan
from reminders.tasks import send_reminder, send_reminders
from tests.rectification.factories import at_stage, items, member_list

from .test_channels import robot  # noqa: F401  the fixture: a webhook robot on a local port
from .test_worker import DUE, THREE_DAYS_BEFORE, configured_broker, none_pending, running_worker, wait_until

ITEMS = 4


def member_items(world, count=ITEMS):
    meeting = at_stage(world.meeting)
    world.member.email = "member@example.org"
    world.member.save()
    return items(member_list(meeting, world.member), count, deadline=DUE)


def pending_reminders(world, count=ITEMS):
    """One pending reminder per item of the member, as a scan writes them before the hand-over."""
    return [
        Reminder.objects.create(
            kind="item",
            object_id=item.pk,
            recipient=world.member,
            offset="before-3",
            meeting=item.meeting,
            title=f"整改事项第{item.number}项",
            due_date=DUE,
            url=f"/meetings/{item.meeting_id}/rectification/items/{item.pk}/",
            created_at=THREE_DAYS_BEFORE,
        ).pk
        for item in member_items(world, count)
    ]


def emails_to_member():
    return [message for message in mail.outbox if message.to == ["member@example.org"]]


def test_the_scan_hands_its_rows_over_one_task_per_batch(world, tmp_path, monkeypatch):
    member_items(world)
    monkeypatch.setattr("reminders.scan.BATCH_SIZE", 3)
    with configured_broker(tmp_path / "broker"):
        app.control.purge()
        result = scan(now=THREE_DAYS_BEFORE)  # not transactional: its hand-over does not run
        ids = list(Reminder.objects.values_list("pk", flat=True))
        assert len(ids) == result.inserted >= ITEMS

        assert enqueue(ids) == len(ids)
        assert app.control.purge() == -(-len(ids) // 3)
    assert not Reminder.objects.filter(enqueued_at__isnull=True).exists()


def test_a_batch_delivered_twice_sends_each_reminder_once(world):
    ids = pending_reminders(world)

    send_reminders(ids)
    send_reminders(ids)  # redelivered (acks_late): every row is found sent

    assert len(emails_to_member()) == ITEMS
    assert Notification.objects.filter(reminder__in=ids).count() == ITEMS
    assert set(Reminder.objects.values_list("status", "attempts")) == {(ReminderStatus.SENT, 1)}


def test_a_reminder_whose_channel_fails_in_a_batch_is_retried_alone_and_not_sent_twice(
    world,
    robot,  # noqa: F811  the fixture imported above
    tmp_path,
):
    ids = pending_reminders(world, 2)
    robot.status = 500
    with configured_broker(tmp_path / "broker"):
        app.control.purge()
        send_reminders(ids)
        # Each went on as a single send with its own retries; the emails have gone already.
        assert app.control.purge() == len(ids)
    assert len(emails_to_member()) == 2
    assert not Reminder.objects.exclude(status=ReminderStatus.PENDING).exists()

    robot.status = 200  # the retries: the webhook only
    assert [send_reminder(pk) for pk in ids] == [ReminderStatus.SENT, ReminderStatus.SENT]
    assert len(emails_to_member()) == 2 and len(robot.requests) == 4
    assert Notification.objects.filter(reminder__in=ids).count() == 2


@pytest.mark.django_db(transaction=True)
def test_a_real_worker_given_a_batch_and_single_sends_of_older_code_sends_each_reminder_once(world, tmp_path):
    """An upgrade: the queue still holds ``send_reminder`` messages of the older code when the new
    scan queues a batch holding the same rows."""
    ids = pending_reminders(world)
    with configured_broker(tmp_path / "broker"), running_worker():
        for pk in ids[:2]:
            send_reminder.delay(pk)
        send_reminders.delay(ids)
        assert wait_until(none_pending), "the worker did not send the reminders"

    assert len(emails_to_member()) == ITEMS
    assert Notification.objects.filter(reminder__in=ids).count() == ITEMS
    assert set(Reminder.objects.values_list("status", "attempts")) == {(ReminderStatus.SENT, 1)}
