"""The meeting's state machine in one place: stages, moves and their guards (DESIGN §2).

A guard takes the meeting and returns the reasons it refuses (empty = may move on).
Later stages register their guards with ``@guard(Stage.X)`` from their own apps.
"""

from collections import defaultdict
from collections.abc import Callable

from django.db import models


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

# "A closed meeting is read-only, except rectification progress on items that continue" (DESIGN §10):
# the one sentence every refusal of a change to an archived meeting says (reporting/archive.py), and
# that its pages show in place of their forms.
ARCHIVE_READ_ONLY = "会议已归档，材料只能查看，不能再修改。"


def pre_meeting_records_open(meeting):
    """ "Records of earlier stages stay editable until the meeting is held, then the pre-meeting records
    lock" (DESIGN §2): study, opinions, talks and drafts, while the stage is before 召开会议."""
    return stage_number(meeting.stage) < stage_number(Stage.MEETING)


def next_stage(stage):
    index = ORDER.index(Stage(stage))
    return ORDER[index + 1] if index + 1 < len(ORDER) else None


def previous_stage(stage):
    index = ORDER.index(Stage(stage))
    return ORDER[index - 1] if index > 0 else None


def stage_number(stage):
    return ORDER.index(Stage(stage)) + 1


# Guards for leaving a stage, keyed by the stage being left.
GUARDS: dict[Stage, list[Callable]] = defaultdict(list)


def guard(stage):
    def register(function):
        GUARDS[Stage(stage)].append(function)
        return function

    return register


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
    for check in GUARDS[Stage(meeting.stage)]:
        reasons.extend(check(meeting))
    if confirmed:
        reasons = [reason for reason in reasons if not isinstance(reason, Confirmable)]
    return reasons


def only_confirmable(reasons):
    return bool(reasons) and all(isinstance(reason, Confirmable) for reason in reasons)


@guard(Stage.PLANNING)
def plan_must_be_approved(meeting):
    from .models import PlanStatus

    plan = getattr(meeting, "plan", None)
    if plan is None or plan.status != PlanStatus.APPROVED:
        return ["会议方案尚未经督导组审定。"]
    return []
