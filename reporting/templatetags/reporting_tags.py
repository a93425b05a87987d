from django import template

from meetings.workflow import PAST_MEETING
from orgs import access

from ..models import DocumentKind, Sending
from ..selectors import sent_status

register = template.Library()


@register.inclusion_tag("reporting/_panel.html", takes_context=True)
def reporting_panel(context, meeting):
    """The reporting card of the meeting page: what was sent and when, or what is still due."""
    user = context["request"].user
    begun = meeting.stage in PAST_MEETING
    sendings = list(Sending.objects.filter(meeting=meeting).order_by("kind", "number")) if begun else []
    status = sent_status(meeting, sendings)
    return {
        "meeting": meeting,
        "begun": begun,
        "report": status[DocumentKind.REPORT],
        "notification": status[DocumentKind.NOTIFICATION],
        "can_view": access.can_view_reporting(user, meeting),
        "can_read_notification": access.can_export_notification(user, meeting),
    }
