"""会议记录 read back as a clerk would: Word and PDF, every name, time and criticism from the record."""

import datetime
import subprocess
from urllib.parse import quote

import pytest
from django.urls import reverse
from docx import Document as read_docx

from documents.export import export
from documents.exporters.minutes import minutes_document
from meetings import record as records
from meetings.models import (
    Attendance,
    Criticism,
    Meeting,
    MeetingPerson,
    MeetingRecord,
    PersonKind,
    Statement,
)
from tests.factories import UserFactory

GUIDE_REMARKS = "会议准备充分，批评开诚布公。\n希望抓好整改落实。"


@pytest.fixture
def held(world, at_the_meeting):
    """A record as the office finished it (on the meeting's day): one member absent, an attendee and the
    guidance group."""
    meeting = world.meeting
    MeetingPerson.objects.create(
        meeting=meeting, kind=PersonKind.GUIDANCE, order=1, name="王组长", title="市委督导组组长"
    )
    MeetingPerson.objects.create(
        meeting=meeting, kind=PersonKind.ATTENDEE, order=1, name="赵主任", title="县纪委监委派驻组"
    )
    record = records.ensure_record(meeting)
    MeetingRecord.objects.filter(pk=record.pk).update(
        start_time=datetime.time(9, 0),
        end_time=datetime.time(11, 30),
        recorder="刘文静",
        agenda="通报上年度民主生活会整改落实情况\n班子成员逐一发言，开展批评和自我批评\n指导组点评",
        guidance_remarks=GUIDE_REMARKS,
        summary="这次会议达到了预期目的。",
    )
    Attendance.objects.filter(record=record, person__user=world.members[2]).update(
        present=False, absence_reason="因公出国"
    )
    a = world.members[0]
    for statement in Statement.objects.filter(record=record).exclude(member=world.members[2]):
        critics = [world.secretary if statement.member != world.secretary else a, None]
        records.save_statement(
            statement,
            by=world.office,
            self_criticism=f"{statement.member.name}：理论学习不够深入。\n调查研究不够。",
            response=f"{statement.member.name}：诚恳接受，立行立改。",
            criticisms=[
                {
                    "id": None,
                    "by": critics[0],
                    "by_name": "",
                    "text": f"对{statement.member.name}：抓落实不够。",
                },
                {
                    "id": None,
                    "by": critics[1],
                    "by_name": "王组长",
                    "text": f"对{statement.member.name}：作风不实。",
                },
            ],
        )
    return record


def docx_lines(meeting, tmp_path):
    path = tmp_path / "minutes.docx"
    path.write_bytes(export("minutes", meeting, "docx").content)
    return [p.text.replace("\n", "") for p in read_docx(path).paragraphs if p.text.strip()]  # title's w:br


def pdf_text(meeting, tmp_path):
    path = tmp_path / "minutes.pdf"
    path.write_bytes(export("minutes", meeting, "pdf").content)
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout
    return "".join(text.split())


def test_minutes_docx_lists_who_was_there_and_every_turn_in_order(world, held, tmp_path):
    lines = docx_lines(world.meeting, tmp_path)
    assert lines[0] == "云岭县委常委班子2026年度民主生活会会议记录"
    for expected in [
        "时间：2027年1月20日上午9时至11时30分",
        "地点：常委会议室",
        "主持人：县委书记林书记",
        "参加人员：林书记（县委书记）、成员1（县委常委1）、成员2（县委常委2）",
        "缺席人员：成员3（因公出国）",
        "列席人员：赵主任（县纪委监委派驻组）",
        "指导组：王组长（市委督导组组长）",
        "记录人：刘文静",
        "1.通报上年度民主生活会整改落实情况",
        "3.指导组点评",
        "（一）林书记同志",
        "自我批评：林书记：理论学习不够深入。",
        "调查研究不够。",
        "1.成员1：对林书记：抓落实不够。",
        "2.王组长：对林书记：作风不实。",
        "表态：林书记：诚恳接受，立行立改。",
        "（二）成员1同志",
        "1.林书记：对成员1：抓落实不够。",
        "（四）成员3同志",
        "缺席会议（因公出国）。",
        "会议准备充分，批评开诚布公。",
        "希望抓好整改落实。",
        "这次会议达到了预期目的。",
    ]:
        assert expected in lines, expected
    order = ["会议议程：", "一、班子成员发言", "（一）林书记同志", "（二）成员1同志", "（三）成员2同志"]
    order += ["（四）成员3同志", "二、指导组点评", "三、主持人总结"]
    positions = [lines.index(line) for line in order]
    assert positions == sorted(positions)
    assert "批评意见：" in lines


