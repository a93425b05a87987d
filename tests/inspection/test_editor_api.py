"""The editor's page and JSON API: saves name their version, a refused save is kept and merged, and
nobody reads or writes a draft they may not (DESIGN §5)."""

import copy
import json
import re

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from documents.numbering import DIGITS
from feedback.models import OpinionStatus
from inspection import content as structure
from inspection import services
from inspection.models import DraftComment, DraftOpinion, DraftVersion, RefusedSave
from meetings.models import Meeting
from meetings.workflow import Stage
from tests.feedback.factories import opinions

EDITOR_MODULES = settings.BASE_DIR / "static" / "inspection" / "editor"


def problem(lead, text="", example=""):
    return {"lead": lead, "text": text, "example": example}


def with_two_problems(meeting, author=None):
    content = services.new_content(meeting, author)
    content["problems"]["groups"][0]["items"] = [
        problem("学习“往深里走”不够。", "自学时间安排不够固定。", "比如，全年专题研讨仅3次。"),
        problem("抓落实的韧劲不足。", "对难点问题有时等一等、看一看。", "比如，垃圾清运不及时。"),
    ]
    content["causes"]["items"] = [{"lead": "理论学习不够深入。", "text": "没有把学习摆在第一位。"}]
    content["measures"]["items"] = [{"lead": "加强理论学习。", "text": "每月制定学习计划。"}]
    return content


@pytest.fixture
def team(world):
    """The team material with two problems, saved by the office (version 1)."""
    draft = services.draft_for(world.meeting)
    services.save_draft(draft, with_two_problems(world.meeting), base_version=0, by=world.office)
    return draft


@pytest.fixture
def outline(world):
    """Member 1's outline with two problems (version 1)."""
    draft = services.draft_for(world.meeting, world.member)
    services.save_draft(
        draft, with_two_problems(world.meeting, world.member), base_version=0, by=world.member
    )
    return draft


def api(draft):
    return reverse("draft_api", args=[draft.meeting_id, draft.pk])


def page(draft):
    return reverse("draft_detail", args=[draft.meeting_id, draft.pk])


def post_json(client, url, body):
    return client.post(url, data=json.dumps(body), content_type="application/json")


def edited(content, index, text):
    """A copy of ``content`` with problem ``index`` (from 0) given a new description."""
    content = copy.deepcopy(content)
    content["problems"]["groups"][0]["items"][index]["text"] = text
    return content


# --- reading and saving ---------------------------------------------------------------------------


def test_the_editor_reads_the_draft_and_saves_it_as_the_next_version(world, login, team):
    client = login(world.office)
    data = client.get(api(team)).json()
    assert data["version"] == 1 and data["status"] == "writing" and data["status_label"] == "撰写中"
    assert data["updated_by"] == "刘文静" and data["can_edit"] is True and data["can_comment"] is False
    assert data["content"] == team.content
    assert [a["order"] for a in data["aspects"]] == sorted(a["order"] for a in data["aspects"]) != []
    assert data["comments"] == [] and data["opinions"] == []

    response = post_json(
        client, api(team), {"base_version": 1, "content": edited(data["content"], 0, "新的表现。")}
    )
    assert response.status_code == 200
    saved = response.json()
    assert saved["version"] == 2 and saved["saved"] is True and saved["status_label"] == "撰写中"
    assert re.fullmatch(r"\d\d:\d\d:\d\d", saved["saved_at"])
    latest = DraftVersion.objects.get(draft=team, number=2)
    assert latest.by == world.office
    assert latest.content["problems"]["groups"][0]["items"][0]["text"] == "新的表现。"
    assert client.get(api(team)).json()["version"] == 2


def test_a_save_that_changes_nothing_answers_saved_false_and_keeps_the_version(world, login, team):
    response = post_json(login(world.office), api(team), {"base_version": 1, "content": team.content})
    assert response.status_code == 200
    assert response.json()["version"] == 1 and response.json()["saved"] is False
    assert team.versions.count() == 2


