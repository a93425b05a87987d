"""The supervisor's season in the browser (issue 17): in 督导总览 they filter three units down to the one
that is late, open its meeting, fill the 督导检查表 and export it to Word; the unit's office then reads the
remarks on its meeting page. No page refuses anything under the Content-Security-Policy."""

import datetime
import re

import pytest
from django.utils import timezone
from docx import Document as read_docx
from playwright.sync_api import expect

from meetings.services import change_meeting_date
from meetings.workflow import Stage
from orgs.models import Role
from supervision.models import Checklist, Verdict
from tests.factories import OrganisationFactory, UserFactory, assign, make_meeting
from tests.rectification.factories import at_stage, items, team_list
from tests.reporting.factories import held_meeting

from .test_csp import REFUSALS, Watched

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# A busy machine renders the overview's aggregates and the .docx slowly; nothing here waits on a clock.
WAIT = 30_000
CRITICISMS_REMARK = "成员2仅收到1条批评意见，辣味不足，督导标记甲"
ATTENDANCE_REMARK = "应到4人实到4人，符合要求，督导标记乙"
VERDICT_TEXT = "会议准备较充分，整改方案逾期未定，督导标记丙"


def three_units(world):
    """Under 江城市委: 云岭县委 held its meeting a month ago and is late (its 整改方案 and one ledger item are
    past due), 石桥县委 meets in two months and is on time, 松溪县委 met three days ago and is on time."""
    today = timezone.localdate()
    year = world.meeting.year
    change_meeting_date(world.meeting, today - datetime.timedelta(days=30))
    late = held_meeting(world, Stage.RECTIFICATION)
    items(team_list(late), 1, owner=world.secretary, deadline=today - datetime.timedelta(days=5))
    make_meeting(world.other_county, world.other_office, date=today + datetime.timedelta(days=60), year=year)
    songxi = OrganisationFactory(name="松溪县委", parent=world.city)
    songxi_office = assign(UserFactory(display_name="松溪办公室"), songxi, Role.OFFICE)
    held = make_meeting(songxi, songxi_office, date=today - datetime.timedelta(days=3), year=year)
    at_stage(held, Stage.REPORTING)
    return late


def watched_login(new_page, user):
    watched = Watched(new_page())
    page = watched.page
    page.set_default_timeout(WAIT)
    page.goto("/accounts/login/")
    page.fill("#id_username", user.username)
    page.fill("#id_password", "pass-12345")
    page.click("button[type=submit]")
    page.wait_for_selector("[data-testid=current-user]")
    return watched


def settled_without_refusal(watched, where):
    """The page's requests are done and chromium refused nothing on it (tests/browser/test_csp.py)."""
    watched.page.wait_for_load_state("networkidle")
    violations = watched.page.evaluate("window.__violations")
    refused = [m for m in watched.messages if any(w in m for w in REFUSALS) or m.startswith("pageerror")]
    assert not violations and not refused, f"{where}: {violations} {refused}"
    watched.messages.clear()


def test_the_supervisor_filters_to_the_late_unit_fills_and_exports_its_checklist_and_the_office_reads_it(
    world, new_page, screenshots
):
    meeting = three_units(world)

    watched = watched_login(new_page, world.supervisor)
    supervisor = watched.page
    supervisor.get_by_test_id("nav-overview").click()
    rows = supervisor.get_by_test_id("overview-row")
    expect(rows).to_have_count(3, timeout=WAIT)
    expect(supervisor.get_by_test_id("overview-counts")).to_have_text("共3个单位，已召开2个，逾期1个")
    settled_without_refusal(watched, "督导总览")
    screenshots(supervisor, "overview")

    supervisor.get_by_label("逾期", exact=True).check()
    supervisor.get_by_role("button", name="筛选").click()
    expect(supervisor).to_have_url(re.compile(r"overdue=on"), timeout=WAIT)
    expect(rows).to_have_count(1, timeout=WAIT)
    expect(rows).to_contain_text("云岭县委")
    expect(rows).to_contain_text("已逾期")
    expect(supervisor.get_by_test_id("overview-counts")).to_have_text("共1个单位，已召开1个，逾期1个")
    settled_without_refusal(watched, "督导总览（逾期）")
    screenshots(supervisor, "overdue")

    rows.get_by_role("link", name="云岭县委").click()
    expect(supervisor).to_have_url(re.compile(rf"/meetings/{meeting.pk}/$"), timeout=WAIT)
    remarks_card = supervisor.get_by_test_id("supervision-remarks")
    expect(remarks_card).to_contain_text("督导组尚未填写督导意见")
    settled_without_refusal(watched, "会议页")
    remarks_card.get_by_role("link", name="填写检查表").click()
    expect(supervisor.get_by_test_id("checklist-form")).to_be_visible(timeout=WAIT)
    settled_without_refusal(watched, "督导检查表")

    supervisor.get_by_label("每人收到批评意见不少于2条：督导意见").fill(CRITICISMS_REMARK)
    supervisor.get_by_label("到会人数不少于应到人数的三分之二：督导意见").fill(ATTENDANCE_REMARK)
    supervisor.get_by_label("较好", exact=True).check()
    supervisor.get_by_label("评价意见").fill(VERDICT_TEXT)
    screenshots(supervisor, "checklist-filled")
    supervisor.get_by_test_id("checklist-save").click()
    expect(supervisor.get_by_text("督导检查表已保存。")).to_be_visible(timeout=WAIT)
    expect(supervisor.get_by_test_id("checklist-saved")).to_contain_text("黄督导")
    expect(supervisor.get_by_label("每人收到批评意见不少于2条：督导意见")).to_have_value(CRITICISMS_REMARK)
    settled_without_refusal(watched, "督导检查表（已保存）")
    saved = Checklist.objects.get(meeting=meeting)
    assert saved.verdict == Verdict.FAIRLY_GOOD and saved.by == world.supervisor

    with supervisor.expect_download(timeout=WAIT) as download:
        supervisor.get_by_test_id("checklist-docx").click()
    assert download.value.suggested_filename.endswith(".docx")
    document = read_docx(str(download.value.path()))
    cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    assert CRITICISMS_REMARK in cells and ATTENDANCE_REMARK in cells
    paragraphs = "".join(paragraph.text for paragraph in document.paragraphs)
    assert "评价等次：较好。" in paragraphs and VERDICT_TEXT in paragraphs
    screenshots(supervisor, "checklist-saved")

    office_watched = watched_login(new_page, world.office)
    office = office_watched.page
    office.goto(f"/meetings/{meeting.pk}/")
    card = office.get_by_test_id("supervision-remarks")
    expect(card).to_contain_text("总体评价：较好", timeout=WAIT)
    for text in (VERDICT_TEXT, CRITICISMS_REMARK, ATTENDANCE_REMARK):
        expect(card).to_contain_text(text)
    expect(card.get_by_role("link", name="查看检查表")).to_be_visible()
    settled_without_refusal(office_watched, "办公室的会议页")
    screenshots(office, "office-reads-remarks")
