"""Passwords (issue 14, item 4): the rules, in Chinese; none of the last five; an initial or reset
password changed at the first login; expiry after 90 days (off with 0)."""

import datetime

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from audit.models import Action, AuditEvent
from orgs.models import User
from security.models import PasswordHistory, SecurityPolicy
from tests.factories import UserFactory

PASSWORD = "pass-12345"
NEW = "Xin#mima2027"


def log_in(client, user, password=PASSWORD):
    response = client.post(reverse("login"), {"username": user.username, "password": password})
    assert response.status_code == 302, response.content.decode()
    return client


def errors_of(password, user):
    try:
        validate_password(password, user)
    except ValidationError as error:
        return list(error.messages)
    return []


def change(client, old, new, again=None):
    return client.post(
        reverse("password_change"),
        {"old_password": old, "new_password1": new, "new_password2": new if again is None else again},
    )


@pytest.fixture
def person(db):
    return UserFactory(username="zhangwei", display_name="张伟")


@pytest.mark.parametrize(
    ("password", "error"),
    [
        ("Ab1!xy", "密码太短，至少需要8个字符（现有6个）。"),
        ("abcdefghij", "密码须包含大写字母、小写字母、数字、符号中的至少3类（现有1类）。"),
        ("abcdefgh12", "密码须包含大写字母、小写字母、数字、符号中的至少3类（现有2类）。"),
        ("Zhangwei2027", "密码跟 用户名 太相似了。"),
        ("Password1!", "这个密码太常见了。"),
    ],
)
def test_a_weak_password_is_refused_with_a_chinese_reason(person, password, error):
    assert error in errors_of(password, person)


@pytest.mark.parametrize("password", ["Xin#mima2027", "qingshan-7-LU", "绿水青山Jin7", "Ba3!ba3!"])
def test_eight_characters_of_three_kinds_are_enough(person, password):
    assert errors_of(password, person) == []


def test_none_of_the_last_five_passwords_may_be_used_again(person):
    used = [f"Mima#{n}2027x" for n in range(1, 6)]
    for password in used:
        person.set_password(password)
        person.save()

    for password in used:
        assert "不能使用最近5次用过的密码，请换一个新密码。" in errors_of(password, person)
    person.set_password("Mima#62027x")
    person.save()
    assert errors_of(used[0], person) == []  # six passwords ago
    assert PasswordHistory.objects.filter(user=person).count() == 5


def test_setting_a_password_dates_it(person):
    User.objects.filter(pk=person.pk).update(password_changed_at=None)
    person.refresh_from_db()
    person.set_password(NEW)
    person.save()

    person.refresh_from_db()
    assert timezone.now() - person.password_changed_at < datetime.timedelta(minutes=1)


def test_the_change_page_lists_the_rules_in_chinese(client, person):
    log_in(client, person)

    page = client.get(reverse("password_change")).content.decode()

    for rule in (
        "至少8个字符。",
        "包含大写字母、小写字母、数字、符号中的至少3类。",
        "不能与最近5次用过的密码相同。",
        "不能与用户名、姓名相似。",
        "不能是常见的简单密码",
    ):
        assert rule in page


def test_changing_ones_password_keeps_one_logged_in_and_is_audited(client, person):
    log_in(client, person)

    response = change(client, PASSWORD, NEW)

    assert response.status_code == 302
    assert client.get(reverse("dashboard")).status_code == 200
    person.refresh_from_db()
    assert person.check_password(NEW)
    [event] = AuditEvent.objects.filter(action=Action.PASSWORD_CHANGE)
    assert event.user == person


def test_the_current_password_is_refused_as_the_new_one_on_the_page(client, person):
    log_in(client, person)

    page = change(client, PASSWORD, PASSWORD).content.decode()

    assert "不能使用最近5次用过的密码，请换一个新密码。" in page
    assert not AuditEvent.objects.filter(action=Action.PASSWORD_CHANGE).exists()


def test_an_initial_password_must_be_changed_before_anything_else(client, person):
    User.objects.filter(pk=person.pk).update(must_change_password=True)
    log_in(client, person)

    dashboard = client.get(reverse("dashboard"))
    assert dashboard.status_code == 302
    assert dashboard.url == reverse("password_change")
    page = client.get(reverse("password_change")).content.decode()
    assert "您使用的是初始密码或管理员重置的密码，请先修改密码。" in page
    script = client.get(reverse("notification_list"), HTTP_ACCEPT="application/json")
    assert script.status_code == 403
    assert script.json()["password_change_url"] == reverse("password_change")

    assert change(client, PASSWORD, NEW).status_code == 302

    person.refresh_from_db()
    assert not person.must_change_password
    assert client.get(reverse("dashboard")).status_code == 200


def test_one_with_an_initial_password_may_log_out(client, person):
    User.objects.filter(pk=person.pk).update(must_change_password=True)
    log_in(client, person)

    client.post(reverse("logout"))

    assert "_auth_user_id" not in client.session


def test_a_superuser_made_on_the_command_line_changes_the_password_at_first_login(client, db, monkeypatch):
    monkeypatch.setenv("DJANGO_SUPERUSER_PASSWORD", "Chushi#Mima2027")
    call_command("createsuperuser", interactive=False, username="root", email="it@example.cn", verbosity=0)

    root = User.objects.get(username="root")
    assert root.must_change_password
    log_in(client, root, "Chushi#Mima2027")
    assert client.get(reverse("dashboard")).url == reverse("password_change")


def test_a_password_older_than_90_days_must_be_changed(client, person, settings):
    settings.PASSWORD_EXPIRY_DAYS = 90
    User.objects.filter(pk=person.pk).update(password_changed_at=timezone.now() - datetime.timedelta(days=91))
    log_in(client, person)

    response = client.get(reverse("dashboard"))

    assert response.url == reverse("password_change")
    assert "您的密码已使用超过90天，请修改密码后继续使用。" in client.get(response.url).content.decode()
    change(client, PASSWORD, NEW)
    assert client.get(reverse("dashboard")).status_code == 200


def test_a_password_younger_than_90_days_is_not_asked_for(client, person, settings):
    settings.PASSWORD_EXPIRY_DAYS = 90
    User.objects.filter(pk=person.pk).update(password_changed_at=timezone.now() - datetime.timedelta(days=89))
    log_in(client, person)

    assert client.get(reverse("dashboard")).status_code == 200


def test_expiry_0_never_asks(client, person):
    SecurityPolicy.objects.create(pk=SecurityPolicy.SINGLETON, password_expiry_days=0)
    User.objects.filter(pk=person.pk).update(
        password_changed_at=timezone.now() - datetime.timedelta(days=999)
    )
    log_in(client, person)

    assert client.get(reverse("dashboard")).status_code == 200
