"""Every address of inspection/urls.py (and the drafts' downloads), as every role: who may, who gets 403,
who gets 404 — and a refused reader never sees the draft's words.

Member B's outline is private to B, the secretary (who reviews it), the office and the supervisors;
member A is on the same team and must not even learn it exists. The team material is read by the whole
team, drafted by the office and the secretary, reviewed by the secretary and endorsed by the supervisors.
"""

import copy
import json

import pytest
from django.urls import reverse

from feedback.models import OpinionStatus
from inspection import services
from inspection.models import Draft, DraftStatus
from tests.feedback.factories import opinions

TEAM = ["secretary", "member_a", "member_b", "office", "supervisor"]
STRANGERS = ["other_office", "other_member", "outsider"]
SECRET = "乡村振兴联系点调研流于形式"  # words only member B's outline contains
TEAM_SECRET = "班子专题研讨深度不够"


def user_of(world, role):
    return {"member_a": world.members[0], "member_b": world.members[1]}.get(role) or getattr(world, role)


def content_with(meeting, author, lead):
    content = services.new_content(meeting, author)
    content["problems"]["groups"][0]["items"] = [
        {"lead": f"{lead}。", "text": "深入基层不够。", "example": "比如，全年下基层仅4次。"}
    ]
    return content


@pytest.fixture
def drafts(world):
    """B's outline at version 2 (with a comment, a refused save and an opinion addressed to B), the team
    material at version 1."""
    meeting, b = world.meeting, world.members[1]
    outline = services.draft_for(meeting, b)
    services.save_draft(outline, content_with(meeting, b, SECRET), base_version=0, by=b)
    newer = copy.deepcopy(outline.content)
    newer["preamble"] = "根据县委安排，现将对照检查情况报告如下："
    stale = copy.deepcopy(outline.content)
    services.save_draft(outline, newer, base_version=1, by=b)
    stale["causes"]["items"] = [{"lead": "理论学习不够。", "text": ""}]
    with pytest.raises(services.StaleDraft) as refused:
        services.save_draft(outline, stale, base_version=1, by=b)
    problem = outline.content["problems"]["groups"][0]["items"][0]["id"]
    comment = services.add_comment(outline, world.secretary, "请补充事例。", part_id=problem)
    [opinion] = opinions(meeting, 1, addressee=b, status=OpinionStatus.ACCEPTED)

    team = services.draft_for(meeting)
    services.save_draft(team, content_with(meeting, None, TEAM_SECRET), base_version=0, by=world.office)
    return {
        "outline": outline,
        "team": team,
        "comment": comment.pk,
        "refused": refused.value.refused.pk,
        "opinion": opinion.pk,
        "problem": problem,
    }


def api_save(draft):
    draft.refresh_from_db()
    content = copy.deepcopy(draft.content)
    content["preamble"] = "保存一次。"
    return json.dumps({"base_version": draft.version, "content": content})


