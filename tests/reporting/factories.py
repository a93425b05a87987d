"""Reporting data for tests: a meeting whose reporting stage is open."""

import datetime

from meetings.models import Meeting
from meetings.workflow import Stage
from tests.rectification.factories import at_stage, items, team_list


def held_meeting(world, stage=Stage.RECTIFICATION):
    """``world.meeting`` held and past its meeting stage, answering the city's notice, with two team items."""
    Meeting.objects.filter(pk=world.meeting.pk).update(
        notice_issuer="市纪委、市委组织部",
        notice_title="关于认真开好2026年度县以上党和国家机关党员领导干部民主生活会的通知",
        notice_number="江组通〔2026〕30号",
    )
    world.meeting.refresh_from_db()
    meeting = at_stage(world.meeting, stage)
    items(team_list(meeting), 2, owner=world.secretary, deadline=datetime.date(2027, 6, 30))
    return meeting
