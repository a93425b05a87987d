"""The .docx read back as Word would see it: GB/T 9704 page, fonts, leading and page numbers."""

import io

import pytest
from docx import Document as read_docx
from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml.ns import qn
from docx.shared import Mm

from documents.render_docx import render_docx
from documents.tree import Document, Paragraph

from . import samples

THEME_ATTRIBUTES = [qn(a) for a in ("w:asciiTheme", "w:eastAsiaTheme", "w:hAnsiTheme", "w:cstheme")]


@pytest.fixture(scope="module")
def word():
    return read_docx(io.BytesIO(render_docx(samples.plan())))


def east_asian_font(run):
    return run._element.rPr.rFonts.get(qn("w:eastAsia"))


def paragraph_starting(word, text):
    return next(p for p in word.paragraphs if p.text.startswith(text))


def all_runs(word):
    yield from (run for paragraph in word.paragraphs for run in paragraph.runs)
    for table in word.tables:
        for row in table.rows:
            for cell in row.cells:
                yield from (run for paragraph in cell.paragraphs for run in paragraph.runs)
    section = word.sections[0]
    for footer in (section.footer, section.even_page_footer):
        yield from (run for paragraph in footer.paragraphs for run in paragraph.runs)


def test_a4_page_with_the_gbt_9704_margins(word):
    section = word.sections[0]
    assert abs(section.page_width - Mm(210)) <= Mm(0.5)
    assert abs(section.page_height - Mm(297)) <= Mm(0.5)
    for side, mm in [("top", 37), ("bottom", 35), ("left", 28), ("right", 26)]:
        assert abs(getattr(section, f"{side}_margin") - Mm(mm)) <= Mm(0.5), side


def test_title_is_22pt_xiaobiaosong_centred(word):
    title = word.paragraphs[0]
    assert title.text.replace("\n", "") == samples.TITLE  # its lines are broken by w:br
    assert title.alignment == WD_ALIGN_PARAGRAPH.CENTER
    assert title.runs[0].font.size.pt == 22
    assert east_asian_font(title.runs[0]) == "方正小标宋简体"


def test_date_line_is_kai_under_the_title(word):
    subtitle = word.paragraphs[1]
    assert subtitle.text == "2022年1月11日"
    assert subtitle.alignment == WD_ALIGN_PARAGRAPH.CENTER
    assert east_asian_font(subtitle.runs[0]) == "楷体_GB2312"


def test_body_is_16pt_fangsong_condensed_to_28_characters(word):
    body = paragraph_starting(word, samples.BODY[:10])
    run = body.runs[-1]
    assert run.font.size.pt == 16
    assert east_asian_font(run) == "仿宋_GB2312"
    assert run._element.rPr.find(qn("w:spacing")).get(qn("w:val")) == "-5"
    assert body.paragraph_format.first_line_indent.pt == 32
    assert run._element.rPr.find(qn("w:lang")).get(qn("w:eastAsia")) == "zh-CN"


def test_every_paragraph_has_exactly_28_95pt_leading(word):
    for paragraph in word.paragraphs:
        fmt = paragraph.paragraph_format
        assert fmt.line_spacing_rule == WD_LINE_SPACING.EXACTLY, paragraph.text
        assert fmt.line_spacing.pt == pytest.approx(28.95), paragraph.text
    assert paragraph_starting(word, "一、")._p.pPr.spacing.get(qn("w:line")) == "579"


@pytest.mark.parametrize(
    ("text", "font"),
    [
        ("一、会议主题", "黑体"),
        ("（一）开展好会前学习", "楷体_GB2312"),
        ("1.学习", "仿宋_GB2312"),
        ("（1）原原", "仿宋_GB2312"),
    ],
)
def test_heading_fonts_by_level(word, text, font):
    heading = paragraph_starting(word, text)
    assert [east_asian_font(run) for run in heading.runs] == [font]
    assert heading.runs[0].font.size.pt == 16


def test_lead_is_kai_and_the_rest_fangsong(word):
    paragraph = paragraph_starting(word, samples.LEAD)
    lead, text = paragraph.runs
    assert (lead.text, east_asian_font(lead)) == (samples.LEAD, "楷体_GB2312")
    assert east_asian_font(text) == "仿宋_GB2312"


def test_lists_are_numbered_in_the_text(word):
    texts = [p.text for p in word.paragraphs]
    assert "一是在加强政治理论学习方面" in texts and "二是在坚持以人民为中心方面" in texts


