"""What a reminder email says: in Chinese, which meeting, what is due, when, and a link straight to it."""

import datetime

import pytest
from django.core import mail
from django.urls import reverse

from reminders.delivery import deliver
from reminders.models import Notification, Reminder, ReminderStatus
from tests.rectification.factories import at_stage, items, member_list

DUE = datetime.date(2027, 4, 20)
SITE = "https://shz.example.gov.cn"


@pytest.fixture
def item(world, settings):
    settings.SITE_URL = SITE
    settings.REMINDER_WEBHOOK_URL = ""
    meeting = at_stage(world.meeting)
    (item,) = items(member_list(meeting, world.member), 1, deadline=DUE, text="调研不深")
    world.member.email = "member@example.org"
    world.member.save()
    return item


def remind(item, user, offset):
    reminder = Reminder.objects.create(
        kind="item",
        object_id=item.pk,
        recipient=user,
        offset=offset,
        meeting=item.meeting,
        title=f"整改事项第{item.number}项：{item.problem}"[:300],
        due_date=item.deadline,
        url=reverse("rectification_item", args=[item.meeting_id, item.pk]),
    )
    deliver(reminder.pk)
    return reminder


def only_email():
    (email,) = mail.outbox
    return email


def test_the_email_is_in_chinese_and_names_the_meeting_what_is_due_and_the_date(world, item, at):
    at(DUE - datetime.timedelta(days=3))
    remind(item, world.member, "before-3")
    email = only_email()
    assert email.to == ["member@example.org"]
    assert email.subject.startswith("【民主生活会提醒】整改事项第1项") and email.subject.endswith(
        "（还有3天）"
    )
    assert email.body.startswith(f"{world.member.name}同志：")
    assert item.meeting.title in email.body
    assert "整改事项第1项：调研不深1" in email.body
    assert "截止日期：2027年4月20日（还有3天）" in email.body
    assert "请点击以下链接办理" in email.body


@pytest.mark.parametrize(
    ("day", "offset", "words"),
    [
        (DUE - datetime.timedelta(days=3), "before-3", "还有3天"),
        (DUE, "due", "今天到期"),
        (DUE + datetime.timedelta(days=7), "overdue-1", "已逾期7天"),
    ],
)
def test_the_email_says_how_far_the_deadline_is(world, item, at, day, offset, words):
    at(day)
    remind(item, world.member, offset)
    email = only_email()
    assert f"（{words}）" in email.subject and f"2027年4月20日（{words}）" in email.body


def test_the_link_is_absolute_and_goes_straight_to_the_item_in_text_and_html(world, item, at):
    at(DUE)
    remind(item, world.member, "due")
    email = only_email()
    link = f"{SITE}{reverse('rectification_item', args=[item.meeting_id, item.pk])}"
    assert link in email.body.splitlines()
    ((html, mimetype),) = email.alternatives
    assert mimetype == "text/html"
    assert f'href="{link}"' in html
    assert item.meeting.title in html and "2027年4月20日" in html and "今天到期" in html
    assert '<html lang="zh-CN">' in html


def test_the_email_says_where_to_turn_such_emails_off(world, item, at):
    at(DUE)
    remind(item, world.member, "due")
    email = only_email()
    preferences = f"{SITE}{reverse('reminder_preferences')}"
    assert preferences in email.body and f'href="{preferences}"' in email.alternatives[0][0]


def test_an_overdue_date_is_marked_red_in_the_html(world, item, at):
    at(DUE + datetime.timedelta(days=7))
    remind(item, world.member, "overdue-1")
    assert 'style="color:#b02a37">已逾期7天' in only_email().alternatives[0][0]


def test_a_user_without_an_email_address_gets_the_in_app_notification_only(world, item, at):
    world.member.email = ""
    world.member.save()
    at(DUE)
    reminder = remind(item, world.member, "due")
    reminder.refresh_from_db()
    assert reminder.status == ReminderStatus.SENT
    assert mail.outbox == []
    notification = Notification.objects.get(user=world.member)
    assert "今天到期" in notification.title
    assert notification.url == reverse("rectification_item", args=[item.meeting_id, item.pk])


def test_a_stage_deadline_links_to_the_meeting_page(world, settings, at):
    settings.SITE_URL = SITE
    world.office.email = "office@example.org"
    world.office.save()
    row = world.meeting.schedule.get(activity="meeting")
    at(row.due_date - datetime.timedelta(days=1))
    reminder = Reminder.objects.create(
        kind="stage",
        object_id=row.pk,
        recipient=world.office,
        offset="before-1",
        meeting=world.meeting,
        title=row.title,
        due_date=row.due_date,
        url=reverse("meeting_detail", args=[world.meeting.pk]),
    )
    assert deliver(reminder.pk) == ReminderStatus.SENT
    email = only_email()
    assert f"{SITE}/meetings/{world.meeting.pk}/" in email.body
    assert world.meeting.title in email.body and "还有1天" in email.subject
