"""Reading the trail in tests."""

from audit.models import AuditEvent


def events(action=None, **filters):
    """The events recorded, oldest first."""
    rows = AuditEvent.objects.order_by("pk")
    return list(rows.filter(action=action, **filters) if action else rows.filter(**filters))


def the_event(action, **filters):
    """The one event of ``action`` (fails if there is none or more than one)."""
    found = events(action, **filters)
    assert len(found) == 1, [(e.action, e.detail) for e in events()]
    return found[0]


def assert_event(event, *, user, meeting, obj=None, outcome="ok", address="127.0.0.1"):
    """Who, from where, which meeting, which object, how it ended: what the auditor reads off a row."""
    assert (event.user, event.username) == (user, user.username if user else "")
    assert event.address == address
    assert event.meeting_id == (meeting.pk if meeting is not None else None)
    assert event.outcome == outcome
    if obj is not None:
        assert (event.object_type, event.object_id) == (obj._meta.label, str(obj.pk))
