"""The audit trail as a CSV file that Excel opens as it is: UTF-8 with a BOM, no cell ever a formula."""

from django.apps import apps
from django.utils.timezone import localtime

from documents.spreadsheet import CsvWriter

HEADER = [
    "时间",
    "用户名",
    "姓名",
    "客户端地址",
    "操作",
    "结果",
    "对象类型",
    "对象编号",
    "对象",
    "会议编号",
    "说明",
]


def type_label(object_type):
    """The Chinese name of a model label ("feedback.Opinion" → "意见建议"), the label itself if unknown."""
    if not object_type:
        return ""
    try:
        return str(apps.get_model(object_type)._meta.verbose_name)
    except (LookupError, ValueError):
        return object_type


def row(event):
    name = event.user.name if event.user is not None else ""
    return [
        f"{localtime(event.at):%Y-%m-%d %H:%M:%S}",
        event.username,
        name,
        event.address or "",
        event.get_action_display(),
        event.get_outcome_display(),
        type_label(event.object_type),
        event.object_id,
        event.object_label,
        event.meeting_id if event.meeting_id is not None else "",
        event.detail,
    ]


class _Echo:
    """csv.writer writes into this and gets the line back, so rows stream without a buffer."""

    def write(self, value):
        return value


def lines(events):
    """The file, line by line: the BOM and header first, then one line per event. A username or a detail
    typed as "=HYPERLINK(...)" comes out as text (documents.spreadsheet: never a formula)."""
    writer = CsvWriter(_Echo())
    yield "\ufeff" + writer.writerow(HEADER)
    for event in events:
        yield writer.writerow(row(event))
