"""What people do with drafts: write and save (never over someone else's save), import, submit,
review, comment, tick off opinions. The stage guard "every draft approved" is here too."""

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from audit import services as audit
from meetings.services import leadership
from meetings.workflow import ARCHIVE_READ_ONLY, Stage
from orgs import access
from orgs.models import Role, RoleAssignment
from orgs.refusals import Refused

from . import content as structure
from .diff import diff_contents
from .merge import merge
from .models import (
    Draft,
    DraftComment,
    DraftEvent,
    DraftKind,
    DraftOpinion,
    DraftStatus,
    DraftVersion,
    RefusedSave,
)

EDITABLE = (DraftStatus.WRITING, DraftStatus.RETURNED, DraftStatus.APPROVED, DraftStatus.ENDORSED)


class DraftRefused(Refused):
    """The action is not allowed now; ``reasons`` say why, in Chinese."""

    status = 400


class StaleDraft(Refused):
    """A save based on an old version. Nothing is lost: the refused content is kept (``refused``),
    and ``merged`` is the latest version with the refused changes merged in, ``conflicts`` the
    fields both changed."""

    status = 409

    def __init__(self, refused, latest, their_changes, merged, conflicts):
        self.refused = refused
        self.latest = latest
        self.their_changes = their_changes
        self.merged = merged
        self.conflicts = conflicts
        super().__init__(f"第{refused.base_version}版已不是最新版本（最新为第{latest.number}版）")


# 审阅把关: the secretary reviews every draft but their own outline, which the supervising group reviews
# (orgs.access.can_review_draft). The outline's page, the drafts list and the stage guard say so.
SUPERVISORS_REVIEW = "主要负责同志本人的发言提纲由督导组审阅"


def secretary_ids(meeting):
    """The ids of the team's main leaders (主要负责同志) of the meeting's organisation."""
    return set(
        RoleAssignment.objects.filter(organisation=meeting.organisation, role=Role.SECRETARY).values_list(
            "user_id", flat=True
        )
    )


def reviewed_by_supervisors(draft, secretaries=None):
    """Whether the draft is a secretary's own outline, which the supervising group reviews."""
    if draft.kind != DraftKind.PERSONAL or draft.author_id is None:
        return False
    return draft.author_id in (secretary_ids(draft.meeting) if secretaries is None else secretaries)


def draft_title(meeting, team):
    name = meeting.title
    return f"{name}对照检查材料" if team else f"在{name}上的发言提纲"


def new_content(meeting, author=None):
    team = author is None
    return structure.normalise(
        structure.empty_content(
            title=draft_title(meeting, team),
            byline="" if team else author.name,
            aspects=list(meeting.aspects.all()),
            team=team,
            kind=meeting.kind,
        ),
        structure.default_headings(team, meeting.kind),
    )


def _create(meeting, author, order):
    content = new_content(meeting, author)
    digest = structure.content_hash(content)
    draft = Draft.objects.create(
        meeting=meeting,
        kind=DraftKind.TEAM if author is None else DraftKind.PERSONAL,
        author=author,
        order=order,
        content=content,
        content_hash=digest,
    )
    DraftVersion.objects.create(draft=draft, number=0, content=content, content_hash=digest, note="新建")
    return draft


def draft_for(meeting, member=None):
    """The team material (``member`` None) or the member's outline, created empty if missing."""
    kind = DraftKind.TEAM if member is None else DraftKind.PERSONAL
    existing = Draft.objects.filter(meeting=meeting, kind=kind, author=member).first()
    if existing:
        return existing
    order = 0
    if member is not None:
        team = leadership(meeting.organisation)
        order = next((n for n, person in enumerate(team, 1) if person.pk == member.pk), len(team) + 1)
    return _create(meeting, member, order)


