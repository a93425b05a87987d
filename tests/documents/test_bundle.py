"""材料汇编 read back as a reader gets it: the 目录 sends them to the page where each piece starts, the
pages are numbered straight through, every piece starts on a new page, the list lies landscape."""

import datetime
import io
import re
import subprocess

import pytest
import time_machine
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from docx import Document as read_docx
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.oxml.ns import qn

from documents.exporters.bundle import RENDER_STEPS, bundle_document, bundle_pieces
from documents.render_bundle import (
    estimate_starts,
    layout_bundle_pdf,
    render_bundle_docx,
)
from documents.tree import Bundle, Document, Heading, Paragraph, Table
from inspection.services import draft_for
from meetings import record as records
from meetings import study, talks
from meetings.models import PlanEvent, PlanStatus, StudyForm
from orgs.models import Role
from tests.conftest import AT_THE_MEETING
from tests.factories import OrganisationFactory, UserFactory, assign, make_meeting
from tests.feedback.factories import opinions
from tests.rectification.factories import items, member_list, team_list

from . import samples

DAY = datetime.date(2027, 1, 8)


def tool(*args):
    """Run a poppler tool; a missing tool is a failure, never a skip."""
    return subprocess.run([str(a) for a in args], capture_output=True, text=True, check=True).stdout


def compact(text):
    return "".join(text.split())


def page_text(path, number):
    return tool("pdftotext", "-layout", "-f", number, "-l", number, path, "-")


def page_count(path):
    return int(re.search(r"^Pages:\s+(\d+)", tool("pdfinfo", path), re.M).group(1))


def page_sizes(path):
    """{page number: "w x h"} from pdfinfo."""
    info = tool("pdfinfo", "-f", 1, "-l", page_count(path), path)
    return {int(n): size for n, size in re.findall(r"^Page\s+(\d+) size:\s+([\d.]+ x [\d.]+)", info, re.M)}


def contents(path, titles):
    """[(title, page)] as the 目录 prints them: each title, its dot leader, then a page number.

    The 目录 runs from page 2 to the page before the first piece; its text is read without
    whitespace, so a title that wraps onto a second line still reads as one.
    """
    text, number = "", 2
    while not (page := compact(page_text(path, number))).startswith(compact(titles[0])):
        text += re.sub(r"—\d+—$", "", page)
        number += 1
    found, position = [], 0
    for title in titles:
        match = re.compile(re.escape(compact(title)) + r"\.+(\d+)").search(text, position)
        assert match, f"{title} is not in the 目录"
        found.append((title, int(match.group(1))))
        position = match.end()
    return found


def piece(title, pages, *, landscape=False):
    """A document of about ``pages`` pages of plain text, or a long table when landscape."""
    if landscape:
        rows = [[str(n), "调查研究不够深入，解决群众急难愁盼问题办法不多。" * 2, "林书记"] for n in range(40)]
        return Document(
            title, blocks=[Table(["序号", "问题", "责任领导"], rows, [20, 190, 33])], landscape=True
        )
    blocks = [Heading("一、基本情况", 1), Paragraph(samples.PLAIN * 15 * pages)]
    return Document(title, subtitle="2027年1月20日", blocks=blocks)


def sample_bundle():
    """26 pieces, so that the 目录 takes two pages; one title wraps in the 目录, one piece lies landscape."""
    pieces = [piece(f"云岭县委常委班子第{n}号材料", 1 + n % 3) for n in range(1, 25)]
    pieces.insert(
        3, piece("云岭县委常委班子2026年度民主生活会整改清单（班子和班子成员问题清单）", 3, landscape=True)
    )
    pieces.append(piece("关于云岭县委常委班子2026年度民主生活会整改措施落实情况的通报", 2))
    return Bundle(
        organisation="中共云岭县委员会",
        title="云岭县委常委班子2026年度民主生活会",
        compiled_on=datetime.date(2027, 2, 5),
        pieces=pieces,
        theme="深入学习贯彻新思想，担当作为",
    )


@pytest.fixture(scope="module")
def bundle():
    return sample_bundle()


@pytest.fixture(scope="module")
def laid_out(bundle, tmp_path_factory):
    result = layout_bundle_pdf(bundle)
    path = tmp_path_factory.mktemp("bundle") / "bundle.pdf"
    path.write_bytes(result.content)
    return path, result


@pytest.fixture(scope="module")
def word(bundle, laid_out, tmp_path_factory):
    path = tmp_path_factory.mktemp("bundle") / "bundle.docx"
    path.write_bytes(render_bundle_docx(bundle, laid_out[1].starts))
    return read_docx(path)


