"""Calendars: the private feed per user, its settings page and the download per meeting, read back with
icalendar as a calendar app would read them."""

import datetime
import re
import zoneinfo
from urllib.parse import quote

import pytest
from django.urls import reverse
from icalendar import Calendar

from inspection import services as inspection
from inspection.models import Draft, DraftStatus
from meetings.models import Meeting
from meetings.workflow import Stage
from rectification import services as rectification
from reminders.models import CalendarToken
from tests.rectification.factories import at_stage, items, member_list, pdf_file

SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")
TODAY = datetime.date(2027, 1, 10)  # the meeting (2027-01-20) is being prepared: drafts due 2027-01-15
DRAFTS_DUE = datetime.date(2027, 1, 15)
ITEM_DUE = datetime.date(2027, 4, 20)
ROLES = [
    "office",
    "secretary",
    "member",
    "supervisor",
    "other_office",
    "other_member",
    "outsider",
    "anonymous",
]
SEES_MEETING = {"office", "secretary", "member", "supervisor"}
SITE = "https://shh.example.org"


@pytest.fixture(autouse=True)
def site(settings):
    settings.SITE_URL = SITE


@pytest.fixture
def drafting(world, at):
    """The meeting in its drafting stage: every outline still to write, and items with deadlines on member
    1's and member 2's lists (member 2's are private to them)."""
    at(TODAY)
    meeting = at_stage(world.meeting, Stage.DRAFTING)
    inspection.ensure_drafts(meeting)
    own = items(member_list(meeting, world.members[0]), 1, text="成员1的问题", deadline=ITEM_DUE)
    private = items(member_list(meeting, world.members[1]), 1, text="成员2的私密问题", deadline=ITEM_DUE)
    return {"meeting": meeting, "own": own[0], "private": private[0]}


def feed_url(user):
    token = CalendarToken.objects.get_or_create(user=user)[0].token
    return reverse("calendar_feed", args=[token])


def parse(response):
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    return Calendar.from_ical(response.content)


def summaries(calendar):
    return [str(event["summary"]) for event in calendar.events]


def event_of(calendar, uid_start):
    (event,) = [event for event in calendar.events if str(event["uid"]).startswith(uid_start)]
    return event


def user_of(world, role):
    return getattr(world, role)


def test_the_feed_shows_each_open_deadline_as_an_all_day_event_with_an_alarm_at_9_the_day_before(
    client, world, drafting
):
    calendar = parse(client.get(feed_url(world.member)))
    assert str(calendar["x-wr-calname"]) == "民主生活会截止事项（成员1）"
    assert str(calendar["x-wr-timezone"]) == "Asia/Shanghai"
    item = drafting["own"]
    event = event_of(calendar, f"item-{item.pk}-20270420@shh.example.org")
    assert str(event["summary"]).startswith("【截止】整改事项第1项：成员1的问题")
    assert event.decoded("dtstart") == ITEM_DUE and not isinstance(
        event.decoded("dtstart"), datetime.datetime
    )
    assert event.decoded("dtend") == ITEM_DUE + datetime.timedelta(days=1)
    link = f"{SITE}/meetings/{item.meeting_id}/rectification/items/{item.pk}/"
    assert str(event["url"]) == link
    assert drafting["meeting"].title in str(event["description"]) and link in str(event["description"])
    (alarm,) = event.walk("VALARM")
    alarm_at = datetime.datetime.combine(ITEM_DUE, datetime.time(0), tzinfo=SHANGHAI) + alarm.decoded(
        "trigger"
    )
    assert alarm_at == datetime.datetime(2027, 4, 19, 9, 0, tzinfo=SHANGHAI)
    outline = event_of(calendar, "draft-")
    assert str(outline["summary"]) == "【截止】完成个人发言提纲并报审"
    assert outline.decoded("dtstart") == DRAFTS_DUE


def test_a_deadline_keeps_its_uid_across_requests_so_calendars_update_rather_than_duplicate(
    client, world, drafting
):
    url = feed_url(world.member)
    first = parse(client.get(url))
    second = parse(client.get(url))
    uids = [str(event["uid"]) for event in first.events]
    assert uids and len(set(uids)) == len(uids)
    assert uids == [str(event["uid"]) for event in second.events]


