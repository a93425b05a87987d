"""Render a 材料汇编 (``documents.tree.Bundle``) as one PDF and one .docx.

The pieces are drawn by the documents' own writers (``render_pdf.render_body`` and
``render_docx._Writer``); this module adds the cover, the 目录 and what stands between pieces.

- PDF: one WeasyPrint layout of one HTML page. The 目录's numbers are CSS
  ``target-counter(attr(href), page)``, resolved by WeasyPrint in that same layout; each piece is
  a section that breaks to a new page, a landscape piece on the named page ``landscape``
  (bundle.css).
- docx: the cover and the 目录 are the first section, each piece a section of its own, starting on a
  new page (landscape for a landscape piece). Page numbers continue through the sections. The
  目录 is a TOC field over outline level 0, where each piece's title stands (its headings move
  one level down); its entries are written out as the field's result, so the file reads right
  before Word or LibreOffice updates the field.

Page numbers, in both files: the cover counts as page 1 and prints none; the 目录 starts on page 2
and "— N —" runs straight on through every piece.

Pages break by the same rules in both files, so that Word's pages and the PDF's agree but for the
fonts' own line breaking: two lines of a broken paragraph stay on each page (CSS orphans and widows;
Word's widow control, turned on in this file), a heading stays with what follows, a table row is
never broken and its header repeats. ``estimate_starts`` counts pages by those rules.
"""

import io
import math
import re
import unicodedata
from html import escape
from typing import NamedTuple

from django.templatetags.static import static
from docx import Document as new_docx
from docx.enum.section import WD_SECTION
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_TAB_ALIGNMENT, WD_TAB_LEADER
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Length, Mm, Pt
from docx.text.paragraph import Paragraph as DocxParagraph

from .render_docx import (
    BODY_FONT,
    BODY_PT,
    HEI_FONT,
    KAI_FONT,
    LINE,
    PPR_ORDER,
    RPR_ORDER,
    TITLE_FONT,
    TITLE_PT,
    TRPR_ORDER,
    _child,
    _field_char,
    _outline_level,
    _run,
    _set_up_page,
    _set_up_styles,
    _type_width,
    _Writer,
    core_property,
    page_size,
)
from .render_pdf import STYLESHEET, layout_html, render_body
from .titles import title_lines
from .tree import (
    Bundle,
    Document,
    Heading,
    NumberedList,
    PageBreak,
    Paragraph,
    Table,
    format_date,
    text_width,
)

BUNDLE_STYLESHEET = "documents/bundle.css"
CONTENTS_TITLE = "目　录"
CONTENTS_NUMBER_COLUMN = 2.5  # characters kept free for the page numbers at the right of the 目录
ANCHOR = "piece-{number}"  # the id of a piece's section in the HTML
BOOKMARK = "_TocBundle{number:03d}"  # the bookmark on a piece's title in Word (hidden: leading "_")
TOC_INSTRUCTION = ' TOC \\o "1-1" \\h \\z \\u '  # outline level 0 (\u: by outline level, not by style)

# The cover's vertical spaces, the same in bundle.css: the title a little above a third of the
# way down the 225 mm type area, the compiler and date at the foot (a theme of up to four lines
# still leaves the cover on one page: 10 + 40 + 25 + 10 + 21 + 15 + 41 + 30 + 20 = 212 mm).
COVER_TITLE_PT, COVER_TITLE_LINE = 22, Pt(36)  # 2号 小标宋
COVER_HEADING_PT, COVER_HEADING_LINE = 42, Pt(60)  # 初号 小标宋
COVER_HEADING_SPACING = 210  # twentieths of a point: 0.25 em of 42 pt between the characters
COVER_SPACES = {"title": Mm(40), "heading": Mm(10), "theme": Mm(15), "organisation": Mm(30)}


# --- PDF ---------------------------------------------------------------------------------------------


class LaidOutBundle(NamedTuple):
    content: bytes  # the PDF
    pages: int
    starts: list[int]  # the printed page number on which each piece starts, in order


