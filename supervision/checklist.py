"""督导检查表: the checks a supervisor makes on one meeting, each filled in from the records.

``checklist(meeting)`` gives one ``Check`` per row of ``CHECKS``: what the records show, and ✓/✗ where
the plans give a rule that can be counted (a number of days, 2/3 of those due, two criticisms each) or
a yes/no the records answer (approved, on the agenda, no pair missing). The supervisor writes only the
remarks (``supervision.models.Checklist``). The figures come from ``reporting.figures.meeting_figures``
(what the 情况报告 prints) and the drafts' findings from ``inspection.checker``; this module only reads
the few things they do not, in a constant number of queries (about 40) whatever the size of the team.
"""

import datetime
from dataclasses import dataclass

from django.db.models import Count, Exists, OuterRef, Q
from django.utils import timezone

from documents.tree import format_date
from inspection import checker
from inspection.content import normalise, problem_text, problems
from inspection.models import Draft, DraftEvent
from meetings.models import Criticism, PlanEvent, PlanStatus
from meetings.record import MIN_CRITICISMS, soft_phrases
from rectification.candidates import previous_meeting
from rectification.models import Evidence, Item, ItemStatus
from reporting.figures import meeting_figures
from reporting.models import DocumentKind, Sending

# The plans' numbers: "方案至少提前10天报督导组"; "实到人数不少于应到人数的三分之二"; "会后15天内报送
# 情况报告"，"10天内通报"，"15天内制定整改方案" (DESIGN §2, §11).
PLAN_DAYS_BEFORE = 10
ATTENDANCE_SHARE = (2, 3)
REPORT_DAYS = 15
NOTIFICATION_DAYS = 10
RECTIFICATION_PLAN_DAYS = 15

# (code, 检查项目), in the order the table prints them. The codes key the supervisor's remarks.
CHECKS = (
    ("plan", "实施方案提前10天报送并经审定"),
    ("study", "会前集中学习研讨"),
    ("opinions", "征求意见建议及反馈"),
    ("talks", "谈心谈话“四必谈”"),
    ("drafts", "对照检查材料和个人发言提纲审阅把关"),
    ("examples", "查摆问题举出具体事例"),
    ("answered", "个人发言提纲回应本人的意见建议"),
    ("attendance", "到会人数不少于应到人数的三分之二"),
    ("duration", "会议时长"),
    ("agenda", "会上通报上年度整改情况和本次征求意见情况"),
    ("criticisms", "每人收到批评意见不少于2条"),
    ("hopes", "不以希望、建议代替批评"),
    ("report", "会后15天内报送情况报告"),
    ("notification", "会后10天内通报"),
    ("rectification_plan", "会后15天内制定整改方案"),
    ("evidence", "整改事项销号有佐证材料"),
    ("repeated", "上年度已销号问题没有再次出现"),
)
LABELS = dict(CHECKS)


@dataclass(frozen=True)
class Check:
    code: str
    label: str
    data: str  # what the records show, in a sentence or two
    passed: bool | None  # ✓ / ✗, None where no rule is counted

    @property
    def mark(self):
        return {True: "✓", False: "✗", None: ""}[self.passed]


def _names(names):
    return "、".join(names)


def _within(label, done_on, held_on, days):
    """(data, passed) of a deadline counted in days after the meeting."""
    if done_on is None:
        return f"尚未{label}（应于会后{days}天内）。", False
    late = (done_on - held_on).days
    return f"{format_date(done_on)}{label}，会后第{late}天（应于{days}天内）。", late <= days


def _plan(meeting):
    status = meeting.plan.status if hasattr(meeting, "plan") else PlanStatus.DRAFT
    submitted = (
        PlanEvent.objects.filter(plan__meeting=meeting, action=PlanEvent.Action.SUBMIT)
        .order_by("-at", "-pk")
        .values_list("at", flat=True)
        .first()
    )
    approved = status == PlanStatus.APPROVED
    state = "已审定" if approved else f"尚未审定（{PlanStatus(status).label}）"
    if submitted is None:
        return f"方案尚未报送，{state}。", False
    submitted_on = timezone.localtime(submitted).date()
    days = (meeting.date - submitted_on).days
    return (
        f"{format_date(submitted_on)}报送，距会议{days}天；{state}。",
        approved and days >= PLAN_DAYS_BEFORE,
    )


def _returns(meeting):
    """The drafts sent back (退回修改), with the reviewer's reason: ["张三的个人发言提纲：问题不具体"]."""
    events = (
        DraftEvent.objects.filter(draft__meeting=meeting, action=DraftEvent.Action.RETURN)
        .select_related("draft__author")
        .order_by("at", "pk")
    )
    return [f"{event.draft.label}：{' '.join(event.note.split()) or '未写明原因'}" for event in events]


