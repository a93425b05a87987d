"""会议记录 and 整改清单 as filed: times as the plan writes them, a status column that keeps its words
on one line, and 长期坚持 said once in a row. Read back with python-docx and pdftotext."""

import datetime
import io
import re
import subprocess

from docx import Document as read_docx
from docx.shared import Mm

from documents.export import export
from meetings import record as records
from meetings.models import Meeting, MeetingRecord
from rectification.models import ItemKind, ItemStatus
from tests.rectification.factories import at_stage, items, team_list

TODAY = datetime.date(2027, 4, 1)
LONG_AGO = datetime.date(2026, 12, 1)  # overdue by 121 days on TODAY: a three-digit count


def docx_of(kind, meeting):
    return read_docx(io.BytesIO(export(kind, meeting, "docx").content))


def pdf_of(kind, meeting, tmp_path, *options):
    path = tmp_path / f"{kind}.pdf"
    path.write_bytes(export(kind, meeting, "pdf").content)
    return subprocess.run(
        ["pdftotext", *options, str(path), "-"], capture_output=True, text=True, check=True
    ).stdout


# --- 会议记录 -----------------------------------------------------------------------------------------


def test_the_minutes_write_the_time_as_the_plan_does(world, at_the_meeting, tmp_path):
    meeting = world.meeting
    Meeting.objects.filter(pk=meeting.pk).update(start_time=datetime.time(9, 0))
    record = records.ensure_record(meeting)
    MeetingRecord.objects.filter(pk=record.pk).update(
        held_on=datetime.date(2027, 1, 20), start_time=datetime.time(9, 0), end_time=datetime.time(14, 30)
    )
    meeting = Meeting.objects.get(pk=meeting.pk)
    minutes = [p.text for p in docx_of("minutes", meeting).paragraphs]
    assert "时间：2027年1月20日上午9时至下午2时30分" in minutes
    assert not any(re.search(r"\d\d:\d\d", line) for line in minutes)
    assert "时间：2027年1月20日上午9时至下午2时30分" in "".join(pdf_of("minutes", meeting, tmp_path).split())
    plan = "".join(p.text for p in docx_of("plan", meeting).paragraphs)
    assert "2027年1月20日上午9时" in plan


def test_a_morning_meeting_names_上午_once(world, at_the_meeting):
    record = records.ensure_record(world.meeting)
    MeetingRecord.objects.filter(pk=record.pk).update(
        held_on=datetime.date(2027, 1, 20), start_time=datetime.time(8, 30), end_time=datetime.time(11, 0)
    )
    minutes = [p.text for p in docx_of("minutes", world.meeting).paragraphs]
    assert "时间：2027年1月20日上午8时30分至11时" in minutes


# --- 整改清单 ---------------------------------------------------------------------------------------


def list_with_every_status(world):
    meeting = at_stage(world.meeting)
    team = team_list(meeting)
    for status in (ItemStatus.DONE, ItemStatus.IN_PROGRESS, ItemStatus.NOT_STARTED):
        items(team, 1, owner=world.secretary, status=status, deadline=LONG_AGO)
    items(team, 1, owner=world.secretary, kind=ItemKind.ONGOING, deadline=None, text="长期问题")
    return meeting


def words(bbox_html):
    """[(word, xMin, yMin)] of a pdftotext -bbox page."""
    return [
        (word, float(x), float(y))
        for x, y, word in re.findall(
            r'xMin="([\d.]+)" yMin="([\d.]+)" xMax="[\d.]+" yMax="[\d.]+">(.*?)</word>', bbox_html
        )
    ]


def test_the_status_column_keeps_the_longest_status_and_its_overdue_note_on_a_line_each(
    world, tmp_path, time_machine
):
    time_machine.move_to(datetime.datetime(2027, 4, 1, 10, 0))
    meeting = list_with_every_status(world)
    document = docx_of("rectification-list", meeting)
    status_cells = [row.cells[7] for row in document.tables[0].rows[1:]]
    assert [cell.text for cell in status_cells[:3]] == [
        "已完成待销号\n已逾期121天",
        "整改中\n已逾期121天",
        "未启动\n已逾期121天",
    ]
    # 12 pt is 4.23 mm a character; with the cell's margins "已完成待销号" needs 29.2 mm in Word.
    assert status_cells[0].width >= Mm(29.2)
    found = words(pdf_of("rectification-list", meeting, tmp_path, "-bbox"))
    assert [w for w, _, _ in found].count("已完成待销号") == 1  # one word: not broken across lines
    notes = [(x, y) for w, x, y in found if w == "已逾期121天"]
    assert len(notes) == 3
    # The first row's status is two lines: the status and, under it, the note.
    (status_x, status_y) = next((x, y) for w, x, y in found if w == "已完成待销号")
    assert abs(notes[0][0] - status_x) < 1 and 0 < notes[0][1] - status_y < 25


def test_an_ongoing_item_reads_长期坚持_once_in_its_row(world, tmp_path):
    meeting = list_with_every_status(world)
    rows = docx_of("rectification-list", meeting).tables[0].rows
    ongoing = [cell.text for cell in rows[4].cells]
    assert ongoing[5] == "长期坚持"
    assert "|".join(ongoing).count("长期坚持") == 1
    assert "".join(pdf_of("rectification-list", meeting, tmp_path).split()).count("长期坚持") == 1


def test_an_ongoing_item_with_a_date_reads_the_date_and_its_kind(world):
    meeting = at_stage(world.meeting)
    items(
        team_list(meeting),
        1,
        owner=world.secretary,
        kind=ItemKind.ONGOING,
        deadline=datetime.date(2027, 6, 30),
    )
    row = [cell.text for cell in docx_of("rectification-list", meeting).tables[0].rows[1].cells]
    assert row[5:7] == ["2027年6月30日", "长期坚持"]
