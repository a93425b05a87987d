"""Status badges, in one place: a plan's, a draft's, an opinion's and a rectification item's status is a
coloured badge with its words; the colour only repeats what the words say.

    {% load status_tags %}
    {% status_badge draft testid="draft-status" %}   the badge of a row's status, with its label
    {{ count.status|status_colour:"draft" }}          the colour alone, for a count by status
"""

from django import template
from django.utils.html import format_html

from feedback.models import OpinionStatus
from inspection.models import DraftStatus
from rectification.models import ItemStatus

from ..models import PlanStatus

register = template.Library()

# By the model's name (``_meta.model_name``), then by status; a status not listed is "secondary".
COLOURS = {
    "plan": {
        PlanStatus.DRAFT: "secondary",
        PlanStatus.SUBMITTED: "info",
        PlanStatus.RETURNED: "warning",
        PlanStatus.APPROVED: "success",
    },
    "draft": {
        DraftStatus.WRITING: "secondary",
        DraftStatus.SUBMITTED: "info",
        DraftStatus.RETURNED: "warning",
        DraftStatus.APPROVED: "success",
        DraftStatus.ENDORSED: "primary",
    },
    "opinion": {
        OpinionStatus.NEW: "warning",
        OpinionStatus.ACCEPTED: "success",
        OpinionStatus.MERGED: "info",
        OpinionStatus.REJECTED: "secondary",
    },
    "item": {
        ItemStatus.NOT_STARTED: "secondary",
        ItemStatus.IN_PROGRESS: "info",
        ItemStatus.DONE: "warning",
        ItemStatus.CLOSED: "success",
        ItemStatus.CARRIED_OVER: "dark",
    },
}


@register.filter
def status_colour(status, kind):
    """The Bootstrap colour of a ``kind`` ("plan", "draft", "opinion", "item") status's badge."""
    return COLOURS[kind].get(status, "secondary")


@register.simple_tag
def status_badge(obj, testid=""):
    """<span class="badge text-bg-…">状态</span> for a plan, a draft, an opinion or an item."""
    colour = status_colour(obj.status, obj._meta.model_name)
    label = obj.get_status_display()
    if testid:
        return format_html('<span class="badge text-bg-{}" data-testid="{}">{}</span>', colour, testid, label)
    return format_html('<span class="badge text-bg-{}">{}</span>', colour, label)