# --- the tree ---------------------------------------------------------------------------------------


def test_a_bundle_needs_pieces_with_titles():
    with pytest.raises(ValueError):
        Bundle("县委", "会议", datetime.date(2027, 2, 5), pieces=[])
    with pytest.raises(ValueError):
        Bundle("县委", "会议", datetime.date(2027, 2, 5), pieces=[Document(" ")])
    with pytest.raises(TypeError):
        Bundle("县委", "会议", datetime.date(2027, 2, 5), pieces=["实施方案"])


# --- the PDF ----------------------------------------------------------------------------------------


def test_pdf_contents_lists_every_piece_on_the_page_where_it_starts(bundle, laid_out):
    path, result = laid_out
    listed = contents(path, bundle.contents)
    assert [title for title, _ in listed] == bundle.contents
    assert listed[0][1] == 4  # cover 1, a 目录 of two pages, then the first piece
    for title, page in listed:
        # The title opens the page: the piece starts on a page of its own, nothing of the last above it.
        assert compact(page_text(path, page)).startswith(compact(title)), (title, page)
        assert compact(title) not in compact(page_text(path, page - 1)), (title, page)
    assert [page for _, page in listed] == result.starts


def test_pdf_pages_are_numbered_straight_through_and_the_cover_is_not(laid_out):
    path, result = laid_out
    assert page_count(path) == result.pages > 60
    cover = page_text(path, 1)
    assert "内部资料" in cover and "材料汇编" in compact(cover) and "2027年2月5日" in cover
    assert "—" not in cover
    for number in range(2, result.pages + 1):
        lines = [line for line in page_text(path, number).splitlines() if line.strip()]
        assert compact(lines[-1]) == f"—{number}—", number


def test_pdf_landscape_piece_has_landscape_pages_and_the_others_portrait(bundle, laid_out):
    path, result = laid_out
    sizes = page_sizes(path)
    index = next(n for n, doc in enumerate(bundle.pieces) if doc.landscape)
    first, after = result.starts[index], result.starts[index + 1]
    assert after - first >= 2  # the table runs over pages
    for number, size in sizes.items():
        expected = "841.89 x 595.276" if first <= number < after else "595.276 x 841.89"
        assert size == expected, number


# --- the docx ---------------------------------------------------------------------------------------


def instructions(document):
    return [text.text for text in document.element.body.iter(qn("w:instrText"))]


def contents_entries(document):
    """The 目录's paragraphs as Word shows them before updating the field: "title<TAB>page"."""
    paragraphs = document.paragraphs
    start = next(n for n, p in enumerate(paragraphs) if p.text == "目　录")
    entries = []
    for paragraph in paragraphs[start + 1 :]:
        entries.append(paragraph.text)
        if paragraph._p.xpath("./w:r/w:fldChar[@w:fldCharType='end']"):
            return entries
    raise AssertionError("the TOC field does not end")


def outline_level(paragraph):
    level = paragraph._p.find(f"{qn('w:pPr')}/{qn('w:outlineLvl')}")
    return None if level is None else int(level.get(qn("w:val")))


def test_docx_contents_is_a_toc_field_with_its_entries_written_out(bundle, laid_out, word):
    assert any(code.strip().startswith('TOC \\o "1-1"') and "\\u" in code for code in instructions(word))
    entries = contents_entries(word)
    assert entries == [
        f"{title}\t{page}" for title, page in zip(bundle.contents, laid_out[1].starts, strict=True)
    ]
    # Each entry links to a bookmark on its piece's title; PAGEREF fields name the same bookmarks.
    anchors = [link.get(qn("w:anchor")) for link in word.element.body.iter(qn("w:hyperlink"))]
    names = [mark.get(qn("w:name")) for mark in word.element.body.iter(qn("w:bookmarkStart"))]
    assert anchors == names and len(names) == len(bundle.pieces)
    assert [code.split()[1] for code in instructions(word) if "PAGEREF" in code] == names


def test_docx_has_a_section_per_piece_numbered_on_and_landscape_for_the_list(bundle, word):
    sections = word.sections
    assert len(sections) == 1 + len(bundle.pieces)  # cover and 目录, then one per piece
    for section, doc in zip(sections[1:], bundle.pieces, strict=True):
        assert section.start_type == WD_SECTION.NEW_PAGE
        orientation = WD_ORIENT.LANDSCAPE if doc.landscape else WD_ORIENT.PORTRAIT
        assert section.orientation == orientation, doc.title
        assert (
            section.page_width > section.page_height
            if doc.landscape
            else section.page_width < section.page_height
        )
        assert not section.different_first_page_header_footer
        assert section.footer.is_linked_to_previous  # the page numbers of the first section go on
    assert any(doc.landscape for doc in bundle.pieces)
    # Numbers continue: no section restarts them.
    assert not [n for n in word.element.body.iter(qn("w:pgNumType")) if n.get(qn("w:start"))]
    # The cover is page 1 without a number; the other pages carry the PAGE field.
    first = sections[0]
    assert first.different_first_page_header_footer
    assert not first.first_page_footer.paragraphs[0].text.strip()
    assert "PAGE" in "".join(t.text for t in first.footer._element.iter(qn("w:instrText")))


