"""Render a document tree as .docx in the GB/T 9704-2012 layout, with python-docx."""

import io
import unicodedata

from docx import Document as new_docx
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Emu, Mm, Pt

from .titles import title_lines
from .tree import Document, Heading, NumberedList, PageBreak, Paragraph, Signature, Table

TITLE_FONT = "方正小标宋简体"
BODY_FONT = "仿宋_GB2312"
HEI_FONT = "黑体"
KAI_FONT = "楷体_GB2312"
SONG_FONT = "宋体"
HEADING_FONTS = {1: HEI_FONT, 2: KAI_FONT, 3: BODY_FONT, 4: BODY_FONT}

TITLE_PT = 22  # 2号
BODY_PT = 16  # 3号
PAGE_NUMBER_PT = 14  # 4号
TABLE_PT = 12  # 小四
LINE = Pt(28.95)  # exact: 22 lines in the 225 mm type area (29 pt gives 21)
TABLE_LINE = Pt(20)
CONDENSED = -5  # twentieths of a point: -0.25 pt per character fits 28 characters in 156 mm
INDENT = Pt(2 * BODY_PT)

PAGE = (Mm(210), Mm(297))
MARGINS = {"top": Mm(37), "bottom": Mm(35), "left": Mm(28), "right": Mm(26)}
FOOTER_DISTANCE = Mm(21)  # puts the page number's dash about 7 mm under the type area
THEME_ATTRIBUTES = ("w:asciiTheme", "w:eastAsiaTheme", "w:hAnsiTheme", "w:cstheme")


def _tags(names):
    """A tuple of tag names from a space-separated string."""
    return tuple(names.split())


# Schema order of the children we add by hand (python-docx keeps these sequences private).
RPR_ORDER = _tags(
    "w:rStyle w:rFonts w:b w:bCs w:i w:iCs w:caps w:smallCaps w:strike w:dstrike w:outline w:shadow "
    "w:emboss w:imprint w:noProof w:snapToGrid w:vanish w:webHidden w:color w:spacing w:w w:kern "
    "w:position w:sz w:szCs w:highlight w:u w:effect w:bdr w:shd w:fitText w:vertAlign w:rtl w:cs w:em "
    "w:lang w:eastAsianLayout w:specVanish w:oMath"
)
PPR_ORDER = _tags(
    "w:pStyle w:keepNext w:keepLines w:pageBreakBefore w:framePr w:widowControl w:numPr "
    "w:suppressLineNumbers w:pBdr w:shd w:tabs w:suppressAutoHyphens w:kinsoku w:wordWrap "
    "w:overflowPunct w:topLinePunct w:autoSpaceDE w:autoSpaceDN w:bidi w:adjustRightInd w:snapToGrid "
    "w:spacing w:ind w:contextualSpacing w:mirrorIndents w:suppressOverlap w:jc w:textDirection "
    "w:textAlignment w:textboxTightWrap w:outlineLvl w:divId w:cnfStyle w:rPr w:sectPr w:pPrChange"
)
TRPR_ORDER = _tags(
    "w:cnfStyle w:divId w:gridBefore w:gridAfter w:wBefore w:wAfter w:cantSplit w:trHeight w:tblHeader "
    "w:tblCellSpacing w:jc w:hidden w:ins w:del w:trPrChange"
)
TBLPR_ORDER = _tags(
    "w:tblStyle w:tblpPr w:tblOverlap w:bidiVisual w:tblStyleRowBandSize w:tblStyleColBandSize w:tblW w:jc "
    "w:tblCellSpacing w:tblInd w:tblBorders w:shd w:tblLayout w:tblCellMar w:tblLook w:tblCaption "
    "w:tblDescription w:tblPrChange"
)
# A cell's padding, as gongwen.css gives th and td (2pt 4pt), in twentieths of a point: with Word's 0 above
# and below a one-line row was 20 pt in LibreOffice and 24.75 pt in the PDF, and a 32-page 谈心谈话情况
# came out a page shorter in Word.
CELL_MARGINS = {"top": 40, "left": 80, "bottom": 40, "right": 80}
BORDER_EIGHTHS = 6  # eighths of a point: gongwen.css's 0.75pt rules


