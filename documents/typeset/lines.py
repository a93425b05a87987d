"""Lines: Chinese line breaking (UAX #14 as Pango applies it to our text: no line starts with
，。、；：？！）》」 and the like, none ends with （《「, quotation marks stay with their neighbours,
Latin words and numbers stay whole), justified between characters, centred or aligned."""

import re
from dataclasses import dataclass

from .geometry import EPSILON, LINE, MARGIN_LEFT, MAX_GAP

# Line breaking (UAX #14 as Pango 1.50 applies it to our text).
NO_BREAK_BEFORE = frozenset(
    "，。、；：？！）》」』】〕〗〉〙〛…‥·・％%,.;:?!)]}℃°′″›»～-‐–—_/〜ゝゞ々ー\u2019\u201d\u00a0\u3000"
)
NO_BREAK_AFTER = frozenset("（《「『【〔〖〈〘〚([{‹«\u2018\u201c\u00a0")
COLLAPSIBLE = re.compile(r"[ \t\n\r\f]+")
QUOTES = frozenset("\u2018\u2019\u201c\u201d\"'")
DASHES = frozenset("—…")


def breakable(before, after):
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


def break_lines(glyphs, width, indent=0.0):
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
            if i > start and breakable(glyphs[i - 1].char, glyph.char):
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
class Line:
    """One line box: its glyphs placed from ``x``, justified (``gap`` between characters) or not."""

    glyphs: list
    x: float
    height: float
    baseline: float  # from the line box's top
    gap: float = 0.0

    def draw(self, out, top):
        """Draw a line of the text column (table cells are drawn by ``draw_row``)."""
        if self.glyphs:
            out.text(self.glyphs, MARGIN_LEFT + self.x, top + self.baseline, self.gap)


def trimmed(glyphs):
    end = len(glyphs)
    while end and glyphs[end - 1].char == " ":
        end -= 1
    return glyphs[:end]


def line_boxes(glyphs, width, baseline, *, line=LINE, indent=0.0, align="justify", right=0.0):
    """The line boxes of a paragraph of ``glyphs`` in a column ``width`` wide, the baseline
    ``baseline`` below each line's top: justified between characters (but the last line), centred,
    left- or right-aligned (``right`` points in)."""
    ranges = break_lines(glyphs, width, indent if align == "justify" else 0.0)
    boxes = []
    for number, (start, end) in enumerate(ranges):
        part = trimmed(glyphs[start:end])
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
        boxes.append(Line(part, x, line, baseline, gap))
    return boxes


def baseline_of(face, size, line):
    """Where the baseline stands in a line box ``line`` high (CSS half-leading around the strut)."""
    if face is None:
        return line * 0.75
    ascent, descent = face.ascent * size, face.descent * size
    return (line - (ascent + descent)) / 2 + ascent
