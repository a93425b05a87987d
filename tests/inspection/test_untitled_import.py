"""A material that starts with its opening paragraph: the draft's own title, the opening kept, a warning."""

import io
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse
from docx import Document as read_docx

from documents.export import export
from inspection import services
from inspection.models import Draft, DraftKind
from inspection.parser import looks_like_title, parse_outline

SEED = Path(__file__).parent / "data" / "seed_004_outline.txt"


def seed_lines():
    return [line.strip() for line in SEED.read_text(encoding="utf-8").splitlines() if line.strip()]


def untitled_seed():
    """Seed 004 as offices often send it: the title line left off, the opening paragraph first."""
    return "\n".join(seed_lines()[1:]) + "\n"


def exported_paragraphs(meeting, member, tmp_path):
    path = tmp_path / "outline.docx"
    path.write_bytes(export("personal-outline", meeting, "docx", member=member).content)
    return [p.text for p in read_docx(path).paragraphs if p.text.strip()]


@pytest.mark.parametrize(
    "text",
    [
        "在县委常委班子专题民主生活会上的发言提纲",
        "县委常委班子2026年度民主生活会对照检查材料",
        "张三同志2026年度专题民主生活会个人对照检查材料（讨论稿）",
        "在专题民主生活会上的对照检查发言",
    ],
)
def test_a_short_line_naming_the_document_is_a_title(text):
    assert looks_like_title(text)


@pytest.mark.parametrize(
    "text",
    [
        "根据县委“不忘初心、牢记使命”主题教育工作安排，现将对照检查情况汇报如下：",
        "按照要求，认真查摆问题。以下是发言提纲",  # a sentence in it
        "县委常委班子" + "认真学习" * 14 + "对照检查材料",  # longer than a title line
        "购物清单",  # names no document
    ],
)
def test_an_opening_a_sentence_or_a_long_line_is_not_a_title(text):
    assert not looks_like_title(text)


def test_material_without_title_line_gets_the_given_title_and_keeps_the_opening():
    lines = seed_lines()
    parsed = parse_outline(untitled_seed(), title="在会议上的发言提纲")

    assert parsed.content["title"] == "在会议上的发言提纲"
    assert parsed.content["preamble"] == lines[1]
    assert "未识别到标题，已使用“在会议上的发言提纲”作为标题。" in parsed.warnings
    assert parsed.problems == 17


def test_material_with_its_title_line_keeps_it_and_says_nothing_about_the_title():
    parsed = parse_outline(SEED.read_text(encoding="utf-8"), title="在会议上的发言提纲")

    assert parsed.content["title"] == seed_lines()[0]
    assert not any("标题" in warning for warning in parsed.warnings)


def test_imported_untitled_outline_takes_the_meetings_title_and_round_trips_through_the_docx(world, tmp_path):
    path = tmp_path / "无标题.txt"
    path.write_text(untitled_seed(), encoding="utf-8")
    out = io.StringIO()
    call_command(
        "import_draft", str(world.meeting.pk), "--member", str(world.member.pk), str(path), stdout=out
    )

    draft = Draft.objects.get(meeting=world.meeting, kind=DraftKind.PERSONAL, author=world.member)
    title = services.draft_title(world.meeting, team=False)
    assert draft.content["title"] == title
    assert f"未识别到标题，已使用“{title}”作为标题。" in out.getvalue()

    # import → export: the title the draft would have, the byline, then every line of the file in order.
    printed = exported_paragraphs(world.meeting, world.member, tmp_path)
    opening = seed_lines()[1]
    start = printed.index(opening)
    # The title may be broken over lines (GB/T 9704 §7.3.1), never changed.
    assert "".join(printed[:start]).replace(world.member.name, "").replace("\n", "") == title
    assert printed[start:] == seed_lines()[1:]


def test_the_import_page_warns_that_the_title_was_taken_from_the_meeting(world, login):
    draft = services.draft_for(world.meeting, world.member)
    upload = SimpleUploadedFile("提纲.txt", untitled_seed().encode("utf-8"), content_type="text/plain")
    response = login(world.member).post(
        reverse("draft_import", args=[world.meeting.pk, draft.pk]), {"file": upload, "action": "preview"}
    )

    body = response.content.decode()
    title = services.draft_title(world.meeting, team=False)
    assert f"未识别到标题，已使用“{title}”作为标题。" in body
    assert "5个方面、17个问题、4条原因、5条措施" in body
