"""The figures of the 情况报告 and the 情况通报, counted from the records (the seeds' "xx").

Every word the two documents take from the database is read here, by ``meeting_figures(meeting)``,
in 29 queries whatever the number of members, opinions, talks, drafts, criticisms or items (one or
two of them fewer when there is no record or no previous meeting). The exporters only place these
figures in their sentences.

What is counted, and the choices an office would ask about:
- 集中学习: the study sessions recorded, in date order; 心得体会: the self-study notes of the meeting's
  participants (参加人员 with an account), and how many of them wrote at least one.
- 意见建议: ``received`` is every opinion entered (new, accepted, merged, rejected), by channel;
  ``accepted`` counts the accepted ones only (a merged opinion counts once, as the one it was merged
  into), which is the total of the 征求意见建议汇总. The team / individual split and the aspects
  ("归纳为M个方面": the aspects that have at least one accepted opinion) are over the accepted ones.
  反馈: a FeedbackDelivery row for a participant.
- 谈心谈话: ``count`` is the talks recorded; ``person_times`` (人次) counts each participant of each
  talk once, so a talk between two people is 2人次. The 四必谈 coverage is ``meetings.talks.coverage``.
- 对照检查材料: a draft is written once it has a saved version (version 0 is the empty draft as
  created); ``versions`` are those saves (稿). The problems are read from the text as approved: the
  current text of a draft 审阅通过 or 督导组已审定, else the version last approved, else (for an
  outline never approved) the current text. 督导组审阅: the dates of the supervisors' comments and
  review steps (审阅通过 / 退回 of the secretary's outline, 审定), supervisors being those with a
  督导组 role over the organisation or an ancestor.
- 会议: the record's date, else the planned one (as ``rectification.report.held_on``); 应到 are the
  participants (参加人员), 实到 those not recorded absent; a person without an attendance row
  counts as present, as the minutes show it.
- 批评: the criticisms each member present received, in speaking order; "批评意见不少于2条".
- 整改: the items of this meeting's lists (carried ones included). By source an item is counted under
  every kind of source it has ("一项问题有多个来源的分别计入"); 上年结转 is ``carried_from``; an item
  with no source is "其他". 整改方案 is dated the day the first item not carried over from last year
  was entered on the lists (the lists are the 整改方案; carried items may be entered before the
  new problems are sorted out), or the first item at all when every item is carried.
- 上年整改: the previous meeting of the same team (``rectification.candidates.previous_meeting``)
  and its items by status: 已销号, 已结转 (carried on to this meeting), the rest still open.
- 通报: the first issuing of the 通报 (``Sending`` number 1) when recorded, else the schedule's
  "notification" deadline.
Nothing here depends on today's date, so the documents read the same from one day to the next.
"""

import datetime
from dataclasses import dataclass

from django.db.models import Count, Exists, F, Max, Min, OuterRef, Q
from django.utils import timezone

from feedback.models import FeedbackDelivery, Opinion, OpinionStatus
from inspection.content import normalise, printed_groups
from inspection.models import Draft, DraftComment, DraftEvent, DraftKind, DraftStatus, DraftVersion
from meetings.models import (
    Attendance,
    MeetingPerson,
    MeetingRecord,
    PersonKind,
    ScheduleItem,
    SelfStudyNote,
    Statement,
    StudyForm,
    StudySession,
    TalkParticipant,
)
from meetings.record import MIN_CRITICISMS
from meetings.services import host_label
from meetings.talks import coverage
from orgs.models import Role, RoleAssignment
from rectification.candidates import previous_meeting
from rectification.models import Item, ItemKind, ItemSource, ItemStatus, SourceKind

from .models import DocumentKind, Sending

APPROVED = (DraftStatus.APPROVED, DraftStatus.ENDORSED)
# Review steps a supervisor takes on a draft (the secretary's own outline is reviewed by them).
SUPERVISOR_REVIEW = (DraftEvent.Action.APPROVE, DraftEvent.Action.RETURN, DraftEvent.Action.ENDORSE)
SENTENCE_STOPS = "。！？"


# --- the figures, part by part --------------------------------------------------------------------


@dataclass(frozen=True)
class Session:
    date: datetime.date
    form: str  # StudyForm value
    form_label: str
    topic: str


@dataclass(frozen=True)
class Study:
    sessions: tuple[Session, ...]
    notes: int  # 心得体会 written by the participants
    note_authors: int  # participants who wrote at least one
    team: int  # participants with an account