def _findings(meeting):
    """{code: [draft labels]} of the checker's "no-example" and the outlines' "opinion-unanswered"."""
    drafts = {draft.pk: draft for draft in Draft.objects.filter(meeting=meeting).select_related("author")}
    found = {"no-example": [], "opinion-unanswered": []}
    for pk, findings in checker.check_meeting(meeting).items():
        draft = drafts[pk]
        for code, labels in found.items():
            hits = [f for f in findings if f.code == code]
            if hits and not (code == "opinion-unanswered" and draft.is_team):
                labels.append(f"{draft.label}{len(hits)}处")
    return found


def _hopes(meeting):
    """The criticisms raised at the meeting that read as hopes (SoftPhrase), as "对谁：…"."""
    phrases = soft_phrases()
    rows = Criticism.objects.filter(statement__record__meeting=meeting, confirmed=True).select_related(
        "statement__member"
    )
    return [(row.statement.member.name, row.text) for row in rows if any(p in row.text for p in phrases)]


def _evidence(meeting):
    has_evidence = Evidence.objects.filter(item=OuterRef("pk"))
    return (
        Item.objects.filter(meeting=meeting)
        .annotate(with_evidence=Exists(has_evidence))
        .aggregate(
            total=Count("pk"),
            closed=Count("pk", filter=Q(status=ItemStatus.CLOSED)),
            proved=Count("pk", filter=Q(status=ItemStatus.CLOSED, with_evidence=True)),
        )
    )


def _repeated(meeting):
    """Last year's closed (销号) items whose problem the drafts of this meeting raise again: the checker's
    copy search (``find_copies``) with last year's ledger as the text not to copy."""
    previous = previous_meeting(meeting)
    if previous is None:
        return None, []
    closed = list(
        Item.objects.filter(meeting=previous, status=ItemStatus.CLOSED)
        .order_by("number", "pk")
        .values_list("pk", "number", "problem", "manifestation")
    )
    if not closed:
        return previous, []
    sources = [
        checker.Source(("item", pk), [("item", f"{problem}{manifestation}")])
        for pk, _n, problem, manifestation in closed
    ]
    for pk, content in Draft.objects.filter(meeting=meeting).values_list("pk", "content"):
        parts = [(item["id"], problem_text(item)) for _n, _g, item in problems(normalise(content or {}))]
        sources.append(checker.Source(("draft", pk), parts))
    ledger = [source.key for source in sources if source.key[0] == "item"]
    compare = {source.key: ledger for source in sources if source.key[0] == "draft"}
    again = {copy.other[1] for copy in checker.find_copies(sources, compare)}
    return previous, [f"第{number}项“{problem}”" for pk, number, problem, _m in closed if pk in again]


