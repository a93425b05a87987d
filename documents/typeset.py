"""Typeset a document tree on the GB/T 9704 page and write its PDF: ``render_pdf.render_pdf``'s engine.

WeasyPrint lays out any HTML and CSS, and pays for that generality: about 18 ms a page of text and
31 ms a page of table, spread over its Python layout code, made our PDF of a 300-page document two
to three times slower than LibreOffice's conversion of our .docx (issue 15, bench/README.md). A
document tree (documents/tree.py) asks for a small, fixed set of things: lines of 仿宋 on a grid of
28.95 pt, justified between characters, first lines indented two characters, headings kept with
what follows, two lines of a broken paragraph on each page, bordered tables whose header repeats
and whose rows stay whole, a signature kept with the last lines, "— N —" under the type area. This
module does exactly that set and nothing else, by the rules gongwen.css gives WeasyPrint, so the two
print the same pages; the 材料汇编 (render_bundle.py), the previews on pages and the HTML keep
WeasyPrint, which resolves the 目录's page numbers.

The pieces:
- ``_Face``: one font file (found by fontconfig through documents/fonts, as WeasyPrint finds it),
  read with HarfBuzz: each character's glyph and advance; at the end a subset of the glyphs used,
  embedded as WeasyPrint embeds it (CIDFont, Identity-H, a ToUnicode map so the text copies out).
- ``_Style`` and ``_run``: text in a font, size and letter spacing becomes glyphs (a character the
  font lacks comes from the next font of ``FALLBACK``, as Pango's fallback does).
- ``_break_lines``: lines by the line-breaking rules Chinese text needs (UAX #14 as Pango applies it:
  no line starts with ，。、；：？！）》」 and the like, none ends with （《「, quotation marks stay
  with their neighbours, Latin words and numbers stay whole).
- ``_Pages``: the flow, page by page, by gongwen.css's rules.
- ``_pdf``: the file, with pydyf (WeasyPrint's own PDF writer).
"""

import functools
import hashlib
import io
import re
from dataclasses import dataclass

import pydyf

from . import fonts
from .titles import title_lines
from .tree import Document, Heading, NumberedList, PageBreak, Paragraph, Signature, Table

MM = 72 / 25.4
PAGE = (210 * MM, 297 * MM)
MARGIN_TOP, MARGIN_RIGHT, MARGIN_BOTTOM, MARGIN_LEFT = 37 * MM, 26 * MM, 35 * MM, 28 * MM
LINE = 28.95  # 22 lines in the 225 mm type area
BODY_PT, TITLE_PT, PAGE_NUMBER_PT, TABLE_PT = 16.0, 22.0, 14.0, 12.0
CONDENSED = -0.25  # letter spacing of the body: 28 characters of 16 pt in 156 mm
INDENT = 2 * BODY_PT
TABLE_LINE = 20.0
CELL_PADDING = (2.0, 4.0)  # down, across
RULE = 0.75  # table borders
NUMBER_GAP = 7 * MM  # the page number's line starts 7 mm below the type area
MAX_GAP = 8.0  # a line that would need more than this between characters stays ragged (justify.py)
BOLD_STROKE = 0.35  # the table header's bold: glyphs filled and stroked, as Word fakes a bold 仿宋
EPSILON = 0.01

# Font roles → the official name documents/fonts maps to a free font (gongwen.css's families).
ROLES = {
    "fang": "仿宋_GB2312",
    "kai": "楷体_GB2312",
    "hei": "黑体",
    "song": "宋体",
    "title": "方正小标宋简体",
}
FALLBACK = ("song", "hei", "fang", "kai", "title")
HEADING_ROLES = {1: "hei", 2: "kai", 3: "fang", 4: "fang"}

# Line breaking (UAX #14 as Pango 1.50 applies it to our text).
NO_BREAK_BEFORE = frozenset(
    "，。、；：？！）》」』】〕〗〉〙〛…‥·・％%,.;:?!)]}℃°′″›»～-‐–—_/〜ゝゞ々ー\u2019\u201d\u00a0\u3000"
)
NO_BREAK_AFTER = frozenset("（《「『【〔〖〈〘〚([{‹«\u2018\u201c\u00a0")
COLLAPSIBLE = re.compile(r"[ \t\n\r\f]+")
QUOTES = frozenset("\u2018\u2019\u201c\u201d\"'")
DASHES = frozenset("—…")


