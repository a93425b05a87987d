"""Reading the ledger workbook back: 状态 and 进展情况 of each row, checked all, applied all or none."""

import datetime
import re
from dataclasses import dataclass, field
from pathlib import PurePath

from django.db import transaction
from django.db.models import Prefetch
from django.utils import timezone

from documents import spreadsheet_reader
from documents.spreadsheet_reader import SpreadsheetError, column_label
from documents.tree import format_date
from orgs import access

from .. import services
from ..models import FINISHED_STATUSES, Item, ItemStatus, Progress
from .export import ITEM_ID, PROBLEM, PROGRESS, STATUS, progress_lines

MAX_BYTES = 10 * 1024 * 1024
MAX_UNPACKED_BYTES = 100 * 1024 * 1024  # a zip of 10 MB may unpack to gigabytes ("zip bomb")
IMPORT_NOTE = "Excel导入"

# --- reading the file -----------------------------------------------------------------------------


@dataclass(frozen=True)
class RowError:
    """One reason the import was refused; ``row`` is the Excel row number, None for the whole file."""

    sheet: str
    row: int | None
    message: str

    def __str__(self):
        place = f"工作表“{self.sheet}”" if self.sheet else ""
        if self.row:
            place += f"第{self.row}行"
        return f"{place}：{self.message}" if place else self.message


@dataclass
class ImportResult:
    """Either ``errors`` (nothing was changed) or the counts of what was."""

    errors: list = field(default_factory=list)
    status_changed: int = 0
    progress_added: int = 0
    unchanged: int = 0

    @property
    def ok(self):
        return not self.errors

    @property
    def summary(self):
        return f"状态变更{self.status_changed}项，新增进展{self.progress_added}条，未变化{self.unchanged}项"


@dataclass
class Row:
    sheet: str
    number: int
    cells: dict  # column name → raw value


def file_refusal(name, size):
    """Why an upload is not even read (type by name, size), or ""; the view shows it beside the field."""
    suffix = PurePath(name or "").suffix.lower()
    if suffix == ".xls":
        return spreadsheet_reader.XLS_NAME
    if suffix != ".xlsx":
        return f"“{name}”不是Excel工作簿（.xlsx），请上传从本系统导出的整改台账。"
    if size > MAX_BYTES:
        return spreadsheet_reader.too_large(MAX_BYTES)
    return ""


def read_rows(content):
    """Every data row of every sheet that has the ledger's header; the header is found by its labels.

    A sheet without it (notes, a summary of the user's own) is not part of the ledger and is passed over."""
    workbook = spreadsheet_reader.open_workbook(content, MAX_UNPACKED_BYTES)
    rows, found = [], False
    try:
        for sheet in workbook.worksheets:
            table = spreadsheet_reader.sheet_rows(sheet)
            header, _ = spreadsheet_reader.find_header(table, [STATUS, PROGRESS])
            if header is None:
                continue
            if ITEM_ID not in header.names:
                message = f"缺少“{ITEM_ID}”列，无法对应事项；请使用本系统导出的台账，不要删除隐藏的编号列。"
                raise SpreadsheetError(message, sheet.title, header.number)
            found = True
            columns = header.positions
            for number, values in table:
                cells = {
                    name: values[index] if index < len(values) else None for name, index in columns.items()
                }
                rows.append(Row(sheet.title, number, cells))
    finally:
        workbook.close()
    if not found:
        raise SpreadsheetError(
            f"没有找到整改台账的列名行（含“{STATUS}”“{PROGRESS}”“{ITEM_ID}”）；请使用本系统导出的整改台账填写后导入。"
        )
    return rows


# --- checking every row, then applying them all --------------------------------------------------

STATUS_BY_LABEL = {label: value for value, label in ItemStatus.choices}
STATUS_LABELS = "、".join(ItemStatus.labels)
# A new progress line may start with its date as the export writes it: "2026年3月5日：".
DATED_LINE = re.compile(r"^(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日\s*[：:]\s*")


