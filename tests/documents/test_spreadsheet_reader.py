"""The one reader of uploaded workbooks: the same defect gets the same words in every import (issue 18)."""

import io
import zipfile

import openpyxl
import pytest

from documents import spreadsheet_reader
from documents.spreadsheet_reader import MESSAGES, SpreadsheetError, find_header
from feedback.importer import table as opinion_table
from rectification.excel import importer as ledger_importer


def _zip(parts):
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    return out.getvalue()


def _workbook(*rows):
    workbook = openpyxl.Workbook()
    for row in rows:
        workbook.active.append(list(row))
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


DEFECTS = {
    "old xls or a password": (b"\xd0\xcf\x11\xe0" + b"\x00" * 100, "OLD_FORMAT"),
    "text renamed": ("内容,方面\n".encode(), "NOT_ZIP"),
    "zip cut short": (_workbook(["内容"])[:300], "BROKEN"),
    "word renamed": (_zip({"word/document.xml": b"<w:document/>"}), "WRONG_KIND"),
}


@pytest.mark.parametrize("content, defect", DEFECTS.values(), ids=DEFECTS.keys())
def test_the_opinion_import_and_the_ledger_import_say_the_same_for_the_same_defect(content, defect):
    message = next(text for found, text in MESSAGES.items() if found.name == defect)
    with pytest.raises(SpreadsheetError) as opened:
        spreadsheet_reader.open_workbook(content)
    with pytest.raises(SpreadsheetError) as opinions:
        opinion_table.parse("意见.xlsx", content)
    with pytest.raises(SpreadsheetError) as ledger:
        ledger_importer.read_rows(content)
    assert opened.value.message == opinions.value.problems[0].message == ledger.value.message == message


def test_a_zip_bomb_is_refused_before_it_is_unpacked():
    content = _zip({"xl/workbook.xml": b" " * (spreadsheet_reader.MAX_UNPACKED_BYTES + 1)})
    assert len(content) < 1024 * 1024
    with pytest.raises(SpreadsheetError) as opened:
        spreadsheet_reader.open_workbook(content)
    assert opened.value.message == "文件过大：表格解压后的内容超出限制，请分成几个文件导入。"
    with pytest.raises(SpreadsheetError) as opinions:
        opinion_table.parse("意见.xlsx", content)
    assert opinions.value.problems[0].message == opened.value.message


def test_the_header_is_found_below_a_title_and_the_rows_are_read_on_after_it():
    workbook = spreadsheet_reader.open_workbook(_workbook(["汇总表"], [], [" 内容 ", "方面"], ["意见", 1]))
    rows = spreadsheet_reader.sheet_rows(workbook.active)
    header, first = find_header(rows, ["内容"])
    assert (header.number, header.names, header.positions) == (3, ["内容", "方面"], {"内容": 0, "方面": 1})
    assert first.number == 1 and first.names == ["汇总表"]
    assert list(rows) == [(4, ("意见", 1))]
    workbook.close()


def test_the_header_search_gives_up_after_ten_rows_that_are_not_blank():
    rows = [(number, [f"标题{number}"]) for number in range(1, 11)] + [(11, ["内容"])]
    header, first = find_header(iter(rows), ["内容"])
    assert header is None and first.names == ["标题1"]
    assert find_header(iter([(1, [None, " "])]), ["内容"]) == (None, None)
