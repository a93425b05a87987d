"""Celery tasks: thin wrappers that load ids and call the services (tested directly)."""

from celery import shared_task

from . import delivery, digests, scan


@shared_task(
    bind=True,
    acks_late=True,
    autoretry_for=(Exception,),
    retry_backoff=True,
    retry_backoff_max=900,
    max_retries=12,
)
def send_reminder(self, reminder_id):
    return delivery.deliver(reminder_id)


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
