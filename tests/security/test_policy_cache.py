"""The security settings are read on every page (session limits, password expiry) from the cache, not the
database (issue 16), and a change the security administrator saves still applies at the next request."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from orgs.models import AdminRole, User
from security.models import SecurityPolicy
from tests.factories import UserFactory

POLICY_TABLE = "security_securitypolicy"
SETTINGS_FORM = {
    "failure_limit": 5,
    "address_failure_limit": 20,
    "lockout_minutes": 30,
    "idle_minutes": 30,
    "absolute_hours": 12,
}


def policy_reads(client, url):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return sum(POLICY_TABLE in query["sql"] for query in queries.captured_queries)


@pytest.mark.parametrize("saved", [False, True], ids=["defaults", "saved settings"])
def test_pages_after_the_first_read_the_security_settings_from_the_cache(client, world, saved):
    if saved:
        SecurityPolicy.objects.create(pk=SecurityPolicy.SINGLETON, idle_minutes=20)
    client.force_login(world.office)
    SecurityPolicy.forget_cached()  # as a process that has just started

    assert policy_reads(client, reverse("dashboard")) == 1
    assert policy_reads(client, reverse("dashboard")) == 0
    assert policy_reads(client, reverse("notification_list")) == 0


def test_a_saved_password_expiry_applies_at_the_next_request(client, world):
    security_admin = UserFactory(admin_role=AdminRole.SECURITY)
    User.objects.filter(pk=world.office.pk).update(
        password_changed_at=timezone.now() - datetime.timedelta(days=40)
    )
    office = client
    office.force_login(world.office)
    assert office.get(reverse("dashboard")).status_code == 200  # the settings are cached now

    admin = type(client)()
    admin.force_login(security_admin)
    saved = admin.post(reverse("security_policy"), {**SETTINGS_FORM, "password_expiry_days": 30})

    assert saved.status_code == 302
    assert office.get(reverse("dashboard")).url == reverse("password_change")


def test_the_cached_settings_are_the_saved_ones(world):
    SecurityPolicy.current()  # nothing saved yet: cached as such
    SecurityPolicy.objects.create(pk=SecurityPolicy.SINGLETON, failure_limit=3, updated_by=world.secretary)

    policy = SecurityPolicy.current()
    again = SecurityPolicy.current()

    assert (policy.failure_limit, again.failure_limit, again.updated_by) == (3, 3, world.secretary)
    assert not again._state.adding
