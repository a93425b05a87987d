"""The review pages through the test client, as the role that uses each: what the user sees, and that bad
input is refused with a message while nothing typed or saved is lost."""

import copy

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from inspection import services
from inspection.content import problems
from inspection.models import Draft, DraftStatus, RefusedSave
from orgs.models import Role
from tests.factories import UserFactory, assign

OUTLINE = """在县委常委班子民主生活会上的发言提纲
根据安排，现将对照检查情况汇报如下：
一、存在的主要问题
（一）在加强政治理论学习方面。
1.学习“往深里走”不够。自学时间安排不够固定。比如，全年专题研讨仅3次。
2.抓落实的韧劲不足。对难点问题有时等一等、看一看。
（二）在履职尽责、担当作为方面。
3.推动重点工作落实的力度不够。对部分重点项目跟踪问效不及时。比如，老旧小区改造年底仅完工9个。
二、存在问题的原因剖析
一是理论学习不够深入。没有把理论学习作为第一位的任务。
二是宗旨意识不够牢固。深入基层调研不够。
三、下步改进措施
（一）加强理论学习。每月制定学习计划。
"""


def written(meeting, author=None, example="比如，全年专题研讨仅3次。"):
    content = services.new_content(meeting, author)
    content["problems"]["groups"][0]["items"] = [
        {"lead": "学习“往深里走”不够。", "text": "自学时间安排不够固定。", "example": example},
        {"lead": "抓落实的韧劲不足。", "text": "对难点问题有时等一等。", "example": ""},
    ]
    content["causes"]["items"] = [{"lead": "理论学习不够深入。", "text": "没有把理论学习作为第一位的任务。"}]
    return content


@pytest.fixture
def outline(world):
    """Member 1's outline at version 1."""
    draft = services.draft_for(world.meeting, world.member)
    services.save_draft(draft, written(world.meeting, world.member), base_version=0, by=world.member)
    return draft


def url(name, draft, *args):
    return reverse(name, args=[draft.meeting_id, draft.pk, *args])


def page(response):
    return response.content.decode()


def followed_messages(response):
    return [str(message) for message in response.context["messages"]]


# --- the list -------------------------------------------------------------------------------------


def test_the_office_sees_every_draft_with_status_version_and_open_comments(world, login, outline):
    services.submit_draft(outline, world.member)
    services.add_comment(outline, world.secretary, "请补充事例。")
    services.ensure_drafts(world.meeting)  # what entering 撰写对照检查材料 makes
    body = page(login(world.office).get(reverse("draft_list", args=[world.meeting.pk])))

    assert Draft.objects.filter(meeting=world.meeting).count() == 5
    for name in ["林书记", "成员1", "成员2", "成员3", "领导班子对照检查材料"]:
        assert name in body
    assert "待审阅" in body and "撰写中" in body
    assert "第1版" in body and "1条未处理" in body
    assert "尚未保存" in body  # the outlines nobody has written
    assert "待审阅 1" in body and "撰写中 4" in body  # the counts above the table
    assert f"personal-outline.docx?member={world.member.pk}" in body
    assert "team-inspection.pdf" in body
    assert reverse("draft_detail", args=[world.meeting.pk, outline.pk]) in body


def test_a_member_sees_the_team_material_and_only_their_own_outline(world, login, outline):
    services.ensure_drafts(world.meeting)  # what entering 撰写对照检查材料 makes
    body = page(login(world.members[1]).get(reverse("draft_list", args=[world.meeting.pk])))
    assert "领导班子对照检查材料" in body and "成员2" in body
    assert "成员1" not in body and "林书记" not in body and "成员3" not in body
    assert f"?member={world.member.pk}" not in body
    assert "共 2 份" in body


def test_the_list_takes_the_same_queries_for_three_or_twenty_members(
    world, login, django_assert_max_num_queries
):
    client = login(world.office)
    address = reverse("draft_list", args=[world.meeting.pk])
    client.post(address)  # 建立材料: the office makes the drafts
    with CaptureQueriesContext(connection) as captured:
        assert client.get(address).status_code == 200
    few = len(captured)  # now: the log is reset by the next request
    for n in range(4, 21):
        assign(UserFactory(display_name=f"新成员{n}"), world.county, Role.MEMBER, n)
    client.post(address)
    assert Draft.objects.filter(meeting=world.meeting).count() == 22
    with django_assert_max_num_queries(few):
        body = page(client.get(address))
    assert "新成员20" in body


