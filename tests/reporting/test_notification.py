"""民主生活会情况通报 read back as a party member would: the figures, the team's problems and list, and
nothing confidential — no member's problems, no criticism's words, no opinion about a member, no talk."""

import datetime

import pytest
import time_machine
from django.urls import reverse

from documents.exporters import EXPORTERS
from documents.exporters.notification import notification
from documents.tree import Paragraph, fingerprint
from meetings.models import Criticism, Statement
from reporting.models import ReportSettings

from .meeting_with_numbers import (
    CRITICISM_MARK,
    MARKERS,
    TALK_MARK,
    docx_lines,
    fresh,
    meeting_with_numbers,
    pdf_text,
)

TITLE = "关于云岭县委常委班子召开2026年度民主生活会情况的通报"

FIGURES = [
    "2027年1月20日，云岭县委常委班子召开2026年度民主生活会。现将有关情况通报如下：",
    # 一、基本情况
    "2027年1月20日上午9时至11时30分，云岭县委常委班子在常委会议室召开2026年度民主生活会，"
    "会议由县委书记林书记主持。会议主题是：深入学习贯彻新思想，担当作为。",
    "班子成员应到4人，实到3人，成员3同志请假。县纪委监委派驻组赵主任列席会议。市委督导组组长王组长到会指导。",
    "会前，集中学习研讨2次，征求意见建议7条，开展谈心谈话6次、12人次，"
    "撰写领导班子对照检查材料、班子成员个人发言提纲4份。",
    # 二、会议主要内容
    "会议通报了上一年度民主生活会整改措施落实情况：2025年度民主生活会确定的整改事项3项，"
    "已整改完成1项，2项结转本次民主生活会继续整改。",
    "会上，县委书记林书记代表领导班子作对照检查。3名班子成员逐一作自我批评，相互开展批评，共提出批评意见6条。"
    "督导组对会议进行了点评。",
    # 三、查摆的主要问题
    "领导班子对照检查材料从2个方面查摆问题3条：",
    "（一）在理论学习方面。一是学习“往深处走”不够；二是学用结合不紧。",
    "（二）在政治建设方面。攻坚克难劲头不足。",
    # 四、整改措施和要求
    "会后，云岭县委常委班子制定整改方案，建立班子问题清单5项、班子成员个人问题清单3项。",
    "班子问题清单的整改事项如下：",
    "1.旧账2：调查研究不够深入，解决群众急难愁盼问题办法不多（上年结转；责任领导：未明确；完成时限：2026年4月20日）",
    "3.学习“往深处走”不够（责任领导：县委书记；完成时限：2027年4月20日）",
    "4.学用结合不紧（责任领导：县委常委1；完成时限：2027年6月30日）",
    "5.班子议事规则执行不严（责任领导：县委书记；完成时限：长期坚持）",
    "欢迎广大党员干部群众对整改落实情况进行监督，意见建议可通过县委办公室（电话：0871-1234567）反映。",
]
HEADINGS = ["一、基本情况", "二、会议主要内容", "三、查摆的主要问题", "四、整改措施和要求"]
# What the report may say and the 通报 must not: who fell short, absences' reasons, members' problems,
# opinions about a member, criticisms' words and who made them, talk records.
CONFIDENTIAL = [
    *MARKERS,
    "不足2条",
    "因公出国",
    "个人问题1",  # the outlines' problems are "林书记个人问题1…"
    "成员1下基层调研少",
    "成员2接访群众不够耐心",
    "抓落实不够",
    "对林书记",
    "思想认识和工作作风",
    "拟批评对方",
    "王局长",
]


@pytest.fixture
def meeting(world):
    return meeting_with_numbers(world)


def test_every_figure_reads_back_from_word(meeting):
    lines = docx_lines("notification", meeting)
    text = "".join(lines)
    for expected in FIGURES:
        assert expected in text, expected
    assert lines[0] == TITLE
    assert lines[1] == "各党支部，机关全体党员干部："
    assert [line.strip() for line in lines[-2:]] == ["云岭县委", "2027年1月29日"]
    positions = [lines.index(heading) for heading in HEADINGS]
    assert positions == sorted(positions)


def test_every_figure_reads_back_from_the_pdf(meeting):
    text = pdf_text("notification", meeting)
    for expected in [TITLE, *FIGURES, *HEADINGS, "2027年1月29日"]:
        assert "".join(expected.split()) in text, expected


