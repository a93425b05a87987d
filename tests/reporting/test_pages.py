"""The 报告通报 page and the archive as the office, the secretary and the supervisor use them."""

import csv
import datetime
import hashlib
import io
import zipfile

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from meetings.models import Meeting
from meetings.workflow import Stage
from reporting import services
from reporting.models import DocumentKind, FrozenFile, ReportSettings

TODAY = datetime.date(2027, 2, 1)


@pytest.fixture(autouse=True)
def today():
    with time_machine.travel(datetime.datetime(2027, 2, 1, 10, 0), tick=False):
        yield


def send(meeting, world, kind, note=""):
    services.approve(meeting, kind, world.secretary)
    return services.send(
        meeting,
        kind,
        world.office,
        sent_on=TODAY,
        recipients="市纪委、市委组织部",
        channel="electronic",
        note=note,
    )


def page(client, user, meeting):
    client.force_login(user)
    return client.get(reverse("reporting_page", args=[meeting.pk])).content.decode()


def test_the_office_sees_the_checklist_the_previews_and_the_send_forms(world, held, client):
    body = page(client, world.office, held)
    assert 'data-testid="checklist"' in body
    assert "召开2026年度民主生活会情况的报告" in body  # the report's preview
    assert "情况通报" in body
    assert 'data-testid="send-form-situation-report"' in body
    assert 'data-testid="settings-form"' in body
    assert 'data-testid="approve-situation-report"' not in body  # the secretary approves, not the office
    assert "待审定" in body


def test_the_secretary_approves_and_the_supervisor_only_reads(world, held, client):
    body = page(client, world.secretary, held)
    assert 'data-testid="approve-situation-report"' in body
    assert 'data-testid="send-form-situation-report"' not in body
    client.post(reverse("reporting_approve", args=[held.pk, "situation-report"]))
    assert "已审定" in page(client, world.secretary, held)

    body = page(client, world.supervisor, held)
    for action in ("approve-situation-report", "send-form-situation-report", "settings-form", "bundle-form"):
        assert f'data-testid="{action}"' not in body


def test_a_refused_settings_form_keeps_what_was_typed(world, held, client):
    client.force_login(world.office)
    response = client.post(
        reverse("reporting_settings", args=[held.pk]),
        {"main_recipients": "  ", "copy_recipients": "省委组织部", "notification_recipients": "各党支部"},
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "请填写主送机关" in body
    assert 'value="省委组织部"' in body
    assert not ReportSettings.objects.exists()


def test_a_sending_without_confirmation_is_refused_and_keeps_its_input(world, held, client):
    services.approve(held, DocumentKind.REPORT, world.secretary)
    client.force_login(world.office)
    response = client.post(
        reverse("reporting_send", args=[held.pk, "situation-report"]),
        {"sent_on": "2027-02-01", "recipients": "市纪委、市委组织部（特别标记）", "channel": "confidential"},
    )
    body = response.content.decode()
    assert "请勾选确认后再报送" in body
    assert "市纪委、市委组织部（特别标记）" in body
    assert not FrozenFile.objects.exists()

    response = client.post(
        reverse("reporting_send", args=[held.pk, "situation-report"]),
        {
            "sent_on": "2027-02-01",
            "recipients": "市纪委、市委组织部",
            "channel": "confidential",
            "confirmed": "on",
        },
    )
    assert response.status_code == 302
    assert FrozenFile.objects.filter(document="situation-report").count() == 2
    body = page(client, world.office, held)
    assert "已报送 2027年2月1日" in body


def test_a_late_report_is_marked_on_the_supervisors_pages(world, held, client):
    Meeting.objects.filter(pk=held.pk).update(date=datetime.date(2027, 1, 10))
    held.refresh_from_db()
    from meetings.schedule import reschedule

    reschedule(held)  # the report was due on 25 January
    send(held, world, DocumentKind.REPORT)
    client.force_login(world.supervisor)
    assert "逾期7天报送" in client.get(reverse("meeting_detail", args=[held.pk])).content.decode()
    assert "逾期7天报送" in client.get(reverse("dashboard")).content.decode()
    assert "逾期7天报送" in page(client, world.supervisor, held)


def test_the_archive_lists_every_frozen_file_and_zips_them_with_a_manifest(world, held, client):
    send(held, world, DocumentKind.REPORT)
    send(held, world, DocumentKind.NOTIFICATION)
    client.force_login(world.supervisor)
    body = client.get(reverse("archive_page", args=[held.pk])).content.decode()
    for frozen in FrozenFile.objects.all():
        assert frozen.sha256 in body

    response = client.get(reverse("archive_zip", args=[held.pk]))
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    manifest = list(csv.reader(io.StringIO(archive.read("清单.csv").decode("utf-8-sig"))))
    assert manifest[0][:4] == ["文件", "文档", "格式", "SHA-256"]
    assert len(manifest) == 1 + 4
    for path, _document, _fmt, sha256, _size, recipients, date, retention in manifest[1:]:
        assert hashlib.sha256(archive.read(path)).hexdigest() == sha256
        assert (recipients, date, retention) == ("市纪委、市委组织部", "2027-02-01", "永久")


def test_the_page_and_the_archive_are_found_empty_before_anything_was_sent(world, held, client):
    client.force_login(world.office)
    body = client.get(reverse("archive_page", args=[held.pk])).content.decode()
    assert "尚无存档文件" in body
    assert "尚未生成材料汇编" in page(client, world.office, held)


def test_before_the_meeting_is_held_the_page_says_when_reporting_begins(world, client):
    body = page(client, world.office, world.meeting)
    assert "进入“整改落实”阶段" in body
    assert 'data-testid="send-form-situation-report"' not in body


def queries_of(client, url):
    with CaptureQueriesContext(connection) as context:
        assert client.get(url).status_code == 200
    return len(context)


def test_the_pages_queries_do_not_grow_with_the_sendings(world, held, client):
    client.force_login(world.office)
    urls = [reverse(name, args=[held.pk]) for name in ("reporting_page", "archive_page")]
    send(held, world, DocumentKind.REPORT)
    few = [queries_of(client, url) for url in urls]
    for number in range(2, 5):
        services.save_settings(held, world.office, copy_recipients=f"抄报{number}")
        send(held, world, DocumentKind.REPORT, note=f"第{number}次更正")
    send(held, world, DocumentKind.NOTIFICATION)
    many = [queries_of(client, url) for url in urls]
    assert many == few, (few, many)


def test_an_archived_meeting_shows_its_files_but_no_send_forms(world, held, client):
    send(held, world, DocumentKind.REPORT)
    Meeting.objects.filter(pk=held.pk).update(stage=Stage.CLOSED)
    held.refresh_from_db()
    body = page(client, world.office, held)
    assert "会议已归档" in body
    assert 'data-testid="send-form-situation-report"' not in body
    assert 'data-testid="bundle-form"' not in body
    assert 'data-testid="frozen-situation-report-pdf"' in body
