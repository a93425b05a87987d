"""The supervisor writes the 督导检查表; the office and the secretary read its remarks on the meeting page;
it exports to .docx and PDF with its rows and remarks."""

import io

import pytest
from django.urls import reverse
from docx import Document as read_docx

from documents.export import export
from orgs.models import Role
from supervision.models import Checklist, Verdict
from tests.factories import OrganisationFactory, UserFactory, assign
from tests.reporting.meeting_with_numbers import pdf_text

MARK = "督导意见标记戊"


def remarks_post(version=0, **extra):
    return {
        "version": version,
        "verdict": Verdict.FAIRLY_GOOD,
        "verdict_text": f"会议总体较好。{MARK}",
        "remark_criticisms": f"成员2批评意见偏少{MARK}",
        **extra,
    }


def page(meeting):
    return reverse("supervision_checklist", args=[meeting.pk])


def test_the_supervisor_saves_remarks_and_a_verdict(world, login):
    client = login(world.supervisor)
    assert client.get(page(world.meeting)).status_code == 200
    response = client.post(page(world.meeting), remarks_post())
    assert response.status_code == 302
    saved = Checklist.objects.get(meeting=world.meeting)
    assert saved.verdict == Verdict.FAIRLY_GOOD and saved.by == world.supervisor and saved.version == 1
    assert saved.remarks == {"criticisms": f"成员2批评意见偏少{MARK}"}
    assert MARK in client.get(page(world.meeting)).content.decode()


def test_a_verdict_is_required_with_a_chinese_message_and_nothing_typed_is_lost(world, login):
    response = login(world.supervisor).post(page(world.meeting), remarks_post(verdict=""))
    body = response.content.decode()
    assert response.status_code == 200 and "请选择总体评价" in body
    assert f"成员2批评意见偏少{MARK}" in body
    assert not Checklist.objects.filter(meeting=world.meeting).exists()


def test_saving_over_a_newer_save_says_so_and_keeps_the_text(world, login):
    client = login(world.supervisor)
    client.post(page(world.meeting), remarks_post())
    response = client.post(page(world.meeting), remarks_post(version=0, verdict_text="过时的评价。"))
    body = response.content.decode()
    assert response.status_code == 200 and "保存了较新的检查表" in body and "过时的评价。" in body
    assert Checklist.objects.get(meeting=world.meeting).verdict_text == f"会议总体较好。{MARK}"


def test_the_office_may_read_but_not_write_the_checklist(world, login):
    client = login(world.office)
    assert client.get(page(world.meeting)).status_code == 200
    response = client.post(page(world.meeting), remarks_post())
    assert response.status_code == 403 and "只有本次会议的督导组" in response.content.decode()
    assert not Checklist.objects.filter(meeting=world.meeting).exists()


def test_a_member_may_not_open_the_checklist(world, login):
    assert login(world.member).get(page(world.meeting)).status_code == 403


def test_a_supervisor_of_another_city_gets_404(world, login):
    other_city = OrganisationFactory(name="海川市委")
    stranger = assign(UserFactory(display_name="外市督导"), other_city, Role.SUPERVISOR)
    client = login(stranger)
    assert client.get(page(world.meeting)).status_code == 404
    assert client.post(page(world.meeting), remarks_post()).status_code == 404


@pytest.mark.parametrize("reader, shown", [("office", True), ("secretary", True), ("member", False)])
def test_the_remarks_show_on_the_meeting_page_to_the_office_and_the_secretary(world, login, reader, shown):
    login(world.supervisor).post(page(world.meeting), remarks_post())
    body = (
        login(getattr(world, reader)).get(reverse("meeting_detail", args=[world.meeting.pk])).content.decode()
    )
    assert (MARK in body) is shown


def test_the_office_exports_once_the_supervisor_has_saved(world, login):
    url = reverse("document_download", args=[world.meeting.pk, "supervision-checklist", "docx"])
    assert login(world.office).get(url).status_code == 403
    assert login(world.supervisor).get(url).status_code == 200
    login(world.supervisor).post(page(world.meeting), remarks_post())
    assert login(world.office).get(url).status_code == 200
    assert login(world.member).get(url).status_code == 403


def test_the_export_holds_the_rows_and_the_remarks(world, login):
    login(world.supervisor).post(page(world.meeting), remarks_post())
    document = read_docx(io.BytesIO(export("supervision-checklist", world.meeting, "docx").content))
    cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    assert "每人收到批评意见不少于2条" in cells and f"成员2批评意见偏少{MARK}" in cells
    paragraphs = "".join(p.text for p in document.paragraphs)
    assert "评价等次：较好。" in paragraphs and MARK in paragraphs
    text = pdf_text("supervision-checklist", world.meeting)
    # Table cells wrap in narrow columns, so the PDF is searched for short texts.
    assert "会议时长" in text and "督导组尚未填写" not in text and text.count(MARK) == 2
