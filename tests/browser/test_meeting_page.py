"""The meeting page in a browser window of an office PC (1280×800): the stage actions and the current
stage's work are on the first screen, the plan is a fold opened with one click; the new-meeting form
previews the full title as the clerk types."""

import pytest
from playwright.sync_api import expect

from meetings.models import Meeting
from meetings.workflow import Stage

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SCREEN = {"width": 1280, "height": 800}


def log_in(page, user):
    page.goto("/accounts/login/")
    page.fill("#id_username", user.username)
    page.fill("#id_password", "pass-12345")
    page.click("button[type=submit]")
    page.wait_for_selector("[data-testid=current-user]")


def on_first_screen(page, testid):
    box = page.get_by_test_id(testid).first.bounding_box()
    return box is not None and box["y"] + min(box["height"], 120) <= SCREEN["height"]


def test_in_drafting_the_drafts_panel_and_the_stage_actions_are_on_the_first_screen(
    new_page, world, screenshots
):
    Meeting.objects.filter(pk=world.meeting.pk).update(stage=Stage.DRAFTING)
    page = new_page()
    page.set_viewport_size(SCREEN)
    log_in(page, world.office)
    page.goto(f"/meetings/{world.meeting.pk}/")
    screenshots(page, "drafting")
    assert on_first_screen(page, "draft-panel") and on_first_screen(page, "stage-actions")
    expect(page.get_by_test_id("plan-preview")).to_be_hidden()
    # The page is a few screens, not the whole plan: 4,500 pixels before.
    assert page.evaluate("document.documentElement.scrollHeight") < 2600
    page.locator("[data-testid=plan-card] > summary").click()
    expect(page.get_by_test_id("plan-preview")).to_be_visible()
    expect(page.get_by_test_id("plan-preview")).to_contain_text("实施方案")


def test_while_planning_the_plan_is_open_first(new_page, world):
    page = new_page()
    page.set_viewport_size(SCREEN)
    log_in(page, world.office)
    page.goto(f"/meetings/{world.meeting.pk}/")
    expect(page.get_by_test_id("plan-preview")).to_be_visible()
    assert on_first_screen(page, "plan-card") and on_first_screen(page, "stage-actions")
    expect(page.get_by_test_id("later-panels").locator("[data-testid=record-panel]")).to_be_hidden()


def test_the_new_meeting_form_previews_the_full_title_as_one_types(new_page, world, screenshots):
    page = new_page()
    log_in(page, world.office)
    page.goto("/meetings/new/")
    preview = page.locator("[data-title-preview]")
    page.fill("#id_year", "2027")
    expect(preview).to_have_text("云岭县委常委班子2027年度民主生活会")
    page.fill("#id_name", "云岭县委常委班子2027年度党史学习教育专题民主生活会")
    expect(preview).to_have_text("云岭县委常委班子2027年度党史学习教育专题民主生活会")
    page.select_option("#id_kind", "special")
    page.fill("#id_name", "")
    expect(preview).to_have_text("云岭县委常委班子2027年专题民主生活会")
    # The plan editor's meeting form (fields prefixed "meeting-") previews the same way.
    page.goto(f"/meetings/{world.meeting.pk}/plan/edit/")
    expect(preview).to_have_text("云岭县委常委班子2026年度民主生活会")
    page.fill("#id_meeting-name", "云岭县委常委班子云岭县委常委班子2026年度民主生活会")
    expect(preview).to_have_text("云岭县委常委班子2026年度民主生活会")
    page.fill("#id_meeting-name", "2026年度党史学习教育专题民主生活会")
    expect(preview).to_have_text("云岭县委常委班子2026年度党史学习教育专题民主生活会")
    screenshots(page, "plan-editor")
