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


def test_guards_registered_by_later_stages_are_consulted(world, monkeypatch):
    monkeypatch.setitem(workflow.GUARDS, Stage.STUDY, [lambda meeting: ["中心组集体学习尚未开展。"]])
    approve(world)
    services.advance(world.meeting, world.office)
    with pytest.raises(services.TransitionRefused) as refused:
        services.advance(world.meeting, world.office)
    assert refused.value.reasons == ["中心组集体学习尚未开展。"]
