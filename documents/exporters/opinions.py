"""征求意见建议汇总 and each member's 征求意见建议反馈表, in the shape of DESIGN §3.

Only accepted opinions count: a merged opinion is counted once, as the accepted one it was
merged into; new and rejected ones are left out. Every figure and every number in a heading is
computed here from the opinions; the wording sits in the templates below.
"""

from django.db.models import Max, Q
from django.utils import timezone

from feedback.models import Opinion, OpinionStatus

from ..numbering import level1, level2
from ..titles import Title, meeting_part, team_part
from ..tree import Document, Heading, NumberedList, Paragraph, Signature

SUMMARY_TITLE = "{team}{meeting}征求意见建议汇总"
SUMMARY_OPENING = (
    "为开好{team}{meeting}，{collector}通过{channels}方式，围绕{aspect_count}个方面，"
    "广泛征求{categories}{category_count}类对象的意见建议，共征求到意见建议{total}条，具体如下："
)
SUMMARY_OPENING_EMPTY = (
    "为开好{team}{meeting}，{collector}围绕{aspect_count}个方面征求意见建议，目前尚未征求到意见建议。"
)
# The seeds name the office as the body that collects and sums up the opinions
# ("征求意见建议工作由局办公室负责收集汇总"): the meeting's 意见汇总单位, or else the organisation's office.
COLLECTOR = "{organisation}办公室"


def collector(meeting):
    """Who collects and sums up the opinions: the meeting's setting, or the organisation's office."""
    return meeting.opinion_collector or COLLECTOR.format(organisation=meeting.organisation.name)


# How the offices name what they did ("通过召开座谈会、个别访谈、设置征求意见箱等方式"); a channel of
# another name is printed as the office typed it.
CHANNEL_PHRASES = {
    "座谈会": "召开座谈会",
    "意见箱": "设置征求意见箱",
    "征求意见箱": "设置征求意见箱",
    "征求意见表": "发放征求意见表",
    "征求意见函": "发送征求意见函",
    "网上": "网上征求",
}
# "其他" says nothing of how: left out of the sentence ("通过召开座谈会等方式"; only 其他: "通过多种方式").
UNNAMED_CHANNELS = {"其他", "其它"}
SOME_CHANNELS = "{channels}等"
ALL_CHANNELS_UNNAMED = "多种"
ASPECT_HEADING = "{number}{aspect}。"
OPINIONS_ACTIVITY = "opinions"  # the schedule's 完成征求意见建议 (meetings.schedule)
CATEGORY_HEADING = "{number}{category}意见建议："
NONE_YET = "暂无意见建议。"
ADDRESSEE_NOTE = "（涉及{name}同志）"

FEEDBACK_TITLE = "征求意见建议反馈表（{name}同志）"
FEEDBACK_OPENING = (
    "现将{team}{meeting}会前征求到的意见建议反馈如下：涉及{name}同志本人的{personal}条，"
    "对领导班子的{team_total}条。请对照检查，在个人发言提纲中认真回应。"
)
FEEDBACK_PARTS = ("涉及本人的意见建议", "对领导班子的意见建议")
FEEDBACK_ASPECT_HEADING = "{number}{aspect}方面"

SENTENCE_END = "。；！？"


def accepted_opinions(meeting):
    """The opinions that count, with everything the documents print, in one query."""
    return (
        Opinion.objects.filter(meeting=meeting, status=OpinionStatus.ACCEPTED)
        .select_related("aspect", "category", "channel", "addressee")
        .order_by("created_at", "pk")
    )


def _in_meeting_order(objects):
    """Channels or categories in the order the meeting gave them, each once."""
    return sorted({o.pk: o for o in objects}.values(), key=lambda o: (o.order, o.pk))


def _with_addressee(opinion):
    """The text as printed; an opinion about one member names them before the closing stop."""
    text = opinion.text.strip()
    if opinion.addressee is None:
        return text
    note = ADDRESSEE_NOTE.format(name=opinion.addressee.name)
    if text and text[-1] in SENTENCE_END:
        return f"{text[:-1]}{note}{text[-1]}"
    return f"{text}{note}"


def _numbered(texts):
    """Opinions numbered 1. 2. …; a single one is printed without a number (DESIGN §3)."""
    return NumberedList(texts, style="arabic" if len(texts) > 1 else "none")


def collected_on(meeting):
    """The summary's date: the day the collection ended, not the day of the export.

    The meeting has no setting for the summary's date: it is the opinions deadline the office set in the
    schedule ("完成征求意见建议"), or the day the last accepted opinion was entered if that came later;
    without a schedule row, that opinion's day; before any opinion, today.
    """
    deadline = meeting.schedule.filter(activity=OPINIONS_ACTIVITY).values_list("due_date", flat=True).first()
    last = Opinion.objects.filter(meeting=meeting, status=OpinionStatus.ACCEPTED).aggregate(
        last=Max("created_at")
    )["last"]
    days = [day for day in (deadline, last and timezone.localdate(last)) if day]
    return max(days) if days else timezone.localdate()


