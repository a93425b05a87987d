"""督导总览: one row per meeting of the units a supervisor oversees, with the columns they ask about.

Every column but the talks' coverage is an annotation of the meetings query (a correlated subquery
each, keyed by the meeting), so filtering on it, sorting by it, counting and paginating happen in the
database: the page reads the same number of queries for 10 meetings as for 10,000. The 四必谈 coverage
depends on the team's roles, charged units and branches (meetings.coverage.pairs_of), so it is counted
in Python from five grouped queries over the rows shown (the page's 20, or the export's all); it is the
one column that cannot be sorted by.

What is counted, and the choices a supervisor would ask about:
- 方案报送: the plan's first submission (报送审核), in days before the meeting ("方案于会议召开10日前报送").
- 意见建议: the accepted opinions (the 征求意见建议汇总's total), and per member of the team.
- 对照检查材料: drafts 审阅通过 or 督导组已审定, of the team material and one outline per team member.
- 批评意见: the fewest confirmed criticisms a member received at the meeting ("批评意见不少于2条");
  empty until the record has statements.
- 整改: the items of the meeting's lists, open (not 销号, not carried over), overdue, and 已销号.
- 情况报告: its first sending, and how many days after its deadline (the schedule's row, else 15 days
  after the meeting: "会后15日内").
- 逾期: an open deadline of the schedule past due (as the dashboard marks it), or an open item past its
  时限.
"""

import datetime
from dataclasses import dataclass

from django.db.models import (
    Case,
    Count,
    DateField,
    DateTimeField,
    DurationField,
    ExpressionWrapper,
    F,
    IntegerField,
    OuterRef,
    Q,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Cast, Coalesce, TruncDate
from django.utils import timezone

from feedback.models import Opinion, OpinionStatus
from inspection.models import Draft, DraftStatus
from meetings.coverage import pair_key, pairs_of
from meetings.models import PlanEvent, PlanStatus, ScheduleItem, Statement, TalkParticipant, TalkWaiver
from meetings.workflow import ORDER, PAST_MEETING
from orgs.models import BranchRepresentative, ChargedUnit, Role, RoleAssignment
from rectification.models import OPEN_STATUSES, Item, ItemStatus
from reporting.models import DocumentKind, Sending

PAGE_SIZE = 20
# "批评意见不少于2条" (DESIGN §11).
MINIMUM_CRITICISMS = 2
# "会后15日内"报送情况报告, when the schedule has no row for it.
REPORT_DAYS = 15
APPROVED_DRAFTS = (DraftStatus.APPROVED, DraftStatus.ENDORSED)

# The columns a supervisor may sort by: key → the annotation or field ordered on.
SORTS = {
    "unit": "organisation__path",
    "date": "date",
    "stage": "stage_rank",
    "next_due": "next_due",
    "plan": "plan_days_ahead",
    "opinions": "opinions_accepted",
    "drafts": "drafts_approved",
    "criticisms": "criticisms_least",
    "items_open": "items_open",
    "items_overdue": "items_overdue",
    "items_closed": "items_closed",
    "report": "report_sent_on",
}
DEFAULT_SORT = "date"


def _stage_rank(field):
    return Case(
        *(When(**{field: stage.value}, then=Value(number)) for number, stage in enumerate(ORDER, 1)),
        output_field=IntegerField(),
    )


def _count(rows):
    """The number of ``rows`` (already keyed to the outer meeting) as a subquery, 0 when none.

    COUNT(*), not of the key: an index without the id then answers it alone (an index-only scan), as the
    items' (meeting, status, deadline) does for 整改逾期, which every page counts over all the supervisor's
    meetings: a province's 10,000 in 169 ms instead of 432 ms (EXPLAIN ANALYZE, bench/province.py)."""
    counted = rows.order_by().values("meeting").annotate(n=Count("*")).values("n")
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)


def _open_schedule():
    """The meeting's open deadlines (meetings.selectors.is_open): the row's stage not left yet, its work
    not recorded done, and the plan's row open until the plan is submitted."""
    return (
        ScheduleItem.objects.filter(meeting=OuterRef("pk"), done_at__isnull=True)
        .annotate(rank=_stage_rank("stage"))
        .filter(rank__gte=OuterRef("stage_rank"))
        .exclude(activity="plan", meeting__plan__status__in=[PlanStatus.SUBMITTED, PlanStatus.APPROVED])
    )


