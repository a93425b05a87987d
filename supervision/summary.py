"""汇总表: the overview's filtered rows as the .xlsx a superior asks for, every cell through
documents.spreadsheet (a unit's name is typed as text, whatever it starts with)."""

import io

import openpyxl
from openpyxl.styles import Font

from documents import spreadsheet
from documents.tree import format_date

COLUMNS = (
    "单位",
    "召开日期",
    "当前阶段",
    "下一个截止",
    "逾期",
    "方案报送（会前天数）",
    "意见建议（条）",
    "人均意见（条）",
    "四必谈覆盖",
    "对照检查材料审定",
    "批评意见最少（条）",
    "整改未完成",
    "整改逾期",
    "整改已销号",
    "情况报告报送日期",
    "情况报告逾期（天）",
)


def _date(value):
    return format_date(value) if value else ""


def _row(meeting):
    return [
        meeting.organisation.name,
        _date(meeting.date),
        meeting.get_stage_display(),
        f"{meeting.next_title}（{_date(meeting.next_due)}）" if meeting.next_due else "",
        f"已逾期{meeting.overdue_days}天"
        if meeting.overdue_days
        else ("整改逾期" if meeting.is_overdue else ""),
        meeting.plan_days if meeting.plan_days is not None else "未报送",
        meeting.opinions_accepted,
        round(meeting.opinions_per_member, 1) if meeting.opinions_per_member is not None else "",
        f"{meeting.talks_done}/{meeting.talks_required}",
        f"{meeting.drafts_approved}/{meeting.drafts_expected}",
        meeting.criticisms_least if meeting.criticisms_least is not None else "",
        meeting.items_open,
        meeting.items_overdue,
        meeting.items_closed,
        _date(meeting.report_sent_on) or "未报送",
        meeting.report_days_late or 0,
    ]


def summary_workbook(title, rows):
    """The workbook's bytes: a title line, the header, one line per row (``overview.page_rows``)."""
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "督导汇总表"
    workbook.properties.creator = "民主生活会系统"
    workbook.properties.title = title
    spreadsheet.append(sheet, [title])
    sheet.cell(1, 1).font = Font(bold=True, size=14)
    spreadsheet.append(sheet, list(COLUMNS))
    for cell in sheet[2]:
        cell.font = Font(bold=True)
    for meeting in rows:
        spreadsheet.append(sheet, _row(meeting))
    sheet.column_dimensions["A"].width = 28
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