def test_the_meeting_page_shows_the_drafts_panel(world, login, outline):
    services.submit_draft(outline, world.member)
    body = page(login(world.office).get(reverse("meeting_detail", args=[world.meeting.pk])))
    assert 'data-testid="draft-panel"' in body and "待审阅 1" in body
    assert reverse("draft_list", args=[world.meeting.pk]) in body

    body = page(login(world.member).get(reverse("meeting_detail", args=[world.meeting.pk])))
    assert "我的发言提纲" in body and reverse("draft_detail", args=[world.meeting.pk, outline.pk]) in body


# --- submit, review, endorse ----------------------------------------------------------------------


def test_the_submit_page_shows_the_checkers_findings_as_hints(world, login, outline):
    body = page(login(world.member).get(url("draft_submit", outline)))
    assert "仅作提示，不影响提交" in body
    assert "问题2没有举出具体事例" in body
    assert 'data-testid="confirm-submit"' in body


def test_the_author_submits_and_the_draft_waits_for_review(world, login, outline):
    response = login(world.member).post(url("draft_submit", outline), follow=True)
    assert response.redirect_chain[-1][0] == url("draft_detail", outline)
    assert "已提交第1版，等待审阅" in followed_messages(response)[0]
    assert Draft.objects.get(pk=outline.pk).status == DraftStatus.SUBMITTED


def test_an_empty_outline_is_not_submitted_and_the_page_says_why(world, login):
    draft = services.draft_for(world.meeting, world.member)
    response = login(world.member).post(url("draft_submit", draft), follow=True)
    assert "材料还没有写入存在的问题，不能提交。" in page(response)
    assert Draft.objects.get(pk=draft.pk).status == DraftStatus.WRITING


def test_returning_without_a_note_or_comment_is_refused_with_a_message(world, login, outline):
    services.submit_draft(outline, world.member)
    response = login(world.secretary).post(
        url("draft_review", outline), {"decision": "return", "note": ""}, follow=True
    )
    assert "退回修改须填写意见，或先在需要修改的部分添加修改意见。" in page(response)
    assert Draft.objects.get(pk=outline.pk).status == DraftStatus.SUBMITTED


def test_the_secretary_returns_with_a_note_and_then_approves(world, login, outline):
    services.submit_draft(outline, world.member)
    client = login(world.secretary)
    client.post(url("draft_review", outline), {"decision": "return", "note": "请补充问题2的事例。"})
    outline.refresh_from_db()
    assert outline.status == DraftStatus.RETURNED
    assert outline.events.first().note == "请补充问题2的事例。"

    services.submit_draft(outline, world.member)
    response = client.post(url("draft_review", outline), {"decision": "approve"}, follow=True)
    assert "第1版已审阅通过。" in followed_messages(response)
    assert Draft.objects.get(pk=outline.pk).status == DraftStatus.APPROVED


def test_a_refused_review_shows_the_note_back_so_it_is_not_lost(world, login, outline):
    response = login(world.secretary).post(
        url("draft_review", outline), {"decision": "approve", "note": "整体较好，请再精炼。"}, follow=True
    )
    shown = followed_messages(response)
    assert "材料当前状态为“撰写中”，不能审阅。" in shown
    assert "您填写的审阅意见（未保存）：整体较好，请再精炼。" in shown


def test_an_unknown_decision_is_refused(world, login, outline):
    services.submit_draft(outline, world.member)
    response = login(world.secretary).post(url("draft_review", outline), {"decision": "maybe"}, follow=True)
    assert "请选择“审阅通过”或“退回修改”。" in followed_messages(response)
    assert Draft.objects.get(pk=outline.pk).status == DraftStatus.SUBMITTED


def test_the_supervisor_endorses_the_approved_team_material(world, login):
    team = services.draft_for(world.meeting)
    services.save_draft(team, written(world.meeting), base_version=0, by=world.office)
    services.submit_draft(team, world.office)
    services.approve_draft(team, world.secretary)
    response = login(world.supervisor).post(url("draft_endorse", team), {"note": "同意"}, follow=True)
    assert "领导班子对照检查材料已审定。" in followed_messages(response)
    assert Draft.objects.get(pk=team.pk).status == DraftStatus.ENDORSED


# --- the review panel -----------------------------------------------------------------------------


