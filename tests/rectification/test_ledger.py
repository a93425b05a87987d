"""The ledger (整改台账) and the meeting page's rectification panel, as each role sees them.

The team list is the whole team's; a member's list is seen by that member, the secretary, the office and
the supervisors. Member A must never read member B's items.
"""

import datetime
import re

import pytest
import time_machine
from django.db import connection
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from meetings.workflow import Stage
from rectification.models import Item, ItemKind, ItemStatus
from tests.rectification.factories import at_stage, items, member_list, team_list

TODAY = datetime.date(2027, 3, 1)  # the meeting was on 2027-01-20
TEAM = ["secretary", "member_a", "member_b", "office", "supervisor"]
STRANGERS = ["other_office", "other_member", "outsider"]
TEAM_TEXT = "班子调研不深"
A_TEXT = "甲分管领域督导不力"
B_TEXT = "乙联系点走访流于形式"


def user_of(world, role):
    return {"member_a": world.members[0], "member_b": world.members[1]}.get(role) or getattr(world, role)


def ledger_url(meeting, **params):
    query = "&".join(f"{key}={value}" for key, value in params.items())
    return reverse("rectification_ledger", args=[meeting.pk]) + (f"?{query}" if query else "")


def rows(body):
    """How many items the table shows."""
    return len(re.findall(r'data-testid="ledger-row-\d+"', body))


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(datetime.datetime(2027, 3, 1, 10, 0), tick=False):
        yield


@pytest.fixture
def ledger(world):
    """Two team items (the secretary's, one overdue), one of member A's (in progress), one of B's."""
    meeting = at_stage(world.meeting)
    a, b = world.members[0], world.members[1]
    [overdue, _] = items(team_list(meeting), 2, text=TEAM_TEXT, owner=world.secretary)
    Item.objects.filter(pk=overdue.pk).update(deadline=TODAY - datetime.timedelta(days=3))
    items(
        member_list(meeting, a),
        1,
        text=A_TEXT,
        status=ItemStatus.IN_PROGRESS,
        unit="县委组织部",
        kind=ItemKind.IMMEDIATE,
    )
    items(member_list(meeting, b), 1, text=B_TEXT, unit="县委宣传部")
    return meeting


def test_everyone_of_the_meeting_reads_the_ledger_and_strangers_get_404(world, client, ledger):
    for role in TEAM:
        client.force_login(user_of(world, role))
        response = client.get(ledger_url(ledger))
        assert response.status_code == 200, role
        assert TEAM_TEXT in response.content.decode(), role
    for role in STRANGERS:
        client.force_login(user_of(world, role))
        response = client.get(ledger_url(ledger))
        assert response.status_code == 404, role
        body = response.content.decode()
        assert TEAM_TEXT not in body and A_TEXT not in body and B_TEXT not in body, role
    client.logout()
    assert client.get(ledger_url(ledger)).status_code == 302  # to the login page


def test_a_member_sees_the_team_list_and_their_own_never_another_members_items(world, login, ledger):
    body = login(world.members[0]).get(ledger_url(ledger)).content.decode()
    assert TEAM_TEXT in body and A_TEXT in body
    assert B_TEXT not in body
    assert "县委宣传部" not in body  # B's unit is not even a filter choice
    assert "您本人的问题清单" in body
    b_list = member_list(ledger, world.members[1])
    body = login(world.members[0]).get(ledger_url(ledger, list=b_list.pk)).content.decode()
    assert B_TEXT not in body


@pytest.mark.parametrize("role", ["secretary", "office", "supervisor"])
def test_the_secretary_office_and_supervisor_see_every_list(world, login, ledger, role):
    body = login(user_of(world, role)).get(ledger_url(ledger)).content.decode()
    assert rows(body) == 4
    assert TEAM_TEXT in body and A_TEXT in body and B_TEXT in body


@pytest.mark.parametrize(
    ("param", "value", "shown", "hidden"),
    [
        ("owner", "member_a", [A_TEXT], [TEAM_TEXT, B_TEXT]),
        ("unit", "县委宣传部", [B_TEXT], [TEAM_TEXT, A_TEXT]),
        ("kind", ItemKind.IMMEDIATE, [A_TEXT], [TEAM_TEXT, B_TEXT]),
        ("status", ItemStatus.IN_PROGRESS, [A_TEXT], [TEAM_TEXT, B_TEXT]),
        ("q", "联系点", [B_TEXT], [TEAM_TEXT, A_TEXT]),
        ("overdue", "on", [f"{TEAM_TEXT}1"], [f"{TEAM_TEXT}2", A_TEXT, B_TEXT]),
    ],
)
def test_each_filter_narrows_the_rows(world, login, ledger, param, value, shown, hidden):
    if param == "owner":
        value = world.members[0].pk
    body = login(world.office).get(ledger_url(ledger, **{param: value})).content.decode()
    table = body.split('data-testid="ledger-table"')[1]
    for text in shown:
        assert text in table
    for text in hidden:
        assert text not in table
    assert f"筛选出 {len(shown)} 项（共 4 项）" in body


