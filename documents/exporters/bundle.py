"""材料汇编: every document of the meeting that exists, in the order of its work (seed 003's 目录).

The pieces, each only if there is something to print: 实施方案 (with who approved it and when),
会前学习情况, 征求意见建议汇总, 谈心谈话情况, 领导班子对照检查材料, every member's 个人发言提纲 in
the team's order, 会议记录, 情况报告, 情况通报, 整改清单, 整改措施落实情况通报. The 目录 and the cover
list what is there and say nothing of what is not.

Every piece is built by its own exporter, as the whole (``viewer=None``): the bundle is the
office's and the supervisors' file (``orgs.access.can_export_bundle``).

Progress: ``bundle_pieces`` says what will be built, so a caller knows the total before the first
piece; ``bundle_document(meeting, progress)`` calls ``progress(done, total, label)`` after each
piece's tree is built, with ``total = pieces + RENDER_STEPS`` — the docx and the PDF laid out after
the pieces are the last two steps, which the caller reports itself.

Queries: a fixed number (about 110 for a meeting with every record; most are the report's and the
通报's figures) plus one per personal outline (tests/documents/test_bundle.py holds it to that).
"""

from collections.abc import Callable

from django.utils import timezone

from feedback.models import Opinion, OpinionStatus
from inspection.models import Draft, DraftKind
from meetings.models import MeetingRecord, PlanEvent, PlanStatus, SelfStudyNote, StudySession
from meetings.services import leadership
from rectification.models import Item

from ..titles import Title, meeting_parts
from ..tree import Bundle, Document, Paragraph, format_date
from . import inspection, minutes, opinions, plan, rectification, study, talks

RENDER_STEPS = 2  # after the pieces: the .docx and the PDF

APPROVED = "本方案经{approver}于{date}审定。"
APPROVED_BY_WHOM_UNKNOWN = "本方案已于{date}审定。"
OUTLINE_TITLE = "{name}同志{title}"  # 林书记同志在…民主生活会上的发言提纲

# The documents of the reporting stage, built by exporters registered beside this one.
REPORTING_PIECES = (("situation-report", "情况报告"), ("notification", "情况通报"))

Builder = Callable[[], Document]


def bundle_pieces(meeting) -> list[tuple[str, Builder]]:
    """(label, builder) for every piece the bundle will hold, in order; nothing is built yet.

    Queries: at most ten, to learn what exists, whatever the size of the team.
    """
    from . import EXPORTERS  # the registry imports this module

    pieces = []
    # Fetched here and kept on the meeting, where the plan exporter reads it (a missing plan raises
    # an AttributeError, which hasattr answers with False).
    if hasattr(meeting, "plan"):
        pieces.append(("实施方案", lambda: _plan(meeting)))
    if (
        StudySession.objects.filter(meeting=meeting).exists()
        or SelfStudyNote.objects.filter(meeting=meeting).exists()
    ):
        pieces.append(("会前学习情况", lambda: study.study_document(meeting)))
    if Opinion.objects.filter(meeting=meeting, status=OpinionStatus.ACCEPTED).exists():
        pieces.append(("征求意见建议汇总", lambda: opinions.opinion_summary(meeting)))
    if meeting.talks.exists():
        pieces.append(("谈心谈话情况", lambda: talks.talks_document(meeting, viewer=None)))
    if Draft.objects.filter(meeting=meeting, kind=DraftKind.TEAM).exists():
        pieces.append(("领导班子对照检查材料", lambda: inspection.team_inspection(meeting)))
    authors = set(
        Draft.objects.filter(meeting=meeting, kind=DraftKind.PERSONAL).values_list("author", flat=True)
    )
    for member in leadership(meeting.organisation):
        if member.pk in authors:
            pieces.append((f"个人发言提纲（{member.name}）", _outline_builder(meeting, member)))
    if MeetingRecord.objects.filter(meeting=meeting).exists():
        pieces.append(("会议记录", lambda: minutes.minutes_document(meeting)))
    for kind, label in REPORTING_PIECES:
        if kind in EXPORTERS:
            pieces.append((label, _registered_builder(EXPORTERS[kind], meeting)))
    if Item.objects.filter(meeting=meeting).exists():
        pieces.append(("整改清单", lambda: rectification.rectification_list_document(meeting, viewer=None)))
        pieces.append(("整改措施落实情况通报", lambda: rectification.progress_report(meeting)))
    return pieces


def bundle_document(meeting, progress=None) -> Bundle:
    """The bundle's tree: cover, then every piece of ``bundle_pieces``, built one after another."""
    pieces = bundle_pieces(meeting)
    total = len(pieces) + RENDER_STEPS
    documents = []
    for done, (label, build) in enumerate(pieces, 1):
        documents.append(build())
        if progress is not None:
            progress(done, total, label)
    organisation = meeting.organisation
    return Bundle(
        organisation=organisation.name,
        title=Title(*meeting_parts(meeting)),
        compiled_on=timezone.localdate(),
        pieces=documents,
        theme=meeting.theme.strip(),
    )


def _plan(meeting):
    """实施方案, closed by the line that says who approved it and when, if it is approved."""
    document = plan.plan_document(meeting)
    if meeting.plan.status != PlanStatus.APPROVED:
        return document
    approval = (
        PlanEvent.objects.filter(plan=meeting.plan, action=PlanEvent.Action.APPROVE)
        .select_related("by")
        .order_by("-at", "-pk")
        .first()
    )
    if approval is not None:
        date = format_date(timezone.localtime(approval.at).date())
        if approval.by is not None:
            line = APPROVED.format(approver=f"{approval.by.title}{approval.by.name}", date=date)
        else:
            line = APPROVED_BY_WHOM_UNKNOWN.format(date=date)
        document.blocks.append(Paragraph(line))
    return document


def _outline_builder(meeting, member):
    def build():
        """个人发言提纲; the 目录 lists them all, so the title names its author ("林书记同志在…上的
        发言提纲") unless it does already, and a byline that only repeats the name is dropped."""
        document = inspection.personal_outline(meeting, member)
        if member.name not in document.title:
            document.title = Title.format(OUTLINE_TITLE, name=member.name, title=document.title)
            if document.subtitle.strip() == member.name:
                document.subtitle = ""
        return document

    return build


def _registered_builder(exporter, meeting):
    """A piece built by an exporter looked up in EXPORTERS, as the whole (no viewer)."""
    if exporter.needs_viewer:
        return lambda: exporter.build(meeting, viewer=None)
    return lambda: exporter.build(meeting)