class RenderedBundle(NamedTuple):
    docx: bytes
    pdf: bytes
    pages: int  # of the PDF


def render_bundle_pdf(bundle: Bundle) -> bytes:
    """The bundle as the bytes of one PDF."""
    return layout_bundle_pdf(bundle).content


def layout_bundle_pdf(bundle: Bundle) -> LaidOutBundle:
    """The PDF with its page count and the page each piece starts on, typeset by documents/typeset.py."""
    from .typeset import typeset_bundle

    return LaidOutBundle(*typeset_bundle(bundle))


def layout_bundle_html(bundle: Bundle) -> LaidOutBundle:
    """The same from WeasyPrint's layout of ``render_bundle_html`` (the engine before typeset.py, kept
    for comparison: bench/bundle.py)."""
    laid_out = layout_html(render_bundle_html(bundle))
    first_page = {}
    for number, page in enumerate(laid_out.pages, 1):
        for anchor in page.anchors:
            first_page.setdefault(anchor, number)
    starts = [first_page[ANCHOR.format(number=n)] for n in range(1, len(bundle.pieces) + 1)]
    return LaidOutBundle(laid_out.write_pdf(), len(laid_out.pages), starts)


def render_bundle_html(bundle: Bundle) -> str:
    """The whole bundle as one HTML page: cover, 目录, then every piece in a section of its own."""
    head = [
        "<!DOCTYPE html>",
        '<html lang="zh-CN">',
        "<head>",
        '<meta charset="utf-8">',
        f"<title>{escape(bundle.title + bundle.heading)}</title>",
        f'<link rel="stylesheet" href="{escape(static(STYLESHEET))}">',
        f'<link rel="stylesheet" href="{escape(static(BUNDLE_STYLESHEET))}">',
        "</head>",
        "<body>",
    ]
    body = [_cover_html(bundle), _contents_html(bundle)]
    for number, piece in enumerate(bundle.pieces, 1):
        css = "piece landscape" if piece.landscape else "piece"
        body.append(f'<section class="{css}" id="{ANCHOR.format(number=number)}">')
        body.append(render_body(piece))
        body.append("</section>")
    return "\n".join([*head, *body, "</body>", "</html>", ""])


def _cover_html(bundle):
    lines = [
        '<section class="cover">',
        f'<p class="cover-mark">{escape(bundle.mark)}</p>',
        f'<p class="cover-title">{"<br>".join(escape(line) for line in title_lines(bundle.title))}</p>',
        f'<p class="cover-heading">{escape(bundle.heading)}</p>',
    ]
    if bundle.theme:
        lines.append(f'<p class="cover-theme">{escape(bundle.theme)}</p>')
    lines.append(f'<p class="cover-organisation">{escape(bundle.organisation)}</p>')
    lines.append(f'<p class="cover-date">{escape(format_date(bundle.compiled_on))}</p>')
    lines.append("</section>")
    return "\n".join(lines)


def _contents_html(bundle):
    entries = "\n".join(
        f'<li><a href="#{ANCHOR.format(number=n)}">{escape(title)}</a></li>'
        for n, title in enumerate(bundle.contents, 1)
    )
    return (
        '<nav class="toc">'
        f'<header class="document-header"><h1 class="title">{CONTENTS_TITLE}</h1></header>'
        f"<ol>\n{entries}\n</ol></nav>"
    )


# --- docx --------------------------------------------------------------------------------------------