def panel(world, user, draft):
    request = RequestFactory().get("/")
    request.user = user
    from orgs import access

    return render_to_string(
        "inspection/_review_panel.html",
        {
            "meeting": world.meeting,
            "draft": draft,
            "actions": access.draft_actions(user, draft),
            "events": draft.events.select_related("by"),
        },
        request=request,
    )


def test_the_review_panel_offers_each_role_only_its_own_actions(world, outline):
    html = panel(world, world.member, outline)
    assert 'data-testid="submit-draft"' in html and "撰写中" in html
    assert "Context:" not in html  # the template's own comment stays out of the page
    assert 'data-testid="review-form"' not in html

    services.submit_draft(outline, world.member)
    assert 'data-testid="review-form"' in panel(world, world.secretary, outline)
    for user in (world.member, world.supervisor, world.office):
        html = panel(world, user, outline)
        assert 'data-testid="review-form"' not in html and 'data-testid="submit-draft"' not in html
        assert "已提交，等待审阅" in html
    assert 'data-testid="endorse-draft"' not in panel(world, world.supervisor, outline)


def test_the_review_panel_shows_the_return_note_the_history_and_a_change_after_approval(world, outline):
    services.submit_draft(outline, world.member)
    services.return_draft(outline, world.secretary, "请补充问题2的事例。")
    html = panel(world, world.member, outline)
    assert "退回修改（林书记" in html and "请补充问题2的事例。" in html
    assert "重新提交审阅" in html
    assert html.count("list-group-item small") == 2  # returned, submitted

    services.submit_draft(outline, world.member)
    services.approve_draft(outline, world.secretary)
    content = copy.deepcopy(outline.content)
    content["problems"]["groups"][0]["items"][1]["example"] = "比如，垃圾清运不及时。"
    services.save_draft(outline, content, base_version=1, by=world.member)
    html = panel(world, world.member, outline)
    assert "第1版审阅通过后内容又有修改" in html
    assert url("draft_diff", outline, 1, 2) in html


def test_the_draft_page_carries_the_review_panel(world, login, outline):
    services.submit_draft(outline, world.member)
    body = page(login(world.secretary).get(url("draft_detail", outline)))
    assert 'data-testid="review-panel"' in body and 'data-testid="review-form"' in body
    assert url("draft_review", outline) in body
    body = page(login(world.member).get(url("draft_detail", outline)))
    assert 'data-testid="review-panel"' in body and 'data-testid="review-form"' not in body


def test_the_team_materials_panel_offers_the_supervisor_the_endorsement(world):
    team = services.draft_for(world.meeting)
    services.save_draft(team, written(world.meeting), base_version=0, by=world.office)
    services.submit_draft(team, world.office)
    services.approve_draft(team, world.secretary)
    assert 'data-testid="endorse-draft"' in panel(world, world.supervisor, team)
    assert 'data-testid="endorse-draft"' not in panel(world, world.secretary, team)
    assert "等待督导组审定" in panel(world, world.office, team)


def test_the_secretarys_own_outline_says_the_supervising_group_reviews_it(world, login):
    outline = services.draft_for(world.meeting, world.secretary)
    services.save_draft(outline, written(world.meeting, world.secretary), base_version=0, by=world.secretary)
    services.submit_draft(outline, world.secretary)
    rule = "主要负责同志本人的发言提纲由督导组审阅"
    html = panel(world, world.secretary, outline)
    assert rule in html and 'data-testid="review-form"' not in html
    assert "等待督导组审阅" in html
    html = panel(world, world.supervisor, outline)
    assert rule in html and 'data-testid="review-form"' in html
    # A member's outline is the secretary's to review: no such note.
    member_outline = services.draft_for(world.meeting, world.member)
    assert rule not in panel(world, world.secretary, member_outline)

    body = page(login(world.secretary).get(reverse("draft_list", args=[world.meeting.pk])))
    assert body.count(rule) == 1
    row = body.split(f'data-testid="draft-row-{outline.pk}"')[1].split("</tr>")[0]
    assert rule in row
    body = page(login(world.secretary).get(reverse("meeting_detail", args=[world.meeting.pk])))
    assert rule in body.split('data-testid="draft-panel"')[1]
    body = page(login(world.member).get(reverse("meeting_detail", args=[world.meeting.pk])))
    assert rule not in body


# --- versions -------------------------------------------------------------------------------------