def annotated(meetings, today=None):
    """``meetings`` with every computed column of the overview, as annotations."""
    today = today or timezone.localdate()
    schedule = _open_schedule()
    upcoming = schedule.filter(due_date__gte=today).order_by("due_date", "order")
    items = Item.objects.filter(meeting=OuterRef("pk"))
    first_submission = (
        PlanEvent.objects.filter(plan__meeting=OuterRef("pk"), action=PlanEvent.Action.SUBMIT)
        .order_by("at")
        .values("at")[:1]
    )
    least_criticised = (
        Statement.objects.filter(record__meeting=OuterRef("pk"))
        .annotate(n=Count("criticisms", filter=Q(criticisms__confirmed=True)))
        .order_by("n")
        .values("n")[:1]
    )
    team = (
        RoleAssignment.objects.filter(
            organisation=OuterRef("organisation"), role__in=[Role.SECRETARY, Role.MEMBER]
        )
        .order_by()
        .values("organisation")
        .annotate(n=Count("user", distinct=True))
        .values("n")
    )
    report_row = ScheduleItem.objects.filter(meeting=OuterRef("pk"), activity="situation_report").values(
        "due_date"
    )[:1]
    first_report = Sending.objects.filter(meeting=OuterRef("pk"), kind=DocumentKind.REPORT).order_by("number")
    return meetings.annotate(
        stage_rank=_stage_rank("stage"),
        next_due=Subquery(upcoming.values("due_date")[:1]),
        next_title=Subquery(upcoming.values("title")[:1]),
        deadlines_overdue=_count(schedule.filter(due_date__lt=today)),
        overdue_since=Subquery(
            schedule.filter(due_date__lt=today).order_by("due_date").values("due_date")[:1]
        ),
        plan_filed_on=TruncDate(Subquery(first_submission, output_field=DateTimeField())),
        plan_days_ahead=ExpressionWrapper(F("date") - F("plan_filed_on"), output_field=DurationField()),
        team_size=Coalesce(Subquery(team, output_field=IntegerField()), 0),
        opinions_accepted=_count(
            Opinion.objects.filter(meeting=OuterRef("pk"), status=OpinionStatus.ACCEPTED)
        ),
        drafts_approved=_count(Draft.objects.filter(meeting=OuterRef("pk"), status__in=APPROVED_DRAFTS)),
        criticisms_least=Subquery(least_criticised, output_field=IntegerField()),
        items_open=_count(items.filter(status__in=OPEN_STATUSES)),
        items_overdue=_count(items.filter(status__in=OPEN_STATUSES, deadline__lt=today)),
        items_closed=_count(items.filter(status=ItemStatus.CLOSED)),
        report_sent_on=Subquery(first_report.values("sent_on")[:1]),
        report_due=Coalesce(
            Subquery(report_row, output_field=DateField()),
            # PostgreSQL's date + interval is a timestamp: cast back, or the row's date arithmetic fails.
            Cast(F("date") + datetime.timedelta(days=REPORT_DAYS), DateField()),
        ),
        held=Case(
            When(Q(stage__in=PAST_MEETING) | Q(record__held_on__lte=today), then=Value(True)),
            default=Value(False),
        ),
    )


OVERDUE = Q(deadlines_overdue__gt=0) | Q(items_overdue__gt=0)


def overview_rows(
    meetings,
    *,
    year=None,
    kind="",
    stage="",
    unit=None,
    overdue=False,
    no_plan=False,
    no_report=False,
    few_criticisms=False,
    sort=DEFAULT_SORT,
    today=None,
):
    """The supervisor's meetings (``orgs.access.overview_meetings``) filtered and sorted in SQL."""
    rows = annotated(meetings, today).select_related("organisation")
    if year:
        rows = rows.filter(year=year)
    if kind:
        rows = rows.filter(kind=kind)
    if stage:
        rows = rows.filter(stage=stage)
    if unit is not None:
        rows = rows.filter(organisation__path__startswith=unit.path)
    if overdue:
        rows = rows.filter(OVERDUE)
    if no_plan:
        rows = rows.filter(plan_filed_on__isnull=True)
    if no_report:
        rows = rows.filter(held=True, report_sent_on__isnull=True)
    if few_criticisms:
        rows = rows.filter(criticisms_least__lt=MINIMUM_CRITICISMS)
    descending = sort.startswith("-")
    field = SORTS.get(sort.lstrip("-"), SORTS[DEFAULT_SORT])
    order = F(field).desc(nulls_last=True) if descending else F(field).asc(nulls_last=True)
    return rows.order_by(order, "-pk")


def tallies(rows):
    """The rows counted by organisation and stage (meetings, held, overdue), in one grouped query of at
    most a few thousand groups: the counts above the table, both charts and the paginator's total are
    sums over these, so 逾期 is worked out once over the supervisor's meetings instead of once for each
    (a province's 10,001, about 100 ms a time: bench/province.py)."""
    return list(
        rows.order_by()
        .values("organisation_id", "organisation__path", "stage")
        .annotate(
            meetings=Count("pk"),
            held_count=Count("pk", filter=Q(held=True)),
            overdue=Count("pk", filter=OVERDUE),
        )
    )


def counts(tallies):
    """The counts above the table (共N个单位，已召开n个，逾期m个)."""
    return {
        "units": len({tally["organisation_id"] for tally in tallies}),
        "held_count": sum(tally["held_count"] for tally in tallies),
        "overdue": sum(tally["overdue"] for tally in tallies),
    }


@dataclass
class Bar:
    label: str
    value: int
    width: str  # a share of the widest bar, for static/sizes.js