def test_a_save_on_an_old_version_is_refused_kept_and_shown_the_other_persons_changes(world, login, team):
    office = login(world.office)
    post_json(office, api(team), {"base_version": 1, "content": edited(team.content, 0, "办公室改的表现。")})

    secretary = login(world.secretary)
    mine = edited(team.content, 1, "书记改的表现。")
    response = post_json(secretary, api(team), {"base_version": 1, "content": mine})
    assert response.status_code == 409
    data = response.json()
    assert (
        data["error"].startswith("刘文静 于 ")
        and "保存了第2版，你的修改尚未保存，已为你保留。" in data["error"]
    )
    assert data["latest_version"] == 2 and data["latest_by"] == "刘文静"
    assert "<ins>" in data["their_changes_html"] and "办公室改的" in data["their_changes_html"]
    refused = RefusedSave.objects.get(pk=data["refused_id"])
    assert refused.by == world.secretary and refused.base_version == 1 and refused.latest_version == 2
    assert refused.content["problems"]["groups"][0]["items"][1]["text"] == "书记改的表现。"
    assert data["refused_url"] == reverse("draft_refused", args=[world.meeting.pk, team.pk, refused.pk])
    team.refresh_from_db()
    assert team.version == 2  # nothing overwritten


def test_two_edits_of_different_problems_merge_so_both_are_in_the_saved_version(world, login, team):
    office = login(world.office)
    post_json(office, api(team), {"base_version": 1, "content": edited(team.content, 0, "办公室改的表现。")})
    secretary = login(world.secretary)
    stale = post_json(
        secretary, api(team), {"base_version": 1, "content": edited(team.content, 1, "书记改的表现。")}
    )
    data = stale.json()
    assert data["conflicts"] == []
    merged_items = data["merged"]["problems"]["groups"][0]["items"]
    assert [i["text"] for i in merged_items] == ["办公室改的表现。", "书记改的表现。"]

    response = post_json(
        secretary,
        api(team),
        {
            "base_version": data["latest_version"],
            "content": data["merged"],
            "merged_refused_id": data["refused_id"],
        },
    )
    assert response.status_code == 200 and response.json()["version"] == 3
    latest = team.versions.order_by("-number").first()
    texts = [i["text"] for i in latest.content["problems"]["groups"][0]["items"]]
    assert texts == ["办公室改的表现。", "书记改的表现。"] and latest.by == world.secretary
    assert RefusedSave.objects.get(pk=data["refused_id"]).merged_into == 3


def test_a_field_both_changed_is_a_conflict_with_both_texts(world, login, team):
    post_json(
        login(world.office),
        api(team),
        {"base_version": 1, "content": edited(team.content, 0, "办公室的文本。")},
    )
    data = post_json(
        login(world.secretary),
        api(team),
        {"base_version": 1, "content": edited(team.content, 0, "书记的文本。")},
    ).json()
    problem_id = team.content["problems"]["groups"][0]["items"][0]["id"]
    assert data["conflicts"] == [
        {
            "part_id": problem_id,
            "field": "text",
            "label": "问题1的正文",
            "mine": "书记的文本。",
            "theirs": "办公室的文本。",
        }
    ]
    assert data["merged"]["problems"]["groups"][0]["items"][0]["text"] == "办公室的文本。"


@pytest.mark.parametrize(
    ("body", "message"),
    [
        (b"{not json", "无法识别"),
        (json.dumps([1, 2]).encode(), "格式不正确"),
        (json.dumps({"content": {}}).encode(), "版本号"),
        (json.dumps({"base_version": 1}).encode(), "缺少材料内容"),
        (json.dumps({"base_version": 1, "content": {"title": 5}}).encode(), "标题应为文字"),
    ],
)
def test_a_body_that_is_not_a_draft_is_refused_in_chinese_and_nothing_is_saved(
    world, login, team, body, message
):
    response = login(world.office).post(api(team), data=body, content_type="application/json")
    assert response.status_code == 400
    assert message in response.json()["error"]
    assert team.versions.count() == 2 and not RefusedSave.objects.exists()


