"""谈心谈话: recording talks (the office may transcribe both sides), confirming one's own side, waiving
pairs, and the 四必谈 coverage."""

from typing import NamedTuple

from django.db import transaction
from django.utils import timezone

from orgs.models import User
from orgs.refusals import Refused

from .coverage import PairKind, pair_key, required_pairs
from .dates import future_date_problem
from .models import Talk, TalkParticipant, TalkWaiver
from .workflow import ARCHIVE_READ_ONLY, Stage, pre_meeting_records_open


class TalkError(Refused):
    """A talk action that cannot be done; the message is shown to the user."""


HELD_PAGE = "会议已召开，谈心谈话记录只能查看。"


def is_editable(meeting):
    """Pre-meeting records stay editable until the meeting is held, then lock (DESIGN §2)."""
    return pre_meeting_records_open(meeting)


def lock_reason(meeting):
    """What a talk page says in place of its form once the records are locked; None while they are not."""
    if meeting.stage == Stage.CLOSED:
        return ARCHIVE_READ_ONLY
    return None if is_editable(meeting) else HELD_PAGE


def check_editable(meeting):
    """Pre-meeting records lock once the meeting is held (DESIGN §2)."""
    if not is_editable(meeting):
        raise TalkError("会议已召开，会前谈心谈话记录已锁定，不能再修改。")


def check_held(date):
    """A talk is recorded after it took place: its date is not after today."""
    problem = future_date_problem(date, "谈话日期", "请在谈话之后再记录。")
    if problem:
        raise TalkError(problem)


def _people(people):
    people = list(dict.fromkeys(people))
    if len(people) < 2:
        raise TalkError("谈心谈话至少要有两名参与人。")
    return people


@transaction.atomic
def record_talk(meeting, by, *, date, place, topics, improvements, people, own_side=None, transcribed=None):
    """A talk between ``people`` (two or more); the recorder's own side is confirmed at once.

    ``transcribed`` ({person: {"problems_raised", "criticisms_to_raise"}}): the sides the office
    enters from a paper record (办公室录入), each waiting for its person to confirm or correct it.
    """
    check_editable(meeting)
    check_held(date)
    people = _people(people)
    talk = Talk.objects.create(
        meeting=meeting, date=date, place=place, topics=topics, improvements=improvements, created_by=by
    )
    TalkParticipant.objects.bulk_create(
        TalkParticipant(talk=talk, person=person, order=order) for order, person in enumerate(people)
    )
    if own_side is not None and by in people:
        save_side(talk, by, **own_side)
    for person, side in (transcribed or {}).items():
        if person in people and person != by:
            transcribe_side(talk, person, by, **side)
    return talk


@transaction.atomic
def update_talk(talk, *, date, place, topics, improvements, people, by=None, transcribed=None):
    """Changes a talk; ``transcribed`` as in ``record_talk`` (sides left unchanged stay as they are)."""
    check_editable(talk.meeting)
    check_held(date)
    people = _people(people)
    talk.date, talk.place, talk.topics, talk.improvements = date, place, topics, improvements
    talk.save()
    talk.participants.exclude(person__in=people).delete()
    existing = set(talk.participants.values_list("person_id", flat=True))
    TalkParticipant.objects.bulk_create(
        TalkParticipant(talk=talk, person=person, order=order)
        for order, person in enumerate(people)
        if person.pk not in existing
    )
    for person, side in (transcribed or {}).items():
        if person in people:
            transcribe_side(talk, person, by, **side)
    return talk


def save_side(talk, person, *, problems_raised, criticisms_to_raise):
    """本人确认: a participant records, confirms or corrects their own side of the talk.

    A side the office entered and the person confirms as it stands stays marked 办公室录入; a
    corrected one is the person's own.
    """
    check_editable(talk.meeting)
    side = talk.participants.filter(person=person).first()
    if side is None:
        raise TalkError("您不是这次谈话的参与人。")
    if side.entered_by_id is None or (side.problems_raised, side.criticisms_to_raise) != (
        problems_raised,
        criticisms_to_raise,
    ):
        side.entered_by, side.entered_at = person, timezone.now()
    side.problems_raised = problems_raised
    side.criticisms_to_raise = criticisms_to_raise
    side.confirmed_at = timezone.now()
    side.save()
    return side


def transcribe_side(talk, person, by, *, problems_raised, criticisms_to_raise):
    """办公室录入: the office writes down a participant's side from the paper record.

    The side waits for its person to confirm or correct it; a side its person has confirmed is theirs
    and is not overwritten. Unchanged text changes nothing.
    """
    check_editable(talk.meeting)
    side = talk.participants.filter(person=person).first()
    if side is None:
        raise TalkError(f"{person.name}不是这次谈话的参与人。")
    problems_raised, criticisms_to_raise = problems_raised.strip(), criticisms_to_raise.strip()
    if (side.problems_raised, side.criticisms_to_raise) == (problems_raised, criticisms_to_raise):
        return side
    if side.confirmed_at is not None:
        raise TalkError(f"{person.name}同志已确认本人的谈话内容，办公室不能再修改；如需更正，请本人修改。")
    side.problems_raised, side.criticisms_to_raise = problems_raised, criticisms_to_raise
    entered = bool(problems_raised or criticisms_to_raise)
    side.entered_by = by if entered else None
    side.entered_at = timezone.now() if entered else None
    side.save()
    return side


def waive_pair(meeting, first, second, reason, by):
    """免谈: a required pair that will not talk, with the reason."""
    check_editable(meeting)
    if not reason or not reason.strip():
        raise TalkError("免谈须填写理由。")
    low, high = sorted([first, second], key=lambda user: user.pk)
    waiver, _ = TalkWaiver.objects.update_or_create(
        meeting=meeting, first=low, second=high, defaults={"reason": reason.strip(), "waived_by": by}
    )
    return waiver


def cancel_waiver(meeting, first_id, second_id):
    check_editable(meeting)
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

    @property
    def is_done(self):
        """已谈: the pair has talked."""
        return self.state == "done"

    @property
    def is_waived(self):
        """免谈: the office waived the pair's talk, with a reason."""
        return self.state == "waived"


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


def pairs_in_team_order(statuses, team_order):
    """Each required pair once, as (first, second, status): the first is the one higher in the team's
    ranking order (someone outside the team, a unit's head or a branch's representative, comes second),
    the pairs sorted by their first person's rank, then their second's."""
    rank = {person.pk: number for number, person in enumerate(team_order)}
    outside = len(rank)
    pairs = []
    for index, status in enumerate(statuses):
        first, second = status.first, status.second
        if rank.get(second.pk, outside) < rank.get(first.pk, outside):
            first, second = second, first
        pairs.append(
            ((rank.get(first.pk, outside), rank.get(second.pk, outside), index), first, second, status)
        )
    return [(first, second, status) for _, first, second, status in sorted(pairs, key=lambda pair: pair[0])]


def every_required_pair_talked_or_waived(meeting):
    missing = [status for status in coverage(meeting) if status.state == "missing"]
    if missing:
        return [f"四必谈还有{len(missing)}对未谈（可在谈心谈话覆盖情况中补谈或说明免谈理由）。"]
    return []