def render_bundle_docx(bundle: Bundle, starts: list[int] | None = None) -> bytes:
    """The bundle as the bytes of one .docx.

    ``starts`` are the pages the 目录 prints for the pieces: pass ``layout_bundle_pdf(...).starts``
    when the PDF is rendered too (``render_bundle_files`` does), the pages of the PDF, which Word's
    follow but for its fonts' line breaking. Without them the pages are **estimates**
    (``estimate_starts``: on bench/bundle.py's 548 pages each within one page of the PDF's). Either
    way they are only the TOC field's cached result: updating the field (F9 in Word, 更新索引 in
    LibreOffice) recounts them from Word's own layout.
    """
    starts = starts if starts is not None else estimate_starts(bundle)
    if len(starts) != len(bundle.pieces):
        raise ValueError(f"{len(bundle.pieces)} pieces but {len(starts)} start pages")
    word = new_docx()
    _set_up_styles(word)
    _keep_two_lines_together(word)
    _set_up_page(word, landscape=False)
    cover = word.sections[0]
    # The cover counts as page 1 and prints no number: an empty first-page footer.
    cover.different_first_page_header_footer = True
    cover.first_page_footer.is_linked_to_previous = False
    word.core_properties.title = core_property(bundle.title + bundle.heading)
    word.core_properties.language = "zh-CN"
    _cover(word, bundle)
    _contents(word, bundle, starts)
    for number, piece in enumerate(bundle.pieces, 1):
        _new_section(word, piece.landscape)
        title = _Writer(word, piece.landscape, outline_offset=1).document(piece)
        _outline_level(title, 1)  # level 1 of the writer is outline level 0, where the TOC looks
        _bookmark(title, number)
    _rows_unbroken(word)
    out = io.BytesIO()
    word.save(out)
    return out.getvalue()


def _keep_two_lines_together(word):
    """Word's widow control on for every paragraph, as CSS orphans and widows are in the PDF (both
    keep two lines of a broken paragraph on each page), so that the two files break pages alike."""
    defaults = word.styles.element.find(qn("w:docDefaults")).find(qn("w:pPrDefault")).find(qn("w:pPr"))
    _child(defaults, "w:widowControl", PPR_ORDER)


def _rows_unbroken(word):
    """No table row breaks across a page, as in the PDF (``tr { break-inside: avoid }``)."""
    for row in word.element.body.iter(qn("w:tr")):
        _child(row.get_or_add_trPr(), "w:cantSplit", TRPR_ORDER)


def render_bundle_files(bundle: Bundle) -> RenderedBundle:
    """Both files, the PDF first, so that the Word file's 目录 prints the PDF's page numbers."""
    pdf = layout_bundle_pdf(bundle)
    return RenderedBundle(render_bundle_docx(bundle, pdf.starts), pdf.content, pdf.pages)


def _paragraph(word, alignment=WD_ALIGN_PARAGRAPH.CENTER, line=LINE, space_before=None):
    paragraph = word.add_paragraph()
    paragraph.alignment = alignment
    fmt = paragraph.paragraph_format
    fmt.space_before = space_before if space_before is not None else Pt(0)
    fmt.space_after = Pt(0)
    fmt.line_spacing = line
    return paragraph


def _cover(word, bundle):
    _run(_paragraph(word, WD_ALIGN_PARAGRAPH.LEFT), bundle.mark, HEI_FONT, BODY_PT)
    title = _paragraph(word, line=COVER_TITLE_LINE, space_before=COVER_SPACES["title"])
    lines = title_lines(bundle.title)  # the cover's title is 2号 as a document's: it breaks as one
    for number, line in enumerate(lines, 1):
        run = _run(title, line, TITLE_FONT, COVER_TITLE_PT, condensed=False)
        if number < len(lines):
            run.add_break()
    heading = _paragraph(word, line=COVER_HEADING_LINE, space_before=COVER_SPACES["heading"])
    run = _run(heading, bundle.heading, TITLE_FONT, COVER_HEADING_PT, condensed=False)
    _child(run._r.get_or_add_rPr(), "w:spacing", RPR_ORDER).set(qn("w:val"), str(COVER_HEADING_SPACING))
    if bundle.theme:
        _run(_paragraph(word, space_before=COVER_SPACES["theme"]), bundle.theme, KAI_FONT, BODY_PT)
    organisation = _paragraph(word, space_before=COVER_SPACES["organisation"])
    _run(organisation, bundle.organisation, BODY_FONT, BODY_PT)
    _run(_paragraph(word), format_date(bundle.compiled_on), BODY_FONT, BODY_PT)


