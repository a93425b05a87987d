"""审定 and 报送: the approval holds the text's fingerprint, the sending freezes the files as they read then."""

import datetime
import hashlib

import pytest
import time_machine
from django.urls import reverse
from docx import Document as read_docx

from meetings import services as meeting_services
from meetings.models import MeetingRecord, ScheduleItem
from meetings.selectors import is_open
from meetings.services import TransitionRefused
from meetings.workflow import Stage, refusals
from reporting import services
from reporting.models import DocumentKind, FrozenFile, ReportSettings, Sending
from reporting.selectors import report_settings

REPORT = DocumentKind.REPORT
NOTIFICATION = DocumentKind.NOTIFICATION
TODAY = datetime.date(2027, 2, 1)


def docx_text(content):
    import io

    return "\n".join(p.text for p in read_docx(io.BytesIO(content)).paragraphs)


def send_report(meeting, office, **fields):
    values = {"sent_on": TODAY, "recipients": "市纪委、市委组织部", "channel": "confidential", "note": ""}
    values.update(fields)
    return services.send(meeting, REPORT, office, **values)


@pytest.fixture(autouse=True)
def today():
    with time_machine.travel(datetime.datetime(2027, 2, 1, 10, 0), tick=False):
        yield


def test_a_document_cannot_go_out_before_the_secretary_approves_it(world, held):
    with pytest.raises(TransitionRefused) as refused:
        send_report(held, world.office)
    assert "尚未经主要负责同志审定" in str(refused.value)
    assert not Sending.objects.exists() and not FrozenFile.objects.exists()


def test_the_approval_goes_stale_when_the_text_changes_and_holds_while_it_does_not(world, held):
    services.approve(held, REPORT, world.secretary)
    assert services.approval_state(held, REPORT).current

    with time_machine.travel(datetime.datetime(2027, 2, 3, 9, 0), tick=False):
        # Two days on, nothing changed: the date the report prints was fixed at the approval.
        assert services.approval_state(held, REPORT).current
        assert report_settings(held).report_dated == TODAY

    services.save_settings(held, world.office, copy_recipients="省委组织部")
    state = services.approval_state(held, REPORT)
    assert state.stale
    with pytest.raises(TransitionRefused) as refused:
        send_report(held, world.office)
    assert "重新审定" in str(refused.value)


def test_sending_freezes_the_docx_and_pdf_with_their_sha256(world, held):
    services.approve(held, REPORT, world.secretary)
    sending = send_report(held, world.office)

    files = {frozen.format: frozen for frozen in sending.files.all()}
    assert set(files) == {"docx", "pdf"}
    for frozen in files.values():
        content = frozen.file.open("rb").read()
        assert hashlib.sha256(content).hexdigest() == frozen.sha256
        assert frozen.size == len(content)
        assert frozen.retention == "permanent"
    assert files["pdf"].file.open("rb").read().startswith(b"%PDF")
    assert "情况的报告" in docx_text(files["docx"].file.open("rb").read())
    assert (sending.number, sending.by, sending.approval.by) == (1, world.office, world.secretary)


def test_the_supervisor_downloads_the_sent_file_after_the_record_is_edited(world, held, client):
    MeetingRecord.objects.create(meeting=held, place="县委常委会议室")
    services.approve(held, REPORT, world.secretary)
    frozen = send_report(held, world.office).files.get(format="docx")
    sent = frozen.file.open("rb").read()

    MeetingRecord.objects.filter(meeting=held).update(place="县委第二会议室")
    client.force_login(world.supervisor)
    response = client.get(reverse("frozen_download", args=[held.pk, frozen.pk]))

    assert response.status_code == 200
    downloaded = b"".join(response.streaming_content)
    assert downloaded == sent
    assert hashlib.sha256(downloaded).hexdigest() == frozen.sha256 == response["X-Content-SHA256"]
    assert "县委常委会议室" in docx_text(downloaded)
    assert "县委第二会议室" not in docx_text(downloaded)
    # The current draft reads the edited record, and its approval is no longer current.
    assert services.approval_state(held, REPORT).stale


