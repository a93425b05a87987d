"""What the office does with opinions: enter, accept, reject, reclassify, merge, send feedback."""

from django.db import transaction
from django.utils import timezone

from audit import services as audit
from meetings.models import Meeting, PersonKind
from meetings.workflow import ARCHIVE_READ_ONLY, Confirmable, Stage
from orgs import access
from orgs.refusals import Refused

from .models import (
    BOX_CHANNEL,
    DEFAULT_CATEGORIES,
    DEFAULT_CHANNELS,
    Channel,
    FeedbackDelivery,
    Opinion,
    OpinionBox,
    OpinionStatus,
    SourceCategory,
    day_of,
)


class OpinionError(Refused):
    """An action on opinions that cannot be done; the message is shown to the user."""


def locked_reason(meeting):
    """Why the opinions of the meeting may no longer be entered, imported or triaged, naming the stage;
    "" while they may (``access.opinions_are_open``: until the meeting is held, DESIGN §2)."""
    if access.meeting_is_archived(meeting):
        return ARCHIVE_READ_ONLY
    if not access.opinions_are_open(meeting):
        return (
            f"会议已召开（当前为“{Stage(meeting.stage).label}”阶段），征求意见建议已结束："
            "意见建议只能查看，不能再录入、导入或分拣。"
        )
    return ""


def check_open(meeting):
    """Refuses once the meeting is held, reading the stage afresh with the row locked, so that a
    concurrent move to 召开会议 cannot slip in between the check and the write (call it inside the
    transaction that writes)."""
    meeting.stage = (
        Meeting.objects.select_for_update().filter(pk=meeting.pk).values_list("stage", flat=True).get()
    )
    reason = locked_reason(meeting)
    if reason:
        raise OpinionError(reason)


def _check_open_for(opinions):
    """``check_open`` for the meeting of ``opinions`` (all of one meeting, as the pages choose them)."""
    if opinions:
        check_open(opinions[0].meeting)


def create_default_choices(meeting):
    """The seeds' channels and source categories, editable per meeting, and the opinion box."""
    Channel.objects.bulk_create(
        [Channel(meeting=meeting, name=name, order=order) for order, name in enumerate(DEFAULT_CHANNELS, 1)],
        ignore_conflicts=True,
    )
    SourceCategory.objects.bulk_create(
        [
            SourceCategory(meeting=meeting, name=name, order=order)
            for order, name in enumerate(DEFAULT_CATEGORIES, 1)
        ],
        ignore_conflicts=True,
    )
    OpinionBox.objects.get_or_create(meeting=meeting)


def team_members(meeting):
    """The people an opinion may be addressed to: the meeting's participants with an account, in order."""
    from orgs.models import User

    return User.objects.filter(
        pk__in=meeting.people.filter(kind=PersonKind.PARTICIPANT, user__isnull=False).values("user")
    ).order_by("display_name")


def box_channel(meeting):
    channel, _ = Channel.objects.get_or_create(meeting=meeting, name=BOX_CHANNEL, defaults={"order": 99})
    return channel


def create_opinion(meeting, *, text, channel, category, aspect=None, addressee=None, by=None, status=None):
    """One opinion. What the office enters is accepted at once; the box's arrives as new."""
    status = status or (OpinionStatus.ACCEPTED if by is not None else OpinionStatus.NEW)
    if status == OpinionStatus.ACCEPTED and aspect is None:
        raise OpinionError("采纳的意见须归入一个方面。")
    # The anonymous box's opinion keeps only its day (models.day_of); what the office enters, its moment.
    received = timezone.now() if by is not None else day_of(timezone.now())
    with transaction.atomic():
        check_open(meeting)
        return Opinion.objects.create(
            meeting=meeting,
            text=text.strip(),
            channel=channel,
            category=category,
            aspect=aspect,
            addressee=addressee,
            status=status,
            entered_by=by,
            created_at=received,
            updated_at=received,
        )


