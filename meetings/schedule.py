"""The stage schedule: default offsets from the meeting date (DESIGN §2), one row per activity."""

import datetime
from typing import NamedTuple

from .workflow import Stage


class Activity(NamedTuple):
    key: str
    title: str
    stage: Stage
    offset_days: int


# "方案于会议召开10日前报送"; study, opinions and talks "a week or more" before; drafts about a
# week before; rectification plan and situation report "会后15日内"; notification "会后10日内".
DEFAULT_SCHEDULE = [
    Activity("plan", "会议方案报上级审核", Stage.PLANNING, -10),
    Activity("study", "完成会前学习", Stage.STUDY, -8),
    Activity("opinions", "完成征求意见建议", Stage.OPINIONS, -8),
    Activity("talks", "完成谈心谈话", Stage.TALKS, -7),
    Activity("drafts", "对照检查材料和发言提纲审定", Stage.DRAFTING, -5),
    Activity("meeting", "召开民主生活会", Stage.MEETING, 0),
    Activity("notification", "通报会议召开情况", Stage.REPORTING, 10),
    Activity("rectification_plan", "制定整改方案和问题清单", Stage.RECTIFICATION, 15),
    Activity("situation_report", "报送会议情况报告及材料", Stage.REPORTING, 15),
]


def due_date(meeting_date: datetime.date, offset_days: int) -> datetime.date:
    return meeting_date + datetime.timedelta(days=offset_days)


def build_schedule(meeting):
    """Rows for a new meeting, from the defaults."""
    from .models import ScheduleItem

    return [
        ScheduleItem(
            meeting=meeting,
            activity=activity.key,
            title=activity.title,
            stage=activity.stage,
            offset_days=activity.offset_days,
            due_date=due_date(meeting.date, activity.offset_days),
            order=index,
        )
        for index, activity in enumerate(DEFAULT_SCHEDULE)
    ]


def reschedule(meeting):
    """Moves every deadline with the meeting date, keeping each row's (edited) offset."""
    from .models import ScheduleItem

    items = list(meeting.schedule.all())
    for item in items:
        item.due_date = due_date(meeting.date, item.offset_days)
    ScheduleItem.objects.bulk_update(items, ["due_date"])
    return items


def activity_done(activity, meeting):
    """Whether an activity's work is done before its stage is left (the plan: once submitted)."""
    if activity == "plan":
        plan = getattr(meeting, "plan", None)
        return plan is not None and plan.status in ("submitted", "approved")
    return False
