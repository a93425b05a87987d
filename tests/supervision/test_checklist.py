"""督导检查表: each row's data counted from a meeting with known numbers (tests/reporting/meeting_with_numbers),
the ✓/✗ of the rules with numbers, and the query count whatever the size of the team."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from meetings.models import Attendance
from supervision.checklist import CHECKS, checklist
from tests.reporting.meeting_with_numbers import fresh, meeting_with_numbers


def rows(meeting):
    return {check.code: check for check in checklist(meeting)}


@pytest.fixture
def numbers(world):
    return rows(meeting_with_numbers(world))


def test_every_check_has_one_row_in_order(numbers):
    assert list(numbers) == [code for code, _label in CHECKS]


def test_study_opinions_and_talks_rows_count_the_records(numbers):
    assert numbers["study"].data.startswith("集中学习研讨2次：2027年1月5日")
    assert "3/4人撰写心得体会5篇" in numbers["study"].data
    assert numbers["opinions"].data == (
        "征求意见建议9条，渠道：座谈会4条、个别访谈3条、意见箱2条；采纳7条。反馈给本人3/4人（未反馈：成员3）。"
    )
    talks = numbers["talks"]
    assert talks.data.startswith("应谈7对，已谈6对，未谈0对。")
    assert "免谈1对" in talks.data and "王局长长期病休" in talks.data
    assert talks.passed is True


def test_drafts_row_counts_the_outlines_reviewed_and_the_drafts_sent_back(world):
    meeting = meeting_with_numbers(world)
    row = rows(meeting)["drafts"]
    assert row.data == "班子对照检查材料已起草，已审阅通过；个人发言提纲审阅通过4/4份。未退回修改。"
    assert row.passed is True


def test_attendance_two_thirds_of_those_due_passes(numbers):
    assert numbers["attendance"].data == "应到4人，实到3人，缺席：成员3（因公出国）。"
    assert numbers["attendance"].passed is True  # 3 of 4 ≥ 2/3


def test_attendance_below_two_thirds_is_a_cross(world):
    meeting = meeting_with_numbers(world)
    Attendance.objects.filter(record__meeting=meeting, person__user=world.members[1]).update(
        present=False, absence_reason="住院治疗"
    )
    row = rows(fresh(meeting))["attendance"]
    assert row.data.startswith("应到4人，实到2人")
    assert row.passed is False and row.mark == "✗"


def test_a_member_with_one_criticism_is_a_cross(numbers):
    row = numbers["criticisms"]
    assert row.data == "林书记（3条）、成员1（2条）、成员2（1条），共6条，最少1条。少于2条：成员2。"
    assert row.passed is False and row.mark == "✗"


def test_duration_agenda_and_the_deadlines_after_the_meeting(numbers):
    assert numbers["duration"].data == "方案会期：半天；09:00至11:30，共2小时30分钟。"
    agenda = numbers["agenda"]
    assert "通报上年度整改情况：通报上年度民主生活会整改落实情况" in agenda.data
    assert "通报征求意见情况：议程中未见" in agenda.data and agenda.passed is False
    assert numbers["report"].data == "尚未报送情况报告（应于会后15天内）。"
    assert numbers["report"].passed is False
    assert numbers["notification"].passed is False
    plan = numbers["rectification_plan"]
    assert plan.data == "2027年1月28日制定整改方案，会后第8天（应于15天内）。" and plan.passed is True


def test_items_closed_with_evidence_and_last_years_closed_problems(numbers):
    assert numbers["evidence"].data == "整改事项8项，已销号0项，其中有佐证材料0/0项。"
    assert numbers["evidence"].passed is None
    assert numbers["repeated"].passed is True


# meeting_figures' 29, the plan, the drafts' returns and findings, the criticisms, the report, the items and
# last year's ledger: measured 46 with 4 and with 9 members.
CHECKLIST_QUERIES = 46


@pytest.mark.parametrize("extra_members", [0, 5])
def test_the_checklist_reads_a_constant_number_of_queries_whatever_the_team(world, extra_members):
    meeting = meeting_with_numbers(world, extra_members=extra_members)
    with CaptureQueriesContext(connection) as queries:
        checklist(meeting)
    assert len(queries) == CHECKLIST_QUERIES