def test_the_version_list_shows_who_saved_each_version_and_its_length(world, login, outline):
    content = copy.deepcopy(outline.content)
    content["problems"]["groups"][0]["items"][1]["example"] = "比如，垃圾清运不及时。"
    services.save_draft(outline, content, base_version=1, by=world.member, note="补充事例")
    body = page(login(world.secretary).get(url("draft_versions", outline)))
    assert "第2版" in body and "第1版" in body and "第0版" in body
    assert "补充事例" in body and "成员1" in body
    assert "与上一版比较" in body and 'name="old"' in body


def test_picking_two_versions_opens_their_comparison(world, login, outline):
    client = login(world.member)
    response = client.get(url("draft_versions", outline), {"old": "1", "new": "0"})
    assert response["Location"] == url("draft_diff", outline, 0, 1)
    response = client.get(url("draft_versions", outline), {"old": "1", "new": "1"}, follow=True)
    assert "请选择两个不同的版本进行比较。" in followed_messages(response)


def test_the_diff_marks_added_and_removed_words(world, login, outline):
    content = copy.deepcopy(outline.content)
    content["problems"]["groups"][0]["items"][0]["text"] = "自学时间安排不够固定，结合分管工作思考不够。"
    content["causes"]["items"] = []
    services.save_draft(outline, content, base_version=1, by=world.member)
    body = page(login(world.member).get(url("draft_diff", outline, 1, 2)))
    assert "<ins>，结合分管工作思考不够</ins>" in body
    assert "<del>" in body and "理论学习不够深入" in body
    assert "段未改动" in body  # the unchanged headings in between are folded
    assert url("draft_diff", outline, 0, 1) in body  # the previous step
    assert "两个版本的内容相同" in page(login(world.member).get(url("draft_diff", outline, 2, 2)))


def test_an_unknown_version_is_not_found(world, login, outline):
    assert login(world.member).get(url("draft_diff", outline, 1, 9)).status_code == 404


# --- paste-import ---------------------------------------------------------------------------------


def test_the_import_preview_shows_the_structure_found_and_saves_nothing(world, login, outline):
    response = login(world.member).post(url("draft_import", outline), {"text": OUTLINE, "action": "preview"})
    body = page(response)
    assert "2个方面、3个问题、2条原因、1条措施" in body
    assert "推动重点工作落实的力度不够。" in body and "宗旨意识不够牢固。" in body
    assert 'data-testid="import-confirm"' in body
    assert "比如，老旧小区改造年底仅完工9个。" in body  # the pasted text is still in the box
    assert 'name="base_version" value="1"' in body
    assert Draft.objects.get(pk=outline.pk).version == 1


def test_confirming_the_import_replaces_the_content_as_a_new_version(world, login, outline):
    response = login(world.member).post(
        url("draft_import", outline), {"text": OUTLINE, "action": "confirm", "base_version": "1"}, follow=True
    )
    assert "已导入，保存为第2版" in followed_messages(response)[0]
    outline.refresh_from_db()
    assert [item["lead"] for _n, _g, item in problems(outline.content)] == [
        "学习“往深里走”不够。",
        "抓落实的韧劲不足。",
        "推动重点工作落实的力度不够。",
    ]
    assert outline.versions.get(number=2).note == "粘贴导入"


def test_a_paste_that_is_not_an_outline_is_refused_and_kept(world, login, outline):
    garbage = "今天天气很好，我们去公园散步。\n没有任何编号的两段话。"
    response = login(world.member).post(
        url("draft_import", outline), {"text": garbage, "action": "confirm", "base_version": "1"}
    )
    body = page(response)
    assert "没有识别出任何问题" in body and "当前材料没有任何改动" in body
    assert "今天天气很好，我们去公园散步。" in body
    assert 'data-testid="import-confirm"' not in body
    assert Draft.objects.get(pk=outline.pk).version == 1


def test_an_empty_paste_says_what_to_do(world, login, outline):
    body = page(login(world.member).post(url("draft_import", outline), {"text": "  ", "action": "preview"}))
    assert "请粘贴发言提纲的全文，或选择一个文本文件。" in body


