"""The meeting record's services: prefilled from the plan and the talks, saved member by member, checked
before the meeting moves on (DESIGN §6)."""

import datetime

import pytest
import time_machine

from meetings import record as records
from meetings import services, talks, workflow
from meetings.models import Attendance, Criticism, MeetingPerson, MeetingRecord, PersonKind, Statement
from meetings.record_forms import RecordForm
from meetings.workflow import Confirmable, Stage
from tests.conftest import SHANGHAI
from tests.factories import UserFactory
from tests.rectification.factories import at_stage

# The record is taken down on the meeting's day (20 January 2027), after the talks of 8 January.
pytestmark = pytest.mark.usefixtures("at_the_meeting")

DAY = datetime.date(2027, 1, 8)


def talk(meeting, first, second, first_raises="", second_raises=""):
    held = talks.record_talk(
        meeting,
        first,
        date=DAY,
        place="",
        topics="思想认识",
        improvements="",
        people=[first, second],
        own_side={"problems_raised": "", "criticisms_to_raise": first_raises},
    )
    if second_raises:
        talks.save_side(held, second, problems_raised="", criticisms_to_raise=second_raises)
    return held


def statement_of(meeting, member):
    return Statement.objects.get(record__meeting=meeting, member=member)


def fill(meeting, statement, criticisms=("调研不深入，全年只下基层4次。", "分管领域安全生产检查走过场。")):
    """A complete turn with the given criticisms."""
    secretary = meeting.organisation.role_assignments.get(role="secretary").user
    records.save_statement(
        statement,
        by=None,
        self_criticism="理论学习不够深入。",
        response="诚恳接受，立行立改。",
        criticisms=[{"id": None, "by": secretary, "by_name": "", "text": text} for text in criticisms],
    )


def complete_record(world):
    """A record that lets the meeting move on: every part filled, two plain criticisms each."""
    meeting = world.meeting
    record = records.ensure_record(meeting)
    MeetingRecord.objects.filter(pk=record.pk).update(summary="会议开得严肃认真。", recorder="刘文静")
    for statement in record.statements.all():
        Criticism.objects.filter(statement=statement).delete()
        fill(meeting, statement)
    return MeetingRecord.objects.get(pk=record.pk)


def test_a_new_record_is_prefilled_from_the_plan(world):
    meeting = world.meeting
    guide = MeetingPerson.objects.create(
        meeting=meeting, kind=PersonKind.GUIDANCE, name="王组长", title="督导组组长"
    )
    record = records.ensure_record(meeting)
    assert (record.held_on, record.place) == (meeting.date, "常委会议室")
    assert record.host == "县委书记林书记"
    statements = list(record.statements.select_related("member"))
    assert [s.member for s in statements] == [world.secretary, *world.members]
    assert [s.order for s in statements] == [1, 2, 3, 4]
    assert Attendance.objects.filter(record=record, present=True).count() == 5
    assert Attendance.objects.filter(record=record, person=guide).exists()


def test_criticisms_intended_in_the_talks_are_prefilled_for_the_other_person(world):
    a, b, c = world.members
    talk(world.meeting, a, b, first_raises="甲对乙：调研不深入。", second_raises="乙对甲：会议多、落实少。")
    talk(world.meeting, b, c, first_raises="")
    records.ensure_record(world.meeting)
    [to_b] = statement_of(world.meeting, b).criticisms.all()
    assert (to_b.by, to_b.text, to_b.from_talk.person) == (a, "甲对乙：调研不深入。", a)
    assert not to_b.confirmed  # the talk's content until the recorder confirms it at the meeting
    [to_a] = statement_of(world.meeting, a).criticisms.all()
    assert (to_a.by, to_a.text) == (b, "乙对甲：会议多、落实少。")
    assert not statement_of(world.meeting, c).criticisms.exists()  # b raised nothing about c


