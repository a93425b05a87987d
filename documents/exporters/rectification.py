"""整改清单 (a landscape table per list) and 整改措施落实情况通报 (in the shape of seed 001).

Every figure of the report is counted by ``rectification.report.report_figures``; this module
only places the figures and the items' own words in the sentences below.

Choices an office would ask about:
- "完成" is 已销号; an item 已完成待销号 is counted apart ("1项已完成待销号") until it is closed.
- A team problem with no progress update yet prints its measures and where it stands in words
  ("整改措施：…。目前尚未启动。"): the 通报 is published, so no working note ("尚无进展报告") is printed.
- An overdue item is "尚未按期完成", as a 通报 says it, not a count of days.
- The report goes to everyone of the meeting (``access.can_export_progress_report``), while a
  member's own list is private to that member, the secretary, the office and the supervisors
  (``access.lists_for``): the members' lists are therefore reported by counts per member, never
  by their problems' words.
- The activities are counted from the day the meeting was held ("民主生活会召开以来").
"""

from django.utils import timezone

from meetings.models import Meeting
from orgs import access
from rectification import selectors
from rectification.models import ActivityKind, Item, ItemKind, ItemStatus
from rectification.report import Tally, report_figures

from ..numbering import level1, level2
from ..titles import Title, meeting_part, team_part
from ..tree import Document, Heading, Paragraph, Signature, Table, format_date

# --- 整改清单 ---------------------------------------------------------------------------------------

LIST_TITLE = "{team}{meeting}整改清单"
LIST_AS_OF = "（截至{date}）"
TEAM_LIST_HEADING = "班子问题清单"
MEMBER_LIST_HEADING = "{name}同志问题清单"
NO_ITEMS = (
    "尚未建立整改事项。民主生活会召开后，由办公室根据查摆的问题、征求的意见建议和会上的批评意见建立整改清单。"
)
CARRIED_MARK = "（上年结转）"
COLUMNS = ["序号", "问题", "整改措施", "责任领导", "责任部门", "完成时限", "类型", "状态"]
# Landscape A4's type area is 297 − 28 − 26 = 243 mm. At 小四 (12 pt, 4.23 mm a character) plus the
# cell margins (3.8 mm in Word), "序号", "责任领导", "立行立改" and "2027年12月20日" keep to one line;
# the status column fits the longest status, "已完成待销号" (6 × 4.23 + 3.8 = 29.2 mm), and its
# overdue note on a line of its own ("已逾期123天", 27.1 mm): 20 mm wrapped "整改中（已逾期31天）" to four
# lines. The problem and its measures get the rest.
WIDTHS = [13, 48, 50, 21, 26, 34, 21, 30]
LIST_OVERDUE = "\n已逾期{days}天"

# --- 整改措施落实情况通报 ----------------------------------------------------------------------------

REPORT_TITLE = "关于{team}{meeting}整改措施落实情况的通报"
OPENING = "按照民主生活会有关要求，现将{team}{meeting}整改措施落实情况通报如下。"

HEADING_RESPONSIBILITY = "坚持政治引领，压实整改责任"
RESPONSIBILITY = (
    "{team}坚决提高政治站位，强化思想认识，切实把民主生活会问题整改作为一项重要工作，"
    "按照把班子摆进去、把职责摆进去、把个人摆进去的原则，从严从实制定{lists}，"
    "均明确了整改措施、责任部门和完成时限，项目化、清单化、责任化推动整改落实工作扎实有序推进。"
    "坚持问题导向和目标导向，做到问题整改与重点工作同安排、同部署、同落实，确保问题真正整改到位、取得实效。"
)
RESPONSIBILITY_NO_ITEMS = (
    "{team}坚决提高政治站位，强化思想认识，切实把民主生活会问题整改作为一项重要工作，"
    "按照把班子摆进去、把职责摆进去、把个人摆进去的原则，正在梳理查摆的问题，抓紧制定班子和班子成员问题清单。"
)
TEAM_LIST_COUNT = "班子问题清单{n}项"
MEMBER_LISTS_COUNT = "班子成员问题清单{n}项"
ACTIVITIES = "民主生活会召开以来，共组织召开{activities}，有力推动了问题整改落实落到位。"
ACTIVITY_COUNT = {
    ActivityKind.TEAM_MEETING: "班子会议{n}次",
    ActivityKind.GROUP_STUDY: "中心组学习{n}次",
    ActivityKind.SCHEDULING: "调度会议{n}次",
}

