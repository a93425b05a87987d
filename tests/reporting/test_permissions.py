"""Every page and download of the reporting stage and the archive, as every role: who may, who gets 403,
who gets 404, and that a refused reader never sees what the report or the frozen files say."""

import datetime

import pytest
import time_machine
from django.urls import reverse

from reporting import services
from reporting.models import DocumentKind, FrozenFile

VIEWERS = ["secretary", "member", "office", "supervisor"]
STRANGERS = ["other_office", "other_member", "outsider"]
READERS = ["secretary", "office", "supervisor"]  # the report and the bundle: everything of the meeting
TODAY = datetime.date(2027, 2, 1)


@pytest.fixture(autouse=True)
def today():
    with time_machine.travel(datetime.datetime(2027, 2, 1, 10, 0), tick=False):
        yield


@pytest.fixture
def sent(world, held):
    """The report sent and the 通报 issued: two frozen files each."""
    for kind in (DocumentKind.REPORT, DocumentKind.NOTIFICATION):
        services.approve(held, kind, world.secretary)
        services.send(
            held,
            kind,
            world.office,
            sent_on=TODAY,
            recipients="市纪委、市委组织部",
            channel="electronic",
            note="",
        )
    return held


def frozen_of(meeting, document, fmt="docx"):
    return FrozenFile.objects.get(meeting=meeting, document=document, format=fmt)


def check(client, world, url, method, allowed, data=None):
    """Allowed roles get 200/302/202, the team's other roles 403, strangers 404 with nothing leaked."""
    for role in VIEWERS + STRANGERS:
        client.force_login(getattr(world, role))
        response = getattr(client, method)(url, data or {})
        body = b"" if response.streaming else response.content
        if role in allowed:
            assert response.status_code in (200, 202, 302), (role, url, response.status_code)
        elif role in VIEWERS:
            assert response.status_code == 403, (role, url, response.status_code)
            assert "市纪委、市委组织部".encode() not in body, (role, url)
        else:
            assert response.status_code == 404, (role, url, response.status_code)
            assert world.meeting.theme.encode() not in body, (role, url)
            assert world.county.name.encode() not in body, (role, url)


PAGES = [
    ("reporting_page", "get", READERS),
    ("bundle_status", "get", READERS),
    ("archive_page", "get", READERS),
    ("archive_zip", "get", READERS),
]


@pytest.mark.parametrize(("name", "method", "allowed"), PAGES)
def test_reporting_pages_by_role(world, sent, client, name, method, allowed):
    check(client, world, reverse(name, args=[sent.pk]), method, allowed)


def test_only_the_office_writes_the_settings(world, held, client):
    url = reverse("reporting_settings", args=[held.pk])
    check(client, world, url, "post", ["office"], {"main_recipients": "市纪委、市委组织部"})


def test_only_the_secretary_approves(world, held, client):
    for kind in ("situation-report", "notification"):
        check(client, world, reverse("reporting_approve", args=[held.pk, kind]), "post", ["secretary"])


def test_only_the_office_records_a_sending(world, held, client):
    for kind in ("situation-report", "notification"):
        check(client, world, reverse("reporting_send", args=[held.pk, kind]), "post", ["office"])


def test_only_the_office_builds_the_bundle(world, held, client):
    check(client, world, reverse("bundle_request", args=[held.pk]), "post", ["office"])


def test_only_the_office_sets_the_retention(world, sent, client):
    frozen = frozen_of(sent, DocumentKind.REPORT)
    url = reverse("reporting_retention", args=[sent.pk, frozen.pk])
    check(client, world, url, "post", ["office"], {"retention": "30y"})
    frozen.refresh_from_db()
    assert frozen.retention == "30y"


def test_the_frozen_report_is_for_the_readers_of_everything_and_the_notification_for_everyone(
    world, sent, client
):
    report = frozen_of(sent, DocumentKind.REPORT)
    notification = frozen_of(sent, DocumentKind.NOTIFICATION)
    check(client, world, reverse("frozen_download", args=[sent.pk, report.pk]), "get", READERS)
    check(client, world, reverse("frozen_download", args=[sent.pk, notification.pk]), "get", VIEWERS)


def test_a_frozen_file_of_another_meeting_is_not_found_through_this_one(world, sent, client):
    from tests.factories import make_meeting

    other = make_meeting(world.county, world.office, date=datetime.date(2028, 1, 20))
    frozen = frozen_of(sent, DocumentKind.REPORT)
    client.force_login(world.office)
    assert client.get(reverse("frozen_download", args=[other.pk, frozen.pk])).status_code == 404


@pytest.mark.parametrize("fmt", ["docx", "pdf"])
def test_the_report_download_is_refused_to_members_and_the_notification_is_not(world, held, client, fmt):
    check(
        client, world, reverse("document_download", args=[held.pk, "situation-report", fmt]), "get", READERS
    )
    check(client, world, reverse("document_download", args=[held.pk, "notification", fmt]), "get", VIEWERS)


def test_the_member_sees_the_notification_on_the_meeting_page_but_no_link_to_the_report(world, sent, client):
    client.force_login(world.member)
    body = client.get(reverse("meeting_detail", args=[sent.pk])).content.decode()
    assert "已印发 2027年2月1日" in body
    assert reverse("reporting_page", args=[sent.pk]) not in body
    client.force_login(world.office)
    body = client.get(reverse("meeting_detail", args=[sent.pk])).content.decode()
    assert reverse("reporting_page", args=[sent.pk]) in body
