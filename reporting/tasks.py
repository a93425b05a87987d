"""Celery tasks: thin wrappers that load ids and call the services (tested directly)."""

from celery import shared_task

from . import services


@shared_task(acks_late=True)
def build_bundle_task(job_id):
    """材料汇编: a redelivered message finds its job no longer queued and does nothing."""
    return services.build_bundle(job_id)
