"""会议记录: the minutes of the meeting as held — who was there, the agenda, each member's turn in speaking
order (self-criticism, the criticisms received, the response), the guidance group's remarks and the summary.

A record not started yet still exports: the plan's people, and "（未记录）" wherever nothing was taken down.
The criticisms are those raised at the meeting: one prefilled from a talk is the talk's private content
until the recorder confirms it (``Criticism.confirmed``), and is never printed before, whoever exports.
"""

import re

from django.db.models import Prefetch

from meetings import record as records
from meetings.models import Criticism, MeetingPerson, MeetingRecord, PersonKind, Statement

from ..numbering import level1, level2
from ..titles import Title, meeting_parts
from ..tree import Document, Heading, NumberedList, Paragraph, format_date
from .situation_report import time_span

NOT_RECORDED = "（未记录）"

# An agenda line the clerk numbered already: 一、 一是 （一） 1. 1、 （1） ① 第一项 — printed as typed, never
# "1.一、…". "2027年…" or "1.5万…" are not numbers.
_DIGITS = "0-9０-９"
_CHINESE = "一二三四五六七八九十"
ALREADY_NUMBERED = re.compile(
    rf"^(?:[（(]\s*[{_DIGITS}{_CHINESE}]+\s*[）)]"
    rf"|[{_CHINESE}]+\s*[、.．是]"
    rf"|[{_DIGITS}]+\s*(?:[、)）]|[.．](?![{_DIGITS}]))"
    rf"|[①-⑳]"
    rf"|第[{_DIGITS}{_CHINESE}]+[项条])"
)


def agenda_list(lines):
    """The agenda numbered 1. 2. …, unless the clerk numbered it: then every line as typed."""
    if any(ALREADY_NUMBERED.match(line) for line in lines):
        return NumberedList(lines, style="none")
    return NumberedList(lines, style="arabic")


def _person(person):
    return f"{person.name}（{person.title}）" if person.title else person.name


def _names(people):
    return "、".join(_person(person) for person in people) or "无"


def _text(label, text):
    """A labelled passage; each further line of the text its own paragraph."""
    lines = [line.strip() for line in (text or "").splitlines() if line.strip()]
    if not lines:
        return [Paragraph(NOT_RECORDED, strong=f"{label}：")]
    return [Paragraph(lines[0], strong=f"{label}："), *(Paragraph(line) for line in lines[1:])]


def _passage(text):
    lines = [line.strip() for line in (text or "").splitlines() if line.strip()]
    return [Paragraph(line) for line in lines] or [Paragraph(NOT_RECORDED)]


def _when(record):
    if record.held_on is None:
        return NOT_RECORDED
    # "2027年1月20日上午9时至11时30分": the time of day as the plan and the report write it.
    return format_date(record.held_on) + time_span(record.start_time, record.end_time)


def _statements(record, people):
    """The turns in speaking order; before the record exists, one empty turn per participant with an account."""
    if record is not None:
        criticisms = Criticism.objects.filter(confirmed=True).select_related("by")
        return list(
            record.statements.select_related("member").prefetch_related(
                Prefetch("criticisms", queryset=criticisms)
            )
        )
    turns = []
    for person in people:
        if person.kind == PersonKind.PARTICIPANT and person.user_id:
            turns.append(Statement(member=person.user, order=len(turns) + 1))
    return turns


def _criticisms(statement):
    if statement.pk is None:
        return []
    return list(statement.criticisms.all())


def minutes_document(meeting):
    record = MeetingRecord.objects.filter(meeting=meeting).first()
    people = list(
        MeetingPerson.objects.filter(meeting=meeting).select_related("user").order_by("kind", "order", "pk")
    )
    attendance = list(record.attendance.all()) if record is not None else []
    groups = records.attendees(people, attendance)
    absent = {person.user_id: reason for person, reason in groups.absent if person.user_id}
    shown = record or MeetingRecord(meeting=meeting)

    blocks = [
        Paragraph(_when(shown), strong="时间："),
        Paragraph(shown.place or NOT_RECORDED, strong="地点："),
        Paragraph(shown.host or NOT_RECORDED, strong="主持人："),
        Paragraph(_names(groups.participants), strong="参加人员："),
        Paragraph(
            "、".join(f"{person.name}（{reason or '未注明原因'}）" for person, reason in groups.absent)
            or "无",
            strong="缺席人员：",
        ),
        Paragraph(_names(groups.attendees), strong="列席人员："),
        Paragraph(_names(groups.guidance), strong="指导组："),
        Paragraph(shown.recorder or NOT_RECORDED, strong="记录人："),
    ]
    agenda = shown.agenda_items
    blocks.append(Paragraph("" if agenda else NOT_RECORDED, strong="会议议程："))
    if agenda:
        blocks.append(agenda_list(agenda))

    blocks.append(Heading(f"{level1(1)}班子成员发言", 1))
    statements = _statements(record, people)
    if not statements:
        blocks.append(Paragraph(NOT_RECORDED))
    for number, statement in enumerate(statements, 1):
        blocks.append(Heading(f"{level2(number)}{statement.member.name}同志", 2))
        if statement.member_id in absent:
            blocks.append(Paragraph(f"缺席会议（{absent[statement.member_id] or '未注明原因'}）。"))
            continue
        blocks.extend(_text("自我批评", statement.self_criticism))
        criticisms = _criticisms(statement)
        blocks.append(Paragraph("" if criticisms else NOT_RECORDED, strong="批评意见："))
        if criticisms:
            blocks.append(
                NumberedList([f"{c.critic}：{' '.join(c.text.split())}" for c in criticisms], style="arabic")
            )
        blocks.extend(_text("表态", statement.response))

    blocks.append(Heading(f"{level1(2)}指导组点评", 1))
    blocks.extend(_passage(shown.guidance_remarks))
    blocks.append(Heading(f"{level1(3)}主持人总结", 1))
    blocks.extend(_passage(shown.summary))
    return Document(title=Title(*meeting_parts(meeting), "会议记录"), blocks=blocks)
