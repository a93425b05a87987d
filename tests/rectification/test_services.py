import datetime

import pytest

from feedback.models import OpinionStatus
from meetings.models import Criticism, MeetingRecord, Statement
from meetings.workflow import Stage
from rectification import candidates, selectors, services
from rectification.models import Item, ItemSource, ItemStatus, SourceKind, StatusChange
from tests.factories import make_meeting
from tests.feedback.factories import opinions

from .factories import at_stage, items, member_list, pdf_file, team_list


@pytest.fixture
def meeting(world):
    return at_stage(world.meeting)


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def test_an_opinion_linked_to_an_item_is_no_longer_unanswered(world, meeting):
    first, second = opinions(meeting, 2)
    assert set(services.unanswered_opinions(meeting)) == {first, second}
    services.make_items(team_list(meeting), [f"opinion:{first.pk}"], world.office)
    assert list(services.unanswered_opinions(meeting)) == [second]


def test_an_opinion_answered_with_a_note_is_no_longer_unanswered(world, meeting):
    (opinion,) = opinions(meeting, 1)
    services.answer_opinion(opinion, world.office, "已当场作出解释说明。")
    assert not services.unanswered_opinions(meeting).exists()
    services.withdraw_answer(opinion)
    assert list(services.unanswered_opinions(meeting)) == [opinion]


def test_an_answer_needs_a_note(world, meeting):
    (opinion,) = opinions(meeting, 1)
    with pytest.raises(services.RectificationRefused, match="答复说明"):
        services.answer_opinion(opinion, world.office, "  ")


def test_opinions_not_accepted_are_not_counted_as_unanswered(world, meeting):
    opinions(meeting, 2, status=OpinionStatus.REJECTED)
    assert not services.unanswered_opinions(meeting).exists()


def test_merged_candidates_make_one_item_with_every_source_and_one_problem(world, meeting):
    ops = opinions(meeting, 3)
    keys = [f"opinion:{o.pk}" for o in ops]
    (item,) = services.make_items(team_list(meeting), keys, world.office, merge=True)
    assert item.sources.count() == 3
    # Not the sources' texts run together: the first one's, until the office writes the one problem.
    assert item.problem == ops[0].text and ops[1].text not in item.problem
    assert item.status == ItemStatus.NOT_STARTED and item.deadline is not None


def test_a_merge_with_an_empty_problem_is_refused(world, meeting):
    ops = opinions(meeting, 2)
    with pytest.raises(services.RectificationRefused, match="请填写这一项的问题"):
        services.make_items(
            team_list(meeting), [f"opinion:{o.pk}" for o in ops], world.office, merge=True, problem="  "
        )
    assert not Item.objects.filter(meeting=meeting).exists()


def test_a_team_item_has_no_owner_unless_the_office_chooses_one(world, meeting):
    first, second = opinions(meeting, 2)
    (unowned,) = services.make_items(team_list(meeting), [f"opinion:{first.pk}"], world.office)
    assert unowned.owner is None and unowned.unit == ""  # not the secretary by default
    (owned,) = services.make_items(
        team_list(meeting),
        [f"opinion:{second.pk}"],
        world.office,
        owner=world.members[1],
        unit=" 县委办公室 ",
    )
    assert (owned.owner, owned.unit) == (world.members[1], "县委办公室")
    # A member's own list is the member's.
    (theirs,) = opinions(meeting, 1, addressee=world.members[2])
    (own,) = services.make_items(
        member_list(meeting, world.members[2]), [f"opinion:{theirs.pk}"], world.office
    )
    assert own.owner == world.members[2]


def test_an_owner_outside_the_leadership_team_is_refused(world, meeting):
    (opinion,) = opinions(meeting, 1)
    with pytest.raises(services.RectificationRefused, match="不是本班子成员"):
        services.make_items(team_list(meeting), [f"opinion:{opinion.pk}"], world.office, owner=world.office)
    assert not Item.objects.filter(meeting=meeting).exists()


@pytest.mark.parametrize(
    "problem, expected",
    [
        (
            {"lead": "理论学习不够深入。", "text": "专题研讨不多。", "example": "比如，全年仅研讨3次。"},
            ("理论学习不够深入。", "专题研讨不多。比如，全年仅研讨3次。"),
        ),
        # An imported outline's problem without a lead sentence: its first sentence is the lead.
        (
            {"lead": "", "text": "调研不深。到基层少。", "example": "比如，全年调研2次。"},
            ("调研不深。", "到基层少。比如，全年调研2次。"),
        ),
        ({"lead": "作风不实。", "text": "", "example": ""}, ("作风不实。", "")),
    ],
)
def test_a_draft_problem_gives_its_lead_sentence_as_the_items_problem_and_the_rest_as_its_manifestation(
    problem, expected
):
    assert candidates.problem_parts(problem) == expected