def test_a_correction_is_a_second_numbered_freezing_that_keeps_the_first(world, held):
    services.approve(held, REPORT, world.secretary)
    first = send_report(held, world.office)
    services.save_settings(held, world.office, copy_recipients="省委组织部")
    services.approve(held, REPORT, world.secretary)

    with pytest.raises(TransitionRefused) as refused:
        send_report(held, world.office)
    assert "写明更正的内容" in str(refused.value)

    second = send_report(held, world.office, note="增加抄报省委组织部")
    assert [s.number for s in Sending.objects.filter(kind=REPORT)] == [1, 2]
    assert FrozenFile.objects.filter(sending=first).count() == 2
    assert FrozenFile.objects.filter(sending=second).count() == 2
    first_docx = first.files.get(format="docx").file.open("rb").read()
    second_docx = second.files.get(format="docx").file.open("rb").read()
    assert "省委组织部" not in docx_text(first_docx)
    assert "省委组织部" in docx_text(second_docx)


def test_sending_refuses_a_date_in_the_future_and_a_report_without_a_channel(world, held):
    services.approve(held, REPORT, world.secretary)
    with pytest.raises(TransitionRefused) as refused:
        send_report(held, world.office, sent_on=TODAY + datetime.timedelta(days=1), channel="")
    assert "不能晚于今天" in str(refused.value)
    assert "请选择报送方式" in str(refused.value)


def test_the_schedule_row_is_done_when_the_sending_is_recorded(world, held):
    row = ScheduleItem.objects.get(meeting=held, activity="notification")
    assert is_open(row, held)
    services.approve(held, NOTIFICATION, world.secretary)
    services.send(held, NOTIFICATION, world.office, sent_on=TODAY, recipients="各党支部", channel="", note="")

    row.refresh_from_db()
    assert row.done_at is not None
    assert not is_open(row, held)
    assert is_open(ScheduleItem.objects.get(meeting=held, activity="situation_report"), held)


def test_closing_needs_the_report_sent_and_the_notification_issued_or_a_written_reason(world, held):
    meeting = held
    meeting.stage = Stage.REPORTING
    type(meeting).objects.filter(pk=meeting.pk).update(stage=Stage.REPORTING)
    reasons = refusals(meeting)
    assert "情况报告尚未报送上级纪委、组织部。" in reasons and "情况通报尚未印发。" in reasons

    with pytest.raises(TransitionRefused) as refused:
        meeting_services.advance(meeting, world.office, confirmed=True)
    assert "理由" in str(refused.value)

    services.approve(meeting, REPORT, world.secretary)
    services.approve(meeting, NOTIFICATION, world.secretary)
    send_report(meeting, world.office)
    services.send(
        meeting, NOTIFICATION, world.office, sent_on=TODAY, recipients="各党支部", channel="", note=""
    )
    assert refusals(meeting) == []
    meeting_services.advance(meeting, world.office)
    meeting.refresh_from_db()
    assert meeting.stage == Stage.CLOSED


def test_approval_and_sending_need_the_reporting_window(world):
    # Still drafting: nothing of the reporting stage can be done yet.
    with pytest.raises(TransitionRefused):
        services.approve(world.meeting, REPORT, world.secretary)
    with pytest.raises(TransitionRefused):
        services.save_settings(world.meeting, world.office, main_recipients="县纪委")
    assert not ReportSettings.objects.exists()


def test_the_reminders_of_the_report_stop_once_it_is_sent(world, held):
    from reminders import deadlines

    row = ScheduleItem.objects.get(meeting=held, activity="situation_report")
    assert deadlines.still_open("stage", row.pk)
    assert row.pk in {d.object_id for d in deadlines.open_deadlines(meeting=held) if d.kind == "stage"}

    services.approve(held, REPORT, world.secretary)
    send_report(held, world.office)

    assert not deadlines.still_open("stage", row.pk)
    assert row.pk not in {d.object_id for d in deadlines.open_deadlines(meeting=held) if d.kind == "stage"}
