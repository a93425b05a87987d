"""The office's pages of an archived meeting (归档): the plan editor, the schedule and the reminder rule say
that the archive is read-only and show no form; a post is refused naming the archive (DESIGN §10)."""

import pytest
from django.urls import reverse

from meetings.models import ScheduleItem
from meetings.workflow import ARCHIVE_READ_ONLY, Stage
from reminders.models import ReminderRule
from tests.locked import post_forms
from tests.rectification.factories import at_stage

PAGES = ["meeting_plan_edit", "meeting_schedule_edit", "reminder_rule"]


@pytest.mark.parametrize("name", PAGES)
def test_on_an_archived_meeting_the_offices_page_says_the_archive_is_read_only_and_shows_no_form(
    client, world, name
):
    url = reverse(name, args=[world.meeting.pk])
    client.force_login(world.office)
    before = client.get(url).content.decode()
    assert post_forms(before), name  # the planning stage: the office edits all three
    at_stage(world.meeting, Stage.CLOSED)
    response = client.get(url)
    body = response.content.decode()
    assert response.status_code == 200, name
    assert ARCHIVE_READ_ONLY in body and post_forms(body) == [], name
    assert "提醒规则由会议的办公室设置" not in body


def test_the_archived_schedule_is_still_read_with_its_dates(client, world):
    at_stage(world.meeting, Stage.CLOSED)
    client.force_login(world.office)
    body = client.get(reverse("meeting_schedule_edit", args=[world.meeting.pk])).content.decode()
    for row in ScheduleItem.objects.filter(meeting=world.meeting):
        assert row.title in body


def test_a_post_to_an_archived_meetings_plan_schedule_or_rule_is_refused_naming_the_archive(client, world):
    at_stage(world.meeting, Stage.CLOSED)
    client.force_login(world.office)
    dates = list(ScheduleItem.objects.filter(meeting=world.meeting).values_list("due_date", flat=True))
    for name in PAGES:
        response = client.post(reverse(name, args=[world.meeting.pk]), {"enabled": "", "days_before": "5"})
        assert response.status_code == 403, name
        assert ARCHIVE_READ_ONLY in response.content.decode(), name
    assert (
        list(ScheduleItem.objects.filter(meeting=world.meeting).values_list("due_date", flat=True)) == dates
    )
    assert not ReminderRule.objects.exists()


def test_the_plan_editor_after_the_plan_stage_names_the_stage(client, world):
    at_stage(world.meeting, Stage.TALKS)
    client.force_login(world.office)
    body = client.get(reverse("meeting_plan_edit", args=[world.meeting.pk])).content.decode()
    assert "谈心谈话" in body and "不能再修改" in body and post_forms(body) == []


@pytest.mark.parametrize("name", ["meeting_plan_edit", "meeting_schedule_edit"])
def test_a_member_is_refused_the_offices_pages_in_the_roles_words(client, world, name):
    at_stage(world.meeting, Stage.CLOSED)
    client.force_login(world.member)
    response = client.get(reverse(name, args=[world.meeting.pk]))
    assert response.status_code == 403
    assert "您没有执行此操作的权限" in response.content.decode()
