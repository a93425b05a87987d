"""Every deadline, as reminders read it: one query interface over the tables that own the dates.

A kind of deadline (``DeadlineSource``) answers, each with one indexed query:
- ``due_on(dates, changed_since=None)``: its open deadlines falling due on any of ``dates`` (the scan),
  or only those that may have changed since a moment (a re-run of the day's scan, see ``changed``);
- ``open_for(user_ids=None, meeting=None)``: open deadlines of some people or of a meeting (calendars,
  digests);
- ``still_open(object_id)``: whether one deadline is still open (re-checked just before a send, so a
  thing done since the scan is not reminded).

Each yields ``Deadline`` rows: what is due, when, who is responsible, who else is told, a link, done
or not. Nothing is copied: the source tables are the truth, so a thing marked done stops being
reminded at once.

The kinds: the meeting's schedule (stage deadlines), the opinion box closing, each draft still to be
written, each draft waiting for review, and each open rectification item.
"""

import datetime
import functools
from dataclasses import dataclass, field

from django.db.models import F, OuterRef, Q, Subquery
from django.urls import get_script_prefix, reverse
from django.utils import timezone

from inspection.models import Draft, DraftKind, DraftStatus
from meetings.models import Meeting, ScheduleItem
from meetings.workflow import ORDER, PRE_MEETING, Stage
from orgs.models import Organisation, Role, RoleAssignment, User
from rectification.models import OPEN_STATUSES, Item

from .models import DeadlineKind


@dataclass
class Deadline:
    kind: str  # DeadlineKind
    object_id: int
    meeting_id: int
    organisation_id: int
    title: str  # what is due, as the reminder says it
    meeting_title: str
    due_date: datetime.date
    url: str
    responsible: list = field(default_factory=list)  # user ids
    told: list = field(default_factory=list)  # user ids told as well
    done: bool = False

    @property
    def key(self):
        return (self.kind, self.object_id)


LINK_MARKER = 900_000_001  # an id no table reaches: reverse() is given it and it is then replaced


@functools.cache
def _link_pattern(script_prefix, name, arity):
    url = reverse(name, args=[LINK_MARKER + n for n in range(arity)])
    for n in range(arity):
        url = url.replace(str(LINK_MARKER + n), f"{{{n}}}")
    return url


def link(name, *ids):
    """``reverse(name, args=ids)`` for ids, at the cost of a str.format: reverse() for each deadline
    was 0.9 s of a province scan (11,000 links)."""
    return _link_pattern(get_script_prefix(), name, len(ids)).format(*ids)


def _stages_after(stage):
    return [s.value for s in ORDER[ORDER.index(Stage(stage)) + 1 :]]


def _not_past(stage_field, meeting_stage_field="meeting__stage"):
    """Rows whose stage the meeting has not left yet: one OR over the nine stages."""
    query = Q()
    for index, stage in enumerate(ORDER):
        query |= Q(
            **{stage_field: stage.value, f"{meeting_stage_field}__in": [s.value for s in ORDER[: index + 1]]}
        )
    return query


def _ancestor_paths(path):
    """ "/1/4/9/" → ["/1/", "/1/4/", "/1/4/9/"]."""
    parts = [pk for pk in path.strip("/").split("/") if pk]
    return ["/" + "/".join(parts[: n + 1]) + "/" for n in range(len(parts))]


def team_roles(organisation_paths):
    """{organisation path: {role: [user ids]}} for the organisations of ``organisation_paths``, with each
    one's supervisors (assigned to it or any ancestor), in one query."""
    ancestors = {int(pk) for path in organisation_paths for pk in path.strip("/").split("/") if pk}
    rows = RoleAssignment.objects.filter(organisation_id__in=ancestors).values_list(
        "organisation__path", "role", "user_id"
    )
    at_path = {}
    for org_path, role, user_id in rows.order_by("order", "pk"):
        at_path.setdefault(org_path, []).append((role, user_id))
    by_path = {}
    for path in organisation_paths:
        roles = {role: [] for role in Role.values}
        for ancestor in _ancestor_paths(path):
            for role, user_id in at_path.get(ancestor, ()):
                if (ancestor == path or role == Role.SUPERVISOR) and user_id not in roles[role]:
                    roles[role].append(user_id)
        by_path[path] = roles
    return by_path


