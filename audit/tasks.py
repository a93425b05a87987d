"""Celery tasks: thin wrappers around the services (tested directly)."""

from celery import shared_task

from . import services


@shared_task
def prune_audit():
    """Daily (CELERY_BEAT_SCHEDULE): the events past the retention period go, the rest stay."""
    return services.prune()