def _duration(held):
    if held.start_time is None or held.end_time is None:
        return "会议记录未写明起止时间。"
    start = datetime.datetime.combine(held.date, held.start_time)
    minutes = int((datetime.datetime.combine(held.date, held.end_time) - start).total_seconds() // 60)
    return f"{held.start_time:%H:%M}至{held.end_time:%H:%M}，共{minutes // 60}小时{minutes % 60}分钟。"


def checklist(meeting):
    """The rows of the meeting's 督导检查表, in ``CHECKS`` order (see the module's docstring)."""
    figures = meeting_figures(meeting)
    rows = {}

    rows["plan"] = _plan(meeting)

    sessions = figures.study.sessions
    rows["study"] = (
        f"集中学习研讨{len(sessions)}次"
        + (
            "：" + "；".join(f"{format_date(s.date)}{s.form_label}“{s.topic}”" for s in sessions)
            if sessions
            else ""
        )
        + f"。{figures.study.note_authors}/{figures.study.team}人撰写心得体会{figures.study.notes}篇。",
        None,
    )

    opinions = figures.opinions
    channels = "、".join(f"{name}{n}条" for name, n in opinions.by_channel) or "无"
    not_fed = f"（未反馈：{_names(opinions.not_fed_back)}）" if opinions.not_fed_back else ""
    rows["opinions"] = (
        f"征求意见建议{opinions.received}条，渠道：{channels}；采纳{opinions.accepted}条。"
        f"反馈给本人{opinions.fed_back}/{opinions.team}人{not_fed}。",
        None,
    )

    talks = figures.talks
    pairs = "；".join(
        f"{p.label}{p.done}/{p.required}对" + (f"，免谈{p.waived}对" if p.waived else "") for p in talks.pairs
    )
    waivers = "；".join(f"{w.first}与{w.second}：{w.reason}" for w in talks.waivers)
    rows["talks"] = (
        f"应谈{talks.required}对，已谈{talks.done}对，未谈{talks.missing}对。{pairs}。"
        + (f"免谈说明：{waivers}。" if waivers else ""),
        talks.missing == 0,
    )

    drafts = figures.drafts
    team = (
        ("已起草，" + ("已审阅通过" if drafts.team_approved else f"尚未通过（{drafts.team_status_label}）"))
        if drafts.team_written
        else "尚未起草"
    )
    returns = _returns(meeting)
    rows["drafts"] = (
        f"班子对照检查材料{team}；个人发言提纲审阅通过{drafts.outlines_approved}/{drafts.outlines_expected}份。"
        + (f"退回修改{len(returns)}次：{'；'.join(returns)}。" if returns else "未退回修改。"),
        drafts.team_approved and drafts.outlines_approved == drafts.outlines_expected,
    )

    findings = _findings(meeting)
    no_example = findings["no-example"]
    rows["examples"] = (
        f"没有举出具体事例的问题：{'；'.join(no_example)}。" if no_example else "每个问题都举出了具体事例。",
        not no_example,
    )
    unanswered = findings["opinion-unanswered"]
    rows["answered"] = (
        f"指向本人的意见在提纲中未见回应：{'；'.join(unanswered)}。"
        if unanswered
        else f"指向班子成员的意见{opinions.to_members}条，提纲中均有回应。",
        not unanswered,
    )

    held = figures.held
    absent = "；".join(f"{name}（{reason or '未写明原因'}）" for name, reason in held.absences)
    share, of = ATTENDANCE_SHARE
    rows["attendance"] = (
        f"应到{held.due}人，实到{held.present}人" + (f"，缺席：{absent}" if absent else "") + "。",
        held.recorded and held.present * of >= held.due * share,
    )
    rows["duration"] = (f"方案会期：{meeting.duration}；{_duration(held)}", None)

    rectified = [line for line in held.agenda if "整改" in line]
    heard = [line for line in held.agenda if "意见" in line]
    rows["agenda"] = (
        ("通报上年度整改情况：" + ("；".join(rectified) if rectified else "议程中未见"))
        + ("；通报征求意见情况：" + ("；".join(heard) if heard else "议程中未见"))
        + "。",
        bool(rectified and heard),
    )

    criticisms = figures.criticisms
    per_member = "、".join(f"{name}（{n}条）" for name, n in criticisms.received)
    below = _names(name for name, _n in criticisms.below_minimum)
    rows["criticisms"] = (
        (f"{per_member}，" if per_member else "尚无发言记录，")
        + f"共{criticisms.total}条，最少{criticisms.least}条。"
        + (f"少于{MIN_CRITICISMS}条：{below}。" if below else ""),
        bool(criticisms.received) and not criticisms.below_minimum,
    )
    hopes = _hopes(meeting)
    rows["hopes"] = (
        "以希望、建议代替批评的：" + "；".join(f"对{name}：{text}" for name, text in hopes) + "。"
        if hopes
        else "批评意见中未见以希望、建议代替批评的说法。",
        bool(criticisms.received) and not hopes,
    )

    report = (
        Sending.objects.filter(meeting=meeting, kind=DocumentKind.REPORT)
        .order_by("number")
        .values_list("sent_on", flat=True)
        .first()
    )
    rows["report"] = _within("报送情况报告", report, held.date, REPORT_DAYS)
    rows["notification"] = _within(
        "印发情况通报", figures.notification.issued_on, held.date, NOTIFICATION_DAYS
    )
    rows["rectification_plan"] = _within(
        "制定整改方案", figures.lists.drawn_up_on, held.date, RECTIFICATION_PLAN_DAYS
    )

    items = _evidence(meeting)
    rows["evidence"] = (
        f"整改事项{items['total']}项，已销号{items['closed']}项，其中有佐证材料{items['proved']}/{items['closed']}项。",
        items["proved"] == items["closed"] if items["closed"] else None,
    )

    previous, repeated = _repeated(meeting)
    if previous is None:
        rows["repeated"] = ("没有上一次民主生活会的整改台账。", None)
    else:
        rows["repeated"] = (
            f"与{previous.display_name}已销号问题重复：{'；'.join(repeated)}。"
            if repeated
            else f"对照检查材料中未见{previous.display_name}已销号的问题再次出现。",
            not repeated,
        )
    return [Check(code, label, *rows[code]) for code, label in CHECKS]