def test_the_list_filter_shows_one_list(world, login, ledger):
    a_list = member_list(ledger, world.members[0])
    body = login(world.office).get(ledger_url(ledger, list=a_list.pk)).content.decode()
    assert rows(body) == 1 and A_TEXT in body


def test_an_unknown_filter_value_is_ignored_not_an_error(world, login, ledger):
    response = login(world.office).get(ledger_url(ledger, status="nonsense", owner="abc", list="999999"))
    assert response.status_code == 200
    assert rows(response.content.decode()) == 4


def test_an_overdue_open_item_carries_a_red_badge_with_the_days(world, login, ledger):
    body = login(world.office).get(ledger_url(ledger)).content.decode()
    assert '<span class="badge text-bg-danger">已逾期3天</span>' in body
    assert "2027年2月26日" in body  # its deadline
    assert "还有" in body  # the others are due later


def test_counts_by_status_and_overdue_above_the_table(world, login, ledger):
    body = login(world.office).get(ledger_url(ledger)).content.decode()
    counts = body.split('data-testid="ledger-counts"')[1].split("</div>")[0]
    assert "共 4 项" in counts
    assert "未启动 3" in counts and "整改中 1" in counts and "已销号 0" in counts
    assert "已逾期 1" in counts
    body = login(world.office).get(ledger_url(ledger, status=ItemStatus.NOT_STARTED)).content.decode()
    assert "筛选出 3 项（共 4 项）" in body


def test_a_carried_item_shows_the_carried_badge(world, login, ledger):
    previous_item = Item.objects.get(problem__startswith=B_TEXT)
    Item.objects.filter(problem__startswith=A_TEXT).update(carried_from=previous_item)
    body = login(world.office).get(ledger_url(ledger)).content.decode()
    assert body.count(">结转</span>") == 1


def test_the_ledger_pages_by_fifty_and_keeps_the_filters(world, login, ledger):
    items(team_list(ledger), 120, text="批量问题", unit="县委办公室")
    client = login(world.office)
    body = client.get(ledger_url(ledger, unit="县委办公室")).content.decode()
    assert rows(body) == 50
    assert "第 1 / 3 页" in body
    assert 'href="?unit=%E5%8E%BF%E5%A7%94%E5%8A%9E%E5%85%AC%E5%AE%A4&page=2"' in body
    last = client.get(ledger_url(ledger, unit="县委办公室", page=3)).content.decode()
    assert rows(last) == 122 - 100


def test_the_buttons_follow_the_users_rights(world, login, ledger):
    office = login(world.office).get(ledger_url(ledger)).content.decode()
    assert "导出Excel" in office and "整改清单（Word）" in office and "整改落实情况通报（PDF）" in office
    assert 'data-testid="ledger-import"' in office and 'data-testid="nav-build"' in office
    member = login(world.members[0]).get(ledger_url(ledger)).content.decode()
    assert "导出Excel" in member and "整改落实情况通报（Word）" in member
    assert 'data-testid="ledger-import"' not in member and 'data-testid="nav-build"' not in member
    supervisor = login(world.supervisor).get(ledger_url(ledger)).content.decode()
    assert 'data-testid="ledger-import"' not in supervisor and 'data-testid="nav-build"' not in supervisor


def test_the_empty_ledger_says_where_lists_come_from_and_links_the_office_to_build(world, login):
    meeting = at_stage(world.meeting)
    body = login(world.office).get(ledger_url(meeting)).content.decode()
    assert 'data-testid="ledger-empty"' in body
    assert "会议记录、对照检查材料查摆的问题、征求的意见建议和会上收到的批评意见" in body
    assert reverse("rectification_build", args=[meeting.pk]) in body
    member = login(world.members[0]).get(ledger_url(meeting)).content.decode()
    assert "办公室建立清单后" in member
    assert reverse("rectification_build", args=[meeting.pk]) not in member


def test_before_the_meeting_the_ledger_says_it_is_not_time_yet(world, login):
    body = login(world.office).get(ledger_url(world.meeting)).content.decode()
    assert "尚未到建立清单的时候" in body
    assert reverse("rectification_build", args=[world.meeting.pk]) not in body


def test_the_burndown_is_drawn_under_the_counts(world, login, ledger):
    body = login(world.office).get(ledger_url(ledger)).content.decode()
    assert '<svg xmlns="http://www.w3.org/2000/svg"' in body
    assert "未完成整改事项趋势（全部清单）" in body
    assert 'data-testid="burndown-last">4项<' in body
    a_list = member_list(ledger, world.members[0])
    body = login(world.office).get(ledger_url(ledger, list=a_list.pk)).content.decode()
    assert f"未完成整改事项趋势（{world.members[0].name}）" in body
    assert 'data-testid="burndown-last">1项<' in body


def _ledger_queries(client, meeting, query=""):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(ledger_url(meeting) + query)
    assert response.status_code == 200
    return len(captured.captured_queries)


