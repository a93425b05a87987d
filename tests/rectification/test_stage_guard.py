import pytest

from meetings import services as meeting_services
from meetings.models import TransitionLog
from meetings.workflow import Stage
from rectification.models import ItemStatus

from .factories import at_stage, items, team_list


@pytest.fixture
def meeting(world):
    return at_stage(world.meeting)


def test_reporting_waits_for_every_item_to_be_closed_or_carried_over(world, meeting):
    items(team_list(meeting), 1, status=ItemStatus.CLOSED)
    items(team_list(meeting), 2, status=ItemStatus.IN_PROGRESS)
    with pytest.raises(meeting_services.TransitionRefused, match="尚有2项整改事项未销号或结转"):
        meeting_services.advance(meeting, world.office)


def test_every_item_closed_or_carried_over_lets_the_meeting_report(world, meeting):
    items(team_list(meeting), 1, status=ItemStatus.CLOSED)
    items(team_list(meeting), 1, status=ItemStatus.CARRIED_OVER)
    meeting_services.advance(meeting, world.office)
    assert meeting.stage == Stage.REPORTING


def test_an_interim_report_needs_the_offices_confirmation_and_a_reason(world, meeting):
    items(team_list(meeting), 1, status=ItemStatus.IN_PROGRESS)
    with pytest.raises(meeting_services.TransitionRefused, match="理由"):
        meeting_services.advance(meeting, world.office, confirmed=True, note=" ")
    meeting_services.advance(meeting, world.office, confirmed=True, note="按上级要求报送阶段性整改情况")
    log = TransitionLog.objects.get(meeting=meeting, to_stage=Stage.REPORTING)
    assert log.note == "按上级要求报送阶段性整改情况"


def test_a_meeting_without_lists_does_not_report_unconfirmed(world, meeting):
    with pytest.raises(meeting_services.TransitionRefused, match="尚未建立整改清单"):
        meeting_services.advance(meeting, world.office)


def test_the_meeting_page_asks_for_the_reason_and_the_confirmation_reaches_the_guard(world, meeting, login):
    items(team_list(meeting), 1, status=ItemStatus.IN_PROGRESS)
    client = login(world.office)
    page = client.get(f"/meetings/{meeting.pk}/").content.decode()
    assert "尚有1项整改事项未销号或结转" in page and "理由（必填）" in page
    url = f"/meetings/{meeting.pk}/advance/"
    client.post(url, {"expected_stage": "rectification", "confirmed": "1", "note": ""})
    meeting.refresh_from_db()
    assert meeting.stage == Stage.RECTIFICATION
    client.post(url, {"expected_stage": "rectification", "confirmed": "1", "note": "阶段性报告"})
    meeting.refresh_from_db()
    assert meeting.stage == Stage.REPORTING
