"""会议记录: the record taken down at the meeting — prefilled from the plan and the talks, saved member by
member while the meeting goes on, and checked before the meeting may move on to rectification (DESIGN §6).

The record is started by the office's first POST in the meeting stage (``ensure_record``), never by opening
a page. The criticisms it takes from the talks are the talks' private content (DESIGN §4) until the recorder
confirms each was raised at the meeting (``Criticism.confirmed``); ``orgs.access.criticisms_for`` says who
reads them before that, and the minutes and the reports count only the confirmed ones."""

import datetime
from typing import NamedTuple

from django.db import transaction
from django.db.models import Prefetch
from django.utils import timezone

from documents.tree import format_date
from orgs.refusals import Refused

from .dates import future_date_problem
from .models import (
    Attendance,
    Criticism,
    MeetingPerson,
    MeetingRecord,
    PersonKind,
    Statement,
    TalkParticipant,
)
from .services import host_label
from .workflow import Confirmable

# "批评意见不少于2条": the plans ask every member to receive at least two criticisms.
MIN_CRITICISMS = 2
EPOCH = datetime.datetime(1970, 1, 1, tzinfo=datetime.UTC)


class RecordRefused(Refused):
    """A change to the record that cannot be made; the message is shown to the office."""

    status = 409


def meeting_day(meeting, record=None):
    """The day the meeting is held: the record's actual date when it has one, else the planned date."""
    return (record.held_on if record is not None else None) or meeting.date


def not_yet_held(meeting, record=None):
    """Why nothing of the meeting can be recorded as said yet (its day has not come), or None.

    A meeting is recorded when it happens: a record cannot be completed, nor the meeting stage left,
    before the meeting's day.
    """
    day = meeting_day(meeting, record)
    if day is not None and timezone.localdate() < day:
        return (
            f"会议定于{format_date(day)}召开，尚未召开：会议当天起才能记录发言、完成会议记录并进入下一阶段。"
        )
    return None


def held_on_problem(held_on):
    """The record's actual date is a day that has come: why ``held_on`` cannot be recorded, or None."""
    return future_date_problem(held_on, "实际召开日期", "请填写会议实际召开的日期；会议召开前可先留空。")


@transaction.atomic
def ensure_record(meeting):
    """The meeting's record, created from the plan the first time; later calls add the people added since.

    Nothing already recorded is overwritten or duplicated. A new member's statement comes with the
    criticisms the others said in their talks they would raise (拟在会上开展批评的问题), unconfirmed: still
    the talks' content until the recorder confirms them at the meeting. Called by the office's POST that
    starts the record (``record_views.record_start``), never by a page being read.
    """
    record, created = MeetingRecord.objects.get_or_create(
        meeting=meeting,
        defaults={
            # The planned date becomes the actual one, once it has come (a record opened before the
            # meeting leaves it blank: the actual date is never in the future).
            "held_on": meeting.date if held_on_problem(meeting.date) is None else None,
            "start_time": meeting.start_time,
            "place": meeting.place,
            "host": host_label(meeting.host) if meeting.host_id else "",
        },
    )
    if not created:
        # Two offices opening the page at once: the second waits here and then sees the first's rows.
        record = MeetingRecord.objects.select_for_update().get(pk=record.pk)
    people = list(MeetingPerson.objects.filter(meeting=meeting).order_by("kind", "order", "pk"))
    attended = set() if created else set(record.attendance.values_list("person_id", flat=True))
    Attendance.objects.bulk_create(
        Attendance(record=record, person=person, present=True)
        for person in people
        if person.pk not in attended
    )

    participants = [person for person in people if person.kind == PersonKind.PARTICIPANT]
    speaking = set() if created else set(record.statements.values_list("member_id", flat=True))
    new = []
    for position, person in enumerate(participants, 1):
        if person.user_id and person.user_id not in speaking:
            speaking.add(person.user_id)
            new.append(Statement(record=record, member_id=person.user_id, order=position))
    if new:
        Statement.objects.bulk_create(new)
        Criticism.objects.bulk_create(_criticisms_from_talks(meeting, new))
    return record


def _criticisms_from_talks(meeting, statements):
    """For each new statement: what every other side of the member's talks intended to raise."""
    sides = TalkParticipant.objects.filter(talk__meeting=meeting).order_by(
        "talk__date", "talk_id", "order", "pk"
    )
    by_talk = {}
    for side in sides.only("pk", "talk_id", "person_id", "criticisms_to_raise"):
        by_talk.setdefault(side.talk_id, []).append(side)
    criticisms = []
    for statement in statements:
        order = 0
        for talk_sides in by_talk.values():
            if not any(side.person_id == statement.member_id for side in talk_sides):
                continue
            for side in talk_sides:
                text = side.criticisms_to_raise.strip()
                if side.person_id != statement.member_id and text:
                    order += 1
                    criticisms.append(
                        Criticism(
                            statement=statement,
                            order=order,
                            by_id=side.person_id,
                            text=text,
                            from_talk=side,
                            confirmed=False,
                        )
                    )
    return criticisms