@dataclass(frozen=True)
class Opinions:
    received: int  # every opinion entered, whatever its status
    by_channel: tuple[tuple[str, int], ...]  # received, by channel in the meeting's order, zeros left out
    categories: tuple[str, ...]  # source categories of the received ones, in the meeting's order
    accepted: int
    merged: int
    rejected: int
    untriaged: int  # 待分拣
    to_team: int  # accepted, addressed to the team
    to_members: int  # accepted, addressed to one member
    aspects: int  # aspects with at least one accepted opinion
    team: int  # participants with an account
    fed_back: int  # of them, those the opinions were passed on to
    not_fed_back: tuple[str, ...]  # names of the others, in the team's order


@dataclass(frozen=True)
class PairTally:
    """One kind of 四必谈 pair: required, talked, waived."""

    label: str
    required: int
    done: int
    waived: int

    @property
    def missing(self):
        return self.required - self.done - self.waived


@dataclass(frozen=True)
class Waiver:
    first: str
    second: str
    reason: str


@dataclass(frozen=True)
class Talks:
    count: int  # talks recorded
    person_times: int  # 人次: each participant of each talk once
    pairs: tuple[PairTally, ...]  # kinds of pairs the team has, in the rule's order
    waivers: tuple[Waiver, ...]
    missing: int  # required pairs neither talked nor waived

    @property
    def required(self):
        return sum(pair.required for pair in self.pairs)

    @property
    def done(self):
        return sum(pair.done for pair in self.pairs)


@dataclass(frozen=True)
class ProblemGroup:
    """A group of the team material's problems: its heading and its problems' lead sentences."""

    heading: str
    leads: tuple[str, ...]


@dataclass(frozen=True)
class Drafts:
    secretary: str  # "县委书记林书记", or "" when the organisation has no secretary
    team_written: bool
    team_status: str  # DraftStatus value, "" when the team material was never written
    team_status_label: str
    team_approved: bool  # there is an approved text of the team material
    team_problems: tuple[ProblemGroup, ...]  # from the approved text
    outlines_expected: int  # the leadership team
    outlines_written: int
    outlines_approved: int
    not_written: tuple[str, ...]  # names, in the team's order
    not_approved: tuple[str, ...]  # names of those written but not approved
    member_problems: tuple[int, ...]  # problems of each outline written, in the team's order
    versions_average: float | None  # saved versions (稿) per written draft
    versions_most: int
    reviewed_on: tuple[datetime.date, ...]  # supervisors' comments and review steps, endorsement left out
    endorsed_on: datetime.date | None  # 督导组审定 of the team material


@dataclass(frozen=True)
class Held:
    """The meeting as held, from the record (the plan's date, place and host before there is one)."""

    recorded: bool
    date: datetime.date
    start_time: datetime.time | None
    end_time: datetime.time | None
    place: str
    host: str
    due: int  # participants (参加人员)
    present: int
    absences: tuple[tuple[str, str], ...]  # participants absent: (name, reason)
    attendees: tuple[str, ...]  # 列席, present, "title name"
    guidance: tuple[str, ...]  # 督导组, present, "title name"
    agenda: tuple[str, ...]
    guidance_remark: str  # the first sentence of the guidance group's remarks, "" when none


@dataclass(frozen=True)
class Criticisms:
    speakers: int  # members present with a turn
    self_criticised: int  # of them, those whose self-criticism is recorded
    no_self_criticism: tuple[str, ...]  # names of the others
    received: tuple[tuple[str, int], ...]  # (name, criticisms received), members present, speaking order
    minimum_rule: int = MIN_CRITICISMS

    @property
    def total(self):
        return sum(n for _, n in self.received)

    @property
    def average(self):
        return self.total / len(self.received) if self.received else None

    @property
    def least(self):
        return min((n for _, n in self.received), default=0)

    @property
    def below_minimum(self):
        return tuple((name, n) for name, n in self.received if n < self.minimum_rule)


@dataclass(frozen=True)
class TeamItem:
    """An item of the team list as the 通报 prints it: no member's list is ever read here."""

    problem: str
    owner_title: str
    deadline: datetime.date | None
    kind: str  # ItemKind value
    carried: bool


