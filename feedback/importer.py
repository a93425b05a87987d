"""导入意见建议: the office's spreadsheet of opinions (.xlsx or .csv), checked row by row, saved all or nothing.

An opinion summary typed in Word (.docx, the shape of DESIGN §3) is read by feedback.word_summary into
the same rows, one per opinion paragraph, and checked by the same rules; its problems name paragraphs.

The columns are found by their header (内容, 方面, 类别, 渠道, 对象; 状态 and 理由 optional), so their order
and any extra columns (序号, 备注 …) do not matter. Every problem is reported by the row number the user
sees in Excel (the header is row 1) and the column name; one bad row means nothing is saved (DESIGN §3).

Duplicates (the same text once whitespace and punctuation are ignored, within the file or against the
meeting's opinions) are errors by default, because an office re-importing last week's sheet is the usual
cause; with ``allow_duplicates`` they are imported and still listed, for opinions that several people gave.
"""

import csv
import io
import re
import unicodedata
import zipfile
from dataclasses import dataclass, field
from pathlib import PurePath

import openpyxl
from django.db import transaction
from django.utils import timezone
from openpyxl.styles import Alignment, Font
from openpyxl.worksheet.datavalidation import DataValidation

from documents import spreadsheet, word_reader

from . import word_summary
from .models import Opinion, OpinionStatus
from .services import OpinionError, ensure_open, team_members

MAX_BYTES = 2 * 1024 * 1024
# What an upload may be read up to: a Word summary may carry a letterhead image (word_reader's limit).
MAX_UPLOAD_BYTES = max(MAX_BYTES, word_reader.MAX_BYTES)
MAX_ROWS = 5000
MAX_TEXT = 2000  # the same limit as the entry form
# An .xlsx is a zip: 2 MB of it may unpack to gigabytes ("zip bomb"); real sheets of 5,000 opinions unpack
# to a few MB.
MAX_UNPACKED_BYTES = 50 * 1024 * 1024
HEADER_SEARCH_ROWS = 10  # a title row or two above the header is common in office sheets
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

ZIP_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0"  # old .xls, and also any password-protected Office file


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


class ImportFileError(Exception):
    """The file as a whole cannot be read as an opinion sheet."""

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


@dataclass
class ValidRow:
    number: int
    text: str
    aspect: object
    category: object
    channel: object
    addressee: object
    status: str
    reject_reason: str


@dataclass
class ImportResult:
    """``problems`` stopped the import (nothing saved); ``duplicates`` lists every duplicate found."""

    saved: int = 0
    problems: list = field(default_factory=list)
    duplicates: list = field(default_factory=list)

    @property
    def ok(self):
        return not self.problems


def _file_error(message, row=None, column=""):
    return ImportFileError([Problem(row, column, message)])


# Reading the file -------------------------------------------------------------------------------


def parse(file_name, content):
    """The data rows of an .xlsx or .csv; raises ImportFileError when the file itself is unusable."""
    suffix = PurePath(file_name or "").suffix.lower()
    if suffix == ".xls":
        raise _file_error("不支持旧版Excel（.xls）文件，请在Excel中“另存为”Excel工作簿（.xlsx）后再导入。")
    if suffix not in (".xlsx", ".csv"):
        raise _file_error(
            f"文件类型不对：“{file_name}”不是.xlsx或.csv文件。请上传Excel工作簿（.xlsx）、CSV文件或Word汇总（.docx）。"
        )
    if len(content) > MAX_BYTES:
        raise _file_error(f"文件过大（超过{MAX_BYTES // 1024 // 1024} MB），请分成几个文件导入。")
    table = _xlsx_rows(content) if suffix == ".xlsx" else _csv_rows(content)
    return _rows_from_table(table)


def _xlsx_rows(content):
    if content.startswith(OLE_MAGIC):
        raise _file_error(
            "文件扩展名是.xlsx，但内容是旧版Excel（.xls）或设置了打开密码的文件；"
            "请取消密码并“另存为”Excel工作簿（.xlsx）后再导入。"
        )
    if not content.startswith(ZIP_MAGIC):
        raise _file_error("文件扩展名是.xlsx，但内容不是Excel表格（可能是改了扩展名的其他文件）。")
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            parts = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError):
        raise _file_error(_BROKEN_XLSX)
    names = {part.filename for part in parts}
    if "xl/workbook.xml" not in names:
        raise _file_error("文件扩展名是.xlsx，但内容不是Excel表格（可能是改了扩展名的Word文档或压缩包）。")
    if sum(part.file_size for part in parts) > MAX_UNPACKED_BYTES:
        raise _file_error("文件过大：表格解压后的内容超出限制，请分成几个文件导入。")
    return _xlsx_cells(content)


