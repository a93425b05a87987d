"""Reading meetings for pages: schedules, next deadlines and overdue marks."""

from django.db.models import Prefetch
from django.utils import timezone

from orgs import access
from reporting.models import Sending
from reporting.selectors import sent_status

from .models import ScheduleItem
from .schedule import activity_done
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