@dataclass(frozen=True)
class Lists:
    team: int
    members: int
    by_source: tuple[tuple[str, int], ...]  # (SourceKind value, or "carried" / "other"), zeros left out
    by_kind: tuple[tuple[str, int], ...]  # (ItemKind value, n), every kind
    drawn_up_on: datetime.date | None  # the 整改方案's date (see the module's docstring)
    latest_deadline: datetime.date | None
    team_items: tuple[TeamItem, ...]

    @property
    def total(self):
        return self.team + self.members


@dataclass(frozen=True)
class Previous:
    """The previous meeting's rectification, as this meeting reports on it first."""

    name: str  # the previous meeting's display name, "" when there is none
    total: int
    closed: int
    carried_over: int
    still_open: int


@dataclass(frozen=True)
class Notification:
    issued_on: datetime.date | None  # first issuing of the 通报
    issued_to: str
    due: datetime.date | None  # the schedule's deadline


@dataclass(frozen=True)
class MeetingFigures:
    team_name: str  # 云岭县委常委班子
    organisation: str  # 云岭县委
    meeting_name: str  # 2026年度民主生活会
    theme: str
    notice_issuer: str
    notice_title: str
    notice_number: str
    study: Study
    opinions: Opinions
    talks: Talks
    drafts: Drafts
    held: Held
    criticisms: Criticisms
    lists: Lists
    previous: Previous
    notification: Notification


# --- reading them ---------------------------------------------------------------------------------


def _local_date(moment):
    return timezone.localtime(moment).date()


def _person_label(person):
    return f"{person.title}{person.name}" if person.title else person.name


def first_sentence(text):
    """The first sentence of a passage, with its stop ("会议准备充分。" of "会议准备充分。希望…")."""
    text = " ".join((text or "").split())
    for position, character in enumerate(text):
        if character in SENTENCE_STOPS:
            return text[: position + 1]
    return f"{text}。" if text else ""


def _people(meeting):
    """The meeting's people in order, and its participants with an account (user id → name)."""
    people = list(MeetingPerson.objects.filter(meeting=meeting).order_by("kind", "order", "pk"))
    team = {}
    for person in people:
        if person.kind == PersonKind.PARTICIPANT and person.user_id and person.user_id not in team:
            team[person.user_id] = person.name
    return people, team


def _leadership(meeting):
    """The leadership team in order (the secretary first) and the secretary, in one query."""
    assignments = (
        RoleAssignment.objects.filter(
            organisation=meeting.organisation, role__in=[Role.SECRETARY, Role.MEMBER]
        )
        .select_related("user")
        .order_by("order", "pk")
    )
    ordered = sorted(assignments, key=lambda a: (a.role != Role.SECRETARY, a.order, a.pk))
    team, seen, secretary = [], set(), None
    for assignment in ordered:
        if assignment.role == Role.SECRETARY and secretary is None:
            secretary = assignment.user
        if assignment.user_id not in seen:
            seen.add(assignment.user_id)
            team.append(assignment.user)
    return team, secretary


def _supervisors(meeting):
    """A subquery of the users who supervise the meeting's organisation (an ancestor's 督导组 included)."""
    ancestors = [int(pk) for pk in meeting.organisation.path.strip("/").split("/") if pk]
    return RoleAssignment.objects.filter(role=Role.SUPERVISOR, organisation_id__in=ancestors).values(
        "user_id"
    )


def _study(meeting, team):
    labels = dict(StudyForm.choices)
    sessions = tuple(
        Session(date, form, labels.get(form, form), topic.strip())
        for date, form, topic in StudySession.objects.filter(meeting=meeting)
        .order_by("date", "pk")
        .values_list("date", "form", "topic")
    )
    notes = SelfStudyNote.objects.filter(meeting=meeting, author_id__in=list(team)).aggregate(
        count=Count("pk"), authors=Count("author", distinct=True)
    )
    return Study(sessions=sessions, notes=notes["count"], note_authors=notes["authors"], team=len(team))


