"""GET changes nothing: the lists are made when the meeting enters 召开会议 (the ledger opens), or by the
office's POST on the build page (建立整改清单) for what is still missing — never by opening a page or
exporting the ledger."""

import pytest
from django.urls import reverse

from meetings import services as meeting_services
from meetings import workflow
from meetings.models import Meeting
from meetings.workflow import Stage
from rectification.models import RectificationList

pytestmark = pytest.mark.django_db


def held_without_lists(meeting):
    """A meeting moved to 召开会议 without the stage's entry (as one held before the lists were made there)."""
    Meeting.objects.filter(pk=meeting.pk).update(stage=Stage.MEETING)
    meeting.stage = Stage.MEETING
    return meeting


def test_reading_the_ledger_the_build_page_and_the_exports_makes_no_list(world, login):
    meeting = held_without_lists(world.meeting)
    client = login(world.office)
    addresses = [
        reverse("rectification_ledger", args=[meeting.pk]),
        reverse("rectification_build", args=[meeting.pk]),
        reverse("rectification_xlsx", args=[meeting.pk]),
        reverse("document_download", args=[meeting.pk, "rectification-list", "docx"]),
    ]
    for address in addresses:
        assert client.get(address).status_code == 200, address
        assert RectificationList.objects.count() == 0, address
    body = client.get(reverse("rectification_build", args=[meeting.pk])).content.decode()
    assert 'data-testid="lists-missing"' in body and "领导班子" in body


def test_entering_the_meeting_stage_makes_the_team_list_and_one_per_member(world, monkeypatch):
    monkeypatch.setitem(workflow.GUARDS, Stage.DRAFTING, [])  # the drafts are not this test's subject
    Meeting.objects.filter(pk=world.meeting.pk).update(stage=Stage.DRAFTING)
    world.meeting.stage = Stage.DRAFTING
    meeting_services.advance(world.meeting, world.office)
    lists = RectificationList.objects.filter(meeting=world.meeting)
    assert set(lists.values_list("member", flat=True)) == {
        None,
        world.secretary.pk,
        *(member.pk for member in world.members),
    }


def test_the_office_posts_to_make_the_missing_lists(world, login):
    meeting = held_without_lists(world.meeting)
    address = reverse("rectification_build", args=[meeting.pk])
    assert login(world.member).post(address).status_code == 403
    assert RectificationList.objects.count() == 0
    assert login(world.office).post(address).status_code == 302
    assert RectificationList.objects.filter(meeting=meeting).count() == 5
    body = login(world.office).get(address).content.decode()
    assert 'data-testid="lists-missing"' not in body and 'data-testid="list-tabs"' in body
