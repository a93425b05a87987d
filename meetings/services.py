"""What the office, the supervisor and the system do to a meeting and its plan."""

from django.db import transaction
from django.utils import timezone

from audit import services as audit
from orgs.models import Role, RoleAssignment
from orgs.refusals import Refused

from . import plan_defaults, schedule, workflow
from .models import (
    Meeting,
    MeetingAspect,
    MeetingPerson,
    PersonKind,
    Plan,
    PlanEvent,
    PlanItem,
    PlanStatus,
    ScheduleItem,
    TransitionLog,
)


class TransitionRefused(Refused):
    """A move the meeting may not make; ``reasons`` are shown to the user."""

    status = 409


def host_label(user):
    """How documents name the host: title then name, e.g. 县委书记张明."""
    return f"{user.title}{user.name}" if user else "主要负责同志"


def leadership(organisation):
    """The team in order: the secretary first, then the members by rank."""
    assignments = (
        RoleAssignment.objects.filter(organisation=organisation, role__in=[Role.SECRETARY, Role.MEMBER])
        .select_related("user")
        .order_by("order", "pk")
    )
    seen, people = set(), []
    for assignment in sorted(assignments, key=lambda a: (a.role != Role.SECRETARY, a.order, a.pk)):
        if assignment.user_id not in seen:
            seen.add(assignment.user_id)
            people.append(assignment.user)
    return people


@transaction.atomic
def create_meeting(*, organisation, by, aspect_template=None, **fields):
    """A new meeting in the planning stage with its aspects, people, schedule, a draft plan, and the
    opinions' channels and box."""
    team = leadership(organisation)
    if "host" not in fields:
        fields["host"] = team[0] if team else None
    meeting = Meeting.objects.create(organisation=organisation, created_by=by, **fields)
    if aspect_template is not None:
        MeetingAspect.objects.bulk_create(
            MeetingAspect(meeting=meeting, order=item.order, name=item.name, text=item.text)
            for item in aspect_template.items.all()
        )
    MeetingPerson.objects.bulk_create(
        MeetingPerson(
            meeting=meeting,
            kind=PersonKind.PARTICIPANT,
            order=index,
            user=user,
            name=user.name,
            title=user.title,
        )
        for index, user in enumerate(team, 1)
    )
    ScheduleItem.objects.bulk_create(schedule.build_schedule(meeting))
    create_default_plan(meeting)
    # The opinions' channels, source categories and box, editable per meeting (征求意见建议). Imported here:
    # feedback builds on meetings, not the other way round.
    from feedback.services import create_default_choices

    create_default_choices(meeting)
    return meeting


def create_default_plan(meeting):
    plan = Plan.objects.create(
        meeting=meeting, preamble=plan_defaults.default_preamble(meeting), issued_on=timezone.localdate()
    )
    rows = plan_defaults.default_items(meeting.kind, host_label(meeting.host), meeting.aspects.count())
    PlanItem.objects.bulk_create(
        PlanItem(plan=plan, section=section, order=order, title=title, activity=activity, text=text)
        for section, order, title, activity, text in rows
    )
    return plan


@transaction.atomic
def change_meeting_date(meeting, new_date):
    """The schedule follows the meeting date."""
    meeting.date = new_date
    meeting.save(update_fields=["date", "updated_at"])
    schedule.reschedule(meeting)


def _locked(meeting, expected_stage):
    """The meeting row locked for the rest of the transaction, still at the stage the user saw."""
    locked = Meeting.objects.select_for_update().select_related("organisation").get(pk=meeting.pk)
    if locked.stage != expected_stage:
        raise TransitionRefused(
            [f"会议已处于“{locked.get_stage_display()}”阶段，可能已由他人操作，请刷新页面后再试。"]
        )
    return locked


def _move(meeting, to_stage, by, note, is_step_back):
    from_stage = meeting.stage
    # The conditional update is the second lock: on a database without row locks it still
    # lets only one of two concurrent moves through.
    moved = Meeting.objects.filter(pk=meeting.pk, stage=from_stage).update(
        stage=to_stage, updated_at=timezone.now()
    )
    if not moved:
        raise TransitionRefused(["会议阶段已被他人变更，请刷新页面后再试。"])
    meeting.stage = to_stage
    return TransitionLog.objects.create(
        meeting=meeting, from_stage=from_stage, to_stage=to_stage, by=by, note=note, is_step_back=is_step_back
    )


