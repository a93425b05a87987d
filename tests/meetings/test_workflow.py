from types import SimpleNamespace

import pytest

from meetings import services, workflow
from meetings.models import TransitionLog
from meetings.workflow import Stage


def approve(world):
    services.submit_plan(world.meeting.plan, world.office)
    services.approve_plan(world.meeting.plan, world.supervisor)


def test_a_new_meeting_starts_in_planning_and_cannot_leave_without_an_approved_plan(world):
    meeting = world.meeting
    assert meeting.stage == Stage.PLANNING
    with pytest.raises(services.TransitionRefused) as refused:
        services.advance(meeting, world.office)
    assert refused.value.reasons == ["会议方案尚未经督导组审定。"]
    services.submit_plan(meeting.plan, world.office)
    with pytest.raises(services.TransitionRefused):
        services.advance(meeting, world.office)
    meeting.refresh_from_db()
    assert meeting.stage == Stage.PLANNING
    assert not TransitionLog.objects.exists()


def test_approved_plan_lets_the_office_move_to_study_and_the_move_is_logged(world):
    approve(world)
    log = services.advance(world.meeting, world.office, expected_stage="planning", note="方案已审定")
    world.meeting.refresh_from_db()
    assert world.meeting.stage == Stage.STUDY
    assert (log.from_stage, log.to_stage, log.by, log.note) == (
        "planning",
        "study",
        world.office,
        "方案已审定",
    )
    assert not log.is_step_back


def test_step_back_needs_a_reason_and_is_logged(world):
    approve(world)
    services.advance(world.meeting, world.office)
    with pytest.raises(services.TransitionRefused):
        services.step_back(world.meeting, world.office, "  ")
    log = services.step_back(world.meeting, world.office, "方案需补充列席人员")
    world.meeting.refresh_from_db()
    assert world.meeting.stage == Stage.PLANNING
    assert log.is_step_back and log.note == "方案需补充列席人员"
    with pytest.raises(services.TransitionRefused):
        services.step_back(world.meeting, world.office, "已是第一阶段")


def test_a_move_based_on_a_stale_page_is_refused(world):
    approve(world)
    services.advance(world.meeting, world.office, expected_stage="planning")
    with pytest.raises(services.TransitionRefused) as refused:
        services.advance(world.meeting, world.office, expected_stage="planning")
    assert "已处于“会前学习”阶段" in refused.value.reasons[0]
    assert TransitionLog.objects.count() == 1


def test_the_nine_stages_run_in_the_order_of_the_design():
    assert [s.label for s in workflow.ORDER] == [
        "制定方案",
        "会前学习",
        "征求意见建议",
        "谈心谈话",
        "撰写对照检查材料",
        "召开会议",
        "整改落实",
        "报告通报",
        "归档",
    ]
    assert workflow.next_stage(Stage.CLOSED) is None
    assert workflow.previous_stage(Stage.PLANNING) is None


def study_not_held(meeting):
    return ["中心组集体学习尚未开展。"]


def test_guards_named_in_the_table_are_consulted(world, monkeypatch):
    monkeypatch.setitem(workflow.GUARDS, Stage.STUDY, ["tests.meetings.test_workflow.study_not_held"])
    approve(world)
    services.advance(world.meeting, world.office)
    with pytest.raises(services.TransitionRefused) as refused:
        services.advance(world.meeting, world.office)
    assert refused.value.reasons == ["中心组集体学习尚未开展。"]


# --- the declared table ---------------------------------------------------------------------------


def test_every_stage_but_the_last_has_an_entry_in_the_guard_table():
    assert list(workflow.GUARDS) == workflow.ORDER[:-1]
    assert Stage.CLOSED not in workflow.GUARDS


def test_every_guard_in_the_table_resolves_to_a_function_of_the_app_that_owns_the_stage():
    for stage, paths in workflow.GUARDS.items():
        checks = workflow.guards(stage)
        assert len(checks) == len(paths)
        for path, check in zip(paths, checks, strict=True):
            assert callable(check), path
            assert f"{check.__module__}.{check.__name__}" == path
    assert workflow.guards(Stage.CLOSED) == []


def test_what_a_stage_begins_with_resolves_to_the_functions_named_in_the_table():
    for stage, paths in workflow.ON_ENTER.items():
        made = workflow.on_enter(stage)
        assert [f"{make.__module__}.{make.__name__}" for make in made] == paths
    assert workflow.on_enter(Stage.STUDY) == []


def at_stage(meeting, stage):
    type(meeting).objects.filter(pk=meeting.pk).update(stage=stage)
    meeting.refresh_from_db()
    return meeting


def new_opinion(meeting):
    from feedback.models import OpinionStatus
    from tests.feedback.factories import opinions

    opinions(meeting, 1, status=OpinionStatus.NEW)


# One reason of each stage's guard, for a meeting that has done none of the stage's work.
EACH_APPS_REASON = [
    (Stage.PLANNING, None, "会议方案尚未经督导组审定。"),
    (Stage.OPINIONS, new_opinion, "还有1条意见待分拣"),
    (Stage.TALKS, None, "四必谈还有"),
    (Stage.DRAFTING, None, "领导班子对照检查材料尚未经督导组审定"),
    (Stage.MEETING, None, "会议记录尚未开始"),
    (Stage.RECTIFICATION, None, "尚未建立整改清单"),
    (Stage.REPORTING, None, "情况报告尚未报送上级纪委、组织部。"),
]


@pytest.mark.parametrize(
    ("stage", "prepare", "reason"), EACH_APPS_REASON, ids=[s for s, _, _ in EACH_APPS_REASON]
)
def test_the_guard_of_each_app_is_consulted_by_refusals(world, at_the_meeting, stage, prepare, reason):
    meeting = at_stage(world.meeting, stage)
    if prepare:
        prepare(meeting)
    assert any(reason in refusal for refusal in workflow.refusals(meeting)), workflow.refusals(meeting)


def test_a_study_stage_has_no_guard_and_the_archive_has_no_way_out(world):
    assert workflow.refusals(at_stage(world.meeting, Stage.STUDY)) == []
    assert workflow.refusals(at_stage(world.meeting, Stage.CLOSED)) == ["会议已归档，没有下一阶段。"]


# --- the named stage windows ----------------------------------------------------------------------


def stages_where(predicate):
    return {stage for stage in workflow.ORDER if predicate(SimpleNamespace(stage=stage.value))}


def test_the_pre_meeting_records_lock_once_the_meeting_is_held():
    from meetings import study, talks
    from orgs import access

    before = {Stage.PLANNING, Stage.STUDY, Stage.OPINIONS, Stage.TALKS, Stage.DRAFTING}
    assert before == workflow.PRE_MEETING
    for predicate in (
        workflow.pre_meeting_records_open,
        access.drafts_are_open,
        access.opinions_are_open,
        study.is_editable,
        talks.is_editable,
    ):
        assert stages_where(predicate) == before, predicate


def test_each_window_holds_the_stages_its_rule_names():
    from orgs import access
    from rectification.templatetags.rectification_tags import ledger_has_begun

    after = {Stage.RECTIFICATION, Stage.REPORTING}
    assert stages_where(access.record_is_open) == workflow.PRE_MEETING | {Stage.MEETING}
    assert stages_where(access.ledger_is_open) == {Stage.MEETING} | after
    assert stages_where(access.reporting_is_open) == after
    assert stages_where(ledger_has_begun) == {Stage.MEETING, Stage.CLOSED} | after
    assert after | {Stage.CLOSED} == workflow.PAST_MEETING