@pytest.mark.parametrize("role", ["office", "member_a"])
def test_ledger_query_count_does_not_grow_with_items(world, client, django_assert_max_num_queries, role):
    meeting = at_stage(world.meeting)
    client.force_login(user_of(world, role))
    for rectification_list in (team_list(meeting), member_list(meeting, world.members[0])):
        items(rectification_list, 5, owner=world.members[0])
    few = _ledger_queries(client, meeting)
    for rectification_list in (team_list(meeting), member_list(meeting, world.members[0])):
        items(rectification_list, 495, owner=world.members[0], unit="县委办公室")
    with django_assert_max_num_queries(few):
        response = client.get(ledger_url(meeting))
    assert rows(response.content.decode()) == 50
    assert few <= 30  # a fixed budget: about ten of these are the access module's role look-ups


def test_a_filtered_ledger_counts_its_rows_and_the_whole_in_the_same_queries_at_any_size(world, client):
    """The figures above the table (筛选出 n 项（共 m 项）) and the page's rows come from the same few
    queries whether a filter is chosen or not, for 10 items or 1,000, on the last page as on the first."""
    meeting = at_stage(world.meeting)
    client.force_login(world.office)
    team = team_list(meeting)
    items(team, 5, unit="县委宣传部")
    items(team, 5)
    filtered = "?unit=县委宣传部&status=open"
    few = {_ledger_queries(client, meeting), _ledger_queries(client, meeting, filtered)}
    items(team, 495, unit="县委宣传部")
    items(team, 495)
    many = {_ledger_queries(client, meeting), _ledger_queries(client, meeting, filtered + "&page=10")}
    assert few == many and len(few) == 1
    body = client.get(ledger_url(meeting) + filtered + "&page=10").content.decode()
    assert "筛选出 500 项（共 1000 项）" in body
    assert rows(body) == 50


# --- the meeting page's panel ---------------------------------------------------------------------


def panel(body):
    return body.split('data-testid="rectification-panel"')[1].split('<div class="card mb-3"')[0]


def test_the_panel_is_a_hint_before_the_meeting(world, login):
    body = panel(login(world.office).get(reverse("meeting_detail", args=[world.meeting.pk])).content.decode())
    assert "会议召开后" in body
    assert "整改台账" not in body


def test_the_panel_counts_items_and_overdue_and_links_the_ledger(world, login, ledger):
    body = panel(login(world.office).get(reverse("meeting_detail", args=[ledger.pk])).content.decode())
    assert "未启动 3" in body and "整改中 1" in body and "共 4 项" in body
    assert "已逾期 1" in body and "text-bg-danger" in body
    assert reverse("rectification_ledger", args=[ledger.pk]) in body
    assert reverse("rectification_build", args=[ledger.pk]) in body


def test_the_panel_shows_a_member_their_own_open_items_and_no_build_link(world, login, ledger):
    body = panel(login(world.members[0]).get(reverse("meeting_detail", args=[ledger.pk])).content.decode())
    assert re.search(r'data-testid="own-open">1</strong>', body)
    assert "共 3 项" in body  # the team's two and A's own
    assert reverse("rectification_build", args=[ledger.pk]) not in body
    supervisor = panel(
        login(world.supervisor).get(reverse("meeting_detail", args=[ledger.pk])).content.decode()
    )
    assert "own-open" not in supervisor and reverse("rectification_build", args=[ledger.pk]) not in supervisor


def test_the_panel_query_count_does_not_grow_with_items(world, client, django_assert_max_num_queries):
    meeting = at_stage(world.meeting, Stage.RECTIFICATION)
    client.force_login(world.members[0])
    items(member_list(meeting, world.members[0]), 10)
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("meeting_detail", args=[meeting.pk]))
    items(member_list(meeting, world.members[0]), 990)
    with django_assert_max_num_queries(len(few.captured_queries)):
        body = client.get(reverse("meeting_detail", args=[meeting.pk])).content.decode()
    assert 'data-testid="own-open">1000</strong>' in body


# --- the nav other rectification pages include ----------------------------------------------------


def nav_for(user, meeting):
    request = RequestFactory().get("/")
    request.user = user
    return render_to_string("rectification/_nav.html", {"meeting": meeting, "request": request})


def test_the_shared_nav_needs_only_the_meeting_and_the_request(world):
    meeting = at_stage(world.meeting)
    office = nav_for(world.office, meeting)
    for name in [
        "rectification_ledger",
        "rectification_build",
        "rectification_opinions",
        "rectification_activities",
    ]:
        assert reverse(name, args=[meeting.pk]) in office
    assert reverse("rectification_import", args=[meeting.pk]) in office
    for user in (world.members[0], world.secretary, world.supervisor):
        nav = nav_for(user, meeting)
        assert reverse("rectification_ledger", args=[meeting.pk]) in nav
        assert reverse("rectification_build", args=[meeting.pk]) not in nav
        assert reverse("rectification_import", args=[meeting.pk]) not in nav