def test_no_run_keeps_a_theme_font_and_every_run_names_its_east_asian_font(word):
    runs = list(all_runs(word))
    assert len(runs) > 20
    for run in runs:
        fonts = run._element.rPr.rFonts
        assert not [a for a in THEME_ATTRIBUTES if fonts.get(a) is not None], run.text
        assert fonts.get(qn("w:eastAsia")) == fonts.get(qn("w:ascii")) == fonts.get(qn("w:hAnsi"))
    normal = word.styles["Normal"].element.rPr
    assert normal.rFonts.get(qn("w:eastAsia")) == "仿宋_GB2312"
    assert normal.find(qn("w:lang")).get(qn("w:eastAsia")) == "zh-CN"


def test_footer_has_a_page_field_between_dashes_in_14pt_song(word):
    section = word.sections[0]
    for footer in (section.footer, section.even_page_footer):
        xml = footer._element.xml
        assert 'w:fldCharType="begin"' in xml and 'w:fldCharType="end"' in xml
        assert "PAGE" in "".join(footer._element.itertext())
        assert footer.paragraphs[0].text.startswith("— ") and footer.paragraphs[0].text.endswith(" —")
        assert {east_asian_font(run) for run in footer.paragraphs[0].runs} == {"宋体"}
        assert {run.font.size.pt for run in footer.paragraphs[0].runs} == {14}
    # Odd pages right, even pages left.
    assert section.footer.paragraphs[0].alignment == WD_ALIGN_PARAGRAPH.RIGHT
    assert section.even_page_footer.paragraphs[0].alignment == WD_ALIGN_PARAGRAPH.LEFT


def test_table_comes_back_with_header_and_rows_and_a_repeating_header(word):
    (table,) = word.tables
    rows = [[cell.text for cell in row.cells] for row in table.rows]
    assert rows == [["序号", "问题", "责任人"], ["1", "学习不够深入", "林书记"], ["2", "调研不够", "成员1"]]
    assert table.rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None
    header_run = table.rows[0].cells[0].paragraphs[0].runs[0]
    assert header_run.font.bold and east_asian_font(header_run) == "仿宋_GB2312"
    assert table.rows[1].cells[1].paragraphs[0].runs[0].font.size.pt == 12


def test_signature_and_date_are_right_aligned_at_the_end(word):
    name, date = word.paragraphs[-2:]
    assert (name.text, date.text) == ("中共XX街道工作委员会", "2022年1月20日")
    assert name.alignment == date.alignment == WD_ALIGN_PARAGRAPH.RIGHT
    assert name.paragraph_format.space_before.pt == pytest.approx(28.95)


def test_landscape_swaps_the_page():
    document = samples.plan()
    document.landscape = True
    section = read_docx(io.BytesIO(render_docx(document))).sections[0]
    assert section.orientation == WD_ORIENT.LANDSCAPE
    assert abs(section.page_width - Mm(297)) <= Mm(0.5)
    assert abs(section.page_height - Mm(210)) <= Mm(0.5)


def test_page_break_starts_the_next_block_on_a_new_page():
    document = samples.twenty_pages()
    word = read_docx(io.BytesIO(render_docx(document)))
    breaks = [p for p in word.paragraphs if p.paragraph_format.page_break_before]
    assert len(breaks) == 1
    assert word.tables[0]._tbl.getprevious() is breaks[0]._p


def test_text_with_markup_characters_survives():
    text = 'A&B <b>不是标签</b> "引号"'
    back = read_docx(io.BytesIO(render_docx(Document("标题", blocks=[Paragraph(text)]))))
    assert back.paragraphs[-1].text == text


def test_strong_run_is_bold_fangsong_between_the_lead_and_the_text():
    document = Document(
        "标题", blocks=[Paragraph("表现。比如，……", lead="（一）方面。", strong="1.概括句。")]
    )
    paragraph = read_docx(io.BytesIO(render_docx(document))).paragraphs[-1]
    assert paragraph.text == "（一）方面。1.概括句。表现。比如，……"
    lead, strong, text = paragraph.runs
    assert (lead.text, east_asian_font(lead), lead.bold) == ("（一）方面。", "楷体_GB2312", None)
    assert (strong.text, east_asian_font(strong), strong.bold) == ("1.概括句。", "仿宋_GB2312", True)
    assert (text.text, east_asian_font(text), text.bold) == ("表现。比如，……", "仿宋_GB2312", None)
    assert strong.font.size.pt == 16
    assert strong._element.rPr.find(qn("w:spacing")).get(qn("w:val")) == "-5"


def test_paragraph_without_strong_has_no_bold_run(word):
    assert not [run.text for run in word.paragraphs[2].runs if run.bold]
    assert [run.text for run in paragraph_starting(word, samples.LEAD).runs if run.bold] == []
