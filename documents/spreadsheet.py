"""Writing cells of spreadsheets so that text stays text: the one writer every .xlsx and .csv export uses.

"User text is never a formula in a spreadsheet" (DESIGN §12). Excel, WPS and LibreOffice run a cell
that starts with "=" as a formula, and in a CSV file also one starting with "+", "-", "@", a tab or a
carriage return: an opinion from the public box reading ``=HYPERLINK("http://…","点击")`` would turn
into a live link in the office's ledger, one click from sending the office where the sender wants.

- .xlsx: openpyxl types a str starting with "=" as a formula (and "#N/A" and the like as an error
  value); every str written here is typed as a string instead, which openpyxl writes as an inline
  string and no program evaluates. The text itself is kept exactly, so that an import reads back
  what was exported.
- .csv has no cell types: a text starting with one of those characters gets a leading apostrophe,
  the mark spreadsheets read as "this is text".

Reading an uploaded workbook is documents.spreadsheet_reader.
"""

import csv

from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE, Cell

# What makes a spreadsheet read a CSV field as a formula (OWASP "CSV Injection").
CSV_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def as_text(cell):
    """The cell typed as a string if it holds one, whatever its first character; returns the cell."""
    if isinstance(cell.value, str):
        cell.data_type = "s"
    return cell


def _storable(value):
    # A control character pasted from Word (a vertical tab, a form feed) cannot be stored in the file's
    # XML; openpyxl would refuse the whole workbook for it, so it is dropped.
    return ILLEGAL_CHARACTERS_RE.sub("", value) if isinstance(value, str) else value


def write(sheet, row, column, value):
    """Writes one cell (``sheet.cell(row, column, value)``) and returns it, text kept as text."""
    return as_text(sheet.cell(row, column, _storable(value)))


def append(sheet, values):
    """Appends a row (``sheet.append(values)``) with every text kept as text: the cells are typed before
    openpyxl places them, since finding them afterwards by ``max_row`` (a scan of every cell) is quadratic:
    a province's 督导汇总表 of 10,000 rows ran past gunicorn's timeout, and now takes 4.6 s (bench/province.py)."""
    sheet.append([as_text(Cell(sheet, value=_storable(value))) for value in values])


def csv_field(value):
    """One CSV field: text that a spreadsheet would run as a formula gets a leading apostrophe."""
    if isinstance(value, str) and value.startswith(CSV_FORMULA_STARTS):
        return "'" + value
    return value


class CsvWriter:
    """``csv.writer`` whose every field goes through ``csv_field``."""

    def __init__(self, out, **options):
        self._writer = csv.writer(out, **options)

    def writerow(self, row):
        return self._writer.writerow([csv_field(value) for value in row])

    def writerows(self, rows):
        for row in rows:
            self.writerow(row)
