"""The GB/T 9704 page in points: render_docx's constants (each with the measurement behind it), which
gongwen.css repeats for the HTML, read here rather than typed a third time."""

from docx.shared import Length, Twips

from .. import render_docx as docx

MM = 72 / 25.4
PAGE = tuple(Length(side).pt for side in docx.PAGE)
MARGIN_TOP, MARGIN_RIGHT, MARGIN_BOTTOM, MARGIN_LEFT = (
    Length(docx.MARGINS[side]).pt for side in ("top", "right", "bottom", "left")
)
LINE = Length(docx.LINE).pt
BODY_PT, TITLE_PT, PAGE_NUMBER_PT, TABLE_PT = (
    float(size) for size in (docx.BODY_PT, docx.TITLE_PT, docx.PAGE_NUMBER_PT, docx.TABLE_PT)
)
CONDENSED = docx.CONDENSED / 20  # twentieths of a point in Word
INDENT = Length(docx.INDENT).pt
TABLE_LINE = Length(docx.TABLE_LINE).pt
CELL_PADDING = (  # down, across: Word's cell margins
    Length(Twips(docx.CELL_MARGINS["top"])).pt,
    Length(Twips(docx.CELL_MARGINS["left"])).pt,
)
RULE = docx.BORDER_EIGHTHS / 8  # table borders
NUMBER_GAP = 7 * MM  # the page number's line starts 7 mm below the type area (gongwen.css)
MAX_GAP = 8.0  # a line that would need more than this between characters stays ragged
BOLD_STROKE = 0.35  # the table header's bold: glyphs filled and stroked, as Word fakes a bold 仿宋
EPSILON = 0.01
