"""The document tree: what an exporter builds and a renderer draws, independent of the output format."""

import dataclasses
import datetime
import functools
import hashlib
import json
import math
import unicodedata
from dataclasses import dataclass, field

from .numbering import chinese_number

HEADING_LEVELS = (1, 2, 3, 4)
LIST_STYLES = ("arabic", "paren", "yishi", "none")


@functools.cache
def _table_geometry(landscape: bool):
    """The type area (width, height) and, for table text, the character width, the leading and the
    cells' padding (across, down), in millimetres, as render_docx sets them and gongwen.css repeats."""
    # Imported here: the renderer imports this module (as titles.title_chars does).
    from docx.shared import Length, Twips

    from .render_docx import CELL_MARGINS, MARGINS, PAGE, TABLE_LINE, TABLE_PT

    width, height = (PAGE[1], PAGE[0]) if landscape else PAGE
    area = (
        Length(width - MARGINS["left"] - MARGINS["right"]).mm,
        Length(height - MARGINS["top"] - MARGINS["bottom"]).mm,
    )
    padding = tuple(
        Length(Twips(CELL_MARGINS[a] + CELL_MARGINS[b])).mm for a, b in (("left", "right"), ("top", "bottom"))
    )
    return area, TABLE_PT * 25.4 / 72, Length(TABLE_LINE).mm, padding


def format_date(d: datetime.date) -> str:
    """2022年1月20日: the date as official documents print it, digits without zero padding.

    A datetime is a moment: it is printed on its day in the local time zone (Asia/Shanghai), as
    ``|date:"H:i"`` prints its time — stored in UTC, 02:00 in Beijing is the evening before.
    """
    if isinstance(d, datetime.datetime):
        from django.utils import timezone

        if timezone.is_aware(d):
            d = timezone.localtime(d)
    return f"{d.year}年{d.month}月{d.day}日"


def text_width(text: str) -> float:
    """Width of text in characters of the body font: CJK is one, Latin letters and digits half."""
    return sum(1 if unicodedata.east_asian_width(ch) in "WF" else 0.5 for ch in text)


@dataclass
class Heading:
    """A heading; its number ("一、" "（一）" "1." "（1）") is part of the text."""

    text: str
    level: int

    def __post_init__(self):
        if self.level not in HEADING_LEVELS:
            raise ValueError(f"heading level must be 1–4, got {self.level}")


@dataclass
class Paragraph:
    """A body paragraph: ``lead``, a run in the level-2 font ("（二）广泛征求意见建议。"), then
    ``strong``, a bold run in the body font ("1.学习“往深处走”不够。"), then the text."""

    text: str
    lead: str = ""
    indent: bool = True
    strong: str = ""

    @property
    def printed(self) -> str:
        """The paragraph's whole text as a reader sees it."""
        return f"{self.lead}{self.strong}{self.text}"


@dataclass
class NumberedList:
    """Body paragraphs numbered 1. 2. (arabic), （1）（2）(paren), 一是 二是 (yishi) or not at all (none)."""

    items: list[str]
    style: str = "arabic"

    def __post_init__(self):
        if self.style not in LIST_STYLES:
            raise ValueError(f"list style must be one of {', '.join(LIST_STYLES)}, got {self.style!r}")

    def label(self, number: int) -> str:
        """The prefix of the item numbered ``number`` (from 1)."""
        if self.style == "arabic":
            return f"{number}."
        if self.style == "paren":
            return f"（{number}）"
        if self.style == "yishi":
            return f"{chinese_number(number)}是"
        return ""

    def labelled(self) -> list[str]:
        """The items with their prefixes, as printed."""
        return [f"{self.label(n)}{item}" for n, item in enumerate(self.items, 1)]


