"""The plan read back as a clerk would: Word and PDF, names and dates from the data."""

import io
import subprocess

import pytest
from django.core.management import call_command
from docx import Document as read_docx
from docx.shared import Mm

from documents.export import export
from documents.exporters.plan import plan_document
from meetings.models import Meeting, MeetingPerson, PersonKind
from tests.factories import UserFactory, assign

EAST_ASIA = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}eastAsia"


def east_asian_font(run):
    fonts = run._element.rPr.rFonts
    return fonts.get(EAST_ASIA)


def plan_docx(meeting, tmp_path):
    path = tmp_path / "plan.docx"
    path.write_bytes(export("plan", meeting, "docx").content)
    return read_docx(path)


def test_plan_docx_has_gbt_9704_page_and_fonts(world, tmp_path):
    document = plan_docx(world.meeting, tmp_path)
    section = document.sections[0]
    assert abs(section.page_width - Mm(210)) < Mm(0.5) and abs(section.page_height - Mm(297)) < Mm(0.5)
    for margin, mm in [("top", 37), ("bottom", 35), ("left", 28), ("right", 26)]:
        assert abs(getattr(section, f"{margin}_margin") - Mm(mm)) <= Mm(0.5), margin
    title = document.paragraphs[0]
    assert title.text.replace("\n", "") == world.meeting.plan.document_title  # w:br between its lines
    assert title.runs[0].font.size.pt == 22
    assert east_asian_font(title.runs[0]) == "方正小标宋简体"
    body = next(p for p in document.paragraphs if p.text.startswith("本次民主生活会的主题是"))
    assert body.runs[-1].font.size.pt == 16
    assert east_asian_font(body.runs[-1]) == "仿宋_GB2312"


def test_plan_reads_like_the_seed_plans_with_every_name_and_date_filled(world, tmp_path):
    meeting = world.meeting
    MeetingPerson.objects.create(meeting=meeting, kind=PersonKind.GUIDANCE, order=1, name="市委第三督导组")
    text = "\n".join(p.text for p in plan_docx(meeting, tmp_path).paragraphs)
    headings = [
        "一、指导思想",
        "二、会议主题",
        "三、对照检查内容",
        "四、会前准备",
        "五、会议安排",
        "（一）会议时间和地点。",
        "（二）参会人员",
        "（三）会议议程",
        "六、会后工作",
        "七、工作分工",
        "八、会议纪律",
        "九、工作要求",
    ]
    positions = [text.index(heading) for heading in headings]
    assert positions == sorted(positions)
    assert "会议定于2027年1月20日在常委会议室召开，会期半天。" in text
    assert "1.参加人员" in text and "2.指导人员" in text and "市委第三督导组" in text
    for person in [world.secretary, *world.members]:
        assert f"{person.name}　{person.title}" in text
    assert "会议由县委书记林书记主持，议程如下：" in text
    assert "（一）制定民主生活会方案（2027年1月10日前）。" in text  # 10 days before
    assert "（一）持续用力抓好整改（2027年2月4日前）。" in text  # 15 days after
    assert "重点从以下6个方面" in text
    assert "1.在加强政治理论学习" in text
    assert "xx" not in text.lower()


def test_plan_follows_edits_and_the_meeting_date(world, tmp_path):
    from meetings import services

    services.change_meeting_date(world.meeting, __import__("datetime").date(2027, 2, 10))
    world.meeting.refresh_from_db()
    text = "\n".join(p.text for p in plan_docx(world.meeting, tmp_path).paragraphs)
    assert "会议定于2027年2月10日" in text
    assert "（2027年1月31日前）" in text


def test_plan_pdf_embeds_cjk_fonts_and_carries_title_and_every_participant(world, tmp_path):
    path = tmp_path / "plan.pdf"
    path.write_bytes(export("plan", world.meeting, "pdf").content)
    fonts = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True).stdout
    # columns: name, type, encoding, emb, sub, uni, object, ID (type may hold spaces)
    embedded = [line for line in fonts.splitlines()[2:] if line.split()[-5] == "yes"]
    assert any("CJK" in line or "Fandol" in line for line in embedded), fonts
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout
    compact = "".join(text.split())
    assert "".join(world.meeting.plan.document_title.split()) in compact
    for person in [world.secretary, *world.members]:
        assert person.name in compact


def test_plan_exporter_query_count_does_not_grow_with_people(world, django_assert_max_num_queries):
    meeting = Meeting.objects.get(pk=world.meeting.pk)
    with django_assert_max_num_queries(10) as small:
        plan_document(meeting)
    for i in range(20):
        user = assign(UserFactory(), world.county, "member", 10 + i)
        MeetingPerson.objects.create(
            meeting=meeting, kind=PersonKind.PARTICIPANT, order=10 + i, user=user, name=user.name
        )
    meeting = Meeting.objects.get(pk=world.meeting.pk)
    with django_assert_max_num_queries(len(small.captured_queries)):
        plan_document(meeting)


@pytest.mark.parametrize("fmt", ["docx", "pdf"])
def test_export_document_command_writes_the_file(world, tmp_path, fmt):
    path = tmp_path / f"plan.{fmt}"
    call_command(
        "export_document",
        world.meeting.pk,
        "plan",
        "--format",
        fmt,
        "-o",
        str(path),
        stdout=io.StringIO(),
    )
    head = path.read_bytes()[:4]
    assert head == (b"PK\x03\x04" if fmt == "docx" else b"%PDF")


def test_export_document_command_refuses_an_unknown_meeting(db):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="会议 999 不存在"):
        call_command("export_document", 999, "plan")
