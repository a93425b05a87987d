"""民主生活会召开情况报告: the report to the superior 纪委 and 组织部 (DESIGN §10).

"会议情况报告的主要内容包括征求意见的情况、开展批评和自我批评的情况、检查和反映出来的主要问题及
整改措施等" (seed 003). Every figure is counted by ``reporting.figures.meeting_figures``; this module
only places the figures in the sentences below, and where a source has no data it says so in words.

Choices an office would ask about:
- 意见建议: "共收到意见建议N条" counts every opinion entered, by channel; "采纳意见建议N条" is the
  total of the 征求意见建议汇总 (accepted ones, a merged one counted once).
- 谈心谈话: "N次、M人次" — 人次 counts each participant of each talk once (a talk of two is 2人次).
- 对照检查材料: "平均N稿、最多M稿" counts the saved versions of each draft written.
- 批评: counted over the members present; the rule "批评意见不少于2条" names whoever received fewer.
- 整改方案: dated the day the first new item was entered on the lists (see reporting.figures).
- The report is dated ReportSettings.report_dated (fixed when the secretary approves it), today
  only before that; nothing else depends on today, so an approved text reads the same tomorrow.
- 抄报 is the last paragraph before the signature: the tree has no 版记 below it yet.
"""

from django.utils import timezone

from rectification.models import ItemKind, SourceKind
from reporting.figures import meeting_figures
from reporting.selectors import report_settings

from ..numbering import chinese_number, level1, level2
from ..titles import Title, meeting_part
from ..tree import Document, Heading, Paragraph, Signature, format_date
from .plan import _clock

# "关于召开{year}年度（{专题名}）民主生活会情况的报告": the team is the sender, named in the signature.
TITLE = "关于召开{meeting}情况的报告"
RECIPIENTS = "{recipients}："
COPY_RECIPIENTS = "抄报：{recipients}。"

BASIS = "根据{source}要求"
BASIS_NOTICE = "{issuer}《{title}》"
BASIS_ISSUER_ONLY = "{issuer}有关通知"
BASIS_NUMBER_ONLY = "{number}文件"
BASIS_NUMBER = "（{number}）"
BASIS_NONE = "按照民主生活会有关要求"
OPENING = "{basis}，{team}于{date}{place}召开{meeting}，围绕“{theme}”主题，认真开展批评和自我批评。{host}现将有关情况报告如下："
OPENING_PLACE = "在{place}"
OPENING_HOST = "会议由{host}主持。"

# 一、会前准备情况
HEADING_PREPARATION = "会前准备情况"
LEAD_STUDY = "学习研讨。"
STUDY = "会前，{team}集中学习研讨{n}次：{sessions}。"
STUDY_SESSION = "{date}{form}围绕“{topic}”学习研讨"
STUDY_FORM = "（{form}）"
NO_STUDY = "本次未开展集中学习研讨。"
NOTES_ALL = "{team}名班子成员均撰写了学习心得体会，共{notes}篇。"
NOTES_SOME = "{team}名班子成员中有{authors}人撰写了学习心得体会，共{notes}篇。"
NO_NOTES = "班子成员尚未登记学习心得体会。"

LEAD_OPINIONS = "征求意见建议。"
OPINIONS = "通过{channels}等方式，广泛征求{categories}的意见建议，共收到意见建议{received}条{by_channel}。"
OPINIONS_BY_CHANNEL = "（{counts}）"
CHANNEL_COUNT = "{channel}{n}条"
TRIAGE = "经梳理，{removed}采纳意见建议{accepted}条，归纳为{aspects}个方面，其中对领导班子的{to_team}条、对班子成员个人的{to_members}条。"
TRIAGE_MERGED = "合并重复意见{n}条"
TRIAGE_REJECTED = "不予采纳{n}条"
UNTRIAGED = "另有{n}条尚待分拣。"
NONE_ACCEPTED = "经梳理，尚无采纳的意见建议。"
FEEDBACK_ALL = "征求到的意见建议已原汁原味反馈给{team}名班子成员。"
FEEDBACK_SOME = "征求到的意见建议已反馈给{team}名班子成员中的{fed}名，{names}尚未反馈。"
FEEDBACK_NONE = "征求到的意见建议尚未反馈给班子成员。"
NO_OPINIONS = "会前未征求到意见建议。"

