"""The document's fonts: each role's file (fontconfig, through documents/fonts), read with HarfBuzz;
a character set in a style becomes a glyph with its advance, from the next font of ``FALLBACK`` when
the role's font lacks it (as Pango's fallback does)."""

import functools
from dataclasses import dataclass

from .. import fonts
from .. import render_docx as docx

# Font roles → the official name documents/fonts maps to a free font (gongwen.css's families).
ROLES = {
    "fang": docx.BODY_FONT,
    "kai": docx.KAI_FONT,
    "hei": docx.HEI_FONT,
    "song": docx.SONG_FONT,
    "title": docx.TITLE_FONT,
}
FALLBACK = ("song", "hei", "fang", "kai", "title")


@dataclass(eq=False)
class Face:
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
def faces_for(config: str):
    """Role → Face, for one fontconfig file (the process keeps them: the fonts are read once)."""
    matched = fonts.matched_files()
    faces = {}
    by_file = {}
    for role, official in ROLES.items():
        family, path, index = matched[official]
        bold = role == "title"
        key = (path, index, bold)
        if key not in by_file:
            name = family.replace(" ", "-") + ("-Bold" if bold else "")
            by_file[key] = Face(name, path, index, serif="Serif" in family.split())
        faces[role] = by_file[key]
    return faces


@dataclass(frozen=True)
class Style:
    role: str
    size: float
    spacing: float = 0.0
    bold: bool = False


class Glyph:
    """One character set in a style: its face, glyph and advance (points, letter spacing included)."""

    __slots__ = ("char", "face", "gid", "width", "advance", "style")

    def __init__(self, char, face, gid, width, style):
        self.char, self.face, self.gid, self.style = char, face, gid, style
        self.width = width  # the glyph's own advance
        self.advance = width + style.spacing


class Fonts:
    """The document's faces and, per style, each character's Glyph (looked up once)."""

    def __init__(self):
        fonts.configure()
        self.faces = faces_for(str(fonts.config_file()))
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
            return Glyph(char, None, None, style.size / 2, style)
        order = (style.role, *(role for role in FALLBACK if role != style.role))
        for role in order:
            face = self.faces[role]
            gid, advance = face.glyph(char)
            if gid:
                return Glyph(char, face, gid, advance * style.size, style)
        face = self.faces[style.role]
        return Glyph(char, face, 0, face.advance(0) * style.size, style)
