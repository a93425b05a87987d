from django import template

from documents.tree import format_date

register = template.Library()


@register.filter
def cn_date(value):
    """2022年1月20日."""
    return format_date(value) if value else ""


@register.filter
def days_label(days):
    """还有3天 / 今天到期 / 已逾期2天: how pages, reminders and calendars say a deadline."""
    if days is None:
        return ""
    if days > 0:
        return f"还有{days}天"
    if days == 0:
        return "今天到期"
    return f"已逾期{-days}天"


@register.filter
def stage_badge(stage):
    """A Bootstrap colour for a stage's state in the stepper."""
    return {"done": "success", "current": "primary", "todo": "secondary"}.get(stage, "secondary")
