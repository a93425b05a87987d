"""整改推进活动: the meetings and study sessions held for the rectification, counted by kind for the progress
report ("全年共组织召开…会议n次、中心组学习n次、调度会议n次"). Everyone of the meeting reads them; the office
records and deletes them while the ledger is open."""

import datetime

import pytest
import time_machine
from django.urls import reverse

from meetings.workflow import Stage
from rectification.models import Activity, ActivityKind
from tests.factories import make_meeting
from tests.rectification.factories import at_stage

from .test_items import ROLES, user_of

TITLE = "研究部署问题整改工作"


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(datetime.datetime(2027, 3, 1, 10, 0), tick=False):
        yield


@pytest.fixture
def held(world):
    """Two team meetings, one group study, no scheduling meeting yet."""
    meeting = at_stage(world.meeting)
    rows = [
        (ActivityKind.TEAM_MEETING, datetime.date(2027, 2, 3), TITLE),
        (ActivityKind.TEAM_MEETING, datetime.date(2027, 2, 20), "听取整改进展汇报"),
        (ActivityKind.GROUP_STUDY, datetime.date(2027, 2, 10), "专题学习党章党规"),
    ]
    Activity.objects.bulk_create(
        Activity(meeting=meeting, kind=kind, date=date, title=title, by=world.office)
        for kind, date, title in rows
    )
    return meeting


def activities_url(meeting):
    return reverse("rectification_activities", args=[meeting.pk])


NEW = {"kind": ActivityKind.SCHEDULING, "date": "2027-02-28", "title": "整改调度会议"}
READERS = ["office", "secretary", "member", "owner", "supervisor"]


@pytest.mark.parametrize("role", [*ROLES, "anonymous"])
def test_the_activities_by_role(world, client, held, role):
    activity = Activity.objects.get(title=TITLE)
    delete_url = reverse("rectification_activity_delete", args=[held.pk, activity.pk])
    if role != "anonymous":
        client.force_login(user_of(world, role))
    reading = client.get(activities_url(held))
    adding = client.post(activities_url(held), NEW)
    deleting = client.post(delete_url)
    if role == "anonymous":
        for response in (reading, adding, deleting):
            assert response.status_code == 302 and reverse("login") in response["Location"]
    elif role == "office":
        assert reading.status_code == 200 and (adding.status_code, deleting.status_code) == (302, 302)
    elif role in READERS:
        assert reading.status_code == 200 and TITLE in reading.content.decode()
        assert (adding.status_code, deleting.status_code) == (403, 403)
    else:
        assert (reading.status_code, adding.status_code, deleting.status_code) == (404, 404, 404)
        assert TITLE not in reading.content.decode()
    changed = role == "office"
    assert Activity.objects.filter(title=NEW["title"]).exists() == changed
    assert Activity.objects.filter(pk=activity.pk).exists() != changed


def test_the_counts_by_kind_read_as_the_report_will_print_them(world, client, held):
    client.force_login(world.member)
    body = client.get(activities_url(held)).content.decode()
    assert "共 3 次" in body
    assert "全年共组织召开班子会议2次、中心组学习1次、整改调度会议0次" in body
    assert body.index("2027年2月20日") < body.index("2027年2月10日") < body.index("2027年2月3日")


def test_only_the_office_gets_the_form_and_the_delete_buttons(world, client, held):
    client.force_login(world.office)
    body = client.get(activities_url(held)).content.decode()
    assert 'data-testid="activity-form"' in body and "data-confirm=" in body and "删除" in body
    for user in [world.secretary, world.supervisor, world.member]:
        client.force_login(user)
        body = client.get(activities_url(held)).content.decode()
        assert 'data-testid="activity-form"' not in body and "data-confirm=" not in body


def test_the_office_records_an_activity_and_it_is_counted(world, client, held):
    client.force_login(world.office)
    response = client.post(activities_url(held), NEW, follow=True)
    body = response.content.decode()
    assert "已记录整改调度会议：整改调度会议。" in body and "整改调度会议1次" in body
    assert Activity.objects.get(title="整改调度会议").by == world.office


def test_a_refused_activity_keeps_what_was_typed(world, client, held):
    client.force_login(world.office)
    response = client.post(activities_url(held), {**NEW, "date": "2027-03-09", "title": "下周的调度会"})
    body = response.content.decode()
    assert response.status_code == 400
    assert "日期不能晚于今天" in body and "下周的调度会" in body and "2027-03-09" in body
    assert not Activity.objects.filter(title="下周的调度会").exists()


def test_activities_are_recorded_only_while_the_ledger_is_open(world, client, held):
    at_stage(held, Stage.CLOSED)
    client.force_login(world.office)
    assert client.get(activities_url(held)).status_code == 200
    assert client.post(activities_url(held), NEW).status_code == 403


def test_an_activity_of_another_meeting_is_not_deleted_through_this_one(world, client, held):
    other = at_stage(make_meeting(world.county, world.office, date=datetime.date(2026, 1, 20)))
    activity = Activity.objects.create(
        meeting=other, kind=ActivityKind.GROUP_STUDY, date=datetime.date(2026, 3, 1), title="去年"
    )
    client.force_login(world.office)
    response = client.post(reverse("rectification_activity_delete", args=[held.pk, activity.pk]))
    assert response.status_code == 404 and Activity.objects.filter(pk=activity.pk).exists()


def test_an_empty_list_says_what_to_do_first(world, client):
    meeting = at_stage(world.meeting)
    client.force_login(world.office)
    body = client.get(activities_url(meeting)).content.decode()
    assert "还没有记录整改推进活动" in body and "共 0 次" in body


@pytest.mark.parametrize("count", [10, 1000])
def test_the_list_takes_the_same_queries_for_10_or_1000_activities(
    world, client, django_assert_max_num_queries, count
):
    meeting = at_stage(world.meeting)
    kinds = list(ActivityKind)
    Activity.objects.bulk_create(
        Activity(
            meeting=meeting,
            kind=kinds[i % 3],
            date=datetime.date(2027, 2, 1),
            title=f"活动{i}",
            by=world.office,
        )
        for i in range(count)
    )
    client.force_login(world.office)
    with django_assert_max_num_queries(12):
        body = client.get(activities_url(meeting)).content.decode()
    assert f"共 {count} 次" in body
