"""Drafts' business rules: versions, no lost update, the review's states and the drafting stage's guard."""

import copy

import pytest

from inspection import services
from inspection.content import problems
from inspection.models import Draft, DraftEvent, DraftStatus, DraftVersion, RefusedSave
from meetings import workflow
from meetings.models import Meeting


def problem(lead, text="", example=""):
    return {"lead": lead, "text": text, "example": example}


def written(meeting, author=None):
    """A draft's content with two problems in the first aspect, two causes and one measure."""
    content = services.new_content(meeting, author)
    content["problems"]["groups"][0]["items"] = [
        problem("学习“往深里走”不够。", "自学时间安排不够固定。", "比如，全年专题研讨仅3次。"),
        problem("抓落实的韧劲不足。", "对难点问题有时等一等、看一看。", "比如，垃圾清运不及时。"),
    ]
    content["causes"]["items"] = [
        {"lead": "理论学习不够深入。", "text": "没有把理论学习作为第一位的任务。"},
        {"lead": "宗旨意识不够牢固。", "text": "深入基层调研不够。"},
    ]
    content["measures"]["items"] = [{"lead": "加强理论学习。", "text": "每月制定学习计划。"}]
    return content


@pytest.fixture
def outline(world):
    """Member 1's outline, saved once (version 1)."""
    draft = services.draft_for(world.meeting, world.member)
    services.save_draft(draft, written(world.meeting, world.member), base_version=0, by=world.member)
    return draft


@pytest.fixture
def team_draft(world):
    draft = services.draft_for(world.meeting)
    services.save_draft(draft, written(world.meeting), base_version=0, by=world.office)
    return draft


def items(content):
    return [item for _n, _g, item in problems(content)]


# --- versions -------------------------------------------------------------------------------------


def test_every_save_that_changes_the_content_is_a_numbered_version(world, outline):
    content = copy.deepcopy(outline.content)
    content["problems"]["groups"][0]["items"][0]["example"] = "比如，全年开展专题研讨仅3次。"
    version = services.save_draft(outline, content, base_version=1, by=world.member, note="补充事例")
    assert version.number == 2 and version.by == world.member and version.note == "补充事例"
    assert list(outline.versions.values_list("number", flat=True)) == [2, 1, 0]
    outline.refresh_from_db()
    assert outline.version == 2 and outline.updated_by == world.member
    assert services.version_content(outline, 1)["problems"]["groups"][0]["items"][0]["example"] == (
        "比如，全年专题研讨仅3次。"
    )


def test_a_save_that_changes_nothing_makes_no_version(world, outline):
    assert (
        services.save_draft(outline, copy.deepcopy(outline.content), base_version=1, by=world.member) is None
    )
    assert outline.versions.count() == 2  # the empty draft and the first save
    outline.refresh_from_db()
    assert outline.version == 1


def test_ensure_drafts_makes_the_team_material_and_one_outline_per_member_once(world):
    drafts = services.ensure_drafts(world.meeting)
    assert len(drafts) == 5  # the team material, the secretary and three members
    assert sorted(d.author.name for d in drafts if d.author) == ["成员1", "成员2", "成员3", "林书记"]
    services.ensure_drafts(world.meeting)
    assert Draft.objects.filter(meeting=world.meeting).count() == 5
    assert DraftVersion.objects.filter(draft__meeting=world.meeting, number=0).count() == 5


# --- no lost update -------------------------------------------------------------------------------


def test_a_save_based_on_an_old_version_is_refused_kept_and_merged_with_the_latest(world, outline):
    mine, theirs = copy.deepcopy(outline.content), copy.deepcopy(outline.content)
    theirs["problems"]["groups"][0]["items"][1]["text"] = "对难点问题一抓到底的劲头不够。"
    services.save_draft(outline, theirs, base_version=1, by=world.member)
    mine["problems"]["groups"][0]["items"][0]["text"] = "自学时间安排不够固定，结合分管工作思考不够。"

    with pytest.raises(services.StaleDraft) as refused:
        services.save_draft(outline, mine, base_version=1, by=world.member)

    outline.refresh_from_db()
    assert outline.version == 2  # the later save did not overwrite the earlier one
    kept = RefusedSave.objects.get(draft=outline)
    assert kept.base_version == 1 and kept.latest_version == 2 and kept.merged_into is None
    assert (
        kept.content["problems"]["groups"][0]["items"][0]["text"]
        == "自学时间安排不够固定，结合分管工作思考不够。"
    )
    merged = items(refused.value.merged)
    assert merged[0]["text"] == "自学时间安排不够固定，结合分管工作思考不够。"
    assert merged[1]["text"] == "对难点问题一抓到底的劲头不够。"
    assert refused.value.conflicts == []
    assert refused.value.latest.number == 2


