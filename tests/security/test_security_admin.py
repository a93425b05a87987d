"""The security administrator's pages (安全管理员, 三员分立): lockouts and unlocking, password resets, the
security settings. Only the security administrator opens them; each action is in the audit trail."""

import re

import pytest
from django.urls import reverse

from audit.models import Action, AuditEvent
from orgs.models import AdminRole
from security.models import SecurityPolicy
from tests.factories import UserFactory

PASSWORD = "pass-12345"
LOCKED_NAME = "suodingzhanghu"  # a locked account: only the security administrator may see it listed
PERSON_NAME = "密码待重置人员"  # whose password is reset: found by the search
NAT = "10.20.30.40"


@pytest.fixture
def security_admin(db):
    return UserFactory(username="anquan", display_name="安全管理员甲", admin_role=AdminRole.SECURITY)


@pytest.fixture
def locked(db):
    return UserFactory(username=LOCKED_NAME, display_name=PERSON_NAME)


def lock(client, username, address=NAT, times=5):
    for _ in range(times):
        client.post(reverse("login"), {"username": username, "password": "wrong"}, REMOTE_ADDR=address)


def attempt(client, username, password=PASSWORD, address=NAT):
    return client.post(reverse("login"), {"username": username, "password": password}, REMOTE_ADDR=address)


# --- who may open the pages --------------------------------------------------------------------------


def refused_people(world):
    return {
        "office": world.office,
        "secretary": world.secretary,
        "member": world.member,
        "supervisor": world.supervisor,
        "outsider": world.outsider,
        "system administrator": UserFactory(admin_role=AdminRole.SYSTEM),
        "superuser": UserFactory(is_superuser=True, is_staff=True),
        "audit administrator": UserFactory(admin_role=AdminRole.AUDIT),
    }


def pages(person):
    """(method, url, data) of every page and action of the security administrator."""
    return [
        ("get", reverse("security_lockouts"), None),
        ("post", reverse("security_unlock"), {"kind": "account", "key": LOCKED_NAME}),
        ("get", reverse("security_reset_password") + "?q=" + LOCKED_NAME, None),
        ("get", reverse("security_reset_password_person", args=[person.pk]), None),
        ("post", reverse("security_reset_password_person", args=[person.pk]), {"how": "generate"}),
        ("get", reverse("security_policy"), None),
        ("post", reverse("security_policy"), {"failure_limit": 3}),
    ]


def test_only_the_security_administrator_opens_the_security_pages(client, world, security_admin, locked):
    lock(client, LOCKED_NAME)
    before = locked.password
    for role, user in refused_people(world).items():
        client.force_login(user)
        for method, url, data in pages(locked):
            response = getattr(client, method)(url, data or {})
            body = response.content.decode()
            assert response.status_code == 403, (role, method, url, response.status_code)
            assert LOCKED_NAME not in body and PERSON_NAME not in body, (role, url)
            assert "临时密码" not in body
    locked.refresh_from_db()
    assert locked.password == before
    assert not SecurityPolicy.objects.exists()
    assert not AuditEvent.objects.filter(action__in=[Action.UNLOCK, Action.PASSWORD_RESET]).exists()

    client.force_login(security_admin)
    for method, url, data in pages(locked)[:4] + pages(locked)[5:6]:
        assert getattr(client, method)(url, data or {}).status_code in (200, 302), url


def test_anonymous_is_sent_to_the_login_page(client, locked):
    for method, url, data in pages(locked):
        response = getattr(client, method)(url, data or {})
        assert response.status_code == 302
        assert response.url.startswith(reverse("login"))


# --- lockouts ----------------------------------------------------------------------------------------


def test_the_lockouts_page_lists_a_locked_account_and_unlocking_lets_it_log_in(
    client, security_admin, locked
):
    lock(client, LOCKED_NAME)
    assert attempt(client, LOCKED_NAME).status_code == 403

    client.force_login(security_admin)
    page = client.get(reverse("security_lockouts")).content.decode()
    [row] = re.findall(r'<tr data-testid="account-row">.*?</tr>', page, flags=re.S)
    assert LOCKED_NAME in row and PERSON_NAME in row and NAT in row and "已锁定" in row and "解除锁定" in row
    assert "data-confirm=" in row
    assert "onclick" not in page and "onsubmit" not in page

    client.post(reverse("security_unlock"), {"kind": "account", "key": LOCKED_NAME})
    client.logout()

    assert attempt(client, LOCKED_NAME).status_code == 302
    [unlock] = AuditEvent.objects.filter(action=Action.UNLOCK)
    assert unlock.user == security_admin
    assert unlock.object_id == str(locked.pk)
    assert f"解除账户 {LOCKED_NAME} 的登录锁定" in unlock.detail


def test_an_address_locked_by_guesses_over_many_accounts_is_listed_and_unlocked(
    client, security_admin, locked
):
    for n in range(20):
        attempt(client, f"guess{n}", "123456", address="203.0.113.9")
    assert attempt(client, LOCKED_NAME, address="203.0.113.9").status_code == 403

    client.force_login(security_admin)
    page = client.get(reverse("security_lockouts")).content.decode()
    [row] = re.findall(r'<tr data-testid="address-row">.*?</tr>', page, flags=re.S)
    assert "203.0.113.9" in row and "已锁定" in row
    guessed = re.findall(r'<tr data-testid="account-row">.*?</tr>', page, flags=re.S)
    assert len(guessed) == 20 and all("无此账户" in r for r in guessed)
    client.post(reverse("security_unlock"), {"kind": "address", "key": "203.0.113.9"})
    client.logout()

    assert attempt(client, LOCKED_NAME, address="203.0.113.9").status_code == 302
    assert AuditEvent.objects.filter(action=Action.UNLOCK, detail__contains="203.0.113.9").exists()


