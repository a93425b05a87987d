"""Opinions follow DESIGN §2: entered, imported and triaged until the meeting is held, then locked. The
office's pages then say why, naming the stage, and show no form; the server refuses a post, and the
services refuse too. The public box closes when the meeting is held or on its opinions date, whichever
comes first, and says so; a closed box is not reminded."""

import datetime

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.urls import reverse

from feedback import box, importer, services
from feedback.models import FeedbackDelivery, Opinion, OpinionStatus
from meetings.models import MeetingRecord
from meetings.workflow import ARCHIVE_READ_ONLY, ORDER, Stage, stage_number
from orgs import access
from reminders.deadlines import SOURCES
from reminders.models import DeadlineKind
from tests.locked import post_forms
from tests.rectification.factories import at_stage

from .factories import opinions
from .spreadsheets import make_csv

SHANGHAI = box.SHANGHAI
# The meeting of `world` is on 2027-01-20; its opinions are due on 2027-01-12.
WHILE_OPEN = datetime.datetime(2027, 1, 5, 10, 0, tzinfo=SHANGHAI)
HELD = "会议已召开"


@pytest.fixture
def world(world):
    services.create_default_choices(world.meeting)
    return world


@pytest.fixture
def some(world):
    """Two accepted opinions and one still new, entered before the meeting."""
    accepted = opinions(world.meeting, 2, text="已采纳")
    [new] = opinions(world.meeting, 1, status=OpinionStatus.NEW, text="待分拣")
    return accepted, new


def url(world, name, *args):
    return reverse(name, args=[world.meeting.pk, *args])


def fields(meeting):
    return {
        "channel": meeting.channels.first(),
        "category": meeting.source_categories.first(),
        "aspect": meeting.aspects.first(),
    }


# --- the window --------------------------------------------------------------------------------------


def test_opinions_are_open_in_the_stages_before_the_meeting_and_locked_from_it_on(world):
    meeting = world.meeting
    for stage in ORDER:
        at_stage(meeting, stage)
        before = stage_number(stage) < stage_number(Stage.MEETING)
        assert access.opinions_are_open(meeting) is before, stage
        assert access.can_manage_opinions(world.office, meeting) is before, stage
        assert (services.locked_reason(meeting) == "") is before, stage
    assert services.locked_reason(meeting) == ARCHIVE_READ_ONLY


@pytest.mark.parametrize("stage", [Stage.MEETING, Stage.RECTIFICATION, Stage.CLOSED])
def test_once_the_meeting_is_held_every_opinion_service_refuses_with_a_reason(world, some, stage):
    (first, second), new = some
    meeting = world.meeting
    at_stage(meeting, stage)
    changes = [
        lambda: services.create_opinion(
            meeting, text="会后补录的一条意见建议。", by=world.office, **fields(meeting)
        ),
        lambda: services.create_opinion(meeting, text="会后意见箱的一条意见。", **fields(meeting)),
        lambda: services.accept([new], aspect=meeting.aspects.first()),
        lambda: services.reject([new], "与会议无关"),
        lambda: services.reclassify([first], to_team=True, category=meeting.source_categories.last()),
        lambda: services.merge([first, second], first),
        lambda: services.mark_feedback_sent(meeting, world.member, world.office),
        lambda: services.rotate_box_token(meeting),
    ]
    token = meeting.opinion_box.token
    for change in changes:
        with pytest.raises(services.OpinionError) as refused:
            change()
        reason = str(refused.value)
        assert (
            reason == ARCHIVE_READ_ONLY if stage == Stage.CLOSED else HELD in reason and stage.label in reason
        )
    assert Opinion.objects.count() == 3
    assert Opinion.objects.get(pk=new.pk).status == OpinionStatus.NEW
    assert Opinion.objects.get(pk=second.pk).status == OpinionStatus.ACCEPTED
    assert not FeedbackDelivery.objects.exists()
    meeting.opinion_box.refresh_from_db()
    assert meeting.opinion_box.token == token


def test_once_the_meeting_is_held_the_import_saves_nothing_and_says_why(world):
    at_stage(world.meeting, Stage.MEETING)
    sheet = make_csv([["会后导入的一条意见，深入基层调研不够。", 1, "党员", "座谈会", ""]])
    result = importer.import_opinions(world.meeting, "意见.csv", sheet, world.office)
    assert not result.ok and HELD in str(result.problems[0]) and "召开会议" in str(result.problems[0])
    assert not Opinion.objects.exists()


