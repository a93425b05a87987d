"""实施方案: the plan, in the shape of the plans in seed 003.

The sections in the order the real plans print them: 指导思想 (目标要求 for a special meeting),
会议主题, 对照检查内容, 会前准备, 会议安排 (time and place, people, agenda, 严肃开展批评和自我批评,
个人有关事项报告), 会后工作, 工作分工, 会议纪律, 工作要求. Headings and fixed sentences are data in
``meetings.plan_defaults``; the office edits the items.
"""

import re

from meetings.models import MeetingKind, PersonKind, PlanSection
from meetings.plan_defaults import AGENDA_LEAD, HEADINGS, THEME
from meetings.services import host_label

from ..numbering import level1, level2
from ..titles import Title, meeting_parts
from ..tree import Document, Heading, NumberedList, Paragraph, Signature, format_date

ASPECT_COUNT = re.compile(r"[0-9０-９]+个(?=(重点)?方面)")


def level3(n):
    """1. 2.: the third level of GB/T 9704's numbering."""
    return f"{n}."


def _sentence(text):
    text = text.strip()
    return text if text.endswith(("。", "；", "！", "？")) else f"{text}。"


def _deadline(item, due_dates):
    """ "（2022年1月10日前）" from the linked schedule row, or the clerk's own wording."""
    if item.activity in due_dates:
        activity, due = item.activity, due_dates[item.activity]
        return f"（{format_date(due)}）" if activity == "meeting" else f"（{format_date(due)}前）"
    return f"（{item.deadline_text}）" if item.deadline_text else ""


def _clock(time):
    """上午9时, 下午2时30分: how the plans write a time of day."""
    half, hour = ("上午", time.hour) if time.hour < 12 else ("下午", time.hour - 12 or 12)
    minutes = f"{time.minute}分" if time.minute else ""
    return f"{half}{hour}时{minutes}"


def _time_and_place(meeting):
    when = format_date(meeting.date)
    if meeting.start_time:
        when += _clock(meeting.start_time)
    place = f"在{meeting.place}" if meeting.place else ""
    duration = f"，会期{meeting.duration}" if meeting.duration else ""
    return f"会议定于{when}{place}召开{duration}。"


def _aspect_count(text, count):
    """The check section's "以下N个方面" counts the meeting's aspects as they are now, not when the
    default text was written (the seeds' "xx个方面" were counted by hand)."""
    return ASPECT_COUNT.sub(f"{count}个", text) if count else text


def _titled(items, number_from=1):
    """Items as "（一）title。text" paragraphs, numbered from ``number_from``."""
    return [
        Paragraph(
            item.text.strip(), lead=f"{level2(n)}{item.title.strip()}。" if item.title.strip() else level2(n)
        )
        for n, item in enumerate(items, number_from)
    ]


def _paragraphs(items):
    return [Paragraph(item.text.strip()) for item in items if item.text.strip()]


def _arrangement(meeting, people, agenda, at_the_meeting):
    """五、会议安排: time and place, people, agenda, then what the meeting itself demands."""
    blocks = [Paragraph(_time_and_place(meeting), lead=f"{level2(1)}{HEADINGS['time_and_place']}。")]
    number = 1
    groups = [(kind, [p for p in people if p.kind == kind]) for kind in PersonKind]
    groups = [(kind, members) for kind, members in groups if members]
    if groups:
        number += 1
        blocks.append(Heading(f"{level2(number)}{HEADINGS['people']}", 2))
        for n, (kind, members) in enumerate(groups, 1):
            blocks.append(Heading(f"{level3(n)}{kind.label}", 3))
            blocks.extend(Paragraph(f"{p.name}　{p.title}".strip()) for p in members)
    if agenda:
        number += 1
        blocks.append(Heading(f"{level2(number)}{HEADINGS['agenda']}", 2))
        blocks.append(Paragraph(AGENDA_LEAD.format(host=host_label(meeting.host))))
        blocks.extend(Paragraph(f"{level3(n)}{item.text.strip()}") for n, item in enumerate(agenda, 1))
    blocks.extend(_titled(at_the_meeting, number + 1))
    return blocks


def plan_document(meeting):
    plan = meeting.plan
    items = list(plan.items.all())
    aspects = list(meeting.aspects.all())
    people = list(meeting.people.all())
    due_dates = {row.activity: row.due_date for row in meeting.schedule.all()}
    by_section = {section: [item for item in items if item.section == section] for section in PlanSection}
    kind = meeting.kind if meeting.kind in MeetingKind.values else MeetingKind.ANNUAL

    blocks = []
    if plan.preamble.strip():
        blocks.append(Paragraph(plan.preamble.strip()))
    sections = []

    guiding = _paragraphs(by_section[PlanSection.GUIDING])
    if guiding:
        sections.append((HEADINGS["guiding"][kind], guiding))
    sections.append((HEADINGS["theme"], [Paragraph(_sentence(THEME[kind].format(theme=meeting.theme)))]))

    check = [
        Paragraph(_aspect_count(item.text.strip(), len(aspects)))
        for item in by_section[PlanSection.CHECK]
        if item.text.strip()
    ]
    if aspects:
        check.insert(1 if check else 0, NumberedList([aspect.text for aspect in aspects], style="arabic"))
    if check:
        sections.append((HEADINGS["check"], check))

    steps = []
    for number, item in enumerate(by_section[PlanSection.PREPARATION], 1):
        lead = f"{level2(number)}{item.title}{_deadline(item, due_dates)}。" if item.title else level2(number)
        steps.append(Paragraph(item.text.strip(), lead=lead))
    if steps:
        sections.append((HEADINGS["preparation"], steps))

    sections.append(
        (
            HEADINGS["arrangement"],
            _arrangement(meeting, people, by_section[PlanSection.AGENDA], by_section[PlanSection.MEETING]),
        )
    )

    followup = [
        Paragraph(
            item.text.strip(),
            lead=f"{level2(n)}{item.title}{_deadline(item, due_dates)}。" if item.title else level2(n),
        )
        for n, item in enumerate(by_section[PlanSection.FOLLOWUP], 1)
    ]
    if followup:
        sections.append((HEADINGS["followup"], followup))
    for section in (PlanSection.DIVISION, PlanSection.DISCIPLINE, PlanSection.REQUIREMENT):
        if by_section[section]:
            sections.append((HEADINGS[section.value], _titled(by_section[section])))

    for number, (heading, section_blocks) in enumerate(sections, 1):
        blocks.append(Heading(f"{level1(number)}{heading}", 1))
        blocks.extend(section_blocks)

    return Document(
        title=Title.within(plan.document_title, *meeting_parts(meeting)),
        subtitle=format_date(plan.issued_on) if plan.issued_on else "",
        blocks=blocks,
        signature=Signature([meeting.organisation.name], None),
    )
