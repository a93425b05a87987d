"""No lost update, end to end: the office and the secretary edit the team material at once; the later
save is refused, shown the other's change, merged, and both texts end up in the latest version."""

import pytest

from inspection import services
from inspection.models import DraftVersion

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

A_TEXT = "办公室补充：班子成员到联系点调研次数偏少，全年人均不足4次。"
B_TEXT = "书记补充：对重点项目跟踪问效不及时，存在重部署轻落实现象。"


def log_in(page, user, errors=None):
    """Logs in; script errors on the page are collected in ``errors`` when given."""
    if errors is not None:
        page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto("/accounts/login/")
    page.fill("#id_username", user.username)
    page.fill("#id_password", "pass-12345")
    page.click("button[type=submit]")
    page.wait_for_selector("[data-testid=current-user]")


def team_draft_with_two_problems(world):
    draft = services.draft_for(world.meeting)
    content = services.new_content(world.meeting)
    content["problems"]["groups"][0]["items"] = [
        {
            "lead": "理论学习的系统性还不够。",
            "text": "集体学习以传达文件为主。",
            "example": "比如，专题研讨仅3次。",
        },
        {"lead": "推动落实的力度还不够。", "text": "跟踪问效不及时。", "example": ""},
    ]
    services.save_draft(draft, content, base_version=0, by=world.office)
    return draft


def field(page, part_id, name):
    return page.locator(f'[data-part-id="{part_id}"] textarea[data-field="{name}"]')


def test_a_refused_save_shows_the_other_change_and_merges_both(world, new_page, screenshots):
    draft = team_draft_with_two_problems(world)
    first, second = (item["id"] for item in draft.content["problems"]["groups"][0]["items"])
    url = f"/meetings/{world.meeting.pk}/drafts/{draft.pk}/"

    errors = []
    page_a = new_page()
    log_in(page_a, world.office, errors)
    page_a.goto(url)
    page_b = new_page()
    log_in(page_b, world.secretary, errors)
    page_b.goto(url)
    for page in (page_a, page_b):
        field(page, first, "text").wait_for()
        assert page.get_attribute("[data-testid=draft-editor]", "data-mode") == "edit"
    screenshots(page_a, "editor-loaded")

    field(page_a, first, "text").fill(A_TEXT)
    page_a.wait_for_selector("[data-testid=save-state]:has-text('已保存于')", timeout=15_000)
    assert page_a.inner_text("[data-testid=draft-version]") == "2"
    screenshots(page_a, "a-saved")

    # B's page still holds version 1.
    field(page_b, second, "text").fill(B_TEXT)
    panel = page_b.locator("[data-testid=conflict-panel]")
    panel.wait_for(timeout=15_000)
    assert "刘文静" in panel.inner_text() and "第2版" in panel.inner_text()
    assert "联系点调研" in page_b.inner_text("[data-testid=their-changes]")
    assert page_b.locator("[data-testid=their-changes] ins").count() >= 1
    assert field(page_b, second, "text").input_value() == B_TEXT
    assert field(page_b, first, "text").input_value() == "集体学习以传达文件为主。"
    assert page_b.get_attribute("[data-testid=refused-link]", "href").startswith(f"{url}refused/")
    screenshots(page_b, "b-conflict")

    page_b.click("[data-testid=merge-button]")
    page_b.wait_for_selector("[data-testid=save-state]:has-text('已保存于')", timeout=15_000)
    assert page_b.locator("[data-testid=conflict-panel]").count() == 0
    assert field(page_b, first, "text").input_value() == A_TEXT
    assert field(page_b, second, "text").input_value() == B_TEXT
    screenshots(page_b, "b-merged")

    latest = DraftVersion.objects.filter(draft=draft).order_by("-number").first()
    assert latest.number == 3 and latest.by == world.secretary
    texts = [item["text"] for item in latest.content["problems"]["groups"][0]["items"]]
    assert texts == [A_TEXT, B_TEXT]
    assert errors == []


