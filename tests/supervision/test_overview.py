"""督导总览 (issue 17 item 1): what a city supervisor sees, counts, filters and exports."""

import datetime
import io

import openpyxl
import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from feedback.models import Opinion, OpinionStatus
from inspection.models import Draft, DraftStatus
from inspection.services import ensure_drafts
from meetings.models import (
    Criticism,
    MeetingRecord,
    PlanEvent,
    Statement,
    Talk,
    TalkParticipant,
    TalkWaiver,
)
from meetings.workflow import Stage
from orgs.models import Role
from rectification.models import ItemStatus
from reporting.models import DocumentKind, Sending
from tests.factories import OrganisationFactory, UserFactory, assign, make_meeting
from tests.rectification.factories import at_stage, items, team_list

pytestmark = pytest.mark.django_db

OVERVIEW = reverse("supervision_overview")
EXPORT = reverse("supervision_overview_export")
TODAY = datetime.datetime(2027, 3, 1, 10, tzinfo=datetime.UTC)
FOREIGN = "海川外市标记单位"


@pytest.fixture(autouse=True)
def on_the_first_of_march():
    with time_machine.travel(TODAY, tick=False):
        yield


def _at(day):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(10)))


def _known_meeting(world):
    """云岭县委's meeting with known numbers: plan filed 12 days ahead, 5 accepted opinions (and one
    rejected), talks between the secretary and two of the three members plus one waiver, two of the five
    drafts approved, criticisms 3 / 2 / 1 / 2 (one unconfirmed beside the 1), items 2 open (1 overdue)
    and 1 closed, the report sent 18 days after the meeting (3 days late)."""
    meeting = world.meeting
    PlanEvent.objects.create(
        plan=meeting.plan,
        action=PlanEvent.Action.SUBMIT,
        by=world.office,
        at=_at(meeting.date - datetime.timedelta(days=12)),
    )
    PlanEvent.objects.create(
        plan=meeting.plan,
        action=PlanEvent.Action.SUBMIT,
        by=world.office,
        at=_at(meeting.date - datetime.timedelta(days=3)),
    )
    channel, category = meeting.channels.first(), meeting.source_categories.first()
    for n in range(6):
        Opinion.objects.create(
            meeting=meeting,
            text=f"意见{n}",
            channel=channel,
            category=category,
            status=OpinionStatus.ACCEPTED if n < 5 else OpinionStatus.REJECTED,
        )
    for member in world.members[:2]:
        talk = Talk.objects.create(meeting=meeting, date=datetime.date(2027, 1, 10), topics="思想认识")
        TalkParticipant.objects.create(talk=talk, person=world.secretary)
        TalkParticipant.objects.create(talk=talk, person=member, order=1)
    TalkWaiver.objects.create(meeting=meeting, first=world.members[0], second=world.members[1], reason="出差")
    drafts = ensure_drafts(meeting)
    Draft.objects.filter(pk__in=[drafts[0].pk, drafts[1].pk]).update(status=DraftStatus.APPROVED)
    record = MeetingRecord.objects.create(meeting=meeting, held_on=meeting.date)
    for order, (person, received) in enumerate(
        zip([world.secretary, *world.members], [3, 2, 1, 2], strict=True)
    ):
        statement = Statement.objects.create(record=record, member=person, order=order)
        for n in range(received):
            Criticism.objects.create(statement=statement, order=n, text=f"批评{n}", by=world.secretary)
    low = Statement.objects.get(record=record, member=world.members[1])
    Criticism.objects.create(statement=low, order=9, text="未确认的批评", confirmed=False)
    at_stage(meeting, Stage.REPORTING)
    ledger = team_list(meeting)
    items(ledger, 1, deadline=datetime.date(2027, 2, 1))
    items(ledger, 1, deadline=datetime.date(2027, 6, 30))
    items(ledger, 1, status=ItemStatus.CLOSED)
    Sending.objects.create(
        meeting=meeting,
        kind=DocumentKind.REPORT,
        number=1,
        sent_on=datetime.date(2027, 2, 7),
        recipients="市纪委",
    )
    return meeting


def _rows(client):
    return client.get(OVERVIEW).context["page"].object_list


def _workbook_units(response):
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    return [row[0] for row in sheet.iter_rows(min_row=3, values_only=True)]


def _foreign_meeting():
    city = OrganisationFactory(name="海川市委")
    unit = OrganisationFactory(name=FOREIGN, parent=city)
    office = assign(UserFactory(), unit, Role.OFFICE)
    return make_meeting(unit, office)