# (label, url name, target, extra url args, method, data, roles allowed, roles refused with 403);
# every other role gets 404. ``data`` may take the draft and return the body.
READERS = ["secretary", "member_b", "office", "supervisor"]
OUTLINE = [
    ("detail", "draft_detail", (), "get", None, READERS, []),
    ("api read", "draft_api", (), "get", None, READERS, []),
    ("api save", "draft_api", (), "post", api_save, ["member_b"], ["secretary", "office", "supervisor"]),
    ("check", "draft_check", (), "get", None, READERS, []),
    ("versions", "draft_versions", (), "get", None, READERS, []),
    ("diff", "draft_diff", (1, 2), "get", None, READERS, []),
    ("import page", "draft_import", (), "get", None, ["member_b"], ["secretary", "office", "supervisor"]),
    (
        "import preview",
        "draft_import",
        (),
        "post",
        {"text": "一、存在的主要问题\n1.学习不够。", "action": "preview"},
        ["member_b"],
        ["secretary", "office", "supervisor"],
    ),
    ("submit page", "draft_submit", (), "get", None, ["member_b"], ["secretary", "office", "supervisor"]),
    ("submit", "draft_submit", (), "post", {}, ["member_b"], ["secretary", "office", "supervisor"]),
    (
        "review",
        "draft_review",
        (),
        "post",
        {"decision": "return", "note": "请修改。"},
        ["secretary"],
        ["member_b", "office", "supervisor"],
    ),
    ("endorse", "draft_endorse", (), "post", {}, [], READERS),
    (
        "comment",
        "draft_comment_add",
        (),
        "post",
        {"text": "请补充。"},
        ["secretary", "supervisor"],
        ["member_b", "office"],
    ),
    (
        "resolve",
        "draft_comment_resolve",
        ("comment",),
        "post",
        {},
        ["secretary", "member_b"],
        ["office", "supervisor"],
    ),
    (
        "opinion tick",
        "draft_opinion_tick",
        ("opinion",),
        "post",
        {"ticked": "1"},
        ["member_b"],
        ["secretary", "office", "supervisor"],
    ),
    (
        "refused save",
        "draft_refused",
        ("refused",),
        "get",
        None,
        ["member_b"],
        ["secretary", "office", "supervisor"],
    ),
    (
        "restore refused save",
        "draft_refused",
        ("refused",),
        "post",
        {"how": "merge", "base_version": "2"},
        ["member_b"],
        ["secretary", "office", "supervisor"],
    ),
]
TEAM_MATERIAL = [
    ("detail", "draft_detail", (), "get", None, TEAM, []),
    ("api read", "draft_api", (), "get", None, TEAM, []),
    (
        "api save",
        "draft_api",
        (),
        "post",
        api_save,
        ["office", "secretary"],
        ["member_a", "member_b", "supervisor"],
    ),
    ("check", "draft_check", (), "get", None, TEAM, []),
    ("versions", "draft_versions", (), "get", None, TEAM, []),
    ("diff", "draft_diff", (0, 1), "get", None, TEAM, []),
    (
        "import page",
        "draft_import",
        (),
        "get",
        None,
        ["office", "secretary"],
        ["member_a", "member_b", "supervisor"],
    ),
    (
        "submit page",
        "draft_submit",
        (),
        "get",
        None,
        ["office", "secretary"],
        ["member_a", "member_b", "supervisor"],
    ),
    (
        "review",
        "draft_review",
        (),
        "post",
        {"decision": "approve"},
        ["secretary"],
        ["member_a", "member_b", "office", "supervisor"],
    ),
    (
        "endorse",
        "draft_endorse",
        (),
        "post",
        {},
        ["supervisor"],
        ["secretary", "member_a", "member_b", "office"],
    ),
    (
        "comment",
        "draft_comment_add",
        (),
        "post",
        {"text": "请补充。"},
        ["secretary", "supervisor"],
        ["member_a", "member_b", "office"],
    ),
]


def request(client, method, address, data, draft):
    if callable(data):
        return client.post(address, data(draft), content_type="application/json")
    if method == "post":
        return client.post(address, data or {})
    return client.get(address)


def leaks(response, secret):
    """Whether the words show in the body, as HTML or as JSON (which escapes Chinese)."""
    body = response.content.decode()
    return secret in body or json.dumps(secret)[1:-1] in body


def check_roles(world, client, draft, address, method, data, allowed, refused, secret):
    for role in TEAM + STRANGERS:
        client.force_login(user_of(world, role))
        response = request(client, method, address, data, draft)
        status = response.status_code
        if role in allowed:
            assert status in (200, 201, 302), (role, status)
            continue
        expected = 403 if role in refused else 404
        assert status == expected, (role, status)
        assert not leaks(response, secret), role


@pytest.mark.parametrize(
    ("label", "name", "args", "method", "data", "allowed", "refused"),
    OUTLINE,
    ids=[row[0] for row in OUTLINE],
)
def test_member_bs_outline_by_role(world, client, drafts, label, name, args, method, data, allowed, refused):
    draft = drafts["outline"]
    address = reverse(name, args=[world.meeting.pk, draft.pk, *[drafts.get(a, a) for a in args]])
    check_roles(world, client, draft, address, method, data, allowed, refused, SECRET)


@pytest.mark.parametrize(
    ("label", "name", "args", "method", "data", "allowed", "refused"),
    TEAM_MATERIAL,
    ids=[row[0] for row in TEAM_MATERIAL],
)
def test_the_team_material_by_role(world, client, drafts, label, name, args, method, data, allowed, refused):
    draft = drafts["team"]
    address = reverse(name, args=[world.meeting.pk, draft.pk, *args])
    check_roles(world, client, draft, address, method, data, allowed, refused, TEAM_SECRET)