_BROKEN_XLSX = "文件已损坏，无法读取表格内容；请在Excel中打开并重新保存后再导入。"


def _xlsx_cells(content):
    # openpyxl raises many different errors on a damaged file (zip, XML, KeyError on a missing part …);
    # for the user they all mean the same thing.
    workbook = None
    try:
        workbook = openpyxl.load_workbook(io.BytesIO(content), read_only=True, data_only=True)
        names = workbook.sheetnames
        sheet = workbook[TEMPLATE_SHEET] if TEMPLATE_SHEET in names else workbook.worksheets[0]
        # Some programs write a wrong size into the sheet; read every row that is actually there.
        sheet.reset_dimensions()
        yield from enumerate(sheet.iter_rows(values_only=True), 1)
    except Exception:
        raise _file_error(_BROKEN_XLSX)
    finally:
        if workbook is not None:
            workbook.close()


def _csv_rows(content):
    if content.startswith(ZIP_MAGIC) or content.startswith(OLE_MAGIC):
        raise _file_error("文件扩展名是.csv，但内容是Excel表格；请把扩展名改回.xlsx，或在Excel中另存为CSV。")
    if content.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise _file_error(
            "无法读取：文件是UTF-16编码（Excel的“Unicode文本”）；请在Excel中另存为“CSV UTF-8（逗号分隔）”后再导入。"
        )
    if b"\x00" in content:
        raise _file_error("文件扩展名是.csv，但内容不是文本表格（可能是改了扩展名的其他文件）。")
    text = _decode(content)
    first_line = text.split("\n", 1)[0]
    # "Text (tab delimited)" saved with a .csv name is a common slip; it is still a readable table.
    delimiter = "\t" if "\t" in first_line and "," not in first_line else ","
    return _csv_cells(text, delimiter)


def _decode(content):
    """UTF-8 with or without BOM (Excel's "CSV UTF-8", WPS), else GB18030 (Excel on Chinese Windows)."""
    encodings = ["utf-8-sig"] if content.startswith(b"\xef\xbb\xbf") else ["utf-8", "gb18030"]
    for encoding in encodings:
        try:
            return content.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise _file_error(
        "无法识别CSV文件的文字编码（既不是UTF-8也不是GB18030/GBK），文件可能已损坏；"
        "请在Excel中另存为“CSV UTF-8（逗号分隔）”后再导入。"
    )


