"""The views' shortcuts (orgs.shortcuts): get it for this user or 404, refuse unless allowed, and the one
way a refusal is shown (JSON to a script, errors on a form, messages otherwise)."""

import json

import pytest
from django import forms
from django.contrib.messages import get_messages
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.test import RequestFactory

from feedback.services import OpinionError
from inspection import services as drafts
from inspection.services import DraftRefused, StaleDraft
from meetings.record import RecordRefused, StaleStatement
from meetings.services import TransitionRefused
from meetings.study import StudyError
from meetings.talks import TalkError
from orgs import shortcuts
from orgs.refusals import Refused
from rectification.services import RectificationRefused
from supervision.models import StaleChecklist


def request_as(user, accept="text/html"):
    request = RequestFactory().post("/", HTTP_ACCEPT=accept)
    request.user = user
    request._messages = CookieStorage(request)
    return request


def shown(request):
    return [str(message) for message in get_messages(request)]


# --- get it for this user, or 404 -------------------------------------------------------------------


def test_visible_meeting_is_the_meeting_for_its_team_and_404_for_anyone_else(world):
    for user in [world.secretary, world.member, world.office, world.supervisor]:
        assert shortcuts.visible_meeting(request_as(user), world.meeting.pk) == world.meeting, user
    for user in [world.other_office, world.other_member, world.outsider]:
        with pytest.raises(Http404):
            shortcuts.visible_meeting(request_as(user), world.meeting.pk)


def test_visible_draft_is_a_members_own_outline_and_404_for_another_member(world):
    outline = drafts.draft_for(world.meeting, world.member)
    found = shortcuts.visible_draft(request_as(world.member), world.meeting, outline.pk)
    assert found == outline
    assert found.meeting is world.meeting  # the predicates read it without a second query
    assert shortcuts.visible_draft(request_as(world.secretary), world.meeting, outline.pk) == outline
    for user in [world.members[1], world.other_office, world.outsider]:
        with pytest.raises(Http404):
            shortcuts.visible_draft(request_as(user), world.meeting, outline.pk)


def test_require_refuses_with_the_pages_sentence():
    shortcuts.require(True)
    with pytest.raises(PermissionDenied, match="您没有执行此操作的权限。"):
        shortcuts.require(False)
    with pytest.raises(PermissionDenied, match="只有办公室可以"):
        shortcuts.require(False, "只有办公室可以这样做。")


def test_refuse_locked_is_a_403_page_that_names_the_reason(world):
    response = shortcuts.refuse_locked(request_as(world.office), "会议已召开，会前材料已锁定，只能查看。")
    assert response.status_code == 403
    assert "会议已召开，会前材料已锁定，只能查看。" in response.content.decode()


# --- one refusal --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "refusal, status",
    [
        (TransitionRefused, 409),
        (DraftRefused, 400),
        (RecordRefused, 409),
        (RectificationRefused, 403),
        (StudyError, 403),
        (TalkError, 403),
        (OpinionError, 403),
    ],
)
def test_every_apps_refusal_is_a_refused_with_its_reasons_and_status(refusal, status):
    error = refusal(["请填写理由。", "会议阶段已被他人变更。"])
    assert isinstance(error, Refused)
    assert error.reasons == ["请填写理由。", "会议阶段已被他人变更。"]
    assert str(error) == "请填写理由。；会议阶段已被他人变更。"
    assert error.status == status
    one = refusal("只能修改本人的自学记录。")
    assert one.reasons == ["只能修改本人的自学记录。"]
    assert str(one) == "只能修改本人的自学记录。"


def test_the_conflicts_are_refusals_of_409():
    for conflict in (StaleDraft, StaleStatement, StaleChecklist):
        assert issubclass(conflict, Refused)
        assert conflict.status == 409


def test_a_script_is_answered_in_json_with_the_reasons_and_the_refusals_status(world):
    request = request_as(world.office, accept="application/json")
    response = shortcuts.refused(request, TransitionRefused(["第一条。", "第二条。"]))
    assert response.status_code == 409
    assert json.loads(response.content) == {"error": "第一条。；第二条。", "errors": ["第一条。", "第二条。"]}
    assert shown(request) == []


def test_a_json_answer_takes_a_sentence_a_status_and_extra_keys(world):
    request = request_as(world.office)  # not asked for JSON: the editor's API answers JSON anyway
    response = shortcuts.refused(request, "材料已锁定。", as_json=True, status=409, locked=True)
    assert response.status_code == 409
    assert json.loads(response.content) == {
        "error": "材料已锁定。",
        "errors": ["材料已锁定。"],
        "locked": True,
    }
    plain = shortcuts.refused(request, "您没有修改这份材料的权限。", as_json=True)
    assert plain.status_code == 403


def test_a_page_gets_each_reason_as_an_error_message_and_goes_on(world):
    request = request_as(world.office)
    assert shortcuts.refused(request, TransitionRefused(["第一条。", "第二条。"])) is None
    assert shown(request) == ["第一条。", "第二条。"]


def test_a_page_that_never_answers_a_script_keeps_its_messages_when_asked_for_json(world):
    request = request_as(world.office, accept="application/json")
    assert shortcuts.refused(request, StudyError("学习日期晚于今天。"), as_json=False) is None
    assert shown(request) == ["学习日期晚于今天。"]


class NoteForm(forms.Form):
    note = forms.CharField()


@pytest.mark.parametrize("accept", ["text/html", "application/json"])
def test_a_form_gets_the_reasons_at_its_top_and_keeps_what_was_typed(world, accept):
    request = request_as(world.office, accept=accept)
    form = NoteForm({"note": "已完成整改"})
    assert form.is_valid()
    error = RectificationRefused(["该事项已销号，不能再改变状态。", "请刷新页面。"])
    assert shortcuts.refused(request, error, form=form) is None
    assert form.non_field_errors() == ["该事项已销号，不能再改变状态。", "请刷新页面。"]
    assert form.data["note"] == "已完成整改"
    assert shown(request) == []


def test_wants_json_reads_the_accept_header(world):
    assert shortcuts.wants_json(request_as(world.office, accept="application/json"))
    assert not shortcuts.wants_json(request_as(world.office, accept="text/html,application/xhtml+xml"))