def _opinions(meeting, team):
    rows = list(
        Opinion.objects.filter(meeting=meeting)
        .order_by()
        .values("status", "aspect_id", "channel__name", "channel__order", "channel_id")
        .annotate(
            n=Count("pk"),
            to_team=Count("pk", filter=Q(addressee__isnull=True)),
        )
    )
    categories = (
        Opinion.objects.filter(meeting=meeting)
        .order_by("category__order", "category_id")
        .values_list("category__name", flat=True)
        .distinct()
    )
    channels = {}
    for row in sorted(rows, key=lambda row: (row["channel__order"], row["channel_id"])):
        channels[row["channel__name"]] = channels.get(row["channel__name"], 0) + row["n"]
    by_status = dict.fromkeys(OpinionStatus.values, 0)
    for row in rows:
        by_status[row["status"]] += row["n"]
    accepted = [row for row in rows if row["status"] == OpinionStatus.ACCEPTED]
    fed = set(FeedbackDelivery.objects.filter(meeting=meeting).values_list("member_id", flat=True))
    return Opinions(
        received=sum(row["n"] for row in rows),
        by_channel=tuple((name, n) for name, n in channels.items() if n),
        categories=tuple(dict.fromkeys(categories)),
        accepted=by_status[OpinionStatus.ACCEPTED],
        merged=by_status[OpinionStatus.MERGED],
        rejected=by_status[OpinionStatus.REJECTED],
        untriaged=by_status[OpinionStatus.NEW],
        to_team=sum(row["to_team"] for row in accepted),
        to_members=sum(row["n"] - row["to_team"] for row in accepted),
        aspects=len({row["aspect_id"] for row in accepted if row["aspect_id"] is not None}),
        team=len(team),
        fed_back=len(fed & set(team)),
        not_fed_back=tuple(name for user_id, name in team.items() if user_id not in fed),
    )


def _talks(meeting):
    sides = TalkParticipant.objects.filter(talk__meeting=meeting).aggregate(
        person_times=Count("pk"), talks=Count("talk", distinct=True)
    )
    statuses = coverage(meeting)
    kinds = {}
    for status in statuses:
        tally = kinds.setdefault(
            status.kind, {"label": status.kind_label, "required": 0, "done": 0, "waived": 0}
        )
        tally["required"] += 1
        if status.state in ("done", "waived"):
            tally[status.state] += 1
    return Talks(
        count=sides["talks"],
        person_times=sides["person_times"],
        pairs=tuple(PairTally(**tally) for tally in kinds.values()),
        waivers=tuple(
            Waiver(status.first.name, status.second.name, " ".join(status.waiver.reason.split()))
            for status in statuses
            if status.state == "waived"
        ),
        missing=sum(1 for status in statuses if status.state == "missing"),
    )


def _problem_lead(item):
    """A problem's lead sentence without its stop; a problem written without one gives its text's first."""
    lead = item["lead"].strip() or first_sentence(item["text"])
    return lead.rstrip("。；;，,.：:")


def _groups(content):
    return tuple(
        ProblemGroup(group["heading"].strip(), tuple(_problem_lead(item) for item in group["items"]))
        for group in printed_groups(content["problems"])
        if group["items"]
    )


def _count_problems(content):
    return sum(len(group["items"]) for group in content["problems"]["groups"])


def _approved_texts(meeting):
    """{draft id: content} of the version last approved, for the drafts reopened since their approval
    (an approved draft's own content is its approved text)."""
    return dict(
        DraftVersion.objects.filter(draft__meeting=meeting, number=F("draft__approved_version"))
        .exclude(draft__status__in=APPROVED)
        .values_list("draft_id", "content")
    )


