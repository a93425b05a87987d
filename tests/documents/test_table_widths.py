"""A table with the tree's column widths is exactly that wide in the PDF, as in the .docx, and WeasyPrint
lays it out with the fixed algorithm (no measuring of every cell's text: issue 15, item 10)."""

import io

import pytest
from docx import Document as read_docx
from docx.shared import Mm

from documents.render_docx import render_docx
from documents.render_pdf import layout_html, render_html, render_preview
from documents.tree import Document, Paragraph, Table

MM = 96 / 25.4  # WeasyPrint's CSS pixels per millimetre
LONG = "学习贯彻党的二十大精神不够深入，联系实际研讨不够，以学促干的成效不明显。" * 3


def table_boxes(box):
    if type(box).__name__ == "TableBox":
        yield box
    for child in getattr(box, "children", ()):
        yield from table_boxes(child)


def laid_out_table(doc):
    pages = layout_html(render_html(doc)).pages
    return next(table for page in pages for table in table_boxes(page._page_box))


def narrow_table():
    """Two columns of 20 and 40 mm, far narrower than the type area, with text that would fill it."""
    return Table(["序号", "问题"], [["1", LONG], ["2", LONG]], widths=[20, 40])


def test_table_is_as_wide_as_its_columns_and_laid_out_fixed():
    table = laid_out_table(Document(title="表格", blocks=[narrow_table()]))
    assert table.style["table_layout"] == "fixed"
    assert table.width == pytest.approx(60 * MM, abs=0.5 * MM)
    assert [w / MM for w in table.column_widths] == pytest.approx([20, 40], abs=0.1)


def test_pdf_columns_are_the_docx_columns():
    doc = Document(title="表格", blocks=[Paragraph("说明。"), narrow_table()])
    word = read_docx(io.BytesIO(render_docx(doc)))
    docx_widths = [column.width / Mm(1) for column in word.tables[0].columns]
    pdf_widths = [w / MM for w in laid_out_table(doc).column_widths]
    assert pdf_widths == pytest.approx(docx_widths, abs=0.1)


def test_table_without_widths_fills_the_type_area():
    table = laid_out_table(Document(title="表格", blocks=[Table(["甲", "乙"], [["1", LONG]])]))
    assert table.width == pytest.approx(156 * MM, abs=0.5 * MM)  # less half a border each side


def test_preview_carries_the_widths_as_data():
    html = render_preview(Document(title="表格", blocks=[narrow_table()]))
    assert '<table data-width="60mm">' in html
    assert '<col data-width="20mm">' in html and '<col data-width="40mm">' in html
    assert "style=" not in html
