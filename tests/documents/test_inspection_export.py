"""对照检查材料 and 个人发言提纲 read back from Word and PDF: the draft's own text, in the seeds' shape."""

import difflib
import io
import subprocess
from pathlib import Path
from urllib.parse import quote

import pytest
from django.urls import reverse
from docx import Document as read_docx
from docx.oxml.ns import qn

from documents.export import export
from documents.exporters.inspection import draft_document, personal_outline, team_inspection
from documents.tree import Heading, Paragraph
from inspection import content as structure
from inspection.models import Draft
from meetings.models import Meeting

SEED_004 = Path(__file__).resolve().parent.parent / "inspection" / "data" / "seed_004_outline.txt"


def store(meeting, content, author=None):
    """Save ``content`` as the team material (no author) or the author's outline, as version 1."""
    team = author is None
    clean = structure.normalise(content, structure.default_headings(team))
    draft, _ = Draft.objects.update_or_create(
        meeting=meeting,
        kind="team" if team else "personal",
        author=author,
        defaults={"content": clean, "content_hash": structure.content_hash(clean), "version": 1},
    )
    return draft


def problem(lead, text, example=""):
    return {"lead": lead, "text": text, "example": example}


def team_content(meeting):
    """Team material over the meeting's first two aspects, with edited headings, numbered 一是…."""
    aspects = list(meeting.aspects.all())[:2]
    content = structure.empty_content(
        title="云岭县委常委班子2026年度民主生活会对照检查材料", aspects=aspects, team=True
    )
    content["preamble"] = "根据市委安排，县委常委班子认真查摆问题。现将对照检查情况报告如下："
    content["previous"]["text"] = "上一年度查摆的12个问题已整改11个。\n剩余1个正在持续整改。"
    content["problems"]["title"] = "班子存在的突出问题"
    first, second = content["problems"]["groups"]
    first["heading"] = "在学习贯彻新思想方面"
    first["summary"] = "主要是学习的系统性不够。"
    first["items"] = [
        problem("学习“往深处走”不够。", "被动式学习多。", "比如，对纲要的学习不够系统。"),
        problem("学用结合不紧。", "联系实际不够。", "比如，调研成果转化不够。"),
    ]
    second["heading"] = "在担当作为方面。"
    second["items"] = [problem("攻坚克难劲头不足。", "按部就班多。", "比如，产业项目推进缓慢。")]
    content["causes"]["title"] = "问题产生的根源"
    content["causes"]["intro"] = "深入剖析，原因主要有："
    content["causes"]["items"] = [
        {"lead": "理论武装不到位。", "text": "学习抓得不紧。"},
        {"lead": "宗旨意识有所淡化。", "text": "联系群众不够。"},
    ]
    content["measures"]["items"] = [{"lead": "强化理论武装。", "text": "坚持读原著学原文。"}]
    content["matters"]["text"] = "无应报告未报告的个人有关事项。"
    return content


def outline_content(meeting, member):
    """A member's outline numbered 1. 2. with measures in "（一）" and causes in "1."."""
    aspects = list(meeting.aspects.all())[:2]
    content = structure.empty_content(
        title="在县委常委班子民主生活会上的发言提纲", byline=member.name, aspects=aspects
    )
    content["preamble"] = "现将个人对照检查情况汇报如下："
    content["problems"]["intro"] = "对照六个方面，查找出以下问题：\n请大家批评指正。"
    first, second = content["problems"]["groups"]
    first["items"] = [problem("理论学习不深。", "学原著少。", "比如，只读了摘编。")]
    second["items"] = [
        problem("调研不实。", "走马观花多。", "比如，入户调研只有两次。"),
        problem("创新不够。", ""),
    ]
    content["causes"]["style"] = "arabic"
    content["causes"]["items"] = [{"lead": "党性修养有所弱化。", "text": "自我要求放松。"}]
    content["measures"]["items"] = [
        {"lead": "加强理论学习。", "text": "每周集中学习一次。"},
        {"lead": "改进调研作风。", "text": "每月入户调研。"},
    ]
    return content


def docx_of(kind, meeting, tmp_path, member=None):
    path = tmp_path / f"{kind}.docx"
    path.write_bytes(export(kind, meeting, "docx", member=member).content)
    return read_docx(path)


def texts(document):
    # A title's line breaks (w:br) read as "\n": the words are compared, not where the lines break.
    return [p.text.replace("\n", "") for p in document.paragraphs if p.text.strip()]


def paragraph_starting(document, text):
    return next(p for p in document.paragraphs if p.text.startswith(text))


def east_asian_font(run):
    return run._element.rPr.rFonts.get(qn("w:eastAsia"))