LEAD_TALKS = "谈心谈话。"
TALKS = "会前共开展谈心谈话{count}次、{times}人次。"
NO_TALKS = "会前未记录谈心谈话。"
COVERAGE = "按照“四必谈”要求，应谈{required}对{done}，其中{kinds}。"
COVERAGE_DONE = "，已谈{n}对"
COVERAGE_KIND = "{label}应谈{required}对、{states}"
# A kind's pairs by state, the states with no pair left out ("应谈1对、因故免谈1对").
COVERAGE_STATES = {"done": "已谈{n}对", "waived": "因故免谈{n}对", "missing": "未谈{n}对"}
WAIVERS = "因故免谈{n}对：{pairs}。"
WAIVER = "{first}与{second}（{reason}）"
TALKS_MISSING = "尚有{n}对未谈，也未说明免谈理由。"

LEAD_DRAFTS = "撰写对照检查材料。"
TEAM_MATERIAL = "领导班子对照检查材料由{secretary}主持起草，{status}。"
TEAM_ENDORSED = "已审阅通过，并经督导组审定"
TEAM_APPROVED = "已审阅通过"
TEAM_PENDING = "尚未审阅通过（当前：{status}）"
NO_TEAM_MATERIAL = "领导班子对照检查材料尚未撰写。"
SECRETARY_FALLBACK = "主要负责同志"
OUTLINES = "班子成员撰写个人发言提纲{written}份，{approval}。"
OUTLINES_ALL_APPROVED = "均经审阅把关"
OUTLINES_SOME_APPROVED = "其中{n}份已审阅通过，{names}的个人发言提纲尚未审阅通过"
OUTLINES_NONE_APPROVED = "尚未审阅通过"
OUTLINES_NOT_WRITTEN = "{names}尚未撰写个人发言提纲。"
NO_OUTLINES = "班子成员尚未撰写个人发言提纲。"
VERSIONS = "各份材料反复修改，平均{average}稿，最多{most}稿。"
REVIEWED = "督导组于{dates}审阅材料并提出意见"
ENDORSED = "于{date}审定领导班子对照检查材料"
NO_REVIEW = "未记录督导组审阅材料的情况。"

# 二、会议召开情况
HEADING_HELD = "会议召开情况"
HELD = "{date}{time}，{team}{place}召开{meeting}{host}。"
HELD_PLACE = "在{place}"
HELD_HOST = "，会议由{host}主持"
ATTENDANCE = "会议应到{due}人，实到{present}人{absences}。"
ABSENCE = "{name}同志请假（{reason}）"
ABSENCE_NO_REASON = "{name}同志缺席（未注明原因）"
ATTENDEES = "{people}列席会议。"
GUIDANCE = "{people}到会指导。"
AGENDA = "会议共进行{n}项议程：{items}。"
NO_AGENDA = "会议记录未填写会议议程。"
NO_RECORD = "会议记录尚未填写，会议召开情况暂无记录。"

# 三、查摆的主要问题
HEADING_PROBLEMS = "查摆的主要问题"
TEAM_PROBLEMS = "领导班子对照检查材料从{groups}个方面查摆问题{n}条："
TEAM_PROBLEMS_NONE = "领导班子对照检查材料尚未审阅通过，查摆的问题待审阅通过后报告。"
TEAM_PROBLEMS_EMPTY = "领导班子对照检查材料未列出存在的问题。"
MEMBER_PROBLEMS = "班子成员个人发言提纲共查摆个人问题{total}条，每人{range}条。"
MEMBER_PROBLEMS_RANGE = "{low}至{high}"
NO_MEMBER_PROBLEMS = "班子成员个人发言提纲尚未查摆问题。"

