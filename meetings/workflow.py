"""The meeting's state machine in one place (DESIGN §2): the stages, the guards for leaving each, and
the named stage windows that every "may this still change" asks.

A guard takes the meeting and returns the reasons it refuses (empty = may move on). Each lives beside
the work it checks and is named in ``GUARDS`` by its dotted path, resolved on first use: a guard is
consulted because this table names it, never because its module happened to be imported.
"""

from functools import cache

from django.db import models
from django.utils.module_loading import import_string


class Stage(models.TextChoices):
    PLANNING = "planning", "制定方案"
    STUDY = "study", "会前学习"
    OPINIONS = "opinions", "征求意见建议"
    TALKS = "talks", "谈心谈话"
    DRAFTING = "drafting", "撰写对照检查材料"
    MEETING = "meeting", "召开会议"
    RECTIFICATION = "rectification", "整改落实"
    REPORTING = "reporting", "报告通报"
    CLOSED = "closed", "归档"


ORDER = list(Stage)

# Guards for leaving a stage, keyed by the stage being left ("leaves when", DESIGN §2). Every stage but
# the last has an entry; an empty list: the office moves on when it sees fit.
GUARDS: dict[Stage, list[str]] = {
    Stage.PLANNING: ["meetings.workflow.plan_must_be_approved"],
    Stage.STUDY: [],
    Stage.OPINIONS: ["feedback.services.no_opinion_left_new"],
    Stage.TALKS: ["meetings.talks.every_required_pair_talked_or_waived"],
    Stage.DRAFTING: ["inspection.services.every_draft_approved"],
    Stage.MEETING: ["meetings.record.record_must_be_complete"],
    Stage.RECTIFICATION: ["rectification.services.every_item_finished"],
    Stage.REPORTING: ["reporting.services.report_and_notification_sent"],
}

# What a stage's beginning creates, by dotted path (imported when first used: the apps build on meetings).
# GET changes nothing: these rows are made here, when the stage begins, or by the first POST that needs
# them. Each function is idempotent (it adds only what is missing), so a step back and forward again, or a
# meeting whose rows were already made, is safe.
ON_ENTER = {
    # 撰写对照检查材料: the team material and one outline per member of the team.
    Stage.DRAFTING: ["inspection.services.ensure_drafts"],
    # 召开会议: the ledger opens (access.ledger_is_open), with the team list and one list per member.
    Stage.MEETING: ["rectification.services.ensure_lists"],
}

# The stage windows: the stages in which a kind of record may change or a card shows its work. Ask
# ``meeting.stage in WINDOW``; never compare stage numbers by hand.
# "Records of earlier stages stay editable until the meeting is held, then the pre-meeting records lock":
# study, opinions, talks and drafts, before 召开会议.
PRE_MEETING = frozenset(ORDER[: ORDER.index(Stage.MEETING)])
# The meeting record: opened before the meeting, taken down in it, final once 召开会议 is left.
RECORD = PRE_MEETING | {Stage.MEETING}
# 整改清单: built once the meeting is held and tracked until the meeting is archived.
LEDGER = frozenset({Stage.MEETING, Stage.RECTIFICATION, Stage.REPORTING})
# The situation report and the 通报: written after the meeting (整改 runs alongside) until the archive.
REPORT = frozenset({Stage.RECTIFICATION, Stage.REPORTING})
# From 召开会议 on, the archive included: the rectification card shows the lists.
FROM_MEETING = LEDGER | {Stage.CLOSED}
# 召开会议 left behind, the archive included: the meeting is held and its lists are settled.
PAST_MEETING = REPORT | {Stage.CLOSED}

# "A closed meeting is read-only, except rectification progress on items that continue" (DESIGN §10):
# the one sentence every refusal of a change to an archived meeting says (reporting/archive.py), and
# that its pages show in place of their forms.
ARCHIVE_READ_ONLY = "会议已归档，材料只能查看，不能再修改。"


def pre_meeting_records_open(meeting):
    """ "Records of earlier stages stay editable until the meeting is held, then the pre-meeting records
    lock" (DESIGN §2): study, opinions, talks and drafts, while the stage is before 召开会议."""
    return meeting.stage in PRE_MEETING


def next_stage(stage):
    index = ORDER.index(Stage(stage))
    return ORDER[index + 1] if index + 1 < len(ORDER) else None


def previous_stage(stage):
    index = ORDER.index(Stage(stage))
    return ORDER[index - 1] if index > 0 else None


def stage_number(stage):
    return ORDER.index(Stage(stage)) + 1


@cache
def _resolve(path):
    return import_string(path)


def guards(stage):
    """The guards for leaving ``stage``, as functions (none for the last stage)."""
    return [_resolve(path) for path in GUARDS.get(Stage(stage), [])]


def on_enter(stage):
    """What is made when ``stage`` begins (``ON_ENTER``), as functions of the meeting."""
    return [_resolve(path) for path in ON_ENTER.get(Stage(stage), [])]


class Confirmable(str):
    """A reason the office may override by confirming it (e.g. opinions left untriaged)."""


class NeedsReason(Confirmable):
    """A Confirmable the office overrides only with a written reason in the transition's note
    (e.g. reporting an interim state of the rectification)."""


def refusals(meeting, confirmed=False):
    """Why the meeting may not move on from its current stage (empty list: it may).

    With ``confirmed``, the reasons the office has confirmed (``Confirmable``) no longer refuse.
    """
    if next_stage(meeting.stage) is None:
        return ["会议已归档，没有下一阶段。"]
    reasons = []
    for check in guards(meeting.stage):
        reasons.extend(check(meeting))
    if confirmed:
        reasons = [reason for reason in reasons if not isinstance(reason, Confirmable)]
    return reasons


def only_confirmable(reasons):
    return bool(reasons) and all(isinstance(reason, Confirmable) for reason in reasons)


def plan_must_be_approved(meeting):
    from .models import PlanStatus

    plan = getattr(meeting, "plan", None)
    if plan is None or plan.status != PlanStatus.APPROVED:
        return ["会议方案尚未经督导组审定。"]
    return []