HEADING_IMPLEMENTATION = "坚持问题导向，狠抓整改落实"
CARRIED = "上次民主生活会结转的{total}项问题，{progress}。"
CARRIED_ALL_CLOSED = "上次民主生活会结转的{total}项问题已全部整改完成。"
IMPLEMENTATION = (
    "{team}坚持“改字当头、干字为要”，把整改贯穿到工作始终，深入开展调查研究，认真抓好问题整改落实，"
    "确保整改工作取得实效。"
)
TOTALS = "截至目前，在{meeting}中梳理检视的{total}个问题，{progress}。"
TOTALS_ALL_CLOSED = "截至目前，在{meeting}中梳理检视的{total}个问题已全部整改完成，并建立了长效机制。"
TOTALS_NONE = "截至目前，{meeting}整改清单尚未建立整改事项。"
# The progress of some items, clause by clause; a clause whose figure is 0 is left out.
PROGRESS = {
    "closed": "已整改完成{n}项",
    "done": "{n}项已完成待销号",
    "in_progress": "正在推进{n}项",
    "not_started": "尚未启动{n}项",
    "carried_over": "{n}项已结转至下次民主生活会",
    "overdue": "其中{n}项尚未按期完成",
}
PROBLEM_LEAD = "{number}{problem}。"
# The seed's lead phrase "…方面", unless the problem already ends in 方面 or in 问题 ("…问题方面" doubles).
ASPECT_SUFFIX = "方面"
ENDS_WITHOUT_SUFFIX = ("方面", "问题")
MEASURES = "整改措施：{measures}"
NO_MEASURES = "整改措施正在研究制定。"
# Where an item stands, in the words of a 通报 (the statuses' labels are the list's and the pages').
STANDING = "目前{status}。"
STATUS_WORDS = {
    ItemStatus.NOT_STARTED: "尚未启动",
    ItemStatus.IN_PROGRESS: "正在推进",
    ItemStatus.DONE: "已完成整改，待销号",
    ItemStatus.CLOSED: "已整改完成",
    ItemStatus.CARRIED_OVER: "已结转至下次民主生活会",
}
MEMBERS = "班子成员个人问题清单共{total}项，{progress}。其中，{members}。"
MEMBER = "{name}同志{total}项，{closed}"
MEMBER_CLOSED = {"all": "已全部销号", "none": "尚未销号", "some": "已销号{n}项"}

HEADING_REMAINING = "正视问题差距，持续推进整改"
REMAINING = "截至目前，尚有{n}项问题未销号。班子问题清单中未销号的问题如下："
REMAINING_ONLY_MEMBERS = "截至目前，尚有{n}项问题未销号，均在班子成员个人问题清单中。"
REMAINING_LEAD = "{number}{problem}："
REMAINING_ITEM = "{status}，{deadline}{overdue}；责任领导：{owner}{unit}。"
DEADLINE = "完成时限{date}"
ONGOING = "长期坚持"
NOT_IN_TIME = "，尚未按期完成"  # the 通报's words
UNIT = "，责任部门：{unit}"
NO_OWNER = "未明确"
REMAINING_MEMBERS = "班子成员个人问题清单中尚有{n}项未销号，由各责任领导按清单逐项推进。"
REMAINING_CLOSE = (
    "对上述问题，{team}将持续跟踪整改进展，对逾期未完成的加强督促，确保按期整改到位，"
    "并将整改情况作为下一次民主生活会对照检查的重要内容。"
)
HEADING_CONSOLIDATE = "坚持统筹兼顾，巩固整改成果"
CONSOLIDATE = (
    "{team}把民主生活会问题整改融入各项重点工作，坚持标本兼治，建立健全长效机制，"
    "对已整改的问题适时开展“回头看”，防止问题反弹回潮，持续巩固和拓展整改成果，以整改实效推动各项工作再上新台阶。"
)

SENTENCE_ENDS = ("。", "！", "？", "”")


def _sentence(text):
    text = text.strip()
    return text if text.endswith(SENTENCE_ENDS) else f"{text}。"


def _problem(text):
    """The problem as one phrase: its lines joined by ；, without a closing stop."""
    lines = [line.strip().rstrip("。；;.，,") for line in text.splitlines() if line.strip()]
    return "；".join(lines)


