"""What the office, the owners and the secretary do to the lists (DESIGN §6).

Views parse the request and call one of these; each checks its own rule and raises
``RectificationRefused`` with the reasons shown to the user.
"""

import datetime

from django.db import transaction
from django.db.models import Count, Max, Q
from django.utils import timezone

from audit import services as audit
from feedback.models import Opinion, OpinionStatus
from meetings.services import leadership
from meetings.workflow import ARCHIVE_READ_ONLY, NeedsReason, Stage
from orgs import access
from orgs.models import Role
from orgs.refusals import Refused

from . import candidates as sources
from .evidence import validate_evidence
from .models import (
    CARRIES_OVER,
    FINISHED_STATUSES,
    OPEN_STATUSES,
    Evidence,
    Item,
    ItemKind,
    ItemSource,
    ItemStatus,
    OpinionAnswer,
    Progress,
    RectificationList,
    StatusChange,
)

# A new 限期整改 item is due three months after the meeting unless the office says otherwise.
DEFAULT_DAYS = 90
# The statuses an owner or the office may set by hand; 销号 and 结转 have their own functions.
MANUAL_STATUSES = (ItemStatus.NOT_STARTED, ItemStatus.IN_PROGRESS, ItemStatus.DONE)
# "销号 needs evidence and a second person's confirmation" (DESIGN §6): one person reports the item done,
# another, neither that one nor the owner, confirms it.
SECOND_PERSON = "销号需由报告完成人和责任领导以外的同志确认。"
NOT_REPORTED_DONE = "该事项尚未报告完成：须先将状态改为“已完成待销号”，再由另一位同志确认销号。"


class RectificationRefused(Refused):
    """A change to the lists or the ledger that cannot be made; ``reasons`` are shown to the user."""


# --- the lists ------------------------------------------------------------------------------------


def ensure_lists(meeting):
    """The team list and one list per member of the leadership team, in the team's order."""
    have = {rl.member_id for rl in RectificationList.objects.filter(meeting=meeting)}
    missing = []
    if None not in have:
        missing.append(RectificationList(meeting=meeting, member=None, order=0))
    for order, person in enumerate(leadership(meeting.organisation), 1):
        if person.pk not in have:
            missing.append(RectificationList(meeting=meeting, member=person, order=order))
    if missing:
        RectificationList.objects.bulk_create(missing, ignore_conflicts=True)
    return list(
        RectificationList.objects.filter(meeting=meeting).select_related("member", "meeting__organisation")
    )


def _owner_of(rectification_list, owner):
    """Who answers for a new item: the one the office chose; a member's own list is that member's when
    nobody was chosen. A team item has no owner until the office names one (none is assumed)."""
    if owner is not None:
        if owner.pk not in {person.pk for person in leadership(rectification_list.meeting.organisation)}:
            raise RectificationRefused(f"{owner.name}不是本班子成员，不能担任责任领导。")
        return owner
    return rectification_list.member if rectification_list.member_id else None


def _next_number(rectification_list):
    return (rectification_list.items.aggregate(n=Max("number"))["n"] or 0) + 1


def _log(item, from_status, to_status, by, note=""):
    return StatusChange.objects.create(
        item=item, from_status=from_status, to_status=to_status, by=by, note=note
    )