@dataclass(eq=False)
class _Face:
    """One font file and the glyphs a document used of it."""

    name: str  # PostScript-style name, as WeasyPrint writes it ("Noto-Serif-CJK-SC-Bold")
    path: str
    index: int
    serif: bool

    def __post_init__(self):
        import uharfbuzz as hb

        # Mapped, not read: the CJK collections are 20-30 MB each, and a mapped file's pages are shared
        # by every worker and only those of the glyphs used are touched.
        self.blob = hb.Blob.from_file_path(self.path)
        self.face = hb.Face(self.blob, self.index)
        self.font = hb.Font(self.face)
        self.upem = self.face.upem
        extents = self.font.get_font_extents("ltr")
        self.ascent = extents.ascender / self.upem
        self.descent = -extents.descender / self.upem
        self._glyphs = {}

    def glyph(self, char):
        """(glyph id or None, advance in em) of ``char``."""
        try:
            return self._glyphs[char]
        except KeyError:
            gid = self.font.get_nominal_glyph(ord(char))
            advance = self.font.get_glyph_h_advance(gid) / self.upem if gid else 0.0
            self._glyphs[char] = found = (gid, advance)
            return found

    def advance(self, gid):
        return self.font.get_glyph_h_advance(gid) / self.upem


@functools.cache
def _faces(config: str):
    """Role → _Face, for one fontconfig file (the process keeps them: the fonts are read once)."""
    matched = fonts.matched_files()
    faces = {}
    by_file = {}
    for role, official in ROLES.items():
        family, path, index = matched[official]
        bold = role == "title"
        key = (path, index, bold)
        if key not in by_file:
            name = family.replace(" ", "-") + ("-Bold" if bold else "")
            by_file[key] = _Face(name, path, index, serif="Serif" in family.split())
        faces[role] = by_file[key]
    return faces


@dataclass(frozen=True)
class _Style:
    role: str
    size: float
    spacing: float = 0.0
    bold: bool = False


class _Glyph:
    """One character set in a style: its face, glyph and advance (points, letter spacing included)."""

    __slots__ = ("char", "face", "gid", "width", "advance", "style")

    def __init__(self, char, face, gid, width, style):
        self.char, self.face, self.gid, self.style = char, face, gid, style
        self.width = width  # the glyph's own advance
        self.advance = width + style.spacing


class _Fonts:
    """The document's faces and, per style, each character's _Glyph (looked up once)."""

    def __init__(self):
        fonts.configure()
        self.faces = _faces(str(fonts.config_file()))
        self._cache = {}

    def glyphs(self, text, style):
        cache = self._cache.setdefault(style, {})
        out = []
        for char in text:
            glyph = cache.get(char)
            if glyph is None:
                glyph = cache[char] = self._glyph(char, style)
            out.append(glyph)
        return out

    def _glyph(self, char, style):
        if char == "\u2002":  # en space: half an em of nothing, as in the page number "— 1 —"
            return _Glyph(char, None, None, style.size / 2, style)
        order = (style.role, *(role for role in FALLBACK if role != style.role))
        for role in order:
            face = self.faces[role]
            gid, advance = face.glyph(char)
            if gid:
                return _Glyph(char, face, gid, advance * style.size, style)
        face = self.faces[style.role]
        return _Glyph(char, face, 0, face.advance(0) * style.size, style)


def _breakable(before, after):
    """May a line break between characters ``before`` and ``after``?"""
    if after in NO_BREAK_BEFORE or before in NO_BREAK_AFTER:
        return False
    if before in QUOTES or after in QUOTES:
        return False
    if after == " ":
        return False
    if before == " ":
        return True
    if before in DASHES and after == before:
        return False
    if before.isascii() and after.isascii():
        # Latin words and numbers stay whole ("2026", "PDF", "3.5", "50%").
        return not (before.isalnum() or before in ".,") or not after.isalnum()
    return True


def _break_lines(glyphs, width, indent=0.0):
    """Index ranges (start, end) of the lines ``glyphs`` fill at ``width`` points, the first line
    indented by ``indent``; a line ends at the last break the rules allow before it overflows."""
    lines = []
    count = len(glyphs)
    start = 0
    available = width - indent
    while start < count:
        x = 0.0
        last_break = None
        i = start
        while i < count:
            glyph = glyphs[i]
            if glyph.char == "\n":
                break
            if i > start and _breakable(glyphs[i - 1].char, glyph.char):
                last_break = i
            if i > start and x + glyph.advance > available + EPSILON and glyph.char != " ":
                break
            x += glyph.advance
            i += 1
        if i >= count:
            lines.append((start, count))
            break
        if glyphs[i].char == "\n":
            lines.append((start, i))
            start = i + 1
        else:
            end = last_break if last_break is not None and last_break > start else i
            lines.append((start, end))
            start = end
        while start < count and glyphs[start].char == " ":
            start += 1
        available = width
    return lines or [(0, 0)]


