"""Digests: the office's daily list of overdue things, the supervisor's weekly list of overdue stages."""

import datetime
import threading

import pytest
from django.core import mail
from django.db import connection, connections
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from meetings.workflow import Stage
from orgs.models import Role
from rectification.models import Item, ItemStatus
from reminders.digests import send_office_digests, send_supervisor_digests
from reminders.messages import absolute
from reminders.models import Digest, DigestKind, EmailPreference, Notification
from tests.factories import OrganisationFactory, UserFactory, assign, make_meeting
from tests.rectification.factories import at_stage, items, member_list, team_list

DUE = datetime.date(2027, 4, 20)  # the items' deadline
DATE = DUE + datetime.timedelta(days=2)
MONDAY = datetime.date(2027, 1, 25)  # five days after the world's meeting date (2027-01-20)


def mails_to(address):
    return [message for message in mail.outbox if message.to == [address]]


def html_of(message):
    return message.alternatives[0][0]


@pytest.fixture
def ledger(world):
    """The county's meeting in rectification with two overdue items and one not yet due; the other
    county's meeting with one overdue item of its own."""
    world.office.email = "office@example.org"
    world.office.save()
    world.other_office.email = "other@example.org"
    world.other_office.save()
    meeting = at_stage(world.meeting)
    world.overdue = items(member_list(meeting, world.member), 2, deadline=DUE, text="本县问题")
    world.later = items(member_list(meeting, world.member), 1, deadline=DUE + datetime.timedelta(days=30))
    other = at_stage(make_meeting(world.other_county, world.other_office))
    world.other_meeting = other
    world.other_overdue = items(team_list(other), 1, deadline=DUE, text="外县问题", owner=world.other_office)
    return world


def test_the_office_gets_one_digest_listing_the_overdue_things_of_its_own_meetings_only(ledger, at):
    at(DATE)
    assert send_office_digests() == 2  # the county's office and the other county's

    (message,) = mails_to("office@example.org")
    assert "逾期事项日报" in message.subject and "2027年4月22日" in message.subject
    body = message.body
    for item in ledger.overdue:
        assert f"本县问题{item.number}：" in body
        assert absolute(reverse("rectification_item", args=[item.meeting_id, item.pk])) in body
        assert absolute(reverse("rectification_item", args=[item.meeting_id, item.pk])) in html_of(message)
    assert "责任人：成员1" in body and "截止日期：2027年4月20日（已逾期2天）" in body
    # The meeting's schedule rows of the stages not left yet are overdue too, the office responsible.
    assert "制定整改方案和问题清单" in body and "责任人：刘文静" in body
    assert (
        "当前阶段：整改落实" in body and absolute(reverse("meeting_detail", args=[ledger.meeting.pk])) in body
    )
    assert "外县问题" not in body and "石桥县委" not in body
    assert f"问题{ledger.later[0].number}：" not in body  # due in 30 days: not overdue

    digest = Digest.objects.get(user=ledger.office, kind=DigestKind.OFFICE_DAILY)
    # 2 items + 3 schedule rows (rectification plan, notification, situation report).
    assert (digest.period, digest.item_count) == (DATE, 5)
    assert digest.sent_at is not None
    notification = Notification.objects.get(user=ledger.office)
    assert notification.digest == digest and "本县问题1：" in notification.body
    assert notification.url == reverse("meeting_detail", args=[ledger.meeting.pk])

    (other,) = mails_to("other@example.org")
    assert "外县问题1：" in other.body and "本县问题" not in other.body


def test_running_the_office_digest_twice_the_same_day_sends_one(ledger, at):
    at(DATE)
    send_office_digests()
    at(DATE, hour=15)
    assert send_office_digests() == 0
    assert len(mails_to("office@example.org")) == 1
    assert Notification.objects.filter(user=ledger.office).count() == 1
    assert Digest.objects.filter(user=ledger.office).count() == 1