# 四、批评与自我批评开展情况
HEADING_CRITICISM = "批评与自我批评开展情况"
SELF_CRITICISM_ALL = "会上，{n}名班子成员逐一作自我批评。"
SELF_CRITICISM_SOME = "会上，{n}名班子成员作了自我批评，{names}的自我批评未记录。"
NO_SELF_CRITICISM = "会议记录未记录班子成员的自我批评。"
CRITICISMS = "班子成员收到批评意见共{total}条，人均{average}条，最少的{least}条。"
RULE_MET = "每名班子成员收到的批评意见均不少于{n}条。"
RULE_MISSED = "按照“批评意见不少于{n}条”的要求，{members}，不足{n}条。"
MEMBER_BELOW = "{name}同志收到{n}条"
MEMBER_NONE = "{name}同志未收到批评意见"
NO_CRITICISMS = "会上未记录批评意见。"
NO_RECORD_CRITICISM = "会议记录尚未填写，批评与自我批评开展情况暂无记录。"
GUIDANCE_REMARK = "督导组对会议进行了点评，指出：{remark}"
NO_GUIDANCE_REMARK = "会议记录未记录督导组点评。"

# 五、整改措施
HEADING_RECTIFICATION = "整改措施"
LISTS = "会后，{team}于{date}制定整改方案，建立{lists}，共{total}项。"
LISTS_TEAM = "班子问题清单{n}项"
LISTS_MEMBERS = "班子成员个人问题清单{n}项"
SOURCES = "从问题来源看，{sources}{note}。"
SOURCE_COUNT = {
    SourceKind.DRAFT_PROBLEM.value: "对照检查查摆的{n}项",
    SourceKind.OPINION.value: "征求意见建议反映的{n}项",
    SourceKind.CRITICISM.value: "会上批评意见指出的{n}项",
    "carried": "上年结转的{n}项",
    "other": "其他{n}项",
}
SOURCES_OVERLAP = "（一项问题有多个来源的分别计入）"
KINDS = "从整改类型看，{kinds}。"
KIND_COUNT = "{kind}{n}项"
NO_LISTS = "整改清单尚未建立整改事项。"

# 六、下一步工作
HEADING_NEXT = "下一步工作"
NEXT_STEPS = (
    "{team}将坚持问题导向，对照整改清单逐项推进整改落实，能够当下改的立行立改，一时解决不了的明确阶段目标、"
    "持续用力整改，对整改事项跟踪督办、销号管理，确保整改到位、取得实效；同时建立健全长效机制，"
    "以整改实效推动各项工作再上新台阶。"
)
NOTIFICATION_ISSUED = "民主生活会情况已于{date}在{recipients}范围内通报。"
NOTIFICATION_DUE = "民主生活会情况将于{date}前在{recipients}范围内通报。"
NOTIFICATION_UNDATED = "民主生活会情况将在{recipients}范围内适时通报。"
# The 通报's deadline passed before the report's date and it is not issued yet: no date in the past.
NOTIFICATION_LATE = "民主生活会情况将尽快在{recipients}范围内通报。"
PROGRESS_SET = "整改措施落实情况将于{date}通报。"
PROGRESS_LATEST = "整改清单中最晚的完成时限为{date}，届时通报整改措施落实情况。"
PROGRESS_UNDATED = "整改清单尚无完成时限，整改措施落实情况将适时通报。"

ATTACHMENTS = "附件："
ATTACHMENT_RECORD = "会议记录"
ATTACHMENT_TEAM = "领导班子对照检查材料"
ATTACHMENT_OUTLINES = "班子成员个人发言提纲（{n}份）"
ATTACHMENT_LISTS = "整改清单"
# GB/T 9704 aligns the further attachments under the first one's name: "附件：" is three characters.
ATTACHMENT_ALIGN = "\u3000" * 3

SENTENCE_ENDS = ("。", "！", "？", "”")