@dataclass
class _Line:
    """One line box: its glyphs placed from ``x``, justified (``gap`` between characters) or not."""

    glyphs: list
    x: float
    height: float
    baseline: float  # from the line box's top
    gap: float = 0.0

    def draw(self, out, top):
        """Draw a line of the text column (table cells are drawn by ``_draw_row``)."""
        if self.glyphs:
            out.text(self.glyphs, MARGIN_LEFT + self.x, top + self.baseline, self.gap)


def _trimmed(glyphs):
    end = len(glyphs)
    while end and glyphs[end - 1].char == " ":
        end -= 1
    return glyphs[:end]


def _lines(glyphs, width, baseline, *, line=LINE, indent=0.0, align="justify", right=0.0):
    """The line boxes of a paragraph of ``glyphs`` in a column ``width`` wide, the baseline
    ``baseline`` below each line's top: justified between characters (but the last line), centred,
    left- or right-aligned (``right`` points in)."""
    ranges = _break_lines(glyphs, width, indent if align == "justify" else 0.0)
    boxes = []
    for number, (start, end) in enumerate(ranges):
        part = _trimmed(glyphs[start:end])
        first = number == 0
        x = indent if first and align == "justify" else 0.0
        natural = sum(g.advance for g in part)
        gap = 0.0
        if align == "justify" and number < len(ranges) - 1 and len(part) > 1:
            # The last glyph is drawn whole: its letter spacing is not part of the line's width.
            extra = width - x - (natural - part[-1].style.spacing)
            gap = extra / (len(part) - 1)
            if gap > MAX_GAP:
                gap = 0.0
        elif align == "center":
            x = (width - natural) / 2
        elif align == "right":
            x = width - right - natural
        boxes.append(_Line(part, x, line, baseline, gap))
    return boxes


def _baseline(face, size, line):
    """Where the baseline stands in a line box ``line`` high (CSS half-leading around the strut)."""
    if face is None:
        return line * 0.75
    ascent, descent = face.ascent * size, face.descent * size
    return (line - (ascent + descent)) / 2 + ascent


@dataclass
class _Para:
    """A block of line boxes: a paragraph, heading, title or signature."""

    lines: list
    keep_with_next: bool = False  # headings
    avoid_break_before: bool = False  # the signature
    keep_together: bool = False  # the signature, a title
    space_before: float = 0.0
    space_after: float = 0.0


@dataclass
class _Row:
    cells: list  # per cell: its line boxes
    height: float
    flows: bool = False


@dataclass
class _Table:
    x: float
    widths: list
    header: _Row
    rows: list


class _Forced:
    """A page break."""


class _Canvas:
    """One page's content stream, in PDF operators (points, origin at the page's bottom left)."""

    def __init__(self, height, used):
        self.height = height
        self.used = used  # face → {glyph id: the character it prints}, for the whole document
        self.ops = []

    def text(self, glyphs, x, baseline, gap):
        y = self.height - baseline
        ops = self.ops
        bold = any(glyph.style.bold for glyph in glyphs)
        if bold:  # the stroke that fakes the bold, in a state of its own (rules keep theirs)
            ops.append(f"q {BOLD_STROKE:g} w")
        ops.append(f"BT 1 0 0 1 {x:.3f} {y:.3f} Tm")
        current = None
        items = []
        last = len(glyphs) - 1
        for index, glyph in enumerate(glyphs):
            style = glyph.style
            key = (glyph.face, style)
            if key != current:
                if items:
                    ops.append("[" + "".join(items) + "] TJ")
                    items = []
                if glyph.face is not None:
                    if glyph.face not in self.used:
                        self.used[glyph.face] = {}
                    ops.append(f"/F{list(self.used).index(glyph.face) + 1} {style.size:g} Tf")
                    ops.append(f"{2 if style.bold else 0} Tr")
                current = key
            space = glyph.width - (glyph.face.advance(glyph.gid) * style.size if glyph.face else 0.0)
            space += style.spacing + (gap if index < last else 0.0)
            if glyph.face is not None:
                self.used[glyph.face].setdefault(glyph.gid, glyph.char)
                items.append(f"<{glyph.gid:04x}>")
            if space and index < last:
                items.append(f"{-space * 1000 / style.size:.3f}")
        if items:
            ops.append("[" + "".join(items) + "] TJ")
        ops.append("ET")
        if bold:
            ops.append("Q")

    def rule(self, x1, y1, x2, y2):
        self.ops.append(f"{x1:.3f} {self.height - y1:.3f} m {x2:.3f} {self.height - y2:.3f} l S")

    def data(self):
        return ("q 0 g 0 G " + f"{RULE:g} w\n" + "\n".join(self.ops) + "\nQ").encode()


