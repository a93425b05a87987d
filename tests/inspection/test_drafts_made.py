"""GET changes nothing: the drafts are made when the meeting enters 撰写对照检查材料, or by the office's POST
on the list (建立材料) for what is still missing — never by opening a page."""

import pytest
from django.urls import reverse

from inspection.models import Draft
from meetings import services as meeting_services
from meetings import workflow
from meetings.models import Meeting
from meetings.workflow import Stage

pytestmark = pytest.mark.django_db


def moved_to(meeting, stage):
    Meeting.objects.filter(pk=meeting.pk).update(stage=stage)
    meeting.stage = stage
    return meeting


def test_opening_the_draft_list_of_a_meeting_without_drafts_makes_none_and_renders(world, login):
    moved_to(world.meeting, Stage.DRAFTING)
    for user in (world.office, world.secretary, world.member, world.supervisor):
        response = login(user).get(reverse("draft_list", args=[world.meeting.pk]))
        assert response.status_code == 200
        assert Draft.objects.count() == 0
    body = login(world.office).get(reverse("draft_list", args=[world.meeting.pk])).content.decode()
    assert 'data-testid="drafts-missing"' in body and "领导班子对照检查材料" in body
    body = login(world.member).get(reverse("draft_list", args=[world.meeting.pk])).content.decode()
    assert 'data-testid="drafts-missing"' not in body  # the office makes them, not a member


def test_entering_drafting_makes_the_team_material_and_one_outline_per_member(world, monkeypatch):
    monkeypatch.setitem(workflow.GUARDS, Stage.TALKS, [])  # the talks are not this test's subject
    moved_to(world.meeting, Stage.TALKS)
    assert Draft.objects.count() == 0
    meeting_services.advance(world.meeting, world.office)
    drafts = Draft.objects.filter(meeting=world.meeting)
    assert drafts.filter(kind="team").count() == 1
    assert set(drafts.filter(kind="personal").values_list("author", flat=True)) == {
        world.secretary.pk,
        *(member.pk for member in world.members),
    }


def test_the_office_posts_to_make_the_missing_drafts_and_nobody_else_may(world, login):
    address = reverse("draft_list", args=[world.meeting.pk])
    for user in (world.member, world.secretary, world.supervisor):
        assert login(user).post(address).status_code == 403
    assert Draft.objects.count() == 0
    response = login(world.office).post(address)
    assert response.status_code == 302 and Draft.objects.count() == 5
    body = login(world.office).get(address).content.decode()
    assert 'data-testid="drafts-missing"' not in body


def test_no_draft_is_made_once_the_meeting_is_held(world, login):
    moved_to(world.meeting, Stage.MEETING)
    response = login(world.office).post(reverse("draft_list", args=[world.meeting.pk]))
    assert response.status_code == 403 and Draft.objects.count() == 0
    body = login(world.office).get(reverse("draft_list", args=[world.meeting.pk])).content.decode()
    assert 'data-testid="drafts-missing"' not in body