@transaction.atomic
def make_items(
    rectification_list, keys, by, *, merge=False, owner=None, unit="", problem=None, manifestation=None
):
    """One item per chosen candidate, or (``merge``) one item from all of them, with its source links.

    An item's problem is its source's lead sentence and its 问题表现 the rest (``candidates``); a merged
    item's problem is the text the office wrote (``problem``; by default the first source's lead) and its
    问题表现 the sources' details, one per line, unless given. ``owner`` and ``unit`` apply to every item
    made. The previous meeting's open items are always carried over one by one, keeping their history.
    """
    chosen = sources.find(rectification_list, keys)
    if not chosen:
        raise RectificationRefused("请至少选择一条问题来源。")
    carried = [c for c in chosen if c.previous_item is not None]
    fresh = [c for c in chosen if c.previous_item is None]
    owner = _owner_of(rectification_list, owner)
    unit = (unit or "").strip()
    if merge and fresh:
        problem = (problem if problem is not None else fresh[0].problem).strip()
        if not problem:
            raise RectificationRefused("合并为一项时，请填写这一项的问题（一句话概括）。")
        if manifestation is None:
            manifestation = "\n".join(c.details for c in fresh if c.details)
        drafts = [(problem, manifestation.strip(), fresh)]
    else:
        drafts = [(c.problem.strip(), c.details.strip(), [c]) for c in fresh]
    made = [carry_item(c.previous_item, rectification_list, by) for c in carried]
    meeting = rectification_list.meeting
    for text, details, group in drafts:
        item = Item.objects.create(
            rectification_list=rectification_list,
            meeting=meeting,
            number=_next_number(rectification_list),
            problem=text,
            manifestation=details,
            owner=owner,
            unit=unit,
            deadline=meeting.date + datetime.timedelta(days=DEFAULT_DAYS),
            kind=ItemKind.BY_DATE,
            created_by=by,
        )
        ItemSource.objects.bulk_create(c.source(item) for c in group)
        _log(item, "", ItemStatus.NOT_STARTED, by, "建立整改事项")
        made.append(item)
    _lists_made(meeting)
    return made


def _lists_made(meeting):
    """制定整改方案和问题清单 (the schedule's row, due 15 days after the meeting) is done once the lists hold
    an item: from then on the deadline is met, not overdue, on the dashboard, the overview and in the
    reminders, however long the meeting stays in 整改落实."""
    meeting.schedule.filter(activity="rectification_plan", done_at__isnull=True).update(
        done_at=timezone.now()
    )


@transaction.atomic
def assign_items(rectification_list, item_ids, by, *, owner=None, unit=""):
    """批量指定: the chosen items of a list get the owner and/or the unit given (what is left empty stays)."""
    unit = (unit or "").strip()
    if owner is None and not unit:
        raise RectificationRefused("请选择责任领导或填写责任部门。")
    chosen = list(rectification_list.items.filter(pk__in=item_ids).select_for_update())
    if not chosen:
        raise RectificationRefused("请至少勾选一项整改事项。")
    changes = {"updated_at": timezone.now()}
    if owner is not None:
        changes["owner"] = _owner_of(rectification_list, owner)
    if unit:
        changes["unit"] = unit
    Item.objects.filter(pk__in=[item.pk for item in chosen]).update(**changes)
    return sorted(chosen, key=lambda item: item.number)


def carry_item(previous, rectification_list, by):
    """The previous meeting's open item continues on this meeting's list (旧账), marked as carried."""
    locked = Item.objects.select_for_update(of=("self",)).select_related("meeting").get(pk=previous.pk)
    where = f"{locked.meeting.display_name}第{locked.number}项"
    if locked.status == ItemStatus.DONE:
        raise RectificationRefused(f"{where}已完成待销号，请在原会议的台账中销号，不结转。")
    if locked.status not in CARRIES_OVER:
        raise RectificationRefused(f"{where}{locked.get_status_display()}，无需结转。")
    if Item.objects.filter(carried_from=locked).exists():
        raise RectificationRefused(f"{where}已经结转。")
    item = Item.objects.create(
        rectification_list=rectification_list,
        meeting=rectification_list.meeting,
        number=_next_number(rectification_list),
        problem=locked.problem,
        manifestation=locked.manifestation,
        measures=locked.measures,
        owner=locked.owner,
        unit=locked.unit,
        deadline=locked.deadline,
        kind=locked.kind,
        status=locked.status,
        carried_from=locked,
        created_by=by,
    )
    ItemSource.objects.create(
        item=item, kind=sources.SourceKind.PREVIOUS_ITEM, previous_item=locked, quote=locked.problem
    )
    _log(item, "", locked.status, by, f"由{locked.meeting.display_name}第{locked.number}项结转")
    _log(
        locked, locked.status, ItemStatus.CARRIED_OVER, by, f"结转至{rectification_list.meeting.display_name}"
    )
    Item.objects.filter(pk=locked.pk).update(status=ItemStatus.CARRIED_OVER, updated_at=timezone.now())
    return item