class _Layout:
    """A document's blocks as paragraphs, tables and breaks, on a page of ``size``."""

    def __init__(self, doc: Document, fonts_: _Fonts, *, rows_flow=True):
        self.doc = doc
        self.rows_flow = rows_flow  # False in a 材料汇编, whose rows stay whole (bundle.css)
        self.fonts = fonts_
        self.size = (PAGE[1], PAGE[0]) if doc.landscape else PAGE
        self.width = self.size[0] - MARGIN_LEFT - MARGIN_RIGHT
        self.body = _Style("fang", BODY_PT, CONDENSED)

    def glyphs(self, text, style):
        """``text`` in ``style``, its white space collapsed as CSS does (the ideographic space stays)."""
        return self.fonts.glyphs(COLLAPSIBLE.sub(" ", str(text)).strip(" "), style)

    def paragraph(self, runs, *, align="justify", indent=INDENT, strut=None, right=0.0):
        glyphs = []
        for text, style in runs:
            glyphs.extend(self.glyphs(text, style))
        strut = strut or runs[0][1]
        if not glyphs:
            glyphs = self.fonts.glyphs(" ", strut)
        baseline = _baseline(self.fonts.faces[strut.role], strut.size, LINE)
        return _lines(glyphs, self.width, baseline, indent=indent, align=align, right=right)

    def blocks(self):
        doc = self.doc
        title = _Style("title", TITLE_PT)
        lines = []
        for text in title_lines(doc.title, doc.landscape):
            lines.extend(self.paragraph([(text, title)], align="center"))
        header = [_Para(lines, keep_together=True)]
        if doc.subtitle:
            kai = _Style("kai", BODY_PT, CONDENSED)
            header.append(_Para(self.paragraph([(doc.subtitle, kai)], align="center")))
        header[-1].space_after = LINE
        out = header
        for block in doc.blocks:
            out.extend(self.block(block))
        if doc.signature is not None:
            out.append(self.signature(doc.signature))
        return out

    def block(self, block):
        body = self.body
        if isinstance(block, Heading):
            style = _Style(HEADING_ROLES[block.level], BODY_PT, CONDENSED)
            return [_Para(self.paragraph([(block.text, style)]), keep_with_next=True)]
        if isinstance(block, Paragraph):
            runs = []
            if block.lead:
                runs.append((block.lead, _Style("kai", BODY_PT, CONDENSED)))
            if block.strong:
                runs.append((block.strong, _Style("title", BODY_PT, CONDENSED)))
            runs.append((block.text, body))
            return [_Para(self.paragraph(runs, indent=INDENT if block.indent else 0.0, strut=body))]
        if isinstance(block, NumberedList):
            return [_Para(self.paragraph([(item, body)])) for item in block.labelled()]
        if isinstance(block, Table):
            return [self.table(block)]
        if isinstance(block, PageBreak):
            return [_Forced()]
        raise TypeError(f"cannot render {type(block).__name__} in a document")

    def signature(self, signature: Signature):
        lines = []
        for text, indent in signature.placement():
            lines.extend(self.paragraph([(text, self.body)], align="right", right=indent * BODY_PT))
        return _Para(lines, avoid_break_before=True, keep_together=True, space_before=LINE)

    def table(self, table: Table):
        columns = len(table.header)
        widths = [float(w) * MM for w in table.widths] if table.widths else [self.width / columns] * columns
        x = MARGIN_LEFT + (self.width - sum(widths)) / 2
        cell = _Style("fang", TABLE_PT)
        bold = _Style("fang", TABLE_PT, bold=True)
        flowing = table.flowing_rows(self.doc.landscape) if self.rows_flow else set()
        baseline = _baseline(self.fonts.faces["fang"], TABLE_PT, TABLE_LINE)

        def row(texts, style, align, flows=False):
            cells = []
            for text, width in zip(texts, widths, strict=True):
                inner = width - 2 * CELL_PADDING[1] - RULE
                glyphs = []
                for number, part in enumerate(str(text).split("\n")):
                    if number:
                        glyphs.extend(self.fonts.glyphs("\n", style))
                    glyphs.extend(self.glyphs(part, style))
                if not glyphs:
                    glyphs = self.fonts.glyphs(" ", style)
                cells.append(_lines(glyphs, inner, baseline, line=TABLE_LINE, align=align))
            tallest = max(len(lines) for lines in cells)
            return _Row(cells, tallest * TABLE_LINE + 2 * CELL_PADDING[0] + RULE, flows)

        header = row(table.header, bold, "center")
        rows = [row(texts, cell, "left", index in flowing) for index, texts in enumerate(table.rows)]
        return _Table(x, widths, header, rows)


