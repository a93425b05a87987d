"""Opinion sheets built in memory, as an office would fill them in, for import tests.

A row is a sequence of cells in header order, or a dict by column name (missing columns left empty).
"""

import csv
import io

import openpyxl

HEADER = ["内容", "方面", "类别", "渠道", "对象", "状态", "理由"]


def _cells(row, header):
    if isinstance(row, dict):
        return [row.get(column, "") for column in header]
    return list(row)


def make_xlsx(rows, header=HEADER, title="意见建议", above=()):
    """The bytes of an .xlsx whose first sheet holds ``above`` rows (e.g. a title), the header, then rows."""
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = title
    for row in above:
        sheet.append(list(row))
    if header is not None:
        sheet.append(list(header))
    for row in rows:
        sheet.append(_cells(row, header or HEADER))
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def make_csv(rows, header=HEADER, encoding="utf-8-sig", delimiter=","):
    """The bytes of a .csv: "utf-8-sig" is Excel's "CSV UTF-8", "gb18030" what Chinese Windows Excel saves."""
    out = io.StringIO(newline="")
    writer = csv.writer(out, delimiter=delimiter)
    if header is not None:
        writer.writerow(header)
    for row in rows:
        writer.writerow(_cells(row, header or HEADER))
    return out.getvalue().encode(encoding)


def read_xlsx(content, sheet=None):
    """Every row of a sheet (the first by default) as a list of values, to check downloaded templates."""
    workbook = openpyxl.load_workbook(io.BytesIO(content))
    worksheet = workbook[sheet] if sheet else workbook.worksheets[0]
    return [list(row) for row in worksheet.iter_rows(values_only=True)]