def test_the_next_day_brings_a_new_office_digest(ledger, at):
    at(DATE)
    send_office_digests()
    at(DATE + datetime.timedelta(days=1))
    assert send_office_digests() == 2
    first, second = mails_to("office@example.org")
    assert "已逾期2天" in first.body and "已逾期3天" in second.body
    assert list(Digest.objects.filter(user=ledger.office).values_list("period", flat=True)) == [
        DATE + datetime.timedelta(days=1),
        DATE,
    ]


def test_nothing_overdue_sends_no_digest(world, at):
    world.office.email = "office@example.org"
    world.office.save()
    at(datetime.date(2026, 12, 1))  # before the first deadline of the meeting of 2027-01-20
    assert send_office_digests() == 0
    assert send_supervisor_digests() == 0
    assert not mail.outbox and not Digest.objects.exists() and not Notification.objects.exists()


def test_a_closed_item_leaves_the_next_digest(ledger, at):
    at(DATE)
    send_office_digests()
    closed, still_open = ledger.overdue
    Item.objects.filter(pk=closed.pk).update(status=ItemStatus.CLOSED)
    at(DATE + datetime.timedelta(days=1))
    send_office_digests()
    first, second = mails_to("office@example.org")
    assert "本县问题1：" in first.body and "本县问题1：" not in second.body
    assert "本县问题2：" in second.body
    assert Digest.objects.get(user=ledger.office, period=DATE + datetime.timedelta(days=1)).item_count == 4


def test_with_the_email_turned_off_the_office_gets_the_notification_only(ledger, at):
    EmailPreference.objects.create(user=ledger.office, kind=DigestKind.OFFICE_DAILY, email=False)
    at(DATE)
    assert send_office_digests() == 2
    assert not mails_to("office@example.org")
    assert Notification.objects.filter(user=ledger.office, digest__isnull=False).count() == 1
    assert len(mails_to("other@example.org")) == 1  # another person's choice changes nothing here


def test_an_office_without_an_email_address_gets_the_notification_only(ledger, at):
    ledger.office.email = ""
    ledger.office.save()
    at(DATE)
    send_office_digests()
    assert not [m for m in mail.outbox if "本县问题" in m.body]
    assert Notification.objects.get(user=ledger.office).digest.item_count == 5


