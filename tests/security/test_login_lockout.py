"""Login lockout (issue 14, item 3): five wrong passwords lock the account for 30 minutes, per account
and, with a larger limit, per client address; a success clears the account's count; the login page
says so in Chinese; every failure and lockout is in the audit trail."""

import datetime

import pytest
import time_machine
from django.urls import reverse

from audit.models import Action, AuditEvent
from security.models import SecurityPolicy
from tests.factories import UserFactory

PASSWORD = "pass-12345"
LOCKED = "登录失败次数过多，账户已锁定，请30分钟后再试，或联系安全管理员解锁。"
OFFICE_NAT = "10.20.30.40"


@pytest.fixture
def clerk(db):
    return UserFactory(username="liuwenjing", display_name="刘文静")


@pytest.fixture
def colleague(db):
    return UserFactory(username="zhoujianhua", display_name="周建华")


def attempt(client, username, password, address=OFFICE_NAT):
    return client.post(reverse("login"), {"username": username, "password": password}, REMOTE_ADDR=address)


def logged_in(client):
    return "_auth_user_id" in client.session


def fail(client, username, times, address=OFFICE_NAT):
    for _ in range(times):
        attempt(client, username, "wrong-password", address)


def test_fifty_wrong_passwords_then_the_right_one_does_not_log_in(client, clerk):
    for _ in range(50):
        attempt(client, "liuwenjing", "wrong-password")

    response = attempt(client, "liuwenjing", PASSWORD)

    assert response.status_code == 403
    assert LOCKED in response.content.decode()
    assert not logged_in(client)
    assert client.get(reverse("dashboard")).status_code == 302


def test_the_fifth_failure_locks_and_the_four_before_say_the_password_was_wrong(client, clerk):
    for _ in range(4):
        response = attempt(client, "liuwenjing", "wrong-password")
        page = response.content.decode()
        assert response.status_code == 200
        assert "用户名或密码不正确，请重新输入。" in page
        assert "连续输错5次，账户将被锁定30分钟。" in page

    fifth = attempt(client, "liuwenjing", "wrong-password")

    assert fifth.status_code == 403
    page = fifth.content.decode()
    assert LOCKED in page
    assert 'name="username"' in page and 'value="liuwenjing"' in page  # the login form again


def test_the_account_is_locked_whatever_address_the_attempts_come_from(client, clerk):
    for n in range(5):
        attempt(client, "liuwenjing", "wrong-password", address=f"192.0.2.{n + 1}")

    response = attempt(client, "liuwenjing", PASSWORD, address="198.51.100.7")

    assert response.status_code == 403
    assert not logged_in(client)


def test_an_address_spraying_guesses_over_many_accounts_is_locked(client, clerk):
    # 20 wrong passwords from one address, each for another account (none reaches its own limit).
    for n in range(20):
        attempt(client, f"guess{n}", "123456", address="203.0.113.9")

    from_there = attempt(client, "liuwenjing", PASSWORD, address="203.0.113.9")
    assert from_there.status_code == 403
    assert not logged_in(client)

    from_elsewhere = attempt(client, "liuwenjing", PASSWORD, address="198.51.100.7")
    assert from_elsewhere.status_code == 302
    assert logged_in(client)


def test_one_clerk_locked_out_does_not_lock_out_the_office_behind_the_same_address(client, clerk, colleague):
    fail(client, "liuwenjing", 5)
    assert attempt(client, "liuwenjing", PASSWORD).status_code == 403

    response = attempt(client, "zhoujianhua", PASSWORD)

    assert response.status_code == 302
    assert logged_in(client)


def test_a_locked_out_clerk_who_keeps_trying_does_not_lock_out_the_office(client, clerk, colleague):
    fail(client, "liuwenjing", 5)
    for _ in range(30):
        attempt(client, "liuwenjing", PASSWORD)

    assert attempt(client, "zhoujianhua", PASSWORD).status_code == 302


