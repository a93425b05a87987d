"""The meeting record (会议记录) on other pages: the meeting page's card and the record's numbering."""

from django import template

from documents.numbering import level2
from orgs import access

from .. import record as records
from ..models import MeetingRecord

register = template.Library()


@register.filter
def level2_number(number):
    """（一）（二）…: how the minutes number each member's turn."""
    return level2(number)


@register.inclusion_tag("meetings/record/_panel.html", takes_context=True)
def record_panel(context, meeting):
    """The record card of the meeting page: how many turns are complete, the warnings for the office."""
    user = context["request"].user
    record = MeetingRecord.objects.filter(meeting=meeting).select_related("updated_by").first()
    panel = {"meeting": meeting, "record": record, "can_edit": access.can_edit_record(user, meeting)}
    if record is None:
        return panel
    # The meeting page has already asked orgs.access whether the user runs the meeting.
    sees_warnings = context.get("can_manage")
    if sees_warnings is None:
        sees_warnings = access.can_manage_meeting(user, meeting)
    absent = records.absent_members(record)
    statements = records.statements_of(record) if sees_warnings else list(record.statements.all())
    panel.update(
        {
            "can_export": access.can_export_minutes(user, meeting),
            "sees_warnings": sees_warnings,
            "total": len(statements),
            "complete": sum(1 for statement in statements if records.is_complete(statement, absent)),
            "absent": len(absent),
            "warning_count": len(records.record_warnings(record, statements, absent)) if sees_warnings else 0,
        }
    )
    return panel
