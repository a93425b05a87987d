"""会前学习情况: the collective study sessions as a table, and how many self-study notes each member wrote.

A self-study note is its author's own account (``orgs.access.study_notes_for``): this document,
which the whole bundle carries, counts the notes per member and never prints their words.
"""

from django.db.models import Count, Q

from meetings import study
from meetings.models import Meeting, SelfStudyNote, StudySession

from ..numbering import level1
from ..titles import Title, meeting_part, team_part
from ..tree import Document, Heading, Paragraph, Table, format_date

TITLE = "{team}{meeting}会前学习情况"
OPENING = (
    "为开好{meeting}，{team}会前共开展集中学习研讨{sessions}次（{forms}）{materials}{attendance}；"
    "班子成员撰写自学记录{notes}篇。具体情况如下："
)
MATERIALS = "，学习材料{n}份"
ATTENDANCE = "，应出席{expected}人次、实际出席{present}人次"
OPENING_NO_SESSIONS = (
    "为开好{meeting}，{team}会前尚未记录集中学习研讨；班子成员撰写自学记录{notes}篇。具体情况如下："
)
FORM_COUNT = "{form}{n}次"
SESSIONS_HEADING = "集中学习研讨"
NO_SESSIONS = "尚未记录集中学习研讨。"
NOTES_HEADING = "个人自学"
NO_NOTES = "尚无个人自学记录。"
NOT_TAKEN = "未记录"
SESSION_COLUMNS = ["序号", "日期", "形式", "主题", "出席"]
# Portrait type area 156 mm: "2027年12月20日" and "理论学习中心组" keep to one line at 小四.
SESSION_WIDTHS = [13, 34, 32, 55, 22]
NOTE_COLUMNS = ["序号", "班子成员", "自学记录（篇）"]
NOTE_WIDTHS = [20, 76, 60]


def study_document(meeting: Meeting):
    figures = study.study_figures(meeting)
    sessions = list(
        StudySession.objects.filter(meeting=meeting)
        .annotate(
            expected=Count("attendance"), present=Count("attendance", filter=Q(attendance__present=True))
        )
        .order_by("date", "pk")
    )
    counts = dict(
        SelfStudyNote.objects.filter(meeting=meeting)
        .values("author")
        .annotate(n=Count("pk"))
        .values_list("author", "n")
    )
    team = meeting.organisation.leadership_name
    names = {"team": team, "meeting": meeting.display_name, "notes": figures["notes"]}
    if sessions:
        opening = OPENING.format(
            sessions=figures["sessions"],
            forms="、".join(FORM_COUNT.format(form=form, n=n) for form, n in figures["forms"]),
            materials=MATERIALS.format(n=figures["materials"]) if figures["materials"] else "",
            attendance=ATTENDANCE.format(
                expected=figures["attendance_expected"], present=figures["attendance_present"]
            )
            if figures["attendance_expected"]
            else "",
            **names,
        )
    else:
        opening = OPENING_NO_SESSIONS.format(**names)

    blocks = [Paragraph(opening), Heading(f"{level1(1)}{SESSIONS_HEADING}", 1)]
    if sessions:
        rows = [
            [
                str(number),
                format_date(session.date),
                session.get_form_display(),
                session.topic,
                f"{session.present}/{session.expected}" if session.expected else NOT_TAKEN,
            ]
            for number, session in enumerate(sessions, 1)
        ]
        blocks.append(Table(SESSION_COLUMNS, rows, widths=SESSION_WIDTHS))
    else:
        blocks.append(Paragraph(NO_SESSIONS))

    blocks.append(Heading(f"{level1(2)}{NOTES_HEADING}", 1))
    members = study.participants(meeting)
    if counts:
        rows = [
            [str(number), person.name, str(counts.get(person.pk, 0))]
            for number, person in enumerate(members, 1)
        ]
        blocks.append(Table(NOTE_COLUMNS, rows, widths=NOTE_WIDTHS))
    else:
        blocks.append(Paragraph(NO_NOTES))
    return Document(
        title=Title.format(TITLE, team=team_part(team), meeting=meeting_part(meeting.display_name)),
        blocks=blocks,
    )