def test_a_body_over_a_megabyte_is_refused_unread(world, login, team):
    content = edited(team.content, 0, "长" * 20_000)
    body = json.dumps({"base_version": 1, "content": content, "padding": "x" * 1_100_000})
    response = login(world.office).post(api(team), data=body, content_type="application/json")
    assert response.status_code == 413 and "1MB" in response.json()["error"]
    assert team.versions.count() == 2


# --- who may read and write -----------------------------------------------------------------------


def test_a_member_cannot_read_or_write_another_members_outline(world, login, outline):
    secret = "只有成员1自己知道的表现。"
    services.save_draft(outline, edited(outline.content, 0, secret), base_version=1, by=world.member)
    other = login(world.members[1])
    for response in (
        other.get(api(outline)),
        other.get(page(outline)),
        post_json(other, api(outline), {"base_version": 2, "content": edited(outline.content, 0, "篡改")}),
        other.get(reverse("draft_check", args=[world.meeting.pk, outline.pk])),
    ):
        assert response.status_code == 404
        assert secret not in response.content.decode()
    assert outline.versions.count() == 3 and not RefusedSave.objects.exists()


@pytest.mark.parametrize("who", ["other_member", "outsider"])
def test_people_outside_the_meeting_see_nothing(world, login, team, who):
    client = login(getattr(world, who))
    assert client.get(api(team)).status_code == 404
    assert client.get(page(team)).status_code == 404


def test_the_supervisor_reads_and_comments_but_cannot_save(world, login, outline):
    client = login(world.supervisor)
    data = client.get(api(outline)).json()
    assert data["can_edit"] is False and data["can_comment"] is True
    problem_id = outline.content["problems"]["groups"][0]["items"][0]["id"]
    response = client.post(
        reverse("draft_comment_add", args=[world.meeting.pk, outline.pk]),
        {"part_id": problem_id, "text": "事例不够具体。"},
        HTTP_ACCEPT="application/json",
    )
    assert response.status_code == 201
    comment = response.json()["comment"]
    assert comment["part_label"] == "问题1" and comment["by"] == "黄督导" and comment["resolved"] is False
    assert "全年专题研讨" in comment["quote"]

    refused = post_json(
        client, api(outline), {"base_version": 1, "content": edited(outline.content, 0, "改")}
    )
    assert refused.status_code == 403 and "权限" in refused.json()["error"]
    assert outline.versions.count() == 2


def test_the_author_cannot_comment_on_their_own_outline_and_a_member_not_on_the_team_material(
    world, login, outline, team
):
    url = reverse("draft_comment_add", args=[world.meeting.pk, outline.pk])
    response = login(world.member).post(url, {"text": "自己提意见"}, HTTP_ACCEPT="application/json")
    assert response.status_code == 403
    response = login(world.members[1]).post(
        reverse("draft_comment_add", args=[world.meeting.pk, team.pk]), {"text": "意见"}
    )
    assert response.status_code == 403
    assert not DraftComment.objects.exists()


def test_a_comment_posted_without_the_script_redirects_back_to_the_page(world, login, team):
    response = login(world.secretary).post(
        reverse("draft_comment_add", args=[world.meeting.pk, team.pk]), {"part_id": "", "text": "全文偏长。"}
    )
    assert response.status_code == 302 and response.url == page(team)
    assert DraftComment.objects.get().text == "全文偏长。"


def test_the_author_or_the_comments_writer_resolves_a_comment_and_nobody_else(world, login, outline):
    comment = services.add_comment(outline, world.secretary, "请补充事例。", part_id="")
    url = reverse("draft_comment_resolve", args=[world.meeting.pk, outline.pk, comment.pk])
    assert login(world.supervisor).post(url, HTTP_ACCEPT="application/json").status_code == 403
    response = login(world.member).post(url, HTTP_ACCEPT="application/json")
    assert response.status_code == 200 and response.json()["comment"]["resolved"] is True
    comment.refresh_from_db()
    assert comment.resolved_by == world.member

    second = services.add_comment(outline, world.supervisor, "再精炼。", part_id="")
    url = reverse("draft_comment_resolve", args=[world.meeting.pk, outline.pk, second.pk])
    assert login(world.supervisor).post(url, HTTP_ACCEPT="application/json").status_code == 200


