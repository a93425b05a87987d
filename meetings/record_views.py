"""Pages of the meeting record (会议记录): reading it, starting it, correcting it after the meeting, taking
it down live member by member, and the live page's save (JSON for its script, a plain redirect without JS).

Reading a page creates nothing: the office starts the record with a POST (``record_start``) in the meeting
stage, the only stage in which it is taken down. Before it, the pages say why and show no form."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count, Prefetch, Q, prefetch_related_objects
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from orgs import access, shortcuts
from orgs.shortcuts import require, visible_meeting

from . import record as records
from . import selectors
from .models import Criticism, MeetingPerson, MeetingRecord, PersonKind, Statement
from .record_forms import RecordAttendanceForm, RecordForm, SpeakingOrderForm, StatementForm
from .workflow import ARCHIVE_READ_ONLY, Stage, pre_meeting_records_open

REFUSED = "有内容需要修改，请查看标红的字段。已填写的内容均已保留。"
STALE_HINT = "您填写的内容仍在页面上：请先复制留存，再刷新页面查看最新记录后补充。"


def _not_yet(meeting):
    """Why the record of a meeting before its meeting stage cannot be taken down yet."""
    return (
        f"会议记录在“{Stage.MEETING.label}”阶段记录：会议进入该阶段后，办公室才能开始记录出席、发言和总结"
        f"（当前为“{meeting.get_stage_display()}”阶段）。"
    )


def _before_meeting_stage(meeting):
    """The stages before 召开会议: the workflow's pre-meeting window."""
    return pre_meeting_records_open(meeting)


def _locked(meeting):
    """Why a change to the record of a meeting outside its meeting stage was not saved."""
    if _before_meeting_stage(meeting):
        return _not_yet(meeting)
    return f"会议已进入“{meeting.get_stage_display()}”阶段，会议记录已定稿，不能再修改。"


def _read_only(meeting):
    """What the edit and live pages show in place of their forms outside the meeting stage."""
    if access.meeting_is_archived(meeting):
        return ARCHIVE_READ_ONLY
    if _before_meeting_stage(meeting):
        return _not_yet(meeting)
    return f"会议已进入“{meeting.get_stage_display()}”阶段，会议记录已定稿，只能查看。"


def _closed_for_office(request, meeting):
    """The office of a meeting outside its meeting stage (not yet, or final): told why rather than refused."""
    return access.can_manage_meeting(request.user, meeting) and not access.record_is_taken(meeting)


def _locked_page(request, meeting, template, status=200):
    return render(request, template, {"meeting": meeting, "locked": _read_only(meeting)}, status=status)


def _downloads(user, meeting):
    if not access.can_export_minutes(user, meeting):
        return []
    return [
        (label, reverse("document_download", args=[meeting.pk, "minutes", fmt]), fmt)
        for label, fmt in (("下载会议记录（Word）", "docx"), ("下载会议记录（PDF）", "pdf"))
    ]


def _people(meeting):
    return list(
        MeetingPerson.objects.filter(meeting=meeting).select_related("user").order_by("kind", "order", "pk")
    )


@never_cache
@login_required
@require_GET
def record_detail(request, pk):
    meeting = visible_meeting(request, pk)
    user = request.user
    require(access.can_read_record(user, meeting))
    record = MeetingRecord.objects.filter(meeting=meeting).select_related("updated_by").first()
    context = {
        "meeting": meeting,
        "record": record,
        "steps": selectors.stepper(meeting),
        "can_edit": access.can_edit_record(user, meeting),
        "sees_warnings": access.can_manage_meeting(user, meeting),
        "record_open": access.record_is_open(meeting),
        "downloads": _downloads(user, meeting),
        "early": records.not_yet_held(meeting, record),
        "not_yet": _not_yet(meeting)
        if _before_meeting_stage(meeting) and access.can_manage_meeting(user, meeting)
        else "",
    }
    if record is not None:
        # A criticism still waiting for the recorder's confirmation is read only by those who may read
        # the talk it came from.
        statements = records.statements_of(record, access.criticisms_for(user, meeting))
        attendance = list(record.attendance.all())
        people = _people(meeting)
        groups = records.attendees(people, attendance)
        absent = {person.user_id: reason for person, reason in groups.absent if person.user_id}
        warnings = records.record_warnings(record, statements) if context["sees_warnings"] else []
        for statement in statements:
            statement.absent_reason = absent.get(statement.member_id)
            statement.is_absent = statement.member_id in absent
            statement.complete = records.is_complete(statement, absent)
            statement.warnings = [w.message for w in warnings if w.statement.pk == statement.pk]
        context.update(
            {
                "statements": statements,
                "groups": groups,
                "warnings": warnings,
                "complete_count": sum(1 for s in statements if s.complete),
            }
        )
    return render(request, "meetings/record/detail.html", context)


