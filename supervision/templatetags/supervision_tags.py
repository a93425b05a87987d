"""The supervisor's remarks on the meeting page: ``{% supervision_remarks meeting %}``."""

from django import template

from orgs import access
from supervision.checklist import LABELS
from supervision.models import Checklist

register = template.Library()


@register.inclusion_tag("supervision/checklist_remarks.html", takes_context=True)
def supervision_remarks(context, meeting):
    """督导意见 for the office and the secretary (and the supervisors who wrote them): the saved verdict and
    each check's remark, in one query (none for a reader who may not see them). The rows' data is not
    computed here: the meeting page links to the checklist for it."""
    user = context["request"].user
    if not access.can_read_checklist(user, meeting):
        return {"shown": False}
    saved = Checklist.objects.filter(meeting=meeting).select_related("by").first()
    remarks = (
        [(LABELS[code], saved.remarks[code]) for code in LABELS if code in saved.remarks] if saved else []
    )
    return {
        "shown": True,
        "meeting": meeting,
        "saved": saved,
        "remarks": remarks,
        "can_write": access.can_write_checklist(user, meeting),
    }
