"""Celery tasks: thin wrappers that load ids and call the services (tested directly)."""

import logging

from celery import shared_task

from . import delivery, digests, scan

logger = logging.getLogger(__name__)


@shared_task(
    bind=True,
    acks_late=True,
    autoretry_for=(Exception,),
    retry_backoff=True,
    retry_backoff_max=900,
    max_retries=12,
)
def send_reminder(self, reminder_id):
    """One reminder: what scans before the batches queued (still in a queue after an upgrade), and a
    reminder of a batch whose channel failed, retried here with back-off."""
    return delivery.deliver(reminder_id)


@shared_task(acks_late=True)
def send_reminders(reminder_ids):
    """A batch of the scan's rows. Each is delivered under its own row lock (``delivery.deliver``), so
    a batch delivered twice, or overlapping a row the scan queued again, sends nothing twice. A
    reminder whose channel fails goes on alone as ``send_reminder``, with its retries, so the rest of
    the batch neither waits for it nor is sent again. A worker lost mid-batch leaves the rest pending:
    redelivered (acks_late), or queued again by the scan after REQUEUE_AFTER."""
    for reminder_id in reminder_ids:
        try:
            delivery.deliver(reminder_id)
        except Exception as error:  # a channel or the database: retried alone, the batch goes on
            logger.warning("提醒 %s 发送失败（%s），将单独重试。", reminder_id, error)
            send_reminder.delay(reminder_id)


@shared_task
def scan_reminders():
    result = scan.scan()
    return result.inserted + result.requeued


@shared_task
def send_office_digests():
    return digests.send_office_digests()


@shared_task
def send_supervisor_digests():
    return digests.send_supervisor_digests()
