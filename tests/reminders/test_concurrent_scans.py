"""Two beats at once, two workers given the same reminder: on PostgreSQL, with real concurrent connections,
each reminder is still written once and sent once (DESIGN §8: "a second beat never sends twice")."""

import threading

import pytest
from django.core import mail
from django.db import connection, connections

from reminders import delivery
from reminders.models import Notification, Reminder, ReminderStatus
from reminders.scan import scan
from tests.rectification.factories import at_stage, items, member_list

from .test_worker import DUE, THREE_DAYS_BEFORE

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

ITEMS = 50


@pytest.fixture(autouse=True)
def postgres_only():
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL (DATABASE_URL); .ci/run runs it")


def at_once(function, *args):
    """Runs ``function(*args)`` in two threads released together, each on its own database connection;
    returns both results and the two connections' backend ids."""
    barrier = threading.Barrier(2)
    results, backends, errors = [], set(), []

    def run():
        try:
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_backend_pid()")
                backends.add(cursor.fetchone()[0])
            barrier.wait()
            results.append(function(*args))
        except Exception as error:  # reported by the test, not lost in the thread
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors, errors
    assert len(backends) == 2, "each thread must use its own database connection"
    return results


@pytest.fixture
def fifty_items(world):
    meeting = at_stage(world.meeting)
    world.member.email = "member@example.org"
    world.member.save()
    return items(member_list(meeting, world.member), ITEMS, deadline=DUE)


def test_two_scans_at_the_same_moment_write_and_send_each_reminder_once(world, fifty_items, eager_celery):
    first, second = at_once(scan, THREE_DAYS_BEFORE)

    item_reminders = Reminder.objects.filter(kind="item")
    assert item_reminders.count() == ITEMS
    assert set(item_reminders.values_list("object_id", flat=True)) == {item.pk for item in fifty_items}
    # The unique row decides: what one scan inserted, the other did not, and each queued only its own.
    assert first.inserted + second.inserted == Reminder.objects.count()
    assert first.queued + second.queued == Reminder.objects.count()
    assert not Reminder.objects.exclude(status=ReminderStatus.SENT).exists()
    assert len(mail.outbox) == ITEMS
    assert len({message.body for message in mail.outbox}) == ITEMS
    assert Notification.objects.filter(reminder__kind="item").count() == ITEMS

    again = scan(THREE_DAYS_BEFORE)
    assert (again.inserted, again.requeued, again.queued) == (0, 0, 0)
    assert len(mail.outbox) == ITEMS


def test_two_workers_delivering_the_same_reminder_at_once_send_one_email(world, fifty_items):
    for item in fifty_items[:5]:
        reminder = Reminder.objects.create(
            kind="item",
            object_id=item.pk,
            recipient=world.member,
            offset="before-3",
            meeting=item.meeting,
            title=f"整改事项第{item.number}项",
            due_date=DUE,
            url=f"/meetings/{item.meeting_id}/rectification/items/{item.pk}/",
            created_at=THREE_DAYS_BEFORE,
        )
        sent_before = len(mail.outbox)

        outcomes = at_once(delivery.deliver, reminder.pk)

        assert outcomes == [ReminderStatus.SENT, ReminderStatus.SENT]
        assert len(mail.outbox) == sent_before + 1
        assert Notification.objects.filter(reminder=reminder).count() == 1
        reminder.refresh_from_db()
        assert (reminder.status, reminder.attempts) == (ReminderStatus.SENT, 1)
