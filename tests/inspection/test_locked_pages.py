"""Drafts lock once the meeting is held (DESIGN §2): their writers' pages (submit, paste-import, a refused
save, the editor) then say why, naming the stage, and show no form; a post is refused with the same
reason. Someone who never writes the draft is refused as before, in the role's words."""

import pytest
from django.urls import reverse

from inspection import services
from meetings.workflow import ARCHIVE_READ_ONLY, Stage
from tests.locked import post_forms
from tests.rectification.factories import at_stage

from .test_editor_api import with_two_problems

HELD = "会议已召开"


@pytest.fixture
def outline(world):
    """Member 1's outline (version 1), a save of theirs refused because someone else saved first."""
    draft = services.draft_for(world.meeting, world.member)
    services.save_draft(
        draft, with_two_problems(world.meeting, world.member), base_version=0, by=world.member
    )
    services.save_draft(
        draft, services.new_content(world.meeting, world.member), base_version=1, by=world.member
    )
    with pytest.raises(services.StaleDraft) as stale:
        services.save_draft(
            draft, with_two_problems(world.meeting, world.member), base_version=1, by=world.member
        )
    draft.refresh_from_db()
    return draft, stale.value.refused


def address(name, draft, *extra):
    return reverse(name, args=[draft.meeting_id, draft.pk, *extra])


@pytest.mark.parametrize("stage", [Stage.MEETING, Stage.RECTIFICATION, Stage.CLOSED])
def test_once_the_meeting_is_held_the_writers_draft_pages_say_why_and_show_no_form(
    client, world, outline, stage
):
    draft, refused = outline
    at_stage(world.meeting, stage)
    client.force_login(world.member)
    for url in (
        address("draft_submit", draft),
        address("draft_import", draft),
        address("draft_refused", draft, refused.pk),
        address("draft_detail", draft),
    ):
        response = client.get(url)
        body = response.content.decode()
        assert response.status_code == 200, url
        assert 'data-testid="drafts-locked"' in body, url
        if stage == Stage.CLOSED:
            assert ARCHIVE_READ_ONLY in body, url
        else:
            assert HELD in body and stage.label in body, url
        assert post_forms(body) == [], url


def test_once_the_meeting_is_held_a_writers_post_is_refused_naming_the_stage(client, world, outline):
    draft, refused = outline
    at_stage(world.meeting, Stage.MEETING)
    client.force_login(world.member)
    posts = [
        (address("draft_submit", draft), {}),
        (address("draft_import", draft), {"text": "一、存在的主要问题\n1.学习不够。", "action": "confirm"}),
        (address("draft_refused", draft, refused.pk), {"how": "restore", "base_version": draft.version}),
    ]
    for url, data in posts:
        response = client.post(url, data)
        body = response.content.decode()
        assert response.status_code == 403, url
        assert HELD in body and "召开会议" in body and "如有疑问" not in body, url
    draft.refresh_from_db()
    assert draft.version == 2 and draft.status == "writing"


def test_before_the_meeting_the_writers_pages_keep_their_forms(client, world, outline):
    draft, _refused = outline
    at_stage(world.meeting, Stage.DRAFTING)
    client.force_login(world.member)
    for name in ("draft_submit", "draft_import"):
        body = client.get(address(name, draft)).content.decode()
        assert 'data-testid="drafts-locked"' not in body and post_forms(body), name


def test_someone_who_does_not_write_the_draft_is_refused_in_the_roles_words(client, world, outline):
    draft, _refused = outline
    at_stage(world.meeting, Stage.MEETING)
    client.force_login(world.supervisor)
    response = client.get(address("draft_import", draft))
    body = response.content.decode()
    assert response.status_code == 403
    assert "您没有执行此操作的权限" in body and HELD not in body
