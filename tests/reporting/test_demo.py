"""The demo's reporting story (reporting/demo.py): last year's report sent and archived, this year's
巡视整改专题 report approved and waiting for the office."""

import datetime
import hashlib
import io

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from meetings.models import Meeting
from orgs.models import User
from reporting import services
from reporting.models import BundleStatus, DocumentKind, FrozenFile, Sending, SendingChannel


@pytest.fixture
def demo(db):
    call_command("seed_demo", stdout=io.StringIO())
    county = {"organisation__name": "云岭县委"}
    return (
        Meeting.objects.get(year=2025, **county),
        Meeting.objects.get(year=2026, kind="special", **county),
    )


def test_last_years_report_and_notification_went_out_within_their_deadlines(demo):
    last_year, _ = demo
    report = Sending.objects.get(meeting=last_year, kind=DocumentKind.REPORT)
    notification = Sending.objects.get(meeting=last_year, kind=DocumentKind.NOTIFICATION)
    # "会后15日内报告", "10日内通报"
    assert last_year.date < report.sent_on <= last_year.date + datetime.timedelta(days=15)
    assert last_year.date < notification.sent_on <= last_year.date + datetime.timedelta(days=10)
    assert report.channel == SendingChannel.CONFIDENTIAL
    assert report.recipients == "市纪委机关、市委组织部"
    assert notification.recipients == "各党支部，县直各单位党员干部"
    # The rows are dated the day it happened, the secretary's approval before the sending.
    for sending in (report, notification):
        assert sending.at.date() == sending.sent_on
        assert sending.approval.by.username == "linzhiyuan"
        assert sending.approval.at < sending.at
    assert report.bundle.status == BundleStatus.DONE


def test_last_years_report_notification_and_bundle_are_frozen_with_their_sha256(demo):
    last_year, _ = demo
    frozen = FrozenFile.objects.filter(meeting=last_year)
    assert {(f.document, f.format) for f in frozen} == {
        (document, fmt) for document in DocumentKind.values for fmt in ("docx", "pdf")
    }
    for row in frozen:
        with row.file.open("rb") as stored:
            content = stored.read()
        assert hashlib.sha256(content).hexdigest() == row.sha256
        assert len(content) == row.size


def test_the_archive_page_of_last_years_meeting_shows_every_frozen_file_to_the_supervisor(demo, client):
    last_year, _ = demo
    client.force_login(User.objects.get(username="huangweimin"))
    body = client.get(reverse("archive_page", args=[last_year.pk])).content.decode()
    for row in FrozenFile.objects.filter(meeting=last_year):
        assert row.sha256 in body


def test_the_special_meetings_report_and_notification_are_approved_current_and_unsent(demo, client):
    _, special = demo
    for kind in (DocumentKind.REPORT, DocumentKind.NOTIFICATION):
        state = services.approval_state(special, kind)
        assert state.current
        assert state.approval.by.username == "linzhiyuan"
    assert not Sending.objects.filter(meeting=special).exists()
    assert special.report_settings.main_recipients == "市纪委机关、市委组织部"
    # The office can send both right away.
    client.force_login(User.objects.get(username="liuwenjing"))
    body = client.get(reverse("reporting_page", args=[special.pk])).content.decode()
    assert 'data-testid="send-form-situation-report"' in body
    assert 'data-testid="send-form-notification"' in body


def test_the_office_sends_the_special_meetings_report_from_its_page(demo, client):
    _, special = demo
    client.force_login(User.objects.get(username="liuwenjing"))
    response = client.post(
        reverse("reporting_send", args=[special.pk, DocumentKind.REPORT]),
        {
            "sent_on": timezone.localdate().isoformat(),
            "recipients": "市纪委机关、市委组织部",
            "channel": SendingChannel.ELECTRONIC,
            "confirmed": "on",
        },
    )
    assert response.status_code == 302
    sending = Sending.objects.get(meeting=special, kind=DocumentKind.REPORT)
    assert sending.files.count() == 2


def test_running_the_demo_again_leaves_the_approvals_current(demo):
    call_command("seed_demo", stdout=io.StringIO())
    _, special = demo
    for kind in (DocumentKind.REPORT, DocumentKind.NOTIFICATION):
        assert services.approval_state(special, kind).current