@dataclass
class Change:
    row: Row
    item: Item
    status: str | None  # the status asked for, None when the cell is unchanged
    entries: list  # new progress updates: [(date or None for today, text)]


def _text(value):
    """A cell as text, line ends normalised and trailing spaces dropped (Excel and WPS differ in both)."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, datetime.date):
        value = format_date(value)
    lines = str(value).replace("\r\n", "\n").replace("\r", "\n").split("\n")
    return "\n".join(line.rstrip() for line in lines).strip()


def new_progress(cell, updates):
    """What the 进展情况 cell adds to the item's updates: the tail after the exported text.

    The longest run of the item's updates the cell starts with is taken as exported, so a file exported
    before someone added progress in the system does not add those updates twice; a cell that does not
    start with any of it is new text as a whole. Empty when nothing was added.
    """
    cell = _text(cell)
    lines = [_text(line) for line in progress_lines(updates)]
    if "\n".join(lines).startswith(cell):
        return ""  # unchanged, or cut short: either way nothing new
    for count in range(len(lines), 0, -1):
        exported = "\n".join(lines[:count])
        if cell.startswith(exported):
            return cell[len(exported) :].strip()
    return cell


def _entries(text, today):
    """(entries, problems): a line starting "2026年3月5日：" opens an update of that date; other lines
    continue the update above them, and the first undated ones are dated today."""
    entries, problems = [], []
    for line in text.split("\n"):
        match = DATED_LINE.match(line)
        if not match:
            if entries:
                entries[-1][1] += "\n" + line
            else:
                entries.append([None, line])
            continue
        written = match.group(0).rstrip("：: ")
        try:
            date = datetime.date(*(int(part) for part in match.groups()))
        except ValueError:
            problems.append(f"进展日期“{written}”不是有效日期。")
            date = None
        if date and date > today:
            problems.append(f"进展日期“{written}”晚于今天。")
        entries.append([date, line[match.end() :]])
    for date, body in entries:
        if date and not body.strip():
            problems.append(f"“{format_date(date)}：”后没有填写进展内容。")
    return [(date, body.strip()) for date, body in entries], problems


def _check(row, item, by, today, refuse):
    """The row's change, after recording through ``refuse`` everything that would stop it."""
    label, status = column_label(row.cells.get(STATUS)), None
    current = item.get_status_display()
    if not label:
        refuse(f"未填写状态；请从下拉列表中选择：{STATUS_LABELS}。")
    elif label not in STATUS_BY_LABEL:
        refuse(f"无法识别状态“{label}”；只能填：{STATUS_LABELS}。")
    elif STATUS_BY_LABEL[label] != item.status:
        status = STATUS_BY_LABEL[label]
        if item.status in FINISHED_STATUSES:
            refuse(f"该事项{current}，不能再改为“{label}”。")
        elif status == ItemStatus.CARRIED_OVER:
            refuse("“已结转”不能通过导入设置：未完成的事项在下次会议建立清单时结转。")
        elif status == ItemStatus.CLOSED:
            reasons = services.closing_refusals(item, by)
            if reasons:
                refuse("不能销号：" + "".join(reasons))
    entries = []
    added = new_progress(row.cells.get(PROGRESS), item.progress.all())
    if added and item.status in FINISHED_STATUSES:
        refuse(f"该事项{current}，不能再添加进展。")
    elif added:
        entries, problems = _entries(added, today)
        for problem in problems:
            refuse(problem)
    return Change(row, item, status, entries)


def _unknown(missing, meeting, result):
    """Errors for rows whose 编号 is not an item the importer may change in this meeting."""
    meetings = dict(Item.objects.filter(pk__in=[pk for _, pk in missing]).values_list("pk", "meeting_id"))
    for row, pk in missing:
        if pk not in meetings:
            message = f"找不到编号为{pk}的整改事项（可能已被删除）；请不要修改编号列。"
        elif meetings[pk] != meeting.pk:
            message = f"编号{pk}的事项不属于本次会议；请导入本次会议导出的台账。"
        else:
            message = f"您无权查看编号{pk}的事项。"
        result.errors.append(RowError(row.sheet, row.number, message))


