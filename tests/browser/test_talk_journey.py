"""Talks end to end: member A records a talk with B, B confirms, the matrix shows the pair done for both."""

import io

import pytest
from django.core.management import call_command
from django.utils import timezone

from documents.tree import format_date
from meetings.models import Meeting
from orgs.models import User

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def log_in(page, username):
    page.goto("/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", "demo-2026")
    page.click("button[type=submit]")
    page.wait_for_selector("[data-testid=current-user]")


def test_member_records_a_talk_the_other_confirms_and_the_matrix_shows_it(new_page, screenshots):
    call_command("seed_demo", stdout=io.StringIO())
    meeting = Meeting.objects.get(organisation__name="云岭县委", year=2026, kind="annual")  # being prepared
    a = User.objects.get(username="chenliqun")
    b = User.objects.get(username="lishumin")

    page_a = new_page()
    log_in(page_a, a.username)
    page_a.goto(f"/meetings/{meeting.pk}/talks/coverage/")
    pair = f"[data-testid=pair-{a.pk}-{b.pk}]"
    assert page_a.get_attribute(pair, "data-state") == "missing"
    screenshots(page_a, "coverage-before")

    # From the matrix: the missing pair's "记录谈话" opens the form with both ticked.
    page_a.click(f"[data-testid=record-pair-{a.pk}-{b.pk}]")
    page_a.wait_for_selector("[data-testid=talk-form]")
    assert page_a.is_checked(f"input[name=people][value='{b.pk}']")
    # A talk is recorded after it took place: today at the latest.
    today = timezone.localdate()
    page_a.fill("#id_date", today.isoformat())
    page_a.fill("#id_place", "县委组织部会议室")
    # The picker's search narrows the grouped list; a ticked person stays in sight.
    page_a.fill("[data-people-search]", "党员代表")
    shown = page_a.eval_on_selector_all(
        "[data-people-option]:not([hidden])",
        "options => options.map(o => [o.textContent.trim(), o.querySelector('input').checked])",
    )
    assert any("党员代表" in label for label, _ in shown)
    assert all("党员代表" in label or ticked for label, ticked in shown)
    assert page_a.eval_on_selector_all("[data-people-option][hidden]", "options => options.length") > 0
    screenshots(page_a, "picker-search")
    page_a.fill("[data-people-search]", "")
    page_a.fill("#id_topics", "干部队伍建设、分管领域风险")
    page_a.fill("#id_side-criticisms_to_raise", "李淑敏同志对年轻干部的实践锻炼安排不够。")
    screenshots(page_a, "record-talk")
    page_a.click("[data-testid=talk-form] button[type=submit]")
    page_a.wait_for_selector("text=谈话记录已保存")
    screenshots(page_a, "talk-recorded")

    page_b = new_page()
    log_in(page_b, b.username)
    page_b.goto(f"/meetings/{meeting.pk}/talks/")
    page_b.wait_for_selector("text=等待您确认本人内容")
    page_b.click("[data-testid=talk-table] a")
    page_b.fill("#id_problems_raised", "对年轻干部的实践锻炼安排不够。")
    page_b.fill("#id_criticisms_to_raise", "陈立群同志到基层调研不够深入。")
    page_b.click("[data-testid=confirm-side]")
    page_b.wait_for_selector("text=已确认本人的谈话内容")
    screenshots(page_b, "talk-confirmed")

    page_b.goto(f"/meetings/{meeting.pk}/talks/coverage/")
    assert page_b.get_attribute(f"[data-testid=pair-{b.pk}-{a.pk}]", "data-state") == "done"
    screenshots(page_b, "coverage-b")
    page_a.goto(f"/meetings/{meeting.pk}/talks/coverage/")
    assert page_a.get_attribute(pair, "data-state") == "done"
    assert format_date(today) in page_a.inner_text(pair)
    screenshots(page_a, "coverage-a")