def ensure_drafts(meeting):
    """The team material and one outline per member of the leadership team, in the team's order."""
    have = {(d.kind, d.author_id) for d in Draft.objects.filter(meeting=meeting)}
    if (DraftKind.TEAM, None) not in have:
        _create(meeting, None, 0)
    for order, person in enumerate(leadership(meeting.organisation), 1):
        if (DraftKind.PERSONAL, person.pk) not in have:
            _create(meeting, person, order)
    return list(Draft.objects.filter(meeting=meeting).select_related("author"))


def _locked(draft):
    return Draft.objects.select_for_update(of=("self",)).select_related("meeting", "author").get(pk=draft.pk)


def _refresh(draft, locked):
    for field in ("content", "content_hash", "version", "status", "approved_hash", "approved_version"):
        setattr(draft, field, getattr(locked, field))
    draft.updated_at, draft.updated_by_id = locked.updated_at, locked.updated_by_id


def _event(draft, action, by, note=""):
    return DraftEvent.objects.create(draft=draft, action=action, by=by, note=note, version=draft.version)


def version_content(draft, number):
    """The content of version ``number`` (version 0 is the empty draft as created)."""
    return draft.versions.get(number=number).content


def save_draft(draft, content, *, base_version, by, note=""):
    """Saves ``content`` as the next version if it is based on the latest one and changes something.

    Returns the new DraftVersion, or None when nothing changed. Raises StaleDraft when someone
    saved since ``base_version`` (the refused content is kept), DraftRefused when the draft may not
    be edited now.
    """
    headings = structure.default_headings(draft.kind == DraftKind.TEAM)
    clean = structure.normalise(content, headings)
    stale = None
    with transaction.atomic():
        locked = _locked(draft)
        if not access.drafts_are_open(locked.meeting):
            raise DraftRefused("会议已召开，会前材料已锁定，不能再修改。")
        if locked.status not in EDITABLE:
            raise DraftRefused(f"材料当前状态为“{locked.get_status_display()}”，审阅人退回后才能修改。")
        if base_version != locked.version:
            refused = RefusedSave.objects.create(
                draft=locked, by=by, base_version=base_version, latest_version=locked.version, content=clean
            )
            stale = (refused, locked)
        else:
            version = _save(locked, clean, by, note)
            _refresh(draft, locked)
            return version
    refused, locked = stale
    merged, conflicts = merge_refused(locked, refused, locked.content)
    latest = locked.versions.select_related("by").get(number=locked.version)
    raise StaleDraft(
        refused=refused,
        latest=latest,
        their_changes=diff_contents(version_content(locked, base_version), locked.content),
        merged=merged,
        conflicts=conflicts,
    )


def merge_refused(draft, refused, latest_content):
    """The latest content with a refused save's changes merged in, and the fields both sides changed."""
    base = version_content(draft, refused.base_version)
    merged, conflicts = merge(base, refused.content, latest_content)
    return structure.normalise(merged, structure.default_headings(draft.kind == DraftKind.TEAM)), conflicts


def _save(locked, clean, by, note):
    digest = structure.content_hash(clean)
    if digest == locked.content_hash:
        return None
    number = locked.version + 1
    # The conditional update is the second lock: on a database without row locks it still lets
    # only one of two saves of the same version through.
    updated = Draft.objects.filter(pk=locked.pk, version=locked.version).update(
        content=clean,
        content_hash=digest,
        version=F("version") + 1,
        updated_at=timezone.now(),
        updated_by=by,
    )
    if not updated:
        raise DraftRefused("材料刚被他人保存，请刷新后再试。")
    version = DraftVersion.objects.create(
        draft=locked, number=number, content=clean, content_hash=digest, by=by, note=note
    )
    locked.refresh_from_db()
    if locked.status in (DraftStatus.APPROVED, DraftStatus.ENDORSED):
        # An approved draft that changes goes back to review (approval recorded the hash).
        locked.status = DraftStatus.WRITING
        locked.save(update_fields=["status"])
        _event(locked, DraftEvent.Action.REOPEN, by, f"第{locked.approved_version}版审阅通过后又有修改。")
    return version