def _organisations_of(user_ids):
    """Organisations where the people hold a role, with the subtrees of those they supervise."""
    assignments = RoleAssignment.objects.filter(user_id__in=list(user_ids))
    supervised = list(assignments.filter(role=Role.SUPERVISOR).values_list("organisation__path", flat=True))
    query = Q(pk__in=assignments.values("organisation"))
    for path in supervised:
        query |= Q(path__startswith=path)
    return Organisation.objects.filter(query)


# What every kind reads of a row's meeting, beside its own ``fields``: its organisation, and what
# Meeting.title is made of.
MEETING_FIELDS = {
    "organisation_id": F("meeting__organisation_id"),
    "path": F("meeting__organisation__path"),
    "meeting_name": F("meeting__name"),
    "meeting_year": F("meeting__year"),
    "meeting_kind": F("meeting__kind"),
    "organisation_name": F("meeting__organisation__name"),
    "team_name": F("meeting__organisation__team_name"),
}


def _meeting_titles(rows):
    """{meeting id: Meeting.title} of the rows, each meeting's made once without loading it."""
    titles = {}
    for row in rows:
        if row["meeting_id"] not in titles:
            organisation = Organisation(name=row["organisation_name"], team_name=row["team_name"])
            meeting = Meeting(
                name=row["meeting_name"],
                year=row["meeting_year"],
                kind=row["meeting_kind"],
                organisation=organisation,
            )
            titles[row["meeting_id"]] = meeting.title
    return titles


class DeadlineSource:
    kind: str
    fields: tuple  # the row's own fields ``build`` reads, with MEETING_FIELDS

    def rows(self):
        """The queryset of open deadlines of this kind (without a date filter)."""
        raise NotImplementedError

    def due_date_field(self):
        raise NotImplementedError

    def changed(self, since):
        """The rows whose deadline may differ from what a scan at ``since`` read, as a filter on
        ``rows()``; None when no timestamp covers every change of this kind (every row is read)."""
        return None

    def build(self, row, roles):
        raise NotImplementedError

    def _deadlines(self, rows):
        # Dicts of the few fields a deadline needs, not model instances: an item with its meeting and
        # organisation was three instances, 30,000 of them in a province's scan.
        rows = list(rows.values(*self.fields, **MEETING_FIELDS))
        roles = team_roles({row["path"] for row in rows}) if rows else {}
        titles = _meeting_titles(rows)
        for row in rows:
            row["meeting_title"] = titles[row["meeting_id"]]
        return [self.build(row, roles[row["path"]]) for row in rows]

    def _since(self, rows, changed_since):
        changed = self.changed(changed_since) if changed_since else None
        return rows if changed is None else rows.filter(changed)

    def due_on(self, dates, changed_since=None):
        # Unordered: the scan orders its rows itself (an item's default order joins its list).
        rows = self.rows().filter(**{f"{self.due_date_field()}__in": list(dates)}).order_by()
        return self._deadlines(self._since(rows, changed_since))

    def open_for(self, user_ids=None, meeting=None, organisations=None):
        """Open deadlines of a meeting, or those where one of ``user_ids`` is responsible or told.

        For people, only the meetings of organisations they hold a role in (or supervise) are read,
        so a calendar does not grow with the whole database.
        """
        rows = self.rows()
        if meeting is not None:
            rows = rows.filter(meeting=meeting)
        if user_ids is not None:
            if organisations is None:
                organisations = _organisations_of(user_ids)
            rows = rows.filter(meeting__organisation__in=organisations)
        deadlines = self._deadlines(rows)
        if user_ids is not None:
            wanted = set(user_ids)
            deadlines = [d for d in deadlines if wanted & {*d.responsible, *d.told}]
        return deadlines

    def still_open(self, object_id):
        return self.rows().filter(pk=object_id).exists()


