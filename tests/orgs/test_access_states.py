"""A predicate a page asks includes the state of what it is about (issue 18): whoever holds the role may
review a plan or a draft only once it is submitted, endorse the team material only once it is approved,
submit a draft only while it is written or returned. The role alone (``reviews_*``, ``endorses_draft``,
``writes_draft``) is what the POST views require; their services refuse the wrong state with a reason."""

import pytest

from inspection import services
from inspection.models import DraftStatus
from meetings.models import PlanStatus
from orgs import access

pytestmark = pytest.mark.django_db


@pytest.fixture
def outline(world):
    return services.draft_for(world.meeting, world.member)


@pytest.fixture
def team(world):
    return services.draft_for(world.meeting)


def test_the_supervisor_reviews_the_plan_only_once_it_is_submitted(world):
    plan = world.meeting.plan
    for status in (PlanStatus.DRAFT, PlanStatus.RETURNED, PlanStatus.APPROVED):
        plan.status = status
        assert access.reviews_plan(world.supervisor, world.meeting), status
        assert not access.can_review_plan(world.supervisor, world.meeting), status
    plan.status = PlanStatus.SUBMITTED
    assert access.can_review_plan(world.supervisor, world.meeting)
    for user in (world.office, world.secretary, world.member, world.other_office):
        assert not access.can_review_plan(user, world.meeting), user


def test_the_writer_submits_a_draft_only_while_it_is_written_or_returned(world, outline):
    for status in (DraftStatus.WRITING, DraftStatus.RETURNED):
        outline.status = status
        assert access.can_submit_draft(world.member, outline), status
        assert not access.can_submit_draft(world.secretary, outline), status
    for status in (DraftStatus.SUBMITTED, DraftStatus.APPROVED, DraftStatus.ENDORSED):
        outline.status = status
        assert access.writes_draft(world.member, outline), status
        assert not access.can_submit_draft(world.member, outline), status


def test_a_draft_under_review_cannot_be_saved_by_its_writer(world, outline):
    outline.status = DraftStatus.SUBMITTED
    assert access.can_edit_draft(world.member, outline)
    assert not access.can_save_draft(world.member, outline)
    for status in (DraftStatus.WRITING, DraftStatus.RETURNED, DraftStatus.APPROVED, DraftStatus.ENDORSED):
        outline.status = status
        assert access.can_save_draft(world.member, outline), status
        assert not access.can_save_draft(world.secretary, outline), status


def test_the_secretary_reviews_a_draft_only_once_it_is_submitted(world, outline):
    for status in (DraftStatus.WRITING, DraftStatus.RETURNED, DraftStatus.APPROVED, DraftStatus.ENDORSED):
        outline.status = status
        assert access.reviews_draft(world.secretary, outline), status
        assert not access.can_review_draft(world.secretary, outline), status
    outline.status = DraftStatus.SUBMITTED
    assert access.can_review_draft(world.secretary, outline)
    for user in (world.member, world.office, world.supervisor):
        assert not access.can_review_draft(user, outline), user


def test_the_supervisor_endorses_the_team_material_only_once_it_is_approved(world, team, outline):
    for status in (DraftStatus.WRITING, DraftStatus.SUBMITTED, DraftStatus.RETURNED, DraftStatus.ENDORSED):
        team.status = status
        assert access.endorses_draft(world.supervisor, team), status
        assert not access.can_endorse_draft(world.supervisor, team), status
    team.status = DraftStatus.APPROVED
    assert access.can_endorse_draft(world.supervisor, team)
    for user in (world.secretary, world.office, world.member):
        assert not access.can_endorse_draft(user, team), user
    outline.status = DraftStatus.APPROVED  # an outline is reviewed, never endorsed
    assert not access.can_endorse_draft(world.supervisor, outline)


def test_the_review_panel_actions_follow_the_draft_status(world, team):
    team.status = DraftStatus.RETURNED
    actions = access.draft_actions(world.office, team)
    assert actions.edit and actions.submit and actions.returned
    assert not (actions.review or actions.endorse or actions.under_review or actions.reopens_review)

    team.status = DraftStatus.SUBMITTED
    assert access.draft_actions(world.secretary, team).review
    office = access.draft_actions(world.office, team)
    assert office.under_review and not (office.submit or office.review)

    team.status = DraftStatus.APPROVED
    supervisor = access.draft_actions(world.supervisor, team)
    assert supervisor.endorse and supervisor.awaiting_endorsement and not supervisor.edit
    office = access.draft_actions(world.office, team)
    assert office.awaiting_endorsement and office.reopens_review and not office.endorse