def test_one_item_per_candidate_numbered_in_order(world, meeting):
    ops = opinions(meeting, 3)
    made = services.make_items(team_list(meeting), [f"opinion:{o.pk}" for o in ops], world.office)
    assert [i.number for i in made] == [1, 2, 3]
    assert [i.sources.get().opinion for i in made] == ops


def test_a_member_list_cannot_take_an_opinion_addressed_to_another_member(world, meeting):
    (theirs,) = opinions(meeting, 1, addressee=world.members[1])
    with pytest.raises(services.RectificationRefused):
        services.make_items(member_list(meeting, world.member), [f"opinion:{theirs.pk}"], world.office)
    assert not Item.objects.exists()


def test_criticisms_at_the_meeting_are_candidates_of_the_criticised_member_only(world, meeting):
    record = MeetingRecord.objects.create(meeting=meeting)
    statement = Statement.objects.create(record=record, member=world.member, order=1)
    criticism = Criticism.objects.create(statement=statement, by=world.secretary, text="深入基层调研不够。")
    own = candidates.candidate_groups(member_list(meeting, world.member))
    other = candidates.candidate_groups(member_list(meeting, world.members[1]))
    keys = lambda groups: {c.key for g in groups for c in g.candidates}  # noqa: E731
    assert f"criticism:{criticism.pk}" in keys(own)
    assert f"criticism:{criticism.pk}" not in keys(other)
    (item,) = services.make_items(
        member_list(meeting, world.member), [f"criticism:{criticism.pk}"], world.office
    )
    assert item.sources.get().kind == SourceKind.CRITICISM and item.owner == world.member


def _with_evidence(item, by):
    """A progress update with a PDF, and ``by`` reports the item done (已完成待销号)."""
    services.add_progress(item, by, "已召开专题会议研究整改。", files=[pdf_file()], status=ItemStatus.DONE)


def test_closing_without_evidence_is_refused(world, meeting):
    (item,) = items(member_list(meeting, world.member), 1)
    services.add_progress(item, world.member, "已整改。", status=ItemStatus.DONE)
    with pytest.raises(services.RectificationRefused, match="佐证材料"):
        services.close_item(item, world.secretary)
    item.refresh_from_db()
    assert item.status == ItemStatus.DONE


def test_the_owner_alone_cannot_close_their_item(world, meeting):
    (item,) = items(member_list(meeting, world.member), 1)
    _with_evidence(item, world.member)
    with pytest.raises(services.RectificationRefused, match="销号需由报告完成人和责任领导以外的同志确认"):
        services.close_item(item, world.member)


def test_the_secretary_cannot_close_their_own_item_but_the_office_can(world, meeting):
    (item,) = items(team_list(meeting), 1, owner=world.secretary)
    _with_evidence(item, world.secretary)
    with pytest.raises(services.RectificationRefused):
        services.close_item(item, world.secretary)
    services.close_item(item, world.office)
    item.refresh_from_db()
    assert item.status == ItemStatus.CLOSED and item.closed_by == world.office


def test_another_member_cannot_close_an_item(world, meeting):
    (item,) = items(member_list(meeting, world.member), 1)
    _with_evidence(item, world.member)
    with pytest.raises(services.RectificationRefused, match="主要负责同志或办公室"):
        services.close_item(item, world.members[1])


def test_closing_with_evidence_by_the_secretary_is_logged(world, meeting):
    (item,) = items(member_list(meeting, world.member), 1)
    _with_evidence(item, world.member)
    services.close_item(item, world.secretary, "经核实已整改到位。")
    item.refresh_from_db()
    assert item.status == ItemStatus.CLOSED and item.closed_at is not None
    log = list(item.status_changes.values_list("from_status", "to_status", "by"))
    assert log[-1] == (ItemStatus.DONE, ItemStatus.CLOSED, world.secretary.pk)


def test_a_closed_item_takes_no_more_progress(world, meeting):
    (item,) = items(member_list(meeting, world.member), 1)
    _with_evidence(item, world.member)
    services.close_item(item, world.secretary)
    with pytest.raises(services.RectificationRefused, match="已销号"):
        services.add_progress(item, world.member, "又做了一些。")


