from django import template

from meetings.workflow import FROM_MEETING
from orgs import access
from orgs.models import Role

from ..models import ItemKind, ItemStatus
from ..selectors import item_counts

register = template.Library()

# An item status's badge: meetings/templatetags/status_tags.py; its kind's colour here.
KIND_COLOURS = {ItemKind.IMMEDIATE: "danger", ItemKind.BY_DATE: "primary", ItemKind.ONGOING: "light"}


@register.filter
def kind_badge(kind):
    return KIND_COLOURS.get(kind, "light")


def ledger_has_begun(meeting):
    """The lists are built from the meeting on (DESIGN §2, stage 6)."""
    return meeting.stage in FROM_MEETING


@register.inclusion_tag("rectification/_panel.html", takes_context=True)
def rectification_panel(context, meeting):
    """The rectification card of the meeting page: counts by status, overdue, one's own open items."""
    user = context["request"].user
    if not ledger_has_begun(meeting):
        return {"meeting": meeting, "begun": False}
    items = access.items_for(user, meeting)
    counts = item_counts(items)
    own_open = None
    if access.has_role(user, meeting, Role.MEMBER, Role.SECRETARY):
        own_open = items.filter(owner=user).open().count()
    return {
        "meeting": meeting,
        "begun": True,
        "counts": counts,
        "by_status": [
            {"status": value, "label": label, "count": counts[value]}
            for value, label in ItemStatus.choices
            if counts[value]
        ],
        "own_open": own_open,
        "can_build": access.can_build_lists(user, meeting),
    }


@register.simple_tag(takes_context=True)
def rectification_abilities(context, meeting):
    """What the shared nav of the rectification pages may offer the user: {"build": …, "import": …}."""
    # A page that already asked (the ledger, the build page) passes its answers on instead of asking again.
    known = context.get("rectification_nav")
    if known is not None:
        return known
    user = context["request"].user
    return {"build": access.can_build_lists(user, meeting), "import": access.can_import_ledger(user, meeting)}