def _contents(word, bundle, starts):
    """目录: a TOC field whose result is the entries written out, each a link to its piece's title."""
    heading = _paragraph(word)
    heading.paragraph_format.page_break_before = True
    heading.paragraph_format.space_after = LINE  # one empty line, as under a document's title
    _run(heading, CONTENTS_TITLE, TITLE_FONT, TITLE_PT, condensed=False)
    right_edge = _type_width(landscape=False)
    last = len(bundle.pieces)
    for number, (title, page) in enumerate(zip(bundle.contents, starts, strict=True), 1):
        entry = _paragraph(word, WD_ALIGN_PARAGRAPH.LEFT)
        entry.paragraph_format.tab_stops.add_tab_stop(right_edge, WD_TAB_ALIGNMENT.RIGHT, WD_TAB_LEADER.DOTS)
        # A long title wraps short of the page numbers' column, as in bundle.css; the tab still
        # reaches the margin.
        entry.paragraph_format.right_indent = Pt(CONTENTS_NUMBER_COLUMN * BODY_PT)
        if number == 1:
            _field(entry, TOC_INSTRUCTION)
        link = OxmlElement("w:hyperlink")
        link.set(qn("w:anchor"), BOOKMARK.format(number=number))
        link.set(qn("w:history"), "1")
        runs = [_run(entry, title, BODY_FONT, BODY_PT)]
        tab = _run(entry, "", BODY_FONT, BODY_PT)
        tab.add_tab()
        runs.append(tab)
        runs.extend(_field(entry, f" PAGEREF {BOOKMARK.format(number=number)} \\h ", str(page), end=True))
        for run in runs:
            link.append(run._r)  # moves the run from the paragraph into the link
        entry._p.append(link)
        if number == last:
            _field_char(entry, "end", BODY_FONT, BODY_PT)


def _field(paragraph, instruction, result=None, end=False):
    """begin / instruction / separate [/ result / end] of a field; returns the runs it added."""
    start = len(paragraph.runs)
    _field_char(paragraph, "begin", BODY_FONT, BODY_PT)
    code = _run(paragraph, "", BODY_FONT, BODY_PT, condensed=False)
    text = OxmlElement("w:instrText")
    text.set(qn("xml:space"), "preserve")
    text.text = instruction
    code._r.append(text)
    _field_char(paragraph, "separate", BODY_FONT, BODY_PT)
    if result is not None:
        _run(paragraph, result, BODY_FONT, BODY_PT)
    if end:
        _field_char(paragraph, "end", BODY_FONT, BODY_PT)
    return paragraph.runs[start:]


def _bookmark(paragraph, number):
    """A bookmark around the paragraph's text, the target of a 目录 entry's link and PAGEREF."""
    start = OxmlElement("w:bookmarkStart")
    start.set(qn("w:id"), str(number))
    start.set(qn("w:name"), BOOKMARK.format(number=number))
    end = OxmlElement("w:bookmarkEnd")
    end.set(qn("w:id"), str(number))
    p = paragraph._p
    p.insert(1 if p.pPr is not None else 0, start)
    p.append(end)


def _new_section(word, landscape):
    """Ends the section so far and starts the next on a new page, numbered on from the last.

    python-docx ends a section with an empty paragraph carrying the section break; an empty line
    could spill onto a page of its own, so the break moves into the piece's last paragraph. After a
    table Word needs a paragraph to carry it: that one is one point high.
    """
    body = word.element.body
    last = body.sectPr.getprevious()
    section = word.add_section(WD_SECTION.NEW_PAGE)
    section.different_first_page_header_footer = False  # the clone of the cover's section had it on
    page_size(section, landscape)
    carrier = body.sectPr.getprevious()
    if last is not None and last.tag == qn("w:p") and (last.pPr is None or last.pPr.sectPr is None):
        last.set_sectPr(carrier.pPr.sectPr)
        body.remove(carrier)
    else:
        fmt = DocxParagraph(carrier, word._body).paragraph_format
        fmt.space_before = fmt.space_after = Pt(0)
        fmt.line_spacing = Pt(1)


