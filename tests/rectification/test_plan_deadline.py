"""制定整改方案和问题清单 (due 15 days after the meeting) is met once the lists hold an item: a meeting that
stays in 整改落实 for months is not marked overdue for it on the dashboard or the supervisors' overview."""

import datetime

import time_machine
from django.urls import reverse

from rectification import services
from rectification.models import Item
from tests.feedback.factories import opinions
from tests.rectification.factories import at_stage, team_list

LATER = datetime.datetime(2027, 3, 20, 10, 0, tzinfo=datetime.UTC)  # two months after the 20 January meeting


def plan_row(meeting):
    return meeting.schedule.get(activity="rectification_plan")


def test_the_first_item_meets_the_lists_deadline(world):
    meeting = at_stage(world.meeting)
    [opinion] = opinions(meeting, 1, text="调研不够深入")
    assert plan_row(meeting).done_at is None
    services.make_items(team_list(meeting), [f"opinion:{opinion.pk}"], world.office)
    assert plan_row(meeting).done_at is not None


@time_machine.travel(LATER, tick=False)
def test_a_meeting_with_its_lists_made_is_not_overdue_on_the_supervisors_pages(world, client):
    meeting = at_stage(world.meeting)
    # The report and the 通报 are sent: the lists' deadline is the one left.
    meeting.schedule.exclude(activity="rectification_plan").update(done_at=LATER)
    client.force_login(world.supervisor)
    overview = reverse("supervision_overview") + f"?year={meeting.year}&overdue=1"
    assert meeting.organisation.name in client.get(overview).content.decode()  # 15 days are long past
    [opinion] = opinions(meeting, 1, text="调研不够深入")
    services.make_items(team_list(meeting), [f"opinion:{opinion.pk}"], world.office)
    Item.objects.filter(meeting=meeting).update(deadline=datetime.date(2027, 12, 31))
    assert "没有符合条件的会议" in client.get(overview).content.decode()
