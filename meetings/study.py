"""会前学习: recording collective study sessions and their attendance, members' self-study notes,
and the figures the reports print ("召开理论学习中心组学习xx次" is counted here, never typed)."""

from django.db import transaction
from django.db.models import Count, Q

from orgs.refusals import Refused

from .dates import future_date_problem
from .models import (
    Meeting,
    MeetingPerson,
    PersonKind,
    SelfStudyNote,
    StudyAttendance,
    StudyForm,
    StudySession,
)
from .workflow import ARCHIVE_READ_ONLY, Stage, pre_meeting_records_open

LOCKED_MESSAGE = "会议已召开，会前学习记录已锁定，不能再修改。"
HELD_PAGE = "会议已召开，会前学习记录已锁定，只能查看。"


class StudyError(Refused):
    """A study action that cannot be done; the message is shown to the user."""


def is_editable(meeting):
    """Pre-meeting records stay editable until the meeting is held, then lock (DESIGN §2)."""
    return pre_meeting_records_open(meeting)


def lock_reason(meeting):
    """What a study form says in place of the form once the records are locked; None while they are not."""
    if meeting.stage == Stage.CLOSED:
        return ARCHIVE_READ_ONLY
    return None if is_editable(meeting) else HELD_PAGE


def date_problem(date):
    """Study is recorded after it took place: a session's or a note's date is not after today."""
    return future_date_problem(date, "学习日期", "请在学习之后再记录。")


def check_held(date):
    problem = date_problem(date)
    if problem:
        raise StudyError(problem)


def check_editable(meeting):
    """Refuses once the meeting is held, reading the stage afresh with the row locked so that a
    concurrent move to 召开会议 cannot slip in between the check and the write."""
    stage = Meeting.objects.select_for_update().filter(pk=meeting.pk).values_list("stage", flat=True).get()
    meeting.stage = stage
    if not is_editable(meeting):
        raise StudyError(LOCKED_MESSAGE)


def participants(meeting):
    """The team whose attendance is taken: the meeting's participants (参加人员) with an account, in order."""
    people = (
        MeetingPerson.objects.filter(meeting=meeting, kind=PersonKind.PARTICIPANT, user__isnull=False)
        .select_related("user")
        .order_by("order", "pk")
    )
    seen, users = set(), []
    for person in people:
        if person.user_id not in seen:
            seen.add(person.user_id)
            users.append(person.user)
    return users


def material_lines(materials):
    """The materials as typed, one a line, blank lines dropped."""
    return [line.strip() for line in (materials or "").splitlines() if line.strip()]


def material_key(title):
    """Two spellings of one title count once: spaces and the outer 《》 do not make a new material."""
    return "".join(title.split()).strip("《》")


@transaction.atomic
def record_session(meeting, by, *, date, form, topic, materials, summary, attendance=None):
    """集中学习研讨: a session and who attended it.

    ``attendance`` maps each participant's user id to ``None`` (present) or the reason they were
    absent; without it every participant is recorded present.
    """
    check_editable(meeting)
    check_held(date)
    session = StudySession.objects.create(
        meeting=meeting,
        date=date,
        form=form,
        topic=topic.strip(),
        materials="\n".join(material_lines(materials)),
        summary=summary.strip(),
        created_by=by,
    )
    _set_attendance(session, *_split(meeting, attendance))
    return session


@transaction.atomic
def update_session(session, *, date, form, topic, materials, summary, attendance=None):
    """Changes a session; ``attendance`` as in ``record_session`` (``None`` keeps it as it is)."""
    check_editable(session.meeting)
    check_held(date)
    session.date, session.form, session.topic = date, form, topic.strip()
    session.materials = "\n".join(material_lines(materials))
    session.summary = summary.strip()
    session.save()
    if attendance is not None:
        _set_attendance(session, *_split(session.meeting, attendance))
    return session


@transaction.atomic
def update_attendance(session, present_ids, absences):
    """Who attended: ``present_ids`` were there; every other participant was absent and needs a
    reason in ``absences`` ({user id: reason})."""
    check_editable(session.meeting)
    _set_attendance(session, present_ids, absences)
    return session


@transaction.atomic
def delete_session(session):
    check_editable(session.meeting)
    session.delete()


def _split(meeting, attendance):
    if attendance is None:
        return [person.pk for person in participants(meeting)], {}
    present = [pk for pk, reason in attendance.items() if reason is None]
    absences = {pk: reason for pk, reason in attendance.items() if reason is not None}
    return present, absences


