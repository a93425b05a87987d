"""The end of the workflow in the browser: the secretary approves the report and the 通报, the office
sends the one and issues the other, builds the bundle (its progress shown, a real Celery worker
building it), and closes the meeting; the supervisor then downloads exactly the report that was sent."""

import hashlib

import pytest
from playwright.sync_api import expect

from meetings.workflow import Stage
from reporting.models import FrozenFile
from tests.reminders.test_worker import configured_broker, running_worker
from tests.reporting.factories import held_meeting

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def log_in(page, user):
    page.goto("/accounts/login/")
    page.fill("#id_username", user.username)
    page.fill("#id_password", "pass-12345")
    page.click("button[type=submit]")
    page.wait_for_selector("[data-testid=current-user]")


def accept_dialogs(page):
    page.on("dialog", lambda dialog: dialog.accept())


def send(page, kind, channel=None):
    form = page.get_by_test_id(f"send-form-{kind}")
    if channel:
        form.locator("select[name=channel]").select_option(label=channel)
    form.locator("input[name=confirmed]").check()
    form.get_by_test_id(f"send-{kind}").click()
    page.wait_for_load_state("networkidle")


def test_the_office_sends_the_report_builds_the_bundle_and_the_supervisor_downloads_it(
    world, new_page, screenshots, tmp_path
):
    meeting = held_meeting(world, Stage.REPORTING)
    url = f"/meetings/{meeting.pk}/reporting/"

    secretary = new_page()
    accept_dialogs(secretary)
    log_in(secretary, world.secretary)
    secretary.goto(url)
    for kind in ("situation-report", "notification"):
        secretary.get_by_test_id(f"approve-{kind}").click()
        expect(secretary.get_by_test_id(f"approval-{kind}")).to_contain_text("已审定")
    screenshots(secretary, "approved")

    office = new_page()
    accept_dialogs(office)
    log_in(office, world.office)
    office.goto(url)
    expect(office.get_by_test_id("preview-situation-report")).to_contain_text("现将有关情况报告如下")
    send(office, "situation-report", channel="机要交换")
    expect(office.get_by_test_id("status-situation-report")).to_contain_text("已报送")
    send(office, "notification")
    expect(office.get_by_test_id("status-notification")).to_contain_text("已印发")
    screenshots(office, "sent")

    with configured_broker(tmp_path / "broker"), running_worker():
        office.get_by_test_id("build-bundle").click()
        expect(office.get_by_test_id("bundle-progress")).to_be_visible()
        expect(office.get_by_test_id("bundle-step")).to_contain_text("已完成")
        screenshots(office, "bundle-progress")
        expect(office.get_by_test_id("bundle-pdf")).to_be_visible(timeout=120_000)
        office.wait_for_load_state("networkidle")
    screenshots(office, "bundle-done")

    office.goto(f"/meetings/{meeting.pk}/")
    office.get_by_test_id("advance").click()
    expect(office.get_by_test_id("stage")).to_have_text("归档")

    supervisor = new_page()
    log_in(supervisor, world.supervisor)
    supervisor.goto(f"/meetings/{meeting.pk}/")
    expect(supervisor.get_by_test_id("panel-report")).to_contain_text("已报送")
    supervisor.goto(url)
    with supervisor.expect_download() as download:
        supervisor.get_by_test_id("frozen-situation-report-pdf").click()
    path = download.value.path()
    frozen = FrozenFile.objects.get(meeting=meeting, document="situation-report", format="pdf")
    assert hashlib.sha256(path.read_bytes()).hexdigest() == frozen.sha256
    screenshots(supervisor, "supervisor")
