"""Sending one reminder: the in-app notification, then each channel (email, and the webhook when one
is configured), idempotently.

``deliver`` locks the reminder's row for the whole send, so two workers given the same reminder
(a re-enqueue after an outage, a redelivered message) send it once: the second finds it sent. A
channel that fails does not undo the others: what was sent is recorded and committed, and the task
is retried with back-off for what remains. The one window left is a worker killed after the mail
server accepted a message and before the commit: that email goes again on the retry (a mail server
cannot take part in our transaction); the notification never does, it is unique per reminder.
"""

import logging

from django.db import transaction
from django.utils import timezone

from . import channels, deadlines
from .messages import compose
from .models import Notification, Reminder, ReminderStatus

logger = logging.getLogger(__name__)


class ChannelsFailed(Exception):
    """Some channel failed; the task is retried and sends only what is still missing."""


def deliver(reminder_id):
    """Sends the reminder if it is still pending and its deadline still open; returns its status."""
    failures = []
    with transaction.atomic():
        reminder = (
            Reminder.objects.select_for_update(of=("self",))
            .select_related("recipient", "meeting")
            .filter(pk=reminder_id)
            .first()
        )
        if reminder is None or reminder.status != ReminderStatus.PENDING:
            return reminder.status if reminder else None
        if not deadlines.still_open(reminder.kind, reminder.object_id):
            # Done since the scan: "done things stop being reminded at once".
            reminder.status = ReminderStatus.CANCELLED
            reminder.save(update_fields=["status"])
            return reminder.status
        reminder.attempts += 1
        message = compose(reminder)
        Notification.objects.get_or_create(
            reminder=reminder,
            defaults={
                "user": reminder.recipient,
                "title": message.subject,
                "body": message.text,
                "url": reminder.url,
            },
        )
        for channel in channels.active():
            field = f"{channel.name}_sent_at"
            if getattr(reminder, field) is not None:
                continue
            if not channel.wanted(reminder.recipient, reminder.kind):
                setattr(reminder, field, timezone.now())  # turned off by the user: nothing to send
                continue
            try:
                channel.send(message)
            except Exception as error:  # any transport error: retried later, the rest still goes
                logger.warning("提醒 %s 经%s发送失败：%s", reminder.pk, channel.label, error)
                failures.append(f"{channel.label}：{error}")
                continue
            setattr(reminder, field, timezone.now())
        reminder.last_error = "\n".join(failures)
        if not failures:
            reminder.status = ReminderStatus.SENT
            reminder.sent_at = timezone.now()
        reminder.save()
    if failures:
        raise ChannelsFailed("；".join(failures))
    return reminder.status