def begin_stage(meeting, stage):
    """Makes what ``stage`` begins with (``workflow.ON_ENTER``); ``advance`` calls it in the transaction of
    the move."""
    for make in workflow.on_enter(stage):
        make(meeting)


@transaction.atomic
def advance(meeting, by, expected_stage=None, note="", confirmed=False):
    """Moves the meeting to the next stage if every guard of the current one agrees.

    ``confirmed``: the office has confirmed the reasons it may override (``workflow.Confirmable``).
    """
    locked = _locked(meeting, expected_stage or meeting.stage)
    target = workflow.next_stage(locked.stage)
    reasons = workflow.refusals(locked, confirmed=confirmed)
    if reasons:
        raise TransitionRefused(reasons)
    if confirmed and not note.strip():
        overridden = workflow.refusals(locked)
        if any(isinstance(reason, workflow.NeedsReason) for reason in overridden):
            raise TransitionRefused(["请在“说明”中写明确认进入下一阶段的理由。"])
    log = _move(locked, target, by, note, is_step_back=False)
    begin_stage(locked, target)
    audit.record(audit.Action.TRANSITION, user=by, obj=locked, detail=f"阶段变更：{log}")
    meeting.stage = locked.stage
    return log


@transaction.atomic
def step_back(meeting, by, reason, expected_stage=None):
    """The office takes the meeting one stage back; a reason is required and logged."""
    if not reason or not reason.strip():
        raise TransitionRefused(["退回上一阶段须填写理由。"])
    locked = _locked(meeting, expected_stage or meeting.stage)
    target = workflow.previous_stage(locked.stage)
    if target is None:
        raise TransitionRefused(["会议已处于第一阶段，无法退回。"])
    log = _move(locked, target, by, reason.strip(), is_step_back=True)
    audit.record(audit.Action.TRANSITION, user=by, obj=locked, detail=f"退回上一阶段：{log}")
    meeting.stage = locked.stage
    return log


def _plan_event(plan, action, by, comment=""):
    return PlanEvent.objects.create(plan=plan, action=action, by=by, comment=comment)


def _locked_plan(plan, allowed):
    locked = Plan.objects.select_for_update().get(pk=plan.pk)
    if locked.status not in allowed:
        raise TransitionRefused([f"方案当前状态为“{locked.get_status_display()}”，不能进行此操作。"])
    return locked


@transaction.atomic
def submit_plan(plan, by):
    """报送审核: the office sends the plan to the supervisor."""
    locked = _locked_plan(plan, [PlanStatus.DRAFT, PlanStatus.RETURNED])
    problems = plan_problems(locked)
    if problems:
        raise TransitionRefused(problems)
    locked.status = PlanStatus.SUBMITTED
    locked.save(update_fields=["status", "updated_at"])
    plan.status = locked.status
    return _plan_event(locked, PlanEvent.Action.SUBMIT, by)


@transaction.atomic
def approve_plan(plan, by, comment=""):
    """审定: the supervisor approves the plan."""
    locked = _locked_plan(plan, [PlanStatus.SUBMITTED])
    locked.status = PlanStatus.APPROVED
    locked.save(update_fields=["status", "updated_at"])
    plan.status = locked.status
    audit.record(audit.Action.APPROVE, user=by, obj=locked, detail="审定会议方案")
    return _plan_event(locked, PlanEvent.Action.APPROVE, by, comment)


@transaction.atomic
def return_plan(plan, by, comment):
    """退回修改: the supervisor returns the plan with a comment."""
    if not comment or not comment.strip():
        raise TransitionRefused(["退回方案须填写修改意见。"])
    locked = _locked_plan(plan, [PlanStatus.SUBMITTED])
    locked.status = PlanStatus.RETURNED
    locked.save(update_fields=["status", "updated_at"])
    plan.status = locked.status
    audit.record(audit.Action.RETURN, user=by, obj=locked, detail="退回会议方案修改")
    return _plan_event(locked, PlanEvent.Action.RETURN, by, comment.strip())


def plan_problems(plan):
    """What a plan lacks before it can be submitted."""
    meeting = plan.meeting
    problems = []
    if not meeting.theme.strip():
        problems.append("请填写会议主题。")
    if not meeting.place.strip():
        problems.append("请填写会议地点。")
    if not meeting.people.filter(kind=PersonKind.PARTICIPANT).exists():
        problems.append("请至少列出一名参加人员。")
    if not meeting.aspects.exists():
        problems.append("请至少设置一个对照检查方面。")
    if not plan.items.filter(section="agenda").exists():
        problems.append("请填写会议议程。")
    return problems
