"""The wiring, once, with a real Celery worker on the real broker: the scan's rows go through the broker
to a worker that sends them (STYLE: "the function is tested directly, the wiring once with a real
worker").

The broker is the one the settings configure: Redis when REDIS_URL is set (the PostgreSQL phase of
.ci/run), otherwise kombu's filesystem transport of the embedded default, with its folders in the
test's temporary folder so that a worker of the checkout (``dev.py run``) never takes the test's
messages. The worker runs in a thread of the test process (``start_worker``, solo pool), so the test
is ``transaction=True``: the worker's own database connection must see committed rows.

The helpers here (``configured_broker``, ``broker_at``, ``running_worker``, ``wait_until``,
``open_item_of_a_member``) are used by test_broker_outage.py as well.
"""

import datetime
import logging
import time
import zoneinfo
from contextlib import contextmanager

import kombu.pools
import pytest
from celery.contrib.testing.worker import start_worker
from django.conf import settings
from django.core import mail
from django.db import OperationalError

from config.celery import app
from reminders.models import Notification, Reminder, ReminderStatus
from reminders.scan import scan
from tests.rectification.factories import at_stage, items, member_list

SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")
DUE = datetime.date(2027, 4, 20)
THREE_DAYS_BEFORE = datetime.datetime(2027, 4, 17, 8, tzinfo=SHANGHAI)
WAIT_SECONDS = 20


def forget_broker_connections():
    """Drops the app's connection and producer pools, so the next publish connects to the broker the
    configuration names now (the pools are built once, from the broker URL of their first use)."""
    kombu.pools.reset()
    app._pool = None
    app.amqp._producer_pool = None


@contextmanager
def broker_at(url, transport_options=None):
    """Celery publishes to and consumes from ``url`` inside the block; the settings' broker after it."""
    saved = app.conf.broker_url, app.conf.broker_transport_options
    forget_broker_connections()
    app.conf.broker_url, app.conf.broker_transport_options = url, transport_options or {}
    try:
        yield
    finally:
        forget_broker_connections()
        app.conf.broker_url, app.conf.broker_transport_options = saved


@contextmanager
def configured_broker(folder):
    """The broker of the settings: Redis at REDIS_URL, or the filesystem transport in ``folder``."""
    if settings.REDIS_URL:
        with broker_at(settings.REDIS_URL, settings.CELERY_BROKER_TRANSPORT_OPTIONS):
            yield "redis"
        return
    queue, processed, control = folder / "queue", folder / "processed", folder / "control"
    for path in (queue, processed, control):
        path.mkdir(parents=True, exist_ok=True)
    options = {
        **settings.CELERY_BROKER_TRANSPORT_OPTIONS,
        "data_folder_in": str(queue),
        "data_folder_out": str(queue),
        "processed_folder": str(processed),
        # The exchange tables (the worker's pidbox among them); kombu's default is ./control.
        "control_folder": str(control),
    }
    with broker_at("filesystem://", options):
        yield "filesystem"


@contextmanager
def running_worker():
    """A Celery worker in a thread of this process, consuming the current broker's queue, which is purged
    first so that messages of an earlier run cannot interfere."""
    app.control.purge()
    # The worker sets up logging for itself: leave pytest's capture and the root logger as they were.
    root = logging.getLogger()
    saved = app.conf.worker_hijack_root_logger, root.level, list(root.handlers)
    app.conf.worker_hijack_root_logger = False
    try:
        with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=30) as worker:
            yield worker
    finally:
        app.conf.worker_hijack_root_logger, level, handlers = saved
        root.setLevel(level)
        root.handlers[:] = handlers


def wait_until(condition, seconds=WAIT_SECONDS):
    """Polls ``condition`` until it holds; False if it still does not after ``seconds``."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            if condition():
                return True
        except OperationalError:  # SQLite's shared in-memory test database: "table is locked", retry
            pass
        time.sleep(0.2)
    return False


def none_pending():
    return not Reminder.objects.filter(status=ReminderStatus.PENDING).exists()


def open_item_of_a_member(world, deadline=DUE):
    """An open rectification item of ``world.member``, the only person of ``world`` with an email address."""
    meeting = at_stage(world.meeting)
    (item,) = items(member_list(meeting, world.member), 1, deadline=deadline)
    world.member.email = "member@example.org"
    world.member.save()
    return item


@pytest.fixture
def item(world):
    return open_item_of_a_member(world)


@pytest.mark.django_db(transaction=True)
def test_a_real_worker_on_the_configured_broker_sends_the_scanned_reminder_once(world, item, tmp_path):
    with configured_broker(tmp_path / "broker"), running_worker():
        result = scan(now=THREE_DAYS_BEFORE)  # enqueues through the broker when its transaction commits

        assert result.inserted >= 1 and result.queued == result.inserted + result.requeued
        reminder = Reminder.objects.get(kind="item", object_id=item.pk)
        assert reminder.enqueued_at is not None
        assert wait_until(none_pending), f"the worker did not send the reminders within {WAIT_SECONDS} s"

    reminder.refresh_from_db()
    assert (reminder.recipient, reminder.offset, reminder.status) == (
        world.member,
        "before-3",
        ReminderStatus.SENT,
    )
    # Only the member has an email address: the one message is theirs, with the item's link.
    assert [message.to for message in mail.outbox] == [["member@example.org"]]
    assert f"/rectification/items/{item.pk}/" in mail.outbox[0].body
    assert "2027年4月20日" in mail.outbox[0].body
    assert Notification.objects.filter(reminder=reminder, user=world.member).count() == 1