def test_the_team_materials_editors_resolve_its_comments(world, login, team):
    comment = services.add_comment(team, world.supervisor, "问题不够聚焦。")
    url = reverse("draft_comment_resolve", args=[world.meeting.pk, team.pk, comment.pk])
    assert login(world.member).post(url, HTTP_ACCEPT="application/json").status_code == 403
    assert login(world.office).post(url, HTTP_ACCEPT="application/json").status_code == 200


def test_only_the_author_ticks_the_opinions_addressed_to_them(world, login, outline):
    mine = opinions(world.meeting, 2, addressee=world.member, text="对成员1")
    opinions(world.meeting, 1, addressee=world.members[1], text="对成员2")
    opinions(world.meeting, 1, addressee=world.member, status=OpinionStatus.NEW, text="未分拣")
    client = login(world.member)
    listed = client.get(api(outline)).json()["opinions"]
    assert [o["id"] for o in listed] == sorted(o.pk for o in mine)
    assert all(not o["ticked"] for o in listed) and client.get(api(outline)).json()["can_tick"] is True

    problem_id = outline.content["problems"]["groups"][0]["items"][1]["id"]
    url = reverse("draft_opinion_tick", args=[world.meeting.pk, outline.pk, mine[0].pk])
    response = client.post(url, {"ticked": "1", "part_id": problem_id}, HTTP_ACCEPT="application/json")
    assert response.status_code == 200
    answered = DraftOpinion.objects.get()
    assert answered.opinion == mine[0] and answered.part_id == problem_id
    ticked = {o["id"]: o for o in client.get(api(outline)).json()["opinions"]}[mine[0].pk]
    assert ticked["ticked"] is True and ticked["part_id"] == problem_id

    assert (
        login(world.secretary).post(url, {"ticked": "0"}, HTTP_ACCEPT="application/json").status_code == 403
    )
    client = login(world.member)
    assert client.post(url, {"ticked": "0"}, HTTP_ACCEPT="application/json").status_code == 200
    assert not DraftOpinion.objects.exists()
    someone_elses = Meeting.objects.get().opinions.get(addressee=world.members[1])
    url = reverse("draft_opinion_tick", args=[world.meeting.pk, outline.pk, someone_elses.pk])
    assert client.post(url, {"ticked": "1"}, HTTP_ACCEPT="application/json").status_code == 404


def test_after_the_meeting_is_held_saves_are_refused(world, login, team):
    Meeting.objects.filter(pk=world.meeting.pk).update(stage=Stage.MEETING)
    client = login(world.office)
    assert client.get(api(team)).json()["can_edit"] is False
    response = post_json(client, api(team), {"base_version": 1, "content": edited(team.content, 0, "会后改")})
    assert response.status_code == 409
    assert response.json()["locked"] is True and "会议已召开" in response.json()["error"]
    assert team.versions.count() == 2
    html = client.get(page(team)).content.decode()
    assert "会前材料已锁定" in html and 'data-testid="save-state"' not in html


def test_a_submitted_draft_is_read_only_for_its_editors_until_returned(world, login, team):
    services.submit_draft(team, world.office)
    client = login(world.office)
    assert client.get(api(team)).json()["can_edit"] is False
    response = post_json(
        client, api(team), {"base_version": 1, "content": edited(team.content, 0, "提交后改")}
    )
    assert response.status_code == 409 and response.json()["locked"] is True
    assert "待审阅" in response.json()["error"]


def test_the_checker_answers_every_reader(world, login, team):
    for user in (world.member, world.supervisor, world.office):
        response = login(user).get(reverse("draft_check", args=[world.meeting.pk, team.pk]))
        assert response.status_code == 200
        findings = response.json()["findings"]
        assert {
            "code",
            "message",
            "part_ids",
            "passage",
            "other_passage",
            "other_label",
            "opinion_id",
        } <= set(findings[0])
        # Five of the six aspects have no problem yet.
        assert sum(f["code"] == "aspect-empty" for f in findings) == 5


