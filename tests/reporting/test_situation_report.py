"""民主生活会召开情况报告 read back as the superior's clerk would: Word and PDF, every figure counted."""

import datetime
import re

import pytest
import time_machine
from django.urls import reverse

from documents.exporters import EXPORTERS
from documents.exporters.situation_report import missing, situation_report
from documents.tree import Heading, Paragraph, fingerprint
from meetings.models import Meeting, MeetingKind, StudySession
from meetings.record import MIN_CRITICISMS
from reporting.models import DocumentKind, ReportSettings, Sending

from .meeting_with_numbers import docx_lines, fresh, meeting_with_numbers, pdf_text

TITLE = "关于召开2026年度民主生活会情况的报告"

# Every figure of the report, as a reader finds it (DESIGN §10: "every figure is counted").
FIGURES = [
    "根据县纪委、县委组织部《关于开好2026年度民主生活会的通知》（云组通〔2026〕12号）要求，"
    "云岭县委常委班子于2027年1月20日在常委会议室召开2026年度民主生活会",
    "会议由县委书记林书记主持。现将有关情况报告如下：",
    # 一、会前准备情况
    "集中学习研讨2次：2027年1月5日（理论学习中心组）围绕“学习贯彻党的二十大精神”学习研讨；"
    "2027年1月12日（专题研讨）围绕“践行以人民为中心的发展思想”学习研讨。",
    "4名班子成员中有3人撰写了学习心得体会，共5篇。",
    "通过座谈会、个别访谈、意见箱等方式，广泛征求党员、干部和群众的意见建议，"
    "共收到意见建议9条（座谈会4条、个别访谈3条、意见箱2条）。",
    "经梳理，合并重复意见1条、不予采纳1条，采纳意见建议7条，归纳为3个方面，"
    "其中对领导班子的5条、对班子成员个人的2条。",
    "征求到的意见建议已反馈给4名班子成员中的3名，成员3同志尚未反馈。",
    "会前共开展谈心谈话6次、12人次。",
    "按照“四必谈”要求，应谈7对，已谈6对，其中主要负责同志与班子成员应谈3对、已谈3对；"
    "班子成员相互之间应谈3对、已谈3对；班子成员与分管单位主要负责同志应谈1对、因故免谈1对。",
    "因故免谈1对：成员1与王局长（王局长长期病休）。",
    "领导班子对照检查材料由县委书记林书记主持起草，已审阅通过，并经督导组审定。",
    "班子成员撰写个人发言提纲4份，均经审阅把关。",
    "各份材料反复修改，平均1.8稿，最多3稿。",
    "督导组于2027年1月13日、2027年1月14日审阅材料并提出意见，于2027年1月15日审定领导班子对照检查材料。",
    # 二、会议召开情况
    "2027年1月20日上午9时至11时30分，云岭县委常委班子在常委会议室召开2026年度民主生活会，"
    "会议由县委书记林书记主持。",
    "会议应到4人，实到3人，成员3同志请假（因公出国）。",
    "县纪委监委派驻组赵主任列席会议。市委督导组组长王组长到会指导。",
    "会议共进行4项议程：一是通报上年度民主生活会整改落实情况；二是林书记代表班子作对照检查；"
    "三是班子成员逐一发言，开展批评和自我批评；四是督导组点评。",
    # 三、查摆的主要问题
    "领导班子对照检查材料从2个方面查摆问题3条：",
    "（一）在理论学习方面。一是学习“往深处走”不够；二是学用结合不紧。",
    "（二）在政治建设方面。攻坚克难劲头不足。",
    "班子成员个人发言提纲共查摆个人问题11条，每人2至4条。",
    # 四、批评与自我批评开展情况
    "会上，3名班子成员逐一作自我批评。",
    "班子成员收到批评意见共6条，人均2条，最少的1条。",
    "按照“批评意见不少于2条”的要求，成员2同志收到1条，不足2条。",
    "督导组对会议进行了点评，指出：会议准备充分，批评开诚布公。",
    # 五、整改措施
    "会后，云岭县委常委班子于2027年1月28日制定整改方案，建立班子问题清单5项、班子成员个人问题清单3项，共8项。",
    "从问题来源看，对照检查查摆的4项、征求意见建议反映的2项、会上批评意见指出的1项、上年结转的2项"
    "（一项问题有多个来源的分别计入）。",
    "从整改类型看，立行立改2项、限期整改5项、长期坚持1项。",
    # 六、下一步工作
    # Dated 1 February, after the 通报's deadline (30 January), with the 通报 not issued yet.
    "民主生活会情况将尽快在各党支部，机关全体党员干部范围内通报。",
    "整改清单中最晚的完成时限为2027年6月30日，届时通报整改措施落实情况。",
]
HEADINGS = ["一、会前准备情况", "二、会议召开情况", "三、查摆的主要问题", "四、批评与自我批评开展情况"]
HEADINGS += ["五、整改措施", "六、下一步工作"]
ATTACHMENTS = ["附件：1.会议记录", "2.领导班子对照检查材料", "3.班子成员个人发言提纲（4份）", "4.整改清单"]
# A count of nothing reads oddly ("集中学习研讨0次"): where there is no data the report says so in words.
ZERO_COUNT = re.compile(r"(?<![\d.])0(次|条|人|项|份|篇|稿|对|名)|xx|None", re.IGNORECASE)


