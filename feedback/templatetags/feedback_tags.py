from django import template

from orgs import access

from ..overview import opinion_overview

register = template.Library()


@register.inclusion_tag("feedback/_meeting_panel.html", takes_context=True)
def opinion_panel(context, meeting):
    """The opinions card of the meeting page: counts, links and the overview, as the user may see them."""
    user = context["request"].user
    opinions = access.opinions_for(user, meeting)
    return {
        "meeting": meeting,
        "overview": opinion_overview(meeting, opinions),
        "can_manage": access.can_manage_opinions(user, meeting),
        "sees_all": access.sees_all_opinions(user, meeting),
        "new_count": opinions.filter(status="new").count() if access.sees_all_opinions(user, meeting) else 0,
    }
