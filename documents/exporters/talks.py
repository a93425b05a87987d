"""谈心谈话情况: the 四必谈 coverage as a table, then the talks with dates and topics.

The private content of a talk (each side's problems and criticisms) is printed only for the
talks the reader may open (``orgs.access.talks_for``); the command line exports everything.
"""

from meetings import services, talks
from meetings.models import Meeting
from orgs import access

from ..numbering import level1, level2
from ..titles import Title, meeting_parts
from ..tree import Document, Heading, Paragraph, Table, format_date

STATE_LABELS = {"done": "已谈", "waived": "免谈", "missing": "未谈"}


def talks_document(meeting: Meeting, viewer=None):
    statuses = talks.coverage(meeting)
    sees_all = viewer is None or access.sees_whole_coverage(viewer, meeting)
    # One row per pair, under the one of the two higher in the team's order (never under both people).
    pairs = talks.pairs_in_team_order(statuses, services.leadership(meeting.organisation))
    if not sees_all:
        pairs = [pair for pair in pairs if viewer.pk in (pair[0].pk, pair[1].pk)]
    shown = [status for _, _, status in pairs]
    counts = {state: sum(1 for s in shown if s.state == state) for state in STATE_LABELS}

    records = meeting.talks.prefetch_related("participants__person").order_by("date", "pk")
    readable = (
        set(records.values_list("pk", flat=True))
        if viewer is None
        else set(access.talks_for(viewer, meeting).values_list("pk", flat=True))
    )
    records = [talk for talk in records if sees_all or talk.pk in readable]

    opening = (
        f"按照“四必谈”要求，{meeting.organisation.leadership_name}共需开展谈心谈话{len(shown)}对，"
        f"已谈{counts['done']}对，免谈{counts['waived']}对，未谈{counts['missing']}对；"
        f"共记录谈话{len(records)}次。具体情况如下："
    )
    table_rows = []
    for first, second, status in pairs:
        detail = format_date(status.date) if status.date else (status.waiver.reason if status.waiver else "")
        kind = status.kind_label + (f"（{status.note}）" if status.note else "")
        table_rows.append([first.name, second.name, kind, STATE_LABELS[status.state], detail])
    blocks = [
        Paragraph(opening),
        Heading(f"{level1(1)}覆盖情况", 1),
        Table(
            ["班子成员", "谈话对象", "类别", "情况", "日期或说明"], table_rows, widths=[24, 26, 52, 16, 38]
        ),
        Heading(f"{level1(2)}谈话记录", 1),
    ]
    if not records:
        blocks.append(Paragraph("尚无谈话记录。"))
    for number, talk in enumerate(records, 1):
        sides = list(talk.participants.all())
        names = "、".join(side.person.name for side in sides)
        blocks.append(Heading(f"{level2(number)}{format_date(talk.date)}　{names}", 2))
        blocks.append(Paragraph(talk.topics, lead="谈话主题："))
        if talk.pk not in readable:
            continue
        for side in sides:
            if side.problems_raised:
                blocks.append(Paragraph(side.problems_raised, lead=f"对{side.person.name}指出的问题："))
            if side.criticisms_to_raise:
                blocks.append(
                    Paragraph(side.criticisms_to_raise, lead=f"{side.person.name}拟在会上开展的批评：")
                )
        if talk.improvements:
            blocks.append(Paragraph(talk.improvements, lead="商定的改进方向："))
    return Document(title=Title(*meeting_parts(meeting), "谈心谈话情况"), blocks=blocks)
