"""整改清单 and 整改措施落实情况通报 read back from Word and PDF as a clerk would: every figure counted."""

import datetime
import io
import re
import subprocess
import zoneinfo

import pytest
import time_machine
from django.urls import reverse
from docx import Document as read_docx
from docx.enum.section import WD_ORIENT
from docx.shared import Mm

from documents.export import export
from documents.exporters.rectification import WIDTHS, progress_report, rectification_list_document
from meetings.models import Meeting, MeetingRecord
from meetings.workflow import Stage
from rectification import services
from rectification.models import Activity, ActivityKind, Item, ItemKind, ItemStatus, Progress
from tests.factories import make_meeting
from tests.rectification.factories import at_stage, items, member_list, team_list

TODAY = datetime.date(2027, 4, 1)
NOW = datetime.datetime(2027, 4, 1, 10, 0, tzinfo=zoneinfo.ZoneInfo("Asia/Shanghai"))
HELD = datetime.date(2027, 1, 22)
PAST_DEADLINE = datetime.date(2027, 3, 1)
COLUMNS = ["序号", "问题", "整改措施", "责任领导", "责任部门", "完成时限", "类型", "状态"]
LANDSCAPE_TYPE_WIDTH = 297 - 28 - 26


def docx_text(content):
    """Every paragraph and table cell of a .docx, one per line."""
    document = read_docx(io.BytesIO(content))
    lines = [p.text.replace("\n", "") for p in document.paragraphs]  # a title's w:br
    for table in document.tables:
        lines.extend("|".join(cell.text for cell in row.cells) for row in table.rows)
    return "\n".join(lines)


def pdf_text(content, tmp_path, *options):
    path = tmp_path / "document.pdf"
    path.write_bytes(content)
    return subprocess.run(
        ["pdftotext", *options, str(path), "-"], capture_output=True, text=True, check=True
    ).stdout


def compact(text):
    """The text without spaces, line breaks and page numbers ("— 1 —"), which may fall inside a sentence."""
    return "".join(re.sub(r"—\s*\d+\s*—", "", text).split())


def set_status(rows, status):
    Item.objects.filter(pk__in=[row.pk for row in rows]).update(status=status)


def known_meeting(world):
    """Team list 5 items: 2 closed, 1 done, 1 in progress and overdue, 1 not started, the first two
    carried from last year's meeting; members' lists 4 items, 1 closed; activities 3 班子会议,
    2 中心组学习, 1 调度会议 after the meeting and 1 before it."""
    previous = at_stage(
        make_meeting(world.county, world.office, date=datetime.date(2026, 1, 20)), Stage.CLOSED
    )
    items(
        team_list(previous),
        2,
        status=ItemStatus.IN_PROGRESS,
        text="旧账",
        owner=world.secretary,
        deadline=PAST_DEADLINE,
    )
    meeting = at_stage(world.meeting)
    MeetingRecord.objects.create(meeting=meeting, held_on=HELD)
    carried = services.carry_over(meeting, world.office)
    set_status(carried[:1], ItemStatus.CLOSED)
    team = team_list(meeting)
    closed, done, not_started = (items(team, 1, owner=world.secretary) for _ in range(3))
    set_status(closed, ItemStatus.CLOSED)
    set_status(done, ItemStatus.DONE)
    # Entered out of order: the report prints them by date.
    Progress.objects.create(item=done[0], date=datetime.date(2027, 3, 10), text="召开专题会议研究整改方案")
    Progress.objects.create(
        item=done[0], date=datetime.date(2027, 2, 15), text="开展专题调研，形成调研报告。"
    )
    first, second = world.members[0], world.members[1]
    own = items(member_list(meeting, first), 3, status=ItemStatus.IN_PROGRESS, text="成员一个人问题")
    set_status(own[:1], ItemStatus.CLOSED)
    items(member_list(meeting, second), 1, text="成员二个人问题")
    for kind, n in [
        (ActivityKind.TEAM_MEETING, 3),
        (ActivityKind.GROUP_STUDY, 2),
        (ActivityKind.SCHEDULING, 1),
    ]:
        for day in range(n):
            Activity.objects.create(
                meeting=meeting, kind=kind, date=HELD + datetime.timedelta(days=day), title="整改"
            )
    Activity.objects.create(
        meeting=meeting, kind=ActivityKind.TEAM_MEETING, date=HELD - datetime.timedelta(days=1), title="会前"
    )
    return Meeting.objects.select_related("organisation").get(pk=meeting.pk)


