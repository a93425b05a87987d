"""Pages of the pre-meeting study (会前学习): the sessions, their attendance, and self-study notes."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Count, Prefetch, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from orgs import access, shortcuts
from orgs.shortcuts import require, visible_meeting

from . import selectors, study
from .models import StudyAttendance
from .study_forms import AttendanceForm, SelfStudyNoteForm, StudySessionForm

REFUSED = "有内容需要修改，请查看标红的字段。已填写的内容均已保留。"


@login_required
def study_list(request, pk):
    meeting = visible_meeting(request, pk)
    user = request.user
    sessions = (
        meeting.study_sessions.annotate(
            present_count=Count("attendance", filter=Q(attendance__present=True)),
            absent_count=Count("attendance", filter=Q(attendance__present=False)),
        )
        .prefetch_related(
            Prefetch(
                "attendance",
                queryset=StudyAttendance.objects.filter(present=False)
                .select_related("person")
                .order_by("pk"),
                to_attr="absences",
            )
        )
        .order_by("-date", "-pk")
    )
    notes = access.study_notes_for(user, meeting).select_related("author").order_by("-date", "-pk")
    session_page = Paginator(sessions, 20).get_page(request.GET.get("page"))
    note_page = Paginator(notes, 20).get_page(request.GET.get("notes_page"))
    return render(
        request,
        "meetings/study/list.html",
        {
            "meeting": meeting,
            "steps": selectors.stepper(meeting),
            "page": session_page,
            "note_page": note_page,
            "figures": study.study_figures(meeting),
            "editable": study.is_editable(meeting),
            "can_record": access.can_record_study(user, meeting),
            "can_write_note": access.can_write_study_note(user, meeting),
            "records_study": access.records_study(user, meeting),
            "writes_notes": access.writes_study_notes(user, meeting),
            "locked": study.lock_reason(meeting),
            "sees_all_notes": access.sees_all_study_notes(user, meeting),
        },
    )


def _refuse_when_locked(request, meeting, template, **context):
    """Opening a form of a held meeting shows why nothing can be changed any more, and no form."""
    if request.method == "GET" and not study.is_editable(meeting):
        context.update(meeting=meeting, locked=study.lock_reason(meeting))
        return render(request, template, context)
    return None


def _session_page(request, meeting, session=None):
    require(access.records_study(request.user, meeting))
    locked = _refuse_when_locked(request, meeting, "meetings/study/session_form.html", session=session)
    if locked:
        return locked
    initial_rows = {}
    if session is not None:
        initial_rows = {row.person_id: (row.present, row.absence_reason) for row in session.attendance.all()}
    data = request.POST or None
    form = StudySessionForm(data, instance=session)
    attendance = AttendanceForm(
        data, people=study.participants(meeting), initial_rows=initial_rows, prefix="attendance"
    )
    if request.method == "POST":
        if form.is_valid() and attendance.is_valid():
            fields = {name: form.cleaned_data[name] for name in StudySessionForm.Meta.fields}
            try:
                if session is None:
                    study.record_session(meeting, request.user, attendance=attendance.attendance, **fields)
                else:
                    study.update_session(session, attendance=attendance.attendance, **fields)
            except study.StudyError as error:
                shortcuts.refused(request, error, as_json=False)
            else:
                messages.success(
                    request, "集中学习记录已保存。" if session is None else "集中学习记录已更新。"
                )
                return redirect("study_list", pk=meeting.pk)
        else:
            messages.error(request, REFUSED)
    return render(
        request,
        "meetings/study/session_form.html",
        {"meeting": meeting, "session": session, "form": form, "attendance": attendance},
    )


@login_required
def study_session_create(request, pk):
    return _session_page(request, visible_meeting(request, pk))


@login_required
def study_session_edit(request, pk, session_pk):
    meeting = visible_meeting(request, pk)
    session = get_object_or_404(meeting.study_sessions, pk=session_pk)
    return _session_page(request, meeting, session)


@require_POST
@login_required
def study_session_delete(request, pk, session_pk):
    meeting = visible_meeting(request, pk)
    session = get_object_or_404(meeting.study_sessions, pk=session_pk)
    require(access.records_study(request.user, meeting))
    try:
        study.delete_session(session)
    except study.StudyError as error:
        shortcuts.refused(request, error, as_json=False)
    else:
        messages.success(request, f"已删除集中学习记录“{session.topic}”。")
    return redirect("study_list", pk=meeting.pk)


def _note_page(request, meeting, note=None):
    locked = _refuse_when_locked(request, meeting, "meetings/study/note_form.html", note=note)
    if locked:
        return locked
    form = SelfStudyNoteForm(request.POST or None, instance=note)
    if request.method == "POST":
        if form.is_valid():
            fields = {name: form.cleaned_data[name] for name in SelfStudyNoteForm.Meta.fields}
            try:
                if note is None:
                    study.write_note(meeting, request.user, **fields)
                else:
                    study.update_note(note, request.user, **fields)
            except study.StudyError as error:
                shortcuts.refused(request, error, as_json=False)
            else:
                messages.success(request, "自学记录已保存。")
                return redirect("study_list", pk=meeting.pk)
        else:
            messages.error(request, REFUSED)
    return render(request, "meetings/study/note_form.html", {"meeting": meeting, "note": note, "form": form})


@login_required
def study_note_create(request, pk):
    meeting = visible_meeting(request, pk)
    require(access.writes_study_notes(request.user, meeting))
    return _note_page(request, meeting)


@login_required
def study_note_edit(request, pk, note_pk):
    meeting = visible_meeting(request, pk)
    # A note the user may not read does not exist for them (404); one they may read but did not
    # write is refused (403): a note is its author's own account, nobody edits it for them.
    note = get_object_or_404(access.study_notes_for(request.user, meeting), pk=note_pk)
    require(note.author_id == request.user.pk)
    return _note_page(request, meeting, note)
