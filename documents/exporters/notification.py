"""民主生活会情况通报: the notification to the organisation's own members (DESIGN §10).

"主要内容包括召开时间、参会人员、会议主题、查找出来的主要问题、整改方案以及上一次民主生活会整改措施
落实情况等" (seed 003). It goes down and sideways, so nothing confidential is in it: the team's
problems only (never a member's), the criticisms as counts (never their words, nor who criticised
whom), no opinion addressed to a member, nothing of the talks but their number. Every figure comes
from ``reporting.figures.meeting_figures``; the sentences shared with the report come from
``situation_report``.

The 通报 is dated ReportSettings.notification_dated (fixed when the secretary approves it), today only
before that; nothing else depends on today.
"""

from django.utils import timezone

from rectification.models import ItemKind
from reporting.figures import meeting_figures
from reporting.selectors import report_settings

from ..numbering import level1
from ..titles import Title, meeting_part, team_part
from ..tree import Document, Heading, NumberedList, Paragraph, Signature, format_date
from .situation_report import clause, held_paragraph, list_counts, sentence, team_problem_blocks

TITLE = "关于{team}召开{meeting}情况的通报"
RECIPIENTS = "{recipients}："
OPENING = "{date}，{team}召开{meeting}。现将有关情况通报如下："

HEADING_BASICS = "基本情况"
THEME = "会议主题是：{theme}。"
PEOPLE = "班子成员应到{due}人，实到{present}人{absent}。"
ABSENT = "，{names}请假"
ATTENDEES = "{people}列席会议。"
GUIDANCE = "{people}到会指导。"
PREPARATION = "会前，{parts}。"
STUDY = "集中学习研讨{n}次"
NO_STUDY = "未开展集中学习研讨"
OPINIONS = "征求意见建议{n}条"
NO_OPINIONS = "未征求到意见建议"
TALKS = "开展谈心谈话{count}次、{times}人次"
NO_TALKS = "未记录谈心谈话"
DRAFTS = "撰写{drafts}"
DRAFT_TEAM = "领导班子对照检查材料"
DRAFT_OUTLINES = "班子成员个人发言提纲{n}份"
NO_DRAFTS = "对照检查材料尚未撰写"
NO_RECORD = "会议记录尚未填写，会议召开情况暂无记录。"

HEADING_CONTENT = "会议主要内容"
PREVIOUS = "会议通报了上一年度民主生活会整改措施落实情况：{name}确定的整改事项{total}项，{progress}。"
PREVIOUS_CLOSED = "已整改完成{n}项"
PREVIOUS_CARRIED = "{n}项结转本次民主生活会继续整改"
PREVIOUS_OPEN = "{n}项正在整改"
PREVIOUS_NONE = "上一年度民主生活会的整改事项未在台账中登记。"
SELF_INSPECTION = "会上，{secretary}代表领导班子作对照检查。"
SELF_INSPECTION_UNNAMED = "会上，领导班子作对照检查。"
CRITICISM = "{n}名班子成员逐一作自我批评，相互开展批评，共提出批评意见{total}条。"
SELF_CRITICISM_ONLY = "{n}名班子成员逐一作自我批评。"
NO_CRITICISM = "会上批评和自我批评情况尚未记录。"
NO_RECORD_CONTENT = "会议记录尚未填写，会议主要内容暂无记录。"
GUIDANCE_REMARKS = "督导组对会议进行了点评。"

HEADING_PROBLEMS = "查摆的主要问题"

HEADING_RECTIFICATION = "整改措施和要求"
LISTS = "会后，{team}制定整改方案，建立{lists}。"
TEAM_ITEMS = "班子问题清单的整改事项如下："
TEAM_ITEM = "{problem}（{details}）"
CARRIED = "上年结转"
OWNER = "责任领导：{owner}"
DEADLINE = "完成时限：{deadline}"
NO_OWNER = "未明确"
ONGOING = "长期坚持"
NO_DEADLINE = "未明确"
NO_LISTS = "整改清单尚未建立整改事项。"
REQUIREMENTS = (
    "{team}将对整改事项实行清单化管理、销号式推进，能够当下改的立行立改，一时解决不了的明确阶段目标、"
    "持续用力整改，整改情况在适当范围内公开，接受党员、群众监督。"
)
FOLLOW_UP = "欢迎广大党员干部群众对整改落实情况进行监督，意见建议可通过{follow_up}反映。"
FOLLOW_UP_OFFICE = "{organisation}办公室"


def _basics(figures):
    held = figures.held
    if not held.recorded:
        return [Paragraph(NO_RECORD), Paragraph(_preparation(figures))]
    first = held_paragraph(figures)
    first.text += THEME.format(theme=clause(figures.theme))
    absent = (
        ABSENT.format(names="、".join(f"{name}同志" for name, _ in held.absences)) if held.absences else ""
    )
    people = PEOPLE.format(due=held.due, present=held.present, absent=absent)
    if held.attendees:
        people += ATTENDEES.format(people="、".join(held.attendees))
    if held.guidance:
        people += GUIDANCE.format(people="、".join(held.guidance))
    return [first, Paragraph(people), Paragraph(_preparation(figures))]