FIGURE_SENTENCES = [
    "按照民主生活会有关要求，现将云岭县委常委班子2026年度民主生活会整改措施落实情况通报如下。",
    "从严从实制定班子问题清单5项、班子成员问题清单4项，均明确了整改措施、责任部门和完成时限",
    "民主生活会召开以来，共组织召开班子会议3次、中心组学习2次、调度会议1次，有力推动了问题整改落实落到位。",
    "上次民主生活会结转的2项问题，已整改完成1项，正在推进1项，其中1项尚未按期完成。",
    "截至目前，在2026年度民主生活会中梳理检视的9个问题，已整改完成3项，1项已完成待销号，"
    "正在推进3项，尚未启动2项，其中1项尚未按期完成。",
    "班子成员个人问题清单共4项，已销号1项，正在推进2项，尚未启动1项。其中，成员1同志3项，已销号1项；成员2同志1项，尚未销号。",
    "截至目前，尚有6项问题未销号。",
    "（一）旧账2：调查研究不够深入，解决群众急难愁盼问题办法不多：正在推进，完成时限2027年3月1日，尚未按期完成；"
    "责任领导：林书记，责任部门：县委办公室。",
    "（二）问题4：调查研究不够深入，解决群众急难愁盼问题办法不多：已完成整改，待销号，完成时限2027年4月20日；"
    "责任领导：林书记，责任部门：县委办公室。",
    "（三）问题5：调查研究不够深入，解决群众急难愁盼问题办法不多：尚未启动，完成时限2027年4月20日；"
    "责任领导：林书记，责任部门：县委办公室。",
]
HEADINGS = [
    "一、坚持政治引领，压实整改责任",
    "二、坚持问题导向，狠抓整改落实",
    "三、正视问题差距，持续推进整改",
]


@time_machine.travel(NOW, tick=False)
def test_the_progress_reports_figures_equal_counts_over_the_data_in_word_and_pdf(world, tmp_path):
    meeting = known_meeting(world)
    word = docx_text(export("progress-report", meeting, "docx").content)
    pdf = compact(pdf_text(export("progress-report", meeting, "pdf").content, tmp_path))
    assert word.splitlines()[0] == "关于云岭县委常委班子2026年度民主生活会整改措施落实情况的通报"
    for sentence in FIGURE_SENTENCES:
        assert sentence in word, sentence
        assert compact(sentence) in pdf, sentence
    assert "xx" not in word.lower() and "xx" not in pdf.lower()
    positions = [word.index(heading) for heading in HEADINGS]
    assert positions == sorted(positions)
    for heading in HEADINGS:
        assert compact(heading) in pdf
    assert word.rstrip().endswith("云岭县委\n2027年4月1日")


def test_the_report_writes_截至目前_for_as_of_now(world):
    """截至 ("up to a time") is the word for "as of now"; 截止 is a deadline's "to close" (seed 001 has
    the slip, the documents do not copy it)."""
    text = docx_text(export("progress-report", known_meeting(world), "docx").content)
    assert text.count("截至目前") == 2 and "截止" not in text


def test_the_report_speaks_of_last_years_items_first_then_each_team_problem_in_order(world):
    text = docx_text(export("progress-report", known_meeting(world), "docx").content)
    section = text[text.index(HEADINGS[1]) : text.index(HEADINGS[2])]
    assert section.index("上次民主生活会结转的2项问题") < section.index("截至目前，在2026年度民主生活会中")
    leads = [
        f"（{n}）{text}：调查研究不够深入，解决群众急难愁盼问题办法不多方面。"
        for n, text in [("一", "旧账1"), ("二", "旧账2"), ("三", "问题3"), ("四", "问题4"), ("五", "问题5")]
    ]
    positions = [section.index(lead) for lead in leads]
    assert positions == sorted(positions)


def test_a_team_problem_prints_its_progress_by_date_or_its_measures_when_none_is_reported(world):
    text = docx_text(export("progress-report", known_meeting(world), "docx").content)
    assert (
        "问题4：调查研究不够深入，解决群众急难愁盼问题办法不多方面。开展专题调研，形成调研报告。召开专题会议研究整改方案。"
        "目前已完成整改，待销号。" in text
    )
    assert (
        "问题5：调查研究不够深入，解决群众急难愁盼问题办法不多方面。整改措施：深入基层调研，建立问题台账，逐项推动解决。"
        "目前尚未启动。" in text
    )


