"""Locked pages say why and show no form (issue 13, defect 8): once the meeting is held the pre-meeting
records (talks, study) lock, once it has moved on the record is final, once it is archived everything
is read only. A clerk learns it on opening the page, not after typing and submitting."""

import pytest
from django.urls import reverse

from meetings import record as records
from meetings import study, talks
from meetings.models import StudyForm
from meetings.workflow import Stage
from tests.locked import post_forms
from tests.rectification.factories import at_stage

pytestmark = pytest.mark.usefixtures("before_the_meeting")

HELD_TALKS = "会议已召开，谈心谈话记录只能查看"
HELD_STUDY = "会议已召开，会前学习记录已锁定，只能查看"
FINAL_RECORD = "会议已进入“整改落实”阶段，会议记录已定稿，只能查看"
ARCHIVED = "会议已归档，材料只能查看"
NOT_YET_RECORDED = "会议记录在“召开会议”阶段记录"
# The stage a page is open at, when not the meeting's first: the record is taken down in the meeting stage.
OPEN_AT = {"record_edit": Stage.MEETING, "record_live": Stage.MEETING}


@pytest.fixture
def seeded(world):
    meeting, office, member = world.meeting, world.office, world.member
    talk = talks.record_talk(
        meeting,
        office,
        date=meeting.date.replace(day=8),
        place="",
        topics="谈心",
        improvements="",
        people=[world.secretary, member],
    )
    session = study.record_session(
        meeting,
        office,
        date=meeting.date.replace(day=5),
        form=StudyForm.CENTRE_GROUP,
        topic="专题学习",
        materials="《学习材料》",
        summary="",
    )
    note = study.write_note(
        meeting, member, date=meeting.date.replace(day=6), material="《党章》", text="体会"
    )
    records.ensure_record(meeting)
    return {"talk_pk": talk.pk, "session_pk": session.pk, "note_pk": note.pk}


# (url name, its object, who opens it, the stage it is locked at, what it says)
LOCKED = [
    ("talk_create", None, "office", Stage.MEETING, HELD_TALKS),
    ("talk_create", None, "member", Stage.MEETING, HELD_TALKS),
    ("talk_edit", "talk_pk", "office", Stage.MEETING, HELD_TALKS),
    ("talk_create", None, "office", Stage.CLOSED, ARCHIVED),
    ("talk_edit", "talk_pk", "office", Stage.CLOSED, ARCHIVED),
    ("record_edit", None, "office", Stage.DRAFTING, NOT_YET_RECORDED),
    ("record_live", None, "office", Stage.PLANNING, NOT_YET_RECORDED),
    ("record_edit", None, "office", Stage.RECTIFICATION, FINAL_RECORD),
    ("record_live", None, "office", Stage.RECTIFICATION, FINAL_RECORD),
    ("record_edit", None, "office", Stage.CLOSED, ARCHIVED),
    ("record_live", None, "office", Stage.CLOSED, ARCHIVED),
    ("study_session_create", None, "office", Stage.MEETING, HELD_STUDY),
    ("study_session_edit", "session_pk", "office", Stage.MEETING, HELD_STUDY),
    ("study_note_create", None, "member", Stage.MEETING, HELD_STUDY),
    ("study_note_edit", "note_pk", "member", Stage.MEETING, HELD_STUDY),
    ("study_session_create", None, "office", Stage.CLOSED, ARCHIVED),
    ("study_session_edit", "session_pk", "office", Stage.CLOSED, ARCHIVED),
    ("study_note_create", None, "member", Stage.CLOSED, ARCHIVED),
    ("study_note_edit", "note_pk", "member", Stage.CLOSED, ARCHIVED),
]


@pytest.mark.parametrize(("name", "obj", "role", "stage", "message"), LOCKED)
def test_a_locked_page_says_why_and_shows_no_form(world, login, seeded, name, obj, role, stage, message):
    url = reverse(name, args=[world.meeting.pk] + ([seeded[obj]] if obj else []))
    client = login(getattr(world, role))
    at_stage(world.meeting, OPEN_AT.get(name, world.meeting.stage))
    assert post_forms(client.get(url).content.decode()), f"{name} offers its form while the meeting is open"
    at_stage(world.meeting, stage)
    response = client.get(url)
    body = response.content.decode()
    assert response.status_code == 200, name
    assert message in body, name
    assert post_forms(body) == [], name


def test_the_talk_pages_of_a_held_meeting_offer_no_action_and_say_why(world, login, seeded):
    at_stage(world.meeting, Stage.MEETING)
    client = login(world.member)
    listing = client.get(reverse("talk_list", args=[world.meeting.pk])).content.decode()
    assert HELD_TALKS in listing and reverse("talk_create", args=[world.meeting.pk]) not in listing
    detail = client.get(reverse("talk_detail", args=[world.meeting.pk, seeded["talk_pk"]])).content.decode()
    assert HELD_TALKS in detail and 'data-testid="confirm-side"' not in detail
    office = login(world.office).get(reverse("talk_detail", args=[world.meeting.pk, seeded["talk_pk"]]))
    assert reverse("talk_edit", args=[world.meeting.pk, seeded["talk_pk"]]) not in office.content.decode()