def test_a_supervisor_of_jiangcheng_sees_the_units_under_it_and_none_outside(world, login):
    make_meeting(world.other_county, world.other_office)
    _foreign_meeting()
    client = login(world.supervisor)
    page = client.get(OVERVIEW)
    body = page.content.decode()
    assert page.status_code == 200
    assert {row.organisation.name for row in page.context["page"]} == {"云岭县委", "石桥县委"}
    assert FOREIGN not in body
    assert "共2个单位，已召开0个" in body
    export = client.get(EXPORT)
    assert sorted(_workbook_units(export)) == ["云岭县委", "石桥县委"]
    assert FOREIGN.encode() not in export.content


def test_each_computed_column_equals_a_count_over_a_meeting_built_with_known_numbers(world, login):
    _known_meeting(world)
    [row] = _rows(login(world.supervisor))
    assert row.plan_days == 12  # the first submission
    assert (row.opinions_accepted, row.team_size) == (5, 4)
    assert row.opinions_per_member == 1.25
    # Required: secretary × 3 members + 3 pairs of members = 6; done 2, waived 1.
    assert (row.talks_done, row.talks_required) == (3, 6)
    assert (row.drafts_approved, row.drafts_expected) == (2, 5)
    assert row.criticisms_least == 1  # the unconfirmed one does not count
    assert (row.items_open, row.items_overdue, row.items_closed) == (2, 1, 1)
    assert row.report_sent_on == datetime.date(2027, 2, 7)
    assert row.report_days_late == 3
    assert row.is_overdue


def test_the_filter_fewer_than_two_criticisms_finds_the_meeting_with_a_member_at_one(world, login):
    _known_meeting(world)
    other = make_meeting(world.other_county, world.other_office)
    record = MeetingRecord.objects.create(meeting=other, held_on=other.date)
    statement = Statement.objects.create(record=record, member=world.other_member, order=0)
    for n in range(2):
        Criticism.objects.create(statement=statement, order=n, text="批评", by=world.other_office)
    client = login(world.supervisor)
    found = client.get(OVERVIEW, {"few_criticisms": "on"}).context["page"].object_list
    assert [row.pk for row in found] == [world.meeting.pk]
    assert "共1个单位" in client.get(OVERVIEW, {"few_criticisms": "on"}).content.decode()


def test_the_xlsx_holds_exactly_the_filtered_rows_of_every_page(world, login):
    _known_meeting(world)
    for n in range(23):
        unit = OrganisationFactory(name=f"江城下属单位{n:02d}", parent=world.city)
        make_meeting(unit, world.office)
    client = login(world.supervisor)
    everything = client.get(OVERVIEW)
    assert everything.context["page"].paginator.count == 24
    assert len(everything.context["page"].object_list) == 20
    assert len(_workbook_units(client.get(EXPORT))) == 24
    assert "summary.xlsx?overdue=on" in client.get(OVERVIEW, {"overdue": "on"}).content.decode()
    overdue = client.get(EXPORT, {"overdue": "on", "unit": world.county.pk})
    assert _workbook_units(overdue) == ["云岭县委"]
    sheet = openpyxl.load_workbook(io.BytesIO(overdue.content)).active
    values = dict(
        zip(
            next(sheet.iter_rows(min_row=2, max_row=2, values_only=True)),
            next(sheet.iter_rows(min_row=3, values_only=True)),
            strict=True,
        )
    )
    assert values["四必谈覆盖"] == "3/6"
    assert values["批评意见最少（条）"] == 1
    assert values["情况报告逾期（天）"] == 3


def test_the_filters_no_plan_and_no_report_and_the_empty_state(world, login):
    _known_meeting(world)
    late = make_meeting(world.other_county, world.other_office)
    at_stage(late, Stage.RECTIFICATION)
    client = login(world.supervisor)
    assert [row.pk for row in client.get(OVERVIEW, {"no_plan": "on"}).context["page"]] == [late.pk]
    assert [row.pk for row in client.get(OVERVIEW, {"no_report": "on"}).context["page"]] == [late.pk]
    empty = client.get(OVERVIEW, {"stage": Stage.PLANNING})
    assert "没有符合条件的会议" in empty.content.decode()


def test_sorting_by_a_computed_column(world, login):
    _known_meeting(world)
    make_meeting(world.other_county, world.other_office)
    client = login(world.supervisor)
    ascending = [row.pk for row in client.get(OVERVIEW, {"sort": "opinions"}).context["page"]]
    descending = [row.pk for row in client.get(OVERVIEW, {"sort": "-opinions"}).context["page"]]
    assert descending[0] == world.meeting.pk
    assert ascending == descending[::-1]