def test_ensure_record_prefills_exactly_once_and_adds_people_added_later(world):
    a, b, _ = world.members
    talk(world.meeting, a, b, first_raises="甲对乙的批评")
    records.ensure_record(world.meeting)
    records.ensure_record(world.meeting)
    assert Criticism.objects.count() == 1
    assert Statement.objects.count() == 4

    newcomer = UserFactory(display_name="新任常委")
    MeetingPerson.objects.create(
        meeting=world.meeting, kind=PersonKind.PARTICIPANT, order=9, user=newcomer, name="新任常委"
    )
    talk(world.meeting, a, newcomer, first_raises="甲对新任常委的批评")
    statement = statement_of(world.meeting, b)
    records.save_statement(statement, by=world.office, self_criticism="已记录", response="", criticisms=[])
    records.ensure_record(world.meeting)
    assert Statement.objects.count() == 5 and Attendance.objects.count() == 5
    assert [c.text for c in statement_of(world.meeting, newcomer).criticisms.all()] == ["甲对新任常委的批评"]
    statement.refresh_from_db()
    assert statement.self_criticism == "已记录" and not statement.criticisms.exists()  # nothing refilled


def test_ensure_record_query_count_does_not_grow_with_talks(world, django_assert_max_num_queries):
    a, b, c = world.members
    for _ in range(12):
        talk(world.meeting, a, b, first_raises="甲对乙", second_raises="乙对甲")
        talk(world.meeting, b, c, first_raises="乙对丙")
    with django_assert_max_num_queries(14):
        records.ensure_record(world.meeting)
    assert Criticism.objects.count() == 36


def test_save_statement_updates_adds_reorders_and_deletes_criticisms(world):
    a, b, c = world.members
    talk(world.meeting, a, b, first_raises="第一条", second_raises="")
    talk(world.meeting, c, b, first_raises="第二条")
    record = records.ensure_record(world.meeting)
    statement = statement_of(world.meeting, b)
    first, second = statement.criticisms.all()
    saved = records.save_statement(
        statement,
        by=world.office,
        self_criticism="  学习不深入。 ",
        response="接受批评。",
        criticisms=[
            {"id": None, "by": None, "by_name": "王组长", "text": "新的一条"},
            {"id": first.pk, "by": a, "by_name": "", "text": "第一条（改）"},
            {"id": None, "by": c, "by_name": "", "text": "   "},
        ],
    )
    assert saved[1].pk == first.pk and saved[2] is None
    rows = list(statement.criticisms.order_by("order"))
    assert [(r.critic, r.text) for r in rows] == [("王组长", "新的一条"), (a.name, "第一条（改）")]
    assert not Criticism.objects.filter(pk=second.pk).exists()
    statement.refresh_from_db()
    assert statement.self_criticism == "学习不深入。"
    record.refresh_from_db()
    assert record.updated_by == world.office


def test_a_talks_criticism_is_confirmed_only_when_the_recorder_says_so(world):
    a, b, _ = world.members
    talk(world.meeting, a, b, first_raises="甲对乙：调研不深入。")
    records.ensure_record(world.meeting)
    statement = statement_of(world.meeting, b)
    [prefilled] = statement.criticisms.all()
    rows = [
        {"id": prefilled.pk, "by": a, "by_name": "", "text": "甲对乙：调研不深入，全年仅下基层4次。"},
        {"id": None, "by": None, "by_name": "王组长", "text": "会上新提出的一条。"},
    ]
    edited, typed = records.save_statement(
        statement, by=world.office, self_criticism="", response="", criticisms=rows
    )
    # Editing the text is not confirming it; what the recorder types is what was said.
    assert (edited.confirmed, typed.confirmed) == (False, True)
    rows[0]["confirmed"] = True
    records.save_statement(statement, by=world.office, self_criticism="", response="", criticisms=rows)
    assert list(statement.criticisms.values_list("confirmed", flat=True)) == [True, True]


def test_an_id_of_another_members_criticism_is_saved_as_a_new_row(world):
    a, b, _ = world.members
    talk(world.meeting, a, b, first_raises="甲对乙", second_raises="乙对甲")
    records.ensure_record(world.meeting)
    [foreign] = statement_of(world.meeting, a).criticisms.all()
    records.save_statement(
        statement_of(world.meeting, b),
        by=world.office,
        self_criticism="",
        response="",
        criticisms=[{"id": foreign.pk, "by": None, "by_name": "", "text": "改写"}],
    )
    foreign.refresh_from_db()
    assert foreign.text == "乙对甲"
    assert [c.text for c in statement_of(world.meeting, b).criticisms.all()] == ["改写"]