def render_docx(doc: Document) -> bytes:
    """The document as the bytes of a .docx file."""
    word = new_docx()
    _set_up_styles(word)
    _set_up_page(word, doc.landscape)
    word.core_properties.title = core_property(doc.title)
    word.core_properties.language = "zh-CN"
    _Writer(word, doc.landscape).document(doc)
    out = io.BytesIO()
    word.save(out)
    return out.getvalue()


# The document properties (title, subject, …) are strings of at most 255 characters in the OOXML core
# properties schema, and python-docx refuses a longer one: a draft titled at length must still export.
CORE_PROPERTY_MAX = 255


def core_property(text):
    """``text`` as a .docx core property: cut to 255 characters if longer, never inside a character
    (a combining mark or variation selector stays with the character before it). Only the property is
    cut; the document's body keeps the whole text."""
    text = text or ""
    if len(text) <= CORE_PROPERTY_MAX:
        return text
    end = CORE_PROPERTY_MAX
    while end > 0 and _continues(text[end]):
        end -= 1
    return text[:end]


def _continues(character):
    """Whether ``character`` belongs to the one before it (a combining mark, a joiner, a selector)."""
    return bool(unicodedata.combining(character)) or unicodedata.category(character) in ("Mn", "Me", "Cf")


def _type_width(landscape):
    width = PAGE[1] if landscape else PAGE[0]
    return width - MARGINS["left"] - MARGINS["right"]


def set_fonts(rpr, name):
    """Name one font for every script in run properties, dropping the theme fonts that would win."""
    fonts = rpr.get_or_add_rFonts()
    for attribute in THEME_ATTRIBUTES:
        fonts.attrib.pop(qn(attribute), None)
    for attribute in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(attribute), name)
    # Word picks Simplified glyph variants and CJK line breaking from the East Asian language.
    lang = _child(rpr, "w:lang", RPR_ORDER)
    lang.set(qn("w:eastAsia"), "zh-CN")


def _child(parent, tag, tag_seq):
    """The child ``tag`` of an element, created in schema order when missing."""
    found = parent.find(qn(tag))
    if found is None:
        found = OxmlElement(tag)
        parent.insert_element_before(found, *tag_seq[tag_seq.index(tag) + 1 :])
    return found


# Paragraph properties of the defaults and of every paragraph style, off as a typeset document has them:
# - autoSpaceDE / autoSpaceDN: Word and WPS add a quarter em between CJK and Latin letters or digits,
#   printing "2026 年 12 月" and pushing lines past 28 characters;
# - overflowPunct: Word hangs a closing "，" or "。" into the right margin, past the type area the PDF
#   keeps to;
# - widowControl: at least two lines of a broken paragraph on each page, as CSS orphans and widows
#   (2 by default) keep them in the PDF, so that both files break pages alike.
TYPESET_OFF = ("w:overflowPunct", "w:autoSpaceDE", "w:autoSpaceDN")


def typeset_like_the_pdf(ppr):
    """Turn Word's CJK auto-spacing and hanging punctuation off, and widow control on, in ``ppr``."""
    _child(ppr, "w:widowControl", PPR_ORDER).attrib.pop(qn("w:val"), None)
    for tag in TYPESET_OFF:
        _child(ppr, tag, PPR_ORDER).set(qn("w:val"), "0")


