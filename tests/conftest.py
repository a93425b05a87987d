"""Shared fixtures: a county team with every role, plus people who must see nothing; and travelling in
time to the days around the team's meeting (20 January 2027)."""

import datetime
import zoneinfo

import pytest
import time_machine

from security.models import SecurityPolicy

from .demo_fixture import copy_demo_files, demo_seeded_until_exit
from .factories import UserFactory, make_meeting, two_counties


@pytest.fixture
def world(db):
    """A city supervising a county whose team has a secretary and three members; a second county beside it
    (``tests.factories.two_counties``); someone of neither; the county's meeting of 20 January 2027."""
    world = two_counties()
    world.member = world.members[0]
    world.outsider = UserFactory(display_name="无关人员")
    world.meeting = make_meeting(world.county, world.office)
    return world


@pytest.fixture
def login(client):
    def as_user(user):
        client.force_login(user)
        return client

    return as_user


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    """PBKDF2 is slow by design; tests hash dozens of passwords."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def media_in_tmp(settings, tmp_path):
    """Uploaded evidence goes to a temporary folder, never into the checkout's var/media."""
    settings.MEDIA_ROOT = str(tmp_path / "media")


@pytest.fixture(autouse=True)
def security_policy_uncached():
    """The cached security settings outlive a test's rolled-back row: the next test reads the database."""
    yield
    SecurityPolicy.forget_cached()


@pytest.fixture(scope="module")
def _demo_for_module(django_db_setup, django_db_blocker, tmp_path_factory):
    """The demo seeded once for the module, rolled back after its last test (tests/demo_fixture.py)."""
    with demo_seeded_until_exit(django_db_blocker, tmp_path_factory.mktemp("demo-media")) as seed:
        yield seed


@pytest.fixture
def seeded_demo(request, _demo_for_module, db, settings, media_in_tmp):
    """The demo as ``manage.py seed_demo`` leaves it (``.output`` is what it printed); what the test
    changes is undone after it. Not for ``live_server`` tests, which seed their own."""
    if {"live_server", "transactional_db"} & set(request.fixturenames):
        pytest.fail("seeded_demo 的数据未提交，live_server / transactional_db 的测试请自行运行 seed_demo")
    copy_demo_files(_demo_for_module, settings.MEDIA_ROOT)
    return _demo_for_module


# What is recorded has happened (a talk, a study session, the meeting itself: meetings.dates), so tests
# that record the `world` meeting of 20 January 2027 do it on a day after the event, as a clerk would.
SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")
BEFORE_THE_MEETING = datetime.datetime(2027, 1, 10, 10, 0, tzinfo=SHANGHAI)
AT_THE_MEETING = datetime.datetime(2027, 1, 20, 10, 0, tzinfo=SHANGHAI)


def _travel(moment):
    # The clock keeps ticking from there: saves one after another get later times (the live record's
    # versions are their save times).
    with time_machine.travel(moment, tick=True) as traveller:
        yield traveller


@pytest.fixture
def before_the_meeting():
    """10 January 2027, 10:00 in Beijing: early January's talks and study are done, the meeting not held."""
    yield from _travel(BEFORE_THE_MEETING)


@pytest.fixture
def at_the_meeting():
    """20 January 2027, 10:00 in Beijing: the meeting is being held and recorded."""
    yield from _travel(AT_THE_MEETING)