@dataclass
class Table:
    """A bordered table whose header row repeats on every page; widths are in millimetres."""

    header: list[str]
    rows: list[list[str]]
    widths: list[float] | None = None

    def __post_init__(self):
        columns = len(self.header)
        for row in self.rows:
            if len(row) != columns:
                raise ValueError(f"table row has {len(row)} cells, the header has {columns}: {row!r}")
        if self.widths is not None and len(self.widths) != columns:
            raise ValueError(f"table has {columns} columns but {len(self.widths)} widths")

    def flowing_rows(self, landscape: bool = False) -> set[int]:
        """Indexes (into ``rows``) of the rows that may break across pages: those estimated taller than
        a third of the type area. Every other row is kept whole (Word's 允许跨行断页 off, the PDF's
        break-inside: avoid); a taller one kept whole would jump to the next page and could leave most
        of a page blank. Both renderers ask this, so Word and the PDF break the same rows."""
        (type_width, type_height), character, leading, padding = _table_geometry(landscape)
        widths = self.widths or [type_width / len(self.header)] * len(self.header)

        def height(row):
            """The row's height, estimated from its cells' text wrapped to the column widths."""
            lines = 1
            for text, width in zip(row, widths, strict=True):
                per_line = max(1, int((float(width) - padding[0]) // character))
                cell = sum(max(1, math.ceil(text_width(part) / per_line)) for part in str(text).split("\n"))
                lines = max(lines, cell)
            return lines * leading + padding[1]

        return {index for index, row in enumerate(self.rows) if height(row) > type_height / 3}


@dataclass
class PageBreak:
    """The next block starts on a new page."""


@dataclass
class Signature:
    """The issuing organisations, then the date, right-aligned under the text."""

    lines: list[str]
    date: datetime.date | None = None

    def placement(self) -> list[tuple[str, float]]:
        """Each printed line with its right indent in characters, after GB/T 9704-2012 §7.3.5.2."""
        # The names stand two characters from the right margin and the date starts two
        # characters right of where the names start; a longer date pushes the names right.
        names = [line for line in self.lines if line]
        if self.date is None:
            return [(line, 2.0) for line in names]
        date = format_date(self.date)
        names_width = max((text_width(line) for line in names), default=0)
        date_width = text_width(date)
        if not names or date_width + 2 <= names_width:
            names_indent = 2.0
            date_indent = names_indent + names_width - 2 - date_width if names else 2.0
        else:
            date_indent = 2.0
            names_indent = date_indent + date_width + 2 - names_width
        placed = [(line, names_indent + names_width - text_width(line)) for line in names]
        return [*placed, (date, date_indent)]


Block = Heading | Paragraph | NumberedList | Table | PageBreak


@dataclass
class Document:
    """A whole document: title, optional subtitle or date line, blocks, optional signature."""

    # A titles.Title (a str that knows its parts) when the exporter knows them, else a plain string whose
    # parts are guessed; both renderers print it on the lines titles.title_lines chooses.
    title: str
    subtitle: str = ""
    blocks: list[Block] = field(default_factory=list)
    signature: Signature | None = None
    landscape: bool = False


BUNDLE_MARK = "内部资料　注意保存"
BUNDLE_HEADING = "材料汇编"


@dataclass
class Bundle:
    """材料汇编: a cover, a 目录 listing each piece by its title with the page it starts on, then
    the pieces, each from a new page (a landscape piece on landscape pages)."""

    organisation: str  # who compiles it, at the foot of the cover
    title: str  # the meeting, e.g. 云岭县委常委班子2026年度民主生活会 (a titles.Title: the cover breaks it)
    compiled_on: datetime.date
    pieces: list[Document]
    theme: str = ""
    mark: str = BUNDLE_MARK  # printed at the top left of the cover, where a 密级 would stand
    heading: str = BUNDLE_HEADING

    def __post_init__(self):
        if not self.pieces:
            raise ValueError("a bundle needs at least one piece")
        for piece in self.pieces:
            if not isinstance(piece, Document):
                raise TypeError(f"a bundle's pieces are documents, got {type(piece).__name__}")
            if not piece.title.strip():
                raise ValueError("every piece of a bundle needs a title: the 目录 lists it")

    @property
    def contents(self) -> list[str]:
        """The 目录's entries, one per piece, in order."""
        return [piece.title for piece in self.pieces]


def fingerprint(doc) -> str:
    """SHA-256 of everything a tree prints (text, numbers, dates, layout choices): two trees with the
    same fingerprint render the same document. An approval holds it, so a changed text asks again."""
    data = json.dumps(dataclasses.asdict(doc), ensure_ascii=False, sort_keys=True, default=str)
    return hashlib.sha256(data.encode()).hexdigest()