def test_docx_breaks_pages_by_the_pdfs_rules(word):
    # Two lines of a broken paragraph on each page (CSS orphans and widows) and rows kept whole.
    defaults = word.styles.element.find(qn("w:docDefaults"))
    assert defaults.find(f"{qn('w:pPrDefault')}/{qn('w:pPr')}/{qn('w:widowControl')}") is not None
    rows = list(word.element.body.iter(qn("w:tr")))
    assert rows and all(row.find(f"{qn('w:trPr')}/{qn('w:cantSplit')}") is not None for row in rows)


def test_docx_piece_titles_are_the_outline_level_the_toc_collects(bundle, word):
    level_zero = [p.text.replace("\n", "") for p in word.paragraphs if outline_level(p) == 0]
    assert level_zero == bundle.contents
    headings = [p for p in word.paragraphs if p.text == "一、基本情况"]
    assert headings and {outline_level(p) for p in headings} == {1}


def test_docx_estimated_pages_come_close_to_the_pdf(bundle, laid_out):
    estimated, laid = estimate_starts(bundle), laid_out[1].starts
    assert all(abs(e - s) <= 1 for e, s in zip(estimated, laid, strict=True)), (estimated, laid)
    entries = contents_entries(read_docx(io.BytesIO(render_bundle_docx(bundle))))
    assert [int(entry.rsplit("\t", 1)[1]) for entry in entries] == estimated


# --- the exporter -----------------------------------------------------------------------------------


def held_meeting(world):
    """Everything of world's meeting that goes into a bundle, except 成员3's outline and the talks' text."""
    meeting = world.meeting
    plan = meeting.plan
    plan.status = PlanStatus.APPROVED
    plan.save()
    PlanEvent.objects.create(
        plan=plan,
        action=PlanEvent.Action.APPROVE,
        by=world.supervisor,
        at=timezone.make_aware(datetime.datetime(2027, 1, 6, 10, 0)),
    )
    # Study and talks are recorded after they took place (meetings.dates).
    with time_machine.travel(AT_THE_MEETING, tick=True):
        study.record_session(
            meeting,
            world.office,
            date=DAY,
            form=StudyForm.CENTRE_GROUP,
            topic="学习党章",
            materials="《章程》",
            summary="",
        )
        study.write_note(
            meeting, world.members[0], date=DAY, material="《决议》", text="只有本人看得到的心得"
        )
        study.write_note(meeting, world.members[0], date=DAY, material="《条例》", text="第二篇心得")
        a, b, _ = world.members
        talks.record_talk(meeting, a, date=DAY, place="", topics="分管领域", improvements="", people=[a, b])
    opinions(meeting, 3)
    draft_for(meeting)
    for member in [world.secretary, a, b]:
        draft_for(meeting, member)
    records.ensure_record(meeting)
    items(team_list(meeting), 2)
    items(member_list(meeting, a), 1)
    return meeting


def test_pieces_come_in_the_order_of_the_work_and_only_those_that_exist(world):
    labels = [label for label, _ in bundle_pieces(held_meeting(world))]
    expected = [
        "实施方案",
        "会前学习情况",
        "征求意见建议汇总",
        "谈心谈话情况",
        "领导班子对照检查材料",
        "个人发言提纲（林书记）",
        "个人发言提纲（成员1）",
        "个人发言提纲（成员2）",
        "会议记录",
        "情况报告",
        "情况通报",
        "整改清单",
        "整改措施落实情况通报",
    ]
    assert labels == expected


def test_a_new_meeting_bundles_its_plan_and_says_nothing_of_the_rest(world):
    labels = [label for label, _ in bundle_pieces(world.meeting)]
    # The report and the 通报 are counted from the records: with none, they say so in words.
    assert labels[0] == "实施方案" and set(labels) <= {"实施方案", "情况报告", "情况通报"}
    tree = bundle_document(world.meeting)
    assert tree.contents[0] == world.meeting.plan.document_title
    assert len(tree.contents) == len(labels)