def mark_merged(refused, version_number):
    RefusedSave.objects.filter(pk=refused.pk).update(merged_into=version_number)


def import_outline(draft, text, *, by=None, note="导入"):
    """Replaces the draft's content with a pasted or uploaded outline, as a new version."""
    from .parser import parse_outline

    team = draft.kind == DraftKind.TEAM
    parsed = parse_outline(
        text, list(draft.meeting.aspects.all()), team=team, title=draft_title(draft.meeting, team)
    )
    # A pasted outline rarely carries the author's name, and may lack a title: keep the draft's.
    for field in ("title", "byline"):
        if not parsed.content[field]:
            parsed.content[field] = draft.content.get(field, "")
    version = save_draft(draft, parsed.content, base_version=draft.version, by=by, note=note)
    return version, parsed


# --- review ---------------------------------------------------------------------------------------


def _locked_in(draft, allowed, message):
    locked = _locked(draft)
    if locked.status not in allowed:
        raise DraftRefused(message.format(status=locked.get_status_display()))
    return locked


@transaction.atomic
def submit_draft(draft, by):
    """提交审阅: the author (or, for the team material, its drafter) sends the draft to the reviewer."""
    locked = _locked_in(
        draft, (DraftStatus.WRITING, DraftStatus.RETURNED), "材料当前状态为“{status}”，不能提交。"
    )
    if not access.drafts_are_open(locked.meeting):
        raise DraftRefused("会议已召开，会前材料已锁定。")
    if locked.version == 0 or not structure.problems(locked.content):
        raise DraftRefused("材料还没有写入存在的问题，不能提交。")
    locked.status = DraftStatus.SUBMITTED
    locked.save(update_fields=["status"])
    _refresh(draft, locked)
    return _event(locked, DraftEvent.Action.SUBMIT, by)


@transaction.atomic
def approve_draft(draft, by, note=""):
    """审阅通过: records the hash of the approved content; a later edit reopens review."""
    locked = _locked_in(draft, (DraftStatus.SUBMITTED,), "材料当前状态为“{status}”，不能审阅。")
    locked.status = DraftStatus.APPROVED
    locked.approved_hash = locked.content_hash
    locked.approved_version = locked.version
    locked.save(update_fields=["status", "approved_hash", "approved_version"])
    _refresh(draft, locked)
    audit.record(audit.Action.APPROVE, user=by, obj=locked, detail=f"审阅通过第{locked.version}版")
    return _event(locked, DraftEvent.Action.APPROVE, by, note.strip())


@transaction.atomic
def return_draft(draft, by, note=""):
    """退回修改: needs a note or at least one open comment, so the author knows what to change."""
    locked = _locked_in(draft, (DraftStatus.SUBMITTED,), "材料当前状态为“{status}”，不能退回。")
    if not note.strip() and not locked.comments.filter(resolved_at__isnull=True).exists():
        raise DraftRefused("退回修改须填写意见，或先在需要修改的部分添加修改意见。")
    locked.status = DraftStatus.RETURNED
    locked.save(update_fields=["status"])
    _refresh(draft, locked)
    audit.record(audit.Action.RETURN, user=by, obj=locked, detail=f"第{locked.version}版退回修改")
    return _event(locked, DraftEvent.Action.RETURN, by, note.strip())


@transaction.atomic
def endorse_draft(draft, by, note=""):
    """审定: the supervising group endorses the team material the secretary approved."""
    locked = _locked_in(
        draft, (DraftStatus.APPROVED,), "材料当前状态为“{status}”，主要负责同志审阅通过后才能审定。"
    )
    if locked.kind != DraftKind.TEAM:
        raise DraftRefused("只有领导班子对照检查材料需要督导组审定。")
    locked.status = DraftStatus.ENDORSED
    locked.save(update_fields=["status"])
    _refresh(draft, locked)
    audit.record(audit.Action.APPROVE, user=by, obj=locked, detail=f"督导组审定第{locked.version}版")
    return _event(locked, DraftEvent.Action.ENDORSE, by, note.strip())


