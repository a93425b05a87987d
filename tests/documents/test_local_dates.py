"""Every date shown is the day in Beijing: a moment at 02:00 Beijing time (18:00 UTC the evening before)
is printed on its Beijing day by the filter, on pages and in documents (issue 13, defect 2)."""

import datetime
import io
import zoneinfo

from django.template import Context, Template
from django.urls import reverse
from docx import Document as read_docx

from documents.tree import format_date
from inspection.models import Draft, DraftEvent, DraftKind
from meetings.models import PlanEvent
from rectification.models import StatusChange
from tests.rectification.factories import at_stage, items, team_list

SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")
# 2 December 2026, 02:03 in Beijing: still 1 December in UTC.
NIGHT = datetime.datetime(2026, 12, 2, 2, 3, tzinfo=SHANGHAI)
NIGHT_UTC = NIGHT.astimezone(datetime.UTC)


def test_format_date_prints_a_moment_on_its_beijing_day():
    assert NIGHT_UTC.day == 1
    assert format_date(NIGHT_UTC) == "2026年12月2日"
    assert format_date(datetime.date(2026, 12, 1)) == "2026年12月1日"


def test_the_cn_date_filter_and_the_time_agree(settings):
    rendered = Template('{% load meeting_tags %}{{ at|cn_date }} {{ at|date:"H:i" }}').render(
        Context({"at": NIGHT_UTC})
    )
    assert rendered == "2026年12月2日 02:03"


def test_the_draft_review_log_shows_the_beijing_day(world, client):
    draft = Draft.objects.create(meeting=world.meeting, kind=DraftKind.TEAM)
    DraftEvent.objects.create(
        draft=draft, action="return", by=world.secretary, at=NIGHT_UTC, note="请补充事例"
    )
    client.force_login(world.office)
    body = client.get(reverse("draft_detail", args=[world.meeting.pk, draft.pk])).content.decode()
    assert "2026年12月2日" in body
    assert "2026年12月1日" not in body


def test_the_rectification_status_log_shows_the_beijing_day(world, client):
    meeting = at_stage(world.meeting)
    (item,) = items(team_list(meeting), 1, owner=world.members[0])
    StatusChange.objects.create(item=item, from_status="not_started", to_status="in_progress", at=NIGHT_UTC)
    client.force_login(world.office)
    body = client.get(reverse("rectification_item", args=[meeting.pk, item.pk])).content.decode()
    assert "2026年12月2日 02:03" in body


def test_a_docx_prints_the_plan_approval_on_its_beijing_day(world):
    from documents.export import render
    from documents.exporters.bundle import _plan
    from meetings.models import PlanStatus

    plan = world.meeting.plan
    type(plan).objects.filter(pk=plan.pk).update(status=PlanStatus.APPROVED)
    PlanEvent.objects.create(plan=plan, action=PlanEvent.Action.APPROVE, by=world.supervisor, at=NIGHT_UTC)
    world.meeting.refresh_from_db()
    text = "\n".join(p.text for p in read_docx(io.BytesIO(render(_plan(world.meeting), "docx"))).paragraphs)
    assert "2026年12月2日审定" in text