def _preparation(figures):
    study, opinions, talks, drafts = figures.study, figures.opinions, figures.talks, figures.drafts
    written = [DRAFT_TEAM] if drafts.team_written else []
    if drafts.outlines_written:
        written.append(DRAFT_OUTLINES.format(n=drafts.outlines_written))
    parts = [
        STUDY.format(n=len(study.sessions)) if study.sessions else NO_STUDY,
        OPINIONS.format(n=opinions.accepted) if opinions.accepted else NO_OPINIONS,
        TALKS.format(count=talks.count, times=talks.person_times) if talks.count else NO_TALKS,
        DRAFTS.format(drafts="、".join(written)) if written else NO_DRAFTS,
    ]
    return PREPARATION.format(parts="，".join(parts))


def _previous(figures):
    previous = figures.previous
    if not previous.total:
        return PREVIOUS_NONE
    progress = [
        template.format(n=n)
        for template, n in (
            (PREVIOUS_CLOSED, previous.closed),
            (PREVIOUS_CARRIED, previous.carried_over),
            (PREVIOUS_OPEN, previous.still_open),
        )
        if n
    ]
    return PREVIOUS.format(name=previous.name, total=previous.total, progress="，".join(progress))


def _content(figures):
    criticisms = figures.criticisms
    if not figures.held.recorded:
        return [Paragraph(_previous(figures)), Paragraph(NO_RECORD_CONTENT)]
    secretary = figures.drafts.secretary
    text = SELF_INSPECTION.format(secretary=secretary) if secretary else SELF_INSPECTION_UNNAMED
    if not criticisms.self_criticised:
        text += NO_CRITICISM
    elif criticisms.total:
        text += CRITICISM.format(n=criticisms.self_criticised, total=criticisms.total)
    else:
        text += SELF_CRITICISM_ONLY.format(n=criticisms.self_criticised)
    if figures.held.guidance_remark:
        text += GUIDANCE_REMARKS
    return [Paragraph(_previous(figures)), Paragraph(text)]


def _deadline(item):
    if item.deadline is not None:
        return format_date(item.deadline)
    return ONGOING if item.kind == ItemKind.ONGOING else NO_DEADLINE


def _details(item):
    details = [CARRIED] if item.carried else []
    return [
        *details,
        OWNER.format(owner=item.owner_title or NO_OWNER),
        DEADLINE.format(deadline=_deadline(item)),
    ]


def _rectification(figures, settings):
    lists = figures.lists
    blocks = []
    if lists.total:
        blocks.append(Paragraph(LISTS.format(team=figures.team_name, lists=list_counts(lists))))
    else:
        blocks.append(Paragraph(NO_LISTS))
    if lists.team_items:
        blocks.append(Paragraph(TEAM_ITEMS))
        blocks.append(
            NumberedList(
                [
                    TEAM_ITEM.format(problem=item.problem, details="；".join(_details(item)))
                    for item in lists.team_items
                ],
                style="arabic",
            )
        )
    blocks.append(Paragraph(REQUIREMENTS.format(team=figures.team_name)))
    follow_up = clause(settings.follow_up) or FOLLOW_UP_OFFICE.format(organisation=figures.organisation)
    blocks.append(Paragraph(sentence(FOLLOW_UP.format(follow_up=follow_up))))
    return blocks


def notification(meeting, today=None):
    """民主生活会情况通报: 通报范围, opening, the four sections, signature."""
    figures = meeting_figures(meeting)
    settings = report_settings(meeting)
    blocks = []
    if settings.notification_recipients.strip():
        blocks.append(
            Paragraph(RECIPIENTS.format(recipients=clause(settings.notification_recipients)), indent=False)
        )
    blocks.append(
        Paragraph(
            OPENING.format(
                date=format_date(figures.held.date), team=figures.team_name, meeting=figures.meeting_name
            )
        )
    )
    sections = [
        (HEADING_BASICS, _basics(figures)),
        (HEADING_CONTENT, _content(figures)),
        (HEADING_PROBLEMS, team_problem_blocks(figures)),
        (HEADING_RECTIFICATION, _rectification(figures, settings)),
    ]
    for number, (heading, section) in enumerate(sections, 1):
        blocks.append(Heading(f"{level1(number)}{heading}", 1))
        blocks.extend(section)
    dated = settings.notification_dated or today or timezone.localdate()
    return Document(
        title=Title.format(
            TITLE, team=team_part(figures.team_name), meeting=meeting_part(figures.meeting_name)
        ),
        blocks=blocks,
        signature=Signature([figures.organisation], dated),
    )
