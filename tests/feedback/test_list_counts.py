"""The opinion list at scale: its counts come from one grouped COUNT, the filtered count is right whichever
filter narrows the list, and on PostgreSQL one meeting's list is read through its own index."""

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from feedback.models import Opinion, OpinionStatus
from orgs import access
from tests.factories import make_meeting

from .factories import opinions


def opinion_counts(queries):
    """The COUNTs over opinions among ``queries``."""
    return [q["sql"] for q in queries if "COUNT(" in q["sql"] and "feedback_opinion" in q["sql"]]


def totals_line(response):
    body = response.content.decode()
    start = body.index("共 ")
    return " ".join(body[start : body.index("</p>", start)].split())


@pytest.fixture
def mixed(world):
    """35 accepted opinions on the first channel, 3 new ones on the second."""
    meeting = world.meeting
    opinions(meeting, 35)
    opinions(meeting, 3, status=OpinionStatus.NEW, channel=meeting.channels.all()[1])
    return meeting


def test_the_unfiltered_list_counts_its_opinions_once(world, client, mixed):
    client.force_login(world.office)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("opinion_list", args=[mixed.pk]))
    assert "共 38 条，其中已采纳 35 条" in totals_line(response)
    assert "筛选出 38 条" in totals_line(response)
    assert len(opinion_counts(queries.captured_queries)) == 1


def test_a_status_filter_takes_its_count_from_the_same_grouped_count(world, client, mixed):
    client.force_login(world.office)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("opinion_list", args=[mixed.pk]), {"status": "new"})
    assert "筛选出 3 条" in totals_line(response)
    assert response.content.decode().count('class="form-check-input row-check"') == 3
    assert len(opinion_counts(queries.captured_queries)) == 1


def test_other_filters_count_what_they_keep(world, client, mixed):
    client.force_login(world.office)
    second = mixed.channels.all()[1]
    response = client.get(reverse("opinion_list", args=[mixed.pk]), {"channel": second.pk})
    assert "共 38 条" in totals_line(response) and "筛选出 3 条" in totals_line(response)
    response = client.get(reverse("opinion_list", args=[mixed.pk]), {"q": "意见3"})
    assert "筛选出 6 条" in totals_line(response)  # 意见3 and 意见30 … 意见34; the new ones are 意见0 … 意见2


def test_a_member_sees_the_count_of_what_they_may_read(world, client, mixed):
    opinions(mixed, 4, addressee=world.members[1])  # addressed to another member: not counted
    client.force_login(world.members[0])
    response = client.get(reverse("opinion_list", args=[mixed.pk]))
    assert "共 35 条" in totals_line(response) and "筛选出 35 条" in totals_line(response)
    response = client.get(reverse("opinion_list", args=[mixed.pk]), {"page": 2})
    assert "第 2 / 2 页" in response.content.decode()


def test_a_page_past_the_last_shows_the_last(world, client, mixed):
    client.force_login(world.office)
    response = client.get(reverse("opinion_list", args=[mixed.pk]), {"page": 9})
    assert "第 2 / 2 页" in response.content.decode()


@pytest.mark.postgres
def test_on_postgresql_the_list_of_one_meeting_is_read_through_its_own_index(world):
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL (DATABASE_URL); .ci/run runs it")
    meeting = world.meeting
    opinions(meeting, 200)
    opinions(meeting, 50, status=OpinionStatus.NEW)
    # Another team's opinions, entered later: newest first, the global created_at index meets them first.
    opinions(make_meeting(world.other_county, world.other_office), 3000)
    listed = access.opinions_for(world.office, meeting).order_by("-created_at", "-pk")[:30]
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"ANALYZE {Opinion._meta.db_table}")
        # On a table this small PostgreSQL may read it all, or sort a meeting's few hundred rows; asked
        # not to, it shows which index serves the list in its order.
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_sort = off")
        plan = listed.explain()
        by_status = (
            meeting.opinions.filter(status=OpinionStatus.NEW).order_by("-created_at", "-pk")[:30].explain()
        )
    assert "opinion_meeting_created" in plan, plan
    assert "Sort" not in plan, plan  # the index gives the order: nothing is sorted
    assert "opinion_meeting_status" in by_status and "Sort" not in by_status, by_status
