"""The badge colour of an event's outcome, in one place."""

from django import template

from audit.models import Outcome

register = template.Library()

BADGES = {Outcome.OK: "success", Outcome.REFUSED: "warning", Outcome.FAILED: "danger"}


@register.filter
def outcome_badge(outcome):
    return BADGES.get(outcome, "secondary")