def test_the_list_is_for_the_team_and_strangers_get_404(world, client, drafts):
    address = reverse("draft_list", args=[world.meeting.pk])
    for role in TEAM:
        client.force_login(user_of(world, role))
        assert client.get(address).status_code == 200, role
    for role in STRANGERS:
        client.force_login(user_of(world, role))
        response = client.get(address)
        assert response.status_code == 404, role
        assert world.county.name not in response.content.decode()
    client.logout()
    assert client.get(address).status_code == 302  # to the login page


def test_member_a_cannot_read_or_edit_member_bs_outline(world, client, drafts):
    outline = drafts["outline"]
    client.force_login(world.members[0])
    base = [world.meeting.pk, outline.pk]
    for name, extra in [
        ("draft_detail", []),
        ("draft_api", []),
        ("draft_check", []),
        ("draft_versions", []),
        ("draft_diff", [1, 2]),
        ("draft_import", []),
        ("draft_submit", []),
        ("draft_refused", [drafts["refused"]]),
    ]:
        response = client.get(reverse(name, args=base + extra))
        assert response.status_code == 404, name
        assert not leaks(response, SECRET), name
    response = client.post(
        reverse("draft_api", args=base), api_save(outline), content_type="application/json"
    )
    assert response.status_code == 404
    response = client.post(reverse("draft_comment_add", args=base), {"text": "看看"})
    assert response.status_code == 404
    response = client.post(reverse("draft_import", args=base), {"text": "一、存在的主要问题\n1.学习不够。"})
    assert response.status_code == 404
    download = reverse("document_download", args=[world.meeting.pk, "personal-outline", "docx"])
    response = client.get(download, {"member": world.members[1].pk})
    assert response.status_code == 403
    assert not leaks(response, SECRET)
    assert outline.versions.count() == 3 and outline.comments.count() == 1  # nothing changed
    body = client.get(reverse("draft_list", args=[world.meeting.pk])).content.decode()
    assert world.members[1].name not in body


def test_the_supervisor_reads_and_comments_but_does_not_edit(world, client, drafts):
    outline = drafts["outline"]
    base = [world.meeting.pk, outline.pk]
    client.force_login(world.supervisor)
    assert leaks(client.get(reverse("draft_api", args=base)), SECRET)
    response = client.post(reverse("draft_comment_add", args=base), {"text": "事例还不够具体。"})
    assert response.status_code == 302 and outline.comments.count() == 2
    assert (
        client.post(
            reverse("draft_api", args=base), api_save(outline), content_type="application/json"
        ).status_code
        == 403
    )
    assert client.get(reverse("draft_import", args=base)).status_code == 403
    assert client.post(reverse("draft_submit", args=base)).status_code == 403
    assert Draft.objects.get(pk=outline.pk).version == 2


def test_the_secretarys_own_outline_is_reviewed_by_the_supervisor(world, client):
    outline = services.draft_for(world.meeting, world.secretary)
    services.save_draft(
        outline,
        content_with(world.meeting, world.secretary, "统筹全局不够"),
        base_version=0,
        by=world.secretary,
    )
    services.submit_draft(outline, world.secretary)
    address = reverse("draft_review", args=[world.meeting.pk, outline.pk])
    client.force_login(world.secretary)
    assert client.post(address, {"decision": "approve"}).status_code == 403
    client.force_login(world.supervisor)
    assert client.post(address, {"decision": "approve"}).status_code == 302
    assert Draft.objects.get(pk=outline.pk).status == DraftStatus.APPROVED


def test_the_office_edits_the_team_material_but_not_a_members_outline(world, client, drafts):
    client.force_login(world.office)
    team, outline = drafts["team"], drafts["outline"]
    response = client.post(
        reverse("draft_api", args=[world.meeting.pk, team.pk]),
        api_save(team),
        content_type="application/json",
    )
    assert response.status_code == 200 and Draft.objects.get(pk=team.pk).version == 2
    response = client.post(
        reverse("draft_api", args=[world.meeting.pk, outline.pk]),
        api_save(outline),
        content_type="application/json",
    )
    assert response.status_code == 403 and Draft.objects.get(pk=outline.pk).version == 2


def test_the_outline_download_follows_who_may_read_it(world, client, drafts):
    download = reverse("document_download", args=[world.meeting.pk, "personal-outline", "docx"])
    for role, expected in [
        ("member_b", 200),
        ("secretary", 200),
        ("office", 200),
        ("supervisor", 200),
        ("member_a", 403),
        ("other_office", 404),
        ("other_member", 404),
        ("outsider", 404),
    ]:
        client.force_login(user_of(world, role))
        assert client.get(download, {"member": world.members[1].pk}).status_code == expected, role