def test_the_editor_numbers_as_printed_and_takes_comments_checks_and_ticks(world, new_page, screenshots):
    from feedback.models import Opinion
    from inspection.models import DraftComment, DraftOpinion
    from tests.feedback.factories import opinions

    outline = services.draft_for(world.meeting, world.member)
    content = services.new_content(world.meeting, world.member)
    content["problems"]["groups"][0]["items"] = [
        {"lead": "学习“往深里走”不够。", "text": "自学时间不固定。", "example": "比如，专题研讨仅3次。"},
        {"lead": "抓落实的韧劲不足。", "text": "对难点问题等一等。", "example": "比如，垃圾清运不及时。"},
    ]
    services.save_draft(outline, content, base_version=0, by=world.member)
    opinions(world.meeting, 1, addressee=world.member, text="对成员1")
    first = outline.content["problems"]["groups"][0]["items"][0]["id"]
    second_group = outline.content["problems"]["groups"][1]["id"]
    url = f"/meetings/{world.meeting.pk}/drafts/{outline.pk}/"

    errors = []
    reviewer = new_page()
    log_in(reviewer, world.secretary, errors)
    reviewer.goto(url)
    assert reviewer.get_attribute("[data-testid=draft-editor]", "data-mode") == "read"
    assert reviewer.locator("[data-testid=add-problem]").count() == 0
    reviewer.click(f'[data-part-id="{first}"] [data-testid=comment-add]')
    reviewer.fill(f'[data-part-id="{first}"] textarea[name=comment-text]', "事例请写明时间和影响。")
    reviewer.click(f'[data-part-id="{first}"] [data-testid=comment-save]')
    reviewer.wait_for_selector(f'[data-part-id="{first}"] [data-testid=comment]:has-text("事例请写明")')
    assert reviewer.inner_text("[data-testid=comment-count]") == "1"
    screenshots(reviewer, "reader-commented")

    author = new_page()
    log_in(author, world.member, errors)
    author.goto(url)
    note = author.locator(f'[data-part-id="{first}"] [data-testid=comment]')
    assert "林书记" in note.inner_text() and "事例请写明" in note.inner_text()

    author.click(f'[data-part-id="{second_group}"] [data-testid=add-problem]')
    new_problem = author.locator(f'[data-part-id="{second_group}"] [data-kind=problem]').last
    new_problem.locator("textarea[data-field=lead]").fill("为民服务的意识有所淡化。")
    new_problem.locator("textarea[data-field=text]").fill("到联系点调研次数偏少。")
    assert new_problem.locator(".part-label").inner_text() == "3."
    assert new_problem.locator(".hint-missing").is_visible()
    new_problem.locator("textarea[data-field=example]").fill("比如，全年只去过联系村2次。")
    assert not new_problem.locator(".hint-missing").is_visible()
    author.select_option("[data-testid=problem-style]", "yishi")
    new_problem = author.locator(f'[data-part-id="{second_group}"] [data-kind=problem]').last
    assert new_problem.locator(".part-label").inner_text() == "三是"

    author.click("[data-testid=add-measure]")
    measure = author.locator("[data-kind=measure]").last
    measure.locator("textarea[data-field=lead]").fill("常态化下沉联系点。")
    measure.locator("[data-testid=answers] label:has-text('为民服务的意识有所淡化')").click()
    author.wait_for_selector("[data-testid=save-state]:has-text('已保存于')", timeout=15_000)
    screenshots(author, "author-edited")

    author.click(f'[data-part-id="{first}"] [data-testid=comment-resolve]')
    author.wait_for_selector(f'[data-part-id="{first}"] [data-testid=comment].resolved')
    assert author.inner_text("[data-testid=comment-count]") == "0"
    assert DraftComment.objects.get().resolved_by == world.member

    author.check("[data-testid=opinions-panel] input[type=checkbox]")
    author.wait_for_selector("[data-testid=opinions-panel]:has-text('1/1 已回应')")
    assert DraftOpinion.objects.get().opinion == Opinion.objects.get()

    author.click("[data-testid=run-check]")
    author.wait_for_selector("[data-testid=finding]")
    findings = author.locator("[data-testid=finding][data-code=aspect-empty]")
    assert findings.count() >= 1
    findings.first.click()
    author.wait_for_selector(".part-flash")
    screenshots(author, "author-checked")

    outline.refresh_from_db()
    items = [item for group in outline.content["problems"]["groups"] for item in group["items"]]
    assert outline.content["problems"]["style"] == "yishi"
    assert (
        items[2]["lead"] == "为民服务的意识有所淡化。"
        and items[2]["example"] == "比如，全年只去过联系村2次。"
    )
    assert outline.content["measures"]["items"][-1]["answers"] == [items[2]["id"]]
    assert errors == []