def _set_up_styles(word):
    defaults = word.styles.element.find(qn("w:docDefaults"))
    set_fonts(defaults.find(qn("w:rPrDefault")).find(qn("w:rPr")), BODY_FONT)
    paragraph_defaults = defaults.find(qn("w:pPrDefault"))
    if paragraph_defaults is None:
        paragraph_defaults = OxmlElement("w:pPrDefault")
        defaults.append(paragraph_defaults)
    if paragraph_defaults.find(qn("w:pPr")) is None:
        paragraph_defaults.append(OxmlElement("w:pPr"))
    typeset_like_the_pdf(paragraph_defaults.find(qn("w:pPr")))
    for style in word.styles.element.findall(qn("w:style")):
        if style.get(qn("w:type")) == "paragraph":
            typeset_like_the_pdf(style.get_or_add_pPr())
    normal = word.styles["Normal"]
    normal.font.size = Pt(BODY_PT)
    set_fonts(normal.element.get_or_add_rPr(), BODY_FONT)
    fmt = normal.paragraph_format
    fmt.space_before = fmt.space_after = Pt(0)
    fmt.line_spacing = LINE


def _set_up_page(word, landscape):
    section = word.sections[0]
    page_size(section, landscape)
    # GB/T 9704: odd page numbers sit right, even ones left, each one character in.
    word.settings.odd_and_even_pages_header_footer = True
    _page_number(section.footer, WD_ALIGN_PARAGRAPH.RIGHT)
    _page_number(section.even_page_footer, WD_ALIGN_PARAGRAPH.LEFT)


def page_size(section, landscape):
    """A4 portrait or landscape with the GB/T 9704 margins (a landscape page keeps them on the same sides)."""
    width, height = PAGE
    section.orientation = WD_ORIENT.PORTRAIT
    if landscape:
        section.orientation = WD_ORIENT.LANDSCAPE
        width, height = height, width
    section.page_width, section.page_height = width, height
    for side, length in MARGINS.items():
        setattr(section, f"{side}_margin", length)
    section.footer_distance = FOOTER_DISTANCE


def _page_number(footer, alignment):
    footer.is_linked_to_previous = False
    paragraph = footer.paragraphs[0]
    paragraph.alignment = alignment
    fmt = paragraph.paragraph_format
    fmt.space_before = fmt.space_after = Pt(0)
    fmt.line_spacing = 1.0
    side = "right_indent" if alignment == WD_ALIGN_PARAGRAPH.RIGHT else "left_indent"
    setattr(fmt, side, Pt(PAGE_NUMBER_PT))
    _run(paragraph, "— ", SONG_FONT, PAGE_NUMBER_PT, condensed=False)
    # python-docx has no fields: build begin / instruction / separate / result / end by hand.
    _field_char(paragraph, "begin")
    instruction = _run(paragraph, "", SONG_FONT, PAGE_NUMBER_PT, condensed=False)
    text = OxmlElement("w:instrText")
    text.set(qn("xml:space"), "preserve")
    text.text = " PAGE "
    instruction._r.append(text)
    _field_char(paragraph, "separate")
    _run(paragraph, "1", SONG_FONT, PAGE_NUMBER_PT, condensed=False)
    _field_char(paragraph, "end")
    _run(paragraph, " —", SONG_FONT, PAGE_NUMBER_PT, condensed=False)


def _field_char(paragraph, kind, font=SONG_FONT, size=PAGE_NUMBER_PT):
    run = _run(paragraph, "", font, size, condensed=False)
    char = OxmlElement("w:fldChar")
    char.set(qn("w:fldCharType"), kind)
    run._r.append(char)


def _run(paragraph, text, font, size, *, bold=False, condensed=True):
    run = paragraph.add_run(text)
    run.font.size = Pt(size)
    if bold:
        run.font.bold = True
    rpr = run._r.get_or_add_rPr()
    set_fonts(rpr, font)
    if condensed:
        spacing = _child(rpr, "w:spacing", RPR_ORDER)
        spacing.set(qn("w:val"), str(CONDENSED))
    return run