def _csv_cells(text, delimiter):
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    number = 0
    try:
        for number, values in enumerate(reader, 1):
            yield number, values
    except csv.Error:  # a NUL byte is refused earlier; what is left is a cell beyond the csv module's limit
        raise _file_error(
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


def _column_name(title):
    title = unicodedata.normalize("NFKC", title).replace(" ", "").rstrip("*")
    return COLUMN_ALIASES.get(title, title)


def _rows_from_table(table):
    """Finds the header, then turns each non-blank row into a Row; stops early past MAX_ROWS."""
    header_number, columns, leading = None, {}, []
    rows = []
    for number, values in table:
        cells = [_cell_text(value) for value in values]
        if header_number is None:
            if not any(cells):
                continue
            leading.append((number, cells))
            names = [_column_name(cell) for cell in cells]
            if TEXT not in names and len(leading) < HEADER_SEARCH_ROWS:
                continue
            header_number, cells = (number, cells) if TEXT in names else leading[0]
            columns = _header(header_number, cells)
            continue
        if not any(cells):
            continue
        if len(rows) == MAX_ROWS:
            raise _file_error(f"数据行超过{MAX_ROWS}行，请分成几个文件导入。")
        rows.append(
            Row(number, {name: cells[index] if index < len(cells) else "" for name, index in columns.items()})
        )
    if header_number is None and not leading:
        raise _file_error("文件是空的，没有任何内容。")
    if header_number is None:
        _header(*leading[0])  # no row had a 内容 column: this raises, naming the missing columns
    if not rows:
        raise _file_error(f"表格中没有意见数据：第{header_number}行为列名，请从下一行起每行填写一条意见。")
    return rows


def _header(number, cells):
    """Column positions by name; raises for missing or repeated columns."""
    columns, problems = {}, []
    for index, cell in enumerate(cells):
        name = _column_name(cell)
        if name not in COLUMNS:
            continue  # 序号, 备注 … are the user's own
        if name in columns:
            problems.append(Problem(number, name, f"列名“{name}”出现了不止一次，请只保留一列。"))
        columns.setdefault(name, index)
    expected = "、".join(REQUIRED_COLUMNS)
    for name in REQUIRED_COLUMNS:
        if name not in columns:
            problems.append(
                Problem(number, name, f"缺少“{name}”列。列名行应包含：{expected}（状态、理由两列可选）。")
            )
    if problems:
        raise ImportFileError(problems)
    return columns


def parse_summary(file_name, content, channel):
    """(rows, problems of paragraphs that fit nowhere, {row: (aspect heading, category heading)}) of a
    Word summary; raises ImportFileError when the file itself is unusable."""
    try:
        found, unreadable = word_summary.read_summary(file_name, content)
    except word_reader.WordFileError as error:
        raise _file_error(str(error))
    rows = [
        Row(
            row.number,
            {
                TEXT: row.text,
                ASPECT: row.aspect,
                CATEGORY: row.category,
                CHANNEL: channel,
                ADDRESSEE: row.addressee,
            },
        )
        for row in found
    ]
    problems = [Problem(item.number, "", item.message, unit="段") for item in unreadable]
    headings = {row.number: (row.aspect_at, row.category_at) for row in found}
    return rows, problems, headings


NO_CHANNEL = "从Word汇总导入时，请选择这些意见的征求渠道（汇总中没有逐条写明渠道）。"


def _by_paragraph(problems, headings, paragraph_problems, channel):
    """The rows' problems as a Word summary's reader sees them: an unknown aspect or category once, at
    its heading's paragraph; the channel once, for the file; everything else at the opinion's paragraph."""
    out, seen = list(paragraph_problems), set()
    for problem in problems:
        if problem.column == CHANNEL:
            problem = Problem(
                None, "" if not channel else CHANNEL, NO_CHANNEL if not channel else problem.message
            )
        elif problem.column in (ASPECT, CATEGORY) and problem.row in headings:
            heading = headings[problem.row][0 if problem.column == ASPECT else 1]
            problem = Problem(heading, problem.column, problem.message, unit="段")
        else:
            problem = Problem(problem.row, "", problem.message, problem.is_duplicate, unit="段")
        if (problem.row, problem.column, problem.message) not in seen:
            seen.add((problem.row, problem.column, problem.message))
            out.append(problem)
    return sorted(out, key=lambda p: p.sort_key)


# Checking the rows ------------------------------------------------------------------------------


def comparable(text):
    """Text for comparing: full/half width, case, whitespace and punctuation do not matter."""
    text = unicodedata.normalize("NFKC", text).casefold()
    return "".join(char for char in text if unicodedata.category(char)[0] not in "PZC")


CHINESE_DIGITS = {"一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
NUMBER = r"([0-9]+|[一二三四五六七八九十]+)"
ASPECT_NUMBER = re.compile(rf"^第?{NUMBER}个?(?:方面)?$")
ASPECT_NUMBER_AND_NAME = re.compile(rf"^{NUMBER}\s*[.、:：)）]\s*(.+)$")


def _number(text):
    if text.isdigit():
        return int(text)
    tens, _, ones = text.rpartition("十")
    if "十" not in text:
        return CHINESE_DIGITS.get(text)
    return (CHINESE_DIGITS.get(tens, 0) if tens else 1) * 10 + (CHINESE_DIGITS.get(ones, 0) if ones else 0)


class Choices:
    """Everything rows are checked against, loaded in a fixed handful of queries whatever the file size."""

    def __init__(self, meeting):
        self.aspects = list(meeting.aspects.all())
        self.categories = list(meeting.source_categories.all())
        self.channels = list(meeting.channels.all())
        self.members = list(team_members(meeting))
        self.aspect_by_number = {aspect.order: aspect for aspect in self.aspects}
        self.aspect_by_text = {}
        for aspect in reversed(self.aspects):  # reversed: on a clash the first aspect wins
            # A summary's heading prints the name or the full text, either with "方面" after it.
            for text in (aspect.name, f"{aspect.name}方面", aspect.text, f"{aspect.text}方面"):
                self.aspect_by_text[comparable(text)] = aspect
        self.category_by_name = {comparable(c.name): c for c in self.categories}
        self.channel_by_name = {comparable(c.name): c for c in self.channels}
        self.members_by_name = {}
        for member in self.members:
            self.members_by_name.setdefault(comparable(member.name), []).append(member)

    def aspect(self, value):
        """(aspect, problem message); both None for an empty cell."""
        if not value:
            return None, None
        value = unicodedata.normalize("NFKC", value).strip()
        match = ASPECT_NUMBER.match(value.replace(" ", ""))
        if match:
            return self._aspect_numbered(_number(match.group(1)))
        match = ASPECT_NUMBER_AND_NAME.match(value)
        if match:
            aspect, message = self._aspect_numbered(_number(match.group(1)))
            if aspect is not None and self.aspect_by_text.get(comparable(match.group(2))) != aspect:
                return None, f"第{aspect.order}个方面是“{aspect.name}”，与“{match.group(2)}”不一致。"
            return aspect, message
        aspect = self.aspect_by_text.get(comparable(value))
        if aspect is None:
            example = f"，如“{self.aspects[0].order}”或“{self.aspects[0].name}”" if self.aspects else ""
            return None, f"找不到方面“{value}”；请填写方面的序号或简称{example}。"
        return aspect, None

    def _aspect_numbered(self, number):
        aspect = self.aspect_by_number.get(number)
        if aspect is not None:
            return aspect, None
        message = f"找不到“第{number}个方面”，本次会议共{len(self.aspects)}个方面"
        orders = [a.order for a in self.aspects]
        if orders != list(range(1, len(orders) + 1)):
            message += f"（序号为{'、'.join(str(order) for order in orders)}）"
        return None, f"{message}。"

    def member(self, value):
        """(user or None for the team, problem message)."""
        key = comparable(re.sub(r"[（(].*[)）]$", "", value))  # "张三（县委常委）" → 张三
        if key in {comparable(name) for name in TEAM_NAMES}:
            return None, None
        found = self.members_by_name.get(key, [])
        if len(found) == 1:
            return found[0], None
        if found:
            return None, f"班子中有{len(found)}位成员名为“{value}”，无法区分；请先在系统中区分姓名后再导入。"
        names = "、".join(member.name for member in self.members) or "（本次会议尚无班子成员）"
        return None, f"找不到班子成员“{value}”；可填：{names}，留空或填“{TEAM_LABEL}”表示对领导班子的意见。"


def _named(value, by_name, choices, what):
    if not value:
        return None, f"未填写{what}；可填：{'、'.join(c.name for c in choices)}。"
    found = by_name.get(comparable(value))
    if found is None:
        return None, f"找不到{what}“{value}”；本次会议的{what}有：{'、'.join(c.name for c in choices)}。"
    return found, None


def validate(meeting, rows):
    """(valid rows, problems). A duplicate row is a valid row with a duplicate problem beside it."""
    choices = Choices(meeting)
    existing = {}
    for pk, text in meeting.opinions.order_by("pk").values_list("pk", "text"):
        existing.setdefault(comparable(text), pk)
    first_row_with_text = {}
    valid, problems = [], []
    for row in rows:
        checked, found = _check_row(row, choices)
        text = row.get(TEXT)
        # Checked even on a row with other problems, so that one round of corrections fixes everything.
        if text and not any(problem.column == TEXT for problem in found):
            key = comparable(text)
            if key in existing:
                found.append(Problem(row.number, TEXT, f"与已录入的第{existing[key]}号意见内容重复。", True))
            elif key in first_row_with_text:
                found.append(Problem(row.number, TEXT, f"与第{first_row_with_text[key]}行内容重复。", True))
            first_row_with_text.setdefault(key, row.number)
        if all(problem.is_duplicate for problem in found):
            valid.append(checked)
        problems.extend(found)
    problems.sort(key=lambda p: p.sort_key)
    return valid, problems


def _check_row(row, choices):
    """(ValidRow or None, problems) for one row, duplicates aside."""
    found = []

    def problem(column, message):
        found.append(Problem(row.number, column, message))

    text = row.get(TEXT)
    if not text:
        problem(TEXT, "内容为空。")
    elif len(text) > MAX_TEXT:
        problem(TEXT, f"内容超过{MAX_TEXT}字（本行{len(text)}字），请精简或拆成几条。")
    elif text.startswith(EXAMPLE_MARK):
        problem(TEXT, "这是模板中的示例行，请删除后再导入。")

    status = STATUS_NAMES.get(row.get(STATUS).replace(" ", ""))
    if status is None:
        problem(STATUS, f"无法识别状态“{row.get(STATUS)}”；只能填：已采纳、待分拣、不予采纳，留空为已采纳。")
    reason = row.get(REASON)
    if status == OpinionStatus.REJECTED and not reason:
        problem(REASON, "状态为“不予采纳”时须在“理由”列写明理由。")

    aspect, message = choices.aspect(row.get(ASPECT))
    if message:
        problem(ASPECT, message)
    elif aspect is None and status == OpinionStatus.ACCEPTED:
        # The rule of services.create_opinion: an accepted opinion belongs to an aspect.
        problem(ASPECT, "未填写方面；已采纳的意见须归入一个方面，尚未归类的请把状态填为“待分拣”。")
    category, message = _named(row.get(CATEGORY), choices.category_by_name, choices.categories, "类别")
    if message:
        problem(CATEGORY, message)
    channel, message = _named(row.get(CHANNEL), choices.channel_by_name, choices.channels, "渠道")
    if message:
        problem(CHANNEL, message)
    addressee, message = choices.member(row.get(ADDRESSEE))
    if message:
        problem(ADDRESSEE, message)

    if found:
        return None, found
    return (
        ValidRow(
            number=row.number,
            text=text,
            aspect=aspect,
            category=category,
            channel=channel,
            addressee=addressee,
            status=status,
            reject_reason=reason if status == OpinionStatus.REJECTED else "",
        ),
        found,
    )


# Saving -------------------------------------------------------------------------------------------


def import_opinions(meeting, file_name, content, by, allow_duplicates=False, channel=""):
    """Reads, checks and saves the whole file in one transaction, or saves nothing and says why.

    ``channel`` (a channel's name) is the channel of every opinion of a Word summary, which names the
    channels only together in its opening."""
    word = PurePath(file_name or "").suffix.lower() in (".docx", ".doc")
    paragraph_problems, headings = [], {}
    try:
        if word:
            rows, paragraph_problems, headings = parse_summary(file_name, content, channel)
        else:
            rows = parse(file_name, content)
    except ImportFileError as error:
        return ImportResult(problems=error.problems)
    with transaction.atomic():
        # Two imports of the same meeting at once would each pass the duplicate check against what is
        # already saved; holding the meeting's row makes the second wait and then see the first's opinions.
        # The row read under the lock is also the stage: nothing is imported once the meeting is held.
        try:
            ensure_open(meeting)
        except OpinionError as locked:
            return ImportResult(problems=[Problem(None, "", str(locked))])
        valid, problems = validate(meeting, rows)
        if word:
            problems = _by_paragraph(problems, headings, paragraph_problems, channel)
        duplicates = [p for p in problems if p.is_duplicate]
        blocking = [p for p in problems if not (p.is_duplicate and allow_duplicates)]
        if blocking:
            return ImportResult(problems=blocking, duplicates=duplicates)
        # The rules of services.create_opinion (stripped text, accepted only with an aspect) are checked
        # above; one INSERT per batch instead of one per row keeps 5,000 rows within seconds.
        now = timezone.now()
        Opinion.objects.bulk_create(
            Opinion(
                meeting=meeting,
                text=row.text,
                channel=row.channel,
                category=row.category,
                aspect=row.aspect,
                addressee=row.addressee,
                status=row.status,
                reject_reason=row.reject_reason,
                entered_by=by,
                created_at=now,
            )
            for row in valid
        )
    return ImportResult(saved=len(valid), duplicates=duplicates)


# The template to fill in --------------------------------------------------------------------------

COLUMN_HELP = [
    (TEXT, f"必填。每行一条意见，不超过{MAX_TEXT}字。"),
    (ASPECT, "已采纳的意见必填：方面的序号（如“3”）或简称，见下表；待分拣的意见可不填。"),
    (CATEGORY, "必填：意见来源类别，须为下表所列之一。"),
    (CHANNEL, "必填：征求渠道，须为下表所列之一。"),
    (ADDRESSEE, f"留空或填“{TEAM_LABEL}”为对领导班子的意见；对个人的意见填班子成员姓名，只反馈给本人。"),
    (STATUS, "可不填，默认“已采纳”；也可填“待分拣”或“不予采纳”。"),
    (REASON, "状态为“不予采纳”时必填。"),
]


def _template(meeting):
    """(rows, choices): the header and two example rows using the meeting's own aspects, categories, channels."""
    choices = Choices(meeting)

    def pick(items, index, attribute="name"):
        return getattr(items[min(index, len(items) - 1)], attribute) if items else ""

    member = choices.members[-1].name if choices.members else TEAM_LABEL
    return [
        COLUMNS,
        [
            f"{EXAMPLE_MARK}理论学习不够深入系统，学用结合不够紧密。",
            pick(choices.aspects, 0, "order"),
            pick(choices.categories, 0),
            pick(choices.channels, 0),
            TEAM_LABEL,
            "已采纳",
            "",
        ],
        [
            f"{EXAMPLE_MARK}深入基层调研不够，到偏远乡镇次数少。",
            pick(choices.aspects, 3, "order"),
            pick(choices.categories, 2),
            pick(choices.channels, 1),
            member,
            "已采纳",
            "",
        ],
    ], choices


def template_csv(meeting):
    """UTF-8 with a BOM, so that Excel on Chinese Windows shows the characters.

    Fields go through documents.spreadsheet (as the .xlsx cells do): a name that starts like a formula
    ("=", "+", "-", "@") is marked as text, never run (DESIGN §12)."""
    rows, _ = _template(meeting)
    out = io.StringIO(newline="")
    spreadsheet.CsvWriter(out).writerows(rows)
    return out.getvalue().encode("utf-8-sig")


def template_xlsx(meeting):
    """The template as .xlsx; every cell through documents.spreadsheet, so the meeting's aspects, categories
    and members' names are text even when one starts with "=" (DESIGN §12)."""
    rows, choices = _template(meeting)
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = TEMPLATE_SHEET
    for row in rows:
        spreadsheet.append(sheet, row)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    sheet.freeze_panes = "A2"
    for letter, width in zip("ABCDEFG", [60, 10, 10, 14, 14, 10, 30], strict=True):
        sheet.column_dimensions[letter].width = width
    for row in sheet.iter_rows(min_row=2, max_col=1):
        row[0].alignment = Alignment(wrap_text=True, vertical="top")

    # Drop-down lists: an inline list is limited to 255 characters, so long lists are left out.
    last_row = MAX_ROWS + 1
    lists = [
        ("B", [str(a.order) for a in choices.aspects], False),
        ("C", [c.name for c in choices.categories], True),
        ("D", [c.name for c in choices.channels], True),
        ("E", [TEAM_LABEL, *(m.name for m in choices.members)], True),
        ("F", ["已采纳", "待分拣", "不予采纳"], True),
    ]
    for letter, values, strict in lists:
        formula = '"' + ",".join(values) + '"'
        if not values or len(formula) > 255 or any("," in v or '"' in v for v in values):
            continue
        # Not strict for 方面: its short name or full text is accepted too.
        validation = DataValidation(type="list", formula1=formula, allow_blank=True, showErrorMessage=strict)
        validation.error = "请从下拉列表中选择，或查看“说明”工作表。"
        sheet.add_data_validation(validation)
        validation.add(f"{letter}2:{letter}{last_row}")

    help_sheet = workbook.create_sheet(HELP_SHEET)
    bold = Font(bold=True)

    def heading(text):
        spreadsheet.append(help_sheet, [])
        spreadsheet.append(help_sheet, [text])
        help_sheet.cell(help_sheet.max_row, 1).font = bold

    spreadsheet.append(help_sheet, [f"{meeting.title} 意见建议导入说明"])
    help_sheet.cell(1, 1).font = Font(bold=True, size=14)
    spreadsheet.append(
        help_sheet, ["在“意见建议”工作表中，第1行为列名，从第2行起每行填写一条意见；示例行导入前请删除。"]
    )
    heading("各列填写方法")
    for name, text in COLUMN_HELP:
        spreadsheet.append(help_sheet, [name, text])
    heading("对照检查方面（“方面”列填序号或简称）")
    spreadsheet.append(help_sheet, ["序号", "简称", "内容"])
    for aspect in choices.aspects:
        spreadsheet.append(help_sheet, [aspect.order, aspect.name, aspect.text])
    heading("来源类别（“类别”列）")
    for category in choices.categories:
        spreadsheet.append(help_sheet, [category.name])
    heading("征求渠道（“渠道”列）")
    for channel in choices.channels:
        spreadsheet.append(help_sheet, [channel.name])
    heading(f"班子成员（“对象”列填姓名；留空或填“{TEAM_LABEL}”为对班子的意见）")
    for member in choices.members:
        spreadsheet.append(help_sheet, [member.name, member.title])
    help_sheet.column_dimensions["A"].width = 16
    help_sheet.column_dimensions["B"].width = 50
    help_sheet.column_dimensions["C"].width = 80

    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