def sentence(text):
    text = text.strip()
    return text if text.endswith(SENTENCE_ENDS) else f"{text}。"


def clause(text):
    """A phrase to go inside a sentence: without its closing stop."""
    return text.strip().rstrip("。；;，,.")


def _yishi(items):
    """ "一是…；二是…" over phrases; a single phrase stands alone."""
    if len(items) == 1:
        return clause(items[0])
    return "；".join(f"{chinese_number(n)}是{clause(item)}" for n, item in enumerate(items, 1))


def series(names):
    """ "党员、干部和群众": the last two joined by 和."""
    names = list(names)
    if len(names) < 2:
        return "".join(names)
    return f"{'、'.join(names[:-1])}和{names[-1]}"


def number_text(value):
    """2 → "2", 2.25 → "2.3": one decimal at most, none when whole."""
    return f"{value:.1f}".rstrip("0").rstrip(".")


def dates_text(dates):
    return "、".join(format_date(day) for day in dates)


def time_span(start, end):
    """上午9时至11时30分, 上午9时至下午2时, 上午9时起: the time of day as the reports write it."""
    if start is None:
        return ""
    if end is None:
        return f"{_clock(start)}起"
    first, second = _clock(start), _clock(end)
    if first[:2] == second[:2]:
        second = second[2:]
    return f"{first}至{second}"


def basis(figures):
    """ "根据县纪委、县委组织部《关于…的通知》（正组文〔2021〕117号）要求", from what the meeting has."""
    issuer, title, number = figures.notice_issuer, figures.notice_title, figures.notice_number
    if title:
        source = BASIS_NOTICE.format(issuer=issuer, title=title)
    elif issuer:
        source = BASIS_ISSUER_ONLY.format(issuer=issuer)
    elif number:
        return BASIS.format(source=BASIS_NUMBER_ONLY.format(number=number))
    else:
        return BASIS_NONE
    if number:
        source += BASIS_NUMBER.format(number=number)
    return BASIS.format(source=source)


def _names(names):
    return "、".join(f"{name}同志" for name in names)


# --- 一、会前准备情况 ---------------------------------------------------------------------------------


def _study(figures):
    study = figures.study
    if study.sessions:
        sessions = "；".join(
            STUDY_SESSION.format(
                date=format_date(session.date),
                form=STUDY_FORM.format(form=session.form_label) if session.form != "other" else "",
                topic=clause(session.topic),
            )
            for session in study.sessions
        )
        text = STUDY.format(team=figures.team_name, n=len(study.sessions), sessions=sessions)
    else:
        text = NO_STUDY
    if not study.notes:
        text += NO_NOTES
    elif study.note_authors >= study.team:
        text += NOTES_ALL.format(team=study.team, notes=study.notes)
    else:
        text += NOTES_SOME.format(team=study.team, authors=study.note_authors, notes=study.notes)
    return text


def _opinions(figures):
    opinions = figures.opinions
    if not opinions.received:
        return NO_OPINIONS
    counts = (
        OPINIONS_BY_CHANNEL.format(
            counts="、".join(CHANNEL_COUNT.format(channel=name, n=n) for name, n in opinions.by_channel)
        )
        if len(opinions.by_channel) > 1
        else ""
    )
    text = OPINIONS.format(
        channels="、".join(name for name, _ in opinions.by_channel),
        categories=series(opinions.categories),
        received=opinions.received,
        by_channel=counts,
    )
    if opinions.accepted:
        removed = [
            template.format(n=n)
            for template, n in ((TRIAGE_MERGED, opinions.merged), (TRIAGE_REJECTED, opinions.rejected))
            if n
        ]
        text += TRIAGE.format(
            removed="、".join(removed) + "，" if removed else "",
            accepted=opinions.accepted,
            aspects=opinions.aspects,
            to_team=opinions.to_team,
            to_members=opinions.to_members,
        )
    else:
        text += NONE_ACCEPTED
    if opinions.untriaged:
        text += UNTRIAGED.format(n=opinions.untriaged)
    if opinions.team and not opinions.not_fed_back:
        text += FEEDBACK_ALL.format(team=opinions.team)
    elif opinions.fed_back:
        text += FEEDBACK_SOME.format(
            team=opinions.team, fed=opinions.fed_back, names=_names(opinions.not_fed_back)
        )
    else:
        text += FEEDBACK_NONE
    return text