@transaction.atomic
def carry_over(meeting, by):
    """Every item not done (未启动, 整改中) of the team's previous meeting that has not been carried yet,
    onto the matching list of this one (``candidates.previous_meeting``: held, and past its meeting)."""
    lists = {rl.member_id: rl for rl in ensure_lists(meeting)}
    team = lists[None]
    carried = []
    for previous in sources.previous_open_items(meeting, every_list=True):
        target = lists.get(previous.rectification_list.member_id, team)
        carried.append(carry_item(previous, target, by))
    if carried:
        _lists_made(meeting)
    return carried


@transaction.atomic
def update_item(item, by, **fields):
    """The office edits an item's problem, 问题表现, measures, owner, unit, deadline and kind."""
    allowed = {"problem", "manifestation", "measures", "owner", "unit", "deadline", "kind"}
    for name, value in fields.items():
        if name not in allowed:
            raise ValueError(f"{name} is not an editable field")
        setattr(item, name, value)
    if not item.problem.strip():
        raise RectificationRefused("问题不能为空。")
    if item.kind != ItemKind.ONGOING and item.deadline is None:
        raise RectificationRefused("立行立改和限期整改的事项须填写完成时限。")
    item.save()
    return item


@transaction.atomic
def delete_item(item, by):
    """Removes an item made by mistake; a carried item goes back to the previous meeting's list."""
    if item.progress.exists() or item.evidence.exists():
        raise RectificationRefused("该事项已有进展或佐证材料，不能删除。")
    previous = item.carried_from
    if previous is not None:
        last = (
            previous.status_changes.filter(to_status=ItemStatus.CARRIED_OVER).order_by("-at", "-pk").first()
        )
        restored = last.from_status if last and last.from_status else ItemStatus.IN_PROGRESS
        Item.objects.filter(pk=previous.pk).update(status=restored, updated_at=timezone.now())
        _log(previous, ItemStatus.CARRIED_OVER, restored, by, "撤销结转")
    item.delete()


# --- tracking -------------------------------------------------------------------------------------


@transaction.atomic
def add_progress(item, by, text, *, date=None, files=(), status=None):
    """A dated progress update with its evidence files; a first update starts the item.

    Every file is checked before anything is stored: one bad file refuses the whole update.
    """
    if not text or not text.strip():
        raise RectificationRefused("请填写进展情况。")
    errors = [error for upload in files for error in validate_evidence(upload)]
    if errors:
        raise RectificationRefused(errors)
    locked = Item.objects.select_for_update().get(pk=item.pk)
    if locked.status in FINISHED_STATUSES:
        raise RectificationRefused(f"该事项{locked.get_status_display()}，不能再添加进展。")
    progress = Progress.objects.create(
        item=locked, date=date or timezone.localdate(), text=text.strip(), by=by
    )
    for upload in files:
        attach_evidence(locked, upload, by, progress=progress)
    target = status or (ItemStatus.IN_PROGRESS if locked.status == ItemStatus.NOT_STARTED else None)
    if target and target != locked.status:
        _set_status(locked, target, by, "随进展更新")
    item.status, item.done_by_id = locked.status, locked.done_by_id
    return progress


def attach_evidence(item, upload, by, progress=None):
    errors = validate_evidence(upload)
    if errors:
        raise RectificationRefused(errors)
    upload.seek(0)
    evidence = Evidence(
        item=item,
        progress=progress,
        name=upload.name[-200:],
        size=upload.size,
        content_type=getattr(upload, "content_type", "") or "application/octet-stream",
        uploaded_by=by,
    )
    evidence.file.save(upload.name, upload, save=False)
    evidence.save()
    return evidence


def _set_status(item, to_status, by, note=""):
    from_status = item.status
    item.status = to_status
    # Who reported it done is kept for 销号 (a second person confirms); an item back in progress has
    # no report of completion until one is made again.
    if to_status == ItemStatus.DONE:
        item.done_by = by
    elif to_status in OPEN_STATUSES:
        item.done_by = None
    item.save(update_fields=["status", "done_by", "updated_at"])
    _log(item, from_status, to_status, by, note)


@transaction.atomic
def change_status(item, to_status, by, note=""):
    """未启动 / 整改中 / 已完成待销号, set by the owner or the office."""
    if to_status not in MANUAL_STATUSES:
        raise RectificationRefused("销号请使用“确认销号”，结转请在建立清单时操作。")
    locked = Item.objects.select_for_update().get(pk=item.pk)
    if locked.status in FINISHED_STATUSES:
        raise RectificationRefused(f"该事项{locked.get_status_display()}，不能再改变状态。")
    if locked.status != to_status:
        _set_status(locked, to_status, by, note)
    item.status, item.done_by_id = locked.status, locked.done_by_id
    return locked