# --- the page -------------------------------------------------------------------------------------


def editor_data(response):
    match = re.search(
        r'<script id="draft-data" type="application/json">(.*?)</script>', response.content.decode(), re.S
    )
    return json.loads(match.group(1))


def test_the_editor_page_shows_the_editors_controls(world, login, team):
    response = login(world.office).get(page(team))
    assert response.status_code == 200
    html = response.content.decode()
    assert 'data-testid="save-state"' in html and 'data-testid="import-link"' in html
    assert 'data-mode="edit"' in html and 'data-testid="review-panel"' in html
    assert 'data-testid="stepper"' in html and "版本记录" in html and "下载 Word" in html
    assert "team-inspection.docx" in html
    assert 'data-testid="submit-draft"' in html
    data = editor_data(response)
    assert data["can_edit"] is True and data["urls"]["api"] == api(team)


def test_a_reader_gets_the_same_page_read_only_with_comments(world, login, outline):
    response = login(world.secretary).get(page(outline))
    html = response.content.decode()
    assert response.status_code == 200 and 'data-mode="read"' in html and 'data-testid="read-only"' in html
    assert 'data-testid="save-state"' not in html and 'data-testid="import-link"' not in html
    assert f"personal-outline.docx?member={world.member.pk}" in html
    data = editor_data(response)
    assert data["can_edit"] is False and data["can_comment"] is True

    member_view = login(world.members[1]).get(page(services.draft_for(world.meeting)))
    data = editor_data(member_view)
    assert data["can_edit"] is False and data["can_comment"] is False


def test_the_page_sends_the_printed_numbers_and_the_script_spells_none(world, login, team):
    response = login(world.office).get(page(team))
    labels = editor_data(response)["labels"]
    # By position, as the documents print them (content.paragraphs): the script only counts.
    printed = structure.paragraphs(team.content)
    problems = team.content["problems"]
    assert f"{labels['level1'][0]}{problems['title']}" in printed  # 一、: no 上一年度 section
    assert f"{labels['level1'][1]}{team.content['causes']['title']}" in printed
    second = problems["groups"][0]["items"][1]
    assert f"{labels[problems['style']][1]}{structure.problem_text(second)}" in printed
    assert labels["yishi"][:3] == ["一是", "二是", "三是"] and labels["arabic"][11] == "12."
    assert labels["level2"][9] == labels["chinese"][9] == "（十）"
    assert len(labels["level1"]) == len(structure.SECTION_ORDER)
    # The editor is a set of ES modules, and none of them has the digits to spell a number with.
    assert 'type="module" src="/static/inspection/editor/main.js"' in response.content.decode()
    modules = list(EDITOR_MODULES.glob("*.js"))
    assert modules and not [m.name for m in modules if DIGITS in m.read_text()]


def add_comments(draft, by, count):
    part_ids = [item["id"] for group in draft.content["problems"]["groups"] for item in group["items"]]
    for n in range(count):
        services.add_comment(draft, by, f"意见{n}", part_id=part_ids[n % len(part_ids)])


def test_the_page_and_the_api_read_a_constant_number_of_queries(
    world, login, outline, django_assert_max_num_queries
):
    client = login(world.secretary)

    def counts():
        with CaptureQueriesContext(connection) as page_queries:
            assert client.get(page(outline)).status_code == 200
        with CaptureQueriesContext(connection) as api_queries:
            data = client.get(api(outline)).json()
        return len(page_queries), len(api_queries), data

    add_comments(outline, world.secretary, 3)
    opinions(world.meeting, 3, addressee=world.member)
    few = counts()
    add_comments(outline, world.supervisor, 17)
    opinions(world.meeting, 17, addressee=world.member, text="又一条")
    many = counts()
    assert len(many[2]["comments"]) == 20 and len(many[2]["opinions"]) == 20
    assert many[:2] == few[:2]
    with django_assert_max_num_queries(20):
        client.get(page(outline))
    with django_assert_max_num_queries(14):
        client.get(api(outline))