def _pair_states(pair):
    counts = {"done": pair.done, "waived": pair.waived, "missing": pair.missing}
    return "、".join(
        template.format(n=counts[state]) for state, template in COVERAGE_STATES.items() if counts[state]
    )


def _talks(figures):
    talks = figures.talks
    text = TALKS.format(count=talks.count, times=talks.person_times) if talks.count else NO_TALKS
    if talks.pairs:
        text += COVERAGE.format(
            required=talks.required,
            done=COVERAGE_DONE.format(n=talks.done) if talks.done else "",
            kinds="；".join(
                COVERAGE_KIND.format(label=pair.label, required=pair.required, states=_pair_states(pair))
                for pair in talks.pairs
            ),
        )
    if talks.waivers:
        text += WAIVERS.format(
            n=len(talks.waivers),
            pairs="；".join(
                WAIVER.format(first=w.first, second=w.second, reason=clause(w.reason)) for w in talks.waivers
            ),
        )
    if talks.missing:
        text += TALKS_MISSING.format(n=talks.missing)
    return text


def _drafts(figures):
    drafts = figures.drafts
    if drafts.team_written:
        if drafts.team_status == "endorsed":
            status = TEAM_ENDORSED
        elif drafts.team_status == "approved":
            status = TEAM_APPROVED
        else:
            status = TEAM_PENDING.format(status=drafts.team_status_label)
        text = TEAM_MATERIAL.format(secretary=drafts.secretary or SECRETARY_FALLBACK, status=status)
    else:
        text = NO_TEAM_MATERIAL
    if drafts.outlines_written:
        if drafts.outlines_approved == drafts.outlines_written:
            approval = OUTLINES_ALL_APPROVED
        elif drafts.outlines_approved:
            approval = OUTLINES_SOME_APPROVED.format(
                n=drafts.outlines_approved, names=_names(drafts.not_approved)
            )
        else:
            approval = OUTLINES_NONE_APPROVED
        text += OUTLINES.format(written=drafts.outlines_written, approval=approval)
        if drafts.not_written:
            text += OUTLINES_NOT_WRITTEN.format(names=_names(drafts.not_written))
    else:
        text += NO_OUTLINES
    if drafts.versions_average is not None:
        text += VERSIONS.format(average=number_text(drafts.versions_average), most=drafts.versions_most)
    review = []
    if drafts.reviewed_on:
        review.append(REVIEWED.format(dates=dates_text(drafts.reviewed_on)))
    if drafts.endorsed_on:
        endorsed = ENDORSED.format(date=format_date(drafts.endorsed_on))
        review.append(endorsed if review else f"督导组{endorsed}")
    text += "，".join(review) + "。" if review else NO_REVIEW
    return text


def _preparation(figures):
    parts = [
        (LEAD_STUDY, _study(figures)),
        (LEAD_OPINIONS, _opinions(figures)),
        (LEAD_TALKS, _talks(figures)),
        (LEAD_DRAFTS, _drafts(figures)),
    ]
    return [Paragraph(text, lead=f"{level2(n)}{lead}") for n, (lead, text) in enumerate(parts, 1)]


# --- 二、会议召开情况 ---------------------------------------------------------------------------------


def held_paragraph(figures):
    """When, where and who hosted: the first sentence of 会议召开情况, and of the 通报's 基本情况."""
    held = figures.held
    return Paragraph(
        HELD.format(
            date=format_date(held.date),
            time=time_span(held.start_time, held.end_time),
            team=figures.team_name,
            place=HELD_PLACE.format(place=held.place) if held.place else "",
            meeting=figures.meeting_name,
            host=HELD_HOST.format(host=held.host) if held.host else "",
        )
    )


