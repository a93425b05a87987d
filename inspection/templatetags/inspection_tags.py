from django import template

from orgs import access
from orgs.models import Role

from ..models import DraftKind
from ..selectors import draft_counts
from ..services import SUPERVISORS_REVIEW, reviewed_by_supervisors

register = template.Library()

# A draft status's badge: meetings/templatetags/status_tags.py.


@register.filter
def reviewer_note(draft):
    """ "主要负责同志本人的发言提纲由督导组审阅" for the secretary's own outline, else ""."""
    return SUPERVISORS_REVIEW if reviewed_by_supervisors(draft) else ""


@register.inclusion_tag("inspection/_meeting_panel.html", takes_context=True)
def draft_panel(context, meeting):
    """The drafts card of the meeting page: how far the drafts are, and one's own outline."""
    user = context["request"].user
    drafts = access.drafts_for(user, meeting)
    counts = draft_counts(drafts)
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
