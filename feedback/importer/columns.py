"""The opinion sheet's columns and limits, and the rows and problems the parts of the import hand on."""

from dataclasses import dataclass

from documents import word_reader
from documents.spreadsheet_reader import SpreadsheetError, column_label

from ..models import OpinionStatus

MAX_BYTES = 2 * 1024 * 1024
# What an upload may be read up to: a Word summary may carry a letterhead image (word_reader's limit).
MAX_UPLOAD_BYTES = max(MAX_BYTES, word_reader.MAX_BYTES)
MAX_ROWS = 5000
MAX_TEXT = 2000  # the same limit as the entry form
TEMPLATE_SHEET = "意见建议"  # read first when present: the template's "说明" sheet may be the active one
HELP_SHEET = "说明"

TEXT = "内容"
ASPECT = "方面"
CATEGORY = "类别"
CHANNEL = "渠道"
ADDRESSEE = "对象"
STATUS = "状态"
REASON = "理由"
REQUIRED_COLUMNS = [TEXT, ASPECT, CATEGORY, CHANNEL, ADDRESSEE]
COLUMNS = [*REQUIRED_COLUMNS, STATUS, REASON]
COLUMN_ALIASES = {
    "意见内容": TEXT,
    "意见建议": TEXT,
    "意见建议内容": TEXT,
    "对照检查方面": ASPECT,
    "所属方面": ASPECT,
    "来源类别": CATEGORY,
    "意见来源": CATEGORY,
    "征求渠道": CHANNEL,
    "意见对象": ADDRESSEE,
    "不予采纳理由": REASON,
}
TEAM_LABEL = "领导班子"
TEAM_NAMES = {"", "领导班子", "班子"}
STATUS_NAMES = {
    "": OpinionStatus.ACCEPTED,
    "已采纳": OpinionStatus.ACCEPTED,
    "采纳": OpinionStatus.ACCEPTED,
    "待分拣": OpinionStatus.NEW,
    "不予采纳": OpinionStatus.REJECTED,
}
# The template's example rows start with this, so that importing the template unchanged saves nothing.
EXAMPLE_MARK = "【示例，导入前请删除本行】"


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the file or a row; ``row`` is None for the file as a whole."""

    row: int | None
    column: str
    message: str
    is_duplicate: bool = False
    unit: str = "行"  # "段" for a paragraph of a Word summary

    def __str__(self):
        place = f"第{self.row}{self.unit}" if self.row else ""
        if self.column:
            place = f"{place} {self.column}".strip()
        return f"{place}：{self.message}" if place else self.message

    @property
    def sort_key(self):
        column = COLUMNS.index(self.column) if self.column in COLUMNS else len(COLUMNS)
        return (self.row or 0, column)


class ImportFileError(SpreadsheetError):
    """The file as a whole cannot be read as an opinion sheet: one or more problems (missing columns …)."""

    def __init__(self, problems):
        super().__init__("；".join(str(p) for p in problems))
        self.problems = problems


@dataclass
class Row:
    """A data row as read: its number in Excel and its cells by column name (stripped text)."""

    number: int
    values: dict

    def get(self, column):
        return self.values.get(column, "")


def column_name(value):
    """A header cell as one of COLUMNS when it is one: "内容*" and "意见内容" are 内容."""
    title = column_label(value).rstrip("*")
    return COLUMN_ALIASES.get(title, title)


def file_error(message, row=None, column=""):
    return ImportFileError([Problem(row, column, message)])