def _validate(meeting, rows, by):
    result, changes, missing, seen = ImportResult(), [], [], {}
    today = timezone.localdate()
    items = (
        access.items_for(by, meeting).select_for_update(of=("self",)).select_related("meeting__organisation")
    )
    items = {
        item.pk: item
        for item in items.prefetch_related(
            Prefetch("progress", queryset=Progress.objects.order_by("date", "pk"))
        )
    }
    for row in rows:

        def refuse(message, row=row):
            result.errors.append(RowError(row.sheet, row.number, message))

        raw_id = _text(row.cells.get(ITEM_ID))
        if not raw_id:
            # Blank rows and the note under the table; a filled-in row without 编号 is a new item.
            if any(_text(row.cells.get(column)) for column in (PROBLEM, STATUS, PROGRESS)):
                refuse("没有编号，无法对应事项；新的整改事项请在系统中建立，不能通过导入添加。")
            continue
        if not raw_id.isdigit():
            refuse(f"编号“{raw_id}”不是系统编号；请不要修改编号列。")
            continue
        pk = int(raw_id)
        if pk in seen:
            refuse(f"编号{pk}与{seen[pk]}重复，同一事项只能出现一次。")
            continue
        seen[pk] = f"工作表“{row.sheet}”第{row.number}行"
        if pk in items:
            changes.append(_check(row, items[pk], by, today, refuse))
        else:
            missing.append((row, pk))
    if missing:
        _unknown(missing, meeting, result)
    order = {sheet: index for index, sheet in enumerate(dict.fromkeys(row.sheet for row in rows))}
    result.errors.sort(key=lambda error: (order.get(error.sheet, -1), error.row or 0))
    return result, changes


def _apply(change, by):
    item, status = change.item, change.status
    if status not in (None, ItemStatus.CLOSED):
        services.change_status(item, status, by, note=IMPORT_NOTE)
    # A progress update starts an item that has not started; here the row's 状态 cell says what it is.
    keep = status if status not in (None, ItemStatus.CLOSED) else item.status
    for date, text in change.entries:
        services.add_progress(item, by, text, date=date, status=keep)
    if status == ItemStatus.CLOSED:
        services.close_item(item, by, note=IMPORT_NOTE)


class _Refused(Exception):
    """Leaves the transaction, so that nothing of a refused import is kept."""

    def __init__(self, result):
        self.result = result


def _content(file):
    if isinstance(file, bytes | bytearray):
        content = bytes(file)
    else:
        name = getattr(file, "name", None)
        refusal = file_refusal(name, getattr(file, "size", 0) or 0) if name is not None else ""
        if refusal:
            raise SpreadsheetError(refusal)
        content = file.read(MAX_BYTES + 1)
    if len(content) > MAX_BYTES:
        raise SpreadsheetError(file_refusal("台账.xlsx", len(content)))
    return content


def import_workbook(meeting, file, by):
    """Applies the 状态 and 进展情况 changes of an exported ledger (an upload or bytes) all together,
    or none of them; see the module's docstring."""
    if not access.can_import_ledger(by, meeting):
        return ImportResult(
            errors=[RowError("", None, "只有办公室可以导入整改台账，且须在会议召开后、归档之前。")]
        )
    try:
        rows = read_rows(_content(file))
    except SpreadsheetError as error:
        return ImportResult(errors=[RowError(error.sheet, error.row, error.message)])
    try:
        with transaction.atomic():
            result, changes = _validate(meeting, rows, by)
            if result.errors:
                raise _Refused(result)
            for change in changes:
                if change.status is None and not change.entries:
                    result.unchanged += 1
                    continue
                try:
                    _apply(change, by)
                except services.RectificationRefused as error:  # changed by someone else meanwhile
                    result.errors.append(
                        RowError(change.row.sheet, change.row.number, "；".join(error.reasons))
                    )
                result.status_changed += change.status is not None
                result.progress_added += len(change.entries)
            if result.errors:
                raise _Refused(result)
    except _Refused as refused:
        return refused.result
    return result