def compact(text):
    return "".join(text.split())


def compact_pdf_text(kind, meeting, tmp_path, member=None):
    """The PDF's text without whitespace and without its page numbers ("— 1 —")."""
    path = tmp_path / f"{kind}.pdf"
    path.write_bytes(export(kind, meeting, "pdf", member=member).content)
    text = compact(
        subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout
    )
    page = 1
    while f"—{page}—" in text:
        text = text.replace(f"—{page}—", "", 1)
        page += 1
    return text


def printed(document):
    """The tree's paragraphs as a reader sees them: title, byline, then every block's text."""
    lines = [document.title, *([document.subtitle] if document.subtitle else [])]
    for block in document.blocks:
        lines.append(block.text if isinstance(block, Heading) else block.printed)
    return lines


# --- one source of truth ----------------------------------------------------------------------


@pytest.mark.parametrize("which", ["team", "outline"])
def test_tree_and_docx_print_exactly_the_drafts_own_paragraphs(world, tmp_path, which):
    if which == "team":
        content = structure.normalise(team_content(world.meeting), structure.default_headings(True))
        store(world.meeting, content)
        document = docx_of("team-inspection", world.meeting, tmp_path)
    else:
        content = structure.normalise(outline_content(world.meeting, world.member))
        store(world.meeting, content, author=world.member)
        document = docx_of("personal-outline", world.meeting, tmp_path, member=world.member)
    expected = structure.paragraphs(content)
    assert printed(draft_document(content)) == expected
    assert texts(document) == expected


def test_every_block_is_a_heading_or_a_paragraph_with_its_parts_in_the_right_runs(world):
    content = structure.normalise(team_content(world.meeting), structure.default_headings(True))
    blocks = draft_document(content).blocks
    assert {type(block) for block in blocks} == {Heading, Paragraph}
    assert [block.text for block in blocks if isinstance(block, Heading)] == [
        "一、上一年度民主生活会整改落实情况",
        "二、班子存在的突出问题",
        "三、问题产生的根源",
        "四、整改措施",
        "五、个人有关事项说明",
    ]


# --- the team material ------------------------------------------------------------------------


def test_team_problems_are_numbered_yishi_straight_through_the_aspects(world, tmp_path):
    store(world.meeting, team_content(world.meeting))
    paragraphs = texts(docx_of("team-inspection", world.meeting, tmp_path))
    start = paragraphs.index("二、班子存在的突出问题")
    assert paragraphs[start + 1 : start + 6] == [
        "（一）在学习贯彻新思想方面。主要是学习的系统性不够。",
        "一是学习“往深处走”不够。被动式学习多。比如，对纲要的学习不够系统。",
        "二是学用结合不紧。联系实际不够。比如，调研成果转化不够。",
        "（二）在担当作为方面。",
        "三是攻坚克难劲头不足。按部就班多。比如，产业项目推进缓慢。",
    ]
    assert paragraphs[start + 6 : start + 10] == [
        "三、问题产生的根源",
        "深入剖析，原因主要有：",
        "一是理论武装不到位。学习抓得不紧。",
        "二是宗旨意识有所淡化。联系群众不够。",
    ]
    assert paragraphs[1] == "根据市委安排，县委常委班子认真查摆问题。现将对照检查情况报告如下："
    previous = paragraphs.index("一、上一年度民主生活会整改落实情况")
    assert paragraphs[previous + 1 : previous + 3] == [
        "上一年度查摆的12个问题已整改11个。",
        "剩余1个正在持续整改。",
    ]


def test_team_problem_lead_is_a_bold_run_and_the_group_heading_a_kai_lead(world, tmp_path):
    store(world.meeting, team_content(world.meeting))
    document = docx_of("team-inspection", world.meeting, tmp_path)
    item = paragraph_starting(document, "一是学习")
    strong, text = item.runs
    assert (strong.text, strong.bold, east_asian_font(strong)) == (
        "一是学习“往深处走”不够。",
        True,
        "仿宋_GB2312",
    )
    assert (text.text, text.bold, east_asian_font(text)) == (
        "被动式学习多。比如，对纲要的学习不够系统。",
        None,
        "仿宋_GB2312",
    )
    group = paragraph_starting(document, "（一）在学习")
    lead, summary = group.runs
    assert (lead.text, east_asian_font(lead), lead.bold) == (
        "（一）在学习贯彻新思想方面。",
        "楷体_GB2312",
        None,
    )
    assert (summary.text, summary.bold) == ("主要是学习的系统性不够。", None)
    heading = paragraph_starting(document, "二、班子存在的突出问题")
    assert [east_asian_font(run) for run in heading.runs] == ["黑体"]
    cause = paragraph_starting(document, "二是宗旨意识")
    assert [(run.text, run.bold) for run in cause.runs] == [
        ("二是宗旨意识有所淡化。", True),
        ("联系群众不够。", None),
    ]


