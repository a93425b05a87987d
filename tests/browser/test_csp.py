"""The main pages under the Content-Security-Policy (issue 14, item 9), in chromium: nothing refused.

The policy allows scripts and styles from the site's own files only. A page that still had an inline
script, an onsubmit="…" handler or a style="…" attribute would lose it silently (a button that no
longer asks, a progress bar with no width); chromium says so on the console ("Refused to …") and in a
securitypolicyviolation event, which these tests collect on every page they open.
"""

import datetime

import pytest
from playwright.sync_api import expect

from feedback import services as feedback_services
from feedback.models import OpinionBox
from inspection import services as inspection_services
from meetings.models import Meeting
from meetings.record import ensure_record
from meetings.workflow import Stage
from tests.rectification.factories import at_stage, items, team_list
from tests.reporting.factories import held_meeting

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

REFUSALS = ("Content Security Policy", "Refused to")
# Listens before any script of the page runs, so that a violation during loading is caught too.
WATCH_VIOLATIONS = """
window.__violations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__violations.push(`${event.violatedDirective} ${event.blockedURI || "inline"} ${event.sample || ""}`);
});
"""


class Watched:
    """A page whose console messages, script errors and policy violations are kept."""

    def __init__(self, page):
        self.page = page
        self.messages = []
        page.add_init_script(WATCH_VIOLATIONS)
        page.on("console", lambda message: self.messages.append(f"{message.type}: {message.text}"))
        page.on("pageerror", lambda error: self.messages.append(f"pageerror: {error}"))

    def open(self, path, ready):
        self.page.goto(path)
        self.page.wait_for_selector(ready)
        self.page.wait_for_load_state("networkidle")
        violations = self.page.evaluate("window.__violations")
        refused = [
            m for m in self.messages if any(word in m for word in REFUSALS) or m.startswith("pageerror")
        ]
        assert not violations and not refused, f"{path}: {violations} {refused}"
        # No page has a <style> element (style-src 'self' would refuse it).
        assert self.page.evaluate("document.querySelectorAll('style').length") == 0, path
        self.messages.clear()


def log_in(page, user):
    page.goto("/accounts/login/")
    page.fill("#id_username", user.username)
    page.fill("#id_password", "pass-12345")
    page.click("button[type=submit]")
    page.wait_for_selector("[data-testid=current-user]")


def office_page(new_page, world):
    watched = Watched(new_page())
    watched.open("/accounts/login/", "#id_username")
    log_in(watched.page, world.office)
    return watched


@pytest.mark.usefixtures("before_the_meeting")
def test_the_pages_before_the_meeting_run_without_a_refusal(world, new_page):
    meeting = world.meeting
    feedback_services.create_default_choices(meeting)
    Meeting.objects.filter(pk=meeting.pk).update(stage=Stage.DRAFTING)
    draft = inspection_services.draft_for(meeting)
    content = inspection_services.new_content(meeting)
    content["problems"]["groups"][0]["items"] = [
        {"lead": "理论学习的系统性还不够。", "text": "集体学习以传达文件为主。", "example": ""}
    ]
    inspection_services.save_draft(draft, content, base_version=0, by=world.office)

    office = office_page(new_page, world)
    office.open(f"/meetings/{meeting.pk}/", "[data-testid=stage-actions]")
    office.open(f"/meetings/{meeting.pk}/opinions/", "[data-testid=box-link]")
    office.open(f"/meetings/{meeting.pk}/opinions/new/", "[data-testid=entry-form]")
    office.open(f"/meetings/{meeting.pk}/drafts/{draft.pk}/", "[data-testid=draft-editor] textarea")
    office.open(f"/meetings/{meeting.pk}/talks/coverage/", "main")

    public = Watched(new_page())
    public.open(f"/box/{meeting.opinion_box.token}/", "[data-testid=box-form]")
    # The counter is drawn by static/feedback/box.js.
    public.page.fill("#id_text", "建议多到基层走走。")
    expect(public.page.get_by_test_id("text-counter")).to_have_text("9/2000")


@pytest.mark.usefixtures("before_the_meeting")
def test_the_plan_preview_gets_its_sizes_from_the_script(world, new_page):
    office = office_page(new_page, world)
    office.open(f"/meetings/{world.meeting.pk}/", "[data-testid=plan-preview]")
    sized = office.page.locator("[data-testid=plan-preview] [data-padding-right]")
    assert sized.count() > 0, "the plan ends with its issuing organisation and date"
    for index in range(sized.count()):
        element = sized.nth(index)
        assert element.evaluate("e => e.style.paddingRight") == element.get_attribute("data-padding-right")


@pytest.mark.usefixtures("before_the_meeting")
def test_a_data_confirm_button_still_asks_and_cancel_keeps_things_as_they_were(world, new_page):
    feedback_services.create_default_choices(world.meeting)
    office = office_page(new_page, world)
    office.open(f"/meetings/{world.meeting.pk}/opinions/", "[data-testid=box-rotate]")
    token = OpinionBox.objects.get(meeting=world.meeting).token
    asked = []

    def answer(accept):
        def handle(dialog):
            asked.append(dialog.message)
            dialog.accept() if accept else dialog.dismiss()

        return handle

    office.page.once("dialog", answer(False))
    office.page.get_by_test_id("box-rotate").click()
    office.page.wait_for_load_state("networkidle")
    assert asked == ["更换后原链接立即失效，已发出的链接将无法再提交意见。确定更换吗？"]
    assert OpinionBox.objects.get(meeting=world.meeting).token == token, "取消: nothing is posted"

    office.page.once("dialog", answer(True))
    office.page.get_by_test_id("box-rotate").click()
    expect(office.page.get_by_text("意见箱链接已更换")).to_be_visible()
    assert len(asked) == 2 and OpinionBox.objects.get(meeting=world.meeting).token != token


@pytest.mark.usefixtures("at_the_meeting")
def test_the_record_live_page_runs_without_a_refusal(world, new_page):
    meeting = at_stage(world.meeting, Stage.MEETING)
    record = ensure_record(meeting)
    statement = record.statements.first()
    office = office_page(new_page, world)
    office.open(f"/meetings/{meeting.pk}/record/live/?member={statement.pk}", "#live-form textarea")
    office.page.locator("#live-form textarea").first.fill(
        f"{statement.member.name}同志：本人调查研究不够深入。"
    )
    expect(office.page.get_by_test_id("save-state")).to_contain_text("已保存", timeout=15_000)
    assert not office.page.evaluate("window.__violations")


def test_the_pages_after_the_meeting_run_without_a_refusal(world, new_page):
    meeting = held_meeting(world)
    items(team_list(meeting), 3, owner=world.secretary, deadline=datetime.date(2027, 6, 30))
    office = office_page(new_page, world)
    office.open(f"/meetings/{meeting.pk}/", "[data-testid=stage-actions]")
    office.open(f"/meetings/{meeting.pk}/rectification/", "main")
    office.open(f"/meetings/{meeting.pk}/rectification/build/", "[data-testid=assign-form]")
    office.open(f"/meetings/{meeting.pk}/reporting/", "[data-testid=bundle]")
    # The report's preview: its table columns and signature are sized by static/sizes.js.
    sized = office.page.locator(
        "[data-testid=preview-situation-report] [data-width], "
        "[data-testid=preview-situation-report] [data-padding-right]"
    )
    assert sized.count() > 0
    first = sized.first
    attribute = "data-width" if first.get_attribute("data-width") else "data-padding-right"
    css = "width" if attribute == "data-width" else "paddingRight"
    assert first.evaluate(f"e => e.style.{css}") == first.get_attribute(attribute)