def test_a_closed_item_disappears_from_the_feed(client, world, drafting):
    item = drafting["own"]
    url = feed_url(world.member)
    assert any(str(e["uid"]).startswith(f"item-{item.pk}-") for e in parse(client.get(url)).events)
    at_stage(world.meeting, Stage.RECTIFICATION)
    rectification.add_progress(
        item, world.member, "已完成整改。", files=[pdf_file()], status=rectification.ItemStatus.DONE
    )
    rectification.close_item(item, world.secretary)
    assert not any(str(e["uid"]).startswith(f"item-{item.pk}-") for e in parse(client.get(url)).events)


def test_another_members_outline_and_items_never_appear_in_a_members_feed_or_meeting_download(
    client, login, world, drafting
):
    other_outline = inspection.draft_for(drafting["meeting"], world.members[1])
    own_outline = inspection.draft_for(drafting["meeting"], world.member)
    feed = parse(client.get(feed_url(world.member)))
    download = parse(login(world.member).get(reverse("meeting_calendar", args=[world.meeting.pk])))
    for calendar in (feed, download):
        uids = [str(event["uid"]) for event in calendar.events]
        assert f"draft-{own_outline.pk}-20270115@shh.example.org" in uids
        assert not any(uid.startswith(f"draft-{other_outline.pk}-") for uid in uids)
        assert not any(uid.startswith(f"item-{drafting['private'].pk}-") for uid in uids)
        assert "成员2的私密问题" not in calendar.to_ical().decode()
    # The schedule is the whole team's: the member's download shows it, their feed does not.
    assert any(str(e["uid"]).startswith("stage-") for e in download.events)
    assert not any(str(e["uid"]).startswith("stage-") for e in feed.events)


def test_the_secretary_is_told_of_the_schedule_and_sees_the_outlines_waiting_for_review(
    client, world, drafting
):
    outline = inspection.draft_for(drafting["meeting"], world.member)
    Draft.objects.filter(pk=outline.pk).update(
        status=DraftStatus.SUBMITTED
    )  # submitting is tested in inspection
    calendar = parse(client.get(feed_url(world.secretary)))
    titles = summaries(calendar)
    assert "【截止】对照检查材料和发言提纲审定" in titles
    assert "【截止】审阅成员1同志的发言提纲" in titles
    assert not any("整改事项" in title for title in titles)


def test_an_unknown_token_is_not_found(client, world, drafting):
    feed_url(world.member)
    response = client.get(reverse("calendar_feed", args=["not-a-token"]))
    assert response.status_code == 404 and "成员1" not in response.content.decode()


def test_a_deactivated_users_feed_is_not_found(client, world, drafting):
    url = feed_url(world.member)
    world.member.is_active = False
    world.member.save()
    assert client.get(url).status_code == 404


def test_regenerating_the_address_revokes_the_old_one(client, login, world, drafting):
    page = login(world.member).get(reverse("calendar_settings"))
    old = re.search(r'value="(http://testserver/calendar/[^"]+\.ics)"', page.content.decode()).group(1)
    client.logout()
    assert client.get(old).status_code == 200
    login(world.member)
    response = client.post(reverse("calendar_settings"), follow=True)
    assert "已生成新的订阅地址，旧地址已失效" in response.content.decode()
    new = re.search(r'value="(http://testserver/calendar/[^"]+\.ics)"', response.content.decode()).group(1)
    assert new != old
    client.logout()
    assert client.get(old).status_code == 404
    assert parse(client.get(new)).events


@pytest.mark.parametrize("role", ROLES)
def test_the_settings_page_shows_each_signed_in_user_their_own_address_only(client, world, drafting, role):
    others = [feed_url(user).removesuffix(".ics").split("/")[-1] for user in (world.members[1], world.office)]
    if role != "anonymous":
        client.force_login(user_of(world, role))
    response = client.get(reverse("calendar_settings"))
    if role == "anonymous":
        assert response.status_code == 302 and "/login" in response["Location"]
        return
    body = response.content.decode()
    assert response.status_code == 200 and "日历订阅" in body and "添加订阅日历" in body
    own = CalendarToken.objects.get(user=user_of(world, role)).token
    assert f"http://testserver/calendar/{own}.ics" in body
    for token in others:
        if role != "office" or token != others[1]:
            assert token not in body


