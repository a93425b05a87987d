"""The 材料汇编 by bundle.css's rules laid over gongwen.css: the cover, the 目录 with its leaders and
page numbers, each piece from a new page."""

from ..titles import title_lines
from ..tree import Document
from .fonts import Fonts, Style
from .geometry import BODY_PT, CONDENSED, LINE, MARGIN_LEFT, PAGE, TITLE_PT
from .layout import Layout
from .lines import Line, baseline_of, line_boxes
from .pages import Forced, Pages, Para
from .pdf import draw_pages


class ContentsLine(Line):
    """The last line of a 目录 entry: the title's words, a leader of dots, the page its piece starts
    on at the right edge (known once the pieces are laid out: ``starts`` is filled in before drawing)."""

    def __init__(self, line, fonts_, starts, piece, width):
        super().__init__(line.glyphs, line.x, line.height, line.baseline, line.gap)
        self.fonts, self.starts, self.piece, self.width = fonts_, starts, piece, width

    def draw(self, out, top):
        style = self.glyphs[0].style if self.glyphs else Style("fang", BODY_PT, CONDENSED)
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

    from ..render_bundle import (
        CONTENTS_NUMBER_COLUMN,
        CONTENTS_TITLE,
        COVER_HEADING_LINE,
        COVER_HEADING_PT,
        COVER_HEADING_SPACING,
        COVER_SPACES,
        COVER_TITLE_LINE,
        COVER_TITLE_PT,
    )
    from ..tree import format_date

    fonts_ = Fonts()
    cover = Layout(Document(title=""), fonts_)
    width = cover.width
    body = cover.body

    def centred(text, style, line=LINE, space_before=0.0, align="center"):
        glyphs = cover.glyphs(text, style) or fonts_.glyphs(" ", style)
        baseline = baseline_of(fonts_.faces[style.role], style.size, line)
        lines = line_boxes(glyphs, width, baseline, line=line, align=align)
        return Para(lines, space_before=space_before)

    def points(length):
        return Length(length).pt

    items = [centred(bundle.mark, Style("hei", BODY_PT, CONDENSED), align="left")]
    title = Style("title", COVER_TITLE_PT)
    title_line = points(COVER_TITLE_LINE)
    for number, text in enumerate(title_lines(bundle.title)):
        items.append(centred(text, title, title_line, points(COVER_SPACES["title"]) if number == 0 else 0.0))
    heading = Style("title", COVER_HEADING_PT, COVER_HEADING_SPACING / 20)
    items.append(
        centred(bundle.heading, heading, points(COVER_HEADING_LINE), points(COVER_SPACES["heading"]))
    )
    if bundle.theme:
        kai = Style("kai", BODY_PT, CONDENSED)
        items.append(centred(bundle.theme, kai, space_before=points(COVER_SPACES["theme"])))
    items.append(centred(bundle.organisation, body, space_before=points(COVER_SPACES["organisation"])))
    items.append(centred(format_date(bundle.compiled_on), body))

    # The 目录: its lines are known now, its page numbers once the pieces are laid out.
    starts = [0] * len(bundle.pieces)
    items.append(Forced())
    contents_title = Style("title", TITLE_PT)
    header = centred(CONTENTS_TITLE, contents_title)
    header.space_after = LINE
    items.append(header)
    column = width - CONTENTS_NUMBER_COLUMN * BODY_PT
    baseline = baseline_of(fonts_.faces["fang"], BODY_PT, LINE)
    for index, entry in enumerate(bundle.contents):
        lines = line_boxes(cover.glyphs(entry, body), column, baseline, align="left")
        lines[-1] = ContentsLine(lines[-1], fonts_, starts, index, width)
        items.append(Para(lines))

    pages = Pages(PAGE)
    pages.flow(items)
    for index, piece in enumerate(bundle.pieces):
        layout = Layout(piece, fonts_, rows_flow=False)
        pages.new_page(layout.size)
        starts[index] = len(pages.pages)
        pages.flow(layout.blocks())
    content = draw_pages(f"{bundle.title}{bundle.heading}", pages, fonts_, numbered_from=2)
    return content, len(pages.pages), starts