def _drafts(meeting, leadership, secretary):
    drafts = list(Draft.objects.filter(meeting=meeting))
    versions = dict(
        DraftVersion.objects.filter(draft__meeting=meeting, number__gte=1)
        .order_by()
        .values("draft_id")
        .annotate(n=Count("pk"))
        .values_list("draft_id", "n")
    )
    approved_texts = _approved_texts(meeting)
    supervisors = _supervisors(meeting)
    comment_dates = DraftComment.objects.filter(draft__meeting=meeting, by_id__in=supervisors).values_list(
        "at", flat=True
    )
    events = list(
        DraftEvent.objects.filter(draft__meeting=meeting, action__in=SUPERVISOR_REVIEW)
        .filter(Q(by_id__in=supervisors) | Q(action=DraftEvent.Action.ENDORSE))
        .values_list("action", "at", "draft__kind")
    )
    reviewed = {_local_date(at) for at in comment_dates}
    reviewed |= {_local_date(at) for action, at, _ in events if action != DraftEvent.Action.ENDORSE}
    endorsements = [
        at for action, at, kind in events if action == DraftEvent.Action.ENDORSE and kind == DraftKind.TEAM
    ]

    def approved_text(draft):
        if draft.status in APPROVED:
            return normalise(draft.content)
        if draft.pk in approved_texts:
            return normalise(approved_texts[draft.pk])
        return None

    team = next((draft for draft in drafts if draft.kind == DraftKind.TEAM), None)
    team_written = team is not None and versions.get(team.pk, 0) > 0
    team_text = approved_text(team) if team_written else None
    outlines = {draft.author_id: draft for draft in drafts if draft.kind == DraftKind.PERSONAL}
    written = [
        person for person in leadership if person.pk in outlines and versions.get(outlines[person.pk].pk, 0)
    ]
    approved = [person for person in written if outlines[person.pk].status in APPROVED]
    member_problems = tuple(
        _count_problems(approved_text(outlines[person.pk]) or normalise(outlines[person.pk].content))
        for person in written
    )
    saves = [n for n in versions.values() if n]
    return Drafts(
        secretary=host_label(secretary) if secretary is not None else "",
        team_written=team_written,
        team_status=team.status if team_written else "",
        team_status_label=team.get_status_display() if team_written else "",
        team_approved=team_text is not None,
        team_problems=_groups(team_text) if team_text is not None else (),
        outlines_expected=len(leadership),
        outlines_written=len(written),
        outlines_approved=len(approved),
        not_written=tuple(person.name for person in leadership if person not in written),
        not_approved=tuple(person.name for person in written if person not in approved),
        member_problems=member_problems,
        versions_average=sum(saves) / len(saves) if saves else None,
        versions_most=max(saves, default=0),
        reviewed_on=tuple(sorted(reviewed)),
        endorsed_on=_local_date(max(endorsements)) if endorsements else None,
    )


def _attendance(record):
    """{MeetingPerson id: (present, reason)} of the record; empty before there is a record."""
    if record is None:
        return {}
    rows = Attendance.objects.filter(record=record).values_list("person_id", "present", "absence_reason")
    return {person_id: (present, reason) for person_id, present, reason in rows}


def _held(meeting, people, record, attendance):
    def present(person):
        return attendance.get(person.pk, (True, ""))[0]

    participants = [person for person in people if person.kind == PersonKind.PARTICIPANT]
    absences = tuple(
        (person.name, " ".join(attendance[person.pk][1].split()))
        for person in participants
        if not present(person)
    )
    shown = record or MeetingRecord(meeting=meeting, held_on=meeting.date, place=meeting.place)
    host = shown.host.strip() if record is not None else ""
    if not host and meeting.host_id:
        host = host_label(meeting.host)
    return Held(
        recorded=record is not None,
        date=shown.held_on or meeting.date,
        start_time=shown.start_time,
        end_time=shown.end_time,
        place=(shown.place or meeting.place).strip(),
        host=host,
        due=len(participants),
        present=len(participants) - len(absences),
        absences=absences,
        attendees=tuple(
            _person_label(person)
            for person in people
            if person.kind == PersonKind.ATTENDEE and present(person)
        ),
        guidance=tuple(
            _person_label(person)
            for person in people
            if person.kind == PersonKind.GUIDANCE and present(person)
        ),
        agenda=tuple(shown.agenda_items),
        guidance_remark=first_sentence(shown.guidance_remarks),
    )


def _criticisms(record, people, attendance):
    if record is None:
        return Criticisms(speakers=0, self_criticised=0, no_self_criticism=(), received=())
    absent_users = {
        person.user_id
        for person in people
        if person.user_id
        and not attendance.get(person.pk, (True, ""))[0]
        and person.kind == PersonKind.PARTICIPANT
    }
    statements = [
        statement
        for statement in Statement.objects.filter(record=record)
        .select_related("member")
        # Only the criticisms raised at the meeting: a talk's prefilled one counts once it is confirmed.
        .annotate(received=Count("criticisms", filter=Q(criticisms__confirmed=True)))
        .order_by("order", "pk")
        if statement.member_id not in absent_users
    ]
    spoke = [statement for statement in statements if statement.self_criticism.strip()]
    return Criticisms(
        speakers=len(statements),
        self_criticised=len(spoke),
        no_self_criticism=tuple(s.member.name for s in statements if not s.self_criticism.strip()),
        received=tuple((s.member.name, s.received) for s in statements),
    )


def _headline(problem):
    """An item's problem as a headline: the first sentence of its first line, without the stop."""
    lines = [line.strip() for line in problem.splitlines() if line.strip()]
    return first_sentence(lines[0] if lines else "").rstrip("。；;，,.！？")


