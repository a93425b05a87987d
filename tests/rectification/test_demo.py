from feedback.models import FeedbackDelivery, OpinionStatus
from inspection.content import problems
from inspection.models import DraftStatus
from meetings.models import Meeting
from meetings.record import record_problems
from meetings.services import leadership
from meetings.talks import coverage
from meetings.workflow import Stage
from rectification.models import Item, ItemStatus


def test_the_demo_has_last_years_open_items_carried_into_a_ledger_with_every_status(seeded_demo):
    last_year = Meeting.objects.get(year=2025)
    special = Meeting.objects.get(year=2026, kind="special")
    assert last_year.stage == Stage.CLOSED
    assert special.stage == Stage.RECTIFICATION
    carried = Item.objects.filter(meeting=last_year, status=ItemStatus.CARRIED_OVER)
    assert carried.count() == 2
    assert set(
        Item.objects.filter(meeting=special, carried_from__isnull=False).values_list(
            "carried_from", flat=True
        )
    ) == set(carried.values_list("pk", flat=True))
    statuses = set(Item.objects.filter(meeting__in=[last_year, special]).values_list("status", flat=True))
    assert statuses == set(ItemStatus.values)
    ledger = set(Item.objects.filter(meeting=special).values_list("status", flat=True))
    assert ledger == set(ItemStatus.values) - {ItemStatus.CARRIED_OVER}
    assert any(item.is_overdue() for item in Item.objects.filter(meeting=special))
    # Every closed item has its evidence, and was reported done by one person and closed by another,
    # never its owner (销号 by a second person).
    for item in Item.objects.filter(status=ItemStatus.CLOSED):
        assert item.evidence.exists()
        assert item.done_by_id and item.closed_by_id not in (item.done_by_id, item.owner_id)


def test_the_demos_held_meetings_have_complete_records(seeded_demo):
    for meeting in Meeting.objects.filter(
        organisation__name="云岭县委", stage__in=[Stage.RECTIFICATION, Stage.CLOSED]
    ):
        # Nothing missing, not even a warning: every turn written, at least two criticisms each.
        assert record_problems(meeting) == []
        assert meeting.record.guidance_remarks


def test_the_demos_held_meetings_had_their_preparation_before_they_were_held(seeded_demo):
    for meeting in Meeting.objects.filter(
        organisation__name="云岭县委", stage__in=[Stage.RECTIFICATION, Stage.CLOSED]
    ):
        team = leadership(meeting.organisation)
        assert meeting.notice_issuer == "市纪委机关、市委组织部"
        assert meeting.notice_title and meeting.notice_number
        # Two sessions with attendance taken, and a few notes.
        assert meeting.study_sessions.count() == 2
        assert all(session.attendance.count() == len(team) for session in meeting.study_sessions.all())
        assert 3 <= meeting.self_study_notes.count() <= 4
        # Opinions from three channels, some to members, none left to triage, fed back to everyone.
        opinions = meeting.opinions.all()
        assert opinions.values("channel").distinct().count() == 3
        assert opinions.filter(addressee__isnull=False, status=OpinionStatus.ACCEPTED).exists()
        assert not opinions.filter(status=OpinionStatus.NEW).exists()
        assert {opinion.status for opinion in opinions} == {
            OpinionStatus.ACCEPTED,
            OpinionStatus.MERGED,
            OpinionStatus.REJECTED,
        }
        assert set(FeedbackDelivery.objects.filter(meeting=meeting).values_list("member", flat=True)) == {
            person.pk for person in team
        }
        # 四必谈: every pair talked, or waived with a reason.
        states = [status.state for status in coverage(meeting)]
        assert "missing" not in states and 1 <= states.count("waived") <= 2
        # Every draft approved, the secretary's outline by the supervisor, the team material endorsed.
        drafts = {(draft.kind, draft.author_id): draft for draft in meeting.drafts.all()}
        assert drafts[("team", None)].status == DraftStatus.ENDORSED
        assert drafts[("team", None)].comments.filter(by__username="huangweimin").exists()
        for person in team:
            outline = drafts[("personal", person.pk)]
            assert outline.status == DraftStatus.APPROVED
            approval = outline.events.get(action="approve")
            assert approval.by.username == ("huangweimin" if person == team[0] else "linzhiyuan")
            assert all(item["example"] for _, _, item in problems(outline.content))
        assert {draft.versions.filter(number__gte=1).count() for draft in drafts.values()} == {2, 3}


def test_the_other_countys_meeting_has_its_record_half_taken_down(seeded_demo):
    meeting = Meeting.objects.get(organisation__name="石桥县委", year=2026)
    assert meeting.stage == Stage.MEETING
    # Two members' turns written, the others still empty.
    statements = list(meeting.record.statements.all())
    written = [s for s in statements if s.self_criticism]
    assert len(written) == 2 and len(statements) > 2
    assert all(s.criticisms.count() >= 2 for s in written)
    assert not meeting.record.summary