# --- the office's pages ------------------------------------------------------------------------------


LOCKED_PAGES = ["opinion_entry", "opinion_import", "opinion_choices", "opinion_list", "opinion_feedback"]


@pytest.mark.parametrize("stage", [Stage.MEETING, Stage.REPORTING, Stage.CLOSED])
@pytest.mark.parametrize("name", LOCKED_PAGES)
def test_once_opinions_are_locked_the_offices_pages_say_why_and_show_no_form(
    client, world, some, name, stage
):
    at_stage(world.meeting, stage)
    client.force_login(world.office)
    response = client.get(url(world, name))
    body = response.content.decode()
    assert response.status_code == 200
    assert 'data-testid="opinions-locked"' in body
    if stage == Stage.CLOSED:
        assert ARCHIVE_READ_ONLY in body
    else:
        assert HELD in body and stage.label in body
    assert post_forms(body) == [], name
    for action in ("opinion_entry", "opinion_import", "opinion_bulk", "opinion_box_rotate"):
        assert url(world, action) not in body, (name, action)


def test_once_opinions_are_locked_an_opinions_page_shows_it_without_the_triage_form(client, world, some):
    (first, _), _new = some
    at_stage(world.meeting, Stage.RECTIFICATION)
    client.force_login(world.office)
    body = client.get(url(world, "opinion_edit", first.pk)).content.decode()
    assert HELD in body and first.text in body
    assert 'data-testid="triage-form"' not in body and post_forms(body) == []


def test_before_the_meeting_the_offices_pages_keep_their_forms(client, world, some):
    at_stage(world.meeting, Stage.DRAFTING)
    client.force_login(world.office)
    for name in LOCKED_PAGES:
        body = client.get(url(world, name)).content.decode()
        assert 'data-testid="opinions-locked"' not in body and post_forms(body), name


def test_once_opinions_are_locked_a_post_is_refused_naming_the_stage_and_changes_nothing(client, world, some):
    (first, second), new = some
    meeting = world.meeting
    at_stage(meeting, Stage.MEETING)
    client.force_login(world.office)
    picked = fields(meeting)
    posts = [
        (
            url(world, "opinion_entry"),
            {"text": "会后补录的一条意见建议。", **{k: v.pk for k, v in picked.items()}},
        ),
        (
            url(world, "opinion_import"),
            {"file": make_csv([["会后导入一条意见建议。", 1, "党员", "座谈会", ""]])},
        ),
        (url(world, "opinion_bulk"), {"action": "reject", "reason": "无关", "selected": str(new.pk)}),
        (
            url(world, "opinion_edit", new.pk),
            {"text": new.text, "status": "rejected", "reject_reason": "无关"},
        ),
        (url(world, "opinion_choices"), {}),
        (url(world, "opinion_feedback"), {"member": world.member.pk}),
        (url(world, "opinion_box_rotate"), {}),
    ]
    token = meeting.opinion_box.token
    for address, data in posts:
        if "file" in data:
            data = {"file": SimpleUploadedFile("意见.csv", data["file"], content_type="text/csv")}
        response = client.post(address, data)
        body = response.content.decode()
        assert response.status_code == 403, address
        assert HELD in body and "召开会议" in body and "如有疑问" not in body, address
    assert Opinion.objects.count() == 3 and Opinion.objects.get(pk=new.pk).status == OpinionStatus.NEW
    assert not FeedbackDelivery.objects.exists()
    meeting.opinion_box.refresh_from_db()
    assert meeting.opinion_box.token == token


def test_a_refusal_because_of_the_role_keeps_the_generic_wording(client, world):
    at_stage(world.meeting, Stage.MEETING)
    client.force_login(world.member)
    for name in ("opinion_entry", "opinion_import", "opinion_choices"):
        response = client.get(url(world, name))
        body = response.content.decode()
        assert response.status_code == 403
        assert (
            "您没有执行此操作的权限" in body and "如有疑问，请联系本单位办公室" in body and HELD not in body
        )


# --- the public box ----------------------------------------------------------------------------------


def box_url(world):
    return reverse("opinion_box", args=[world.meeting.opinion_box.token])


def a_post(world):
    return {"category": world.meeting.source_categories.first().pk, "text": "会后还想提一条意见建议。"}