def _number(n):
    """（一）…（九十九）; a list longer than that goes on with （100）."""
    return level2(n) if n < 100 else f"（{n}）"


def _deadline(item):
    if item.deadline is None:
        return ONGOING if item.kind == ItemKind.ONGOING else ""
    return format_date(item.deadline)


# --- 整改清单 ---------------------------------------------------------------------------------------


def rectification_list_document(meeting: Meeting, viewer=None, today=None):
    """The lists the viewer may open (all of them from the command line), one table each."""
    lists = selectors.meeting_lists(meeting)
    if viewer is not None:
        visible = set(access.lists_for(viewer, meeting).values_list("pk", flat=True))
        lists = [rl for rl in lists if rl.pk in visible]
    items = Item.objects.filter(rectification_list__in=[rl.pk for rl in lists]).select_related("owner")
    by_list = {rl.pk: [] for rl in lists}
    for item in items:
        by_list[item.rectification_list_id].append(item)

    today = today or timezone.localdate()
    blocks = []
    filled = [rl for rl in lists if by_list[rl.pk]]
    for number, rl in enumerate(filled, 1):
        heading = TEAM_LIST_HEADING if rl.is_team else MEMBER_LIST_HEADING.format(name=rl.member.name)
        blocks.append(Heading(f"{level1(number)}{heading}", 1))
        blocks.append(Table(COLUMNS, [_list_row(item, today) for item in by_list[rl.pk]], widths=WIDTHS))
    if not filled:
        blocks.append(Paragraph(NO_ITEMS))
    team = meeting.organisation.leadership_name
    return Document(
        title=Title.format(LIST_TITLE, team=team_part(team), meeting=meeting_part(meeting.display_name)),
        subtitle=LIST_AS_OF.format(date=format_date(today)),
        blocks=blocks,
        landscape=True,
    )


def _list_row(item, today):
    problem = item.problem.strip() + (CARRIED_MARK if item.carried_from_id else "")
    deadline = _deadline(item)
    # A 长期坚持 item without a date reads 长期坚持 in 完成时限: its 类型 cell would say it a second time.
    kind = "" if deadline == ONGOING else item.get_kind_display()
    return [
        str(item.number),
        problem,
        item.measures.strip(),
        item.owner.name if item.owner else "",
        item.unit,
        deadline,
        kind,
        item.get_status_display()
        + (LIST_OVERDUE.format(days=-item.days_left(today)) if item.is_overdue(today) else ""),
    ]


# --- 整改措施落实情况通报 ----------------------------------------------------------------------------


def progress_report(meeting: Meeting, today=None):
    """整改措施落实情况通报: what was promised, what is done, what remains, every figure counted."""
    today = today or timezone.localdate()
    figures = report_figures(meeting, today)
    team_items = list(
        Item.objects.filter(meeting=meeting, rectification_list__member__isnull=True)
        .select_related("owner")
        .prefetch_related("progress")
    )
    # The previous meeting's items are reported first (DESIGN §2: the next meeting reports on them first).
    team_items.sort(key=lambda item: item.carried_from_id is None)
    team = meeting.organisation.leadership_name
    names = {"team": team, "meeting": meeting.display_name}

    blocks = [Paragraph(OPENING.format(**names))]
    blocks.append(Heading(f"{level1(1)}{HEADING_RESPONSIBILITY}", 1))
    blocks.append(Paragraph(_responsibility(figures, names)))

    blocks.append(Heading(f"{level1(2)}{HEADING_IMPLEMENTATION}", 1))
    if figures.carried.total:
        blocks.append(Paragraph(_carried(figures.carried)))
    blocks.append(Paragraph(IMPLEMENTATION.format(**names) + _totals(figures.total, names)))
    for number, item in enumerate(team_items, 1):
        blocks.append(
            Paragraph(
                _progress_text(item),
                lead=PROBLEM_LEAD.format(number=_number(number), problem=_problem_aspect(item.problem)),
            )
        )
    if figures.per_member:
        blocks.append(Paragraph(_members(figures)))

    remaining = [
        item for item in team_items if item.status not in (ItemStatus.CLOSED, ItemStatus.CARRIED_OVER)
    ]
    if figures.total.remaining:
        blocks.append(Heading(f"{level1(3)}{HEADING_REMAINING}", 1))
        blocks.extend(_remaining(figures, remaining, names, today))
    elif figures.total.total:
        # Results are consolidated only when there were items and all are done: no items, no such section.
        blocks.append(Heading(f"{level1(3)}{HEADING_CONSOLIDATE}", 1))
        blocks.append(Paragraph(CONSOLIDATE.format(**names)))

    return Document(
        title=Title.format(REPORT_TITLE, team=team_part(team), meeting=meeting_part(meeting.display_name)),
        blocks=blocks,
        signature=Signature([meeting.organisation.name], today),
    )


