"""Body paragraphs of the PDF are justified: every line but a paragraph's last ends on the right edge
of the type area, as in LibreOffice's and Word's render of the docx (issue 15, item 2)."""

import datetime
import html
import re
import subprocess

import pytest

from documents.export import export
from documents.exporters import EXPORTERS
from documents.render_pdf import render_pdf
from documents.tree import Document, NumberedList, Paragraph
from feedback import services
from feedback.models import OpinionStatus
from meetings.models import Meeting, MeetingKind
from tests.documents import samples
from tests.documents.test_inspection_export import store, team_content
from tests.factories import make_meeting

MM = 72 / 25.4  # PDF points per millimetre
MARGIN_TOP, MARGIN_BOTTOM, MARGIN_RIGHT = 37, 35, 26  # GB/T 9704: type area 156 × 225 mm (A4 portrait)
TOLERANCE = 0.5  # mm

# Half-width digits and Latin, which made WeasyPrint's lines stop short of the edge.
MIXED = (
    "会议于2026年1月20日上午9时召开，共收集意见建议35条，其中Word文档12份、PDF文件3份，"
    "涉及GB/T 9704标准执行的问题8项，整改完成率达到95.5%，比2025年提高了12个百分点。"
)
OPINIONS = [
    "有的同志学习贯彻党的二十大精神不够深入，2025年理论学习中心组集中学习只有8次，"
    "联系实际研讨不够，以学促干的成效不明显。",
    "深入基层调研不够，全年到联系点调研不足4次，对群众反映的12件民生实事跟踪问效不够，"
    "有的问题久拖未决，群众满意度不高。",
    "落实“第一议题”制度有时流于形式，传达学习多、研究部署少，对GB/T 9704等公文规范"
    "执行不严，文件材料中错漏时有发生。",
]

LINE = re.compile(r'<line xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">(.*?)</line>', re.S)
WORD = re.compile(r"<word [^>]*>(.*?)</word>", re.S)
PAGE = re.compile(r'<page width="([\d.]+)" height="([\d.]+)">(.*?)</page>', re.S)


def compact(text):
    return "".join(text.split())


