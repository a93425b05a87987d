import pytest

from meetings import services
from meetings.models import PersonKind, PlanEvent, PlanSection, PlanStatus


def test_a_new_meeting_copies_aspects_people_and_default_texts(world):
    meeting = world.meeting
    assert [a.name for a in meeting.aspects.all()][:2] == ["理论学习", "政治建设"]
    participants = list(meeting.people.filter(kind=PersonKind.PARTICIPANT))
    assert [p.name for p in participants] == ["林书记", "成员1", "成员2", "成员3"]
    assert participants[0].title == "县委书记"
    agenda = meeting.plan.items.filter(section=PlanSection.AGENDA)
    assert agenda.count() == 5
    assert agenda.first().text.startswith("县委书记林书记通报")
    check = meeting.plan.items.filter(section=PlanSection.CHECK).first()
    assert "重点从以下6个方面" in check.text


def test_aspects_are_editable_copies_not_the_template(world):
    aspect = world.meeting.aspects.first()
    aspect.text = "改写后的方面"
    aspect.save()
    from meetings.models import AspectTemplateItem

    assert not AspectTemplateItem.objects.filter(text="改写后的方面").exists()


def test_supervisor_returns_with_a_comment_then_approves(world):
    plan = world.meeting.plan
    services.submit_plan(plan, world.office)
    assert not world.meeting.plan_is_editable
    with pytest.raises(services.TransitionRefused):
        services.return_plan(plan, world.supervisor, "")
    services.return_plan(plan, world.supervisor, "请补充指导人员")
    plan.refresh_from_db()
    assert plan.status == PlanStatus.RETURNED
    services.submit_plan(plan, world.office)
    services.approve_plan(plan, world.supervisor, "同意")
    plan.refresh_from_db()
    assert plan.status == PlanStatus.APPROVED
    assert list(plan.events.order_by("at", "pk").values_list("action", "by")) == [
        (PlanEvent.Action.SUBMIT, world.office.pk),
        (PlanEvent.Action.RETURN, world.supervisor.pk),
        (PlanEvent.Action.SUBMIT, world.office.pk),
        (PlanEvent.Action.APPROVE, world.supervisor.pk),
    ]


def test_an_incomplete_plan_cannot_be_submitted(world):
    meeting = world.meeting
    meeting.place = ""
    meeting.save()
    meeting.aspects.all().delete()
    with pytest.raises(services.TransitionRefused) as refused:
        services.submit_plan(meeting.plan, world.office)
    assert refused.value.reasons == ["请填写会议地点。", "请至少设置一个对照检查方面。"]


def test_a_plan_cannot_be_approved_twice_or_before_submission(world):
    plan = world.meeting.plan
    with pytest.raises(services.TransitionRefused):
        services.approve_plan(plan, world.supervisor)
    services.submit_plan(plan, world.office)
    services.approve_plan(plan, world.supervisor)
    with pytest.raises(services.TransitionRefused):
        services.approve_plan(plan, world.supervisor)
