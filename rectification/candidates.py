"""What a list may be built from (DESIGN §6): the approved drafts' problems, the accepted opinions,
the criticisms at the meeting and the previous meeting's open items, grouped by source.

A candidate has a ``key`` ("opinion:12", "draft:3:p1a2b3c4", "criticism:7", "previous:40") that the
build page posts back and that ``ItemSource.key`` reproduces, so a used candidate shows its item.

An item names its problem in one sentence: a draft's problem gives its lead sentence ("理论学习不够深入。")
as the item's problem and its description and example ("比如，…") as the item's 问题表现; an opinion or a
criticism is its own problem. The source keeps the whole text (``ItemSource.quote``).
"""

from dataclasses import dataclass, field

from feedback.models import Opinion, OpinionStatus
from inspection.content import normalise, problem_text, problems
from inspection.models import Draft, DraftKind, DraftStatus
from inspection.parser import first_sentence
from meetings.models import Criticism
from meetings.workflow import PAST_MEETING

from .models import CARRIES_OVER, Item, ItemSource, ItemStatus, SourceKind

APPROVED_DRAFT = (DraftStatus.APPROVED, DraftStatus.ENDORSED)


@dataclass
class Candidate:
    key: str
    kind: str  # SourceKind
    label: str  # how the page names it: "问题3", "意见（群众·座谈会）", "成员1的批评"
    text: str  # the source's whole text, kept as the item source's quote
    problem: str = ""  # what the item's 问题 becomes: the lead sentence of a draft's problem, else the text
    details: str = ""  # what the item's 问题表现 becomes: a draft problem's description and example
    opinion: Opinion | None = None
    draft: Draft | None = None
    part_id: str = ""
    criticism: Criticism | None = None
    previous_item: Item | None = None
    used_by: list = field(default_factory=list)  # items already made from it

    def source(self, item):
        """The ItemSource row linking ``item`` to this candidate."""
        return ItemSource(
            item=item,
            kind=self.kind,
            opinion=self.opinion,
            draft=self.draft,
            part_id=self.part_id,
            criticism=self.criticism,
            previous_item=self.previous_item,
            quote=self.text,
        )

    def __post_init__(self):
        self.problem = self.problem or self.text


@dataclass
class Group:
    kind: str
    title: str
    candidates: list


def previous_meeting(meeting):
    """The same team's last meeting before this one that is past its own meeting stage: 旧账 carries
    over from it, and the reports speak of it as "上次民主生活会"."""
    # 旧账 comes from a meeting that has been held and whose lists are settled: one still in 召开会议 (or
    # before) is running, and its items are closed or carried there, not taken from under it.
    return (
        type(meeting)
        .objects.filter(
            organisation_id=meeting.organisation_id, date__lt=meeting.date, stage__in=PAST_MEETING
        )
        .order_by("-date", "-pk")
        .first()
    )


def running_earlier_meetings(meeting, previous=None):
    """The same team's meetings between ``previous`` and this one that are still at or before their
    meeting stage and have items not done: the build page says why those are not carried (yet)."""
    running = (
        type(meeting)
        .objects.filter(organisation_id=meeting.organisation_id, date__lt=meeting.date)
        .exclude(stage__in=PAST_MEETING)
        .filter(rectification_items__status__in=CARRIES_OVER)
    )
    if previous is not None:
        running = running.filter(date__gte=previous.date).exclude(pk=previous.pk)
    return running.distinct().order_by("-date", "-pk")


@dataclass
class CarryOver:
    """What the build page says about 旧账: where it comes from and how much of it there is."""

    previous: object  # the Meeting carried from (``previous_meeting``), or None
    count: int  # its items to carry: not done, not carried yet
    done_there: int  # its items 已完成待销号: closed there, not carried
    running: list  # earlier meetings of the team still running, whose items are not carried (yet)


def carry_over_summary(meeting):
    previous = previous_meeting(meeting)
    done_there = (
        Item.objects.filter(meeting=previous, status=ItemStatus.DONE).count() if previous is not None else 0
    )
    return CarryOver(
        previous=previous,
        count=previous_open_items(meeting, every_list=True).count(),
        done_there=done_there,
        running=list(running_earlier_meetings(meeting, previous)),
    )