def add_comment(draft, by, text, part_id=""):
    """A comment anchored to a part (or to the whole draft when ``part_id`` is empty)."""
    text = (text or "").strip()
    if not text:
        raise DraftRefused("请填写修改意见。")
    if len(text) > 2000:
        raise DraftRefused("修改意见请不超过2000字。")
    label, quote = "", ""
    if part_id:
        passage = next((p for p in structure.passages(draft.content) if p.part_id == part_id), None)
        if passage is None:
            raise DraftRefused("所指的部分已不存在，请刷新页面。")
        label, quote = passage.label, passage.text[:300]
    return DraftComment.objects.create(
        draft=draft, by=by, text=text, part_id=part_id, part_label=label, quote=quote, version=draft.version
    )


def resolve_comment(comment, by):
    if comment.resolved_at is None:
        comment.resolved_at, comment.resolved_by = timezone.now(), by
        comment.save(update_fields=["resolved_at", "resolved_by"])
    return comment


def author_opinions(draft):
    """Accepted opinions addressed to the outline's author (点人点事), for the checklist."""
    from feedback.models import Opinion, OpinionStatus

    if draft.kind != DraftKind.PERSONAL:
        return Opinion.objects.none()
    return Opinion.objects.filter(
        meeting=draft.meeting, addressee=draft.author, status=OpinionStatus.ACCEPTED
    ).select_related("aspect")


def tick_opinion(draft, opinion, by, part_id="", ticked=True):
    """The author marks an opinion addressed to them as answered by the outline (or unmarks it)."""
    if not author_opinions(draft).filter(pk=opinion.pk).exists():
        raise DraftRefused("这条意见不是反馈给本人的意见。")
    if not ticked:
        DraftOpinion.objects.filter(draft=draft, opinion=opinion).delete()
        return None
    answered, _ = DraftOpinion.objects.update_or_create(
        draft=draft, opinion=opinion, defaults={"part_id": part_id, "by": by}
    )
    return answered


# --- the stage guard ------------------------------------------------------------------------------


def every_draft_approved(meeting):
    """撰写对照检查材料 ends when the team material is endorsed and every outline approved."""
    drafts = {
        (d.kind, d.author_id): d for d in Draft.objects.filter(meeting=meeting).select_related("author")
    }
    reasons = []
    team = drafts.get((DraftKind.TEAM, None))
    if team is None or team.status != DraftStatus.ENDORSED:
        status = team.get_status_display() if team else "尚未开始撰写"
        reasons.append(f"领导班子对照检查材料尚未经督导组审定（当前：{status}）。")
    secretaries = secretary_ids(meeting)
    for person in leadership(meeting.organisation):
        outline = drafts.get((DraftKind.PERSONAL, person.pk))
        if outline is None or outline.status not in (DraftStatus.APPROVED, DraftStatus.ENDORSED):
            status = outline.get_status_display() if outline else "尚未开始撰写"
            who = f"；{SUPERVISORS_REVIEW}" if person.pk in secretaries else ""
            reasons.append(f"{person.name}的个人发言提纲尚未审阅通过（当前：{status}{who}）。")
    return reasons


def locked_reason(meeting):
    """Why drafts can no longer be written, imported or submitted, naming the stage; "" while they can
    (``access.drafts_are_open``: until the meeting is held, DESIGN §2)."""
    if access.drafts_are_open(meeting):
        return ""
    if access.meeting_is_archived(meeting):
        return ARCHIVE_READ_ONLY
    return f"会议已召开（当前为“{Stage(meeting.stage).label}”阶段），会前材料已锁定，只能查看。"