def _progress(tally: Tally, closed=PROGRESS["closed"]):
    """ "已整改完成2项，1项已完成待销号，正在推进1项" from a tally, leaving out what is 0."""
    templates = {**PROGRESS, "closed": closed}
    return "，".join(
        template.format(n=getattr(tally, key)) for key, template in templates.items() if getattr(tally, key)
    )


def _responsibility(figures, names):
    counts = [
        template.format(n=tally.total)
        for template, tally in ((TEAM_LIST_COUNT, figures.team), (MEMBER_LISTS_COUNT, figures.members))
        if tally.total
    ]
    text = (
        RESPONSIBILITY.format(lists="、".join(counts), **names)
        if counts
        else RESPONSIBILITY_NO_ITEMS.format(**names)
    )
    held = [ACTIVITY_COUNT[kind].format(n=n) for kind, n in figures.activities if n]
    if held:
        text += ACTIVITIES.format(activities="、".join(held))
    return text


def _carried(tally):
    if tally.all_closed:
        return CARRIED_ALL_CLOSED.format(total=tally.total)
    return CARRIED.format(total=tally.total, progress=_progress(tally))


def _totals(tally, names):
    if not tally.total:
        return TOTALS_NONE.format(**names)
    if tally.all_closed:
        return TOTALS_ALL_CLOSED.format(total=tally.total, **names)
    return TOTALS.format(total=tally.total, progress=_progress(tally), **names)


def _problem_aspect(text):
    """The problem as the seed's lead phrase "…方面": neither "方面方面" nor "问题方面"."""
    problem = _problem(text)
    return problem if problem.endswith(ENDS_WITHOUT_SUFFIX) else f"{problem}{ASPECT_SUFFIX}"


def _progress_text(item):
    """What was done (the progress updates by date), or what was promised (the measures); then where it stands."""
    updates = sorted(item.progress.all(), key=lambda progress: (progress.date, progress.pk))
    if updates:
        done = "".join(_sentence(progress.text) for progress in updates)
    elif item.measures.strip():
        done = MEASURES.format(measures=_sentence(" ".join(item.measures.split())))
    else:
        done = NO_MEASURES
    return done + STANDING.format(status=STATUS_WORDS[item.status])


def _members(figures):
    members = "；".join(
        MEMBER.format(name=member.name, total=member.tally.total, closed=_member_closed(member.tally))
        for member in figures.per_member
    )
    tally = figures.members
    return MEMBERS.format(total=tally.total, progress=_progress(tally, closed="已销号{n}项"), members=members)


def _member_closed(tally):
    if tally.all_closed:
        return MEMBER_CLOSED["all"]
    if not tally.closed:
        return MEMBER_CLOSED["none"]
    return MEMBER_CLOSED["some"].format(n=tally.closed)


def _remaining(figures, items, names, today):
    blocks = [
        Paragraph(
            (REMAINING if items else REMAINING_ONLY_MEMBERS).format(n=figures.total.remaining),
        )
    ]
    for number, item in enumerate(items, 1):
        blocks.append(
            Paragraph(
                REMAINING_ITEM.format(
                    status=STATUS_WORDS[item.status],
                    deadline=DEADLINE.format(date=format_date(item.deadline)) if item.deadline else ONGOING,
                    overdue=NOT_IN_TIME if item.is_overdue(today) else "",
                    owner=item.owner.name if item.owner else NO_OWNER,
                    unit=UNIT.format(unit=item.unit) if item.unit else "",
                ),
                lead=REMAINING_LEAD.format(number=_number(number), problem=_problem(item.problem)),
            )
        )
    if items and figures.members.remaining:
        blocks.append(Paragraph(REMAINING_MEMBERS.format(n=figures.members.remaining)))
    blocks.append(Paragraph(REMAINING_CLOSE.format(**names)))
    return blocks
