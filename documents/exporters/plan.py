"""实施方案: the plan, in the shape of the plans in seed 003."""

from meetings.models import PersonKind, PlanSection
from meetings.services import host_label

from ..numbering import level1, level2
from ..tree import Document, Heading, NumberedList, Paragraph, Signature, format_date


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


def plan_document(meeting):
    plan = meeting.plan
    items = list(plan.items.all())
    aspects = list(meeting.aspects.all())
    people = list(meeting.people.all())
    due_dates = {row.activity: row.due_date for row in meeting.schedule.all()}
    by_section = {section: [item for item in items if item.section == section] for section in PlanSection}

    blocks = []
    if plan.preamble.strip():
        blocks.append(Paragraph(plan.preamble.strip()))
    sections = []

    sections.append(("会议主题", [Paragraph(_sentence(f"本次民主生活会的主题是：{meeting.theme}"))]))
    sections.append(("会议时间和地点", [Paragraph(_time_and_place(meeting))]))

    people_blocks = []
    groups = [(kind, [p for p in people if p.kind == kind]) for kind in PersonKind]
    groups = [(kind, members) for kind, members in groups if members]
    for number, (kind, members) in enumerate(groups, 1):
        people_blocks.append(Heading(f"{level2(number)}{kind.label}", 2))
        people_blocks.extend(Paragraph(f"{p.name}　{p.title}".strip()) for p in members)
    if people_blocks:
        sections.append(("参会人员", people_blocks))

    agenda = by_section[PlanSection.AGENDA]
    if agenda:
        agenda_blocks = [Paragraph(f"会议由{host_label(meeting.host)}主持，议程如下：")]
        agenda_blocks.extend(Paragraph(f"{level2(n)}{item.text.strip()}") for n, item in enumerate(agenda, 1))
        sections.append(("会议议程", agenda_blocks))

    for section, heading in ((PlanSection.PREPARATION, "会前准备"), (PlanSection.FOLLOWUP, "会后工作")):
        steps = []
        for number, item in enumerate(by_section[section], 1):
            lead = (
                f"{level2(number)}{item.title}{_deadline(item, due_dates)}。"
                if item.title
                else level2(number)
            )
            steps.append(Paragraph(item.text.strip(), lead=lead))
            if item.activity == "drafts" and aspects:
                steps.append(NumberedList([aspect.text for aspect in aspects], style="arabic"))
        if steps:
            sections.append((heading, steps))

    requirements = by_section[PlanSection.REQUIREMENT]
    if requirements:
        sections.append(
            (
                "工作要求",
                [
                    Paragraph(
                        item.text.strip(), lead=f"{level2(n)}{item.title}。" if item.title else level2(n)
                    )
                    for n, item in enumerate(requirements, 1)
                ],
            )
        )

    for number, (heading, section_blocks) in enumerate(sections, 1):
        blocks.append(Heading(f"{level1(number)}{heading}", 1))
        blocks.extend(section_blocks)

    return Document(
        title=plan.document_title,
        subtitle=format_date(plan.issued_on) if plan.issued_on else "",
        blocks=blocks,
        signature=Signature([meeting.organisation.name], None),
    )