@pytest.mark.parametrize(
    "agenda",
    [
        "一、通报上年度整改落实情况\n二、班子成员逐一发言\n三、指导组点评",
        "（一）通报上年度整改落实情况\n（二）班子成员逐一发言\n（三）指导组点评",
        "1.通报上年度整改落实情况\n2.班子成员逐一发言\n3.指导组点评",
        "1、通报上年度整改落实情况\n2、班子成员逐一发言\n3、指导组点评",
        "一是通报上年度整改落实情况\n二是班子成员逐一发言\n三是指导组点评",
    ],
)
def test_minutes_do_not_number_agenda_lines_that_carry_their_own_number(world, held, tmp_path, agenda):
    MeetingRecord.objects.filter(pk=held.pk).update(agenda=agenda)
    lines = docx_lines(world.meeting, tmp_path)
    for line in agenda.splitlines():
        assert line in lines, line
    assert not any(line.startswith(("1.一", "1.（", "1.1", "2.2", "1.一是")) for line in lines)


def test_minutes_number_agenda_lines_that_begin_with_a_year_or_a_figure(world, held, tmp_path):
    MeetingRecord.objects.filter(pk=held.pk).update(agenda="2026年度整改落实情况通报\n1.5万字材料审阅情况")
    lines = docx_lines(world.meeting, tmp_path)
    assert "1.2026年度整改落实情况通报" in lines and "2.1.5万字材料审阅情况" in lines


def test_minutes_pdf_carries_the_same_text(world, held, tmp_path):
    text = pdf_text(world.meeting, tmp_path)
    for expected in [
        "云岭县委常委班子2026年度民主生活会会议记录",
        "缺席人员：成员3（因公出国）",
        "一、班子成员发言",
        "（二）成员1同志",
        "1.林书记：对成员1：抓落实不够。",
        "2.王组长：对成员1：作风不实。",
        "二、指导组点评",
        "三、主持人总结",
        "这次会议达到了预期目的。",
    ]:
        assert expected in text, expected


def test_a_record_not_started_exports_its_headings_marked_not_recorded(world, tmp_path):
    lines = docx_lines(world.meeting, tmp_path)
    assert not MeetingRecord.objects.exists()  # exporting creates nothing
    assert "时间：（未记录）" in lines and "记录人：（未记录）" in lines and "会议议程：（未记录）" in lines
    assert "参加人员：林书记（县委书记）、成员1（县委常委1）、成员2（县委常委2）、成员3（县委常委3）" in lines
    start = lines.index("（一）林书记同志")
    assert lines[start + 1 : start + 4] == [
        "自我批评：（未记录）",
        "批评意见：（未记录）",
        "表态：（未记录）",
    ]
    assert lines[lines.index("二、指导组点评") + 1] == "（未记录）"
    assert lines[lines.index("三、主持人总结") + 1] == "（未记录）"


def test_minutes_download_by_role(world, held, client):
    for fmt in ["docx", "pdf"]:
        url = reverse("document_download", args=[world.meeting.pk, "minutes", fmt])
        for role in ["office", "secretary", "member", "supervisor"]:
            client.force_login(getattr(world, role))
            response = client.get(url)
            assert response.status_code == 200, (role, fmt)
            assert quote(f"民主生活会会议记录.{fmt}") in response["Content-Disposition"], (role, fmt)
        for role in ["other_office", "other_member", "outsider"]:
            client.force_login(getattr(world, role))
            assert client.get(url).status_code == 404, (role, fmt)


def add_criticisms(record, count):
    critic = UserFactory(display_name="提出人")
    Criticism.objects.all().delete()
    Criticism.objects.bulk_create(
        Criticism(
            statement=statement, order=n, by=critic if n % 2 else None, by_name="王组长", text=f"批评{n}"
        )
        for statement in record.statements.all()
        for n in range(count)
    )


def test_minutes_query_count_does_not_grow_with_criticisms(world, held, django_assert_max_num_queries):
    add_criticisms(held, 3)
    with django_assert_max_num_queries(10) as few:
        minutes_document(Meeting.objects.get(pk=world.meeting.pk))
    add_criticisms(held, 20)
    with django_assert_max_num_queries(len(few.captured_queries)):
        tree = minutes_document(Meeting.objects.get(pk=world.meeting.pk))
    items = [block for block in tree.blocks if hasattr(block, "items")]
    assert len(items[-1].items) == 20