@pytest.fixture
def meeting(world):
    return meeting_with_numbers(world)


def in_order(lines, expected):
    positions = [next(n for n, line in enumerate(lines) if part in line) for part in expected]
    return positions == sorted(positions)


def test_every_figure_reads_back_from_word(meeting):
    text = "".join(docx_lines("situation-report", meeting))
    for expected in FIGURES:
        assert expected in text, expected


def test_every_figure_reads_back_from_the_pdf(meeting):
    text = pdf_text("situation-report", meeting)
    for expected in [*FIGURES, *HEADINGS, *ATTACHMENTS, "抄报：市委第二督导组。", "2027年2月1日"]:
        assert "".join(expected.split()) in text, expected


def test_title_then_recipients_then_the_sections_attachments_copy_and_signature(meeting):
    lines = docx_lines("situation-report", meeting)
    assert lines[0] == TITLE
    assert lines[1] == "市纪委、市委组织部："
    assert in_order(lines, HEADINGS)
    assert in_order(lines, [HEADINGS[-1], *ATTACHMENTS, "抄报：市委第二督导组。"])
    assert [line.strip() for line in lines[-2:]] == ["云岭县委", "2027年2月1日"]
    assert [line.lstrip("\u3000") for line in lines[-7:-3]] == ATTACHMENTS


def test_a_meeting_without_study_sessions_says_so_in_words(meeting):
    StudySession.objects.filter(meeting=meeting).delete()
    text = "".join(docx_lines("situation-report", fresh(meeting)))
    assert "（一）学习研讨。本次未开展集中学习研讨。4名班子成员中有3人撰写了学习心得体会，共5篇。" in text
    assert "集中学习研讨0次" not in text and not ZERO_COUNT.search(text)


def test_a_meeting_with_nothing_recorded_says_so_in_words_never_with_a_zero(world):
    ReportSettings.objects.create(meeting=world.meeting, report_dated=datetime.date(2027, 2, 1))
    lines = docx_lines("situation-report", fresh(world.meeting))
    text = "".join(lines)
    for expected in [
        "本次未开展集中学习研讨。班子成员尚未登记学习心得体会。",
        "会前未征求到意见建议。",
        "会前未记录谈心谈话。按照“四必谈”要求，应谈6对，其中主要负责同志与班子成员应谈3对、未谈3对；"
        "班子成员相互之间应谈3对、未谈3对。尚有6对未谈，也未说明免谈理由。",
        "领导班子对照检查材料尚未撰写。班子成员尚未撰写个人发言提纲。未记录督导组审阅材料的情况。",
        "会议记录尚未填写，会议召开情况暂无记录。",
        "领导班子对照检查材料尚未审阅通过，查摆的问题待审阅通过后报告。",
        "班子成员个人发言提纲尚未查摆问题。",
        "整改清单尚未建立整改事项。",
        "整改清单尚无完成时限，整改措施落实情况将适时通报。",
    ]:
        assert expected in text, expected
    assert not ZERO_COUNT.search(text), ZERO_COUNT.search(text)
    assert not any(line.startswith("附件") for line in lines)
    # 主送 defaults to the notice's issuer; the world's meeting answers none: no empty "：" line.
    assert lines[1].startswith("按照民主生活会有关要求，云岭县委常委班子于2027年1月20日在常委会议室召开")