def test_with_no_failures_the_page_says_so(client, security_admin):
    client.force_login(security_admin)

    page = client.get(reverse("security_lockouts")).content.decode()

    assert "最近30分钟内没有账户登录失败" in page


# --- password resets ---------------------------------------------------------------------------------


def test_the_search_finds_a_person_by_name_or_username_but_not_oneself(client, security_admin, locked):
    client.force_login(security_admin)

    by_name = client.get(reverse("security_reset_password"), {"q": "待重置"}).content.decode()
    by_username = client.get(reverse("security_reset_password"), {"q": "suoding"}).content.decode()
    oneself = client.get(reverse("security_reset_password"), {"q": "anquan"}).content.decode()

    assert PERSON_NAME in by_name and LOCKED_NAME in by_username
    assert reverse("security_reset_password_person", args=[locked.pk]) in by_name
    assert "没有找到" in oneself
    assert client.get(reverse("security_reset_password_person", args=[security_admin.pk])).status_code == 404


def test_a_generated_temporary_password_is_shown_once_works_and_must_be_changed(
    client, security_admin, locked
):
    lock(client, LOCKED_NAME)
    client.force_login(security_admin)

    response = client.post(reverse("security_reset_password_person", args=[locked.pk]), {"how": "generate"})

    assert "no-store" in response["Cache-Control"]
    [temporary] = re.findall(r'data-testid="temporary-password">([^<]+)<', response.content.decode())
    assert len(temporary) == 12
    assert (
        temporary
        not in client.get(reverse("security_reset_password_person", args=[locked.pk])).content.decode()
    )
    [reset] = AuditEvent.objects.filter(action=Action.PASSWORD_RESET)
    assert reset.user == security_admin and reset.object_id == str(locked.pk)
    assert temporary not in reset.detail
    client.logout()

    assert attempt(client, LOCKED_NAME, temporary).status_code == 302  # the reset unlocked it too
    assert client.get(reverse("dashboard")).url == reverse("password_change")


def test_a_typed_temporary_password_follows_the_rules(client, security_admin, locked):
    client.force_login(security_admin)
    url = reverse("security_reset_password_person", args=[locked.pk])

    weak = client.post(url, {"how": "type", "password1": "abcdefgh", "password2": "abcdefgh"})
    mismatch = client.post(url, {"how": "type", "password1": "Lin#shi2027", "password2": "Lin#shi2028"})
    typed = client.post(url, {"how": "type", "password1": "Lin#shi2027", "password2": "Lin#shi2027"})

    assert "密码须包含大写字母、小写字母、数字、符号中的至少3类" in weak.content.decode()
    assert "两次输入的密码不一致。" in mismatch.content.decode()
    assert 'data-testid="reset-done"' in typed.content.decode()
    assert "Lin#shi2027" not in typed.content.decode()
    locked.refresh_from_db()
    assert locked.check_password("Lin#shi2027") and locked.must_change_password
    assert AuditEvent.objects.filter(action=Action.PASSWORD_RESET).count() == 1


# --- the security settings ---------------------------------------------------------------------------


def test_the_settings_page_shows_the_defaults_and_saves_a_change_that_applies_next(
    client, security_admin, locked, settings
):
    settings.SESSION_IDLE_MINUTES, settings.SESSION_ABSOLUTE_HOURS, settings.PASSWORD_EXPIRY_DAYS = 30, 12, 90
    client.force_login(security_admin)
    page = client.get(reverse("security_policy")).content.decode()
    assert 'name="failure_limit" id="id_failure_limit" value="5"' in page
    assert "目前使用部署时的默认值" in page

    response = client.post(
        reverse("security_policy"),
        {
            "failure_limit": 3,
            "address_failure_limit": 30,
            "lockout_minutes": 15,
            "idle_minutes": 20,
            "absolute_hours": 8,
            "password_expiry_days": 180,
        },
    )

    assert response.status_code == 302
    policy = SecurityPolicy.current()
    assert (policy.failure_limit, policy.lockout_minutes, policy.password_expiry_days) == (3, 15, 180)
    [event] = AuditEvent.objects.filter(action=Action.SETTINGS_CHANGE)
    assert event.user == security_admin
    assert "账户锁定前允许的失败次数：5 → 3" in event.detail and "密码有效期（天）：90 → 180" in event.detail
    assert "锁定时长" in event.detail and "无操作自动退出（分钟）：30 → 20" in event.detail
    client.logout()
    lock(client, LOCKED_NAME, times=3)
    assert "请15分钟后再试" in attempt(client, LOCKED_NAME).content.decode()


def test_the_settings_are_checked_with_reasons_in_chinese(client, security_admin):
    client.force_login(security_admin)

    response = client.post(
        reverse("security_policy"),
        {
            "failure_limit": 1,
            "address_failure_limit": 10,
            "lockout_minutes": 30,
            "idle_minutes": 30,
            "absolute_hours": 48,
            "password_expiry_days": 90,
        },
    )

    page = response.content.decode()
    assert response.status_code == 200
    assert "账户锁定前允许的失败次数：确保该值大于或等于3。" in page
    assert "登录最长有效（小时）：确保该值小于或等于24。" in page
    assert not SecurityPolicy.objects.exists()


def test_an_address_limit_below_the_account_limit_is_refused(client, security_admin):
    client.force_login(security_admin)

    page = client.post(
        reverse("security_policy"),
        {
            "failure_limit": 10,
            "address_failure_limit": 5,
            "lockout_minutes": 30,
            "idle_minutes": 30,
            "absolute_hours": 12,
            "password_expiry_days": 90,
        },
    ).content.decode()

    assert "同一地址允许的失败次数不能少于账户锁定次数（10次）" in page
    assert not SecurityPolicy.objects.exists()