def test_both_changing_the_same_field_is_reported_as_a_conflict(world, outline):
    mine, theirs = copy.deepcopy(outline.content), copy.deepcopy(outline.content)
    theirs["problems"]["groups"][0]["items"][0]["lead"] = "理论学习不够系统。"
    services.save_draft(outline, theirs, base_version=1, by=world.secretary)
    mine["problems"]["groups"][0]["items"][0]["lead"] = "学习的主动性不够。"

    with pytest.raises(services.StaleDraft) as refused:
        services.save_draft(outline, mine, base_version=1, by=world.member)

    [conflict] = refused.value.conflicts
    assert conflict.field == "lead" and conflict.label.startswith("问题1")
    assert (conflict.mine, conflict.theirs) == ("学习的主动性不够。", "理论学习不够系统。")
    assert items(refused.value.merged)[0]["lead"] == "理论学习不够系统。"  # the latest text stays


def test_merge_keeps_a_reordering_on_one_side_and_an_addition_on_the_other(world, outline):
    mine, theirs = copy.deepcopy(outline.content), copy.deepcopy(outline.content)
    first, second = theirs["causes"]["items"]
    theirs["causes"]["items"] = [second, first]
    services.save_draft(outline, theirs, base_version=1, by=world.member)
    mine["causes"]["items"][0]["text"] = "没有把理论学习作为第一位的任务，学习的自觉性不够。"
    mine["causes"]["items"].append({"id": "cnew", "lead": "党性修养有所弱化。", "text": "自我要求不够严格。"})

    with pytest.raises(services.StaleDraft) as refused:
        services.save_draft(outline, mine, base_version=1, by=world.member)

    causes = {c["lead"]: c for c in refused.value.merged["causes"]["items"]}
    # Their order is kept; the added cause follows the one it followed in the refused draft.
    assert list(causes) == ["宗旨意识不够牢固。", "党性修养有所弱化。", "理论学习不够深入。"]
    assert causes["理论学习不够深入。"]["text"] == "没有把理论学习作为第一位的任务，学习的自觉性不够。"
    assert refused.value.conflicts == []


def test_merge_takes_a_deletion_by_either_side(world, outline):
    mine, theirs = copy.deepcopy(outline.content), copy.deepcopy(outline.content)
    del theirs["causes"]["items"][1]  # they delete the second cause
    services.save_draft(outline, theirs, base_version=1, by=world.member)
    del mine["problems"]["groups"][0]["items"][0]  # I delete the first problem
    mine["measures"]["items"][0]["text"] = "每月制定个人学习计划。"

    with pytest.raises(services.StaleDraft) as refused:
        services.save_draft(outline, mine, base_version=1, by=world.member)

    merged = refused.value.merged
    assert [c["lead"] for c in merged["causes"]["items"]] == ["理论学习不够深入。"]
    assert [p["lead"] for p in items(merged)] == ["抓落实的韧劲不足。"]
    assert merged["measures"]["items"][0]["text"] == "每月制定个人学习计划。"
    assert refused.value.conflicts == []


