"""A document tree as the blocks the pages take: paragraphs, headings, lists and the signature as
line boxes, tables as rows of cells, page breaks."""

from ..titles import title_lines
from ..tree import Document, Heading, NumberedList, PageBreak, Paragraph, Signature, Table
from .fonts import Fonts, Style
from .geometry import (
    BODY_PT,
    CELL_PADDING,
    CONDENSED,
    INDENT,
    LINE,
    MARGIN_LEFT,
    MARGIN_RIGHT,
    MM,
    PAGE,
    RULE,
    TABLE_LINE,
    TABLE_PT,
    TITLE_PT,
)
from .lines import COLLAPSIBLE, baseline_of, line_boxes
from .pages import Forced, Pages, Para, Row, TableBox
from .pdf import draw_pages

HEADING_ROLES = {1: "hei", 2: "kai", 3: "fang", 4: "fang"}


class Layout:
    """A document's blocks as paragraphs, tables and breaks, on a page of ``size``."""

    def __init__(self, doc: Document, fonts_: Fonts, *, rows_flow=True):
        self.doc = doc
        self.rows_flow = rows_flow  # False in a 材料汇编, whose rows stay whole (bundle.css)
        self.fonts = fonts_
        self.size = (PAGE[1], PAGE[0]) if doc.landscape else PAGE
        self.width = self.size[0] - MARGIN_LEFT - MARGIN_RIGHT
        self.body = Style("fang", BODY_PT, CONDENSED)

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
        baseline = baseline_of(self.fonts.faces[strut.role], strut.size, LINE)
        return line_boxes(glyphs, self.width, baseline, indent=indent, align=align, right=right)

    def blocks(self):
        doc = self.doc
        title = Style("title", TITLE_PT)
        lines = []
        for text in title_lines(doc.title, doc.landscape):
            lines.extend(self.paragraph([(text, title)], align="center"))
        header = [Para(lines, keep_together=True)]
        if doc.subtitle:
            kai = Style("kai", BODY_PT, CONDENSED)
            header.append(Para(self.paragraph([(doc.subtitle, kai)], align="center")))
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
            style = Style(HEADING_ROLES[block.level], BODY_PT, CONDENSED)
            return [Para(self.paragraph([(block.text, style)]), keep_with_next=True)]
        if isinstance(block, Paragraph):
            runs = []
            if block.lead:
                runs.append((block.lead, Style("kai", BODY_PT, CONDENSED)))
            if block.strong:
                runs.append((block.strong, Style("title", BODY_PT, CONDENSED)))
            runs.append((block.text, body))
            return [Para(self.paragraph(runs, indent=INDENT if block.indent else 0.0, strut=body))]
        if isinstance(block, NumberedList):
            return [Para(self.paragraph([(item, body)])) for item in block.labelled()]
        if isinstance(block, Table):
            return [self.table(block)]
        if isinstance(block, PageBreak):
            return [Forced()]
        raise TypeError(f"cannot render {type(block).__name__} in a document")

    def signature(self, signature: Signature):
        lines = []
        for text, indent in signature.placement():
            lines.extend(self.paragraph([(text, self.body)], align="right", right=indent * BODY_PT))
        return Para(lines, avoid_break_before=True, keep_together=True, space_before=LINE)

    def table(self, table: Table):
        columns = len(table.header)
        widths = [float(w) * MM for w in table.widths] if table.widths else [self.width / columns] * columns
        x = MARGIN_LEFT + (self.width - sum(widths)) / 2
        cell = Style("fang", TABLE_PT)
        bold = Style("fang", TABLE_PT, bold=True)
        flowing = table.flowing_rows(self.doc.landscape) if self.rows_flow else set()
        baseline = baseline_of(self.fonts.faces["fang"], TABLE_PT, TABLE_LINE)

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
                cells.append(line_boxes(glyphs, inner, baseline, line=TABLE_LINE, align=align))
            tallest = max(len(lines) for lines in cells)
            return Row(cells, tallest * TABLE_LINE + 2 * CELL_PADDING[0] + RULE, flows)

        header = row(table.header, bold, "center")
        rows = [row(texts, cell, "left", index in flowing) for index, texts in enumerate(table.rows)]
        return TableBox(x, widths, header, rows)


def typeset(doc: Document) -> bytes:
    """The document as the bytes of a PDF file."""
    fonts_ = Fonts()
    layout = Layout(doc, fonts_)
    pages = Pages(layout.size)
    pages.flow(layout.blocks())
    return draw_pages(str(doc.title), pages, fonts_, numbered_from=1)
