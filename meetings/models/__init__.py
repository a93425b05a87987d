"""The meeting and what belongs to it, one module per part of the workflow."""

from .meeting import (
    AspectTemplate,
    AspectTemplateItem,
    Meeting,
    MeetingAspect,
    MeetingKind,
    MeetingPerson,
    PersonKind,
    ScheduleItem,
    TransitionLog,
)
from .plan import Plan, PlanEvent, PlanItem, PlanSection, PlanStatus
from .record import Attendance, Criticism, MeetingRecord, Statement
from .study import SelfStudyNote, StudyAttendance, StudyForm, StudySession
from .talks import Talk, TalkParticipant, TalkWaiver

__all__ = [
    "Attendance",
    "Criticism",
    "MeetingRecord",
    "Statement",
    "AspectTemplate",
    "AspectTemplateItem",
    "Meeting",
    "MeetingAspect",
    "MeetingKind",
    "MeetingPerson",
    "PersonKind",
    "Plan",
    "PlanEvent",
    "PlanItem",
    "PlanSection",
    "PlanStatus",
    "ScheduleItem",
    "SelfStudyNote",
    "StudyAttendance",
    "StudyForm",
    "StudySession",
    "Talk",
    "TalkParticipant",
    "TalkWaiver",
    "TransitionLog",
]
