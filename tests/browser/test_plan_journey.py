"""The first stage end to end: the clerk plans, the supervisor approves, the clerk moves on."""

import io
import subprocess

import pytest
from django.core.management import call_command
from docx import Document as read_docx

from meetings.models import Meeting

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def log_in(page, username):
    page.goto("/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", "demo-2026")
    page.click("button[type=submit]")
    page.wait_for_selector("[data-testid=current-user]")


def test_clerk_plans_supervisor_approves_clerk_moves_to_study(new_page, screenshots, tmp_path):
    call_command("seed_demo", stdout=io.StringIO())

    clerk = new_page()
    log_in(clerk, "liuwenjing")
    screenshots(clerk, "dashboard")

    clerk.click("text=新建民主生活会")
    clerk.select_option("#id_aspect_template", label="2021年党史学习教育专题“五个带头”")
    clerk.fill("#id_year", "2027")
    clerk.select_option("#id_kind", "special")
    clerk.fill("#id_name", "2027年度专题民主生活会")
    clerk.fill("#id_theme", "深入学习贯彻党的创新理论，担当作为、推动发展")
    clerk.fill("#id_date", "2028-01-18")
    clerk.fill("#id_place", "县委常委会议室")
    screenshots(clerk, "create-meeting")
    clerk.click("button:has-text('创建')")

    clerk.wait_for_selector("[data-testid=plan-form]")
    meeting = Meeting.objects.get(year=2027)
    clerk.fill("#id_plan-preamble", "按照市委组织部通知要求，结合实际，特制定本方案。")
    clerk.select_option("select[name='people-9-kind']", "attendee")
    clerk.fill("input[name='people-9-name']", "县委办公室主要负责同志")
    clerk.fill("input[name='people-9-order']", "1")
    screenshots(clerk, "plan-edit")
    clerk.click("[data-testid=save-plan]")
    clerk.wait_for_selector("[data-testid=plan-preview]")
    assert "县委办公室主要负责同志" in clerk.inner_text("[data-testid=plan-preview]")

    clerk.once("dialog", lambda dialog: dialog.accept())
    clerk.click("button:has-text('报送督导组审核')")
    clerk.wait_for_selector("text=方案已报送督导组审核")
    assert clerk.inner_text("[data-testid=plan-status]") == "已报送待审"
    screenshots(clerk, "plan-submitted")

    supervisor = new_page()
    log_in(supervisor, "huangweimin")
    supervisor.click(f"text={meeting.title}")
    supervisor.wait_for_selector("[data-testid=review-form]")
    supervisor.fill("[data-testid=review-form] textarea", "同意，请按方案组织实施。")
    screenshots(supervisor, "review")
    supervisor.click("button:has-text('提交审核结论')")
    supervisor.wait_for_selector("text=方案已审定通过")
    assert supervisor.inner_text("[data-testid=plan-status]") == "已审定"
    screenshots(supervisor, "approved")

    clerk.reload()
    clerk.once("dialog", lambda dialog: dialog.accept())
    clerk.click("[data-testid=advance]")
    clerk.wait_for_selector("text=会议已进入“会前学习”阶段")
    assert clerk.inner_text("[data-testid=stage]") == "会前学习"
    screenshots(clerk, "study-stage")

    with clerk.expect_download() as docx_download:
        clerk.click("[data-testid=download-plan-docx]")
    docx_path = tmp_path / "plan.docx"
    docx_download.value.save_as(docx_path)
    # A title broken between its parts (GB/T 9704 §7.3.1) reads back with its line breaks.
    text = "\n".join(p.text.replace("\n", "") for p in read_docx(docx_path).paragraphs)
    assert meeting.plan.document_title in text
    assert "县委办公室主要负责同志" in text

    with clerk.expect_download() as pdf_download:
        clerk.click("[data-testid=download-plan-pdf]")
    pdf_path = tmp_path / "plan.pdf"
    pdf_download.value.save_as(pdf_path)
    pdf_text = subprocess.run(
        ["pdftotext", str(pdf_path), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "林志远" in pdf_text
    assert len(list(screenshots.folder.glob("*.png"))) == 7
