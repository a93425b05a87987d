"""The talks' criticisms in the meeting record (issue 14, item 1). What a talk between member A and the
secretary said each would raise at the meeting (拟在会上开展批评的问题) is that talk's content, private to
its participants, the secretary, the office and the supervisors (DESIGN §4), until the recorder confirms at
the meeting that it was raised. Until then member B never reads it: not on the record page, not in the
minutes (Word, PDF), not in a report's count. Opening a record page creates nothing, and the record is
taken down in the meeting stage only."""

import datetime
import io
import subprocess

import pytest
from django.urls import reverse
from docx import Document as read_docx

from meetings import talks
from meetings.models import Criticism, MeetingRecord, Statement
from meetings.record import record_problems
from meetings.workflow import Confirmable, Stage
from rectification.candidates import candidate_groups
from reporting.figures import meeting_figures
from tests.rectification.factories import at_stage, member_list

pytestmark = pytest.mark.usefixtures("at_the_meeting")

TO_A = "甲同志分管的联系点走访流于形式"  # the secretary will raise this about member A
TO_SECRETARY = "书记同志听取基层意见不够经常"  # member A will raise this about the secretary
MARKERS = (TO_A, TO_SECRETARY)


@pytest.fixture
def talk(world):
    """Member A and the secretary talked on 8 January; each noted a criticism to raise at the meeting."""
    a = world.members[0]
    at_stage(world.meeting, Stage.TALKS)
    held = talks.record_talk(
        world.meeting,
        a,
        date=datetime.date(2027, 1, 8),
        place="书记办公室",
        topics="思想认识和工作作风",
        improvements="",
        people=[a, world.secretary],
        own_side={"problems_raised": "", "criticisms_to_raise": TO_SECRETARY},
    )
    talks.save_side(held, world.secretary, problems_raised="", criticisms_to_raise=TO_A)
    at_stage(world.meeting, Stage.MEETING)
    return held


def start(client, world):
    """The office starts the record at the meeting."""
    client.force_login(world.office)
    response = client.post(reverse("record_start", args=[world.meeting.pk]))
    assert response.status_code == 302
    return MeetingRecord.objects.get(meeting=world.meeting)


def record_page(client, world, user):
    client.force_login(user)
    response = client.get(reverse("record_detail", args=[world.meeting.pk]))
    assert response.status_code == 200
    return response.content.decode()


def minutes_docx_text(client, world, user):
    client.force_login(user)
    response = client.get(reverse("document_download", args=[world.meeting.pk, "minutes", "docx"]))
    assert response.status_code == 200
    return "\n".join(paragraph.text for paragraph in read_docx(io.BytesIO(response.content)).paragraphs)


def minutes_pdf_text(client, world, user, tmp_path):
    client.force_login(user)
    response = client.get(reverse("document_download", args=[world.meeting.pk, "minutes", "pdf"]))
    assert response.status_code == 200
    path = tmp_path / "minutes.pdf"
    path.write_bytes(response.content)
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout
    return "".join(text.split())


def confirm_at_the_meeting(client, world, member):
    """The recorder ticks 已在会上提出 for every criticism of ``member``'s turn and saves, as the live page does."""
    statement = Statement.objects.get(record__meeting=world.meeting, member=member)
    criticisms = list(statement.criticisms.all())
    client.force_login(world.office)
    page = client.get(reverse("record_live", args=[world.meeting.pk]) + f"?member={statement.pk}")
    for criticism in criticisms:
        assert f'name="criticism-confirmed" value="{criticism.pk}"' in page.content.decode()
    data = {
        "self_criticism": "对照检查了自身存在的问题。",
        "response": "诚恳接受大家的批评。",
        "criticism-id": [str(c.pk) for c in criticisms],
        "criticism-by": [f"u{c.by_id}" for c in criticisms],
        "criticism-by_name": ["" for _ in criticisms],
        "criticism-text": [c.text for c in criticisms],
        "criticism-confirmed": [str(c.pk) for c in criticisms],
    }
    url = reverse("record_statement_save", args=[world.meeting.pk, statement.pk])
    assert client.post(url, data, HTTP_ACCEPT="application/json").status_code == 200


def test_opening_the_record_pages_creates_nothing(world, client, talk):
    client.force_login(world.office)
    for name in ["record_detail", "record_live", "record_edit", "meeting_detail"]:
        response = client.get(reverse(name, args=[world.meeting.pk]))
        assert response.status_code == 200, name
    live = client.get(reverse("record_live", args=[world.meeting.pk])).content.decode()
    assert "会议记录尚未开始" in live and reverse("record_start", args=[world.meeting.pk]) in live
    assert "成员1" in live  # who will speak, from the plan, nothing saved
    assert not MeetingRecord.objects.exists() and not Criticism.objects.exists()