# --- page estimates ----------------------------------------------------------------------------------

# What a page holds, in lines of body text and characters of the body font: DESIGN §7 measured 22
# lines of 28 in the portrait type area (156 × 225 mm); landscape's 243 × 138 mm holds 13 lines
# (138 mm ÷ 28.95 pt) of 43 characters (243 mm ÷ 15.75 pt).
PORTRAIT, LANDSCAPE = (22, 28), (13, 43)
TYPE_HEIGHT_MM = {False: 225, True: 138}  # a table's rows fill the whole height, not whole lines
TITLE_SCALE = TITLE_PT / BODY_PT  # a 22 pt title character is this many body characters wide
TABLE_LINE_PT, TABLE_PADDING_PT, TABLE_CHAR_MM = 20, 4, 12 * 25.4 / 72  # 小四 on 20 pt lines
TABLE_BORDER_PT = 0.75
CELL_MARGINS_MM = 3.8  # Word's cell margins, as rectification.WIDTHS measured
# A paragraph broken over two pages leaves at least two lines on each (CSS orphans and widows, and
# Word's widow control, which render_bundle_docx turns on). On bench/bundle.py's 548 pages, counting
# lines without this put the last piece 7 pages early; with it, every piece is within a page.
KEEP_TOGETHER = 2
# Chinese line breaking (UAX #14, as pango breaks): no line starts with a closing mark nor ends with an
# opening one, so the character before it moves down and the line holds one fewer (without this, the
# same bench's pieces start up to 2 pages off).
NO_LINE_START = frozenset("，。、；：？！）》」』】〕”’…—·%,.;:?!)]}")
NO_LINE_END = frozenset("（《「『【〔“‘([{")


def estimate_starts(bundle: Bundle) -> list[int]:
    """The page each piece would start on, from the lines its blocks take and the rules that break
    pages: two lines kept together at either end of a page, a heading kept with what follows, a table
    row never split and the header repeated. An estimate: it does not know the fonts' line breaking."""
    width = PORTRAIT[1] - CONTENTS_NUMBER_COLUMN
    entry_lines = sum(line_count(f"{title}……", width) for title in bundle.contents)
    contents_pages = max(1, math.ceil((2 + entry_lines) / PORTRAIT[0]))
    page, starts = 1 + contents_pages, []
    for piece in bundle.pieces:
        starts.append(page + 1)
        page += estimated_pages(piece)
    return starts


def estimated_pages(doc: Document) -> int:
    """Pages a document takes (see ``estimate_starts``)."""
    per_page, per_line = LANDSCAPE if doc.landscape else PORTRAIT
    type_width_mm = Length(_type_width(doc.landscape)).mm

    def lines(text, indent=2):
        return line_count(text, per_line, indent)

    # The blocks as the page breaker sees them: ("text", lines, keeps with next) or ("rows", header, rows).
    title = title_lines(doc.title, doc.landscape)
    flow = [("text", sum(math.ceil(text_width(line) * TITLE_SCALE / per_line) for line in title), True)]
    if doc.subtitle:
        flow.append(("text", lines(doc.subtitle, indent=0), True))
    flow.append(("space", 1))
    for block in doc.blocks:
        if isinstance(block, Heading):
            flow.append(("text", lines(block.text), True))
        elif isinstance(block, Paragraph):
            flow.append(("text", lines(block.printed, indent=2 if block.indent else 0), False))
        elif isinstance(block, NumberedList):
            flow.extend(("text", lines(item), False) for item in block.labelled())
        elif isinstance(block, Table):
            header, *rows = _row_lines(block, type_width_mm)
            flow.append(("rows", header, rows))
        elif isinstance(block, PageBreak):
            flow.append(("break",))
    if doc.signature is not None:
        flow.append(("whole", 1 + len(doc.signature.placement())))
    pages = _Pages(per_page, Mm(TYPE_HEIGHT_MM[doc.landscape]).pt / LINE.pt)
    for number, item in enumerate(flow):
        kind = item[0]
        if kind == "text":
            following = flow[number + 1] if item[2] and number + 1 < len(flow) else None
            pages.text(item[1], _first_lines(following))
        elif kind == "space":
            pages.space(item[1])
        elif kind == "rows":
            pages.rows(item[1], item[2])
        elif kind == "whole":
            pages.whole(item[1])
        else:
            pages.new_page()
    return pages.count