def _held(figures):
    held = figures.held
    if not held.recorded:
        return [Paragraph(NO_RECORD)]
    absences = "，".join(
        (ABSENCE if reason else ABSENCE_NO_REASON).format(name=name, reason=clause(reason))
        for name, reason in held.absences
    )
    text = ATTENDANCE.format(due=held.due, present=held.present, absences=f"，{absences}" if absences else "")
    if held.attendees:
        text += ATTENDEES.format(people="、".join(held.attendees))
    if held.guidance:
        text += GUIDANCE.format(people="、".join(held.guidance))
    agenda = AGENDA.format(n=len(held.agenda), items=_yishi(held.agenda)) if held.agenda else NO_AGENDA
    return [held_paragraph(figures), Paragraph(text), Paragraph(agenda)]


# --- 三、查摆的主要问题 -------------------------------------------------------------------------------


def team_problem_blocks(figures):
    """The team material's problems by aspect, lead sentences only: the report's and the 通报's."""
    drafts = figures.drafts
    if not drafts.team_approved:
        return [Paragraph(TEAM_PROBLEMS_NONE)]
    groups = drafts.team_problems
    if not groups:
        return [Paragraph(TEAM_PROBLEMS_EMPTY)]
    count = sum(len(group.leads) for group in groups)
    blocks = [Paragraph(TEAM_PROBLEMS.format(groups=len(groups), n=count))]
    for number, group in enumerate(groups, 1):
        blocks.append(
            Paragraph(sentence(_yishi(group.leads)), lead=f"{level2(number)}{sentence(group.heading)}")
        )
    return blocks


def _member_problems(figures):
    counts = figures.drafts.member_problems
    total = sum(counts)
    if not total:
        return NO_MEMBER_PROBLEMS
    low, high = min(counts), max(counts)
    spread = str(low) if low == high else MEMBER_PROBLEMS_RANGE.format(low=low, high=high)
    return MEMBER_PROBLEMS.format(total=total, range=spread)


# --- 四、批评与自我批评开展情况 -----------------------------------------------------------------------


def _criticism(figures):
    criticisms = figures.criticisms
    if not figures.held.recorded:
        return [Paragraph(NO_RECORD_CRITICISM)]
    if not criticisms.self_criticised:
        text = NO_SELF_CRITICISM
    elif criticisms.no_self_criticism:
        text = SELF_CRITICISM_SOME.format(
            n=criticisms.self_criticised, names=_names(criticisms.no_self_criticism)
        )
    else:
        text = SELF_CRITICISM_ALL.format(n=criticisms.self_criticised)
    if criticisms.total:
        text += CRITICISMS.format(
            total=criticisms.total, average=number_text(criticisms.average), least=criticisms.least
        )
        below = criticisms.below_minimum
        if below:
            members = "、".join(
                (MEMBER_BELOW if n else MEMBER_NONE).format(name=name, n=n) for name, n in below
            )
            text += RULE_MISSED.format(n=criticisms.minimum_rule, members=members)
        else:
            text += RULE_MET.format(n=criticisms.minimum_rule)
    else:
        text += NO_CRITICISMS
    remark = figures.held.guidance_remark
    text += GUIDANCE_REMARK.format(remark=remark) if remark else NO_GUIDANCE_REMARK
    return [Paragraph(text)]


# --- 五、整改措施 -----------------------------------------------------------------------------------


def list_counts(lists):
    """ "班子问题清单5项、班子成员个人问题清单3项", leaving out an empty one."""
    return "、".join(
        template.format(n=n)
        for template, n in ((LISTS_TEAM, lists.team), (LISTS_MEMBERS, lists.members))
        if n
    )