def test_plan_says_who_approved_it_and_when(world):
    plan = bundle_document(held_meeting(world)).pieces[0]
    assert plan.blocks[-1].text == "本方案经市委组织部黄督导于2027年1月6日审定。"


def test_outlines_are_titled_by_their_author_and_the_study_counts_notes_not_their_text(world):
    tree = bundle_document(held_meeting(world))
    outlines = [doc for doc in tree.pieces if "发言提纲" in doc.title]
    assert [doc.title for doc in outlines] == [
        f"{name}同志在云岭县委常委班子2026年度民主生活会上的发言提纲" for name in ["林书记", "成员1", "成员2"]
    ]
    assert not [doc.subtitle for doc in outlines if doc.subtitle]
    study_piece = next(doc for doc in tree.pieces if doc.title.endswith("会前学习情况"))
    session_table, notes_table = [block for block in study_piece.blocks if isinstance(block, Table)]
    assert session_table.rows == [["1", "2027年1月8日", "理论学习中心组", "学习党章", "4/4"]]
    assert ["2", "成员1", "2"] in notes_table.rows
    assert "只有本人看得到" not in str(study_piece) and "第二篇" not in str(study_piece)


def test_progress_is_reported_after_each_piece_with_the_renders_still_to_come(world):
    meeting = held_meeting(world)
    calls = []
    tree = bundle_document(meeting, progress=lambda done, total, label: calls.append((done, total, label)))
    labels = [label for label, _ in bundle_pieces(meeting)]
    total = len(labels) + RENDER_STEPS
    assert calls == [(n, total, label) for n, label in enumerate(labels, 1)]
    assert len(tree.pieces) == len(labels)


def team_meeting(size):
    """A team of ``size`` (secretary first), each with an outline, a self-study note, a talk and an item."""
    organisation = OrganisationFactory()
    team = [assign(UserFactory(), organisation, Role.SECRETARY)]
    team += [assign(UserFactory(), organisation, Role.MEMBER, n) for n in range(1, size)]
    office = assign(UserFactory(), organisation, Role.OFFICE)
    meeting = make_meeting(organisation, office)
    study.record_session(
        meeting, office, date=DAY, form=StudyForm.SEMINAR, topic="学习", materials="", summary=""
    )
    opinions(meeting, 4)
    draft_for(meeting)
    for n, person in enumerate(team):
        draft_for(meeting, person)
        study.write_note(meeting, person, date=DAY, material="《决议》", text="心得")
        other = team[(n + 1) % size]
        talks.record_talk(
            meeting, person, date=DAY, place="", topics="谈心", improvements="", people=[person, other]
        )
        items(member_list(meeting, person), 1)
    records.ensure_record(meeting)
    items(team_list(meeting), 2)
    return meeting


# The bundle's queries: a fixed number (about 110 today, most of them the report's and the 通报's
# figures) plus ONE per personal outline; nothing else grows with the team.
PER_OUTLINE = 1
CEILING = 160


@pytest.mark.usefixtures("at_the_meeting")  # team_meeting records study and talks: after they took place
def test_bundle_queries_grow_by_one_per_outline_and_no_more(db, django_assert_max_num_queries):
    counted = {}
    for size in (3, 6):
        meeting = team_meeting(size)
        with CaptureQueriesContext(connection) as queries:
            bundle_document(meeting)
        counted[size] = len(queries.captured_queries)
    assert counted[6] - counted[3] <= 3 * PER_OUTLINE, counted
    meeting = team_meeting(6)
    with django_assert_max_num_queries(CEILING):
        bundle_document(meeting)


def test_export_command_writes_the_bundle_pdf_whose_contents_match_its_pages(world, tmp_path):
    meeting = held_meeting(world)
    path = tmp_path / "bundle.pdf"
    out = io.StringIO()
    call_command("export_document", meeting.pk, "bundle", "--format", "pdf", "-o", str(path), stdout=out)
    assert "已导出" in out.getvalue()
    titles = [doc.title for doc in bundle_document(meeting).pieces]
    for title, page in contents(path, titles):
        assert compact(page_text(path, page)).startswith(compact(title)), (title, page)
    landscape = [n for n, size in page_sizes(path).items() if size == "841.89 x 595.276"]
    assert landscape  # the 整改清单


def test_bundle_download_is_never_built_in_the_request(world, client):
    url = reverse("document_download", args=[world.meeting.pk, "bundle", "pdf"])
    client.force_login(world.office)
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"] == reverse("reporting_page", args=[world.meeting.pk])
    client.force_login(world.member)
    assert client.get(url).status_code == 403
    client.force_login(world.outsider)
    assert client.get(url).status_code == 404