def test_the_report_never_prints_the_words_of_a_members_own_list(world):
    tree = progress_report(known_meeting(world), today=TODAY)
    text = "\n".join(getattr(block, "printed", getattr(block, "text", "")) for block in tree.blocks)
    assert "成员1同志3项" in text
    assert "成员一个人问题" not in text and "成员二个人问题" not in text


def test_when_every_item_is_closed_the_report_says_so_and_turns_to_keeping_the_results(world):
    meeting = at_stage(world.meeting)
    items(team_list(meeting), 3, status=ItemStatus.CLOSED)
    items(member_list(meeting, world.member), 1, status=ItemStatus.CLOSED)
    tree = progress_report(meeting, today=TODAY)
    text = "\n".join(getattr(block, "printed", getattr(block, "text", "")) for block in tree.blocks)
    assert "在2026年度民主生活会中梳理检视的4个问题已全部整改完成，并建立了长效机制。" in text
    assert "三、坚持统筹兼顾，巩固整改成果" in text and "未销号" not in text
    assert "成员1同志1项，已全部销号" in text
    assert "召开以来" not in text  # no activity recorded: the sentence is left out, not "0次"


def test_a_report_before_any_item_prints_no_zero_figures(world):
    text = docx_text(export("progress-report", world.meeting, "docx").content)
    assert "尚未建立整改事项" in text
    assert "0项" not in text and "0次" not in text and "xx" not in text.lower()


def test_an_activity_kind_with_none_held_is_left_out_of_the_sentence(world):
    meeting = at_stage(world.meeting)
    items(team_list(meeting), 1)
    Activity.objects.create(meeting=meeting, kind=ActivityKind.SCHEDULING, date=meeting.date, title="调度")
    text = "\n".join(
        block.printed for block in progress_report(meeting, today=TODAY).blocks if hasattr(block, "printed")
    )
    assert "民主生活会召开以来，共组织召开调度会议1次，" in text
    assert "班子会议" not in text and "中心组学习" not in text


def report_queries(meeting, member, count, django_assert_max_num_queries, limit=None):
    made = items(team_list(meeting), count, status=ItemStatus.IN_PROGRESS, deadline=PAST_DEADLINE)
    items(member_list(meeting, member), count)
    Progress.objects.bulk_create(Progress(item=item, date=TODAY, text="已推进") for item in made)
    fresh = Meeting.objects.select_related("organisation").get(pk=meeting.pk)
    with django_assert_max_num_queries(limit or 100) as captured:
        tree = progress_report(fresh, today=TODAY)
    return len(captured.captured_queries), tree


def test_the_report_takes_as_many_queries_for_1000_items_as_for_10(world, django_assert_max_num_queries):
    few, _ = report_queries(at_stage(world.meeting), world.member, 10, django_assert_max_num_queries)
    other = at_stage(make_meeting(world.county, world.office, date=datetime.date(2028, 1, 20)))
    many, tree = report_queries(other, world.member, 1000, django_assert_max_num_queries, limit=few)
    assert many <= few
    assert any(getattr(block, "lead", "").startswith("（1000）") for block in tree.blocks)


# --- 整改清单 ---------------------------------------------------------------------------------------


def list_meeting(world):
    meeting = at_stage(world.meeting)
    team = team_list(meeting)
    items(team, 2, owner=world.secretary, text="班子问题")
    items(team, 1, owner=world.secretary, text="长期问题", kind=ItemKind.ONGOING, deadline=None)
    items(member_list(meeting, world.members[0]), 2, text="成员一本人问题")
    items(member_list(meeting, world.members[1]), 1, text="成员二本人问题")
    return meeting


def test_a_member_exports_the_team_list_and_their_own_never_another_members(world):
    meeting = list_meeting(world)
    text = docx_text(export("rectification-list", meeting, "docx", viewer=world.members[0]).content)
    assert "一、班子问题清单" in text and "二、成员1同志问题清单" in text
    assert "成员一本人问题" in text
    assert "成员二本人问题" not in text and "成员2同志问题清单" not in text