@never_cache
@login_required
def record_edit(request, pk):
    meeting = visible_meeting(request, pk)
    user = request.user
    closed = _closed_for_office(request, meeting)
    if closed and request.method == "GET":
        return _locked_page(request, meeting, "meetings/record/edit.html")
    require(closed or access.can_edit_record(user, meeting))
    record = MeetingRecord.objects.filter(meeting=meeting).first()
    if record is None:
        if closed:
            messages.error(request, f"{_locked(meeting)}本次修改未保存。")
            return _locked_page(request, meeting, "meetings/record/edit.html", status=409)
        # Not started yet: the page offers the start (a POST), and has nothing to correct before it.
        return render(request, "meetings/record/edit.html", {"meeting": meeting, "not_started": True})
    data = request.POST or None
    form = RecordForm(data, instance=record)
    attendance = RecordAttendanceForm(
        data, rows=record.attendance.select_related("person"), prefix="attendance"
    )
    order = SpeakingOrderForm(data, statements=record.statements.select_related("member"), prefix="order")
    status = 200
    if request.method == "POST":
        if closed:
            messages.error(request, f"{_locked(meeting)}本次修改未保存，填写的内容保留在下方。")
            status = 409
        elif form.is_valid() and attendance.is_valid() and order.is_valid():
            try:
                records.update_record(
                    record,
                    by=user,
                    attendance=attendance.attendance,
                    orders=order.orders,
                    **{name: form.cleaned_data[name] for name in RecordForm.Meta.fields},
                )
            except records.RecordRefused as error:
                messages.error(request, f"{error}本次修改未保存，填写的内容保留在下方。")
                status = 409
            else:
                messages.success(request, "会议记录已保存。")
                return redirect("record_detail", pk=meeting.pk)
        else:
            messages.error(request, REFUSED)
    return render(
        request,
        "meetings/record/edit.html",
        {"meeting": meeting, "form": form, "attendance": attendance, "order": order, "closed": closed},
        status=status,
    )


def _live_page(request, meeting, record, current=None, form=None, status=200, editable=True):
    """现场记录模式: the stepper of members and one member's turn (``current``, default the first).

    Before the meeting's day the turns are shown, not taken down (nothing is said yet)."""
    early = records.not_yet_held(meeting, record)
    editable = editable and not early
    statements = list(
        record.statements.select_related("member").annotate(
            criticism_count=Count("criticisms", filter=Q(criticisms__confirmed=True))
        )
    )
    if not statements:
        return render(
            request,
            "meetings/record/live.html",
            {"meeting": meeting, "record": record, "statements": [], "early": early},
            status=status,
        )
    if current is None:
        current = statements[0]
    index = next((i for i, s in enumerate(statements) if s.pk == current.pk), None)
    if index is None:
        raise Http404("没有这位同志的发言。")
    current = _with_criticisms(statements[index])
    people = _people(meeting)
    if form is None:
        form = StatementForm(statement=current, people=people)
    absent = records.absent_members(record)
    for statement in statements:
        statement.is_absent = statement.member_id in absent
        statement.complete = records.is_complete(statement, absent)
    warnings = (
        []
        if current.member_id in absent
        else records.statement_warnings(current, list(current.criticisms.all()), records.soft_phrases())
    )
    return render(
        request,
        "meetings/record/live.html",
        {
            "meeting": meeting,
            "record": record,
            "statements": statements,
            "current": current,
            "absent_reason": absent.get(current.member_id),
            "previous": statements[index - 1] if index > 0 else None,
            "next": statements[index + 1] if index + 1 < len(statements) else None,
            "form": form,
            "rows": form.display_rows(),
            "warnings": [warning.message for warning in warnings],
            "editable": editable,
            "early": early,
            "unrecorded": records.unrecorded_people(meeting, record) if editable else [],
        },
        status=status,
    )


def _not_started_page(request, meeting):
    """The live page before the record is started: who will speak, in the plan's order (nothing saved), and
    the button that starts the record."""
    people = [
        person for person in _people(meeting) if person.kind == PersonKind.PARTICIPANT and person.user_id
    ]
    return render(
        request,
        "meetings/record/live.html",
        {
            "meeting": meeting,
            "not_started": True,
            "speakers": people,
            "early": records.not_yet_held(meeting),
        },
    )


def _with_criticisms(statement):
    """The statement with its criticisms and their critics loaded in one query."""
    prefetch_related_objects(
        [statement], Prefetch("criticisms", queryset=Criticism.objects.select_related("by"))
    )
    return statement


def _member(request, record):
    """The statement named by ``?member=<statement pk>``; the first when none is named."""
    value = request.GET.get("member", "")
    if not value:
        return None
    if not value.isdigit():
        raise Http404("没有这位同志的发言。")
    return get_object_or_404(record.statements, pk=int(value))