def accept(opinions, aspect=None):
    """采纳. Each opinion needs an aspect: the one given, or its own."""
    opinions = list(opinions)
    missing = [o for o in opinions if aspect is None and o.aspect_id is None]
    if missing:
        raise OpinionError(f"有{len(missing)}条意见尚未归入方面，请先选择方面再采纳。")
    with transaction.atomic():
        _check_open_for(opinions)
        for opinion in opinions:
            opinion.status = OpinionStatus.ACCEPTED
            opinion.reject_reason = ""
            opinion.merged_into = None
            if aspect is not None:
                opinion.aspect = aspect
        Opinion.objects.bulk_update(
            opinions, ["status", "reject_reason", "merged_into", "aspect", "updated_at"]
        )
        audit.record_batch(audit.Action.TRIAGE, opinions, "采纳")
    return len(opinions)


@transaction.atomic
def reject(opinions, reason):
    """不予采纳, with the reason kept."""
    if not reason or not reason.strip():
        raise OpinionError("不予采纳须填写理由。")
    opinions = list(opinions)
    _check_open_for(opinions)
    for opinion in opinions:
        opinion.status = OpinionStatus.REJECTED
        opinion.reject_reason = reason.strip()
        opinion.merged_into = None
    Opinion.objects.bulk_update(opinions, ["status", "reject_reason", "merged_into", "updated_at"])
    audit.record_batch(audit.Action.TRIAGE, opinions, "不予采纳")
    return len(opinions)


@transaction.atomic
def reclassify(opinions, *, aspect=None, category=None, channel=None, addressee=None, to_team=False):
    """Changes aspect, category, channel or addressee of opinions; what is not given stays."""
    opinions = list(opinions)
    _check_open_for(opinions)
    fields = []
    for opinion in opinions:
        if aspect is not None:
            opinion.aspect = aspect
        if category is not None:
            opinion.category = category
        if channel is not None:
            opinion.channel = channel
        if addressee is not None:
            opinion.addressee = addressee
        if to_team:
            opinion.addressee = None
    for name, value in (("aspect", aspect), ("category", category), ("channel", channel)):
        if value is not None:
            fields.append(name)
    if addressee is not None or to_team:
        fields.append("addressee")
    if fields:
        Opinion.objects.bulk_update(opinions, [*fields, "updated_at"])
        changed = "、".join(str(Opinion._meta.get_field(name).verbose_name) for name in fields)
        audit.record_batch(audit.Action.TRIAGE, opinions, f"重新分类（{changed}）")
    return len(opinions)


@transaction.atomic
def merge(opinions, into):
    """合并重复意见: the others point at ``into`` and count once, as ``into``."""
    others = [o for o in opinions if o.pk != into.pk]
    if not others:
        raise OpinionError("请至少选择两条意见进行合并。")
    if any(o.meeting_id != into.meeting_id for o in others):
        raise OpinionError("只能合并同一次会议的意见。")
    if into.status == OpinionStatus.MERGED:
        raise OpinionError("不能合并到一条已被合并的意见。")
    _check_open_for([into])
    if into.status != OpinionStatus.ACCEPTED:
        accept([into])
    for opinion in others:
        opinion.status = OpinionStatus.MERGED
        opinion.merged_into = into
    Opinion.objects.bulk_update(others, ["status", "merged_into", "updated_at"])
    # Opinions that had been merged into one of these now point at the survivor.
    Opinion.objects.filter(merged_into__in=others).update(merged_into=into)
    audit.record_batch(audit.Action.TRIAGE, others, f"合并到编号{into.pk}")
    return len(others)


def mark_feedback_sent(meeting, member, by):
    """反馈: the office has passed this member's opinions on to them (before the meeting, as the rest of
    the opinions stage)."""
    with transaction.atomic():
        check_open(meeting)
        delivery, _ = FeedbackDelivery.objects.update_or_create(
            meeting=meeting, member=member, defaults={"sent_at": timezone.now(), "sent_by": by}
        )
    return delivery


def rotate_box_token(meeting):
    """A new link for the opinion box; the old one stops working at once."""
    with transaction.atomic():
        check_open(meeting)
        box, _ = OpinionBox.objects.get_or_create(meeting=meeting)
        box.token = OpinionBox._meta.get_field("token").default()
        box.rotated_at = timezone.now()
        box.save(update_fields=["token", "rotated_at"])
    return box


def no_opinion_left_new(meeting):
    count = meeting.opinions.filter(status=OpinionStatus.NEW).count()
    if count:
        return [Confirmable(f"还有{count}条意见待分拣（可确认后保留为待分拣状态进入下一阶段）。")]
    return []