def test_nothing_confidential_is_in_the_word_file(meeting):
    text = "".join(docx_lines("notification", meeting))
    for secret in CONFIDENTIAL:
        assert secret not in text, secret


def test_nothing_confidential_is_in_the_pdf(meeting):
    text = pdf_text("notification", meeting)
    for secret in CONFIDENTIAL:
        assert secret not in text, secret


def test_the_report_does_carry_what_the_notification_leaves_out(meeting):
    """The markers are really in the data: the same meeting's report names who fell short."""
    report = "".join(docx_lines("situation-report", meeting))
    assert "成员2同志收到1条，不足2条" in report and "因公出国" in report
    assert Criticism.objects.filter(text__contains=CRITICISM_MARK).count() == 6
    # The absent member's turn keeps what the talks said the others would raise (talk records' words).
    assert Criticism.objects.filter(text__contains=TALK_MARK).count() == 3


def test_a_criticism_naming_its_critic_adds_only_to_the_count(meeting, world):
    statement = Statement.objects.get(record__meeting=meeting, member=world.members[1])
    Criticism.objects.create(statement=statement, order=9, by_name="王组长", text="王组长批评：作风漂浮。")
    text = "".join(docx_lines("notification", fresh(meeting)))
    assert "共提出批评意见7条" in text
    assert "作风漂浮" not in text and "王组长批评" not in text


def test_follow_up_defaults_to_the_organisations_office(meeting):
    ReportSettings.objects.filter(meeting=meeting).update(follow_up="")
    text = "".join(docx_lines("notification", fresh(meeting)))
    assert "意见建议可通过云岭县委办公室反映。" in text


def test_a_meeting_without_last_years_items_says_so_in_words(world):
    ReportSettings.objects.create(meeting=world.meeting, notification_dated=datetime.date(2027, 1, 29))
    text = "".join(docx_lines("notification", fresh(world.meeting)))
    for expected in [
        "会议记录尚未填写，会议召开情况暂无记录。",
        "会前，未开展集中学习研讨，未征求到意见建议，未记录谈心谈话，对照检查材料尚未撰写。",
        "上一年度民主生活会的整改事项未在台账中登记。",
        "会议记录尚未填写，会议主要内容暂无记录。",
        "领导班子对照检查材料尚未审阅通过，查摆的问题待审阅通过后报告。",
        "整改清单尚未建立整改事项。",
    ]:
        assert expected in text, expected
    assert "代表领导班子作对照检查" not in text


@pytest.mark.parametrize("extra_members", [0, 6])
def test_the_notification_takes_the_same_queries_for_4_and_10_members(
    world, extra_members, django_assert_max_num_queries
):
    meeting = fresh(meeting_with_numbers(world, extra_members=extra_members))
    with django_assert_max_num_queries(30):
        tree = notification(meeting)
    assert f"班子成员应到{4 + extra_members}人" in "".join(
        b.text for b in tree.blocks if isinstance(b, Paragraph)
    )


def test_the_text_is_the_same_from_one_day_to_the_next_and_changes_with_a_figure(meeting, world):
    with time_machine.travel(datetime.datetime(2027, 1, 29, 9, 0, tzinfo=datetime.UTC), tick=False):
        first = fingerprint(notification(fresh(meeting)))
    with time_machine.travel(datetime.datetime(2027, 3, 1, 18, 0, tzinfo=datetime.UTC), tick=False):
        later = fingerprint(notification(fresh(meeting)))
    assert first == later
    statement = Statement.objects.get(record__meeting=meeting, member=world.members[1])
    Criticism.objects.create(statement=statement, order=9, by=world.secretary, text="作风不实。")
    with time_machine.travel(datetime.datetime(2027, 3, 1, 18, 0, tzinfo=datetime.UTC), tick=False):
        changed = notification(fresh(meeting))
    assert fingerprint(changed) != first
    assert any("共提出批评意见7条" in getattr(block, "text", "") for block in changed.blocks)


def test_the_notification_is_registered_and_read_by_everyone_of_the_meeting(meeting, world, client):
    assert EXPORTERS["notification"].filename == "民主生活会情况通报"
    url = reverse("document_download", args=[meeting.pk, "notification", "pdf"])
    for role in ["office", "secretary", "member", "supervisor"]:
        client.force_login(getattr(world, role))
        assert client.get(url).status_code == 200, role
    for role in ["other_office", "outsider"]:
        client.force_login(getattr(world, role))
        assert client.get(url).status_code == 404, role
