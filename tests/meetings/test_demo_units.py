"""The demo's units under 江城市委 (meetings.demo_units, meetings.demo_overview): the supervisor's
overview of the 2026年度 meetings is a season, not a list of one."""

import datetime

from django.urls import reverse
from django.utils import timezone

from feedback.models import FeedbackDelivery
from inspection.models import DraftKind, DraftStatus
from meetings.models import Meeting, PlanEvent
from meetings.talks import coverage
from orgs import access
from orgs.models import User
from rectification.models import OPEN_STATUSES, Item
from reporting.models import DocumentKind, Sending

STAGES = {
    "云岭县委": "planning",
    "江城市教育局": "opinions",
    "江城市医疗保障局": "talks",
    "青山县委": "drafting",
    "石桥县委": "meeting",
    "江城市财政局": "rectification",
    "江城市水务局": "rectification",
}


def annual(name):
    return Meeting.objects.get(organisation__name=name, year=2026, kind="annual")


def criticisms_per_member(meeting):
    return sorted(s.criticisms.filter(confirmed=True).count() for s in meeting.record.statements.all())


def test_the_supervisor_sees_seven_units_whose_2026_meetings_are_at_every_point_of_the_season(seeded_demo):
    supervisor = User.objects.get(username="huangweimin")
    meetings = access.overview_meetings(supervisor).filter(year=2026, kind="annual")
    assert dict(meetings.values_list("organisation__name", "stage")) == STAGES
    assert meetings.count() == len(STAGES)
    # Each plan was filed (报送审核) before its meeting, most of them 10 days or more ahead.
    for meeting in meetings.exclude(organisation__name="云岭县委"):
        filed = PlanEvent.objects.get(plan__meeting=meeting, action="submit").at
        assert timezone.localtime(filed).date() <= meeting.date - datetime.timedelta(days=10)


def test_the_finance_bureau_sent_its_report_on_time_and_has_one_item_past_its_deadline(seeded_demo):
    meeting = annual("江城市财政局")
    report = Sending.objects.get(meeting=meeting, kind=DocumentKind.REPORT)
    notification = Sending.objects.get(meeting=meeting, kind=DocumentKind.NOTIFICATION)
    # "会后15日内"报送情况报告, "会后10日内"通报.
    assert report.sent_on <= meeting.date + datetime.timedelta(days=15)
    assert notification.sent_on <= meeting.date + datetime.timedelta(days=10)
    assert report.approval is not None and report.approval.at.date() < report.sent_on
    today = timezone.localdate()
    open_items = Item.objects.filter(meeting=meeting, status__in=OPEN_STATUSES)
    assert open_items.count() == 3
    assert open_items.filter(deadline__lt=today).count() == 1
    assert min(criticisms_per_member(meeting)) == 2


def test_the_water_bureaus_report_is_late_and_one_member_was_criticised_only_once(seeded_demo):
    meeting = annual("江城市水务局")
    assert not Sending.objects.filter(meeting=meeting).exists()
    assert meeting.date + datetime.timedelta(days=15) < timezone.localdate()
    assert criticisms_per_member(meeting) == [1, 2, 2, 2]
    assert Item.objects.filter(meeting=meeting).count() == 2


def test_each_units_records_are_those_its_stage_implies(seeded_demo):
    education = annual("江城市教育局")
    assert education.study_sessions.count() == 1
    assert education.opinions.filter(status="accepted").count() == 3
    assert not education.talks.exists() and not education.drafts.exists()

    qingshan = annual("青山县委")
    assert "missing" not in [status.state for status in coverage(qingshan)]
    drafts = {(draft.kind, draft.author_id): draft.status for draft in qingshan.drafts.all()}
    assert drafts.pop((DraftKind.TEAM, None)) == DraftStatus.SUBMITTED
    assert sorted(drafts.values()) == sorted(
        [DraftStatus.WRITING, DraftStatus.APPROVED, DraftStatus.SUBMITTED, DraftStatus.SUBMITTED]
    )

    for name in ["江城市财政局", "江城市水务局"]:
        meeting = annual(name)
        team = set(meeting.record.statements.values_list("member", flat=True))
        assert set(FeedbackDelivery.objects.filter(meeting=meeting).values_list("member", flat=True)) == team
        assert "missing" not in [status.state for status in coverage(meeting)]
        statuses = {draft.kind: draft.status for draft in meeting.drafts.all()}
        assert statuses[DraftKind.TEAM] == DraftStatus.ENDORSED
        assert meeting.drafts.filter(kind=DraftKind.PERSONAL, status=DraftStatus.APPROVED).count() == len(
            team
        )


def test_the_supervisors_overview_filters_find_the_late_report_and_the_member_with_one_criticism(
    seeded_demo, client
):
    client.force_login(User.objects.get(username="huangweimin"))

    def listed(**filters):
        body = client.get(reverse("supervision_overview"), {"year": 2026, "kind": "annual", **filters})
        page = body.content.decode()
        return {
            name for name in STAGES if f'href="{reverse("meeting_detail", args=[annual(name).pk])}"' in page
        }

    assert listed() == set(STAGES)
    # 石桥县委's meeting is held too, its report not due yet; its record is half written.
    assert listed(no_report="on") == {"江城市水务局", "石桥县委"}
    assert listed(few_criticisms="on") == {"江城市水务局", "石桥县委"}
    # An item past its 时限; a report past its 15 days.
    assert {"江城市财政局", "江城市水务局"} <= listed(overdue="on")
