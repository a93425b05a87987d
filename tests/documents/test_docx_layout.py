"""The .docx read back for what Word and WPS do by themselves unless told: CJK/Latin auto-spacing,
punctuation hanging into the margin, rows split across pages, a signature alone on a page."""

import datetime
import io
import subprocess

import pytest
from docx import Document as read_docx
from docx.oxml.ns import qn

from documents.render_bundle import render_bundle_docx
from documents.render_docx import render_docx
from documents.tree import Bundle, Document, NumberedList, Paragraph, Signature, Table

from . import samples

OFF = ("w:autoSpaceDE", "w:autoSpaceDN", "w:overflowPunct")


def read(content):
    return read_docx(io.BytesIO(content))


def with_a_table_last():
    return Document(
        title="整改清单",
        blocks=[
            Paragraph("班子整改清单如下。"),
            Table(["序号", "问题"], [["1", "学习不够"], ["2", "调研不够"]]),
        ],
        signature=Signature(["中共XX街道工作委员会"], datetime.date(2026, 12, 20)),
    )


def with_a_list_last():
    return Document(
        title="实施方案",
        blocks=[Paragraph("要求如下。"), NumberedList(["按时参会", "不得请假"])],
        signature=Signature(["中共XX街道工作委员会"], datetime.date(2026, 12, 20)),
    )


WORD_FILES = {
    "plan": lambda: render_docx(samples.plan()),
    "twenty pages": lambda: render_docx(samples.twenty_pages()),
    "table last": lambda: render_docx(with_a_table_last()),
    "bundle": lambda: render_bundle_docx(
        Bundle(
            "中共XX街道工作委员会", "XX街道2026年度民主生活会", datetime.date(2026, 12, 20), [samples.plan()]
        )
    ),
}


@pytest.fixture(params=sorted(WORD_FILES), scope="module")
def word(request):
    return read(WORD_FILES[request.param]())


def off(ppr, tag):
    element = ppr.find(qn(tag)) if ppr is not None else None
    return element is not None and element.get(qn("w:val")) in ("0", "false", "off")


def test_defaults_and_every_paragraph_style_turn_off_cjk_auto_spacing_and_hanging_punctuation(word):
    styles = word.styles.element
    defaults = styles.find(qn("w:docDefaults")).find(qn("w:pPrDefault")).find(qn("w:pPr"))
    for tag in OFF:
        assert off(defaults, tag), f"docDefaults {tag}"
    paragraph_styles = [s for s in styles.findall(qn("w:style")) if s.get(qn("w:type")) == "paragraph"]
    assert paragraph_styles
    for style in paragraph_styles:
        for tag in OFF:
            assert off(style.find(qn("w:pPr")), tag), f"{style.get(qn('w:styleId'))} {tag}"


def test_no_paragraph_turns_auto_spacing_or_hanging_punctuation_back_on(word):
    for ppr in word.element.body.iter(qn("w:pPr")):
        for tag in OFF:
            element = ppr.find(qn(tag))
            assert element is None or off(ppr, tag), tag


def test_widow_control_keeps_two_lines_of_a_paragraph_on_each_page_as_the_pdf_does(word):
    defaults = word.styles.element.find(qn("w:docDefaults")).find(qn("w:pPrDefault")).find(qn("w:pPr"))
    control = defaults.find(qn("w:widowControl"))
    assert control is not None and control.get(qn("w:val")) in (None, "1", "true", "on")


def test_every_table_row_stays_on_one_page_and_the_header_row_repeats(word):
    rows = [row for table in word.tables for row in table.rows]
    assert rows
    for table in word.tables:
        for number, row in enumerate(table.rows):
            trpr = row._tr.trPr
            assert trpr is not None and trpr.find(qn("w:cantSplit")) is not None
            if number == 0:
                assert trpr.find(qn("w:tblHeader")) is not None


@pytest.mark.parametrize("doc", [samples.plan(), with_a_list_last()], ids=["table", "list"])
def test_the_signature_and_date_keep_with_the_last_body_paragraph(doc):
    word = read(render_docx(doc))
    placed = doc.signature.placement()
    if isinstance(doc.blocks[-1], Table):
        last_row = word.tables[-1].rows[-1]
        before = [p for cell in last_row.cells for p in cell.paragraphs]
        signature = word.paragraphs[-len(placed) :]
    else:
        before, signature = [word.paragraphs[-len(placed) - 1]], word.paragraphs[-len(placed) :]
    assert [p.text for p in signature] == [line for line, _ in placed]
    for paragraph in before:
        assert paragraph.paragraph_format.keep_with_next, paragraph.text
    *kept, date = signature
    for paragraph in kept:
        assert paragraph.paragraph_format.keep_with_next, paragraph.text
    assert not date.paragraph_format.keep_with_next  # the date ends the chain
    assert date.text.endswith("日")


def test_a_signature_after_a_table_keeps_with_its_last_row():
    word = read(render_docx(with_a_table_last()))
    last_row = word.tables[-1].rows[-1]
    assert all(p.paragraph_format.keep_with_next for cell in last_row.cells for p in cell.paragraphs)
    first_rows = word.tables[-1].rows[:-1]
    assert not any(
        p.paragraph_format.keep_with_next for row in first_rows for c in row.cells for p in c.paragraphs
    )


# Title, the empty line under it and paragraphs of 16 and 4 lines fill the 22 lines of page 1: the
# signature's empty line and its two lines do not fit under them. (LibreOffice takes a whole last
# paragraph along, Word and the PDF its last two lines: a last paragraph of a page's length would
# make LibreOffice's pages differ, and such is not written.)
FULL_LINE = 28


def lines_of_text(lines):
    return "国" * (FULL_LINE - 2 + (lines - 1) * FULL_LINE)


def signature_at_the_foot_of_a_page():
    return Document(
        title="版心测试",
        blocks=[Paragraph(lines_of_text(16)), Paragraph(lines_of_text(4))],
        signature=Signature(["中共XX街道工作委员会"], datetime.date(2026, 12, 20)),
    )


def pdf_page_texts(content, tmp_path):
    path = tmp_path / "document.pdf"
    path.write_bytes(content)
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout
    return [page for page in text.split("\f") if page.strip()]


def test_in_the_pdf_the_signature_takes_the_last_lines_of_the_text_to_the_next_page(tmp_path):
    from documents.render_pdf import render_pdf

    pages = pdf_page_texts(render_pdf(signature_at_the_foot_of_a_page()), tmp_path)
    assert len(pages) == 2
    last = pages[-1]
    assert "中共XX街道工作委员会" in last and "2026年12月20日" in last
    # Two lines of the paragraph (widows: 2) go with it, not the signature alone.
    assert last.count("国") >= 2 * FULL_LINE


def test_cells_have_the_pdfs_padding_and_rules_so_rows_are_as_tall_in_both(word):
    # gongwen.css: th, td { border: 0.75pt solid; padding: 2pt 4pt } (twips: twentieths of a point).
    for table in word.tables:
        properties = table._tbl.tblPr
        margins = properties.find(qn("w:tblCellMar"))
        assert {
            side: margins.find(qn(f"w:{side}")).get(qn("w:w")) for side in ("top", "left", "bottom", "right")
        } == {
            "top": "40",
            "left": "80",
            "bottom": "40",
            "right": "80",
        }
        borders = properties.find(qn("w:tblBorders"))
        for side in ("top", "left", "bottom", "right", "insideH", "insideV"):
            assert borders.find(qn(f"w:{side}")).get(qn("w:sz")) == "6", side
