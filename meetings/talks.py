"""谈心谈话: recording talks, confirming one's own side, waiving pairs, and the 四必谈 coverage."""

from typing import NamedTuple

from django.db import transaction
from django.utils import timezone

from orgs.models import User

from .coverage import PairKind, pair_key, required_pairs
from .models import Talk, TalkParticipant, TalkWaiver
from .workflow import Stage, guard, stage_number


class TalkError(Exception):
    """A talk action that cannot be done; the message is shown to the user."""


def ensure_editable(meeting):
    """Pre-meeting records lock once the meeting is held (DESIGN §2)."""
    if stage_number(meeting.stage) >= stage_number(Stage.MEETING):
        raise TalkError("会议已召开，会前谈心谈话记录已锁定，不能再修改。")


@transaction.atomic
def record_talk(meeting, by, *, date, place, topics, improvements, people, own_side=None):
    """A talk between ``people`` (two or more); the recorder's own side is confirmed at once."""
    ensure_editable(meeting)
    people = list(dict.fromkeys(people))
    if len(people) < 2:
        raise TalkError("谈心谈话至少要有两名参与人。")
    talk = Talk.objects.create(
        meeting=meeting, date=date, place=place, topics=topics, improvements=improvements, created_by=by
    )
    TalkParticipant.objects.bulk_create(
        TalkParticipant(talk=talk, person=person, order=order) for order, person in enumerate(people)
    )
    if own_side is not None and by in people:
        save_side(talk, by, **own_side)
    return talk


@transaction.atomic
def update_talk(talk, *, date, place, topics, improvements, people):
    ensure_editable(talk.meeting)
    people = list(dict.fromkeys(people))
    if len(people) < 2:
        raise TalkError("谈心谈话至少要有两名参与人。")
    talk.date, talk.place, talk.topics, talk.improvements = date, place, topics, improvements
    talk.save()
    talk.participants.exclude(person__in=people).delete()
    existing = set(talk.participants.values_list("person_id", flat=True))
    TalkParticipant.objects.bulk_create(
        TalkParticipant(talk=talk, person=person, order=order)
        for order, person in enumerate(people)
        if person.pk not in existing
    )
    return talk


def save_side(talk, person, *, problems_raised, criticisms_to_raise):
    """本人确认: a participant records or confirms their own side of the talk."""
    ensure_editable(talk.meeting)
    side = talk.participants.filter(person=person).first()
    if side is None:
        raise TalkError("您不是这次谈话的参与人。")
    side.problems_raised = problems_raised
    side.criticisms_to_raise = criticisms_to_raise
    side.confirmed_at = timezone.now()
    side.save()
    return side


def waive_pair(meeting, first, second, reason, by):
    """免谈: a required pair that will not talk, with the reason."""
    ensure_editable(meeting)
    if not reason or not reason.strip():
        raise TalkError("免谈须填写理由。")
    low, high = sorted([first, second], key=lambda user: user.pk)
    waiver, _ = TalkWaiver.objects.update_or_create(
        meeting=meeting, first=low, second=high, defaults={"reason": reason.strip(), "waived_by": by}
    )
    return waiver


def cancel_waiver(meeting, first_id, second_id):
    ensure_editable(meeting)
    low, high = pair_key(first_id, second_id)
    TalkWaiver.objects.filter(meeting=meeting, first_id=low, second_id=high).delete()


class PairStatus(NamedTuple):
    first: User
    second: User
    kind: str
    note: str
    state: str  # done | waived | missing
    date: object  # the first talk's date when done
    waiver: TalkWaiver | None

    @property
    def kind_label(self):
        return PairKind.LABELS[self.kind]


def coverage(meeting):
    """Every required pair with its state, in a constant number of queries (DESIGN §4)."""
    pairs = required_pairs(meeting.organisation)
    done = {}
    sides = TalkParticipant.objects.filter(talk__meeting=meeting).values_list(
        "talk_id", "person_id", "talk__date"
    )
    by_talk = {}
    for talk_id, person_id, date in sides:
        by_talk.setdefault(talk_id, (date, []))[1].append(person_id)
    for date, people in by_talk.values():
        for i, a in enumerate(people):
            for b in people[i + 1 :]:
                key = pair_key(a, b)
                if key not in done or date < done[key]:
                    done[key] = date
    waivers = {
        pair_key(w.first_id, w.second_id): w
        for w in TalkWaiver.objects.filter(meeting=meeting).select_related("waived_by")
    }
    ids = {pair.first_id for pair in pairs} | {pair.second_id for pair in pairs}
    people = User.objects.in_bulk(ids)
    statuses = []
    for pair in pairs:
        key = pair.key
        state = "done" if key in done else "waived" if key in waivers else "missing"
        statuses.append(
            PairStatus(
                first=people[pair.first_id],
                second=people[pair.second_id],
                kind=pair.kind,
                note=pair.note,
                state=state,
                date=done.get(key),
                waiver=waivers.get(key) if state == "waived" else None,
            )
        )
    return statuses


def rows_by_person(statuses, team_order):
    """The matrix by row: each team member with every required pair they are in, in team order."""
    rows = {person.pk: (person, []) for person in team_order}
    for status in statuses:
        for person in (status.first, status.second):
            if person.pk in rows:
                other = status.second if person.pk == status.first.pk else status.first
                rows[person.pk][1].append((other, status))
    return list(rows.values())


@guard(Stage.TALKS)
def every_required_pair_talked_or_waived(meeting):
    missing = [status for status in coverage(meeting) if status.state == "missing"]
    if missing:
        return [f"四必谈还有{len(missing)}对未谈（可在谈心谈话覆盖情况中补谈或说明免谈理由）。"]
    return []