@pytest.mark.parametrize("stage", [Stage.MEETING, Stage.RECTIFICATION])
def test_the_box_closes_when_the_meeting_is_held_even_before_its_opinions_date(client, world, stage):
    with time_machine.travel(WHILE_OPEN, tick=False):
        assert 'data-testid="box-form"' in client.get(box_url(world)).content.decode()
        at_stage(world.meeting, stage)
        page = client.get(box_url(world))
        body = page.content.decode()
        refused = client.post(box_url(world), a_post(world))
    assert page.status_code == 200
    assert "民主生活会已召开，意见箱已关闭" in body and 'data-testid="box-form"' not in body
    assert "开放至" not in body and "<form" not in body
    assert refused.status_code == 403 and "民主生活会已召开，意见箱已关闭" in refused.content.decode()
    assert not Opinion.objects.exists()


def test_the_box_closes_once_the_record_says_the_meeting_was_held(client, world):
    at_stage(world.meeting, Stage.DRAFTING)
    record = MeetingRecord.objects.create(meeting=world.meeting, held_on=datetime.date(2027, 1, 20))
    with time_machine.travel(WHILE_OPEN, tick=False):
        # The record's date prefilled from the plan is still to come: the box stays open.
        assert 'data-testid="box-form"' in client.get(box_url(world)).content.decode()
        record.held_on = datetime.date(2027, 1, 4)
        record.save()
        body = client.get(box_url(world)).content.decode()
    assert "民主生活会已召开，意见箱已关闭" in body and "开放至" not in body


def test_a_box_closed_by_its_date_says_when_it_closed_never_until_when_it_is_open(client, world):
    with time_machine.travel(datetime.datetime(2027, 1, 13, 8, tzinfo=SHANGHAI), tick=False):
        body = client.get(box_url(world)).content.decode()
    assert "意见箱已于2027年1月12日24时关闭" in body and "开放至" not in body


def test_the_office_sees_the_box_closed_once_the_meeting_is_held_and_no_rotate_button(world):
    request = RequestFactory().get("/")
    request.user = world.office
    with time_machine.travel(WHILE_OPEN, tick=False):
        at_stage(world.meeting, Stage.MEETING)
        link = box.box_link(request, world.meeting)
        page = render_to_string(
            "feedback/_box_link.html", {"meeting": world.meeting, "box": link}, request=request
        )
    assert not link.is_open and link.closed == box.Closed.HELD
    assert "已关闭" in page and "民主生活会已召开，意见箱已关闭" in page and "开放至" not in page
    assert 'data-testid="box-rotate"' not in page


def test_a_box_whose_meeting_is_recorded_held_is_not_reminded(world):
    """The box's reminder (reminders.deadlines.BoxSource) agrees with the box: once closed because the
    meeting was held, it is not reminded, while before it is."""
    source = SOURCES[DeadlineKind.BOX]
    due = world.meeting.schedule.get(activity="opinions").due_date
    at_stage(world.meeting, Stage.OPINIONS)
    with time_machine.travel(datetime.datetime(2027, 1, 11, 9, tzinfo=SHANGHAI), tick=False):
        assert [d.meeting_id for d in source.due_on([due])] == [world.meeting.pk]
        MeetingRecord.objects.create(meeting=world.meeting, held_on=datetime.date(2027, 1, 10))
        assert source.due_on([due]) == []
        assert not source.open_for(meeting=world.meeting)


# --- a member's list (issue 13) ----------------------------------------------------------------------


def test_a_members_opinion_list_offers_no_status_they_can_never_see(client, world, some):
    client.force_login(world.member)
    body = client.get(url(world, "opinion_list")).content.decode()
    filters = body.split('data-testid="opinion-filters"')[1].split("</form>")[0]
    assert 'name="status"' not in filters
    for label in OpinionStatus.labels:
        assert label not in filters
    assert 'name="addressee"' in filters and world.members[1].name not in filters
    # A status typed into the address is ignored: the member still sees only accepted opinions.
    body = client.get(url(world, "opinion_list"), {"status": OpinionStatus.NEW}).content.decode()
    assert "待分拣0" not in body and "已采纳0" in body

    client.force_login(world.office)
    filters = (
        client.get(url(world, "opinion_list")).content.decode().split('data-testid="opinion-filters"')[1]
    )
    assert 'name="status"' in filters.split("</form>")[0]
