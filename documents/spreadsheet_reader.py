"""Reading an uploaded Excel workbook (.xlsx): the one opener and header search every spreadsheet import uses.

The importers (feedback.importer: the opinion sheet; rectification.excel: the ledger) know their columns
and rows; this module knows the file: the checks before openpyxl opens it (documents.office_file: old
.xls, a renamed file, a damaged zip, a zip bomb), reading every row that is there, and finding the header
row by its column names below a title or two. Every problem is a ``SpreadsheetError`` whose message tells
the clerk what to do, the same words in every import. Writing spreadsheets is documents.spreadsheet.
"""

import io
import unicodedata
from dataclasses import dataclass

import openpyxl

from . import office_file

# What a workbook's parts may unpack to: real sheets of thousands of rows unpack to a few MB.
MAX_UNPACKED_BYTES = 50 * 1024 * 1024
HEADER_SEARCH_ROWS = 10  # a title row or two above the header is common in office sheets

XLS_NAME = "不支持旧版Excel（.xls）文件，请在Excel中“另存为”Excel工作簿（.xlsx）后再导入。"
BROKEN = "文件已损坏，无法读取表格内容；请在Excel中打开并重新保存后再导入。"
MESSAGES = {
    office_file.Defect.OLD_FORMAT: "文件扩展名是.xlsx，但内容是旧版Excel（.xls）或设置了打开密码的文件；"
    "请取消密码并“另存为”Excel工作簿（.xlsx）后再导入。",
    office_file.Defect.NOT_ZIP: "文件扩展名是.xlsx，但内容不是Excel工作簿（可能是改了扩展名的其他文件）。",
    office_file.Defect.BROKEN: BROKEN,
    office_file.Defect.WRONG_KIND: "文件扩展名是.xlsx，但内容不是Excel工作簿（可能是改了扩展名的Word文档或压缩包）。",
    office_file.Defect.TOO_LARGE: "文件过大：表格解压后的内容超出限制，请分成几个文件导入。",
}


class SpreadsheetError(Exception):
    """The file cannot be read as the workbook asked for; the message says what to do, in Chinese.

    ``sheet`` and ``row`` (the row number Excel shows) place it when one sheet or row is at fault."""

    def __init__(self, message, sheet="", row=None):
        super().__init__(message)
        self.message = message
        self.sheet = sheet
        self.row = row


def too_large(max_bytes):
    """The message for an upload past ``max_bytes``, before any of it is read."""
    return f"文件过大（超过{max_bytes // 1024 // 1024} MB），请分成几个文件导入。"


def open_workbook(content, max_unpacked_bytes=MAX_UNPACKED_BYTES):
    """The workbook in ``content`` (bytes), read-only, cells as values; the caller closes it."""
    found = office_file.defect(content, "xl/workbook.xml", max_unpacked_bytes)
    if found is not None:
        raise SpreadsheetError(MESSAGES[found])
    try:
        return openpyxl.load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except Exception:  # openpyxl raises many kinds of error on a damaged file; all mean the same here
        raise SpreadsheetError(BROKEN)


def sheet_rows(sheet):
    """(number, values) of every row of ``sheet`` that is there, numbered as Excel shows them."""
    # openpyxl raises many different errors on a damaged sheet (zip, XML, KeyError on a missing part …);
    # for the user they all mean the same thing.
    try:
        # Some programs write a wrong size into the sheet; read every row that is actually there.
        sheet.reset_dimensions()
        yield from enumerate(sheet.iter_rows(values_only=True), 1)
    except Exception:
        raise SpreadsheetError(BROKEN)


def column_label(value):
    """A header cell as a column name: full-width forms folded (NFKC), spaces dropped; "" when empty."""
    if value is None:
        return ""
    return unicodedata.normalize("NFKC", str(value)).replace(" ", "").strip()


@dataclass(frozen=True)
class Header:
    """A header row: its number as Excel shows it and each cell's column name ("" for an empty cell)."""

    number: int
    names: list

    @property
    def positions(self):
        """Each column name's position; where a name is repeated, the first."""
        positions = {}
        for index, name in enumerate(self.names):
            if name:
                positions.setdefault(name, index)
        return positions


def find_header(rows, wanted, name=column_label):
    """(header, first): the header is the first of the first HEADER_SEARCH_ROWS non-blank rows whose names
    (each cell through ``name``) include every one of ``wanted``, or None; ``first`` is the first non-blank
    row (None when there is none), the row to name missing columns in when no header is found.

    ``rows`` yields (number, values) as ``sheet_rows`` does; it is left just past the header, so that the
    caller reads the data rows on from it."""
    first, searched = None, 0
    for number, values in rows:
        names = [name(value) for value in values]
        if not any(names):
            continue
        header = Header(number, names)
        first = first or header
        if all(column in names for column in wanted):
            return header, first
        searched += 1
        if searched == HEADER_SEARCH_ROWS:
            break
    return None, first