def closing_refusals(item, by):
    """Why ``by`` may not close (销号) the item now: empty when they may."""
    reasons = []
    if item.status in FINISHED_STATUSES:
        reasons.append(f"该事项{item.get_status_display()}。")
    elif item.status != ItemStatus.DONE:
        reasons.append(NOT_REPORTED_DONE)
    if not item.evidence.exists():
        reasons.append("销号须有佐证材料，请先在进展中上传。")
    # The second person: the secretary or the office, never the owner nor whoever reported it done.
    if by.pk in (item.owner_id, item.done_by_id):
        reasons.append(SECOND_PERSON)
    elif not access.has_role(by, item.meeting, Role.SECRETARY, Role.OFFICE):
        reasons.append("销号须由主要负责同志或办公室确认。")
    return reasons


@transaction.atomic
def close_item(item, by, note=""):
    """销号: the item reported done is proven by evidence and confirmed by a second person (neither the
    one who reported it done nor its owner)."""
    locked = Item.objects.select_for_update().select_related("meeting__organisation").get(pk=item.pk)
    reasons = closing_refusals(locked, by)
    if reasons:
        raise RectificationRefused(reasons)
    locked.closed_at = timezone.now()
    locked.closed_by = by
    locked.save(update_fields=["closed_at", "closed_by", "updated_at"])
    _set_status(locked, ItemStatus.CLOSED, by, note or "确认销号")
    audit.record(audit.Action.CLOSE_ITEM, user=by, obj=locked, detail=f"第{locked.number}项销号")
    item.status, item.closed_at, item.closed_by = locked.status, locked.closed_at, by
    return locked


# --- traceability ---------------------------------------------------------------------------------


def accepted_opinions(meeting):
    return Opinion.objects.filter(meeting=meeting, status=OpinionStatus.ACCEPTED)


def unanswered_opinions(meeting):
    """Accepted opinions neither linked to an item nor marked answered (DESIGN §6)."""
    return accepted_opinions(meeting).filter(rectification_sources__isnull=True, answer__isnull=True)


@transaction.atomic
def answer_opinion(opinion, by, note):
    if not note or not note.strip():
        raise RectificationRefused("请填写答复说明，如：已当场解决、已作解释说明。")
    if opinion.status != OpinionStatus.ACCEPTED:
        raise RectificationRefused("只有已采纳的意见需要答复。")
    answer, _ = OpinionAnswer.objects.update_or_create(
        opinion=opinion, defaults={"note": note.strip(), "by": by, "at": timezone.now()}
    )
    return answer


def withdraw_answer(opinion):
    OpinionAnswer.objects.filter(opinion=opinion).delete()


# --- figures and the stage guard ------------------------------------------------------------------


def every_item_finished(meeting):
    """Rectification → reporting: every item closed or carried over, or the office reports an
    interim state, confirming it with a reason."""
    counts = Item.objects.filter(meeting=meeting).aggregate(
        total=Count("pk"), open=Count("pk", filter=~Q(status__in=FINISHED_STATUSES))
    )
    if not counts["total"]:
        return [NeedsReason("尚未建立整改清单。如确实没有整改事项，请确认并说明理由。")]
    if counts["open"]:
        return [
            NeedsReason(
                f"尚有{counts['open']}项整改事项未销号或结转（共{counts['total']}项）。"
                "如报送阶段性整改情况，请确认并在说明中写明理由。"
            )
        ]
    return []


def locked_reason(meeting):
    """Why the lists cannot be built (nor the ledger imported) now, naming the stage; "" while the ledger is
    open (``access.ledger_is_open``: from the meeting until the archive)."""
    if access.ledger_is_open(meeting):
        return ""
    if access.meeting_is_archived(meeting):
        return ARCHIVE_READ_ONLY
    return (
        f"整改清单在会议召开后建立（会议当前为“{Stage(meeting.stage).label}”阶段）："
        "进入“召开会议”阶段后即可建立整改清单、导入整改台账。"
    )
