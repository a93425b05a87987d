"""The meeting page at scale: the same queries for ten opinions as for a thousand, and the schedule read once."""

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from feedback.models import OpinionStatus
from tests.feedback.factories import opinions


def test_the_meeting_page_takes_as_many_queries_for_1000_opinions_as_for_10(
    world, client, django_assert_max_num_queries
):
    url = reverse("meeting_detail", args=[world.meeting.pk])
    opinions(world.meeting, 10)
    for user in (world.office, world.members[0]):
        client.force_login(user)
        with django_assert_max_num_queries(30) as few:
            client.get(url)
        opinions(world.meeting, 500)
        opinions(world.meeting, 500, status=OpinionStatus.NEW, addressee=world.members[0])
        with django_assert_max_num_queries(len(few.captured_queries)):
            response = client.get(url)
        assert response.status_code == 200


def test_the_stepper_timeline_plan_and_reporting_card_share_one_read_of_the_schedule(world, client):
    client.force_login(world.office)
    with CaptureQueriesContext(connection) as queries:
        body = client.get(reverse("meeting_detail", args=[world.meeting.pk])).content.decode()
    reads = [q for q in queries.captured_queries if 'FROM "meetings_scheduleitem"' in q["sql"]]
    assert len(reads) == 1
    first = world.meeting.schedule.first()
    assert first.title in body
