"""The GB/T 9704 page in points, as gongwen.css and render_docx set it."""

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
