import datetime

from orgs import access
from reminders.deadlines import open_deadlines
from tests.rectification.factories import at_stage, items, member_list, team_list


def test_a_member_knows_of_the_schedule_the_team_list_and_their_own_items_but_not_anothers(world):
    meeting = at_stage(world.meeting)
    due = datetime.date(2027, 4, 20)
    (team_item,) = items(team_list(meeting), 1, owner=world.secretary, deadline=due)
    (own,) = items(member_list(meeting, world.member), 1, deadline=due)
    (theirs,) = items(member_list(meeting, world.members[1]), 1, deadline=due)
    deadlines = open_deadlines(meeting=meeting)

    known = access.deadlines_for(world.member, meeting, deadlines)
    item_ids = {d.object_id for d in known if d.kind == "item"}
    assert item_ids == {team_item.pk, own.pk}
    assert any(d.kind == "stage" for d in known)

    assert {
        d.object_id for d in access.deadlines_for(world.supervisor, meeting, deadlines) if d.kind == "item"
    } == {
        team_item.pk,
        own.pk,
        theirs.pk,
    }
    assert access.deadlines_for(world.other_office, meeting, deadlines) == []
    assert access.deadlines_for(world.outsider, meeting, deadlines) == []
