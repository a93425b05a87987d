"""From the meeting to a closed item: the recorder starts the record and takes down two members'
criticisms in live mode, the clerk turns a criticism into an item, the owner reports progress with an
evidence file and reports it done, a second person — the secretary — closes it (销号), and the ledger
shows it closed."""

import re

import pytest
from playwright.sync_api import expect

from meetings.models import Criticism, MeetingRecord
from rectification.models import Item, ItemStatus
from tests.rectification.factories import at_stage, member_list

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def log_in(page, user):
    page.goto("/accounts/login/")
    page.fill("#id_username", user.username)
    page.fill("#id_password", "pass-12345")
    page.click("button[type=submit]")
    page.wait_for_selector("[data-testid=current-user]")


def record_member(page, statement, critic, criticisms, screenshots):
    page.goto(f"/meetings/{statement.record.meeting_id}/record/live/?member={statement.pk}")
    page.locator("#live-form textarea").first.fill(f"{statement.member.name}同志：本人调查研究不够深入。")
    texts = page.locator("[data-criticism-rows] [data-testid=criticism-text]")
    critics = page.locator("[data-criticism-rows] [data-testid=criticism-by]")
    for number, text in enumerate(criticisms):
        # The page opens with two empty rows ("批评意见不少于2条"); more are added with the button.
        if texts.count() <= number:
            page.get_by_test_id("add-criticism").click()
        critics.nth(number).select_option(f"u{critic.pk}")
        texts.nth(number).fill(text)
    page.locator("#live-form textarea").last.fill("诚恳接受批评，逐条整改。")
    expect(page.get_by_test_id("save-state")).to_contain_text("已保存", timeout=15_000)
    screenshots(page, f"live-{statement.member.username}")


# The meeting is recorded on its day (meetings.record.not_yet_held): the clock is at 20 January 2027.
@pytest.mark.usefixtures("at_the_meeting")
def test_from_criticism_in_live_mode_to_a_closed_item(world, new_page, screenshots):
    meeting = at_stage(world.meeting, "meeting")
    first, second = world.members[0], world.members[1]

    # The recorder (office) starts the record at the meeting, then takes down two members' turns, one at a
    # time, saved as they type.
    office = new_page()
    log_in(office, world.office)
    office.goto(f"/meetings/{meeting.pk}/record/live/")
    office.get_by_test_id("record-start-form").get_by_role("button", name="开始记录").click()
    expect(office.get_by_test_id("member-list")).to_be_visible()
    record = MeetingRecord.objects.get(meeting=meeting)
    statements = {s.member_id: s for s in record.statements.all()}
    record_member(
        office,
        statements[first.pk],
        world.secretary,
        [
            "到分管领域基层调研次数偏少，对基层困难了解不深。",
            "对分管部门干部日常管理偏松。",
            "学习笔记多、思考少。",
        ],
        screenshots,
    )
    record_member(
        office,
        statements[second.pk],
        world.secretary,
        ["推进重点项目跟踪督办不够有力。", "学习研讨发言准备不够充分。"],
        screenshots,
    )
    for member in (first, second):
        saved = Criticism.objects.filter(statement=statements[member.pk])
        assert saved.count() == (3 if member == first else 2) and {c.by for c in saved} == {world.secretary}

    # The clerk turns the first member's first criticism into an item of that member's list.
    rectification_list = member_list(meeting, first)
    office.goto(f"/meetings/{meeting.pk}/rectification/build/?list={rectification_list.pk}")
    group = office.get_by_test_id("group-criticism")
    expect(group).to_contain_text("到分管领域基层调研次数偏少")
    screenshots(office, "build")
    group.locator("li").filter(has_text="到分管领域基层调研次数偏少").get_by_role(
        "button", name="生成整改事项"
    ).click()
    expect(office.get_by_test_id("item-form")).to_be_visible()
    office.locator("#id_measures").fill("每季度到分管领域基层蹲点调研1次，形成调研报告。")
    office.locator("#id_unit").fill("县委办公室")
    office.get_by_role("button", name="保存").click()
    item = Item.objects.get(meeting=meeting)
    assert item.owner == first and item.sources.get().criticism.statement.member == first

    # The owner reports progress with an evidence file and marks it done.
    owner = new_page()
    log_in(owner, first)
    owner.goto(f"/meetings/{meeting.pk}/rectification/items/{item.pk}/")
    form = owner.get_by_test_id("progress-form")
    form.locator("#progress_text").fill("已到东山乡、西河镇蹲点调研2次，形成调研报告1篇。")
    form.locator("#progress_files").set_input_files(
        {"name": "调研报告.pdf", "mimeType": "application/pdf", "buffer": PDF}
    )
    form.locator("#progress_status").select_option(ItemStatus.DONE.value)
    form.get_by_role("button", name="保存进展").click()
    expect(owner.get_by_test_id("item-status")).to_have_text("已完成待销号")
    expect(owner.get_by_test_id("progress")).to_contain_text("调研报告.pdf")
    # The owner reported it done: a second person closes it, never the owner.
    assert owner.get_by_test_id("close-form").count() == 0
    expect(owner.get_by_test_id("close-hint")).to_contain_text("销号需由报告完成人和责任领导以外的同志确认")
    screenshots(owner, "owner-progress")

    # The secretary confirms 销号.
    secretary = new_page()
    log_in(secretary, world.secretary)
    secretary.goto(f"/meetings/{meeting.pk}/rectification/items/{item.pk}/")
    secretary.on("dialog", lambda dialog: dialog.accept())
    secretary.get_by_test_id("close-form").get_by_role("button", name="确认销号").click()
    expect(secretary.get_by_test_id("item-status")).to_have_text("已销号")

    # The ledger shows it closed.
    secretary.goto(f"/meetings/{meeting.pk}/rectification/")
    row = secretary.locator("tr").filter(has_text=re.compile("到分管领域基层调研次数偏少"))
    expect(row).to_contain_text("已销号")
    screenshots(secretary, "ledger")
    item.refresh_from_db()
    assert item.status == ItemStatus.CLOSED and item.closed_by == world.secretary