def test_merge_keeps_a_part_the_latest_deleted_but_the_refused_save_changed(world, outline):
    mine, theirs = copy.deepcopy(outline.content), copy.deepcopy(outline.content)
    del theirs["problems"]["groups"][0]["items"][1]
    services.save_draft(outline, theirs, base_version=1, by=world.member)
    mine["problems"]["groups"][0]["items"][1]["example"] = (
        "比如，个别村垃圾清运不及时，群众反映后才督促整改。"
    )

    with pytest.raises(services.StaleDraft) as refused:
        services.save_draft(outline, mine, base_version=1, by=world.member)

    assert [p["lead"] for p in items(refused.value.merged)] == ["学习“往深里走”不够。", "抓落实的韧劲不足。"]
    [kept] = refused.value.conflicts
    assert "对方删除了你修改的这一部分" in kept.label


# --- the review ------------------------------------------------------------------------------------


def test_an_empty_draft_cannot_be_submitted(world):
    draft = services.draft_for(world.meeting, world.member)
    with pytest.raises(services.DraftRefused, match="还没有写入存在的问题"):
        services.submit_draft(draft, world.member)


def test_submit_then_approve_records_the_approved_content(world, outline):
    services.submit_draft(outline, world.member)
    assert outline.status == DraftStatus.SUBMITTED
    services.approve_draft(outline, world.secretary, "同意。")
    outline.refresh_from_db()
    assert outline.status == DraftStatus.APPROVED
    assert outline.approved_hash == outline.content_hash and outline.approved_version == 1
    assert not outline.changed_since_approval
    assert list(outline.events.values_list("action", "by", "note")) == [
        ("approve", world.secretary.pk, "同意。"),
        ("submit", world.member.pk, ""),
    ]


def test_a_submitted_draft_cannot_be_edited_until_returned(world, outline):
    services.submit_draft(outline, world.member)
    with pytest.raises(services.DraftRefused, match="退回后才能修改"):
        services.save_draft(outline, written(world.meeting, world.member), base_version=1, by=world.member)
    with pytest.raises(services.DraftRefused, match="不能提交"):
        services.submit_draft(outline, world.member)


def test_returning_needs_a_note_or_an_open_comment(world, outline):
    services.submit_draft(outline, world.member)
    with pytest.raises(services.DraftRefused, match="须填写意见"):
        services.return_draft(outline, world.secretary, "  ")
    assert Draft.objects.get(pk=outline.pk).status == DraftStatus.SUBMITTED

    first = items(outline.content)[0]
    services.add_comment(outline, world.secretary, "请补充具体事例。", part_id=first["id"])
    services.return_draft(outline, world.secretary)
    assert Draft.objects.get(pk=outline.pk).status == DraftStatus.RETURNED


def test_a_resolved_comment_does_not_count_for_returning(world, outline):
    services.submit_draft(outline, world.member)
    comment = services.add_comment(outline, world.secretary, "请补充具体事例。")
    services.resolve_comment(comment, world.member)
    with pytest.raises(services.DraftRefused):
        services.return_draft(outline, world.secretary)


def test_only_a_submitted_draft_is_approved_or_returned(world, outline):
    with pytest.raises(services.DraftRefused, match="不能审阅"):
        services.approve_draft(outline, world.secretary)
    with pytest.raises(services.DraftRefused, match="不能退回"):
        services.return_draft(outline, world.secretary, "请修改。")


def test_an_edit_after_approval_reopens_the_review(world, outline):
    services.submit_draft(outline, world.member)
    services.approve_draft(outline, world.secretary)
    content = copy.deepcopy(outline.content)
    content["causes"]["items"][0]["text"] = "把业务工作放在首位，理论学习时紧时松。"
    services.save_draft(outline, content, base_version=1, by=world.member)

    outline.refresh_from_db()
    assert outline.status == DraftStatus.WRITING
    assert outline.changed_since_approval and outline.approved_version == 1
    reopen = outline.events.first()
    assert reopen.action == DraftEvent.Action.REOPEN and reopen.by == world.member
    assert "第1版审阅通过后又有修改" in reopen.note


def test_the_supervisor_endorses_only_the_approved_team_material(world, team_draft, outline):
    with pytest.raises(services.DraftRefused, match="审阅通过后才能审定"):
        services.endorse_draft(team_draft, world.supervisor)
    services.submit_draft(team_draft, world.office)
    services.approve_draft(team_draft, world.secretary)
    services.endorse_draft(team_draft, world.supervisor, "同意。")
    assert Draft.objects.get(pk=team_draft.pk).status == DraftStatus.ENDORSED

    services.submit_draft(outline, world.member)
    services.approve_draft(outline, world.secretary)
    with pytest.raises(services.DraftRefused, match="只有领导班子对照检查材料"):
        services.endorse_draft(outline, world.supervisor)