def _bars(pairs):
    widest = max((value for _, value in pairs), default=0)
    return [Bar(label, value, f"{value * 100 / widest:.1f}%" if widest else "0%") for label, value in pairs]


def stage_chart(tallies):
    """Meetings by stage, in the stages' order."""
    by_stage = {}
    for tally in tallies:
        by_stage[tally["stage"]] = by_stage.get(tally["stage"], 0) + tally["meetings"]
    return _bars([(stage.label, by_stage.get(stage.value, 0)) for stage in ORDER])


def overdue_chart(tallies, organisations, roots):
    """Overdue meetings by sub-organisation: each supervised organisation's direct children (a meeting of
    the supervised organisation itself counts under it). ``organisations`` are the supervised ones (a
    list), ``roots`` those the supervisor is assigned to."""
    by_path = {}
    for tally in tallies:
        path = tally["organisation__path"]
        if tally["overdue"]:
            by_path[path] = by_path.get(path, 0) + tally["overdue"]
    groups = []
    for root in roots:
        groups.append((root, root.path, True))
        groups.extend((org, org.path, False) for org in organisations if org.parent_id == root.pk)
    tally = []
    for org, path, is_root in groups:
        if is_root:
            value = by_path.get(path, 0)
        else:
            value = sum(n for sub_path, n in by_path.items() if sub_path.startswith(path))
        tally.append((org.name, value))
    return _bars([(label, value) for label, value in tally if value])


def with_coverage(meetings):
    """Marks each meeting with its 四必谈 coverage (talks_done, talks_required): five grouped queries over
    the meetings given, whatever their number."""
    meetings = list(meetings)
    organisations = {meeting.organisation_id for meeting in meetings}
    ids = [meeting.pk for meeting in meetings]
    assignments, units, branches = {}, {}, {}
    for org_id, user_id, role in (
        RoleAssignment.objects.filter(
            organisation_id__in=organisations, role__in=[Role.SECRETARY, Role.MEMBER]
        )
        .order_by("order", "pk")
        .values_list("organisation_id", "user_id", "role")
    ):
        assignments.setdefault(org_id, []).append((user_id, role))
    for org_id, *unit in (
        ChargedUnit.objects.filter(organisation_id__in=organisations, head__isnull=False)
        .order_by("member_id", "name")
        .values_list("organisation_id", "member_id", "head_id", "name")
    ):
        units.setdefault(org_id, []).append(unit)
    for org_id, *branch in (
        BranchRepresentative.objects.filter(organisation_id__in=organisations)
        .order_by("member_id", "pk")
        .values_list("organisation_id", "member_id", "representative_id", "branch_name")
    ):
        branches.setdefault(org_id, []).append(branch)
    sides = {}
    for meeting_id, talk_id, person_id in TalkParticipant.objects.filter(
        talk__meeting_id__in=ids
    ).values_list("talk__meeting_id", "talk_id", "person_id"):
        sides.setdefault(meeting_id, {}).setdefault(talk_id, []).append(person_id)
    waived = {}
    for meeting_id, first, second in TalkWaiver.objects.filter(meeting_id__in=ids).values_list(
        "meeting_id", "first_id", "second_id"
    ):
        waived.setdefault(meeting_id, set()).add(pair_key(first, second))
    for meeting in meetings:
        org = meeting.organisation_id
        pairs = pairs_of(assignments.get(org, []), units.get(org, []), branches.get(org, []))
        covered = set(waived.get(meeting.pk, ()))
        for people in sides.get(meeting.pk, {}).values():
            covered.update(pair_key(a, b) for i, a in enumerate(people) for b in people[i + 1 :])
        meeting.talks_required = len(pairs)
        meeting.talks_done = sum(1 for pair in pairs if pair.key in covered)
    return meetings


def row_figures(meeting, today=None):
    """The per-row derivations of the annotations, for the page and the export alike."""
    today = today or timezone.localdate()
    meeting.plan_days = meeting.plan_days_ahead.days if meeting.plan_days_ahead is not None else None
    meeting.opinions_per_member = meeting.opinions_accepted / meeting.team_size if meeting.team_size else None
    meeting.drafts_expected = meeting.team_size + 1
    meeting.is_overdue = bool(meeting.deadlines_overdue or meeting.items_overdue)
    meeting.overdue_days = (today - meeting.overdue_since).days if meeting.overdue_since else None
    meeting.next_days = (meeting.next_due - today).days if meeting.next_due else None
    if meeting.report_sent_on:
        meeting.report_days_late = max((meeting.report_sent_on - meeting.report_due).days, 0)
    elif meeting.held and meeting.report_due < today:
        meeting.report_days_late = (today - meeting.report_due).days
    else:
        meeting.report_days_late = 0
    meeting.few_criticisms = (
        meeting.criticisms_least is not None and meeting.criticisms_least < MINIMUM_CRITICISMS
    )
    return meeting


def page_rows(meetings, today=None):
    """The rows as shown: coverage counted, the derivations made."""
    return [row_figures(meeting, today) for meeting in with_coverage(meetings)]
