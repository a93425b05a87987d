"""Reading meetings for pages: schedules, next deadlines and overdue marks, the talks at a glance, and
counts by status of any of a meeting's rows. Nothing here writes (GET changes nothing)."""

from django.db.models import Count, Prefetch, Q
from django.utils import timezone

from orgs import access
from reporting.models import Sending
from reporting.selectors import sent_status

from .models import ScheduleItem
from .schedule import activity_done
from .talks import coverage
from .workflow import ORDER, Stage, stage_number


def is_open(item, meeting):
    """A deadline still matters while its stage has not been left and its work is not done."""
    if meeting.stage == Stage.CLOSED or stage_number(item.stage) < stage_number(meeting.stage):
        return False
    return item.done_at is None and not activity_done(item.activity, meeting)


def deadline_state(item, meeting, today):
    """For display: days left or overdue, only for deadlines still open."""
    days = (item.due_date - today).days
    return {
        "item": item,
        "days": days,
        "open": is_open(item, meeting),
        "overdue": is_open(item, meeting) and days < 0,
    }


def dashboard_meetings(user):
    """The user's meetings, newest first, with their schedule prefetched (one query for all)."""
    return (
        access.meetings_for(user)
        .select_related("organisation", "plan")
        .prefetch_related(
            Prefetch("schedule", queryset=ScheduleItem.objects.order_by("due_date", "order")),
            Prefetch("sendings", queryset=Sending.objects.order_by("kind", "number")),
        )
    )


def with_deadlines(meetings):
    """Marks each meeting with its next open deadline and its overdue ones."""
    today = timezone.localdate()
    meetings = list(meetings)
    for meeting in meetings:
        open_items = [item for item in meeting.schedule.all() if is_open(item, meeting)]
        overdue = [item for item in open_items if item.due_date < today]
        upcoming = [item for item in open_items if item.due_date >= today]
        meeting.overdue_items = overdue
        meeting.next_deadline = deadline_state(upcoming[0], meeting, today) if upcoming else None
        meeting.report_sent = sent_status(meeting, list(meeting.sendings.all()))["situation-report"]
    return meetings


def stepper(meeting):
    """The nine stages, each with its deadlines and whether it is done, current or to come."""
    today = timezone.localdate()
    current = stage_number(meeting.stage)
    items = list(meeting.schedule.all())
    steps = []
    for stage in ORDER:
        number = stage_number(stage)
        deadlines = [deadline_state(item, meeting, today) for item in items if item.stage == stage]
        steps.append(
            {
                "stage": stage,
                "number": number,
                "state": "done" if number < current else "current" if number == current else "todo",
                "deadlines": deadlines,
                "overdue": any(d["overdue"] for d in deadlines),
            }
        )
    return steps


def timeline(meeting):
    today = timezone.localdate()
    return [deadline_state(item, meeting, today) for item in meeting.schedule.all()]


def talk_counts(user, meeting):
    """四必谈 at a glance for the meeting page: the whole team's, or a member's own pairs."""
    statuses = coverage(meeting)
    if not access.sees_whole_coverage(user, meeting):
        statuses = [s for s in statuses if user.pk in (s.first.pk, s.second.pk)]
    counts = {state: sum(1 for s in statuses if s.state == state) for state in ("done", "waived", "missing")}
    counts["total"] = len(statuses)
    return counts


def status_counts(rows, statuses, *, within=None, also=None):
    """{status: n} for every value of ``statuses`` (a ``TextChoices``), plus "total" and "all", in one query.

    With ``within`` (a condition, e.g. the ledger's filters) the counts are of the rows it keeps, and "all"
    counts every row; without it "total" and "all" are the same. ``also``: more counts by name, each a
    condition on the kept rows (e.g. the rectification items overdue).

    Counts the status (never NULL), not the key, so that an index on (meeting, status, …) answers alone,
    without reading the rows.
    """
    kept = within or Q()
    aggregates = {status.value: Count("status", filter=kept & Q(status=status.value)) for status in statuses}
    for name, condition in (also or {}).items():
        aggregates[name] = Count("status", filter=kept & condition)
    aggregates["total"] = Count("status", filter=within) if within else Count("*")
    aggregates["all"] = Count("*")
    return rows.order_by().aggregate(**aggregates)
