"""督导检查表: the checks of one meeting as a GB/T 9704 table — what the records show, ✓/✗, and the
supervisor's remarks — then the overall verdict, signed by the supervisor with the day they saved it."""

from django.utils import timezone

from meetings.models import Meeting
from supervision.checklist import checklist
from supervision.models import Checklist

from ..numbering import level1
from ..titles import Title, meeting_parts
from ..tree import Document, Heading, Paragraph, Signature, Table

# 156 mm of type area: 序号, 检查项目, 情况, 结果, 督导意见.
WIDTHS = [12, 32, 64, 12, 36]


def checklist_document(meeting: Meeting):
    saved = Checklist.objects.filter(meeting=meeting).select_related("by").first()
    remarks = saved.remarks if saved else {}
    rows = [
        [str(number), check.label, check.data, check.mark, remarks.get(check.code, "")]
        for number, check in enumerate(checklist(meeting), 1)
    ]
    blocks = [
        Heading(f"{level1(1)}检查情况", 1),
        Table(["序号", "检查项目", "情况", "结果", "督导意见"], rows, widths=WIDTHS),
        Heading(f"{level1(2)}总体评价", 1),
    ]
    signature = None
    if saved is None:
        blocks.append(Paragraph("督导组尚未填写总体评价。"))
    else:
        blocks.append(Paragraph(saved.verdict_text, lead=f"评价等次：{saved.get_verdict_display()}。"))
        by = saved.by.name if saved.by else ""
        signature = Signature(
            [f"督导组　{by}" if by else "督导组"], timezone.localtime(saved.at).date() if saved.at else None
        )
    return Document(title=Title(*meeting_parts(meeting), "督导检查表"), blocks=blocks, signature=signature)
