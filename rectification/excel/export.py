"""Building the ledger workbook: one sheet per list, the offices' columns, the hidden 编号 column."""

import io
import re

import openpyxl
from django.db.models import Prefetch
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from documents import spreadsheet
from documents.tree import format_date
from orgs import access

from ..models import ItemKind, ItemSource, ItemStatus, Progress, SourceKind

CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

NUMBER, PROBLEM, MANIFESTATION, SOURCES, MEASURES, OWNER, UNIT, DEADLINE, KIND, PROGRESS, STATUS, ITEM_ID = (
    "序号",
    "问题",
    "问题表现",
    "来源",
    "整改措施",
    "责任领导",
    "责任部门",
    "完成时限",
    "类型",
    "进展情况",
    "状态",
    "编号",
)
# 问题 is the one sentence the lists print; 问题表现 its description and example (read, never imported).
COLUMNS = [
    NUMBER,
    PROBLEM,
    MANIFESTATION,
    SOURCES,
    MEASURES,
    OWNER,
    UNIT,
    DEADLINE,
    KIND,
    PROGRESS,
    STATUS,
    ITEM_ID,
]
WIDTHS = [6, 30, 36, 30, 40, 10, 14, 15, 10, 40, 13, 8]
VISIBLE = len(COLUMNS) - 1  # 编号 is hidden
TITLE_ROW, HEADER_ROW = 1, 2
DATE_FORMAT = 'yyyy"年"m"月"d"日"'
CARRIED_LABEL = "结转自上次会议"
QUOTE_LENGTH = 40
ID_HELP = "系统编号（已隐藏）：导入时据此找到事项，请勿修改或删除。"
PROGRESS_HELP = "新的进展请在已有内容后另起一行填写，可用“2026年3月5日：”开头注明日期；已有内容不会被修改。"
NOTE = (
    "说明：最后一列“编号”为系统编号（已隐藏），导入时据此找到事项，请勿修改或删除。"
    "导入时只读取“进展情况”和“状态”两列；其他各列以系统为准，在表中修改不会导入。"
)

THIN = Side(style="thin", color="808080")
BORDER = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
HEADER_FILL = PatternFill("solid", fgColor="F2DCDB")
WRAP = Alignment(wrap_text=True, vertical="top")
# An overdue open item's deadline is marked red, as on every page; the 状态 cell stays a plain label
# because the import reads it back.
OVERDUE_FILL = PatternFill("solid", fgColor="F8D7DA")
OVERDUE_FONT = Font(bold=True, color="9C0006")
CENTRE = Alignment(wrap_text=True, vertical="center", horizontal="center")


def progress_lines(updates):
    """Each progress update as the 进展情况 cell shows it: "2026年3月1日：text", in date order."""
    return [f"{format_date(update.date)}：{update.text}" for update in updates]


def _sources(item):
    lines = []
    for source in item.sources.all():
        if source.kind == SourceKind.PREVIOUS_ITEM:
            lines.append(CARRIED_LABEL)
            continue
        quote = " ".join(source.quote.split())
        if len(quote) > QUOTE_LENGTH:
            quote = quote[:QUOTE_LENGTH] + "…"
        lines.append(f"{source.get_kind_display()}：{quote}")
    if item.carried_from_id and CARRIED_LABEL not in lines:
        lines.insert(0, CARRIED_LABEL)
    return "\n".join(lines)


def _row(item):
    return [
        item.number,
        item.problem,
        item.manifestation,
        _sources(item),
        item.measures,
        item.owner.name if item.owner else "",
        item.unit,
        item.deadline,
        item.get_kind_display(),
        "\n".join(progress_lines(item.progress.all())),
        item.get_status_display(),
        item.pk,
    ]


def sheet_title(name, taken):
    """Excel's rules: at most 31 characters, none of []:*?/\\, unique in the workbook (case-blind)."""
    base = re.sub(r"[\[\]:*?/\\]", "", name).strip("' ")[:31] or "清单"
    title, number = base, 1
    while title.casefold() in taken:
        number += 1
        suffix = f"（{number}）"
        title = base[: 31 - len(suffix)] + suffix
    taken.add(title.casefold())
    return title


