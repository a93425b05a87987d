"""The figures of the 整改措施落实情况通报, counted from the records (the seeds' "xx").

Every figure the progress report prints comes from ``report_figures(meeting)``, in four queries
whatever the number of items: the meeting's held date, the lists' members, one count of items per
(list, status) and one count of activities per kind.

What is counted:
- the lists' figures count every item on the meeting's lists, the ones carried over from the
  previous meeting (旧账) included: they are on this meeting's lists and are rectified with it;
  ``carried`` counts those again, apart, because the report speaks of them first;
- "完成" is 已销号 only: an item 已完成待销号 is not proven yet (销号 needs evidence and a second
  person's confirmation), so it is counted apart as ``done``;
- the activities (整改推进活动) count from the day the meeting was held: the record's date
  when the record has one, otherwise the planned date.
"""

import datetime
from dataclasses import dataclass, field, fields

from django.db.models import Count, Q
from django.utils import timezone

from meetings.models import MeetingRecord

from .models import OPEN_STATUSES, Activity, ActivityKind, Item, ItemStatus, RectificationList


@dataclass(frozen=True)
class Tally:
    """Items of some lists by status; ``overdue`` counts the open ones past their deadline."""

    total: int = 0
    not_started: int = 0
    in_progress: int = 0
    done: int = 0  # 已完成待销号
    closed: int = 0  # 已销号
    carried_over: int = 0  # 已结转 to the next meeting
    overdue: int = 0

    def __add__(self, other):
        return Tally(**{f.name: getattr(self, f.name) + getattr(other, f.name) for f in fields(self)})

    @property
    def remaining(self):
        """Not closed and not carried on: what is still to be done (已完成待销号 included)."""
        return self.not_started + self.in_progress + self.done

    @property
    def all_closed(self):
        return self.total > 0 and self.closed == self.total


@dataclass(frozen=True)
class MemberTally:
    """One member's own list (班子成员个人问题清单)."""

    name: str
    tally: Tally


@dataclass(frozen=True)
class ReportFigures:
    since: datetime.date  # activities are counted from this day on
    team: Tally  # the team list (班子问题清单)
    members: Tally  # every member's list together (班子成员问题清单)
    per_member: tuple[MemberTally, ...]  # the members' lists in the team's order, empty ones left out
    carried: Tally  # the items carried over from the previous meeting, on any list
    activities: tuple[tuple[str, int], ...] = field(default=())  # (ActivityKind, count) in kind order

    @property
    def total(self):
        return self.team + self.members


_STATUS_FIELDS = {
    ItemStatus.NOT_STARTED: "not_started",
    ItemStatus.IN_PROGRESS: "in_progress",
    ItemStatus.DONE: "done",
    ItemStatus.CLOSED: "closed",
    ItemStatus.CARRIED_OVER: "carried_over",
}


def held_on(meeting):
    """The day the meeting was held: the record's date, else the planned one."""
    recorded = MeetingRecord.objects.filter(meeting=meeting).values_list("held_on", flat=True).first()
    return recorded or meeting.date


def _tally(rows):
    counts = dict.fromkeys(_STATUS_FIELDS.values(), 0)
    total = overdue = 0
    for row in rows:
        counts[_STATUS_FIELDS[row["status"]]] += row["n"]
        total += row["n"]
        overdue += row["overdue"]
    return Tally(total=total, overdue=overdue, **counts)


def report_figures(meeting, today=None):
    """The counted figures of the progress report (see the module's docstring for what counts)."""
    today = today or timezone.localdate()
    since = held_on(meeting)
    lists = list(RectificationList.objects.filter(meeting=meeting).select_related("member"))
    rows = list(
        Item.objects.filter(meeting=meeting)
        .order_by()
        .values("rectification_list_id", "status")
        .annotate(
            n=Count("pk"),
            overdue=Count("pk", filter=Q(status__in=OPEN_STATUSES, deadline__lt=today)),
            carried=Count("pk", filter=Q(carried_from__isnull=False)),
            carried_overdue=Count(
                "pk", filter=Q(carried_from__isnull=False, status__in=OPEN_STATUSES, deadline__lt=today)
            ),
        )
    )
    team_ids = {rl.pk for rl in lists if rl.is_team}
    carried_rows = [{**row, "n": row["carried"], "overdue": row["carried_overdue"]} for row in rows]
    per_member = [
        MemberTally(rl.member.name, _tally(row for row in rows if row["rectification_list_id"] == rl.pk))
        for rl in lists
        if not rl.is_team
    ]
    activity_counts = Activity.objects.filter(meeting=meeting, date__gte=since).aggregate(
        **{kind.value: Count("pk", filter=Q(kind=kind.value)) for kind in ActivityKind}
    )
    return ReportFigures(
        since=since,
        team=_tally(row for row in rows if row["rectification_list_id"] in team_ids),
        members=_tally(row for row in rows if row["rectification_list_id"] not in team_ids),
        per_member=tuple(member for member in per_member if member.tally.total),
        carried=_tally(carried_rows),
        activities=tuple((kind.value, activity_counts[kind.value]) for kind in ActivityKind),
    )