def test_a_member_with_fewer_than_two_criticisms_is_warned(world):
    record = complete_record(world)
    statement = statement_of(world.meeting, world.members[1])
    fill(world.meeting, statement, criticisms=["只有一条批评。"])
    [warning] = records.record_warnings(record)
    assert warning.statement == statement
    assert "成员2同志收到的批评意见只有1条" in warning.message and "不少于2条" in warning.message


def test_a_criticism_worded_as_a_hope_is_warned(world):
    record = complete_record(world)
    statement = statement_of(world.meeting, world.members[0])
    fill(world.meeting, statement, criticisms=["希望你今后多下基层。", "调研不够深入。"])
    [warning] = records.record_warnings(record)
    assert warning.statement == statement
    assert "对成员1同志的第1条批评意见（林书记）用了“希望你”" in warning.message
    assert "以希望、建议代替批评" in warning.message


def test_an_absent_member_is_not_warned_and_needs_no_statement(world):
    record = complete_record(world)
    absent = world.members[2]
    row = Attendance.objects.get(record=record, person__user=absent)
    row.present, row.absence_reason = False, "因公出国"
    row.save()
    Criticism.objects.filter(statement__member=absent).delete()
    Statement.objects.filter(member=absent).update(self_criticism="", response="")
    assert records.record_warnings(record) == []
    assert records.record_problems(world.meeting) == []


def test_warnings_take_a_constant_number_of_queries(world, django_assert_max_num_queries):
    record = complete_record(world)
    for statement in record.statements.all():
        fill(world.meeting, statement, criticisms=[f"希望你第{n}条" for n in range(30)])
    with django_assert_max_num_queries(5):
        assert len(records.record_warnings(record)) == 4 * 30


def test_a_complete_record_passes_the_guard(world):
    complete_record(world)
    at_stage(world.meeting, Stage.MEETING)
    assert workflow.refusals(world.meeting) == []
    services.advance(world.meeting, world.office)
    assert world.meeting.stage == Stage.RECTIFICATION


def _no_place(world, record):
    record.place = ""
    record.save()


def _no_date(world, record):
    record.held_on = None
    record.save()


def _no_summary(world, record):
    record.summary = "  "
    record.save()


def _absent_without_reason(world, record):
    Attendance.objects.filter(record=record, person__user=world.members[0]).update(present=False)


def _no_self_criticism(world, record):
    Statement.objects.filter(record=record, member=world.members[1]).update(self_criticism="")


def _no_response(world, record):
    Statement.objects.filter(record=record, member=world.members[1]).update(response="")


@pytest.mark.parametrize(
    ("spoil", "reason"),
    [
        (_no_date, "未填写实际召开日期"),
        (_no_place, "未填写会议地点"),
        (_no_summary, "未填写主持人总结讲话"),
        (_absent_without_reason, "成员1缺席，未填写缺席原因"),
        (_no_self_criticism, "成员2同志的发言未记录自我批评"),
        (_no_response, "成员2同志的发言未记录表态"),
    ],
)
def test_the_guard_refuses_each_missing_part(world, spoil, reason):
    record = complete_record(world)
    spoil(world, record)
    at_stage(world.meeting, Stage.MEETING)
    reasons = workflow.refusals(world.meeting, confirmed=True)
    assert len(reasons) == 1 and reason in reasons[0]
    with pytest.raises(services.TransitionRefused):
        services.advance(world.meeting, world.office, confirmed=True)


def test_the_guard_refuses_a_meeting_without_a_record(world):
    at_stage(world.meeting, Stage.MEETING)
    assert workflow.refusals(world.meeting) == ["会议记录尚未开始，请在“会议记录”中记录会议情况。"]


