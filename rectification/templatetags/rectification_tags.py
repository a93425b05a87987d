"""Placeholder: being written (issue 6)."""

from django import template

register = template.Library()


@register.simple_tag(takes_context=True)
def rectification_panel(context, meeting):
    return ""
