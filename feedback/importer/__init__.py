"""导入意见建议: the office's spreadsheet of opinions (.xlsx or .csv), checked row by row, saved all or nothing.

An opinion summary typed in Word (.docx, the shape of DESIGN §3) is read by feedback.word_summary into
the same rows, one per opinion paragraph, and checked by the same rules; its problems name paragraphs.

The columns are found by their header (内容, 方面, 类别, 渠道, 对象; 状态 and 理由 optional), so their order
and any extra columns (序号, 备注 …) do not matter. Every problem is reported by the row number the user
sees in Excel (the header is row 1) and the column name; one bad row means nothing is saved (DESIGN §3).

Duplicates (the same text once whitespace and punctuation are ignored, within the file or against the
meeting's opinions) are errors by default, because an office re-importing last week's sheet is the usual
cause; with ``allow_duplicates`` they are imported and still listed, for opinions that several people gave.

One module a job: ``columns`` (the sheet's columns, limits, rows and problems), ``table`` (reading an .xlsx
or .csv), ``word`` (reading a Word summary), ``checks`` (checking rows against the meeting), ``save``
(``import_opinions``: all of it in one transaction) and ``template`` (the sheet to fill in). This package
names what the pages, the ``import_opinions`` command and the tests use.
"""

from .checks import Choices
from .columns import EXAMPLE_MARK, MAX_BYTES, MAX_ROWS, MAX_UPLOAD_BYTES, TEAM_LABEL, ImportFileError, Problem
from .save import ImportResult, import_opinions
from .template import COLUMN_HELP, template_csv, template_xlsx
from .word import NO_CHANNEL

__all__ = [
    "COLUMN_HELP",
    "EXAMPLE_MARK",
    "MAX_BYTES",
    "MAX_ROWS",
    "MAX_UPLOAD_BYTES",
    "NO_CHANNEL",
    "TEAM_LABEL",
    "Choices",
    "ImportFileError",
    "ImportResult",
    "Problem",
    "import_opinions",
    "template_csv",
    "template_xlsx",
]