def export_workbook(meeting, viewer):
    """The ledger of what ``viewer`` may see, one sheet per list, as .xlsx bytes."""
    lists = list(access.lists_for(viewer, meeting).select_related("member", "meeting__organisation"))
    items = (
        access.items_for(viewer, meeting)
        .filter(rectification_list__in=[rl.pk for rl in lists])
        .select_related("owner")
        .prefetch_related(
            Prefetch("sources", queryset=ItemSource.objects.order_by("pk")),
            Prefetch("progress", queryset=Progress.objects.order_by("date", "pk")),
        )
        .order_by("number", "pk")
    )
    by_list = {rl.pk: [] for rl in lists}
    for item in items:
        by_list[item.rectification_list_id].append(item)

    workbook = openpyxl.Workbook()
    workbook.remove(workbook.active)
    workbook.properties.creator = "民主生活会系统"
    workbook.properties.title = f"{meeting.title}整改台账"
    taken = set()
    for rectification_list in lists:
        sheet = workbook.create_sheet(sheet_title(rectification_list.short_name, taken))
        _fill(sheet, rectification_list.name, by_list[rectification_list.pk])
    if not lists:
        workbook.create_sheet("整改台账")
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def _fill(sheet, title, items):
    # Every row through documents.spreadsheet: the list's name and each item's text are typed as text,
    # so a problem written as =HYPERLINK(…) stays those characters (DESIGN §12).
    last_column = get_column_letter(VISIBLE)
    spreadsheet.append(sheet, [title])
    sheet.merge_cells(f"A{TITLE_ROW}:{last_column}{TITLE_ROW}")
    sheet.cell(TITLE_ROW, 1).font = Font(bold=True, size=16)
    sheet.cell(TITLE_ROW, 1).alignment = CENTRE
    sheet.row_dimensions[TITLE_ROW].height = 32
    spreadsheet.append(sheet, COLUMNS)
    for cell in sheet[HEADER_ROW]:
        cell.font = Font(bold=True)
        cell.fill = HEADER_FILL
        cell.alignment = CENTRE
        cell.border = BORDER
    sheet.cell(HEADER_ROW, COLUMNS.index(ITEM_ID) + 1).comment = Comment(ID_HELP, "民主生活会系统")
    sheet.cell(HEADER_ROW, COLUMNS.index(PROGRESS) + 1).comment = Comment(PROGRESS_HELP, "民主生活会系统")
    for item in items:
        spreadsheet.append(sheet, _row(item))
        for cell in sheet[sheet.max_row]:
            cell.alignment = WRAP
            cell.border = BORDER
        deadline = sheet.cell(sheet.max_row, COLUMNS.index(DEADLINE) + 1)
        deadline.number_format = DATE_FORMAT
        if item.is_overdue():
            deadline.fill, deadline.font = OVERDUE_FILL, OVERDUE_FONT
    first, last = HEADER_ROW + 1, HEADER_ROW + len(items)
    if items:
        for column, labels in ((STATUS, ItemStatus.labels), (KIND, ItemKind.labels)):
            validation = DataValidation(
                type="list", formula1='"' + ",".join(labels) + '"', allow_blank=False, showErrorMessage=True
            )
            validation.error = f"请从下拉列表中选择{column}。"
            validation.errorTitle = f"{column}不对"
            sheet.add_data_validation(validation)
            letter = get_column_letter(COLUMNS.index(column) + 1)
            validation.add(f"{letter}{first}:{letter}{last}")
    note_row = last + 2
    spreadsheet.write(sheet, note_row, 1, NOTE).font = Font(italic=True, color="666666")
    sheet.cell(note_row, 1).alignment = WRAP
    sheet.merge_cells(f"A{note_row}:{last_column}{note_row}")
    sheet.row_dimensions[note_row].height = 30

    for index, width in enumerate(WIDTHS, 1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.column_dimensions[get_column_letter(len(COLUMNS))].hidden = True
    sheet.freeze_panes = f"A{HEADER_ROW + 1}"
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.print_title_rows = f"{TITLE_ROW}:{HEADER_ROW}"
    sheet.print_area = f"A1:{last_column}{note_row}"
    sheet.print_options.horizontalCentered = True
