import io

from django.core.management import call_command

from meetings.models import Meeting
from meetings.record import record_problems
from meetings.workflow import Stage
from rectification.models import Item, ItemStatus


def test_the_demo_has_last_years_open_items_carried_into_a_ledger_with_every_status(db):
    call_command("seed_demo", stdout=io.StringIO())
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
    # Every closed item has its evidence.
    for item in Item.objects.filter(status=ItemStatus.CLOSED):
        assert item.evidence.exists()


def test_the_demos_held_meetings_have_complete_records(db):
    call_command("seed_demo", stdout=io.StringIO())
    for meeting in Meeting.objects.filter(
        organisation__name="云岭县委", stage__in=[Stage.RECTIFICATION, Stage.CLOSED]
    ):
        # Nothing missing, not even a warning: every turn written, at least two criticisms each.
        assert record_problems(meeting) == []
        assert meeting.record.guidance_remarks


def test_the_other_countys_meeting_has_its_record_half_taken_down(db):
    call_command("seed_demo", stdout=io.StringIO())
    meeting = Meeting.objects.get(organisation__name="石桥县委", year=2026)
    assert meeting.stage == Stage.MEETING
    # Two members' turns written, the others still empty.
    statements = list(meeting.record.statements.all())
    written = [s for s in statements if s.self_criticism]
    assert len(written) == 2 and len(statements) > 2
    assert all(s.criticisms.count() >= 2 for s in written)
    assert not meeting.record.summary