class ScheduleSource(DeadlineSource):
    """The meeting's schedule (日程): open until the meeting leaves the row's stage; the office is
    responsible and the secretary told. The plan's row is done once the plan is submitted."""

    kind = DeadlineKind.STAGE
    activities = None  # all but the opinions row, which the box source reminds

    def rows(self):
        rows = ScheduleItem.objects.filter(_not_past("stage"), done_at__isnull=True).exclude(
            meeting__stage=Stage.CLOSED
        )
        rows = rows.exclude(activity="plan", meeting__plan__status__in=["submitted", "approved"])
        if self.activities is None:
            rows = rows.exclude(activity="opinions")
        else:
            rows = rows.filter(activity__in=self.activities)
        return rows

    fields = ("id", "meeting_id", "title", "due_date")

    def due_date_field(self):
        return "due_date"

    def changed(self, since):
        # A row opens again or moves when its meeting steps back or changes date (meetings.services
        # stamps the meeting), when the plan is returned, or when the record's held_on changes (the box).
        return (
            Q(meeting__updated_at__gte=since)
            | Q(meeting__plan__updated_at__gte=since)
            | Q(meeting__record__updated_at__gte=since)
        )

    def title(self, row):
        return row["title"]

    def url(self, row):
        return link("meeting_detail", row["meeting_id"])

    def build(self, row, roles):
        return Deadline(
            kind=self.kind,
            object_id=row["id"],
            meeting_id=row["meeting_id"],
            organisation_id=row["organisation_id"],
            title=self.title(row),
            meeting_title=row["meeting_title"],
            due_date=row["due_date"],
            url=self.url(row),
            responsible=roles[Role.OFFICE],
            told=roles[Role.SECRETARY],
        )


class BoxSource(ScheduleSource):
    """The opinion box closes at the end of the opinions deadline (feedback.box.last_day), or when the
    meeting is held if that comes first (feedback.box.state): the meeting past the opinions stage is
    left out as every schedule row is, and a meeting whose record says it was held is left out here."""

    kind = DeadlineKind.BOX
    activities = ["opinions"]

    def rows(self):
        return super().rows().exclude(meeting__record__held_on__lte=timezone.localdate())

    def title(self, row):
        return "完成征求意见建议（意见箱当日24时关闭）"

    def url(self, row):
        return link("opinion_list", row["meeting_id"])


class DraftSource(DeadlineSource):
    """A draft still to be written or revised by the drafts deadline (日程 "对照检查材料和发言提纲审定"):
    an outline's author is responsible; the team material's editors, the office, with the secretary told."""

    kind = DeadlineKind.DRAFT
    statuses = [DraftStatus.WRITING, DraftStatus.RETURNED]

    def rows(self):
        due = ScheduleItem.objects.filter(meeting=OuterRef("meeting"), activity="drafts").values("due_date")[
            :1
        ]
        return (
            Draft.objects.filter(status__in=self.statuses, meeting__stage__in=PRE_MEETING)
            .annotate(drafts_due=Subquery(due))
            .exclude(drafts_due=None)
        )

    fields = ("id", "meeting_id", "kind", "status", "author_id", "drafts_due")

    def due_on(self, dates, changed_since=None):
        # The dates select the meetings through the schedule's indexed due date. A draft's status
        # changes do not stamp its updated_at (that is its content's), so a re-run reads them all: a
        # few hundred drafts of the meetings whose drafts deadline falls on the day's dates.
        meetings = ScheduleItem.objects.filter(activity="drafts", due_date__in=list(dates)).values("meeting")
        return self._deadlines(self.rows().filter(meeting__in=meetings).order_by())

    def title(self, row):
        if row["kind"] == DraftKind.TEAM:
            return "完成领导班子对照检查材料并报审"
        return (
            "完成个人发言提纲并报审"
            if row["status"] == DraftStatus.WRITING
            else "修改退回的个人发言提纲并重新报审"
        )

    def people(self, row, roles):
        if row["kind"] == DraftKind.TEAM:
            return roles[Role.OFFICE], roles[Role.SECRETARY]
        return [row["author_id"]], []

    def build(self, row, roles):
        responsible, told = self.people(row, roles)
        return Deadline(
            kind=self.kind,
            object_id=row["id"],
            meeting_id=row["meeting_id"],
            organisation_id=row["organisation_id"],
            title=self.title(row),
            meeting_title=row["meeting_title"],
            due_date=row["drafts_due"],
            url=link("draft_detail", row["meeting_id"], row["id"]),
            responsible=responsible,
            told=told,
        )


