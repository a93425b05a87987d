"""python manage.py send_due_reminders: the beat's scan for cron-only deployments, on the real broker.

The command's count is what the broker accepted after the commit, so these tests are transactional
and publish to the broker the settings configure (see test_worker.py), with no worker: the messages
are counted off the queue and purged at the end.
"""

import datetime
import io

import pytest
from django.core.management import CommandError, call_command

from config.celery import app
from reminders.models import Reminder, ReminderStatus
from reminders.scan import BATCH_SIZE

from .test_worker import DUE, configured_broker, open_item_of_a_member

MOMENT = "2027-04-17T08:00+08:00"  # three days before DUE


@pytest.fixture
def item(world):
    return open_item_of_a_member(world)


@pytest.fixture
def broker(tmp_path):
    with configured_broker(tmp_path / "broker"):
        app.control.purge()
        yield
        app.control.purge()


def send_due_reminders(*args):
    out = io.StringIO()
    call_command("send_due_reminders", *args, stdout=out)
    return out.getvalue()


@pytest.mark.django_db(transaction=True)
def test_the_command_prints_how_many_reminders_it_queued_and_the_second_run_queues_none(
    world, item, at, broker
):
    at(datetime.date(2027, 4, 17))  # the moment the command is given, for the rows' enqueue time too
    output = send_due_reminders("--now", MOMENT)

    written = Reminder.objects.filter(status=ReminderStatus.PENDING, enqueued_at__isnull=False).count()
    assert written == Reminder.objects.count() >= 1
    assert Reminder.objects.filter(kind="item", object_id=item.pk, offset="before-3").exists()
    assert f"已排队 {written} 条提醒（新写入 {written} 条，重新排队 0 条）" in output
    assert "未能进入队列" not in output

    second = send_due_reminders("--now", MOMENT)
    assert "已排队 0 条提醒（新写入 0 条，重新排队 0 条）" in second
    batches = -(-written // BATCH_SIZE)
    assert app.control.purge() == batches, "the broker holds one message per batch of reminders, none twice"


@pytest.mark.parametrize("moment", ["明天早上", "2027-13-01T08:00", "17/04/2027"])
def test_a_moment_the_command_cannot_read_is_refused_with_a_chinese_message(moment):
    with pytest.raises(CommandError, match=r"--now 的格式不对.*应为 ISO 格式"):
        send_due_reminders("--now", moment)


def test_a_moment_given_in_utc_is_scanned_as_its_day_in_shanghai(world, item):
    send_due_reminders("--now", "2027-04-16T23:30+00:00")  # 17 April, 07:30 in Shanghai

    assert list(Reminder.objects.filter(kind="item").values_list("offset", "due_date")) == [("before-3", DUE)]


@pytest.mark.django_db(transaction=True)
def test_the_first_scan_of_a_new_demo_finds_the_weeks_reminders_whatever_the_hour(world, at, broker):
    """Issue 13, defect 10: started at 03:50 Beijing time on a day on which no deadline falls on one of
    the rule's days, the demo's first scan queued nothing. With ``--catch-up-days 7`` it covers the
    last week: an item overdue by 10 days has had its weekly reminder (at 7 days) in that week."""
    item = open_item_of_a_member(world, deadline=datetime.date(2027, 4, 7))
    at(datetime.date(2027, 4, 17))
    night = "2027-04-17T03:50+08:00"

    send_due_reminders("--now", night)
    assert not Reminder.objects.filter(kind="item", object_id=item.pk).exists()
    before = Reminder.objects.count()
    output = send_due_reminders("--now", night, "--catch-up-days", "7")

    assert Reminder.objects.filter(kind="item", object_id=item.pk, offset="overdue-1").exists()
    assert f"已排队 {Reminder.objects.count() - before} 条提醒" in output
    # The rows are unique: a second start of the demo queues nothing again.
    assert "已排队 0 条提醒（新写入 0 条" in send_due_reminders("--now", night, "--catch-up-days", "7")