def test_team_material_in_arabic_style_numbers_1_2_3(world, tmp_path):
    content = team_content(world.meeting)
    content["problems"]["style"] = "arabic"
    store(world.meeting, content)
    paragraphs = texts(docx_of("team-inspection", world.meeting, tmp_path))
    assert [p[:2] for p in paragraphs if p.startswith(("1.", "2.", "3."))] == ["1.", "2.", "3."]
    assert "3.攻坚克难劲头不足。按部就班多。比如，产业项目推进缓慢。" in paragraphs


def test_team_material_not_written_yet_prints_its_title_and_headings(world, tmp_path):
    assert not Draft.objects.filter(meeting=world.meeting, kind="team").exists()
    meeting = world.meeting
    paragraphs = texts(docx_of("team-inspection", meeting, tmp_path))
    name = f"{meeting.organisation.leadership_name}{meeting.display_name}"
    # Aspects with nothing written under them are not printed (the checker warns about them).
    assert paragraphs == [
        f"{name}对照检查材料",
        "一、存在的主要问题",
        "二、产生问题的原因分析",
        "三、整改措施",
    ]


def test_aspects_left_empty_are_not_printed_and_the_rest_are_numbered_in_order(world, tmp_path):
    content = team_content(world.meeting)
    groups = content["problems"]["groups"]
    groups[0]["items"], groups[0]["summary"] = [], ""
    store(world.meeting, content)
    paragraphs = texts(docx_of("team-inspection", world.meeting, tmp_path))
    headings = [p for p in paragraphs if p.startswith("（")]
    assert headings[0] == f"（一）{structure.with_stop(groups[1]['heading'])}{groups[1]['summary']}"
    assert not any(groups[0]["heading"] in p for p in paragraphs)


def test_team_material_pdf_carries_the_same_text_as_the_docx(world, tmp_path):
    store(world.meeting, team_content(world.meeting))
    docx_text = compact("".join(texts(docx_of("team-inspection", world.meeting, tmp_path))))
    assert compact_pdf_text("team-inspection", world.meeting, tmp_path) == docx_text


# --- the personal outline ---------------------------------------------------------------------


def test_outline_has_the_byline_measures_in_kai_and_causes_numbered_in_bold(world, tmp_path):
    store(world.meeting, outline_content(world.meeting, world.member), author=world.member)
    document = docx_of("personal-outline", world.meeting, tmp_path, member=world.member)
    paragraphs = texts(document)
    assert paragraphs[:2] == ["在县委常委班子民主生活会上的发言提纲", world.member.name]
    assert "对照六个方面，查找出以下问题：" in paragraphs and "请大家批评指正。" in paragraphs
    assert "3.创新不够。" in paragraphs  # a problem without text or example is just its lead
    measure = paragraph_starting(document, "（二）改进调研作风")
    lead, text = measure.runs
    assert (lead.text, east_asian_font(lead), lead.bold) == ("（二）改进调研作风。", "楷体_GB2312", None)
    assert text.text == "每月入户调研。"
    cause = paragraph_starting(document, "1.党性修养")
    assert [(run.text, run.bold) for run in cause.runs] == [
        ("1.党性修养有所弱化。", True),
        ("自我要求放松。", None),
    ]


def test_outline_not_written_yet_prints_the_title_byline_and_headings(world, tmp_path):
    paragraphs = texts(docx_of("personal-outline", world.meeting, tmp_path, member=world.members[1]))
    meeting = world.meeting
    assert paragraphs[0] == f"在{meeting.organisation.leadership_name}{meeting.display_name}上的发言提纲"
    assert paragraphs[1] == world.members[1].name
    assert paragraphs[2] == "一、存在的主要问题"
    assert paragraphs[-2:] == ["二、存在问题的原因剖析", "三、下步改进措施"]


def test_outline_of_one_member_never_prints_anothers(world, tmp_path):
    store(world.meeting, outline_content(world.meeting, world.member), author=world.member)
    other = texts(docx_of("personal-outline", world.meeting, tmp_path, member=world.members[1]))
    assert "理论学习不深" not in "".join(other)


def seed_paragraphs():
    return [compact(line) for line in SEED_004.read_text(encoding="utf-8").splitlines() if line.strip()]


