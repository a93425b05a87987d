"""Table rows stay whole on a page, in the .docx and in the PDF, but for a row taller than a third of
the type area, which both let break across pages (Table.flowing_rows): kept whole, such a row jumps
to the next page and leaves the one before it half blank."""

import io
import subprocess

from docx import Document as read_docx
from docx.oxml.ns import qn

from documents.render_docx import render_docx
from documents.render_pdf import render_html, render_pdf
from documents.tree import Document, Table

# In a 40 mm column of 12 pt characters (10 to a line), 200 characters are 20 lines of 20 pt: 141 mm,
# more than a third of the portrait type area (75 mm); 60 characters are 6 lines, 42 mm.
TALL = "整改措施要具体可行" * 22 + "（完）"
SHORT = "整改措施要具体可行。" * 6


def table_of(rows):
    return Document(
        title="整改清单",
        blocks=[Table(["序号", "问题", "整改措施"], rows, widths=[15, 40, 40])],
    )


def test_only_a_row_taller_than_a_third_of_a_page_may_break_across_pages_in_both_formats():
    doc = table_of([["1", "问题甲", SHORT], ["2", "问题乙", TALL], ["3", "问题丙", SHORT]])
    word = read_docx(io.BytesIO(render_docx(doc)))
    whole = [
        row._tr.trPr is not None and row._tr.trPr.find(qn("w:cantSplit")) is not None
        for row in word.tables[0].rows
    ]
    assert whole == [True, True, False, True]  # the header row, then the three rows
    html = render_html(doc)
    assert html.count('<tr class="flows">') == 1
    assert html.index('<tr class="flows">') < html.index("问题乙") < html.index("问题丙")


def pages_of(pdf, tmp_path):
    path = tmp_path / "table.pdf"
    path.write_bytes(pdf)
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout
    return ["".join(page.split()) for page in text.split("\f") if page.strip()]


def test_rows_of_a_quarter_page_are_never_split_in_the_pdf(tmp_path):
    # Twelve rows of six lines each: about three and a half to a page, so most pages end where a row
    # would have broken.
    rows = [[str(n), f"问题{n}开始", SHORT.replace("（完）", "") + f"第{n}行结束"] for n in range(1, 13)]
    pages = pages_of(render_pdf(table_of(rows)), tmp_path)
    assert len(pages) >= 3
    for n in range(1, 13):
        start = next(number for number, page in enumerate(pages) if f"问题{n}开始" in page)
        assert f"第{n}行结束" in pages[start], f"row {n} breaks across pages"


def test_a_tall_row_flows_on_from_the_page_it_starts_on(tmp_path):
    rows = [["1", "问题甲", SHORT], ["2", "问题乙开始", TALL]]
    pages = pages_of(render_pdf(table_of(rows)), tmp_path)
    assert len(pages) == 2
    assert "问题乙开始" in pages[0] and "（完）" in pages[1]
