"""With Redis stopped, every page still works and nothing is lost: the reminders are sent when the broker
is back (DESIGN §8: "a request never fails because the broker is down").

"Stopped" is Redis at a closed port, for the broker and the cache alike, as an installation that uses
Redis sees it when Redis is down; "back" is the broker the settings configure (Redis in the
PostgreSQL phase of .ci/run, the filesystem transport otherwise) with a real worker consuming it.
"""

import datetime
import io
from contextlib import contextmanager

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse

from reminders.models import Notification, Reminder, ReminderStatus
from reminders.scan import REQUEUE_AFTER, scan

from .test_worker import (
    THREE_DAYS_BEFORE,
    broker_at,
    configured_broker,
    none_pending,
    open_item_of_a_member,
    running_worker,
    wait_until,
)

pytestmark = pytest.mark.django_db(transaction=True)

CLOSED_PORT = "redis://127.0.0.1:1/0"
LATER = REQUEUE_AFTER + datetime.timedelta(minutes=1)


@pytest.fixture
def item(world):
    return open_item_of_a_member(world)


@contextmanager
def redis_down(settings):
    """Redis is stopped: the broker and the cache point at a port where nothing listens."""
    saved_caches = settings.CACHES
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": CLOSED_PORT}
    }
    try:
        with broker_at(CLOSED_PORT):
            yield
    finally:
        settings.CACHES = saved_caches


def test_with_redis_stopped_the_dashboard_meeting_ledger_and_notifications_pages_still_answer(
    world, item, client, settings
):
    client.force_login(world.office)
    pages = [
        reverse("dashboard"),
        reverse("meeting_detail", args=[world.meeting.pk]),
        reverse("rectification_ledger", args=[world.meeting.pk]),
        reverse("notification_list"),
    ]
    with redis_down(settings):
        scan(now=THREE_DAYS_BEFORE)  # pending reminders the pages may show
        for page in pages:
            assert client.get(page).status_code == 200, page


def test_healthz_reports_the_broker_down_with_503_while_redis_is_stopped(world, client, settings):
    with redis_down(settings):
        response = client.get("/healthz")
    assert response.status_code == 503
    data = response.json()
    assert data["status"] == "degraded"
    assert data["database"]["ok"] is True
    assert data["broker"]["ok"] is False


def test_reminders_scanned_while_the_broker_is_down_stay_pending_and_are_sent_once_when_it_is_back(
    world, item, settings, tmp_path
):
    with redis_down(settings):
        down = scan(now=THREE_DAYS_BEFORE)

        assert down.inserted >= 1 and down.queued == 0
        pending = Reminder.objects.filter(status=ReminderStatus.PENDING, enqueued_at__isnull=True)
        assert pending.count() == down.inserted
        assert pending.filter(kind="item", object_id=item.pk, recipient=world.member).exists()

        # The command (the beat's scan) says they stay pending for the next scan.
        out = io.StringIO()
        call_command("send_due_reminders", "--now", (THREE_DAYS_BEFORE + LATER).isoformat(), stdout=out)
        assert "已排队 0 条提醒" in out.getvalue()
        assert f"重新排队 {down.inserted} 条" in out.getvalue()
        assert f"{down.inserted} 条未能进入队列（消息代理不可用），下次扫描时会再次排队" in out.getvalue()

    assert mail.outbox == [] and not Notification.objects.exists()

    with configured_broker(tmp_path / "broker"), running_worker():
        back = scan(now=THREE_DAYS_BEFORE + 2 * LATER)

        assert (back.inserted, back.requeued, back.queued) == (0, down.inserted, down.inserted)
        assert wait_until(none_pending), (
            "the worker did not send the reminders kept while the broker was down"
        )

        again = scan(now=THREE_DAYS_BEFORE + 3 * LATER)
        assert (again.inserted, again.requeued, again.queued) == (0, 0, 0)

    assert Reminder.objects.filter(status=ReminderStatus.SENT).count() == down.inserted
    # Once each: one notification per reminder, and one email to the only person with an address.
    assert Notification.objects.count() == down.inserted
    assert [message.to for message in mail.outbox] == [["member@example.org"]]
    assert f"/rectification/items/{item.pk}/" in mail.outbox[0].body


def test_with_redis_stopped_the_opinion_box_still_takes_an_opinion(world, settings, client):
    """The box's rate limit and replay guard live in the cache; with the cache down they step aside
    rather than lose what a member of the public wrote."""
    import time_machine

    from feedback.models import Opinion
    from tests.feedback.test_box import WHILE_OPEN, address, submit  # noqa: F401

    with time_machine.travel(WHILE_OPEN, tick=False), redis_down(settings):
        response = submit(client, world, "2001:db8::beef")
        assert response.status_code in (200, 302)
    assert (
        Opinion.objects.filter(meeting=world.meeting, text__startswith="县委班子深入基层调研不够").count()
        == 1
    )