class _Pages:
    """The flow cut into pages by gongwen.css's rules; each page a list of (item, top) to draw."""

    top = MARGIN_TOP

    def __init__(self, size):
        self.sizes = [size]  # each page's (width, height)
        self.pages = [[]]
        self.y = self.top

    @property
    def bottom(self):
        return self.sizes[-1][1] - MARGIN_BOTTOM

    @property
    def empty(self):
        return not self.pages[-1]

    def new_page(self, size=None):
        self.pages.append([])
        self.sizes.append(size or self.sizes[-1])
        self.y = self.top

    def room(self):
        return self.bottom - self.y + EPSILON

    def place(self, line):
        self.pages[-1].append((line, self.y))
        self.y += line.height

    def flow(self, items):
        for index, item in enumerate(items):
            following = items[index + 1] if index + 1 < len(items) else None
            if isinstance(item, _Forced):
                if not self.empty:
                    self.new_page()
            elif isinstance(item, _Table):
                self.table(item, following)
            else:
                self.para(item, following)

    def _lead(self, item):
        """The height that must stand on the same page as the block before ``item`` when that block
        keeps with it: a heading's lines and what it keeps with, two lines of a paragraph, a table's
        header and first row."""
        if item is None or isinstance(item, _Forced):
            return 0.0
        if isinstance(item, _Table):
            first = item.rows[0] if item.rows else None
            if first is None:
                return item.header.height
            if first.flows:  # a row that may break keeps two of its lines with what goes before
                return item.header.height + 2 * TABLE_LINE + 2 * CELL_PADDING[0] + RULE
            return item.header.height + first.height
        lines = item.lines
        if item.keep_together:
            return item.space_before + sum(line.height for line in lines)
        if item.keep_with_next:
            return sum(line.height for line in lines)
        return item.space_before + sum(line.height for line in lines[:2])

    def para(self, item, following):
        if item.space_before and not self.empty:
            self.y += item.space_before
        lines = item.lines
        height = sum(line.height for line in lines)
        if item.keep_with_next or item.keep_together:
            need = height + (self._lead(following) if item.keep_with_next else 0.0)
            if need > self.room() and not self.empty and need <= self.bottom - self.top:
                self.new_page()
            for line in lines:
                self.place(line)
        else:
            keeps_with = isinstance(following, _Para) and following.avoid_break_before
            self.lines(lines, self._lead(following) if keeps_with else 0.0)
        self.y += item.space_after

    def lines(self, lines, tail):
        """Place a paragraph's lines: two at least on each page (orphans, widows); ``tail`` points
        must follow the last line on its page (the signature), or two lines go over with it."""
        rest = list(lines)
        while rest:
            height = rest[0].height
            fits = int(self.room() // height)
            count = len(rest)
            if count <= fits and (count * height + tail <= self.room() or self.empty and not tail):
                for line in rest:
                    self.place(line)
                return
            # What fits, two lines left for the next page (or, when the paragraph fits but what must
            # follow it does not, all but two lines).
            keep = min(fits, count - 2)
            if keep >= 2 or (self.empty and keep >= 1):
                for line in rest[:keep]:
                    self.place(line)
                rest = rest[keep:]
                self.new_page()
            elif self.empty:
                # A page cannot hold even its orphans: place what fits.
                keep = max(1, min(fits, count))
                for line in rest[:keep]:
                    self.place(line)
                rest = rest[keep:]
                if rest:
                    self.new_page()
            else:
                self.new_page()

    def table(self, table, following):
        header = table.header
        rows = list(table.rows)
        if not rows:
            if header.height > self.room() and not self.empty:
                self.new_page()
            self.row(table, header)
            return
        if self._lead(table) > self.room() and not self.empty:
            self.new_page()
        self.row(table, header)
        tail = 0.0
        if isinstance(following, _Para) and following.avoid_break_before:
            tail = self._lead(following)
        while rows:
            row = rows.pop(0)
            need = row.height + (tail if not rows else 0.0)
            if need <= self.room():
                self.row(table, row)
                continue
            if row.flows:
                split = self.split_row(row)
                if split is not None:
                    first, second = split
                    self.row(table, first)
                    self.new_page()
                    self.row(table, header)
                    rows.insert(0, second)
                    continue
            self.new_page()
            self.row(table, header)
            if row.height > self.room() and row.flows:
                rows.insert(0, row)
                split = self.split_row(row)
                if split is None:
                    rows.pop(0)
                    self.row(table, row)
                continue
            self.row(table, row)

    def split_row(self, row):
        """A flowing row cut where the page ends, two lines at least of its tallest cell each side."""
        available = int((self.room() - 2 * CELL_PADDING[0] - RULE) // TABLE_LINE)
        tallest = max(len(lines) for lines in row.cells)
        available = min(available, tallest - 2)  # two lines go over at least (widows)
        if available < 2:
            return None
        first = [lines[:available] for lines in row.cells]
        second = [lines[available:] for lines in row.cells]
        pad = 2 * CELL_PADDING[0] + RULE
        return (
            _Row(first, available * TABLE_LINE + pad, True),
            _Row(second, max(1, tallest - available) * TABLE_LINE + pad, True),
        )

    def row(self, table, row):
        self.pages[-1].append(((table, row), self.y))
        self.y += row.height


def _draw_row(canvas, table, row, top):
    x = table.x
    bottom = top + row.height
    canvas.rule(x - RULE / 2, top, x + sum(table.widths) + RULE / 2, top)
    canvas.rule(x - RULE / 2, bottom, x + sum(table.widths) + RULE / 2, bottom)
    for lines, width in zip(row.cells, table.widths, strict=True):
        canvas.rule(x, top, x, bottom)
        content = len(lines) * TABLE_LINE
        offset = (row.height - RULE - 2 * CELL_PADDING[0] - content) / 2
        y = top + RULE / 2 + CELL_PADDING[0] + offset
        for line in lines:
            if line.glyphs:
                canvas.text(line.glyphs, x + RULE / 2 + CELL_PADDING[1] + line.x, y + line.baseline, 0.0)
            y += TABLE_LINE
        x += width
    canvas.rule(x, top, x, bottom)


def _page_number(fonts_, canvas, size, number):
    """ "— N —" 7 mm under the type area, one character in from the right on odd pages, the left on even."""
    style = _Style("song", PAGE_NUMBER_PT)
    glyphs = fonts_.glyphs(f"—\u2002{number}\u2002—", style)
    width = sum(g.advance for g in glyphs)
    x = size[0] - MARGIN_RIGHT - PAGE_NUMBER_PT - width if number % 2 else MARGIN_LEFT + PAGE_NUMBER_PT
    top = size[1] - MARGIN_BOTTOM + NUMBER_GAP
    canvas.text(glyphs, x, top + _baseline(fonts_.faces["song"], PAGE_NUMBER_PT, PAGE_NUMBER_PT), 0.0)


def typeset(doc: Document) -> bytes:
    """The document as the bytes of a PDF file."""
    fonts_ = _Fonts()
    layout = _Layout(doc, fonts_)
    pages = _Pages(layout.size)
    pages.flow(layout.blocks())
    return _draw(str(doc.title), pages, fonts_, numbered_from=1)


def _draw(title, pages, fonts_, *, numbered_from):
    """The PDF of the laid-out pages; pages from ``numbered_from`` on print their numbers."""
    used = {}
    canvases = []
    for number, (placed, size) in enumerate(zip(pages.pages, pages.sizes, strict=True), 1):
        canvas = _Canvas(size[1], used)
        for item, top in placed:
            if isinstance(item, tuple):
                _draw_row(canvas, item[0], item[1], top)
            else:
                item.draw(canvas, top)
        if number >= numbered_from:
            _page_number(fonts_, canvas, size, number)
        canvases.append(canvas)
    return _pdf(title, pages.sizes, canvases, used)


def _pdf(title, sizes, canvases, used):
    pdf = pydyf.PDF()
    pdf.info["Title"] = pydyf.String(str(title))
    pdf.info["Producer"] = pydyf.String("shenghuohui documents.typeset")
    pdf.catalog["Lang"] = pydyf.String("zh-CN")
    font_resources = pydyf.Dictionary()
    for number, (face, glyphs) in enumerate(used.items(), 1):
        font_resources[f"F{number}"] = _embed(pdf, face, glyphs).reference
    resources = pydyf.Dictionary({"Font": font_resources})
    pdf.add_object(resources)
    for canvas, size in zip(canvases, sizes, strict=True):
        stream = pydyf.Stream([canvas.data()], compress=True)
        pdf.add_object(stream)
        page = pydyf.Dictionary(
            {
                "Type": "/Page",
                "Parent": pdf.pages.reference,
                "MediaBox": pydyf.Array([0, 0, round(size[0], 3), round(size[1], 3)]),
                "Contents": stream.reference,
                "Resources": resources.reference,
            }
        )
        pdf.add_page(page)
    output = io.BytesIO()
    pdf.write(output, version=b"1.7", compress=True)
    return output.getvalue()


def _embed(pdf, face, used):
    """The glyphs ``used`` of a face (id → character) as a Type0 font (CIDFont, Identity-H, ToUnicode),
    as WeasyPrint embeds them."""
    import uharfbuzz as hb

    gids = sorted(used)
    subset_input = hb.SubsetInput()
    for gid in gids:
        subset_input.glyph_set.add(gid)
    subset_input.flags = (
        hb.SubsetFlags.RETAIN_GIDS | hb.SubsetFlags.DESUBROUTINIZE | hb.SubsetFlags.NO_HINTING
    )
    subset = hb.subset(face.face, subset_input)
    data = subset.blob.data if subset is not None else face.blob.data
    opentype = data[:4] == b"OTTO"
    extra = pydyf.Dictionary({"Subtype": "/OpenType"} if opentype else {"Length1": len(data)})
    file_stream = pydyf.Stream([data], extra, compress=True)
    pdf.add_object(file_stream)
    tag = "".join(chr(65 + b % 26) for b in hashlib.sha256(repr(gids).encode()).digest()[:6])
    base = f"/{tag}+{face.name}"
    widths = {gid: round(face.advance(gid) * 1000, 3) for gid in gids}
    ascent, descent = round(face.ascent * 1000), -round(face.descent * 1000)
    descriptor = pydyf.Dictionary(
        {
            "Type": "/FontDescriptor",
            "FontName": base,
            "FontFamily": pydyf.String(face.name),
            "Flags": 4 + (2 if face.serif else 0),
            "FontBBox": pydyf.Array([0, descent, max(widths.values(), default=1000), ascent]),
            "ItalicAngle": 0,
            "Ascent": ascent,
            "Descent": descent,
            "CapHeight": ascent,
            "StemV": 80,
            "StemH": 80,
            f"FontFile{3 if opentype else 2}": file_stream.reference,
        }
    )
    pdf.add_object(descriptor)
    w = pydyf.Array()
    run = None
    for gid in gids:
        if run is None or gid - 1 not in widths:
            w.append(gid)
            run = pydyf.Array()
            w.append(run)
        run.append(widths[gid])
    cid_font = pydyf.Dictionary(
        {
            "Type": "/Font",
            "Subtype": f"/CIDFontType{0 if opentype else 2}",
            "BaseFont": base,
            "CIDSystemInfo": pydyf.Dictionary(
                {"Registry": pydyf.String("Adobe"), "Ordering": pydyf.String("Identity"), "Supplement": 0}
            ),
            "CIDToGIDMap": "/Identity",
            "W": w,
            "FontDescriptor": descriptor.reference,
        }
    )
    pdf.add_object(cid_font)
    to_unicode = pydyf.Stream(_to_unicode(used), compress=True)
    pdf.add_object(to_unicode)
    font = pydyf.Dictionary(
        {
            "Type": "/Font",
            "Subtype": "/Type0",
            "BaseFont": base,
            "Encoding": "/Identity-H",
            "DescendantFonts": pydyf.Array([cid_font.reference]),
            "ToUnicode": to_unicode.reference,
        }
    )
    pdf.add_object(font)
    return font


def _to_unicode(used):
    lines = [
        b"/CIDInit /ProcSet findresource begin",
        b"12 dict begin",
        b"begincmap",
        b"/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def",
        b"/CMapName /Adobe-Identity-UCS def",
        b"/CMapType 2 def",
        b"1 begincodespacerange",
        b"<0000> <ffff>",
        b"endcodespacerange",
    ]
    items = sorted(used.items())
    for start in range(0, len(items), 100):
        batch = items[start : start + 100]
        lines.append(f"{len(batch)} beginbfchar".encode())
        lines.extend(f"<{gid:04x}> <{char.encode('utf-16-be').hex()}>".encode() for gid, char in batch)
        lines.append(b"endbfchar")
    lines.extend([b"endcmap", b"CMapName currentdict /CMap defineresource pop", b"end", b"end"])
    return lines


# --- the 材料汇编 ------------------------------------------------------------------------------------


class _ContentsLine(_Line):
    """The last line of a 目录 entry: the title's words, a leader of dots, the page its piece starts
    on at the right edge (known once the pieces are laid out: ``starts`` is filled in before drawing)."""

    def __init__(self, line, fonts_, starts, piece, width):
        super().__init__(line.glyphs, line.x, line.height, line.baseline, line.gap)
        self.fonts, self.starts, self.piece, self.width = fonts_, starts, piece, width

    def draw(self, out, top):
        style = self.glyphs[0].style if self.glyphs else _Style("fang", BODY_PT, CONDENSED)
        super().draw(out, top)
        number = self.fonts.glyphs(str(self.starts[self.piece]), style)
        right = MARGIN_LEFT + self.width
        number_x = right - sum(g.advance for g in number) + style.spacing
        out.text(number, number_x, top + self.baseline, 0.0)
        end = MARGIN_LEFT + self.x + sum(g.advance for g in self.glyphs)
        dot = self.fonts.glyphs(".", style)[0]
        count = int((number_x - end) // dot.advance)
        if count > 0:
            out.text([dot] * count, number_x - count * dot.advance, top + self.baseline, 0.0)


def typeset_bundle(bundle):
    """The 材料汇编 as (PDF bytes, pages, the page each piece starts on), by bundle.css's rules laid
    over gongwen.css: a cover without a page number, the 目录 from page 2, each piece from a new page
    (landscape pages for a landscape piece), page numbers running straight through, rows kept whole."""
    from docx.shared import Length

    from .render_bundle import (
        CONTENTS_NUMBER_COLUMN,
        CONTENTS_TITLE,
        COVER_HEADING_LINE,
        COVER_HEADING_PT,
        COVER_HEADING_SPACING,
        COVER_SPACES,
        COVER_TITLE_LINE,
        COVER_TITLE_PT,
    )
    from .tree import format_date

    fonts_ = _Fonts()
    cover = _Layout(Document(title=""), fonts_)
    width = cover.width
    body = cover.body

    def centred(text, style, line=LINE, space_before=0.0, align="center"):
        glyphs = cover.glyphs(text, style) or fonts_.glyphs(" ", style)
        baseline = _baseline(fonts_.faces[style.role], style.size, line)
        lines = _lines(glyphs, width, baseline, line=line, align=align)
        return _Para(lines, space_before=space_before)

    def points(length):
        return Length(length).pt

    items = [centred(bundle.mark, _Style("hei", BODY_PT, CONDENSED), align="left")]
    title = _Style("title", COVER_TITLE_PT)
    title_line = points(COVER_TITLE_LINE)
    for number, text in enumerate(title_lines(bundle.title)):
        items.append(centred(text, title, title_line, points(COVER_SPACES["title"]) if number == 0 else 0.0))
    heading = _Style("title", COVER_HEADING_PT, COVER_HEADING_SPACING / 20)
    items.append(
        centred(bundle.heading, heading, points(COVER_HEADING_LINE), points(COVER_SPACES["heading"]))
    )
    if bundle.theme:
        kai = _Style("kai", BODY_PT, CONDENSED)
        items.append(centred(bundle.theme, kai, space_before=points(COVER_SPACES["theme"])))
    items.append(centred(bundle.organisation, body, space_before=points(COVER_SPACES["organisation"])))
    items.append(centred(format_date(bundle.compiled_on), body))

    # The 目录: its lines are known now, its page numbers once the pieces are laid out.
    starts = [0] * len(bundle.pieces)
    items.append(_Forced())
    contents_title = _Style("title", TITLE_PT)
    header = centred(CONTENTS_TITLE, contents_title)
    header.space_after = LINE
    items.append(header)
    column = width - CONTENTS_NUMBER_COLUMN * BODY_PT
    baseline = _baseline(fonts_.faces["fang"], BODY_PT, LINE)
    for index, entry in enumerate(bundle.contents):
        lines = _lines(cover.glyphs(entry, body), column, baseline, align="left")
        lines[-1] = _ContentsLine(lines[-1], fonts_, starts, index, width)
        items.append(_Para(lines))

    pages = _Pages(PAGE)
    pages.flow(items)
    for index, piece in enumerate(bundle.pieces):
        layout = _Layout(piece, fonts_, rows_flow=False)
        pages.new_page(layout.size)
        starts[index] = len(pages.pages)
        pages.flow(layout.blocks())
    content = _draw(f"{bundle.title}{bundle.heading}", pages, fonts_, numbered_from=2)
    return content, len(pages.pages), starts