@pytest.mark.parametrize("encoding", ["utf-8-sig", "gb18030"])
def test_a_text_file_is_read_in_utf8_or_gb18030_and_shown_in_the_box(world, login, outline, encoding):
    upload = SimpleUploadedFile("提纲.txt", OUTLINE.encode(encoding), content_type="text/plain")
    body = page(login(world.member).post(url("draft_import", outline), {"file": upload, "action": "preview"}))
    assert "2个方面、3个问题、2条原因、1条措施" in body
    assert "老旧小区改造年底仅完工9个" in body


def test_a_word_file_is_refused_with_advice(world, login, outline):
    upload = SimpleUploadedFile("提纲.docx", b"PK\x03\x04", content_type="application/octet-stream")
    body = page(login(world.member).post(url("draft_import", outline), {"file": upload, "action": "preview"}))
    assert "文件已损坏，无法读取；请在Word中打开并重新保存为.docx后再导入。" in body


def test_an_import_after_someone_else_saved_is_refused_and_the_text_kept(world, login, outline):
    client = login(world.member)
    client.post(url("draft_import", outline), {"text": OUTLINE, "action": "preview"})
    content = copy.deepcopy(outline.content)
    content["preamble"] = "另一个窗口里保存的开头。"
    services.save_draft(outline, content, base_version=1, by=world.member)

    body = page(
        client.post(url("draft_import", outline), {"text": OUTLINE, "action": "confirm", "base_version": "1"})
    )
    assert "为免覆盖其修改，这次导入没有保存" in body
    assert "老旧小区改造年底仅完工9个" in body
    assert 'name="base_version" value="2"' in body  # confirming again now replaces version 2, knowingly
    outline.refresh_from_db()
    assert outline.version == 2 and outline.content["preamble"] == "另一个窗口里保存的开头。"
    assert RefusedSave.objects.filter(draft=outline, base_version=1).exists()


# --- a refused save -------------------------------------------------------------------------------


@pytest.fixture
def refused(world, outline):
    """The author in two windows: the second saved version 2, so the first window's save was refused."""
    mine, theirs = copy.deepcopy(outline.content), copy.deepcopy(outline.content)
    theirs["preamble"] = "在另一个窗口写的开头。"
    services.save_draft(outline, theirs, base_version=1, by=world.member)
    mine["problems"]["groups"][0]["items"][1]["example"] = "比如，个别村垃圾清运不及时。"
    with pytest.raises(services.StaleDraft) as stale:
        services.save_draft(outline, mine, base_version=1, by=world.member)
    return stale.value.refused


def test_the_refused_save_is_shown_against_the_latest_version(world, login, outline, refused):
    body = page(login(world.member).get(url("draft_refused", outline, refused.pk)))
    assert "基于第1版" in body and "已有第2版" in body
    assert "<ins>比如，个别村垃圾清运不及时。</ins>" in body
    assert 'data-testid="restore-merge"' in body and "data-confirm=" in body
    versions = page(login(world.member).get(url("draft_versions", outline)))
    assert url("draft_refused", outline, refused.pk) in versions and "未合并" in versions


def test_merging_a_refused_save_keeps_both_sides_and_marks_it_merged(world, login, outline, refused):
    response = login(world.member).post(
        url("draft_refused", outline, refused.pk), {"how": "merge", "base_version": "2"}, follow=True
    )
    assert "已保存为第3版。" in followed_messages(response)
    outline.refresh_from_db()
    assert outline.content["preamble"] == "在另一个窗口写的开头。"
    assert problems(outline.content)[1][2]["example"] == "比如，个别村垃圾清运不及时。"
    refused.refresh_from_db()
    assert refused.merged_into == 3
    assert 'data-testid="restore-merge"' not in page(
        login(world.member).get(url("draft_refused", outline, refused.pk))
    )


def test_restoring_after_yet_another_save_is_refused_until_compared_again(world, login, outline, refused):
    content = copy.deepcopy(outline.content)
    content["preamble"] = "第三次修改的开头。"
    services.save_draft(outline, content, base_version=2, by=world.member)
    response = login(world.member).post(
        url("draft_refused", outline, refused.pk), {"how": "restore", "base_version": "2"}, follow=True
    )
    assert "您查看之后又有人保存了新版本" in followed_messages(response)[0]
    assert Draft.objects.get(pk=outline.pk).version == 3


def test_a_refused_save_is_not_shown_to_a_reader_who_is_neither_its_author_nor_an_editor(
    world, login, outline, refused
):
    for user in (world.secretary, world.supervisor, world.office):
        assert login(user).get(url("draft_refused", outline, refused.pk)).status_code == 403