def problem_parts(item):
    """A draft's problem as an item's problem and 问题表现: the lead sentence, then the description and
    the example. A problem written without a lead (an imported outline) gives its first sentence."""
    lead = item["lead"].strip()
    if not lead:
        whole = problem_text(item).strip()
        lead = first_sentence(whole)
        return lead, whole[len(lead) :].strip()
    return lead, f"{item['text'].strip()}{item['example'].strip()}"


def _draft_candidates(meeting, member):
    kind = DraftKind.TEAM if member is None else DraftKind.PERSONAL
    drafts = Draft.objects.filter(meeting=meeting, kind=kind, author=member, status__in=APPROVED_DRAFT)
    out = []
    for draft in drafts:
        content = normalise(draft.content)
        for number, _group, item in problems(content):
            lead, details = problem_parts(item)
            out.append(
                Candidate(
                    key=f"draft:{draft.pk}:{item['id']}",
                    kind=SourceKind.DRAFT_PROBLEM,
                    label=f"问题{number}",
                    text=problem_text(item),
                    problem=lead,
                    details=details,
                    draft=draft,
                    part_id=item["id"],
                )
            )
    return out


def _opinion_candidates(meeting, member):
    opinions = Opinion.objects.filter(meeting=meeting, status=OpinionStatus.ACCEPTED, addressee=member)
    return [
        Candidate(
            key=f"opinion:{opinion.pk}",
            kind=SourceKind.OPINION,
            label=f"意见建议（{opinion.category.name}·{opinion.channel.name}）",
            text=opinion.text,
            opinion=opinion,
        )
        for opinion in opinions.select_related("category", "channel").order_by("created_at", "pk")
    ]


def _criticism_candidates(meeting, member):
    if member is None:
        return []
    # Those raised at the meeting: a talk's prefilled criticism not confirmed is still the talk's content.
    criticisms = Criticism.objects.filter(
        statement__record__meeting=meeting, statement__member=member, confirmed=True
    )
    return [
        Candidate(
            key=f"criticism:{criticism.pk}",
            kind=SourceKind.CRITICISM,
            label=f"{criticism.critic}的批评",
            text=criticism.text,
            criticism=criticism,
        )
        for criticism in criticisms.select_related("by").order_by("order", "pk")
    ]


def previous_open_items(meeting, member=None, *, every_list=False):
    """The previous meeting's items not done (未启动, 整改中) and not carried yet, for the list of
    ``member`` (or all of them). An item 已完成待销号 is closed where it was done, not carried."""
    previous = previous_meeting(meeting)
    if previous is None:
        return Item.objects.none()
    items = Item.objects.filter(meeting=previous, status__in=CARRIES_OVER, carried_to__isnull=True)
    if not every_list:
        items = items.filter(rectification_list__member=member)
    return items.select_related("rectification_list", "owner", "meeting").order_by(
        "rectification_list__order", "number"
    )


def _previous_candidates(meeting, member):
    return [
        Candidate(
            key=f"previous:{item.pk}",
            kind=SourceKind.PREVIOUS_ITEM,
            label=f"{item.meeting.display_name}第{item.number}项（{item.get_status_display()}）",
            text=item.problem,
            details=item.manifestation,
            previous_item=item,
        )
        for item in previous_open_items(meeting, member)
    ]


GROUPS = (
    (SourceKind.PREVIOUS_ITEM, "上次会议未完成事项（结转）", _previous_candidates),
    (SourceKind.DRAFT_PROBLEM, "对照检查查摆的问题（已审定的材料）", _draft_candidates),
    (SourceKind.OPINION, "征求的意见建议（已采纳）", _opinion_candidates),
    (SourceKind.CRITICISM, "会上收到的批评意见", _criticism_candidates),
)


def candidate_groups(rectification_list):
    """Every candidate of a list, grouped by source, each with the items already made from it."""
    meeting, member = rectification_list.meeting, rectification_list.member
    groups = [Group(kind, title, build(meeting, member)) for kind, title, build in GROUPS]
    used = {}
    sources = ItemSource.objects.filter(item__meeting=meeting).select_related("item")
    for source in sources:
        used.setdefault(source.key, []).append(source.item)
    for group in groups:
        for candidate in group.candidates:
            candidate.used_by = used.get(candidate.key, [])
    return groups


def find(rectification_list, keys):
    """The candidates of a list with the given keys, in the order of the page; unknown keys are ignored
    (a candidate of another list, or one the user may not see, cannot be posted into this one)."""
    wanted = set(keys)
    return [c for group in candidate_groups(rectification_list) for c in group.candidates if c.key in wanted]