def pdf_lines(pdf: bytes, tmp_path):
    """Every line of text inside the type area, in reading order: (its text, how far its right end
    falls short of the type area's right edge in mm), on portrait and landscape pages alike."""
    path = tmp_path / "document.pdf"
    path.write_bytes(pdf)
    out = subprocess.run(
        ["pdftotext", "-bbox-layout", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    lines = []
    for width, height, page in PAGE.findall(out):
        right_edge = float(width) / MM - MARGIN_RIGHT
        for _x_min, y_min, x_max, _y_max, words in LINE.findall(page):
            if not MARGIN_TOP - 2 <= float(y_min) / MM <= float(height) / MM - MARGIN_BOTTOM:
                continue  # the page number under the type area
            text = compact("".join(html.unescape(word) for word in WORD.findall(words)))
            lines.append((text, right_edge - float(x_max) / MM))
    return lines


def body_paragraphs(docs):
    """The printed text of the body paragraphs (Paragraph and numbered items) of one document or of a
    bundle's pieces, in order."""
    for block in (block for doc in ([docs] if isinstance(docs, Document) else docs) for block in doc.blocks):
        if isinstance(block, Paragraph):
            yield compact(block.printed)
        elif isinstance(block, NumberedList):
            yield from (compact(item) for item in block.labelled())


def continued_lines(doc, pdf: bytes, tmp_path):
    """For every body paragraph of ``doc``, its lines in the PDF but the last: (text, right end in mm).
    Fails if a paragraph cannot be found line by line, so that nothing goes unmeasured."""
    lines = pdf_lines(pdf, tmp_path)
    measured, start = [], 0
    for paragraph in body_paragraphs(doc):
        for first in range(start, len(lines)):
            if not paragraph.startswith(lines[first][0]) or not lines[first][0]:
                continue
            joined, end = "", first
            while end < len(lines) and len(joined) < len(paragraph):
                joined += lines[end][0]
                end += 1
            if joined == paragraph:
                measured.extend(lines[first : end - 1])
                start = end
                break
        else:
            pytest.fail(f"paragraph not found line by line in the PDF: {paragraph[:40]}…")
    return measured


def assert_justified(doc, pdf: bytes, tmp_path, at_least: int):
    """Every continued line of ``doc``'s body paragraphs (a Document, or a bundle's pieces) ends on the
    right edge of the type area; returns how many lines were measured."""
    measured = continued_lines(doc, pdf, tmp_path)
    assert len(measured) >= at_least, "the document has too few continued lines to measure"
    short = [(text, round(gap, 2)) for text, gap in measured if abs(gap) > TOLERANCE]
    assert not short, (
        f"{len(short)} of {len(measured)} continued lines miss the right edge (mm short): {short[:5]}"
    )
    return len(measured)


def test_digits_and_latin_lines_reach_the_right_edge(tmp_path):
    doc = Document(
        title="对照检查材料",
        blocks=[
            Paragraph(MIXED * 3),
            Paragraph(samples.BODY * 3, lead=samples.LEAD),
            Paragraph(
                "一是学习不够深入。" * 20
            ),  # 。 cannot start a line: the line before ends a character early
            NumberedList([MIXED, OPINIONS[0]], style="yishi"),
            Paragraph(MIXED, indent=False),
        ],
        signature=samples.plan().signature,
    )
    assert_justified(doc, render_pdf(doc), tmp_path, at_least=15)


def test_a_line_that_starts_with_a_lead_in_another_font_reaches_the_right_edge(tmp_path):
    # The 情况报告's paragraph: the lead's last character owed the gap after it (0.74 mm short).
    text = "会前共开展谈心谈话2次、4人次。按照“四必谈”要求，应谈10对，已谈8对，其中班子成员之间应谈6对。"
    doc = Document(title="测试", blocks=[Paragraph(text, lead="（三）谈心谈话。")])
    assert_justified(doc, render_pdf(doc), tmp_path, at_least=2)


def test_a_paragraphs_last_line_stays_at_the_left(tmp_path):
    # The first line holds "2026年" and 25 characters; the last one the other 6.
    doc = Document(
        title="测试", blocks=[Paragraph("2026年" + samples.PLAIN[:26] + "现予通报。", indent=False)]
    )
    pdf = render_pdf(doc)
    (first, first_gap), (last, last_gap) = pdf_lines(pdf, tmp_path)[-2:]  # after the title
    assert abs(first_gap) <= TOLERANCE
    assert last == samples.PLAIN[25] + "现予通报。"
    assert last_gap > 100, "the final line is stretched to the edge"


def test_plan_is_justified(world, tmp_path):
    doc = EXPORTERS["plan"].build(world.meeting)
    assert_justified(doc, export("plan", world.meeting, "pdf").content, tmp_path, at_least=5)


def test_opinion_summary_is_justified(world, tmp_path):
    meeting = make_meeting(
        world.county,
        world.office,
        date=datetime.date(2026, 1, 20),
        template_kind=MeetingKind.SPECIAL,
        kind=MeetingKind.SPECIAL,
        year=2025,
    )
    services.create_default_choices(meeting)
    aspects = list(meeting.aspects.all())
    categories = list(meeting.source_categories.all())
    channels = list(meeting.channels.all())
    for n, text in enumerate(OPINIONS * 3):
        services.create_opinion(
            meeting,
            text=text,
            channel=channels[n % len(channels)],
            category=categories[n % len(categories)],
            aspect=aspects[n % 2],
            by=world.office,
            status=OpinionStatus.ACCEPTED,
        )
    meeting = Meeting.objects.select_related("organisation", "host").get(pk=meeting.pk)
    doc = EXPORTERS["opinions-summary"].build(meeting)
    assert_justified(doc, export("opinions-summary", meeting, "pdf").content, tmp_path, at_least=9)


def test_team_material_with_digits_is_justified(world, tmp_path):
    content = team_content(world.meeting)
    content["preamble"] = MIXED * 2
    content["problems"]["groups"][0]["items"][0]["text"] = MIXED
    store(world.meeting, content)
    meeting = Meeting.objects.get(pk=world.meeting.pk)
    doc = EXPORTERS["team-inspection"].build(meeting)
    assert_justified(doc, export("team-inspection", meeting, "pdf").content, tmp_path, at_least=6)
