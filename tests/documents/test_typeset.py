"""The typesetter's own rules, read back from the PDF: no line starts with a closing mark or ends with an
opening one, a name in characters the 仿宋 lacks still prints, a heading never ends a page, page numbers
stand right on odd pages and left on even ones, and two documents typeset at once print as alone."""

import itertools
import re
import subprocess
import threading

from documents.render_pdf import render_pdf
from documents.tree import Document, Heading, Paragraph

from . import samples
from .test_pdf_justification import TOLERANCE, pdf_lines

FILLER = "甲"  # one full-width character: 26 after the two-character indent, 28 on a full line


def tool(*args):
    return subprocess.run([str(a) for a in args], capture_output=True, text=True, check=True).stdout


def page_lines(pdf, tmp_path, page):
    path = tmp_path / f"doc-{page}.pdf"
    path.write_bytes(pdf)
    text = tool("pdftotext", "-layout", "-f", page, "-l", page, path, "-")
    return ["".join(line.split()) for line in text.splitlines() if line.strip()]


def test_a_comma_never_starts_a_line_and_the_line_before_stays_justified(tmp_path):
    # The 27th character, a comma, would start the second line: the 26th goes down with it.
    doc = Document("标点", blocks=[Paragraph(FILLER * 25 + "乙，" + FILLER * 30)])
    pdf = render_pdf(doc)
    lines = page_lines(pdf, tmp_path, 1)
    body = lines[1:-1]
    assert body[0] == FILLER * 25
    assert body[1].startswith("乙，")
    (first, gap), *_ = pdf_lines(pdf, tmp_path)[1:]
    assert abs(gap) <= TOLERANCE, (first, gap)


def test_an_opening_quote_never_ends_a_line(tmp_path):
    # The quote would be the 26th character; as in Pango (and LibreOffice), it keeps with the character
    # before it too, so both go down.
    doc = Document("引号", blocks=[Paragraph(FILLER * 25 + "“乙丙”" + FILLER * 30)])
    body = page_lines(render_pdf(doc), tmp_path, 1)[1:-1]
    assert not any(line.endswith("“") for line in body)
    assert body[0] == FILLER * 24
    assert body[1].startswith(FILLER + "“乙丙”")


def test_a_number_is_not_broken_across_lines(tmp_path):
    doc = Document("数字", blocks=[Paragraph(FILLER * 25 + "12345" + FILLER * 30)])
    body = page_lines(render_pdf(doc), tmp_path, 1)[1:-1]
    assert body[0] == FILLER * 25
    assert body[1].startswith("12345")


def test_characters_the_fangsong_lacks_print_from_the_song(tmp_path):
    # 堃 and 喆 (common in names) are not in FandolFang: they come from Noto Serif CJK, not as blanks.
    doc = Document("姓名", blocks=[Paragraph("参加人员：王堃、张喆同志。")])
    path = tmp_path / "names.pdf"
    path.write_bytes(render_pdf(doc))
    assert "王堃、张喆同志" in "".join(tool("pdftotext", path, "-").split())


def test_a_heading_that_would_end_a_page_starts_the_next(tmp_path):
    # The title, an empty line and 19 lines of text leave one line on page 1: the heading goes over.
    text = samples.PLAIN * 20
    doc = Document(
        "标题", blocks=[Paragraph(text[: 26 + 28 * 18]), Heading("一、下一部分", 1), Paragraph("正文。")]
    )
    pdf = render_pdf(doc)
    first, second = page_lines(pdf, tmp_path, 1), page_lines(pdf, tmp_path, 2)
    assert "一、下一部分" not in first
    assert second[0] == "一、下一部分"


def test_page_numbers_stand_right_on_odd_pages_and_left_on_even_ones(tmp_path):
    path = tmp_path / "long.pdf"
    path.write_bytes(render_pdf(samples.long_text(pages=2)))
    html = tool("pdftotext", "-bbox", path, "-")
    pages = html.split("<page ")[1:]
    numbers = []
    for page in pages[:2]:
        dashes = [line for line in page.splitlines() if ">—<" in line]
        numbers.append(float(dashes[0].split('xMin="')[1].split('"')[0]))
    width = 595.276
    assert numbers[0] > width / 2  # page 1: at the right
    assert numbers[1] < width / 2  # page 2: at the left


def test_documents_typeset_at_the_same_time_print_as_alone():
    documents = [samples.plan(), samples.long_text(pages=2)]
    alone = [render_pdf(doc) for doc in documents]
    results = [None, None]

    def run(index):
        results[index] = render_pdf(documents[index])

    threads = [threading.Thread(target=run, args=(index,)) for index in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert results == alone


def test_a_line_with_a_character_from_another_font_keeps_the_grid(tmp_path):
    # WeasyPrint gave such a line the fallback font's taller box (31 pt): the page lost its 22-line grid.
    text = (samples.PLAIN + "王堃") * 6
    path = tmp_path / "grid.pdf"
    path.write_bytes(render_pdf(Document("行距", blocks=[Paragraph(text)])))
    html = tool("pdftotext", "-bbox-layout", path, "-")
    tops = [float(y) for y in re.findall(r'<line xMin="[\d.]+" yMin="([\d.]+)"', html)][1:-1]  # body lines
    assert len(tops) >= 5
    pitches = {round(b - a, 2) for a, b in itertools.pairwise(tops)}
    assert pitches == {28.95}, pitches
