"""整改台账 as an Excel workbook: exported for offices to keep and fill in, imported back for progress.

Export: one sheet per list the reader may open, in the columns offices use, plus a hidden "编号" column
(the item's id) by which the import finds each row's item.

Import (``import_workbook``) reads back only two columns, 状态 and 进展情况; every other column is the
system's and is ignored. It is all or nothing: every row is checked first and every problem collected;
if there is any, nothing is changed. It never raises for a problem of the file or its rows: the
returned ``ImportResult`` carries them in ``errors`` (each naming the sheet and the Excel row number),
or, when ``ok``, the counts of what changed. Status changes and progress go through ``services``, so
销号 still needs evidence and a second person, and 已结转 cannot be set at all.
"""

from .export import COLUMNS, CONTENT_TYPE, HEADER_ROW, export_workbook, progress_lines, sheet_title
from .importer import MAX_BYTES, ImportResult, RowError, file_refusal, import_workbook, new_progress

__all__ = [
    "COLUMNS",
    "CONTENT_TYPE",
    "HEADER_ROW",
    "MAX_BYTES",
    "ImportResult",
    "RowError",
    "export_workbook",
    "file_refusal",
    "import_workbook",
    "new_progress",
    "progress_lines",
    "sheet_title",
]
