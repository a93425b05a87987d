"""The supervisors' pages read from the replica when one is configured, and nothing else does."""

import pytest
from django.test import RequestFactory
from django.urls import resolve, reverse

from audit.middleware import AuditRequestMiddleware
from config.db_routers import ReplicaRouter
from meetings.models import Meeting

# The aliases are only named, never opened: Django's warning about changing them does not apply.
pytestmark = pytest.mark.filterwarnings("ignore:Overriding setting DATABASES")


@pytest.fixture
def databases(settings, tmp_path):
    """Sets the aliases: default, and a replica or not (SQLite files)."""

    def configure(replica):
        aliases = {"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": str(tmp_path / "primary")}}
        if replica:
            aliases["replica"] = {"ENGINE": "django.db.backends.sqlite3", "NAME": str(tmp_path / "replica")}
        settings.DATABASES = aliases

    return configure


def database_for(method, url_name, databases, *, replica):
    """(read, write) aliases the router picks while serving ``method url_name``."""
    databases(replica)
    request = getattr(RequestFactory(), method)(
        reverse(url_name, kwargs={"pk": 1} if "detail" in url_name else {})
    )
    request.resolver_match = resolve(request.path)
    router = ReplicaRouter()
    picked = {}

    def view(request):
        picked["read"], picked["write"] = router.db_for_read(Meeting), router.db_for_write(Meeting)

    AuditRequestMiddleware(view)(request)
    return picked["read"], picked["write"]


def test_without_a_replica_everything_reads_and_writes_default(databases):
    assert database_for("get", "dashboard", databases, replica=False) == ("default", "default")
    assert database_for("get", "meeting_detail", databases, replica=False) == ("default", "default")


def test_with_a_replica_the_supervisors_list_reads_from_it_and_writes_default(databases):
    assert database_for("get", "dashboard", databases, replica=True) == ("replica", "default")


def test_with_a_replica_other_pages_and_changes_stay_on_default(databases):
    assert database_for("get", "meeting_detail", databases, replica=True) == ("default", "default")
    assert database_for("post", "dashboard", databases, replica=True) == ("default", "default")


def test_outside_a_request_everything_stays_on_default(databases):
    databases(replica=True)

    assert ReplicaRouter().db_for_read(Meeting) == "default"