def _signature(meeting):
    return Signature([collector(meeting)], collected_on(meeting))


def channels_phrase(channels):
    """ "召开座谈会、个别访谈、设置征求意见箱等": the channels used, in the meeting's order, as the office did them."""
    phrases = [CHANNEL_PHRASES.get(c.name.strip(), c.name.strip()) for c in channels]
    phrases = [p for p in dict.fromkeys(phrases) if p and p not in UNNAMED_CHANNELS]
    return SOME_CHANNELS.format(channels="、".join(phrases)) if phrases else ALL_CHANNELS_UNNAMED


def aspect_heading_text(aspect):
    """The aspect as a summary's heading names it: its full text where it has one, else its short name,
    with "方面" added unless the text already says it ("在增强“四个意识”…严守政治纪律和政治规矩方面",
    "在加强政治理论学习、坚定理想信念方面，深入学习…真信笃行")."""
    text = " ".join((aspect.text or "").split()).rstrip("。；;，,.") or aspect.name
    if text.endswith("方面") or any(f"方面{mark}" in text for mark in "，；、"):
        return text
    return f"{text}方面"


def opinion_summary(meeting):
    """征求意见建议汇总: every accepted opinion, by aspect, then by source category."""
    opinions = list(accepted_opinions(meeting))
    aspects = list(meeting.aspects.all())
    team, meeting_name = meeting.organisation.leadership_name, meeting.display_name
    categories = _in_meeting_order(o.category for o in opinions)
    if opinions:
        opening = SUMMARY_OPENING.format(
            team=team,
            meeting=meeting_name,
            collector=collector(meeting),
            channels=channels_phrase(_in_meeting_order(o.channel for o in opinions)),
            aspect_count=len(aspects),
            categories="、".join(c.name for c in categories),
            category_count=len(categories),
            total=len(opinions),
        )
    else:
        opening = SUMMARY_OPENING_EMPTY.format(
            team=team, meeting=meeting_name, collector=collector(meeting), aspect_count=len(aspects)
        )

    blocks = [Paragraph(opening)]
    for number, aspect in enumerate(aspects, 1):
        heading = ASPECT_HEADING.format(number=level1(number), aspect=aspect_heading_text(aspect))
        blocks.append(Heading(heading, 1))
        in_aspect = [o for o in opinions if o.aspect_id == aspect.pk]
        groups = [(c, [o for o in in_aspect if o.category_id == c.pk]) for c in categories]
        groups = [(category, group) for category, group in groups if group]
        if not groups:
            blocks.append(Paragraph(NONE_YET))
        # Categories are numbered among those present in this aspect: no "（二）" without a "（一）".
        for category_number, (category, group) in enumerate(groups, 1):
            heading = CATEGORY_HEADING.format(number=level2(category_number), category=category.name)
            blocks.append(Heading(heading, 2))
            blocks.append(_numbered([_with_addressee(o) for o in group]))
    return Document(
        title=Title.format(SUMMARY_TITLE, team=team_part(team), meeting=meeting_part(meeting_name)),
        blocks=blocks,
        signature=_signature(meeting),
    )


def _feedback_part(opinions, aspects):
    """One part of a feedback sheet: the opinions by aspect, only the aspects that have some."""
    groups = [(a, [o.text.strip() for o in opinions if o.aspect_id == a.pk]) for a in aspects]
    groups = [(aspect, texts) for aspect, texts in groups if texts]
    if not groups:
        return [Paragraph(NONE_YET)]
    blocks = []
    for number, (aspect, texts) in enumerate(groups, 1):
        blocks.append(Heading(FEEDBACK_ASPECT_HEADING.format(number=level2(number), aspect=aspect.name), 2))
        blocks.append(_numbered(texts))
    return blocks


def member_feedback(meeting, member):
    """征求意见建议反馈表: what one member is given — the opinions about them, then those about the team.

    "涉及领导班子的，向全体领导班子成员通报；涉及个人的，由主要负责同志如实反馈给本人": the team's
    opinions go to everyone, so they belong on every sheet; another member's never do.
    """
    opinions = list(accepted_opinions(meeting).filter(Q(addressee__isnull=True) | Q(addressee=member)))
    personal = [o for o in opinions if o.addressee_id == member.pk]
    team_opinions = [o for o in opinions if o.addressee_id is None]
    aspects = list(meeting.aspects.all())
    team = meeting.organisation.leadership_name
    blocks = [
        Paragraph(
            FEEDBACK_OPENING.format(
                team=team,
                meeting=meeting.display_name,
                name=member.name,
                personal=len(personal),
                team_total=len(team_opinions),
            )
        )
    ]
    for number, (part, part_opinions) in enumerate(
        zip(FEEDBACK_PARTS, (personal, team_opinions), strict=True), 1
    ):
        blocks.append(Heading(f"{level1(number)}{part}", 1))
        blocks.extend(_feedback_part(part_opinions, aspects))
    return Document(
        title=Title.format(FEEDBACK_TITLE, name=member.name),
        blocks=blocks,
        signature=_signature(meeting),
    )