def test_a_bad_file_refuses_the_whole_update(world, meeting):
    (item,) = items(member_list(meeting, world.member), 1)
    bad = pdf_file("照片.exe")
    with pytest.raises(services.RectificationRefused, match="照片.exe"):
        services.add_progress(item, world.member, "进展", files=[pdf_file(), bad])
    assert not item.progress.exists() and not item.evidence.exists()


def _previous(world):
    """Last year's meeting of the same team, archived, with items in every status; the items not done
    (未启动, 整改中) are returned."""
    previous = at_stage(
        make_meeting(world.county, world.office, date=datetime.date(2026, 1, 15)), Stage.CLOSED
    )
    team = team_list(previous)
    mine = member_list(previous, world.member)
    open_items = [
        *items(team, 1, status=ItemStatus.NOT_STARTED, text="旧账未启动"),
        *items(team, 1, status=ItemStatus.IN_PROGRESS, text="旧账整改中"),
        *items(mine, 1, status=ItemStatus.IN_PROGRESS, text="旧账本人整改中"),
    ]
    items(mine, 1, status=ItemStatus.DONE, text="旧账待销号")
    items(team, 2, status=ItemStatus.CLOSED, text="已销号")
    return previous, open_items


def test_carry_over_brings_exactly_the_previous_meetings_items_not_done(world, meeting):
    _previous_meeting, open_items = _previous(world)
    carried = services.carry_over(meeting, world.office)
    assert sorted(i.carried_from_id for i in carried) == sorted(i.pk for i in open_items)
    for item in carried:
        assert item.meeting == meeting and item.status == item.carried_from.status
    # The member's item goes to the member's list, the team's to the team list.
    mine = Item.objects.get(meeting=meeting, carried_from__problem__startswith="旧账本人整改中")
    assert mine.rectification_list.member == world.member
    statuses = set(Item.objects.filter(pk__in=[i.pk for i in open_items]).values_list("status", flat=True))
    assert statuses == {ItemStatus.CARRIED_OVER}
    # Carrying over again brings nothing more.
    assert services.carry_over(meeting, world.office) == []
    assert Item.objects.filter(meeting=meeting).count() == 3


def test_an_item_done_awaiting_closing_is_not_carried_over_but_closed_where_it_was_done(world, meeting):
    previous, _open_items = _previous(world)
    done = Item.objects.get(meeting=previous, status=ItemStatus.DONE)
    services.carry_over(meeting, world.office)
    done.refresh_from_db()
    assert done.status == ItemStatus.DONE and not Item.objects.filter(carried_from=done).exists()
    assert f"previous:{done.pk}" not in {
        c.key for g in candidates.candidate_groups(member_list(meeting, world.member)) for c in g.candidates
    }
    with pytest.raises(services.RectificationRefused, match="已完成待销号，请在原会议的台账中销号"):
        services.carry_item(done, member_list(meeting, world.member), world.office)


@pytest.mark.parametrize("stage", [Stage.PLANNING, Stage.DRAFTING, Stage.MEETING])
def test_carry_over_takes_nothing_from_an_earlier_meeting_still_at_or_before_its_meeting_stage(
    world, meeting, stage
):
    """The team's 专题 meeting still in 召开会议 is running: its items stay there, including one
    已完成待销号; the meeting carried from is the last one past its meeting stage."""
    last_year, open_items = _previous(world)
    running = at_stage(
        make_meeting(
            world.county, world.office, date=datetime.date(2026, 11, 9), name="巡视整改专题民主生活会"
        ),
        stage,
    )
    items(team_list(running), 2, status=ItemStatus.IN_PROGRESS, text="专题整改中")
    items(team_list(running), 1, status=ItemStatus.DONE, text="专题待销号")
    assert candidates.previous_meeting(meeting) == last_year
    carried = services.carry_over(meeting, world.office)
    assert sorted(i.carried_from_id for i in carried) == sorted(i.pk for i in open_items)
    assert not Item.objects.filter(meeting=running, status=ItemStatus.CARRIED_OVER).exists()
    assert [m.pk for m in candidates.running_earlier_meetings(meeting, last_year)] == [running.pk]


@pytest.mark.parametrize("stage", [Stage.RECTIFICATION, Stage.REPORTING, Stage.CLOSED])
def test_a_meeting_past_its_meeting_stage_is_the_one_carried_from(world, meeting, stage):
    _previous(world)
    later = at_stage(make_meeting(world.county, world.office, date=datetime.date(2026, 11, 9)), stage)
    (open_item,) = items(team_list(later), 1, status=ItemStatus.IN_PROGRESS, text="专题整改中")
    assert candidates.previous_meeting(meeting) == later
    assert [i.carried_from_id for i in services.carry_over(meeting, world.office)] == [open_item.pk]