def test_a_colleagues_login_from_the_same_address_does_not_unlock_the_account(client, clerk, colleague):
    fail(client, "liuwenjing", 5)
    assert attempt(client, "zhoujianhua", PASSWORD).status_code == 302
    client.post(reverse("logout"))

    response = attempt(client, "liuwenjing", PASSWORD)

    assert response.status_code == 403
    assert not logged_in(client)


def test_a_successful_login_clears_the_accounts_failures(client, clerk):
    fail(client, "liuwenjing", 4)
    assert attempt(client, "liuwenjing", PASSWORD).status_code == 302
    client.post(reverse("logout"))

    fail(client, "liuwenjing", 4)  # four more: not five in a row
    response = attempt(client, "liuwenjing", PASSWORD)

    assert response.status_code == 302
    assert logged_in(client)


def test_the_lock_ends_30_minutes_after_it_began_however_often_one_tries(client, clerk):
    start = datetime.datetime(2027, 1, 10, 9, 0, tzinfo=datetime.UTC)
    with time_machine.travel(start, tick=False) as clock:
        fail(client, "liuwenjing", 5)
        for _ in range(5):
            clock.shift(datetime.timedelta(minutes=5))
            assert attempt(client, "liuwenjing", PASSWORD).status_code == 403
        clock.shift(datetime.timedelta(minutes=4))  # 29 minutes
        assert attempt(client, "liuwenjing", PASSWORD).status_code == 403
        clock.shift(datetime.timedelta(minutes=2))
        response = attempt(client, "liuwenjing", PASSWORD)

    assert response.status_code == 302
    assert logged_in(client)


def test_the_limit_and_the_minutes_are_the_security_settings(client, clerk):
    SecurityPolicy.objects.create(pk=SecurityPolicy.SINGLETON, failure_limit=3, lockout_minutes=10)

    fail(client, "liuwenjing", 1)
    assert "连续输错3次，账户将被锁定10分钟。" in attempt(client, "liuwenjing", "wrong").content.decode()
    assert attempt(client, "liuwenjing", "wrong").status_code == 403  # the third
    response = attempt(client, "liuwenjing", PASSWORD)

    assert response.status_code == 403
    assert "请10分钟后再试" in response.content.decode()


def test_every_failure_and_the_lockout_are_in_the_audit_trail_with_the_address(client, clerk, caplog):
    fail(client, "liuwenjing", 6)
    attempt(client, "liuwenjing", PASSWORD)
    attempt(client, "nobody-of-that-name", "guess")

    failures = AuditEvent.objects.filter(action=Action.LOGIN_FAILED).order_by("pk")
    assert [e.username for e in failures] == ["liuwenjing"] * 7 + ["nobody-of-that-name"]
    assert {e.address for e in failures} == {OFFICE_NAT}
    # The two after the lock were refused without the password being checked, the right one too.
    assert [bool(e.detail) for e in failures[:7]] == [False] * 5 + [True, True]
    assert "已锁定" in failures[6].detail

    [lockout] = AuditEvent.objects.filter(action=Action.LOCKOUT)
    assert lockout.user == clerk
    assert lockout.address == OFFICE_NAT
    assert "账户 liuwenjing 登录失败5次，锁定30分钟" in lockout.detail
    assert any("lockout" in r.getMessage() and "liuwenjing" in r.getMessage() for r in caplog.records)
    assert any("login failed" in r.getMessage() for r in caplog.records)


def test_logins_and_logouts_are_in_the_audit_trail(client, clerk):
    attempt(client, "liuwenjing", PASSWORD)
    client.post(reverse("logout"), REMOTE_ADDR=OFFICE_NAT)

    events = list(AuditEvent.objects.filter(user=clerk).order_by("pk").values_list("action", "address"))
    assert events == [(Action.LOGIN, OFFICE_NAT), (Action.LOGOUT, OFFICE_NAT)]


def test_an_address_lockout_is_in_the_audit_trail_naming_the_address(client, clerk):
    for n in range(20):
        attempt(client, f"guess{n}", "123456", address="203.0.113.9")

    [lockout] = AuditEvent.objects.filter(action=Action.LOCKOUT)
    assert "地址 203.0.113.9 登录失败20次" in lockout.detail
    assert lockout.user is None