def _lists(meeting):
    has_source = ItemSource.objects.filter(item=OuterRef("pk")).exclude(kind=SourceKind.PREVIOUS_ITEM)
    totals = (
        Item.objects.filter(meeting=meeting)
        .annotate(sourced=Exists(has_source))
        .aggregate(
            team=Count("pk", filter=Q(rectification_list__member__isnull=True)),
            members=Count("pk", filter=Q(rectification_list__member__isnull=False)),
            carried=Count("pk", filter=Q(carried_from__isnull=False)),
            other=Count("pk", filter=Q(carried_from__isnull=True, sourced=False)),
            first_new=Min("created_at", filter=Q(carried_from__isnull=True)),
            first=Min("created_at"),
            latest_deadline=Max("deadline"),
            **{kind.value: Count("pk", filter=Q(kind=kind.value)) for kind in ItemKind},
        )
    )
    sources = dict(
        ItemSource.objects.filter(item__meeting=meeting, item__carried_from__isnull=True)
        .exclude(kind=SourceKind.PREVIOUS_ITEM)
        .order_by()
        .values("kind")
        .annotate(n=Count("item", distinct=True))
        .values_list("kind", "n")
    )
    by_source = [
        (kind.value, sources.get(kind.value, 0)) for kind in SourceKind if kind != SourceKind.PREVIOUS_ITEM
    ]
    by_source += [("carried", totals["carried"]), ("other", totals["other"])]
    team_items = tuple(
        TeamItem(
            problem=_headline(item.problem),
            owner_title=(item.owner.title or item.owner.name) if item.owner else "",
            deadline=item.deadline,
            kind=item.kind,
            carried=item.carried_from_id is not None,
        )
        for item in Item.objects.filter(meeting=meeting, rectification_list__member__isnull=True)
        .select_related("owner")
        .order_by("number", "pk")
    )
    drawn_up = totals["first_new"] or totals["first"]
    return Lists(
        team=totals["team"],
        members=totals["members"],
        by_source=tuple((kind, n) for kind, n in by_source if n),
        by_kind=tuple((kind.value, totals[kind.value]) for kind in ItemKind),
        drawn_up_on=_local_date(drawn_up) if drawn_up else None,
        latest_deadline=totals["latest_deadline"],
        team_items=team_items,
    )


def _previous(meeting):
    previous = previous_meeting(meeting)
    if previous is None:
        return Previous(name="", total=0, closed=0, carried_over=0, still_open=0)
    counts = Item.objects.filter(meeting=previous).aggregate(
        total=Count("pk"),
        closed=Count("pk", filter=Q(status=ItemStatus.CLOSED)),
        carried_over=Count("pk", filter=Q(status=ItemStatus.CARRIED_OVER)),
    )
    return Previous(
        name=previous.display_name,
        still_open=counts["total"] - counts["closed"] - counts["carried_over"],
        **counts,
    )


def _notification(meeting):
    issued = (
        Sending.objects.filter(meeting=meeting, kind=DocumentKind.NOTIFICATION)
        .order_by("number")
        .values_list("sent_on", "recipients")
        .first()
    )
    due = (
        ScheduleItem.objects.filter(meeting=meeting, activity="notification")
        .order_by()
        .values_list("due_date", flat=True)
        .first()
    )
    return Notification(
        issued_on=issued[0] if issued else None,
        issued_to=issued[1].strip() if issued else "",
        due=due,
    )


def meeting_figures(meeting):
    """Everything the 情况报告 and the 情况通报 print from the records (see the module's docstring)."""
    organisation = meeting.organisation
    people, team = _people(meeting)
    leadership, secretary = _leadership(meeting)
    record = MeetingRecord.objects.filter(meeting=meeting).first()
    attendance = _attendance(record)
    held = _held(meeting, people, record, attendance)
    return MeetingFigures(
        team_name=organisation.leadership_name,
        organisation=organisation.name,
        meeting_name=meeting.display_name,
        theme=" ".join(meeting.theme.split()),
        notice_issuer=meeting.notice_issuer.strip(),
        notice_title=meeting.notice_title.strip().strip("《》"),
        notice_number=meeting.notice_number.strip(),
        study=_study(meeting, team),
        opinions=_opinions(meeting, team),
        talks=_talks(meeting),
        drafts=_drafts(meeting, leadership, secretary),
        held=held,
        criticisms=_criticisms(record, people, attendance),
        lists=_lists(meeting),
        previous=_previous(meeting),
        notification=_notification(meeting),
    )