def _meetings(world, count):
    for n in range(count):
        unit = OrganisationFactory(name=f"单位{n}", parent=world.county)
        secretary = assign(UserFactory(), unit, Role.SECRETARY)
        meeting = make_meeting(unit, world.office)
        record = MeetingRecord.objects.create(meeting=meeting, held_on=meeting.date)
        Statement.objects.create(record=record, member=secretary, order=0)
        talk = Talk.objects.create(meeting=meeting, date=datetime.date(2027, 1, 10), topics="思想认识")
        TalkParticipant.objects.create(talk=talk, person=secretary)


@pytest.mark.parametrize("address", [OVERVIEW, EXPORT])
def test_the_overview_reads_the_same_number_of_queries_for_3_and_60_meetings(
    world, login, django_assert_num_queries, address
):
    client = login(world.supervisor)
    _meetings(world, 2)
    client.get(address)  # the session and the first request's lookups
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        assert client.get(address).status_code == 200
    _meetings(world, 57)
    with django_assert_num_queries(len(few.captured_queries)):
        assert client.get(address).status_code == 200


@pytest.mark.parametrize("who", ["office", "secretary", "member", "other_office", "outsider"])
def test_only_supervisors_may_open_the_overview(world, login, who):
    marked = OrganisationFactory(name="督导标记单位", parent=world.city)
    make_meeting(marked, world.office)
    client = login(getattr(world, who))
    for address in (OVERVIEW, EXPORT):
        response = client.get(address)
        assert response.status_code == 403
        assert "督导标记单位" not in response.content.decode()
    assert "督导总览" not in client.get(reverse("dashboard")).content.decode()


def test_the_administrators_may_not_open_the_overview(world, login):
    from orgs.models import AdminRole

    for role in AdminRole:
        client = login(UserFactory(admin_role=role))
        assert client.get(OVERVIEW).status_code == 403
        assert client.get(EXPORT).status_code == 403
    superuser = UserFactory(is_superuser=True, is_staff=True)
    assert login(superuser).get(OVERVIEW).status_code == 403


def test_the_supervisor_finds_the_overview_in_the_top_bar_and_on_the_dashboard(world, login):
    body = login(world.supervisor).get(reverse("dashboard")).content.decode()
    assert 'data-testid="nav-overview"' in body
    assert 'data-testid="dashboard-overview"' in body


def _bars(chart):
    return [(bar.label, bar.value) for bar in chart]


def test_the_counts_charts_and_total_add_up_the_meetings_by_unit_stage_and_overdue(world, login):
    """The counts above the table, both charts and the paginator's total, with and without 逾期."""
    _known_meeting(world)  # held (情况报告 stage), an item and two deadlines past due
    village = OrganisationFactory(name="云岭下属乡镇", parent=world.county)
    at_stage(make_meeting(village, world.office, date=datetime.date(2027, 9, 20)), Stage.STUDY)
    at_stage(make_meeting(world.other_county, world.other_office), Stage.RECTIFICATION)  # 3 deadlines past
    client = login(world.supervisor)
    everything = client.get(OVERVIEW)
    assert "共3个单位，已召开2个，逾期2个" in everything.content.decode()
    assert everything.context["page"].paginator.count == 3
    stages = {label: value for label, value in _bars(everything.context["stage_chart"]) if value}
    assert stages == {Stage.STUDY.label: 1, Stage.RECTIFICATION.label: 1, Stage.REPORTING.label: 1}
    assert _bars(everything.context["overdue_chart"]) == [("云岭县委", 1), ("石桥县委", 1)]
    overdue = client.get(OVERVIEW, {"overdue": "on"})
    assert "共2个单位，已召开2个，逾期2个" in overdue.content.decode()
    assert overdue.context["page"].paginator.count == 2
    assert sum(value for _, value in _bars(overdue.context["stage_chart"])) == 2


def test_the_unit_filter_lists_every_supervised_unit_indented_and_keeps_the_one_chosen(world, login):
    body = login(world.supervisor).get(OVERVIEW, {"unit": world.county.pk}).content.decode()
    assert '<select name="unit" class="form-select form-select-sm" id="id_unit">' in body
    assert '<option value="">全部单位</option>' in body
    assert f'<option value="{world.city.pk}">江城市委</option>' in body
    assert f'<option value="{world.county.pk}" selected>\u3000云岭县委</option>' in body
    assert f'<option value="{world.other_county.pk}">\u3000石桥县委</option>' in body