@pytest.mark.parametrize(
    ("issuer", "title", "number", "basis"),
    [
        (
            "县纪委、县委组织部",
            "关于开好民主生活会的通知",
            "正组文〔2021〕117号",
            "根据县纪委、县委组织部《关于开好民主生活会的通知》（正组文〔2021〕117号）要求，",
        ),
        ("", "《关于开好民主生活会的通知》", "", "根据《关于开好民主生活会的通知》要求，"),
        ("市委组织部", "", "", "根据市委组织部有关通知要求，"),
        ("", "", "", "按照民主生活会有关要求，"),
    ],
)
def test_the_opening_names_the_notice_as_far_as_the_meeting_records_it(world, issuer, title, number, basis):
    Meeting.objects.filter(pk=world.meeting.pk).update(
        notice_issuer=issuer, notice_title=title, notice_number=number
    )
    tree = situation_report(fresh(world.meeting), today=datetime.date(2027, 2, 1))
    opening = next(
        block for block in tree.blocks if isinstance(block, Paragraph) and "报告如下" in block.text
    )
    assert opening.text.startswith(basis)


def test_a_special_meetings_title_uses_its_name(world):
    Meeting.objects.filter(pk=world.meeting.pk).update(
        kind=MeetingKind.SPECIAL, name="2026年巡视整改专题民主生活会"
    )
    tree = situation_report(fresh(world.meeting), today=datetime.date(2027, 2, 1))
    assert tree.title == "关于召开2026年巡视整改专题民主生活会情况的报告"


def test_when_every_member_received_two_criticisms_the_rule_is_said_to_be_met(meeting, world):
    from meetings.models import Criticism, Statement

    statement = Statement.objects.get(record__meeting=meeting, member=world.members[1])
    Criticism.objects.create(statement=statement, order=9, by=world.secretary, text="作风不实。")
    text = "".join(docx_lines("situation-report", fresh(meeting)))
    assert f"每名班子成员收到的批评意见均不少于{MIN_CRITICISMS}条。" in text
    assert "班子成员收到批评意见共7条，人均2.3条，最少的2条。" in text
    assert "不足2条" not in text


def test_the_offices_next_steps_and_the_issued_notification_replace_the_defaults(meeting):
    ReportSettings.objects.filter(meeting=meeting).update(
        next_steps="一是持续抓好整改。\n二是建立长效机制。",
        next_progress_report_on=datetime.date(2027, 7, 15),
    )
    Sending.objects.create(
        meeting=meeting,
        kind=DocumentKind.NOTIFICATION,
        number=1,
        sent_on=datetime.date(2027, 1, 29),
        recipients="全县各级党组织",
    )
    lines = docx_lines("situation-report", fresh(meeting))
    start = lines.index("六、下一步工作")
    assert lines[start + 1 : start + 4] == [
        "一是持续抓好整改。",
        "二是建立长效机制。",
        "民主生活会情况已于2027年1月29日在全县各级党组织范围内通报。整改措施落实情况将于2027年7月15日通报。",
    ]