def test_an_item_carried_to_any_meeting_is_not_carried_again(world, meeting):
    """Item.carried_from is one to one: an item carried once (here to the team's 专题 meeting, which built
    its lists while still in 召开会议) is not carried again, whatever its status says."""
    last_year, open_items = _previous(world)
    special = at_stage(
        make_meeting(world.county, world.office, date=datetime.date(2026, 11, 9)), Stage.MEETING
    )
    first = services.carry_item(open_items[0], team_list(special), world.office)
    # Its status set back by hand (an old data fix, say): carried_to still says it went on.
    Item.objects.filter(pk=open_items[0].pk).update(status=ItemStatus.IN_PROGRESS)
    carried = services.carry_over(meeting, world.office)
    assert open_items[0].pk not in {i.carried_from_id for i in carried}
    assert Item.objects.get(carried_from=open_items[0]) == first
    with pytest.raises(services.RectificationRefused, match="已经结转"):
        services.carry_item(open_items[0], team_list(meeting), world.office)


def test_a_carried_item_keeps_its_history_and_its_source(world, meeting):
    _previous_meeting, open_items = _previous(world)
    old = open_items[1]
    services.add_progress(old, world.office, "去年已推进一半。")
    (new,) = [i for i in services.carry_over(meeting, world.office) if i.carried_from_id == old.pk]
    assert new.carried_from.progress.get().text == "去年已推进一半。"
    source = new.sources.get()
    assert source.kind == SourceKind.PREVIOUS_ITEM and source.previous_item_id == old.pk
    assert StatusChange.objects.filter(item=old, to_status=ItemStatus.CARRIED_OVER).exists()


def test_a_carried_item_keeps_its_problem_and_its_manifestation(world, meeting):
    _previous_meeting, open_items = _previous(world)
    Item.objects.filter(pk=open_items[1].pk).update(problem="调研不深。", manifestation="比如，全年调研2次。")
    (new,) = [i for i in services.carry_over(meeting, world.office) if i.carried_from_id == open_items[1].pk]
    assert (new.problem, new.manifestation) == ("调研不深。", "比如，全年调研2次。")


def test_deleting_a_carried_item_gives_it_back_to_the_previous_meeting(world, meeting):
    _previous_meeting, open_items = _previous(world)
    carried = services.carry_over(meeting, world.office)
    (new,) = [i for i in carried if i.carried_from_id == open_items[1].pk]
    services.delete_item(new, world.office)
    open_items[1].refresh_from_db()
    assert open_items[1].status == ItemStatus.IN_PROGRESS
    assert [i.pk for i in candidates.previous_open_items(meeting, every_list=True)] == [open_items[1].pk]


def test_only_the_same_teams_earlier_meeting_carries_over(world, meeting):
    other = at_stage(make_meeting(world.other_county, world.other_office, date=datetime.date(2026, 1, 15)))
    items(team_list(other), 2, status=ItemStatus.IN_PROGRESS)
    later = make_meeting(world.county, world.office, date=datetime.date(2028, 1, 15))
    items(team_list(later), 2, status=ItemStatus.IN_PROGRESS)
    assert services.carry_over(meeting, world.office) == []


def test_an_item_with_progress_cannot_be_deleted(world, meeting):
    (item,) = items(team_list(meeting), 1)
    services.add_progress(item, world.office, "已启动。")
    with pytest.raises(services.RectificationRefused):
        services.delete_item(item, world.office)


def test_a_dated_item_needs_a_deadline(world, meeting):
    (item,) = items(team_list(meeting), 1)
    with pytest.raises(services.RectificationRefused, match="完成时限"):
        services.update_item(item, world.office, deadline=None)
    services.update_item(item, world.office, deadline=None, kind="ongoing")


def test_status_counts_count_overdue_open_items(world, meeting):
    rl = team_list(meeting)
    items(rl, 2, status=ItemStatus.IN_PROGRESS, deadline=datetime.date(2020, 1, 1))
    items(rl, 1, status=ItemStatus.CLOSED, deadline=datetime.date(2020, 1, 1))
    items(rl, 1)
    counts = selectors.item_counts(Item.objects.filter(meeting=meeting))
    assert counts["overdue"] == 2 and counts["closed"] == 1 and counts["total"] == 4
    assert ItemSource.objects.count() == 0