def test_a_mail_server_that_refuses_leaves_the_notification_and_the_digest_unsent(ledger, at, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", 9, 2  # nothing listens
    at(DATE)
    assert send_office_digests() == 2
    digest = Digest.objects.get(user=ledger.office)
    assert digest.sent_at is None  # the email did not go: visible in the admin
    assert Notification.objects.get(user=ledger.office).digest == digest
    at(DATE, hour=9)
    assert send_office_digests() == 0  # once a day, even so: tomorrow's digest lists the same things


def test_the_office_digest_takes_the_same_number_of_queries_for_5_or_200_overdue_items(ledger, at):
    counts = []
    for day, more in ((DATE, 3), (DATE + datetime.timedelta(days=1), 195)):
        items(member_list(ledger.meeting, ledger.member), more, deadline=DUE, text="批量问题")
        at(day)
        with CaptureQueriesContext(connection) as queries:
            send_office_digests()
        counts.append(len(queries))
    assert Digest.objects.get(user=ledger.office, period=DATE + datetime.timedelta(days=1)).item_count == 203
    print(f"office digest queries for 5 and 200 overdue items: {counts}")
    assert counts[0] == counts[1] <= 30, counts


@pytest.fixture
def supervised(world):
    """Meetings still being planned five days after their date: the county's and the other county's
    (both under the supervised city), and one in a county of another city nobody here supervises."""
    world.supervisor.email = "supervisor@example.org"
    world.supervisor.save()
    world.other_meeting = make_meeting(world.other_county, world.other_office)
    far = OrganisationFactory(name="远山县委", parent=OrganisationFactory(name="远方市委"))
    world.far_meeting = make_meeting(far, assign(UserFactory(), far, Role.OFFICE))
    items(member_list(world.meeting, world.member), 1, deadline=datetime.date(2027, 1, 22), text="整改问题")
    return world


def test_the_supervisor_gets_the_overdue_stages_of_the_counties_it_supervises(supervised, at):
    at(MONDAY, hour=8)
    assert send_supervisor_digests() == 1

    (message,) = mails_to("supervisor@example.org")
    assert "督导周报" in message.subject and "2027年1月25日当周" in message.subject
    body = message.body
    assert "【云岭县委】" in body and "【石桥县委】" in body
    assert "当前阶段：制定方案" in body
    assert "会议方案报上级审核 —— 截止日期：2027年1月10日（已逾期15天）；责任人：刘文静" in body
    assert "完成征求意见建议（意见箱当日24时关闭）" in body
    assert absolute(reverse("meeting_detail", args=[supervised.meeting.pk])) in body
    assert "远山县委" not in body and "远山县委" not in html_of(message)
    assert "整改问题" not in body  # items are the office's business, not the weekly stage report

    digest = Digest.objects.get(user=supervised.supervisor)
    assert digest.kind == DigestKind.SUPERVISOR_WEEKLY and digest.period == MONDAY
    # Per meeting: plan, study, talks, drafts, meeting day, and the box closing: 6; two meetings.
    assert digest.item_count == 12
    assert Notification.objects.get(user=supervised.supervisor).digest == digest


def test_the_supervisor_digest_and_its_notification_lead_to_the_overview_of_overdue_units(supervised, at):
    at(MONDAY, hour=8)
    send_supervisor_digests()
    overview = reverse("supervision_overview") + "?overdue=1"
    (message,) = mails_to("supervisor@example.org")
    assert f"督导总览（逾期单位）：{absolute(overview)}" in message.body
    assert f'<a href="{absolute(overview)}">在督导总览中查看逾期单位</a>' in html_of(message)
    assert Notification.objects.get(user=supervised.supervisor).url == overview


def test_the_supervisor_digest_run_again_on_tuesday_sends_nothing_new(supervised, at):
    at(MONDAY, hour=8)
    send_supervisor_digests()
    at(MONDAY + datetime.timedelta(days=1))
    assert send_supervisor_digests() == 0
    assert len(mails_to("supervisor@example.org")) == 1
    at(MONDAY + datetime.timedelta(days=7))
    assert send_supervisor_digests() == 1
    assert len(mails_to("supervisor@example.org")) == 2


def test_a_stage_left_behind_leaves_the_supervisors_digest(supervised, at):
    at_stage(supervised.meeting, Stage.DRAFTING)
    at_stage(supervised.other_meeting, Stage.CLOSED)
    at(MONDAY)
    send_supervisor_digests()
    body = mails_to("supervisor@example.org")[0].body
    assert "石桥县委" not in body  # closed: nothing of it is due any more
    assert "当前阶段：撰写对照检查材料" in body
    assert "会议方案报上级审核" not in body and "对照检查材料和发言提纲审定" in body


def test_with_the_email_turned_off_the_supervisor_gets_the_notification_only(supervised, at):
    EmailPreference.objects.create(user=supervised.supervisor, kind=DigestKind.SUPERVISOR_WEEKLY, email=False)
    at(MONDAY)
    assert send_supervisor_digests() == 1
    assert not mails_to("supervisor@example.org")
    assert Notification.objects.get(user=supervised.supervisor).digest.item_count == 12


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_workers_sending_the_office_digest_at_once_send_it_once(ledger, at):
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL (DATABASE_URL); .ci/run runs it")
    at(DATE)
    barrier = threading.Barrier(2)
    results = []

    def run():
        try:
            barrier.wait()
            results.append(send_office_digests())
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(results) == 2 and sum(results) == 2  # one digest for each of the two offices, whoever sent it
    assert Digest.objects.count() == 2
    assert len(mails_to("office@example.org")) == 1 and len(mails_to("other@example.org")) == 1