def test_missing_tells_the_clerk_what_the_report_still_lacks(meeting):
    assert missing(meeting) == ["尚未登记向成员3同志反馈意见建议。"]
    ReportSettings.objects.filter(meeting=meeting).update(main_recipients="")
    assert missing(fresh(meeting))[0] == "尚未填写情况报告的主送机关（在“报告通报设置”中填写）。"


def test_missing_lists_every_source_without_data(world):
    assert missing(world.meeting) == [
        "尚未填写情况报告的主送机关（在“报告通报设置”中填写）。",
        "尚未记录集中学习研讨（会前学习）。",
        "尚未登记征求到的意见建议。",
        "尚未记录谈心谈话。",
        "四必谈还有6对未谈，也未说明免谈理由。",
        "领导班子对照检查材料尚未审阅通过，报告无法列出班子查摆的问题。",
        "林书记同志、成员1同志、成员2同志、成员3同志的个人发言提纲尚未撰写。",
        "会议记录尚未开始，报告无法写出会议召开和批评与自我批评情况。",
        "整改清单尚未建立整改事项。",
    ]


@pytest.mark.parametrize("extra_members", [0, 6])
def test_the_report_takes_the_same_queries_for_4_and_10_members(
    world, extra_members, django_assert_max_num_queries
):
    meeting = fresh(meeting_with_numbers(world, extra_members=extra_members))
    with django_assert_max_num_queries(30):
        tree = situation_report(meeting)
    assert f"会议应到{4 + extra_members}人" in "".join(
        b.text for b in tree.blocks if isinstance(b, Paragraph)
    )


def test_the_text_is_the_same_from_one_day_to_the_next_and_changes_with_a_figure(meeting):
    with time_machine.travel(datetime.datetime(2027, 2, 2, 9, 0, tzinfo=datetime.UTC), tick=False):
        monday = fingerprint(situation_report(fresh(meeting)))
    with time_machine.travel(datetime.datetime(2027, 2, 9, 18, 0, tzinfo=datetime.UTC), tick=False):
        next_week = fingerprint(situation_report(fresh(meeting)))
    assert monday == next_week
    StudySession.objects.create(meeting=meeting, date=datetime.date(2027, 1, 15), topic="学习党章")
    with time_machine.travel(datetime.datetime(2027, 2, 9, 18, 0, tzinfo=datetime.UTC), tick=False):
        changed = situation_report(fresh(meeting))
    assert fingerprint(changed) != monday
    assert any("集中学习研讨3次" in getattr(block, "text", "") for block in changed.blocks)


def test_an_undated_report_is_dated_today_until_its_date_is_set(meeting):
    ReportSettings.objects.filter(meeting=meeting).update(report_dated=None)
    with time_machine.travel(datetime.datetime(2027, 2, 3, 9, 0, tzinfo=datetime.UTC), tick=False):
        assert situation_report(fresh(meeting)).signature.date == datetime.date(2027, 2, 3)


def test_the_report_is_registered_and_downloaded_by_those_who_read_all_the_material(meeting, world, client):
    assert EXPORTERS["situation-report"].filename == "民主生活会召开情况报告"
    url = reverse("document_download", args=[meeting.pk, "situation-report", "docx"])
    for role in ["office", "secretary", "supervisor"]:
        client.force_login(getattr(world, role))
        assert client.get(url).status_code == 200, role
    client.force_login(world.member)
    assert client.get(url).status_code == 403
    client.force_login(world.other_office)
    assert client.get(url).status_code == 404


def test_the_report_headings_are_level_one(meeting):
    tree = situation_report(meeting)
    assert [b.text for b in tree.blocks if isinstance(b, Heading)] == HEADINGS


def test_a_report_dated_before_the_notifications_deadline_promises_its_date(meeting):
    ReportSettings.objects.filter(meeting=meeting).update(report_dated=datetime.date(2027, 1, 28))
    text = "".join(docx_lines("situation-report", fresh(meeting)))
    assert "民主生活会情况将于2027年1月30日前在各党支部，机关全体党员干部范围内通报。" in text
    assert "将尽快" not in text
