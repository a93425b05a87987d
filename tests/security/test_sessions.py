"""Session limits (issue 14, item 4): 30 minutes without activity or 12 hours after login, a session
ends and the login page says why; a page's script gets 401 JSON instead of the login page."""

import datetime
import json

import pytest
import time_machine
from django.urls import reverse

from audit.models import Action, AuditEvent
from inspection import services as drafts
from security.models import SecurityPolicy

PASSWORD = "pass-12345"
START = datetime.datetime(2027, 1, 10, 8, 30, tzinfo=datetime.UTC)
IDLE = "您已长时间未操作，请重新登录。"


@pytest.fixture(autouse=True)
def production_limits(settings):
    """The deployment's defaults (the test run turns the clocks off: tests/settings.py)."""
    settings.SESSION_IDLE_MINUTES = 30
    settings.SESSION_ABSOLUTE_HOURS = 12


@pytest.fixture
def clock():
    with time_machine.travel(START, tick=False) as traveller:
        yield traveller


def log_in(client, user):
    response = client.post(reverse("login"), {"username": user.username, "password": PASSWORD})
    assert response.status_code == 302
    return client


def minutes(n):
    return datetime.timedelta(minutes=n)


def test_a_session_idle_for_more_than_30_minutes_ends_and_the_login_page_says_why(client, world, clock):
    log_in(client, world.office)
    clock.shift(minutes(29))
    assert client.get(reverse("dashboard")).status_code == 200
    clock.shift(minutes(31))

    response = client.get(reverse("dashboard"))

    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))
    login_page = client.get(response.url).content.decode()
    assert IDLE in login_page
    assert client.get(reverse("dashboard")).status_code == 302  # logged out, not only turned away
    [logout] = AuditEvent.objects.filter(action=Action.LOGOUT, user=world.office)
    assert logout.detail == IDLE


def test_working_keeps_the_session_open(client, world, clock):
    log_in(client, world.office)
    for _ in range(8):  # two hours, a page every quarter of an hour
        clock.shift(minutes(15))
        assert client.get(reverse("dashboard")).status_code == 200


def test_a_session_ends_12_hours_after_login_however_busy(client, world, clock):
    log_in(client, world.office)
    for _ in range(12 * 60 // 20):
        clock.shift(minutes(20))
        assert client.get(reverse("dashboard")).status_code == 200
    clock.shift(minutes(20))  # 12 hours 20 minutes after login

    response = client.get(reverse("dashboard"))

    assert response.status_code == 302
    assert "登录已超过12小时，请重新登录。" in client.get(response.url).content.decode()


def test_a_pages_background_reads_do_not_keep_an_idle_session_open(client, world, clock):
    log_in(client, world.office)
    for _ in range(3):  # the editor checks for a newer version while the clerk is away
        clock.shift(minutes(10))
        client.get(reverse("dashboard"), HTTP_ACCEPT="application/json")
    clock.shift(minutes(2))

    assert client.get(reverse("dashboard")).status_code == 302


def test_an_autosave_after_the_session_expired_gets_401_json_not_the_login_page(client, world, clock):
    member = world.members[0]
    outline = drafts.draft_for(world.meeting, member)
    url = reverse("draft_api", kwargs={"pk": world.meeting.pk, "draft_pk": outline.pk})
    body = json.dumps({"base_version": outline.version, "content": outline.content})
    log_in(client, member)
    clock.shift(minutes(31))

    expired = client.post(url, body, content_type="application/json", HTTP_ACCEPT="application/json")
    again = client.post(url, body, content_type="application/json", HTTP_ACCEPT="application/json")

    assert expired.status_code == 401
    assert expired.json()["error"] == IDLE
    # Logged out by then: the view's login_required redirect is answered in JSON too.
    assert again.status_code == 401
    assert again.json()["error"] == "登录已失效，请重新登录。"


def test_the_session_cookie_lives_no_longer_than_12_hours(client, world, settings):
    log_in(client, world.office)

    assert client.cookies[settings.SESSION_COOKIE_NAME]["max-age"] == 12 * 3600


def test_the_limits_are_the_security_settings(client, world, clock):
    SecurityPolicy.objects.create(pk=SecurityPolicy.SINGLETON, idle_minutes=10, absolute_hours=1)
    log_in(client, world.office)
    clock.shift(minutes(11))

    response = client.get(reverse("dashboard"))

    assert response.status_code == 302
    assert IDLE in client.get(response.url).content.decode()


def test_a_change_of_the_settings_applies_from_the_next_request(client, world, clock):
    log_in(client, world.office)
    clock.shift(minutes(20))
    assert client.get(reverse("dashboard")).status_code == 200
    SecurityPolicy.objects.create(pk=SecurityPolicy.SINGLETON, idle_minutes=15)
    clock.shift(minutes(16))

    assert client.get(reverse("dashboard")).status_code == 302