def test_the_settings_page_lists_the_next_deadlines_with_days_left(login, world, drafting):
    body = login(world.member).get(reverse("calendar_settings")).content.decode()
    assert "共2项" in body
    assert "2027年1月15日" in body and "还有5天" in body
    assert "2027年4月20日" in body


def test_the_settings_page_says_what_happens_when_nothing_is_due(login, world, at):
    at(TODAY)
    body = login(world.outsider).get(reverse("calendar_settings")).content.decode()
    assert "目前没有未完成的截止事项" in body and "共0项" in body


def test_the_settings_page_asks_before_regenerating(login, world):
    body = login(world.member).get(reverse("calendar_settings")).content.decode()
    assert "data-confirm=" in body and "重新生成地址" in body


@pytest.mark.parametrize("role", ROLES)
def test_the_meeting_download_is_for_those_who_see_the_meeting(client, world, drafting, role):
    if role != "anonymous":
        client.force_login(user_of(world, role))
    response = client.get(reverse("meeting_calendar", args=[world.meeting.pk]))
    if role in SEES_MEETING:
        calendar = parse(response)
        assert world.meeting.title in summaries(calendar)
        return
    body = response.content.decode()
    if role == "anonymous":
        assert response.status_code == 302 and "/login" in response["Location"]
    else:
        assert response.status_code == 404
    assert world.meeting.title not in body and "BEGIN:VCALENDAR" not in body


def test_the_office_download_has_the_meeting_at_its_time_in_shanghai_and_every_open_deadline(
    login, world, drafting
):
    Meeting.objects.filter(pk=world.meeting.pk).update(start_time=datetime.time(9, 0), place="县委常委会议室")
    response = login(world.office).get(reverse("meeting_calendar", args=[world.meeting.pk]))
    calendar = parse(response)
    filename = f"{world.county.leadership_name}2026年民主生活会日程.ics"
    assert quote(filename) in response["Content-Disposition"]
    assert response["Content-Disposition"].startswith("attachment")
    meeting = event_of(calendar, "meeting-")
    start = meeting.decoded("dtstart")
    assert start == datetime.datetime(2027, 1, 20, 9, 0, tzinfo=SHANGHAI)
    assert str(start.tzinfo) == "Asia/Shanghai" and "TZID=Asia/Shanghai" in response.content.decode()
    assert meeting.decoded("dtend") - start == datetime.timedelta(hours=3)
    assert str(meeting["location"]) == "县委常委会议室"
    assert [tz["tzid"] for tz in calendar.walk("VTIMEZONE")] == ["Asia/Shanghai"]
    uids = [str(event["uid"]) for event in calendar.events]
    assert f"item-{drafting['private'].pk}-20270420@shh.example.org" in uids
    assert sum(uid.startswith("draft-") for uid in uids) == 5  # the team material and four outlines
    assert any(uid.startswith("stage-") for uid in uids)
    assert "【截止】完成个人发言提纲并报审（成员2）" in summaries(calendar)
    assert "【截止】完成领导班子对照检查材料并报审" in summaries(calendar)  # the office's own: no name


def test_a_meeting_without_a_start_time_is_an_all_day_event(login, world, drafting):
    calendar = parse(login(world.supervisor).get(reverse("meeting_calendar", args=[world.meeting.pk])))
    assert event_of(calendar, "meeting-").decoded("dtstart") == datetime.date(2027, 1, 20)


def test_the_feed_takes_the_same_number_of_queries_for_10_or_300_items(
    client, world, drafting, django_assert_max_num_queries, django_assert_num_queries
):
    meeting = drafting["meeting"]
    url = feed_url(world.member)
    items(member_list(meeting, world.member), 9, deadline=ITEM_DUE)
    with django_assert_max_num_queries(12) as captured:
        assert len(parse(client.get(url)).events) == 11  # 10 items and the outline
    baseline = len(captured.captured_queries)
    items(member_list(meeting, world.member), 290, deadline=ITEM_DUE)
    with django_assert_num_queries(baseline):
        assert len(parse(client.get(url)).events) == 301


def test_the_meeting_page_offers_the_schedule_download_to_a_member(login, world, drafting):
    body = login(world.member).get(reverse("meeting_detail", args=[world.meeting.pk])).content.decode()
    assert "下载日程（日历）" in body and reverse("meeting_calendar", args=[world.meeting.pk]) in body
