"""Typeset a document tree on the GB/T 9704 page and write its PDF: ``render_pdf.render_pdf``'s engine.

WeasyPrint lays out any HTML and CSS, and pays for that generality: about 18 ms a page of text and
31 ms a page of table, spread over its Python layout code, made our PDF of a 300-page document two
to three times slower than LibreOffice's conversion of our .docx (issue 15, bench/README.md). A
document tree (documents/tree.py) asks for a small, fixed set of things: lines of 仿宋 on a grid of
28.95 pt, justified between characters, first lines indented two characters, headings kept with
what follows, two lines of a broken paragraph on each page, bordered tables whose header repeats
and whose rows stay whole, a signature kept with the last lines, "— N —" under the type area. This
package does exactly that set and nothing else, by the rules gongwen.css gives WeasyPrint, so the
two print the same pages. The previews on pages stay HTML (render_pdf.render_preview).

By job:
- ``geometry``: the page, margins, grid and sizes in points.
- ``fonts``: each font role's file (found by fontconfig through documents/fonts, as WeasyPrint finds
  it), read with HarfBuzz; text in a style becomes glyphs with their advances (a character the font
  lacks comes from the next font of ``FALLBACK``, as Pango's fallback does).
- ``lines``: line breaking by the rules Chinese text needs, lines justified between characters.
- ``layout``: a tree's blocks as line boxes and table rows; ``typeset(doc)``.
- ``pages``: the flow cut into pages by gongwen.css's rules.
- ``pdf``: the pages drawn and the file written with pydyf, the fonts subset and embedded as
  WeasyPrint embeds them.
- ``bundle``: the 材料汇编 (cover, 目录, pieces); ``typeset_bundle(bundle)``.
"""

from .bundle import typeset_bundle
from .layout import typeset

__all__ = ["typeset", "typeset_bundle"]
