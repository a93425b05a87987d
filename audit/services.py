"""Writing the audit trail, and pruning what is older than the retention period."""

import datetime
import logging

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

from .models import Action, AuditEvent, Outcome

logger = logging.getLogger("audit")


def client_address(request):
    """The client's address: REMOTE_ADDR, or the first hop of X-Forwarded-For when the deployment says
    its proxy sets it (AUDIT_TRUST_X_FORWARDED_FOR)."""
    if request is None:
        return None
    if getattr(settings, "AUDIT_TRUST_X_FORWARDED_FOR", False):
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        if forwarded:
            return forwarded.split(",")[0].strip() or None
    return request.META.get("REMOTE_ADDR") or None


def record(
    action, *, request=None, user=None, obj=None, meeting=None, outcome=Outcome.OK, detail="", anonymous=False
):
    """Append one event. ``request`` gives the user and the address; ``user`` overrides the user (a
    failed login names the account tried). ``anonymous`` (the public box) keeps no address at all.

    ``obj`` is any model instance; ``meeting`` a Meeting or its id (taken from ``obj.meeting`` when
    the object has one)."""
    if user is None and request is not None:
        user = getattr(request, "user", None)
    if user is not None and not getattr(user, "is_authenticated", False):
        user = None
    if meeting is None and obj is not None:
        meeting = getattr(obj, "meeting_id", None) or (
            obj.pk if obj.__class__.__name__ == "Meeting" else None
        )
    meeting_id = getattr(meeting, "pk", meeting)
    event = AuditEvent(
        user=user,
        username=(user.get_username() if user is not None else "")[:150],
        address=None if anonymous else client_address(request),
        action=action,
        object_type=obj._meta.label if obj is not None else "",
        object_id=str(obj.pk) if obj is not None and obj.pk is not None else "",
        object_label=str(obj)[:255] if obj is not None else "",
        meeting_id=meeting_id,
        outcome=outcome,
        detail=detail,
    )
    event.save()
    return event


def record_login_failure(username, request):
    """A failed login: the account tried (by name, whether it exists or not) and the address."""
    event = AuditEvent(
        username=(username or "")[:150],
        address=client_address(request),
        action=Action.LOGIN_FAILED,
        outcome=Outcome.FAILED,
    )
    event.save()
    logger.warning("login failed for %r from %s", username, event.address)
    return event


def retention_days():
    return max(int(getattr(settings, "AUDIT_RETENTION_DAYS", 180)), 180)


def prune(now=None):
    """Delete events older than the retention period (at least 180 days, 等保: ≥ 6 months); returns
    how many. The only delete of the trail: a raw statement, with the trigger told it may."""
    cutoff = (now or timezone.now()) - datetime.timedelta(days=retention_days())
    table = AuditEvent._meta.db_table
    with transaction.atomic(), connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET LOCAL audit.prune = 'on'")
        cursor.execute(f"DELETE FROM {table} WHERE at < %s", [cutoff])
        return cursor.rowcount