class _Writer:
    """Appends blocks to a python-docx document, remembering a pending page break.

    ``outline_offset`` moves the headings down the outline: a bundle puts each piece's title at
    level 0 (where its table of contents looks) and the piece's "一、" headings under it.
    """

    def __init__(self, word, landscape, outline_offset=0):
        self.word = word
        self.landscape = landscape
        self.type_width = _type_width(landscape)
        self.outline_offset = outline_offset
        self.break_before = False
        self.last_paragraphs = []  # of the last block written: the signature keeps with them

    def paragraph(self, *, indent=True, alignment=WD_ALIGN_PARAGRAPH.JUSTIFY, line=LINE):
        paragraph = self.word.add_paragraph()
        paragraph.alignment = alignment
        fmt = paragraph.paragraph_format
        fmt.space_before = fmt.space_after = Pt(0)
        fmt.line_spacing = line
        if indent:
            fmt.first_line_indent = INDENT
        if self.break_before:
            fmt.page_break_before = True
            self.break_before = False
        self.last_paragraphs = [paragraph]
        return paragraph

    def document(self, doc: Document):
        """The document's title, blocks and signature; returns the title's paragraph."""
        heading = self.title(doc.title, doc.subtitle, doc.landscape)
        for block in doc.blocks:
            self.block(block)
        if doc.signature is not None:
            self.signature(doc.signature)
        return heading

    def title(self, title, subtitle, landscape=False):
        """The title and subtitle paragraphs; returns the title's. The title's lines (titles.title_lines)
        are runs of one paragraph, a line break (w:br) after each but the last."""
        heading = paragraph = self.paragraph(indent=False, alignment=WD_ALIGN_PARAGRAPH.CENTER)
        lines = title_lines(title, landscape)
        for number, line in enumerate(lines, 1):
            run = _run(paragraph, line, TITLE_FONT, TITLE_PT, condensed=False)
            if number < len(lines):
                run.add_break()
        if subtitle:
            paragraph = self.paragraph(indent=False, alignment=WD_ALIGN_PARAGRAPH.CENTER)
            _run(paragraph, subtitle, KAI_FONT, BODY_PT)
        # GB/T 9704: one empty line between the title block and the text.
        paragraph.paragraph_format.space_after = LINE
        return heading

    def block(self, block):
        if isinstance(block, Heading):
            paragraph = self.paragraph()
            paragraph.paragraph_format.keep_with_next = True
            _outline_level(paragraph, block.level + self.outline_offset)
            _run(paragraph, block.text, HEADING_FONTS[block.level], BODY_PT)
        elif isinstance(block, Paragraph):
            paragraph = self.paragraph(indent=block.indent)
            if block.lead:
                _run(paragraph, block.lead, KAI_FONT, BODY_PT)
            if block.strong:
                _run(paragraph, block.strong, BODY_FONT, BODY_PT, bold=True)
            _run(paragraph, block.text, BODY_FONT, BODY_PT)
        elif isinstance(block, NumberedList):
            for item in block.labelled():
                _run(self.paragraph(), item, BODY_FONT, BODY_PT)
        elif isinstance(block, Table):
            self.table(block)
        elif isinstance(block, PageBreak):
            self.break_before = True
        else:
            raise TypeError(f"cannot render {type(block).__name__} in a document")

    def table(self, table):
        if self.break_before:
            # Word ignores "page break before" inside a table: break on a one-point paragraph instead.
            self.paragraph(indent=False, line=Pt(1))
        columns = len(table.header)
        widths = (
            [Mm(w) for w in table.widths] if table.widths else [Emu(self.type_width // columns)] * columns
        )
        grid = self.word.add_table(rows=1 + len(table.rows), cols=columns)
        grid.style = self.word.styles["Table Grid"]
        grid.alignment = WD_TABLE_ALIGNMENT.CENTER
        grid.autofit = False
        _cell_margins(grid)
        _borders(grid)
        for column, width in zip(grid.columns, widths, strict=True):
            column.width = width
        _header_row(grid.rows[0])
        flowing = {index + 1 for index in table.flowing_rows(self.landscape)}
        for number, (row, texts) in enumerate(zip(grid.rows, [table.header, *table.rows], strict=True)):
            # A row breaks across pages (Word's 允许跨行断页) only if it is taller than a third of a
            # page; the PDF breaks the same rows (Table.flowing_rows).
            if number not in flowing:
                _child(row._tr.get_or_add_trPr(), "w:cantSplit", TRPR_ORDER)
            for cell, text, width in zip(row.cells, texts, widths, strict=True):
                cell.width = width
                cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
                self.cell(cell, text, header=number == 0)
        # A signature after the table keeps with its last row.
        self.last_paragraphs = [p for cell in grid.rows[-1].cells for p in cell.paragraphs]

    def cell(self, cell, text, header):
        alignment = WD_ALIGN_PARAGRAPH.CENTER if header else WD_ALIGN_PARAGRAPH.LEFT
        for number, line in enumerate(str(text).split("\n")):
            paragraph = cell.paragraphs[0] if number == 0 else cell.add_paragraph()
            paragraph.alignment = alignment
            fmt = paragraph.paragraph_format
            fmt.space_before = fmt.space_after = Pt(0)
            fmt.line_spacing = TABLE_LINE
            _run(paragraph, line, BODY_FONT, TABLE_PT, bold=header, condensed=False)

    def signature(self, signature: Signature):
        # Never alone on a page: the last paragraph keeps with the signature (its last two lines at
        # least, widow control), each signature line with the next, the date last; the PDF's
        # .signature has break-before and break-inside avoid.
        placed = signature.placement()
        for paragraph in self.last_paragraphs:
            paragraph.paragraph_format.keep_with_next = True
        for number, (line, indent) in enumerate(placed):
            paragraph = self.paragraph(indent=False, alignment=WD_ALIGN_PARAGRAPH.RIGHT)
            fmt = paragraph.paragraph_format
            fmt.right_indent = Pt(indent * BODY_PT)
            fmt.keep_with_next = number < len(placed) - 1
            if number == 0:
                # GB/T 9704: the signature stands one empty line below the text.
                fmt.space_before = LINE
            _run(paragraph, line, BODY_FONT, BODY_PT)


def _cell_margins(grid):
    """The PDF's cell padding (CELL_MARGINS) for every cell of a table."""
    margins = _child(grid._tbl.tblPr, "w:tblCellMar", TBLPR_ORDER)
    for side, twips in CELL_MARGINS.items():  # in schema order
        margin = OxmlElement(f"w:{side}")
        margins.append(margin)
        margin.set(qn("w:w"), str(twips))
        margin.set(qn("w:type"), "dxa")


def _borders(grid):
    """Single 0.75 pt rules, as gongwen.css draws them (Word's Table Grid draws 0.5 pt)."""
    borders = _child(grid._tbl.tblPr, "w:tblBorders", TBLPR_ORDER)
    for side in ("top", "left", "bottom", "right", "insideH", "insideV"):
        border = OxmlElement(f"w:{side}")
        for name, value in (
            ("val", "single"),
            ("sz", str(BORDER_EIGHTHS)),
            ("space", "0"),
            ("color", "000000"),
        ):
            border.set(qn(f"w:{name}"), value)
        borders.append(border)


def _header_row(row):
    """Mark a row as the table header, repeated at the top of every page."""
    trpr = row._tr.get_or_add_trPr()
    _child(trpr, "w:tblHeader", TRPR_ORDER)


def _outline_level(paragraph, level):
    """Show headings in Word's navigation pane without using its (themed) heading styles."""
    outline = _child(paragraph._p.get_or_add_pPr(), "w:outlineLvl", PPR_ORDER)
    outline.set(qn("w:val"), str(level - 1))