def test_the_office_exports_every_list_with_items_numbered_in_order(world):
    meeting = list_meeting(world)
    text = docx_text(export("rectification-list", meeting, "docx", viewer=world.office).content)
    lines = text.splitlines()
    assert lines[0] == "云岭县委常委班子2026年度民主生活会整改清单"
    headings = ["一、班子问题清单", "二、成员1同志问题清单", "三、成员2同志问题清单"]
    assert [line for line in lines if line in headings] == headings
    assert "林书记同志问题清单" not in text  # the secretary's own list is empty: left out


def test_the_list_is_a_landscape_table_of_eight_columns_that_fits_the_page(world, tmp_path):
    meeting = list_meeting(world)
    content = export("rectification-list", meeting, "docx").content
    document = read_docx(io.BytesIO(content))
    section = document.sections[0]
    assert section.orientation == WD_ORIENT.LANDSCAPE
    assert abs(section.page_width - Mm(297)) < Mm(0.5) and abs(section.page_height - Mm(210)) < Mm(0.5)
    assert [cell.text for cell in document.tables[0].rows[0].cells] == COLUMNS
    assert sum(WIDTHS) <= LANDSCAPE_TYPE_WIDTH
    info = subprocess.run(
        ["pdfinfo", "-"],
        input=export("rectification-list", meeting, "pdf").content,
        capture_output=True,
        check=True,
    ).stdout.decode()
    width, height = (float(v) for v in info.split("Page size:")[1].split("pts")[0].split(" x "))
    assert width > height


def test_a_row_prints_dates_kinds_statuses_and_ongoing_items_without_deadline(world):
    meeting = list_meeting(world)
    rows = read_docx(io.BytesIO(export("rectification-list", meeting, "docx").content)).tables[0].rows
    first = [cell.text for cell in rows[1].cells]
    assert first == [
        "1",
        "班子问题1：调查研究不够深入，解决群众急难愁盼问题办法不多。",
        "深入基层调研，建立问题台账，逐项推动解决。",
        "林书记",
        "县委办公室",
        "2027年4月20日",
        "限期整改",
        "未启动",
    ]
    ongoing = [cell.text for cell in rows[3].cells]
    assert ongoing[5] == "长期坚持" and ongoing[6] == ""  # said once, in 完成时限


def test_an_item_carried_from_last_year_is_marked_after_its_problem(world):
    previous = at_stage(
        make_meeting(world.county, world.office, date=datetime.date(2026, 1, 20)), Stage.CLOSED
    )
    items(team_list(previous), 1, status=ItemStatus.IN_PROGRESS, text="旧账")
    services.carry_over(at_stage(world.meeting), world.office)
    text = docx_text(export("rectification-list", world.meeting, "docx").content)
    assert "旧账1：调查研究不够深入，解决群众急难愁盼问题办法不多。（上年结转）|" in text


def test_the_lists_and_the_report_print_the_problem_not_its_manifestation(world):
    meeting = at_stage(world.meeting)
    (item,) = items(team_list(meeting), 1, owner=world.secretary)
    Item.objects.filter(pk=item.pk).update(
        problem="理论学习不够深入。", manifestation="专题研讨不多。比如，全年仅研讨3次。"
    )
    document = read_docx(io.BytesIO(export("rectification-list", meeting, "docx").content))
    assert document.tables[0].rows[1].cells[1].text == "理论学习不够深入。"
    for kind in ("rectification-list", "progress-report"):
        text = docx_text(export(kind, meeting, "docx").content)
        assert "理论学习不够深入" in text and "全年仅研讨3次" not in text, kind


# Landscape A4: 210 mm high, margins 37 mm top and 35 mm bottom; the type area ends 35 mm above the foot.
LANDSCAPE_TYPE_BOTTOM_PT = (210 - 35) / 25.4 * 72
TABLE_LINE_PT = 20  # gongwen.css: table { line-height: 20pt }


def words_per_page(content, tmp_path):
    """[(page number, word, yMax in pt from the top)] of a PDF, read back with pdftotext -bbox."""
    page_words, page = [], 0
    for line in pdf_text(content, tmp_path, "-bbox").splitlines():
        if "<page " in line:
            page += 1
        found = re.search(r'yMax="([\d.]+)">(.*)</word>', line)
        if found:
            page_words.append((page, found.group(2), float(found.group(1))))
    return page_words


