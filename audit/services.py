"""Writing the audit trail, and pruning what is older than the retention period."""

import datetime
import logging

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

from .middleware import current_request
from .models import Action, AuditEvent, Outcome

logger = logging.getLogger("audit")

# The audit administrator reads the trail and nothing else (三员分立, DESIGN §12), so an event names its
# object without the object's content: most models' str() is their text (an opinion's first 30
# characters, an item's problem, an evidence file's name). These name a person, a unit, a meeting's title,
# a draft's kind and author, a sent document or frozen file; every other object is its kind and number.
NAMED_BY_STR = frozenset(
    {
        "orgs.User",
        "orgs.Organisation",
        "orgs.RoleAssignment",
        "meetings.Meeting",
        "inspection.Draft",
        "reporting.Approval",
        "reporting.Sending",
        "reporting.FrozenFile",
    }
)


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
    failed login names the account tried). Without ``request`` the one being served is used
    (``audit.middleware``), so a service given only ``by`` still writes the address. ``anonymous`` (the
    public box) keeps no address at all, not even the current request's.

    ``obj`` is any model instance; ``meeting`` a Meeting or its id (taken from ``obj.meeting`` when
    the object has one)."""
    if request is None and not anonymous:
        request = current_request()
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
        object_label=object_label(obj)[:255] if obj is not None else "",
        meeting_id=meeting_id,
        outcome=outcome,
        detail=detail,
    )
    event.save()
    return event


# A batch event names at most this many objects by number; the count says how many there were.
BATCH_NUMBERS = 20


def record_batch(action, objects, detail, *, user=None):
    """One event for one action on several objects of a meeting (bulk triage of opinions), naming them by
    number: "采纳：意见建议3条（编号1、2、3）". Nothing for an empty batch."""
    objects = list(objects)
    if not objects:
        return None
    numbers = "、".join(str(obj.pk) for obj in objects[:BATCH_NUMBERS])
    if len(objects) > BATCH_NUMBERS:
        numbers += "等"
    kind = objects[0]._meta.verbose_name
    return record(
        action,
        user=user,
        meeting=objects[0].meeting_id,
        detail=f"{detail}：{kind}{len(objects)}条（编号{numbers}）",
    )


def object_label(obj):
    """How the trail names ``obj``: its str() when that carries no meeting content, else its kind and
    number, e.g. "意见建议（编号12）"."""
    if obj._meta.label in NAMED_BY_STR:
        return str(obj)
    return f"{obj._meta.verbose_name}（编号{obj.pk}）"


def record_login_failure(username, request, detail=""):
    """A failed login: the account tried (by name, whether it exists or not) and the address;
    ``detail`` says when the lockout refused it unchecked (security/events.py)."""
    event = AuditEvent(
        username=(username or "")[:150],
        address=client_address(request),
        action=Action.LOGIN_FAILED,
        outcome=Outcome.FAILED,
        detail=detail,
    )
    event.save()
    logger.warning("login failed for %r from %s", username, event.address)
    return event


# 等保2.0 安全审计: audit records are kept at least six months. A deployment may keep them longer, never
# shorter: a smaller AUDIT_RETENTION_DAYS counts as 180.
MINIMUM_RETENTION_DAYS = 180


def retention_days():
    return max(int(getattr(settings, "AUDIT_RETENTION_DAYS", MINIMUM_RETENTION_DAYS)), MINIMUM_RETENTION_DAYS)


def retention_cutoff(now=None):
    """Events before this moment are past the retention period."""
    return (now or timezone.now()) - datetime.timedelta(days=retention_days())


def expired(now=None):
    """The events ``prune`` would delete now (for ``prune_audit --dry-run``)."""
    return AuditEvent.objects.filter(at__lt=retention_cutoff(now))


def prune(now=None):
    """Delete events older than the retention period (at least 180 days, 等保: ≥ 6 months); returns
    how many. The only delete of the trail: a raw statement, with the trigger told it may."""
    cutoff = retention_cutoff(now)
    table = AuditEvent._meta.db_table
    with transaction.atomic(), connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET LOCAL audit.prune = 'on'")
        cursor.execute(f"DELETE FROM {table} WHERE at < %s", [cutoff])
        return cursor.rowcount
