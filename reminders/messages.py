"""What a reminder says, in Chinese: what is due, when, for which meeting, and a link straight to it."""

from dataclasses import dataclass

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone

from documents.tree import format_date
from meetings.templatetags.meeting_tags import days_label


@dataclass
class Message:
    recipient: object  # User
    subject: str
    text: str
    html: str
    link: str
    message_id: str


def when(due_date, today=None):
    """还有3天 / 今天到期 / 已逾期7天, as the pages say it."""
    return days_label((due_date - (today or timezone.localdate())).days)


def absolute(url):
    return f"{settings.SITE_URL.rstrip('/')}{url}"


def compose(reminder):
    link = absolute(reminder.url)
    context = {
        "reminder": reminder,
        "recipient": reminder.recipient,
        "meeting_title": reminder.meeting.title if reminder.meeting_id else "",
        "due": format_date(reminder.due_date),
        "when": when(reminder.due_date),
        "link": link,
        "preferences": absolute("/reminders/preferences/"),
    }
    subject = f"【民主生活会提醒】{reminder.title}（{context['when']}）"
    domain = settings.SITE_URL.split("//")[-1].split("/")[0].split(":")[0] or "localhost"
    return Message(
        recipient=reminder.recipient,
        subject=subject,
        text=render_to_string("reminders/email/reminder.txt", context),
        html=render_to_string("reminders/email/reminder.html", context),
        link=link,
        message_id=f"<reminder-{reminder.pk}@{domain}>",
    )