def test_drafts_lock_once_the_meeting_is_held(world, outline):
    Meeting.objects.filter(pk=world.meeting.pk).update(stage="meeting")
    outline.meeting.refresh_from_db()
    with pytest.raises(services.DraftRefused, match="会议已召开"):
        services.save_draft(outline, written(world.meeting, world.member), base_version=1, by=world.member)


def test_a_comment_must_name_an_existing_part_and_say_something(world, outline):
    with pytest.raises(services.DraftRefused, match="请填写修改意见"):
        services.add_comment(outline, world.secretary, "  ")
    with pytest.raises(services.DraftRefused, match="已不存在"):
        services.add_comment(outline, world.secretary, "请修改。", part_id="p-gone")
    first = items(outline.content)[0]
    comment = services.add_comment(outline, world.secretary, "请补充具体事例。", part_id=first["id"])
    assert comment.part_label == "问题1" and comment.quote.startswith("学习“往深里走”不够。")


# --- the drafting stage's guard -------------------------------------------------------------------


def drafting(meeting):
    Meeting.objects.filter(pk=meeting.pk).update(stage="drafting")
    return Meeting.objects.get(pk=meeting.pk)


def test_the_drafting_stage_lists_every_draft_not_yet_approved(world):
    services.ensure_drafts(world.meeting)
    reasons = workflow.refusals(drafting(world.meeting))
    assert any("领导班子对照检查材料尚未经督导组审定" in r for r in reasons)
    for name in ["林书记", "成员1", "成员2", "成员3"]:
        assert any(r.startswith(f"{name}的个人发言提纲尚未审阅通过") for r in reasons), name


def test_the_drafting_guard_says_the_supervising_group_reviews_the_secretarys_own_outline(world):
    services.ensure_drafts(world.meeting)
    reasons = workflow.refusals(drafting(world.meeting))
    (secretary,) = [r for r in reasons if r.startswith("林书记的个人发言提纲")]
    assert "主要负责同志本人的发言提纲由督导组审阅" in secretary
    assert not any("督导组审阅" in r for r in reasons if r.startswith("成员"))


def test_the_drafting_stage_may_end_once_the_team_material_is_endorsed_and_every_outline_approved(world):
    meeting = world.meeting
    services.ensure_drafts(meeting)
    for draft in Draft.objects.filter(meeting=meeting).select_related("author"):
        services.save_draft(draft, written(meeting, draft.author), base_version=0, by=world.office)
        services.submit_draft(draft, world.office)
        reviewer = world.supervisor if draft.author == world.secretary else world.secretary
        services.approve_draft(draft, reviewer)
    team = Draft.objects.get(meeting=meeting, kind="team")
    reasons = workflow.refusals(drafting(meeting))
    assert reasons == ["领导班子对照检查材料尚未经督导组审定（当前：审阅通过）。"]

    services.endorse_draft(team, world.supervisor)
    assert workflow.refusals(drafting(meeting)) == []


def test_new_drafts_take_their_headings_from_the_draft_and_meeting_kind(world):
    from meetings.models import MeetingKind
    from tests.factories import make_meeting

    special = make_meeting(world.county, world.office, kind=MeetingKind.SPECIAL, name="2026年专题民主生活会")
    outline = services.draft_for(special, world.member)
    material = services.draft_for(world.meeting)

    assert outline.content["previous"]["title"] == "上一年度民主生活会和有关专题民主生活会整改措施落实情况"
    assert outline.content["measures"]["title"] == "下步改进措施"
    assert material.content["previous"]["title"] == "上一年度民主生活会整改落实情况"
    assert material.content["causes"]["title"] == "产生问题的原因分析"
    assert outline.content["title"] == f"在{world.county.leadership_name}2026年专题民主生活会上的发言提纲"