@pytest.mark.parametrize("stage", [Stage.PLANNING, Stage.TALKS, Stage.DRAFTING])
def test_before_the_meeting_stage_the_record_says_why_and_takes_nothing(world, client, talk, stage):
    at_stage(world.meeting, stage)
    client.force_login(world.office)
    for name in ["record_live", "record_edit"]:
        body = client.get(reverse(name, args=[world.meeting.pk])).content.decode()
        assert "会议记录在“召开会议”阶段记录" in body, name
        assert 'data-testid="record-start-form"' not in body and 'id="live-form"' not in body, name
        assert TO_A not in body, name
    detail = client.get(reverse("record_detail", args=[world.meeting.pk])).content.decode()
    assert "会议记录在“召开会议”阶段记录" in detail and "开始现场记录" not in detail
    assert client.post(reverse("record_start", args=[world.meeting.pk])).status_code == 409
    response = client.post(reverse("record_edit", args=[world.meeting.pk]), {"summary": "会前写的总结"})
    assert response.status_code == 409 and "会议记录在“召开会议”阶段记录" in response.content.decode()
    assert not MeetingRecord.objects.exists() and not Criticism.objects.exists()


def test_a_talks_criticism_stays_with_the_talks_readers_until_confirmed_at_the_meeting(
    world, client, talk, tmp_path
):
    a, b, _ = world.members
    start(client, world)
    assert set(Criticism.objects.values_list("text", "confirmed")) == {(TO_A, False), (TO_SECRETARY, False)}

    # Member B was in neither talk: nothing of it, anywhere.
    body = record_page(client, world, b)
    assert not any(marker in body for marker in MARKERS)
    docx = minutes_docx_text(client, world, b)
    pdf = minutes_pdf_text(client, world, b, tmp_path)
    assert not any(marker in docx or marker in pdf for marker in MARKERS)
    # Those who may read the talk see it on the record page, marked as waiting for confirmation.
    for reader in [world.office, world.secretary, a, world.supervisor]:
        body = record_page(client, world, reader)
        assert TO_A in body and TO_SECRETARY in body and "待会上确认" in body, reader
    # The minutes are what was said at the meeting: not even the office's copy prints it yet.
    assert not any(marker in minutes_docx_text(client, world, world.office) for marker in MARKERS)

    confirm_at_the_meeting(client, world, a)
    body = record_page(client, world, b)
    assert TO_A in body and TO_SECRETARY not in body  # the secretary's turn is not confirmed yet
    assert TO_SECRETARY in record_page(client, world, a)
    assert TO_A in minutes_docx_text(client, world, b)
    assert TO_A in minutes_pdf_text(client, world, b, tmp_path)
    confirm_at_the_meeting(client, world, world.secretary)
    body = record_page(client, world, b)
    assert TO_A in body and TO_SECRETARY in body and "待会上确认" not in body
    docx = minutes_docx_text(client, world, b)
    assert f"林书记：{TO_A}" in docx and f"成员1：{TO_SECRETARY}" in docx


def test_an_unticked_box_leaves_the_criticism_waiting_and_the_recorder_is_warned(world, client, talk):
    a = world.members[0]
    start(client, world)
    statement = Statement.objects.get(record__meeting=world.meeting, member=a)
    [criticism] = statement.criticisms.all()
    client.force_login(world.office)
    url = reverse("record_statement_save", args=[world.meeting.pk, statement.pk])
    data = {
        "self_criticism": "自我批评。",
        "response": "表态。",
        "criticism-id": [str(criticism.pk), ""],
        "criticism-by": [f"u{world.secretary.pk}", f"u{world.members[1].pk}"],
        "criticism-by_name": ["", ""],
        "criticism-text": [criticism.text, "会上新提出的批评：抓落实不够有力。"],
    }
    answer = client.post(url, data, HTTP_ACCEPT="application/json").json()
    assert any("1条谈心谈话中拟提出的批评意见尚未确认在会上提出" in warning for warning in answer["warnings"])
    assert answer["confirmed_count"] == 1
    assert dict(statement.criticisms.values_list("text", "confirmed")) == {
        TO_A: False,
        "会上新提出的批评：抓落实不够有力。": True,
    }
    waiting = [p for p in record_problems(world.meeting) if "尚未确认在会上提出" in p]
    assert waiting and all(isinstance(p, Confirmable) for p in waiting)  # the office may still move on


def test_the_reports_and_the_rectification_lists_take_only_confirmed_criticisms(world, client, talk):
    a = world.members[0]
    start(client, world)
    assert meeting_figures(world.meeting).criticisms.total == 0
    groups = candidate_groups(member_list(world.meeting, a))
    assert not any(TO_A in candidate.text for group in groups for candidate in group.candidates)

    confirm_at_the_meeting(client, world, a)
    assert meeting_figures(world.meeting).criticisms.total == 1
    groups = candidate_groups(member_list(world.meeting, a))
    assert any(TO_A in candidate.text for group in groups for candidate in group.candidates)