def _rectification(figures):
    lists = figures.lists
    if not lists.total:
        return [Paragraph(NO_LISTS)]
    text = LISTS.format(
        team=figures.team_name,
        date=format_date(lists.drawn_up_on),
        lists=list_counts(lists),
        total=lists.total,
    )
    sources = [SOURCE_COUNT[kind].format(n=n) for kind, n in lists.by_source]
    overlap = sum(n for _, n in lists.by_source) > lists.total
    text += SOURCES.format(sources="、".join(sources), note=SOURCES_OVERLAP if overlap else "")
    labels = dict(ItemKind.choices)
    text += KINDS.format(
        kinds="、".join(KIND_COUNT.format(kind=labels[kind], n=n) for kind, n in lists.by_kind if n)
    )
    return [Paragraph(text)]


# --- 六、下一步工作 ---------------------------------------------------------------------------------


def _next_steps(figures, settings, dated):
    written = [line.strip() for line in settings.next_steps.splitlines() if line.strip()]
    blocks = [Paragraph(line) for line in written] or [Paragraph(NEXT_STEPS.format(team=figures.team_name))]
    notification = figures.notification
    recipients = clause(settings.notification_recipients) or figures.organisation
    if notification.issued_on:
        text = NOTIFICATION_ISSUED.format(
            date=format_date(notification.issued_on), recipients=clause(notification.issued_to) or recipients
        )
    elif notification.due and notification.due < dated:
        text = NOTIFICATION_LATE.format(recipients=recipients)
    elif notification.due:
        text = NOTIFICATION_DUE.format(date=format_date(notification.due), recipients=recipients)
    else:
        text = NOTIFICATION_UNDATED.format(recipients=recipients)
    if settings.next_progress_report_on:
        text += PROGRESS_SET.format(date=format_date(settings.next_progress_report_on))
    elif figures.lists.latest_deadline:
        text += PROGRESS_LATEST.format(date=format_date(figures.lists.latest_deadline))
    else:
        text += PROGRESS_UNDATED
    blocks.append(Paragraph(text))
    return blocks


def attachments(figures):
    """The materials that go with the report, those that exist, in the plans' order."""
    names = []
    if figures.held.recorded:
        names.append(ATTACHMENT_RECORD)
    if figures.drafts.team_written:
        names.append(ATTACHMENT_TEAM)
    if figures.drafts.outlines_written:
        names.append(ATTACHMENT_OUTLINES.format(n=figures.drafts.outlines_written))
    if figures.lists.total:
        names.append(ATTACHMENT_LISTS)
    return names


def _attachment_blocks(names):
    return [
        Paragraph(f"{ATTACHMENTS if n == 1 else ATTACHMENT_ALIGN}{n}.{name}")
        for n, name in enumerate(names, 1)
    ]


# --- the report -----------------------------------------------------------------------------------


def situation_report(meeting, today=None):
    """民主生活会召开情况报告: 主送, opening, the six sections, 附件, 抄报, signature."""
    figures = meeting_figures(meeting)
    settings = report_settings(meeting)
    held = figures.held
    blocks = []
    if settings.main_recipients.strip():
        blocks.append(Paragraph(RECIPIENTS.format(recipients=clause(settings.main_recipients)), indent=False))
    blocks.append(
        Paragraph(
            OPENING.format(
                basis=basis(figures),
                team=figures.team_name,
                date=format_date(held.date),
                place=OPENING_PLACE.format(place=held.place) if held.place else "",
                meeting=figures.meeting_name,
                theme=clause(figures.theme),
                host=OPENING_HOST.format(host=held.host) if held.host else "",
            )
        )
    )
    dated = settings.report_dated or today or timezone.localdate()
    sections = [
        (HEADING_PREPARATION, _preparation(figures)),
        (HEADING_HELD, _held(figures)),
        (HEADING_PROBLEMS, [*team_problem_blocks(figures), Paragraph(_member_problems(figures))]),
        (HEADING_CRITICISM, _criticism(figures)),
        (HEADING_RECTIFICATION, _rectification(figures)),
        (HEADING_NEXT, _next_steps(figures, settings, dated)),
    ]
    for number, (heading, section) in enumerate(sections, 1):
        blocks.append(Heading(f"{level1(number)}{heading}", 1))
        blocks.extend(section)
    blocks.extend(_attachment_blocks(attachments(figures)))
    if settings.copy_recipients.strip():
        blocks.append(Paragraph(COPY_RECIPIENTS.format(recipients=clause(settings.copy_recipients))))
    return Document(
        title=Title.format(TITLE, meeting=meeting_part(figures.meeting_name)),
        blocks=blocks,
        signature=Signature([figures.organisation], dated),
    )


