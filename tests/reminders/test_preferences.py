"""提醒设置: each user turns email off or on per kind; in-app notifications always stay."""

import datetime

import pytest
from django.core import mail
from django.urls import reverse

from reminders.models import DeadlineKind, DigestKind, EmailPreference, Notification, Reminder, ReminderStatus
from reminders.scan import scan
from tests.rectification.factories import at_stage, items, member_list

DUE = datetime.date(2027, 4, 20)
KINDS = [*DeadlineKind.values, *DigestKind.values]
ROLES = ["office", "secretary", "member", "supervisor", "other_office", "other_member", "outsider"]


def choices(**off):
    """POST data with every kind on, except those given as False."""
    return {kind: "on" for kind in KINDS if off.get(kind, True)}


def test_every_signed_in_user_has_their_own_settings_page(world, client):
    for role in ROLES:
        client.force_login(getattr(world, role))
        assert client.get(reverse("reminder_preferences")).status_code == 200, role
    client.logout()
    response = client.get(reverse("reminder_preferences"))
    assert response.status_code == 302 and "/login" in response["Location"]
    assert client.post(reverse("reminder_preferences"), choices(item=False)).status_code == 302
    assert not EmailPreference.objects.exists()


def test_the_page_lists_every_kind_and_says_in_app_notifications_stay(world, login):
    body = login(world.member).get(reverse("reminder_preferences")).content.decode()
    for label in [*DeadlineKind.labels, *DigestKind.labels]:
        assert label in body
    assert "站内通知" in body and "始终保留" in body
    assert body.count("checked") == len(KINDS)  # email is on until the user turns it off


def test_saving_creates_a_row_per_kind_and_later_updates_them(world, login):
    client = login(world.member)
    response = client.post(
        reverse("reminder_preferences"), choices(item=False, office_daily=False), follow=True
    )
    assert "以下类别不再发送邮件" in response.content.decode() and "整改事项" in response.content.decode()
    saved = dict(EmailPreference.objects.filter(user=world.member).values_list("kind", "email"))
    assert saved == {kind: kind not in ("item", "office_daily") for kind in KINDS}
    client.post(reverse("reminder_preferences"), choices(draft=False))
    saved = dict(EmailPreference.objects.filter(user=world.member).values_list("kind", "email"))
    assert saved == {kind: kind != "draft" for kind in KINDS}
    assert EmailPreference.objects.count() == len(KINDS)
    body = client.get(reverse("reminder_preferences")).content.decode()
    assert body.count("checked") == len(KINDS) - 1


def test_one_users_settings_do_not_touch_anothers(world, login):
    EmailPreference.objects.create(user=world.secretary, kind="item", email=False)
    login(world.member).post(reverse("reminder_preferences"), choices())
    assert EmailPreference.objects.get(user=world.secretary, kind="item").email is False


def test_a_user_without_email_address_is_told_they_get_in_app_notifications_only(world, login):
    world.member.email = ""
    world.member.save()
    body = login(world.member).get(reverse("reminder_preferences")).content.decode()
    assert "还没有填写电子邮箱" in body


@pytest.fixture
def item(world):
    meeting = at_stage(world.meeting)
    (item,) = items(member_list(meeting, world.member), 1, deadline=DUE)
    world.member.email = "member@example.org"
    world.member.save()
    return item


def test_email_turned_off_for_items_means_a_notification_without_an_email(
    world, item, login, at, eager_celery, django_capture_on_commit_callbacks
):
    login(world.member).post(reverse("reminder_preferences"), choices(item=False))
    at(DUE - datetime.timedelta(days=3))
    with django_capture_on_commit_callbacks(execute=True):
        scan()
    reminder = Reminder.objects.get(kind="item", object_id=item.pk, recipient=world.member)
    assert reminder.status == ReminderStatus.SENT and reminder.last_error == ""
    assert Notification.objects.filter(user=world.member, reminder=reminder).count() == 1
    assert [m for m in mail.outbox if "member@example.org" in m.to] == []


def test_email_turned_off_for_another_kind_still_emails_items(
    world, item, login, at, eager_celery, django_capture_on_commit_callbacks
):
    login(world.member).post(reverse("reminder_preferences"), choices(draft=False, stage=False))
    at(DUE - datetime.timedelta(days=3))
    with django_capture_on_commit_callbacks(execute=True):
        scan()
    assert len([m for m in mail.outbox if "member@example.org" in m.to]) == 1
