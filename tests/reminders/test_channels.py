"""Channels: email always, the group robot's webhook when configured — tested against a real HTTP
server on 127.0.0.1, so what goes over the wire is what a chat group would receive."""

import datetime
import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.core import mail
from django.urls import reverse

from reminders import channels
from reminders.delivery import ChannelsFailed, deliver
from reminders.models import Notification, Reminder, ReminderStatus
from tests.rectification.factories import at_stage, items, member_list

DUE = datetime.date(2027, 4, 20)
SITE = "https://shz.example.gov.cn"


class Robot:
    """A group robot's endpoint: records each request and answers with ``status`` and ``answer``."""

    def __init__(self):
        self.status = 200
        self.answer = b'{"errcode":0,"errmsg":"ok"}'
        self.requests = []
        robot = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers["Content-Length"]))
                robot.requests.append({"path": self.path, "headers": dict(self.headers), "body": body})
                self.send_response(robot.status)
                self.send_header("Content-Type", "application/json")
                self.end_headers()
                self.wfile.write(robot.answer if robot.status == 200 else b"Internal Server Error")

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)  # port 0: any free port
        self.url = f"http://127.0.0.1:{self.server.server_port}/cgi-bin/webhook/send?key=test"
        self.thread = threading.Thread(
            target=self.server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )

    def messages(self):
        return [json.loads(request["body"].decode("utf-8")) for request in self.requests]


@pytest.fixture
def robot(settings):
    robot = Robot()
    robot.thread.start()
    settings.REMINDER_WEBHOOK_URL = robot.url
    yield robot
    robot.server.shutdown()
    robot.server.server_close()


@pytest.fixture
def reminder(world, settings, at):
    """A pending reminder of a member's rectification item, three days before it is due."""
    settings.SITE_URL = SITE
    at(DUE - datetime.timedelta(days=3))
    meeting = at_stage(world.meeting)
    (item,) = items(member_list(meeting, world.member), 1, deadline=DUE)
    world.member.email = "member@example.org"
    world.member.save()
    return Reminder.objects.create(
        kind="item",
        object_id=item.pk,
        recipient=world.member,
        offset="before-3",
        meeting=meeting,
        title=f"整改事项第{item.number}项：{item.problem}"[:300],
        due_date=DUE,
        url=reverse("rectification_item", args=[meeting.pk, item.pk]),
    )


def test_a_delivered_reminder_posts_one_json_message_naming_the_person_and_the_link(world, robot, reminder):
    assert deliver(reminder.pk) == ReminderStatus.SENT
    assert len(robot.requests) == 1
    request = robot.requests[0]
    assert request["path"].endswith("?key=test")
    assert request["headers"]["Content-Type"].startswith("application/json")
    (message,) = robot.messages()
    text = message["text"]["content"]
    assert message["msgtype"] == "text"
    assert text.startswith(f"{world.member.name}：") and "还有3天" in text
    assert f"{SITE}{reminder.url}" in text
    reminder.refresh_from_db()
    assert reminder.webhook_sent_at and reminder.email_sent_at and reminder.last_error == ""
    assert len(mail.outbox) == 1 and Notification.objects.filter(reminder=reminder).count() == 1


def test_a_failing_webhook_does_not_stop_the_email_and_is_retried_alone(world, robot, reminder):
    robot.status = 500
    with pytest.raises(ChannelsFailed):
        deliver(reminder.pk)
    reminder.refresh_from_db()
    assert reminder.status == ReminderStatus.PENDING
    assert "工作群" in reminder.last_error and "500" in reminder.last_error
    assert reminder.email_sent_at is not None and reminder.webhook_sent_at is None
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["member@example.org"]
    assert Notification.objects.filter(user=world.member).count() == 1

    robot.status = 200  # the robot is back: the retry sends the webhook only
    assert deliver(reminder.pk) == ReminderStatus.SENT
    reminder.refresh_from_db()
    assert reminder.webhook_sent_at is not None and reminder.last_error == "" and reminder.attempts == 2
    assert len(robot.requests) == 2
    assert len(mail.outbox) == 1  # the email is not sent twice
    assert Notification.objects.filter(user=world.member).count() == 1  # nor the notification duplicated


def test_a_webhook_that_cannot_be_reached_is_an_error_like_any_other(world, settings, reminder):
    robot = Robot()  # bound to a free port, then closed: nothing listens there
    robot.server.server_close()
    settings.REMINDER_WEBHOOK_URL = robot.url
    with pytest.raises(ChannelsFailed):
        deliver(reminder.pk)
    reminder.refresh_from_db()
    assert reminder.status == ReminderStatus.PENDING and "工作群" in reminder.last_error
    assert len(mail.outbox) == 1


def test_without_a_webhook_url_only_email_and_the_notification_go(world, robot, settings, reminder):
    settings.REMINDER_WEBHOOK_URL = ""
    assert [channel.name for channel in channels.active()] == ["email"]
    assert deliver(reminder.pk) == ReminderStatus.SENT
    reminder.refresh_from_db()
    assert reminder.webhook_sent_at is None and reminder.email_sent_at is not None
    assert robot.requests == []
    assert len(mail.outbox) == 1 and Notification.objects.filter(reminder=reminder).count() == 1


def test_the_webhook_goes_even_to_a_person_without_email(world, robot, reminder):
    world.member.email = ""
    world.member.save()
    assert deliver(reminder.pk) == ReminderStatus.SENT
    assert mail.outbox == [] and len(robot.requests) == 1
    assert world.member.name in robot.messages()[0]["text"]["content"]


def test_a_robot_refusing_the_message_with_an_errcode_is_a_failure_to_retry(world, robot, reminder):
    """企业微信/钉钉 answer HTTP 200 with a non-zero errcode for a wrong key or a rate limit."""
    robot.answer = b'{"errcode":93000,"errmsg":"invalid webhook url"}'
    with pytest.raises(ChannelsFailed):
        deliver(reminder.pk)
    reminder.refresh_from_db()
    assert reminder.status == ReminderStatus.PENDING and "93000" in reminder.last_error
    robot.answer = b'{"errcode":0,"errmsg":"ok"}'
    assert deliver(reminder.pk) == ReminderStatus.SENT
    assert len(mail.outbox) == 1