# never_cache: the back button must not bring back a stale page whose next save would undo newer ones.
@never_cache
@login_required
@require_GET
def record_live(request, pk):
    meeting = visible_meeting(request, pk)
    if _closed_for_office(request, meeting):
        return _locked_page(request, meeting, "meetings/record/live.html")
    require(access.can_edit_record(request.user, meeting))
    record = MeetingRecord.objects.filter(meeting=meeting).first()
    if record is None:
        return _not_started_page(request, meeting)
    return _live_page(request, meeting, record, _member(request, record))


START_TARGETS = {"live": "record_live", "edit": "record_edit"}


@login_required
@require_POST
def record_start(request, pk):
    """开始记录: the office creates the record from the plan (attendance, one turn per member, the talks'
    criticisms waiting for confirmation), or adds the people put on the plan since; then goes on to the
    live page (or the edit page, ``next=edit``)."""
    meeting = visible_meeting(request, pk)
    if _closed_for_office(request, meeting):
        messages.error(request, _locked(meeting))
        return _locked_page(request, meeting, "meetings/record/live.html", status=409)
    require(access.can_edit_record(request.user, meeting))
    started = MeetingRecord.objects.filter(meeting=meeting).exists()
    records.ensure_record(meeting)
    if started:
        messages.success(request, "已把会议方案中新增的人员列入会议记录。")
    else:
        messages.success(
            request,
            "会议记录已开始：参会人员取自会议方案；谈心谈话中拟在会上提出的批评意见已预先列出，"
            "请在会上确认提出后勾选“已在会上提出”，未确认的不写入会议记录。",
        )
    return redirect(START_TARGETS.get(request.POST.get("next", ""), "record_live"), pk=meeting.pk)


@login_required
@require_POST
def statement_save(request, pk, statement_pk):
    """Saves one member's turn: the live page's script (JSON answer) or its plain form (redirect)."""
    meeting = visible_meeting(request, pk)
    user = request.user
    closed = _closed_for_office(request, meeting)
    if closed and shortcuts.wants_json(request):
        return shortcuts.refused(request, f"{_locked(meeting)}本次内容未保存。", status=409, locked=True)
    require(closed or access.can_edit_record(user, meeting))
    statement = _with_criticisms(
        get_object_or_404(
            Statement.objects.select_related("member", "record"), pk=statement_pk, record__meeting=meeting
        )
    )
    form = StatementForm(request.POST, statement=statement, people=_people(meeting))
    if closed:
        messages.error(request, f"{_locked(meeting)}本次填写的内容未保存，保留在下方，可复制留存。")
        return _live_page(request, meeting, statement.record, statement, form, status=409, editable=False)
    if not form.is_valid():
        if shortcuts.wants_json(request):
            errors = [error for errors in form.errors.values() for error in errors]
            return shortcuts.refused(request, "未保存：" + "；".join(errors), status=400)
        messages.error(request, REFUSED)
        return _live_page(request, meeting, statement.record, statement, form)
    data = form.cleaned_data
    try:
        saved = records.save_statement(
            statement,
            by=user,
            self_criticism=data["self_criticism"],
            response=data["response"],
            criticisms=data["criticisms"],
            base_version=data["version"] or None,
        )
    except records.StaleStatement as error:
        if shortcuts.wants_json(request):
            return shortcuts.refused(request, f"{error}{STALE_HINT}", status=409, stale=True)
        messages.error(request, f"{error}{STALE_HINT}")
        return _live_page(request, meeting, statement.record, statement, form, status=409, editable=False)
    except records.RecordRefused as error:
        if shortcuts.wants_json(request):
            return shortcuts.refused(request, f"{error}本次内容未保存。", status=409, locked=True)
        messages.error(request, f"{error}本次填写的内容未保存，保留在下方，可复制留存。")
        return _live_page(request, meeting, statement.record, statement, form, status=409, editable=False)
    if shortcuts.wants_json(request):
        criticisms = [criticism for criticism in saved if criticism is not None]
        absent = records.absent_members(statement.record)
        warnings = (
            []
            if statement.member_id in absent
            else records.statement_warnings(statement, criticisms, records.soft_phrases())
        )
        return JsonResponse(
            {
                "saved_at": timezone.localtime().strftime("%H:%M:%S"),
                "warnings": [warning.message for warning in warnings],
                "criticisms": [criticism.pk if criticism else None for criticism in saved],
                "confirmed_count": sum(1 for criticism in criticisms if criticism.confirmed),
                "complete": records.is_complete(statement, absent),
                "version": records.statement_version(statement),
            }
        )
    messages.success(request, f"已保存{statement.member.name}同志的发言记录。")
    target = statement.pk
    if "next" in request.POST:
        order = list(statement.record.statements.values_list("pk", flat=True))
        position = order.index(statement.pk)
        target = order[position + 1] if position + 1 < len(order) else statement.pk
    return redirect(f"{reverse('record_live', args=[meeting.pk])}?member={target}")
