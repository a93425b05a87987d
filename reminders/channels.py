"""Where reminders go besides the in-app notification: an adapter per channel.

A channel has a ``name`` (the Reminder field ``<name>_sent_at`` records its send), a ``label`` for
messages, ``wanted(user, kind)`` (the user's choice) and ``send(message)``, which raises on failure.
Email always runs (Django's mail API: files under var/mail by default, SMTP through EMAIL_URL); the
webhook runs when ``REMINDER_WEBHOOK_URL`` is set, e.g. an enterprise chat group's robot.
"""

import json
import urllib.request

from django.conf import settings
from django.core.mail import EmailMultiAlternatives

from .models import EmailPreference


class Channel:
    name = ""
    label = ""

    def wanted(self, user, kind):
        return True

    def send(self, message):
        raise NotImplementedError


class EmailChannel(Channel):
    name = "email"
    label = "邮件"

    def wanted(self, user, kind):
        if not user.email:
            return False
        return not EmailPreference.objects.filter(user=user, kind=kind, email=False).exists()

    def send(self, message):
        email = EmailMultiAlternatives(
            subject=message.subject,
            body=message.text,
            to=[message.recipient.email],
            headers={"Message-ID": message.message_id},
        )
        if message.html:
            email.attach_alternative(message.html, "text/html")
        email.send(fail_silently=False)


class WebhookChannel(Channel):
    """A group robot (企业微信 / 钉钉 style): one text message naming the person, as JSON."""

    name = "webhook"
    label = "工作群"

    def __init__(self, url, timeout=5):
        self.url = url
        self.timeout = timeout

    def send(self, message):
        payload = {
            "msgtype": "text",
            "text": {"content": f"{message.recipient.name}：{message.subject}\n{message.link}"},
        }
        request = urllib.request.Request(
            self.url,
            data=json.dumps(payload, ensure_ascii=False).encode("utf-8"),
            headers={"Content-Type": "application/json; charset=utf-8"},
            method="POST",
        )
        with urllib.request.urlopen(request, timeout=self.timeout) as response:  # noqa: S310 (the office's own URL)
            if response.status >= 300:
                raise OSError(f"HTTP {response.status}")
            answer = response.read(4096)
        refused = robot_refusal(answer)
        if refused:
            raise OSError(refused)


def robot_refusal(answer):
    """企业微信 and 钉钉 robots answer HTTP 200 with {"errcode": 93000, "errmsg": …} when they refuse a
    message (a wrong key, a rate limit): that is a failure to retry, not a send."""
    try:
        data = json.loads(answer.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        return ""
    if isinstance(data, dict) and data.get("errcode") not in (None, 0, "0"):
        return f"errcode {data['errcode']}：{data.get('errmsg', '')}"
    return ""


def active():
    """The channels this installation sends through, in order."""
    found = [EmailChannel()]
    if getattr(settings, "REMINDER_WEBHOOK_URL", ""):
        found.append(WebhookChannel(settings.REMINDER_WEBHOOK_URL))
    return found