def unrecorded_people(meeting, record):
    """The plan's people not in the record yet (added to the plan after the record was started)."""
    people = MeetingPerson.objects.filter(meeting=meeting).order_by("kind", "order", "pk")
    if record is not None:
        people = people.exclude(attendance__record=record)
    return list(people)


class StaleStatement(Refused):
    """The turn was saved elsewhere (another tab, another recorder) since this page loaded it."""

    status = 409

    def __init__(self, statement):
        self.statement = statement
        super().__init__("这位同志的发言记录已在其他页面或设备上修改过。为免覆盖他人的内容，本次未保存。")


def statement_version(statement):
    """What a page sends back to prove it saw the latest save: the last save's time in microseconds."""
    return str((statement.updated_at - EPOCH) // datetime.timedelta(microseconds=1))


@transaction.atomic
def save_statement(statement, *, by, self_criticism, response, criticisms, base_version=None):
    """One member's turn as the recorder has it now.

    ``criticisms`` are dicts ``{"id", "by", "by_name", "text"}`` in order: a row with an id of this
    statement updates it, another row is new, a row with empty text is ignored, and the statement's
    criticisms not in the list are deleted. A row's ``"confirmed"`` says whether it was raised at the
    meeting: a new row is unless it says otherwise (the recorder types what was said), an existing one keeps
    what it was unless the row says. Returns, for each row given, the saved Criticism or None.
    With ``base_version`` (``statement_version`` of the turn the page loaded), a turn saved since is
    not overwritten: ``StaleStatement`` is raised.
    """
    locked = Statement.objects.select_for_update().get(pk=statement.pk)
    if base_version is not None and statement_version(locked) != base_version:
        raise StaleStatement(locked)
    early = not_yet_held(statement.record.meeting, statement.record)
    if early:
        raise RecordRefused(early)
    locked.self_criticism = self_criticism.strip()
    locked.response = response.strip()
    locked.save(update_fields=["self_criticism", "response", "updated_at"])
    # The caller's object shows the save too (its new version included).
    statement.self_criticism, statement.response, statement.updated_at = (
        locked.self_criticism,
        locked.response,
        locked.updated_at,
    )
    existing = {criticism.pk: criticism for criticism in Criticism.objects.filter(statement=locked)}
    saved, changed, created = [], [], []
    for row in criticisms:
        text = (row.get("text") or "").strip()
        if not text:
            saved.append(None)
            continue
        critic = row.get("by")
        criticism = existing.pop(row.get("id"), None) or Criticism(statement=locked)
        criticism.order = len(changed) + len(created) + 1
        criticism.by = critic
        criticism.by_name = "" if critic is not None else (row.get("by_name") or "").strip()
        criticism.text = text
        criticism.confirmed = row.get("confirmed", criticism.confirmed if criticism.pk else True)
        (changed if criticism.pk else created).append(criticism)
        saved.append(criticism)
    if existing:
        Criticism.objects.filter(pk__in=existing).delete()
    if changed:
        Criticism.objects.bulk_update(changed, ["order", "by", "by_name", "text", "confirmed"])
    if created:
        Criticism.objects.bulk_create(created)
    MeetingRecord.objects.filter(pk=statement.record_id).update(updated_by=by, updated_at=timezone.now())
    return saved


@transaction.atomic
def update_record(record, *, by, attendance, orders, **fields):
    """The record's own fields, who attended (``{attendance pk: (present, reason)}``) and the speaking
    order (``{statement pk: order}``), as the office corrects them after the meeting."""
    problem = held_on_problem(fields.get("held_on"))
    if problem:
        raise RecordRefused(problem)
    for name, value in fields.items():
        setattr(record, name, value.strip() if isinstance(value, str) else value)
    record.updated_by = by
    record.save()
    rows = list(record.attendance.filter(pk__in=attendance))
    for row in rows:
        present, reason = attendance[row.pk]
        row.present, row.absence_reason = present, "" if present else reason.strip()
    Attendance.objects.bulk_update(rows, ["present", "absence_reason"])
    statements = list(record.statements.filter(pk__in=orders))
    for statement in statements:
        statement.order = orders[statement.pk]
    Statement.objects.bulk_update(statements, ["order"])
    return record


# --- reading the record ------------------------------------------------------------------------------


class RecordWarning(NamedTuple):
    """Something the record shows that the plans ask to be otherwise; the office may still move on."""

    statement: Statement
    message: str


def soft_phrases():
    from inspection.models import SoftPhrase

    return list(SoftPhrase.objects.values_list("text", flat=True))


def absent_members(record):
    """{user id: reason} of the participants recorded absent."""
    rows = Attendance.objects.filter(record=record, present=False, person__user__isnull=False)
    return dict(rows.values_list("person__user_id", "absence_reason"))


def statement_warnings(statement, criticisms, phrases):
    """The warnings of one member's turn; ``criticisms`` its criticisms in order, ``phrases`` the SoftPhrase
    texts. Only the criticisms confirmed as raised at the meeting count; the others are named as waiting."""
    name = statement.member.name
    warnings = []
    waiting = sum(1 for criticism in criticisms if not criticism.confirmed)
    raised = [criticism for criticism in criticisms if criticism.confirmed]
    if waiting:
        warnings.append(
            RecordWarning(
                statement,
                f"{name}同志有{waiting}条谈心谈话中拟提出的批评意见尚未确认在会上提出；"
                "未确认的不计入批评意见条数，也不写入会议记录和导出的文档。",
            )
        )
    if len(raised) < MIN_CRITICISMS:
        count = f"只有{len(raised)}条" if raised else "还没有记录"
        warnings.append(
            RecordWarning(statement, f"{name}同志收到的批评意见{count}，按要求每人不少于{MIN_CRITICISMS}条。")
        )
    # Numbered as the pages list them (a waiting one included), checked once raised.
    for number, criticism in enumerate(criticisms, 1):
        found = [phrase for phrase in phrases if phrase in criticism.text] if criticism.confirmed else []
        if found:
            quoted = "".join(f"“{phrase}”" for phrase in found)
            warnings.append(
                RecordWarning(
                    statement,
                    f"对{name}同志的第{number}条批评意见（{criticism.critic}）用了{quoted}，"
                    "这是以希望、建议代替批评的说法，请如实记录所批评的具体问题。",
                )
            )
    return warnings


def statements_of(record, criticisms=None):
    """The record's statements in speaking order, with their members and criticisms (three queries).

    ``criticisms``: the Criticism queryset to show, e.g. ``orgs.access.criticisms_for`` a reader (default all).
    """
    criticisms = Criticism.objects.all() if criticisms is None else criticisms
    return list(
        record.statements.select_related("member").prefetch_related(
            Prefetch("criticisms", queryset=criticisms.select_related("by"))
        )
    )


def record_warnings(record, statements=None, absent=None):
    """Warnings for every member present, in speaking order; absent members need none.

    ``statements`` (from ``statements_of``) and ``absent`` (from ``absent_members``) when already read.
    """
    statements = statements_of(record) if statements is None else statements
    absent = absent_members(record) if absent is None else absent
    phrases = soft_phrases()
    warnings = []
    for statement in statements:
        if statement.member_id not in absent:
            warnings.extend(statement_warnings(statement, list(statement.criticisms.all()), phrases))
    return warnings


class Attendees(NamedTuple):
    """Who was there, as the minutes list them."""

    participants: list  # MeetingPerson present, in the plan's order
    absent: list  # (MeetingPerson, reason) of every kind
    attendees: list  # 列席, present
    guidance: list  # 指导, present


def attendees(people, attendance):
    """``people`` the meeting's MeetingPersons in order, ``attendance`` its Attendance rows; a person
    without a row (a record not started, someone added since) counts as present."""
    rows = {row.person_id: row for row in attendance}
    groups = Attendees([], [], [], [])
    lists = {
        PersonKind.PARTICIPANT: groups.participants,
        PersonKind.ATTENDEE: groups.attendees,
        PersonKind.GUIDANCE: groups.guidance,
    }
    for person in people:
        row = rows.get(person.pk)
        if row is not None and not row.present:
            groups.absent.append((person, row.absence_reason))
        else:
            lists[person.kind].append(person)
    return groups


def is_complete(statement, absent):
    """A member's turn is complete when both their self-criticism and their response are recorded
    (an absent member has nothing to record)."""
    return statement.member_id in absent or bool(statement.self_criticism and statement.response)


def record_problems(meeting):
    """What the record lacks before the meeting may move on; the warnings come last, as Confirmable."""
    record = MeetingRecord.objects.filter(meeting=meeting).first()
    early = not_yet_held(meeting, record)
    if record is None:
        return [early] if early else ["会议记录尚未开始，请在“会议记录”中记录会议情况。"]
    problems = [early] if early else []
    if record.held_on is None:
        problems.append("会议记录未填写实际召开日期。")
    if not record.place.strip():
        problems.append("会议记录未填写会议地点。")
    unexplained = record.attendance.filter(present=False, absence_reason="").select_related("person")
    for row in unexplained:
        problems.append(f"{row.person.name}缺席，未填写缺席原因。")
    statements = statements_of(record)
    absent = absent_members(record)
    for statement in statements:
        if statement.member_id in absent:
            continue
        missing = [
            label
            for label, text in (("自我批评", statement.self_criticism), ("表态", statement.response))
            if not text.strip()
        ]
        if missing:
            problems.append(f"{statement.member.name}同志的发言未记录{'和'.join(missing)}。")
    if not record.summary.strip():
        problems.append("会议记录未填写主持人总结讲话。")
    problems.extend(Confirmable(warning.message) for warning in record_warnings(record, statements, absent))
    return problems


def record_must_be_complete(meeting):
    return record_problems(meeting)
