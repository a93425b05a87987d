"""A meeting's reminder rule: the office edits it, the team and supervisors read it, and the page shows
when each open deadline will next be reminded."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from reminders.models import ReminderRule
from reminders.scan import Rule
from reminders.views import next_reminder
from tests.rectification.factories import at_stage, items, member_list

DUE = datetime.date(2027, 4, 20)
READERS = ["secretary", "member", "supervisor"]
STRANGERS = ["other_office", "other_member", "outsider"]
GOOD = {"days_before": "5,2", "on_the_day": "on", "overdue_every_days": "3", "enabled": "on"}


def url_of(meeting):
    return reverse("reminder_rule", args=[meeting.pk])


def test_the_office_edits_the_rule_the_team_and_supervisors_read_it_others_see_nothing(world, client):
    url = url_of(world.meeting)
    for role in ["office", *READERS, *STRANGERS]:
        client.force_login(getattr(world, role))
        response = client.get(url)
        body = response.content.decode()
        if role == "office":
            assert response.status_code == 200 and 'data-testid="rule-form"' in body
        elif role in READERS:
            assert response.status_code == 200, role
            assert "截止前3、1天各提醒一次" in body and 'data-testid="rule-form"' not in body, role
        else:
            assert response.status_code == 404, role
            assert world.meeting.theme not in body and world.county.name not in body
    client.logout()
    assert client.get(url).status_code == 302


def test_only_the_office_may_save_the_rule(world, client):
    url = url_of(world.meeting)
    for role in READERS + STRANGERS:
        client.force_login(getattr(world, role))
        response = client.post(url, GOOD)
        assert response.status_code == (403 if role in READERS else 404), role
        assert world.meeting.theme not in response.content.decode()
    client.logout()
    client.post(url, GOOD)
    assert not ReminderRule.objects.exists()
    client.force_login(world.office)
    response = client.post(url, GOOD, follow=True)
    assert "提醒规则已保存" in response.content.decode()
    rule = ReminderRule.objects.get(meeting=world.meeting)
    assert (rule.days_before, rule.on_the_day, rule.overdue_every_days, rule.enabled) == (
        "5,2",
        True,
        3,
        True,
    )


def test_a_meeting_without_its_own_rule_shows_the_defaults(world, login):
    body = login(world.office).get(url_of(world.meeting)).content.decode()
    assert "默认规则" in body
    assert "截止前3、1天各提醒一次；截止当天提醒；逾期后每7天提醒一次。" in body
    assert 'name="days_before" value="3,1"' in body and 'name="overdue_every_days" value="7"' in body


def test_saving_again_updates_the_one_row(world, login):
    client = login(world.office)
    client.post(url_of(world.meeting), GOOD)
    client.post(url_of(world.meeting), {**GOOD, "days_before": "7", "overdue_every_days": "0", "enabled": ""})
    rule = ReminderRule.objects.get(meeting=world.meeting)
    assert (rule.days_before, rule.overdue_every_days, rule.enabled) == ("7", 0, False)
    body = client.get(url_of(world.meeting)).content.decode()
    assert "已停用" in body


@pytest.mark.parametrize(
    ("typed", "saved"), [("3,1", "3,1"), ("1， 3,3", "3,1"), ("7、14", "14,7"), ("", "")]
)
def test_days_before_accepts_a_comma_list_of_positive_integers(world, login, typed, saved):
    login(world.office).post(url_of(world.meeting), {**GOOD, "days_before": typed})
    assert ReminderRule.objects.get(meeting=world.meeting).days_before == saved


@pytest.mark.parametrize(
    ("typed", "message"),
    [("3,a", "“a”不是正整数"), ("0", "“0”不是正整数"), ("3,-1", "“-1”不是正整数"), ("120", "不能超过90天")],
)
def test_a_wrong_days_before_is_refused_beside_the_field_and_the_typing_kept(world, login, typed, message):
    response = login(world.office).post(url_of(world.meeting), {**GOOD, "days_before": typed})
    body = response.content.decode()
    assert response.status_code == 200 and message in body and "如：3,1" in body
    assert f'value="{typed}"' in body and "未能保存" in body
    assert not ReminderRule.objects.exists()


def test_a_negative_overdue_interval_is_refused(world, login):
    response = login(world.office).post(url_of(world.meeting), {**GOOD, "overdue_every_days": "-1"})
    assert "填 0 表示逾期后不再提醒" in response.content.decode()
    assert not ReminderRule.objects.exists()


def test_the_meeting_page_links_the_rule_for_the_office_only(world, login):
    link = f'href="{url_of(world.meeting)}"'
    assert (
        link in login(world.office).get(reverse("meeting_detail", args=[world.meeting.pk])).content.decode()
    )
    assert (
        link
        not in login(world.member).get(reverse("meeting_detail", args=[world.meeting.pk])).content.decode()
    )


@pytest.fixture
def ledger(world):
    meeting = at_stage(world.meeting)
    (mine,) = items(member_list(meeting, world.member), 1, deadline=DUE, text="成员1的问题")
    (theirs,) = items(member_list(meeting, world.members[1]), 1, deadline=DUE, text="成员2的问题")
    return meeting, mine, theirs


def deadline_row(body, text):
    table = body[body.index('data-testid="deadlines"') :]
    start = table.index(text)
    return table[start : table.index("</tr>", start)]


def test_each_open_deadline_shows_its_due_date_and_next_reminder(world, ledger, login, at):
    meeting, mine, _theirs = ledger
    at(DUE - datetime.timedelta(days=5))
    row = deadline_row(login(world.office).get(url_of(meeting)).content.decode(), "成员1的问题")
    assert "2027年4月20日" in row and "还有5天" in row
    assert "2027年4月17日" in row and "提前3天" in row and "成员1" in row
    at(DUE + datetime.timedelta(days=2))
    row = deadline_row(login(world.office).get(url_of(meeting)).content.decode(), "成员1的问题")
    assert "已逾期2天" in row and "2027年4月27日" in row and "逾期第1次" in row


def test_the_next_reminder_follows_the_meetings_own_rule(world, ledger, login, at):
    meeting, _mine, _theirs = ledger
    ReminderRule.objects.create(meeting=meeting, days_before="10", on_the_day=False, overdue_every_days=0)
    at(DUE - datetime.timedelta(days=5))
    row = deadline_row(login(world.office).get(url_of(meeting)).content.decode(), "成员1的问题")
    assert "不再提醒" in row


def test_a_member_does_not_learn_of_another_members_items(world, ledger, login, at):
    meeting, _mine, _theirs = ledger
    at(DUE - datetime.timedelta(days=5))
    body = login(world.member).get(url_of(meeting)).content.decode()
    assert "成员1的问题" in body and "成员2的问题" not in body
    body = login(world.secretary).get(url_of(meeting)).content.decode()
    assert "成员1的问题" in body and "成员2的问题" in body


def test_a_meeting_without_open_deadlines_says_so(world, login):
    from meetings.models import Meeting

    Meeting.objects.filter(pk=world.meeting.pk).update(stage="closed")
    body = login(world.office).get(url_of(world.meeting)).content.decode()
    assert "没有未完成的截止事项" in body


@pytest.mark.parametrize(
    "rule",
    [Rule(), Rule((5, 2), False, 3), Rule((), True, 0), Rule((1,), False, 10), Rule(enabled=False)],
)
def test_the_next_reminder_shown_is_the_day_the_scan_sends_it(rule):
    """The page's arithmetic agrees with ``Rule.offsets``, which the scan uses, for every day around a due date."""
    for today in (DUE + datetime.timedelta(days=n) for n in range(-20, 40)):
        shown = next_reminder(rule, DUE, today)
        sent = [
            (day, rule.offsets(day)[DUE])
            for day in (today + datetime.timedelta(days=n) for n in range(0, 60))
            if DUE in rule.offsets(day)
        ]
        assert shown == (sent[0] if sent else None), (rule, today)


def test_the_deadline_list_needs_as_many_queries_for_50_items_as_for_2(
    world, ledger, client, at, django_assert_max_num_queries
):
    meeting, _mine, _theirs = ledger
    at(DUE - datetime.timedelta(days=5))
    client.force_login(world.office)
    with CaptureQueriesContext(connection) as few:
        client.get(url_of(meeting))
    items(member_list(meeting, world.members[2]), 48, deadline=DUE)
    with django_assert_max_num_queries(len(few.captured_queries)):
        body = client.get(url_of(meeting)).content.decode()
    assert body.count("提前3天") >= 50
