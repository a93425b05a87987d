"""Drafting end to end: a member writes an outline and submits it; the secretary comments on one problem
and returns it; the member fixes that problem, resolves the comment and resubmits; the secretary approves."""

import io

import pytest
from django.core.management import call_command

from inspection.models import Draft, DraftStatus
from meetings.models import Meeting
from orgs.models import User

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

FIRST = {
    "lead": "学习“往深里走”不够。",
    "text": "自学时间安排不够固定，满足于读原文、记笔记，结合纪检监察工作深入思考不够。",
    "example": "比如，学习习近平总书记关于全面从严治党的重要论述后，没有及时组织委机关研究贯彻措施。",
}
SECOND = {
    "lead": "监督执纪的韧劲不足。",
    "text": "对群众反映强烈的问题有时存在等一等、看一看的想法，一查到底的劲头不够。",
}
FIXED_EXAMPLE = "比如，对某乡镇扶贫资金使用问题的线索，首次核查后没有持续跟进，直到群众再次反映才深入核查。"
COMMENT = "这一条没有举出具体事例，请补充“比如，……”，做到见人见事见思想。"


def log_in(page, username):
    page.goto("/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", "demo-2026")
    page.click("button[type=submit]")
    page.wait_for_selector("[data-testid=current-user]")


def wait_saved(page):
    page.wait_for_selector("[data-testid=save-state]:has-text('已保存于')")


def write_problem(page, group, fields):
    group.locator("[data-testid=add-problem]").click()
    problem = group.locator("[data-kind=problem]").last
    for name, text in fields.items():
        problem.locator(f"textarea[data-field={name}]").fill(text)
    wait_saved(page)


def status_in_panel(page):
    return page.locator("[data-testid=review-panel] [data-testid=draft-status]")


def submit(page):
    page.click("[data-testid=review-panel] [data-testid=submit-draft]")
    page.wait_for_selector("text=仅作提示，不影响提交")  # the second problem has no example yet
    return page


def test_member_writes_secretary_returns_member_fixes_secretary_approves(new_page, screenshots):
    call_command("seed_demo", stdout=io.StringIO())
    meeting = Meeting.objects.get(organisation__name="云岭县委", year=2026, kind="annual")  # being prepared
    member = User.objects.get(username="wangzhendong")
    outline = Draft.objects.get(meeting=meeting, author=member)

    # The member opens their outline from the meeting page and writes two problems in the editor.
    author = new_page()
    author.on("dialog", lambda dialog: dialog.accept())
    log_in(author, member.username)
    author.goto(f"/meetings/{meeting.pk}/")
    screenshots(author, "meeting-page")
    author.click("[data-testid=draft-panel] [data-testid=own-outline]")
    author.wait_for_selector("[data-kind=group] [data-testid=add-problem]")
    group = author.locator("[data-kind=group]").first
    write_problem(author, group, FIRST)
    write_problem(author, group, SECOND)
    screenshots(author, "outline-written")
    second_id = group.locator("[data-kind=problem]").nth(1).get_attribute("data-part-id")

    # … and submits it through the submit page, which shows the checker's hints.
    submit(author)
    assert "问题2没有举出具体事例" in author.inner_text("[data-testid=findings]")
    screenshots(author, "submit-page")
    author.click("[data-testid=confirm-submit]")
    author.wait_for_selector("text=等待审阅")
    assert status_in_panel(author).inner_text() == "待审阅"

    # The secretary opens it from the list, comments on the second problem and returns it.
    reviewer = new_page()
    reviewer.on("dialog", lambda dialog: dialog.accept())
    log_in(reviewer, "linzhiyuan")
    reviewer.goto(f"/meetings/{meeting.pk}/drafts/")
    assert "待审阅" in reviewer.inner_text(f"[data-testid=draft-row-{outline.pk}]")
    screenshots(reviewer, "draft-list")
    reviewer.click(f"[data-testid=draft-row-{outline.pk}] [data-testid=open-draft]")
    problem = reviewer.locator(f"[data-part-id='{second_id}']")
    problem.locator("[data-testid=comment-add]").click()
    problem.locator("textarea[name=comment-text]").fill(COMMENT)
    problem.locator("[data-testid=comment-save]").click()
    problem.locator("[data-testid=comment]").wait_for()
    reviewer.check("[data-testid=review-form] input[value=return]")
    reviewer.fill("[data-testid=review-form] textarea[name=note]", "请按批注补充事例后重新提交。")
    screenshots(reviewer, "comment-and-return")
    reviewer.click("[data-testid=review-submit]")
    reviewer.wait_for_selector("text=已退回修改，撰写人会看到您的意见和批注。")
    assert status_in_panel(reviewer).inner_text() == "已退回修改"

    # The member sees the comment beside that problem, fixes it, resolves the comment and resubmits.
    author.goto(f"/meetings/{meeting.pk}/drafts/{outline.pk}/")
    problem = author.locator(f"[data-part-id='{second_id}']")
    problem.locator("[data-testid=comment]").wait_for()
    assert COMMENT in problem.locator("[data-testid=comment]").inner_text()
    assert "请按批注补充事例后重新提交。" in author.inner_text("[data-testid=return-note]")
    screenshots(author, "returned-with-comment")
    problem.locator("textarea[data-field=example]").fill(FIXED_EXAMPLE)
    wait_saved(author)
    problem.locator("[data-testid=comment-resolve]").click()
    problem.locator("[data-testid=comment] .badge:has-text('已处理')").wait_for()
    screenshots(author, "fixed-and-resolved")
    author.click("[data-testid=review-panel] [data-testid=submit-draft]")
    author.wait_for_selector("[data-testid=confirm-submit]")
    assert "问题2没有举出具体事例" not in author.content()
    author.click("[data-testid=confirm-submit]")
    author.wait_for_selector("text=等待审阅")

    # The secretary approves; both see 审阅通过.
    reviewer.goto(f"/meetings/{meeting.pk}/drafts/{outline.pk}/")
    reviewer.check("[data-testid=review-form] input[value=approve]")
    reviewer.click("[data-testid=review-submit]")
    reviewer.wait_for_selector("text=已审阅通过")
    assert status_in_panel(reviewer).inner_text() == "审阅通过"
    screenshots(reviewer, "approved")
    author.reload()
    assert status_in_panel(author).inner_text() == "审阅通过"

    # The history shows what changed between the two submissions.
    author.click("[data-testid=versions-link]")
    screenshots(author, "versions")
    author.click("[data-testid=compare]")  # the latest two versions are picked by default
    assert FIXED_EXAMPLE in author.inner_text("[data-testid=diff] ins")
    screenshots(author, "diff")

    outline.refresh_from_db()
    assert outline.status == DraftStatus.APPROVED
    assert outline.content["problems"]["groups"][0]["items"][1]["example"] == FIXED_EXAMPLE
    assert not outline.comments.filter(resolved_at__isnull=True).exists()
    assert [e.action for e in outline.events.order_by("at", "pk")] == [
        "submit",
        "return",
        "submit",
        "approve",
    ]
