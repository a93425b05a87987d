"""Reading the office's spreadsheet of opinions (.xlsx or .csv) into rows: the file checked, the header found.

The columns are found by their header (内容, 方面, 类别, 渠道, 对象; 状态 and 理由 optional), so their order
and any extra columns (序号, 备注 …) do not matter; rows are numbered as Excel shows them.
"""

import csv
import io
from pathlib import PurePath

from documents import spreadsheet_reader
from documents.office_file import OLE_MAGIC, ZIP_MAGIC
from documents.spreadsheet_reader import SpreadsheetError
from documents.text_reader import decode_text

from .columns import (
    COLUMNS,
    MAX_BYTES,
    MAX_ROWS,
    REQUIRED_COLUMNS,
    TEMPLATE_SHEET,
    TEXT,
    ImportFileError,
    Problem,
    Row,
    column_name,
    file_error,
)


def parse(file_name, content):
    """The data rows of an .xlsx or .csv; raises ImportFileError when the file itself is unusable."""
    suffix = PurePath(file_name or "").suffix.lower()
    if suffix == ".xls":
        raise file_error(spreadsheet_reader.XLS_NAME)
    if suffix not in (".xlsx", ".csv"):
        raise file_error(
            f"文件类型不对：“{file_name}”不是.xlsx或.csv文件。请上传Excel工作簿（.xlsx）、CSV文件或Word汇总（.docx）。"
        )
    if len(content) > MAX_BYTES:
        raise file_error(spreadsheet_reader.too_large(MAX_BYTES))
    try:
        table = _xlsx_rows(content) if suffix == ".xlsx" else _csv_rows(content)
        return _rows_from_table(table)
    except ImportFileError:
        raise
    except SpreadsheetError as error:  # the workbook itself: documents.spreadsheet_reader's words
        raise file_error(error.message) from None


def _xlsx_rows(content):
    workbook = spreadsheet_reader.open_workbook(content)  # its zip-bomb limit fits sheets of 5,000 opinions
    try:
        names = workbook.sheetnames
        sheet = workbook[TEMPLATE_SHEET] if TEMPLATE_SHEET in names else workbook.worksheets[0]
    except Exception:  # no sheet at all, or a damaged list of them
        workbook.close()
        raise SpreadsheetError(spreadsheet_reader.BROKEN)
    return _xlsx_cells(workbook, sheet)


def _xlsx_cells(workbook, sheet):
    try:
        yield from spreadsheet_reader.sheet_rows(sheet)
    finally:
        workbook.close()


def _csv_rows(content):
    if content.startswith(ZIP_MAGIC) or content.startswith(OLE_MAGIC):
        raise file_error("文件扩展名是.csv，但内容是Excel表格；请把扩展名改回.xlsx，或在Excel中另存为CSV。")
    if content.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise file_error(
            "无法读取：文件是UTF-16编码（Excel的“Unicode文本”）；请在Excel中另存为“CSV UTF-8（逗号分隔）”后再导入。"
        )
    if b"\x00" in content:
        raise file_error("文件扩展名是.csv，但内容不是文本表格（可能是改了扩展名的其他文件）。")
    text = _decode(content)
    first_line = text.split("\n", 1)[0]
    # "Text (tab delimited)" saved with a .csv name is a common slip; it is still a readable table.
    delimiter = "\t" if "\t" in first_line and "," not in first_line else ","
    return _csv_cells(text, delimiter)


def _decode(content):
    text = decode_text(content)
    if text is None:
        raise file_error(
            "无法识别CSV文件的文字编码（既不是UTF-8也不是GB18030/GBK），文件可能已损坏；"
            "请在Excel中另存为“CSV UTF-8（逗号分隔）”后再导入。"
        )
    return text


def _csv_cells(text, delimiter):
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    number = 0
    try:
        for number, values in enumerate(reader, 1):
            yield number, values
    except csv.Error:  # a NUL byte is refused earlier; what is left is a cell beyond the csv module's limit
        raise file_error(
            f"CSV格式有误，无法读取第{number + 1}行附近的内容；请在Excel中打开并重新另存为CSV后再导入。"
        )


def _cell_text(value):
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)  # Excel stores the aspect number 3 as 3.0
    if hasattr(value, "isoformat"):
        value = value.isoformat()
    return str(value).strip()


def _rows_from_table(table):
    """Finds the header, then turns each non-blank row into a Row; stops early past MAX_ROWS."""
    header, first = spreadsheet_reader.find_header(table, [TEXT], name=column_name)
    if first is None:
        raise file_error("文件是空的，没有任何内容。")
    # Without a row that has a 内容 column, the first row is read as the header: that names the missing columns.
    columns = _columns(header or first)
    rows = []
    for number, values in table:
        cells = [_cell_text(value) for value in values]
        if not any(cells):
            continue
        if len(rows) == MAX_ROWS:
            raise file_error(f"数据行超过{MAX_ROWS}行，请分成几个文件导入。")
        rows.append(
            Row(number, {name: cells[index] if index < len(cells) else "" for name, index in columns.items()})
        )
    if not rows:
        raise file_error(f"表格中没有意见数据：第{header.number}行为列名，请从下一行起每行填写一条意见。")
    return rows


def _columns(header):
    """Column positions by name; raises for missing or repeated columns."""
    columns, problems = {}, []
    for index, name in enumerate(header.names):
        if name not in COLUMNS:
            continue  # 序号, 备注 … are the user's own
        if name in columns:
            problems.append(Problem(header.number, name, f"列名“{name}”出现了不止一次，请只保留一列。"))
        columns.setdefault(name, index)
    expected = "、".join(REQUIRED_COLUMNS)
    for name in REQUIRED_COLUMNS:
        if name not in columns:
            problems.append(
                Problem(
                    header.number, name, f"缺少“{name}”列。列名行应包含：{expected}（状态、理由两列可选）。"
                )
            )
    if problems:
        raise ImportFileError(problems)
    return columns
