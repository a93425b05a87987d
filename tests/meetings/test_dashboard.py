"""The dashboard (我的民主生活会) at a supervisor's scale: who sees which meetings, newest first, twenty a page,
in a number of queries that does not grow with the meetings (issue 16)."""

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from orgs.models import Role
from tests.factories import OrganisationFactory, UserFactory, assign, make_meeting


def titles(response):
    return re.findall(r'<a href="/meetings/\d+/">([^<]+)</a>', response.content.decode())


def add_meetings(organisations, office, count, first_year=2000):
    """``count`` meetings, one a year from ``first_year``, spread over ``organisations``."""
    return [
        make_meeting(
            organisations[n % len(organisations)],
            office,
            year=first_year + n,
            date=datetime.date(first_year + n + 1, 1, 20),
        )
        for n in range(count)
    ]


@pytest.fixture
def province(world):
    """A province above the world's city, a second city beside it with two units, and their supervisors."""
    top = OrganisationFactory(name="某省委")
    world.city.parent = top
    world.city.save()
    other_city = OrganisationFactory(name="海城市委", parent=top)
    units = [OrganisationFactory(name=f"海城第{n}县委", parent=other_city) for n in (1, 2)]
    return {
        "top": top,
        "other_city": other_city,
        "units": units,
        "province_supervisor": assign(UserFactory(display_name="省督导"), top, Role.SUPERVISOR),
        "other_supervisor": assign(UserFactory(display_name="海城督导"), other_city, Role.SUPERVISOR),
    }


def test_a_supervisor_sees_their_subtree_newest_first_and_not_a_sibling_citys(world, client, province):
    add_meetings(province["units"], world.office, 3)
    client.force_login(world.supervisor)
    mine = titles(client.get(reverse("dashboard")))
    assert mine == [world.meeting.title]
    client.force_login(province["other_supervisor"])
    theirs = client.get(reverse("dashboard"))
    assert "共 3 次会议" in theirs.content.decode()
    assert [title[:6] for title in titles(theirs)] == ["海城第1县委", "海城第2县委", "海城第1县委"]
    assert "2002年度" in titles(theirs)[0]  # the newest first


def test_a_supervisor_who_is_also_a_member_elsewhere_sees_both(world, client, province):
    [other] = add_meetings(province["units"][:1], world.office, 1)
    member = assign(UserFactory(display_name="兼职成员"), province["units"][0], Role.MEMBER, 1)
    assign(member, world.county, Role.SUPERVISOR)
    client.force_login(member)
    assert sorted(titles(client.get(reverse("dashboard")))) == sorted([world.meeting.title, other.title])


def test_the_province_supervisor_pages_every_meeting_twenty_at_a_time(world, client, province):
    add_meetings([*province["units"], world.other_county], world.office, 24)
    client.force_login(province["province_supervisor"])
    first = client.get(reverse("dashboard"))
    second = client.get(reverse("dashboard"), {"page": 2})
    assert "共 25 次会议" in first.content.decode()
    assert len(titles(first)) == 20 and len(titles(second)) == 5
    assert titles(first)[0] == world.meeting.title  # held in 2027, after every meeting added here
    assert not set(titles(first)) & set(titles(second))


@pytest.mark.parametrize("user", ["province_supervisor", "office"])
def test_the_dashboard_takes_the_same_queries_for_2_or_26_meetings(world, client, province, user):
    person = world.office if user == "office" else province[user]
    client.force_login(person)
    add_meetings([world.county], world.office, 1)
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("dashboard"))
    where = [world.county] if user == "office" else [world.county, *province["units"]]
    add_meetings(where, world.office, 24, first_year=1970)
    with CaptureQueriesContext(connection) as many:
        response = client.get(reverse("dashboard"))
    assert len(titles(response)) == 20
    assert len(many.captured_queries) == len(few.captured_queries) <= 11