# --- what is still missing ------------------------------------------------------------------------

MISSING_STUDY = "尚未记录集中学习研讨（会前学习）。"
MISSING_OPINIONS = "尚未登记征求到的意见建议。"
MISSING_TRIAGE = "还有{n}条意见建议待分拣。"
MISSING_FEEDBACK = "尚未登记向{names}反馈意见建议。"
MISSING_TALKS = "尚未记录谈心谈话。"
MISSING_PAIRS = "四必谈还有{n}对未谈，也未说明免谈理由。"
MISSING_TEAM_MATERIAL = "领导班子对照检查材料尚未审阅通过，报告无法列出班子查摆的问题。"
MISSING_OUTLINES = "{names}的个人发言提纲尚未撰写。"
MISSING_OUTLINE_APPROVAL = "{names}的个人发言提纲尚未审阅通过。"
MISSING_RECORD = "会议记录尚未开始，报告无法写出会议召开和批评与自我批评情况。"
MISSING_TIMES = "会议记录未填写会议开始和结束时间。"
MISSING_AGENDA = "会议记录未填写会议议程。"
MISSING_CRITICISMS = "会议记录中没有批评意见。"
MISSING_REMARKS = "会议记录未填写督导组点评。"
MISSING_LISTS = "整改清单尚未建立整改事项。"
MISSING_MAIN_RECIPIENTS = "尚未填写情况报告的主送机关（在“报告通报设置”中填写）。"
MISSING_NOTIFICATION_RECIPIENTS = "尚未填写情况通报的通报范围（在“报告通报设置”中填写）。"


def missing(meeting):
    """What the report still lacks, as sentences a clerk understands, in the report's order."""
    figures = meeting_figures(meeting)
    settings = report_settings(meeting)
    problems = []
    if not settings.main_recipients.strip():
        problems.append(MISSING_MAIN_RECIPIENTS)
    if not settings.notification_recipients.strip():
        problems.append(MISSING_NOTIFICATION_RECIPIENTS)
    if not figures.study.sessions:
        problems.append(MISSING_STUDY)
    opinions = figures.opinions
    if not opinions.received:
        problems.append(MISSING_OPINIONS)
    if opinions.untriaged:
        problems.append(MISSING_TRIAGE.format(n=opinions.untriaged))
    if opinions.received and opinions.not_fed_back:
        problems.append(MISSING_FEEDBACK.format(names=_names(opinions.not_fed_back)))
    if not figures.talks.count:
        problems.append(MISSING_TALKS)
    if figures.talks.missing:
        problems.append(MISSING_PAIRS.format(n=figures.talks.missing))
    drafts = figures.drafts
    if not drafts.team_approved:
        problems.append(MISSING_TEAM_MATERIAL)
    if drafts.not_written:
        problems.append(MISSING_OUTLINES.format(names=_names(drafts.not_written)))
    if drafts.not_approved:
        problems.append(MISSING_OUTLINE_APPROVAL.format(names=_names(drafts.not_approved)))
    held = figures.held
    if not held.recorded:
        problems.append(MISSING_RECORD)
    else:
        if held.start_time is None or held.end_time is None:
            problems.append(MISSING_TIMES)
        if not held.agenda:
            problems.append(MISSING_AGENDA)
        if not figures.criticisms.total:
            problems.append(MISSING_CRITICISMS)
        if not held.guidance_remark:
            problems.append(MISSING_REMARKS)
    if not figures.lists.total:
        problems.append(MISSING_LISTS)
    return problems
