import pytest

from orgs import access
from orgs.models import Role
from tests.factories import OrganisationFactory, UserFactory, assign, make_meeting


def test_each_role_of_the_team_sees_its_meeting(world):
    for user in [world.secretary, world.member, world.office, world.supervisor]:
        assert list(access.meetings_for(user)) == [world.meeting], user


def test_people_of_another_organisation_see_nothing_of_it(world):
    for user in [world.other_office, world.other_member, world.outsider]:
        assert not access.meetings_for(user).exists(), user
        assert not access.can_view_meeting(user, world.meeting), user


def test_supervisor_sees_the_whole_subtree_but_not_above(world):
    grandchild = OrganisationFactory(name="云岭县某局", parent=world.county)
    lower = make_meeting(grandchild, world.office)
    sibling = make_meeting(world.other_county, world.other_office)
    above = make_meeting(world.city, world.office)
    county_supervisor = assign(UserFactory(), world.county, Role.SUPERVISOR)

    assert set(access.meetings_for(world.supervisor)) == {world.meeting, lower, sibling, above}
    assert set(access.meetings_for(county_supervisor)) == {world.meeting, lower}
    assert access.reviews_plan(county_supervisor, lower)
    assert not access.reviews_plan(county_supervisor, sibling)


def test_subtree_follows_a_move_in_the_tree(world):
    unit = OrganisationFactory(parent=world.other_county)
    meeting = make_meeting(unit, world.office)
    county_supervisor = assign(UserFactory(), world.county, Role.SUPERVISOR)
    assert meeting not in access.meetings_for(county_supervisor)
    world.other_county.parent = world.county
    world.other_county.save()
    assert meeting in access.meetings_for(county_supervisor)


def test_only_the_office_manages_and_only_supervisors_review(world):
    meeting = world.meeting
    assert access.can_manage_meeting(world.office, meeting)
    for user in [world.secretary, world.member, world.supervisor, world.other_office, world.outsider]:
        assert not access.can_manage_meeting(user, meeting), user
    assert access.reviews_plan(world.supervisor, meeting)
    for user in [world.secretary, world.member, world.office, world.other_office]:
        assert not access.reviews_plan(user, meeting), user


@pytest.mark.django_db
def test_anonymous_user_sees_nothing(world):
    from django.contrib.auth.models import AnonymousUser

    assert not access.meetings_for(AnonymousUser()).exists()
    assert not access.can_view_meeting(AnonymousUser(), world.meeting)