def _set_attendance(session, present_ids, absences):
    team = participants(session.meeting)
    team_ids = {person.pk for person in team}
    present_ids = {int(pk) for pk in present_ids}
    absences = {int(pk): (reason or "").strip() for pk, reason in absences.items()}
    strangers = (present_ids | set(absences)) - team_ids
    if strangers:
        raise StudyError("出席情况中有不属于本次会议参加人员的人，请刷新页面后重新填写。")
    both = present_ids & set(absences)
    if both:
        names = "、".join(person.name for person in team if person.pk in both)
        raise StudyError(f"{names}不能既出席又缺席。")
    # An absence without a reason is not recorded: the report must say why someone missed the study.
    unexplained = [person for person in team if person.pk not in present_ids and not absences.get(person.pk)]
    if unexplained:
        names = "、".join(person.name for person in unexplained)
        raise StudyError(f"{names}缺席，须填写缺席原因。")
    # Rows of people no longer among the participants are history and stay as they were.
    session.attendance.filter(person_id__in=team_ids).delete()
    StudyAttendance.objects.bulk_create(
        StudyAttendance(
            session=session,
            person=person,
            present=person.pk in present_ids,
            absence_reason="" if person.pk in present_ids else absences[person.pk],
        )
        for person in team
    )


@transaction.atomic
def write_note(meeting, author, *, date, material, text):
    """自学: a member's own study note (material studied and 心得体会)."""
    check_editable(meeting)
    check_held(date)
    return SelfStudyNote.objects.create(
        meeting=meeting, author=author, date=date, material=material.strip(), text=text.strip()
    )


@transaction.atomic
def update_note(note, by, *, date, material, text):
    """Only the author changes a note: it is their own account of their study."""
    if note.author_id != by.pk:
        raise StudyError("只能修改本人的自学记录。")
    check_editable(note.meeting)
    check_held(date)
    note.date, note.material, note.text = date, material.strip(), text.strip()
    note.save()
    return note


def study_figures(meeting):
    """The counts a report prints about 会前学习, in two queries and the meeting's people (prefetched or not).

    Keys: ``sessions`` (total), ``by_form`` ({form value: count}, every form, zeros included),
    ``forms`` ([(label, count)] of the forms used, for display), ``materials`` (distinct materials of
    the sessions), ``material_list`` (those titles, in the order first studied), ``notes`` (self-study
    notes written), ``note_authors`` (people who wrote at least one), ``participants`` (the team),
    ``attendance_expected`` / ``attendance_present`` (attendance rows / of them present) and
    ``attendance_rate`` (present ÷ expected, 0–1, ``None`` before any attendance is taken) with
    ``attendance_percent`` (the same as a whole percentage, for "出席率96%").
    """
    sessions = list(
        StudySession.objects.filter(meeting=meeting)
        .order_by("date", "pk")
        .annotate(
            expected=Count("attendance"), present=Count("attendance", filter=Q(attendance__present=True))
        )
        .values("form", "materials", "expected", "present")
    )
    notes = SelfStudyNote.objects.filter(meeting=meeting).aggregate(
        count=Count("pk"), authors=Count("author", distinct=True)
    )
    # The team is a few dozen rows, which the meeting page has already read.
    team = len({p.user_id for p in meeting.people.all() if p.kind == PersonKind.PARTICIPANT and p.user_id})
    labels = dict(StudyForm.choices)
    by_form = dict.fromkeys(StudyForm.values, 0)
    titles = {}
    for session in sessions:
        by_form[session["form"]] = by_form.get(session["form"], 0) + 1
        for title in material_lines(session["materials"]):
            titles.setdefault(material_key(title), title)
    expected = sum(session["expected"] for session in sessions)
    present = sum(session["present"] for session in sessions)
    return {
        "sessions": len(sessions),
        "by_form": by_form,
        "forms": [(labels.get(value, value), count) for value, count in by_form.items() if count],
        "materials": len(titles),
        "material_list": list(titles.values()),
        "notes": notes["count"],
        "note_authors": notes["authors"],
        "participants": team,
        "attendance_expected": expected,
        "attendance_present": present,
        "attendance_rate": present / expected if expected else None,
        "attendance_percent": round(100 * present / expected) if expected else None,
    }