def test_imported_seed_outline_reprints_paragraph_by_paragraph(world, tmp_path):
    from inspection.parser import parse_outline

    text = SEED_004.read_text(encoding="utf-8")
    parsed = parse_outline(text, world.meeting.aspects.all())
    store(world.meeting, parsed.content, author=world.member)
    document = docx_of("personal-outline", world.meeting, tmp_path, member=world.member)
    seed = seed_paragraphs()
    printed_paragraphs = [compact(p) for p in texts(document)]
    matcher = difflib.SequenceMatcher(None, seed, printed_paragraphs, autojunk=False)
    identical = sum(block.size for block in matcher.get_matching_blocks())
    share = identical / len(seed)
    print(f"seed 004: {identical} of {len(seed)} paragraphs reprinted identically ({share:.1%})")
    assert share >= 0.95

    # The problems' lead sentences are the bold runs, each with its example in the same paragraph.
    items = [item for _number, _group, item in structure.problems(parsed.content)]
    assert len(items) == 17
    bold = [run.text for p in document.paragraphs for run in p.runs if run.bold]
    for number, item in enumerate(items, 1):
        assert f"{number}.{item['lead']}" in bold

    pdf = compact_pdf_text("personal-outline", world.meeting, tmp_path, member=world.member)
    examples = [item["example"] for item in items if item["example"]]
    assert len(examples) >= 15
    for item in items:
        assert compact(item["lead"]) in pdf, item["lead"]
    for example in examples:
        assert example.startswith("比如，") and compact(example) in pdf, example


# --- downloads --------------------------------------------------------------------------------


def outline_url(meeting, member, fmt="docx"):
    return reverse("document_download", args=[meeting.pk, "personal-outline", fmt]) + f"?member={member.pk}"


def test_member_downloads_their_own_outline_and_not_anothers(world, client):
    a, b = world.members[0], world.members[1]
    store(world.meeting, outline_content(world.meeting, a), author=a)
    client.force_login(a)
    response = client.get(outline_url(world.meeting, a))
    assert response.status_code == 200
    assert quote("个人发言提纲") in response["Content-Disposition"]
    assert "1.理论学习不深。学原著少。比如，只读了摘编。" in texts(read_docx(io.BytesIO(response.content)))

    client.force_login(b)
    response = client.get(outline_url(world.meeting, a))
    assert response.status_code in (403, 404)
    assert "理论学习不深".encode() not in response.content

    for user in (world.supervisor, world.secretary):
        client.force_login(user)
        response = client.get(outline_url(world.meeting, a, "pdf"))
        assert response.status_code == 200, user.name
        assert response.content.startswith(b"%PDF")


def test_team_material_download_by_a_member_and_not_by_an_outsider(world, client):
    store(world.meeting, team_content(world.meeting))
    url = reverse("document_download", args=[world.meeting.pk, "team-inspection", "docx"])
    client.force_login(world.members[2])
    response = client.get(url)
    assert response.status_code == 200
    assert quote("对照检查材料") in response["Content-Disposition"]
    client.force_login(world.outsider)
    response = client.get(url)
    assert response.status_code == 404
    assert "攻坚克难".encode() not in response.content


# --- queries ----------------------------------------------------------------------------------


def many_problems(content, count):
    for group in content["problems"]["groups"]:
        group["items"] = [problem(f"问题{n}。", "表现。", "比如，事例。") for n in range(count)]
    return content


def test_exporters_query_counts_do_not_grow_with_the_draft(
    world, django_assert_num_queries, django_assert_max_num_queries
):
    meeting = Meeting.objects.get(pk=world.meeting.pk)
    with django_assert_max_num_queries(3):  # no draft yet: draft, organisation, aspects
        personal_outline(meeting, world.member)
    meeting = Meeting.objects.get(pk=world.meeting.pk)
    with django_assert_max_num_queries(3):
        team_inspection(meeting)

    store(meeting, team_content(meeting))
    store(meeting, outline_content(meeting, world.member), author=world.member)
    meeting = Meeting.objects.get(pk=world.meeting.pk)
    with django_assert_max_num_queries(2) as team_few:
        team_inspection(meeting)
    with django_assert_max_num_queries(2) as outline_few:
        personal_outline(meeting, world.member)

    store(meeting, many_problems(team_content(meeting), 40))
    store(meeting, many_problems(outline_content(meeting, world.member), 40), author=world.member)
    meeting = Meeting.objects.get(pk=world.meeting.pk)
    with django_assert_num_queries(len(team_few.captured_queries)):
        assert len(team_inspection(meeting).blocks) > 80
    with django_assert_num_queries(len(outline_few.captured_queries)):
        assert len(personal_outline(meeting, world.member).blocks) > 80
