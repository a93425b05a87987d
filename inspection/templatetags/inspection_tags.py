from django import template
from django.db.models import Count

from orgs import access
from orgs.models import Role

from ..models import DraftKind, DraftStatus
from ..services import SUPERVISORS_REVIEW, reviewed_by_supervisors

register = template.Library()

# Statuses are coloured badges with words; the colour only repeats what the word says.
STATUS_COLOURS = {
    DraftStatus.WRITING: "secondary",
    DraftStatus.SUBMITTED: "info",
    DraftStatus.RETURNED: "warning",
    DraftStatus.APPROVED: "success",
    DraftStatus.ENDORSED: "primary",
}


@register.filter
def draft_badge(status):
    """The Bootstrap colour of a draft status's badge."""
    return STATUS_COLOURS.get(status, "secondary")


@register.filter
def reviewer_note(draft):
    """ "主要负责同志本人的发言提纲由督导组审阅" for the secretary's own outline, else ""."""
    return SUPERVISORS_REVIEW if reviewed_by_supervisors(draft) else ""


def status_counts(drafts):
    """[{status, label, colour, count}] over every status, in the order of the review, in one query."""
    found = dict(drafts.order_by().values_list("status").annotate(n=Count("pk")))
    return [
        {"status": value, "label": label, "colour": STATUS_COLOURS[value], "count": found.get(value, 0)}
        for value, label in DraftStatus.choices
    ]


@register.inclusion_tag("inspection/_meeting_panel.html", takes_context=True)
def draft_panel(context, meeting):
    """The drafts card of the meeting page: how far the drafts are, and one's own outline."""
    user = context["request"].user
    drafts = access.drafts_for(user, meeting)
    counts = status_counts(drafts)
    own = None
    if user.is_authenticated:
        own = drafts.filter(kind=DraftKind.PERSONAL, author=user).only("pk", "status", "version").first()
    return {
        "meeting": meeting,
        "counts": [c for c in counts if c["count"]],
        "total": sum(c["count"] for c in counts),
        "own": own,
        # The secretary's own outline is reviewed by the supervising group (access.can_review_draft).
        "own_note": SUPERVISORS_REVIEW if own and access.has_role(user, meeting, Role.SECRETARY) else "",
        "sees_all": access.sees_all_drafts(user, meeting),
    }
