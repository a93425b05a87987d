"""整改措施落实情况通报 is published as it is: no working notes, no doubled words, no section about
results where there are none, and overdue items in a 通报's words. Read back from Word and PDF."""

import datetime
import io
import re
import subprocess

from docx import Document as read_docx

from documents.export import export
from rectification.models import Item, ItemStatus
from tests.rectification.factories import at_stage, items, team_list

PAST_DEADLINE = datetime.date(2026, 12, 1)  # before the meeting (2027-01-20): overdue on any export day


def word_text(meeting):
    document = read_docx(io.BytesIO(export("progress-report", meeting, "docx").content))
    return "\n".join(p.text for p in document.paragraphs)


def pdf_text(meeting, tmp_path):
    path = tmp_path / "report.pdf"
    path.write_bytes(export("progress-report", meeting, "pdf").content)
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout
    return "".join(re.sub(r"—\s*\d+\s*—", "", text).split())


def test_an_item_without_progress_prints_its_measures_and_where_it_stands_not_a_working_note(world, tmp_path):
    meeting = at_stage(world.meeting)
    items(team_list(meeting), 1, owner=world.secretary)
    items(team_list(meeting), 1, owner=world.secretary, status=ItemStatus.IN_PROGRESS)
    word, pdf = word_text(meeting), pdf_text(meeting, tmp_path)
    for text in (word, pdf):
        assert "尚无进展报告" not in text and "（尚无" not in text
    first = "整改措施：深入基层调研，建立问题台账，逐项推动解决。目前尚未启动。"
    second = "整改措施：深入基层调研，建立问题台账，逐项推动解决。目前正在推进。"
    assert first in word and second in word
    assert first in pdf and second in pdf


def test_an_item_without_measures_says_they_are_being_drawn_up(world):
    meeting = at_stage(world.meeting)
    (item,) = items(team_list(meeting), 1, owner=world.secretary)
    Item.objects.filter(pk=item.pk).update(measures="")
    text = word_text(meeting)
    assert "问题办法不多方面。整改措施正在研究制定。目前尚未启动。" in text
    assert "尚无进展报告" not in text


def test_a_problem_ending_in_问题_is_not_followed_by_方面(world, tmp_path):
    meeting = at_stage(world.meeting)
    first, second = items(team_list(meeting), 2, owner=world.secretary)
    Item.objects.filter(pk=first.pk).update(problem="理论学习不够深入的问题。")
    Item.objects.filter(pk=second.pk).update(problem="在履职尽责、担当作为方面。")
    word, pdf = word_text(meeting), pdf_text(meeting, tmp_path)
    for text in (word, pdf):
        assert "问题方面" not in text and "方面方面" not in text
    assert "（一）理论学习不够深入的问题。整改措施：" in word
    assert "（二）在履职尽责、担当作为方面。整改措施：" in word
    assert "（一）理论学习不够深入的问题。整改措施：" in pdf


def test_a_meeting_without_items_has_no_paragraph_on_consolidating_results(world, tmp_path):
    meeting = at_stage(world.meeting)
    word, pdf = word_text(meeting), pdf_text(meeting, tmp_path)
    assert "尚未建立整改事项" in word
    for text in (word, pdf):
        assert "巩固整改成果" not in text and "回头看" not in text


def test_every_item_closed_still_turns_to_consolidating_results(world):
    meeting = at_stage(world.meeting)
    items(team_list(meeting), 2, owner=world.secretary, status=ItemStatus.CLOSED)
    text = word_text(meeting)
    assert "三、坚持统筹兼顾，巩固整改成果" in text
    assert "目前已整改完成。" in text


def test_an_overdue_item_is_尚未按期完成_as_a_通报_says_it(world, tmp_path):
    meeting = at_stage(world.meeting)
    items(team_list(meeting), 1, owner=world.secretary, status=ItemStatus.IN_PROGRESS, deadline=PAST_DEADLINE)
    word, pdf = word_text(meeting), pdf_text(meeting, tmp_path)
    for text in (word, pdf):
        assert re.search(r"逾期\d+天", text) is None
        assert "已逾期" not in text
    assert "其中1项尚未按期完成。" in word
    assert "正在推进，完成时限2026年12月1日，尚未按期完成；责任领导：林书记，责任部门：县委办公室。" in word
    assert "正在推进，完成时限2026年12月1日，尚未按期完成；" in pdf