def line_count(text, per_line, indent=0):
    """Lines a paragraph takes at ``per_line`` characters a line, its first line indented ``indent``:
    CJK characters and the marks of Chinese text are one wide, a run of Latin letters and digits is
    half a character each and never broken."""
    lines, used, previous = 1, indent, None
    for token in _TOKENS.findall(text):
        width = _token_width(token)
        if used + width <= per_line or previous is None:
            used += width
        elif token[0] in NO_LINE_START or previous[-1] in NO_LINE_END:
            lines, used = lines + 1, _token_width(previous) + width
        else:
            lines, used = lines + 1, width
        previous = token
    return lines


_TOKENS = re.compile(r"[\x21-\x7e]+|\s|.", re.S)


def _token_width(token):
    if len(token) > 1 or unicodedata.east_asian_width(token) in "NaH":
        return 0.5 * len(token)
    return 1.0


def _first_lines(item):
    """How much of the next block must share the page with a heading kept with it."""
    if item is None:
        return 0
    if item[0] == "text":
        return min(KEEP_TOGETHER, item[1])
    if item[0] == "rows":
        return item[1] + (item[2][0] if item[2] else 0)
    return 0


class _Pages:
    """Pages of ``per_page`` lines of text (``height`` lines of table rows) filled in order; ``used``
    lines of the current page are taken."""

    def __init__(self, per_page, height):
        self.per_page, self.height, self.count, self.used = per_page, height, 1, 0.0

    @property
    def room(self):
        return math.floor(self.per_page - self.used + 1e-6)

    def new_page(self):
        if self.used:
            self.count, self.used = self.count + 1, 0.0

    def space(self, lines):
        if self.room >= lines:
            self.used += lines

    def text(self, lines, keep_with=0):
        """A paragraph of ``lines``; ``keep_with`` lines of the next block must follow on its page."""
        if lines + keep_with <= self.room:
            self.used += lines
            return
        if keep_with or lines < 2 * KEEP_TOGETHER or self.room < KEEP_TOGETHER:
            # Unbreakable here (a heading, a short paragraph, or no room for two lines): next page.
            self.new_page()
            if lines + keep_with <= self.room or keep_with:
                self.used += lines
                return
        left = lines
        while left > self.room:
            part = min(self.room, left - KEEP_TOGETHER)
            if part < KEEP_TOGETHER:
                self.new_page()
                continue
            left -= part
            self.count, self.used = self.count + 1, 0.0
        self.used += left

    def whole(self, lines):
        """A block that is never broken (the signature)."""
        if lines > self.room:
            self.new_page()
        self.used += lines

    def rows(self, header, rows):
        """A table: rows whole, the header repeated on every page it runs over."""
        first = rows[0] if rows else 0
        if header + first > self.height - self.used:
            self.new_page()
        self.used += header
        for row in rows:
            if self.used + row > self.height and self.used > header:
                self.count, self.used = self.count + 1, header
            self.used += row


def _row_lines(table, type_width_mm):
    """Each row's height, header first, in lines of body text."""
    widths = table.widths or [type_width_mm / len(table.header)] * len(table.header)
    per_cell = [max(1, int((width - CELL_MARGINS_MM) / TABLE_CHAR_MM)) for width in widths]
    heights = []
    for row in [table.header, *table.rows]:
        lines = max(
            sum(line_count(line, chars) for line in str(text).split("\n"))
            for text, chars in zip(row, per_cell, strict=True)
        )
        heights.append((lines * TABLE_LINE_PT + TABLE_PADDING_PT + TABLE_BORDER_PT) / LINE.pt)
    return heights