def test_warnings_are_confirmable_and_the_office_may_move_on_after_confirming(world):
    complete_record(world)
    fill(world.meeting, statement_of(world.meeting, world.members[0]), criticisms=["希望你多调研。"])
    at_stage(world.meeting, Stage.MEETING)
    reasons = workflow.refusals(world.meeting)
    assert len(reasons) == 2 and all(isinstance(reason, Confirmable) for reason in reasons)
    assert workflow.only_confirmable(reasons)
    with pytest.raises(services.TransitionRefused):
        services.advance(world.meeting, world.office)
    services.advance(world.meeting, world.office, confirmed=True)
    assert world.meeting.stage == Stage.RECTIFICATION


# Issue 13: a meeting is recorded when it happens.


def test_the_meeting_stage_cannot_be_left_before_the_meeting_day_even_with_a_complete_record(world):
    complete_record(world)
    at_stage(world.meeting, Stage.MEETING)
    with time_machine.travel(datetime.datetime(2027, 1, 19, 23, 30, tzinfo=SHANGHAI), tick=False):
        reasons = workflow.refusals(world.meeting, confirmed=True)  # confirming does not help
        assert reasons == [
            "会议定于2027年1月20日召开，尚未召开：会议当天起才能记录发言、完成会议记录并进入下一阶段。"
        ]
        assert not isinstance(reasons[0], Confirmable)
        with pytest.raises(services.TransitionRefused):
            services.advance(world.meeting, world.office, confirmed=True)
    # 00:10 on the day in Beijing (16:10 the day before in UTC): the meeting's day has come.
    with time_machine.travel(datetime.datetime(2027, 1, 20, 0, 10, tzinfo=SHANGHAI), tick=False):
        services.advance(world.meeting, world.office)
    assert world.meeting.stage == Stage.RECTIFICATION


def test_the_guard_says_the_meeting_is_not_held_yet_even_without_a_record(world):
    at_stage(world.meeting, Stage.MEETING)
    with time_machine.travel(datetime.datetime(2027, 1, 10, 9, 0, tzinfo=SHANGHAI), tick=False):
        assert workflow.refusals(world.meeting) == [
            "会议定于2027年1月20日召开，尚未召开：会议当天起才能记录发言、完成会议记录并进入下一阶段。"
        ]


def test_a_turn_cannot_be_recorded_before_the_meeting_day(world):
    record = records.ensure_record(world.meeting)
    statement = record.statements.first()
    day_before = datetime.datetime(2027, 1, 19, 9, 0, tzinfo=SHANGHAI)
    with time_machine.travel(day_before, tick=False), pytest.raises(records.RecordRefused, match="尚未召开"):
        records.save_statement(
            statement, by=world.office, self_criticism="会前写好的自我批评", response="", criticisms=[]
        )
    statement.refresh_from_db()
    assert statement.self_criticism == ""


def test_a_meeting_held_earlier_than_planned_is_recorded_on_its_actual_day(world):
    record = records.ensure_record(world.meeting)
    with time_machine.travel(datetime.datetime(2027, 1, 18, 15, 0, tzinfo=SHANGHAI), tick=True):
        records.update_record(
            record, by=world.office, attendance={}, orders={}, held_on=datetime.date(2027, 1, 18)
        )
        fill(world.meeting, record.statements.first())  # no refusal: the record's date has come


def test_the_actual_date_is_not_in_the_future(world):
    record = records.ensure_record(world.meeting)
    with pytest.raises(records.RecordRefused, match="实际召开日期（2027年1月21日）晚于今天（2027年1月20日）"):
        records.update_record(
            record, by=world.office, attendance={}, orders={}, held_on=datetime.date(2027, 1, 21)
        )
    record.refresh_from_db()
    assert record.held_on == datetime.date(2027, 1, 20)


def test_a_record_opened_before_the_meeting_leaves_the_actual_date_blank(world):
    with time_machine.travel(datetime.datetime(2027, 1, 15, 9, 0, tzinfo=SHANGHAI), tick=False):
        record = records.ensure_record(world.meeting)
    assert record.held_on is None  # the planned date is not yet a date it was held
    assert RecordForm(instance=record).initial["held_on"] == datetime.date(2027, 1, 20)  # offered on the day
