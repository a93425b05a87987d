"""Rectification data for tests: lists, items in bulk, evidence files of each type."""

import datetime
import io
import zipfile

from django.core.files.uploadedfile import SimpleUploadedFile

from meetings.models import Meeting
from meetings.workflow import Stage, stage_number
from rectification import services
from rectification.models import Item, ItemKind, ItemStatus, RectificationList


def at_stage(meeting, stage=Stage.RECTIFICATION):
    """The meeting moved straight to ``stage`` (tests of the ledger do not replay every guard), with the
    lists that entering 召开会议 makes (``meetings.workflow.ON_ENTER``) once it is held."""
    Meeting.objects.filter(pk=meeting.pk).update(stage=stage)
    meeting.stage = stage
    if stage_number(stage) >= stage_number(Stage.MEETING):
        services.ensure_lists(meeting)
    return meeting


def team_list(meeting):
    services.ensure_lists(meeting)
    return RectificationList.objects.get(meeting=meeting, member__isnull=True)


def member_list(meeting, member):
    services.ensure_lists(meeting)
    return RectificationList.objects.get(meeting=meeting, member=member)


def items(rectification_list, count, *, status=ItemStatus.NOT_STARTED, owner=None, text="问题", **fields):
    """``count`` items on a list in one query, numbered after the ones already there."""
    start = rectification_list.items.count()
    deadline = fields.pop("deadline", rectification_list.meeting.date + datetime.timedelta(days=90))
    return Item.objects.bulk_create(
        Item(
            rectification_list=rectification_list,
            meeting=rectification_list.meeting,
            number=start + i + 1,
            problem=f"{text}{start + i + 1}：调查研究不够深入，解决群众急难愁盼问题办法不多。",
            measures="深入基层调研，建立问题台账，逐项推动解决。",
            owner=owner if owner is not None else rectification_list.member,
            unit=fields.get("unit", "县委办公室"),
            deadline=deadline,
            kind=fields.get("kind", ItemKind.BY_DATE),
            status=status,
        )
        for i in range(count)
    )


def pdf_file(name="会议纪要.pdf", size=None):
    body = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
    if size:
        body += b"0" * (size - len(body))
    return SimpleUploadedFile(name, body, content_type="application/pdf")


def png_file(name="现场照片.png"):
    return SimpleUploadedFile(name, b"\x89PNG\r\n\x1a\n" + b"\0" * 64, content_type="image/png")


def docx_file(name="整改报告.docx"):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<document/>")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="application/octet-stream")