def test_a_list_that_starts_on_the_title_page_flows_on_to_the_foot_of_its_type_area(world, tmp_path):
    """A row taller than what is left of the first page breaks across the pages (as in the .docx), rather
    than jumping to the next page and leaving the title page two rows and 40% blank."""
    meeting = at_stage(world.meeting)
    team = team_list(meeting)
    items(team, 1, owner=world.secretary, text="短问题")
    tall = items(team, 3, owner=world.secretary, text="长问题")
    measures = "\n".join(
        f"{n}.坚持第一议题制度，每月至少开展一次专题学习研讨，推动学习成果转化为工作成效。"
        for n in range(1, 5)
    )
    Item.objects.filter(pk__in=[item.pk for item in tall]).update(measures=measures)
    words = words_per_page(export("rectification-list", meeting, "pdf").content, tmp_path)
    # The page number stands below the type area: the text of page 1 is what is above it.
    first_page = [y for page, _word, y in words if page == 1 and y <= LANDSCAPE_TYPE_BOTTOM_PT]
    assert max(first_page) >= LANDSCAPE_TYPE_BOTTOM_PT - 2 * TABLE_LINE_PT, (
        max(first_page),
        LANDSCAPE_TYPE_BOTTOM_PT,
    )
    # Row 2 starts on page 1 and goes on on page 2, under the repeated header.
    second_row = [page for page, word, _y in words if word.startswith("长问题2")]
    assert second_row == [1]
    assert [word for page, word, _y in words if page == 2][:1] == ["序号"]


def test_a_list_without_items_says_there_are_none_yet(world):
    tree = rectification_list_document(at_stage(world.meeting), viewer=world.member)
    assert [block.text for block in tree.blocks][0].startswith("尚未建立整改事项")
    assert tree.landscape


@pytest.mark.parametrize("viewer", ["office", "member"])
def test_the_list_takes_as_many_queries_for_1000_items_as_for_10(
    world, viewer, django_assert_max_num_queries
):
    reader = getattr(world, viewer)
    counts = []
    for meeting, count in [
        (world.meeting, 10),
        (make_meeting(world.county, world.office, date=datetime.date(2028, 1, 20)), 1000),
    ]:
        at_stage(meeting)
        items(team_list(meeting), count)
        items(member_list(meeting, world.member), count)
        fresh = Meeting.objects.select_related("organisation").get(pk=meeting.pk)
        with django_assert_max_num_queries(counts[0] if counts else 100) as captured:
            tree = rectification_list_document(fresh, viewer=reader)
        counts.append(len(captured.captured_queries))
        assert sum(len(block.rows) for block in tree.blocks if hasattr(block, "rows")) == 2 * count
    assert counts[1] <= counts[0]


# --- downloads --------------------------------------------------------------------------------------

MAY_DOWNLOAD = ["office", "secretary", "member", "supervisor"]
MAY_NOT = ["other_office", "other_member", "outsider"]


@pytest.mark.parametrize("kind", ["rectification-list", "progress-report"])
def test_downloads_by_role(world, client, kind):
    meeting = list_meeting(world)
    url = reverse("document_download", args=[meeting.pk, kind, "docx"])
    for role in MAY_DOWNLOAD:
        client.force_login(getattr(world, role))
        response = client.get(url)
        assert response.status_code == 200, role
        text = docx_text(response.content)
        assert "班子问题1" in text, role
        if role == "member":  # the member whose list it is
            assert ("成员一本人问题" in text) == (kind == "rectification-list")
            assert "成员二本人问题" not in text
    for role in MAY_NOT:
        client.force_login(getattr(world, role))
        response = client.get(url)
        assert response.status_code in (403, 404), role
        assert "班子问题1".encode() not in response.content
    client.logout()
    assert client.get(url).status_code == 302


def test_an_overdue_open_item_is_marked_in_its_status_cell(world):
    meeting = at_stage(world.meeting)
    items(team_list(meeting), 1, status=ItemStatus.IN_PROGRESS, deadline=datetime.date(2027, 3, 1))
    items(team_list(meeting), 1, status=ItemStatus.CLOSED, deadline=datetime.date(2027, 3, 1))
    tree = rectification_list_document(meeting, today=datetime.date(2027, 3, 10))
    statuses = [row[-1] for row in tree.blocks[1].rows]
    assert statuses == ["整改中\n已逾期9天", "已销号"]