class ReviewSource(DraftSource):
    """A draft waiting for its reviewer by the drafts deadline: the secretary for a submitted draft,
    the supervising group for the secretary's own outline and for the team material to endorse (审定)."""

    kind = DeadlineKind.REVIEW
    statuses = [DraftStatus.SUBMITTED, DraftStatus.APPROVED]

    def rows(self):
        return (
            super()
            .rows()
            .filter(Q(status=DraftStatus.SUBMITTED) | Q(status=DraftStatus.APPROVED, kind=DraftKind.TEAM))
        )

    # What User.name is made of: the title names the author from these, without loading the user.
    author_name = ("display_name", "first_name", "last_name", "username")
    fields = (*DraftSource.fields, *(f"author__{field}" for field in author_name))

    def title(self, row):
        if row["kind"] == DraftKind.TEAM:
            name = "领导班子对照检查材料"
        else:
            author = User(**{field: row[f"author__{field}"] for field in self.author_name})
            name = f"{author.name}同志的发言提纲"
        return f"审定{name}" if row["status"] == DraftStatus.APPROVED else f"审阅{name}"

    def people(self, row, roles):
        secretaries = roles[Role.SECRETARY]
        if row["status"] == DraftStatus.APPROVED or (
            row["kind"] == DraftKind.PERSONAL and row["author_id"] in secretaries
        ):
            return roles[Role.SUPERVISOR], []
        return secretaries, []


class ItemSource(DeadlineSource):
    """An open rectification item with a deadline: its owner (责任领导) is responsible, or the office
    when it has none."""

    kind = DeadlineKind.ITEM

    def rows(self):
        return Item.objects.filter(status__in=OPEN_STATUSES, deadline__isnull=False)

    fields = ("id", "meeting_id", "number", "problem", "deadline", "owner_id")

    def due_date_field(self):
        return "deadline"

    def changed(self, since):
        # Every change of an item's status, deadline or owner saves it or stamps updated_at
        # (rectification.services).
        return Q(updated_at__gte=since)

    def build(self, row, roles):
        problem = " ".join(row["problem"].split())
        return Deadline(
            kind=self.kind,
            object_id=row["id"],
            meeting_id=row["meeting_id"],
            organisation_id=row["organisation_id"],
            title=f"整改事项第{row['number']}项：{problem[:60]}{'…' if len(problem) > 60 else ''}",
            meeting_title=row["meeting_title"],
            due_date=row["deadline"],
            url=link("rectification_item", row["meeting_id"], row["id"]),
            responsible=[row["owner_id"]] if row["owner_id"] else roles[Role.OFFICE],
        )


SOURCES = {
    source.kind: source
    for source in (ScheduleSource(), BoxSource(), DraftSource(), ReviewSource(), ItemSource())
}


def due_on(dates, changed_since=None):
    """Every open deadline due on one of ``dates``: one query (and one for the people) per kind;
    with ``changed_since``, only those that may have changed since then."""
    return [deadline for source in SOURCES.values() for deadline in source.due_on(dates, changed_since)]


def open_deadlines(user_ids=None, meeting=None):
    organisations = _organisations_of(user_ids) if user_ids is not None else None
    return [
        deadline
        for source in SOURCES.values()
        for deadline in source.open_for(user_ids, meeting, organisations)
    ]


def still_open(kind, object_id):
    return SOURCES[kind].still_open(object_id)
