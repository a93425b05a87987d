"""Inter-character justification for WeasyPrint, which justifies only at spaces.

WeasyPrint 70 implements ``text-align: justify`` by widening the spaces of a line
(``weasyprint.layout.inline.justify_line``) and ignores ``text-justify``. Chinese text has no
spaces, so a justified line that cannot hold one more character (a half-width digit, or a
character the line-breaking rules keep off the line start, 。，、) stops short of the right edge
by up to a character and more. Word and LibreOffice justify such a line between its characters,
as CSS Text 3 does for ``text-justify: inter-character`` (and ``auto`` in Chinese).

``install()`` replaces WeasyPrint's ``justify_line`` with one that, for a line holding CJK text,
spreads the line's free width evenly over the gaps between its characters: each text box's Pango
layout gets the extra letter spacing after every character but the line's last one, the boxes
move right by what the earlier ones grew, and the last glyph ends on the right edge. Lines
without CJK are left to WeasyPrint (space justification). The extra spacing is kept in the
layout (``_JustifiedLayout``), so it holds when WeasyPrint re-creates the layout to draw it.
"""

import unicodedata

# Spreading more than this (points per gap) would stretch a line that ends a page early, or a
# line broken before a long Latin word, into a row of spaced characters: such a line stays ragged.
MAX_GAP = 8.0


def _is_cjk(ch: str) -> bool:
    return unicodedata.east_asian_width(ch) in "WF"


def install():
    """Patch WeasyPrint's line justification once per process (idempotent)."""
    from weasyprint.formatting_structure import boxes
    from weasyprint.layout import inline
    from weasyprint.text.ffi import TO_UNITS, ffi, pango
    from weasyprint.text.line_break import Layout, line_size

    if getattr(inline.justify_line, "inter_character", False):
        return

    class _JustifiedLayout(Layout):
        """A text box's layout with ``extra`` points of letter spacing after its characters (all but
        the last if ``keep_last``); survives ``reactivate``, which re-sets the text to draw it."""

        extra = 0.0
        keep_last = False

        def set_text(self, text, justify=False):
            super().set_text(text, justify)
            if not justify or not self.extra or not self.text:
                return
            bytestring = self.text.encode()
            end = len(bytestring)
            if self.keep_last:
                end -= len(self.text[-1].encode())
            if end <= 0:
                return
            letter_spacing = self.style["letter_spacing"]
            base = 0 if letter_spacing == "normal" else letter_spacing
            attrs = pango.pango_layout_get_attributes(self.layout)
            if attrs == ffi.NULL:
                attrs = ffi.gc(pango.pango_attr_list_new(), pango.pango_attr_list_unref)
            attr = pango.pango_attr_letter_spacing_new(int((base + self.extra) * TO_UNITS))
            attr.start_index, attr.end_index = 0, end
            pango.pango_attr_list_change(attrs, attr)
            pango.pango_layout_set_attributes(self.layout, attrs)

    original = inline.justify_line

    def text_boxes(box):
        if isinstance(box, boxes.TextBox):
            yield box
        elif isinstance(box, (boxes.LineBox, boxes.InlineBox)):
            for child in box.children:
                if child.is_in_normal_flow():
                    yield from text_boxes(child)

    def justify_line(context, line, extra_width):
        texts = list(text_boxes(line))
        characters = sum(len(box.text) for box in texts)
        rtl = line.style["direction"] == "rtl"
        if rtl or characters < 2 or not any(_is_cjk(ch) for box in texts for ch in box.text):
            return original(context, line, extra_width)
        # The last glyph is drawn whole: a negative letter spacing (the 28-to-a-line condensing)
        # does not pull its right side in, so it needs that much less room.
        spacing = texts[-1].style["letter_spacing"]
        spacing = 0 if spacing == "normal" else min(spacing, 0)
        gap = (extra_width + spacing) / (characters - 1)
        if gap <= 0 or gap > MAX_GAP:
            return original(context, line, extra_width)
        last = texts[-1]
        grown = {}
        for box in texts:
            layout = _JustifiedLayout(box.style, box.justification_spacing, None)
            layout.extra = gap
            layout.keep_last = box is last
            layout.set_text(box.text, justify=True)
            first, _ = layout.get_first_line()
            width, _ = line_size(first, box.style)
            layout.deactivate()
            box.pango_layout = layout
            # Pango puts no letter spacing after a layout's last character; a box that another one
            # follows on the line still owes that gap, so it grows by a gap for each of its characters.
            grown[id(box)] = width - box.width if box is last else max(width - box.width, gap * len(box.text))
        _shift(line, grown, 0.0)

    def _shift(box, grown, x_advance):
        """Move boxes right by what the text boxes before them grew; widen each by its own growth."""
        if isinstance(box, boxes.TextBox):
            box.position_x += x_advance
            growth = grown.get(id(box), 0.0)
            box.width += growth
            return x_advance + growth
        if isinstance(box, (boxes.LineBox, boxes.InlineBox)):
            box.position_x += x_advance
            before = x_advance
            for child in box.children:
                if child.is_in_normal_flow():
                    x_advance = _shift(child, grown, x_advance)
            box.width += x_advance - before
            return x_advance
        box.translate(x_advance, 0)
        return x_advance

    justify_line.inter_character = True
    inline.justify_line = justify_line