def test_text_typed_while_saves_fail_is_offered_back_in_a_new_tab(world, new_page, screenshots):
    draft = team_draft_with_two_problems(world)
    first = draft.content["problems"]["groups"][0]["items"][0]["id"]
    url = f"/meetings/{world.meeting.pk}/drafts/{draft.pk}/"

    page = new_page()
    log_in(page, world.office)
    page.route(
        "**/api/", lambda route: route.abort() if route.request.method == "POST" else route.continue_()
    )
    page.goto(url)
    field(page, first, "text").fill(A_TEXT)
    page.wait_for_selector("[data-testid=save-state].error", timeout=15_000)
    assert "网络连接失败" in page.inner_text("[data-testid=save-state]")
    screenshots(page, "save-failed")

    again = page.context.new_page()
    again.goto(url)
    again.click("[data-testid=restore-local]")
    again.wait_for_selector("[data-testid=save-state]:has-text('已保存于')", timeout=15_000)
    assert field(again, first, "text").input_value() == A_TEXT
    draft.refresh_from_db()
    assert draft.version == 2 and draft.content["problems"]["groups"][0]["items"][0]["text"] == A_TEXT


def test_a_field_both_changed_shows_your_text_beside_it_and_either_side_can_be_kept(
    world, new_page, screenshots
):
    draft = team_draft_with_two_problems(world)
    first, second = (item["id"] for item in draft.content["problems"]["groups"][0]["items"])
    url = f"/meetings/{world.meeting.pk}/drafts/{draft.pk}/"
    page_a, page_b = new_page(), new_page()
    log_in(page_a, world.office)
    log_in(page_b, world.secretary)
    page_a.goto(url)
    page_b.goto(url)
    field(page_b, first, "text").wait_for()

    field(page_a, first, "text").fill(A_TEXT)
    page_a.wait_for_selector("[data-testid=save-state]:has-text('已保存于')", timeout=15_000)
    field(page_b, first, "text").fill(B_TEXT)
    page_b.locator("[data-testid=conflict-panel]").wait_for(timeout=15_000)
    assert "有1处双方都改动了" in page_b.inner_text("[data-testid=conflict-panel]")
    page_b.click("[data-testid=merge-button]")

    note = page_b.locator(f'[data-part-id="{first}"] [data-testid=merge-conflict]')
    note.wait_for()
    assert "问题1的正文" in note.inner_text() and B_TEXT in note.inner_text()
    assert field(page_b, first, "text").input_value() == A_TEXT  # the saved version's text is kept …
    screenshots(page_b, "conflict-beside-field")
    note.locator("button:has-text('改用你的文本')").click()  # … until the writer takes theirs
    page_b.wait_for_selector("[data-testid=save-state]:has-text('已保存于')", timeout=15_000)
    page_b.wait_for_function("document.querySelector('[data-testid=draft-version]').textContent === '3'")
    draft.refresh_from_db()
    assert draft.content["problems"]["groups"][0]["items"][0]["text"] == B_TEXT

    # The other way out: give up one's change and load the latest version.
    page_a.reload()
    field(page_a, second, "text").fill("办公室再改第二个问题。")
    page_a.wait_for_selector("[data-testid=save-state]:has-text('已保存于')", timeout=15_000)
    field(page_b, second, "text").fill("书记也改第二个问题。")
    page_b.locator("[data-testid=conflict-panel]").wait_for(timeout=15_000)
    page_b.once("dialog", lambda dialog: dialog.accept())
    page_b.click("[data-testid=discard-button]")
    page_b.locator("[data-testid=conflict-panel]").wait_for(state="detached")
    assert field(page_b, second, "text").input_value() == "办公室再改第二个问题。"
    assert page_b.inner_text("[data-testid=draft-version]") == "4"
    refused = draft.refused_saves.order_by("-pk").first()
    assert refused.content["problems"]["groups"][0]["items"][1]["text"] == "书记也改第二个问题。"
