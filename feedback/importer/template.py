"""The sheet to fill in (.xlsx with drop-down lists and a "说明" sheet, or .csv), with the meeting's own values."""

import io

import openpyxl
from openpyxl.styles import Alignment, Font
from openpyxl.worksheet.datavalidation import DataValidation

from documents import spreadsheet

from .checks import Choices
from .columns import (
    ADDRESSEE,
    ASPECT,
    CATEGORY,
    CHANNEL,
    COLUMNS,
    EXAMPLE_MARK,
    HELP_SHEET,
    MAX_ROWS,
    MAX_TEXT,
    REASON,
    STATUS,
    TEAM_LABEL,
    TEMPLATE_SHEET,
    TEXT,
)

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
