"""One rectification item: where it came from, its progress with evidence, its status log, and what the
owner (progress, status), the secretary or the office (销号) and the office (edit, delete) do to it."""

import copy

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Prefetch
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from audit import services as audit
from feedback.models import OpinionStatus
from meetings.views import require, visible_meeting
from meetings.workflow import ARCHIVE_READ_ONLY
from orgs import access

from . import services
from .forms import CloseForm, ItemForm, ProgressForm, StatusForm
from .models import Evidence, ItemStatus, SourceKind

# How far back the history of a carried item is followed (one meeting a year: more than enough).
HISTORY_DEPTH = 10


def visible_item(request, meeting, item_pk):
    """An item the user may open; 404 for anyone else, so not even its existence leaks."""
    item = get_object_or_404(
        access.items_for(request.user, meeting).select_related(
            "rectification_list__member",
            "owner",
            "done_by",
            "closed_by",
            "carried_from__meeting__organisation",
        ),
        pk=item_pk,
    )
    item.meeting = meeting
    item.rectification_list.meeting = meeting
    return item


def _to_item(meeting, item):
    return redirect("rectification_item", pk=meeting.pk, item_pk=item.pk)


def _require_continuing(allowed, item):
    """Progress, status and 销号 go on after the archive for the items still open (reporting/archive.py
    lets them through); an archived meeting's finished item is part of the archive, and is refused as such."""
    if access.meeting_is_archived(item.meeting) and not item.is_open:
        require(allowed, ARCHIVE_READ_ONLY)
    require(allowed)


# --- the page ---------------------------------------------------------------------------------------


def _progress(item):
    """Progress updates in date order, each with its files, plus files attached to no update."""
    updates = list(
        item.progress.select_related("by").prefetch_related(
            Prefetch("evidence", queryset=Evidence.objects.order_by("uploaded_at", "pk"))
        )
    )
    loose = list(item.evidence.filter(progress__isnull=True))
    return updates, loose


def _source_rows(user, meeting, item):
    """Each source with a link to it when the user may open it there (none otherwise: the quote stays)."""
    sources = list(item.sources.select_related("previous_item__meeting"))
    opinion_ids = {s.opinion_id for s in sources if s.opinion_id}
    draft_ids = {s.draft_id for s in sources if s.draft_id}
    seen_opinions = set(
        access.opinions_for(user, meeting)
        .filter(pk__in=opinion_ids, status=OpinionStatus.ACCEPTED)
        .values_list("pk", flat=True)
        if opinion_ids
        else ()
    )
    seen_drafts = set(
        access.drafts_for(user, meeting).filter(pk__in=draft_ids).values_list("pk", flat=True)
        if draft_ids
        else ()
    )
    reads_record = any(s.criticism_id for s in sources) and access.can_read_record(user, meeting)
    rows = []
    for source in sources:
        url = None
        if source.kind == SourceKind.OPINION and source.opinion_id in seen_opinions:
            url = f"{reverse('rectification_opinions', args=[meeting.pk])}?opinion={source.opinion_id}#opinion-{source.opinion_id}"
        elif source.kind == SourceKind.DRAFT_PROBLEM and source.draft_id in seen_drafts:
            url = reverse("draft_detail", args=[meeting.pk, source.draft_id])
        elif source.kind == SourceKind.CRITICISM and source.criticism_id and reads_record:
            url = reverse("record_detail", args=[meeting.pk])
        elif source.kind == SourceKind.PREVIOUS_ITEM and source.previous_item_id:
            previous = source.previous_item
            if access.items_for(user, previous.meeting).filter(pk=previous.pk).exists():
                url = reverse("rectification_item", args=[previous.meeting_id, previous.pk])
        rows.append({"source": source, "url": url})
    return rows


def _history(user, item):
    """The items this one was carried from (旧账), newest first, with their progress — as far as the
    user may see them."""
    history, previous, seen = [], item.carried_from, {item.pk}
    while previous is not None and previous.pk not in seen and len(history) < HISTORY_DEPTH:
        seen.add(previous.pk)
        earlier = (
            access.items_for(user, previous.meeting)
            .select_related("meeting__organisation", "carried_from__meeting__organisation")
            .filter(pk=previous.pk)
            .first()
        )
        if earlier is None:
            break
        updates, loose = _progress(earlier)
        history.append({"item": earlier, "progress": updates, "loose": loose, "current": False})
        previous = earlier.carried_from
    return history


OWNER_CLOSE_HINT = (
    "整改完成后，请上传佐证材料并将状态改为“已完成待销号”，由主要负责同志或办公室确认销号"
    "（责任领导本人不能为自己的事项销号）。"
)


def _close_hint(user, item):
    """What stands in place of 确认销号 for the owner and for whoever reported the item done: who closes
    it, so they know whom to ask."""
    if not item.is_open:
        return ""
    if item.status == ItemStatus.DONE and item.done_by_id == user.pk:
        return f"您已报告该事项完成。{services.SECOND_PERSON}请主要负责同志或办公室的其他同志确认销号。"
    if item.owner_id == user.pk:
        return OWNER_CLOSE_HINT
    return ""


def _render_item(
    request, meeting, item, *, progress_form=None, status_form=None, close_form=None, status=200
):
    user = request.user
    can_update = access.can_update_item(user, item)
    can_close = access.can_close_item(user, item) and item.is_open
    updates, loose = _progress(item)
    context = {
        "meeting": meeting,
        "item": item,
        "sources": _source_rows(user, meeting, item),
        # This item's progress, then the progress it brought from earlier meetings (旧账).
        "timelines": [
            {"item": item, "progress": updates, "loose": loose, "current": True},
            *_history(user, item),
        ],
        "changes": item.status_changes.select_related("by"),
        "can_update": can_update,
        "can_close": can_close,
        "can_build": access.can_build_lists(user, meeting),
        "close_hint": "" if can_close else _close_hint(user, item),
        "closing_refusals": services.closing_refusals(item, user) if can_close else [],
        "progress_form": progress_form or (ProgressForm() if can_update else None),
        "status_form": status_form or (StatusForm(initial={"status": item.status}) if can_update else None),
        "close_form": close_form or (CloseForm() if can_close else None),
    }
    return render(request, "rectification/item_detail.html", context, status=status)


def _refused_into(form, error):
    """A service's refusal shown at the top of the form, with what was typed kept."""
    for reason in error.reasons:
        form.add_error(None, reason)


@login_required
def item_detail(request, pk, item_pk):
    meeting = visible_meeting(request, pk)
    return _render_item(request, meeting, visible_item(request, meeting, item_pk))


# --- what the owner and the office do ---------------------------------------------------------------


@require_POST
@login_required
def progress_add(request, pk, item_pk):
    """A progress update with its files. One bad file refuses the whole update; the text typed stays."""
    meeting = visible_meeting(request, pk)
    item = visible_item(request, meeting, item_pk)
    _require_continuing(access.can_update_item(request.user, item), item)
    form = ProgressForm(request.POST, request.FILES)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.add_progress(
                item,
                request.user,
                data["text"],
                date=data["date"],
                files=data["files"],
                status=data["status"] or None,
            )
        except services.RectificationRefused as error:
            _refused_into(form, error)
        else:
            count = len(data["files"])
            messages.success(request, f"进展已保存{f'，上传佐证材料{count}份' if count else ''}。")
            return _to_item(meeting, item)
    return _render_item(request, meeting, item, progress_form=form, status=400)


@require_POST
@login_required
def status_change(request, pk, item_pk):
    meeting = visible_meeting(request, pk)
    item = visible_item(request, meeting, item_pk)
    _require_continuing(access.can_update_item(request.user, item), item)
    form = StatusForm(request.POST)
    if form.is_valid():
        try:
            services.change_status(item, form.cleaned_data["status"], request.user, form.cleaned_data["note"])
        except services.RectificationRefused as error:
            _refused_into(form, error)
        else:
            messages.success(request, f"状态已改为“{item.get_status_display()}”。")
            return _to_item(meeting, item)
    return _render_item(request, meeting, item, status_form=form, status=400)


@require_POST
@login_required
def item_close(request, pk, item_pk):
    """销号: evidence and a second person (the secretary or the office), never the owner alone."""
    meeting = visible_meeting(request, pk)
    item = visible_item(request, meeting, item_pk)
    _require_continuing(access.can_close_item(request.user, item), item)
    form = CloseForm(request.POST)
    if form.is_valid():
        try:
            services.close_item(item, request.user, form.cleaned_data["note"])
        except services.RectificationRefused as error:
            _refused_into(form, error)
        else:
            messages.success(request, f"第{item.number}项已销号。")
            return _to_item(meeting, item)
    return _render_item(request, meeting, item, close_form=form, status=400)


@login_required
def item_edit(request, pk, item_pk):
    meeting = visible_meeting(request, pk)
    item = visible_item(request, meeting, item_pk)
    require(access.can_build_lists(request.user, meeting))
    # The form works on a copy: a refused edit must not show as saved in the page's header.
    form = ItemForm(request.POST or None, instance=copy.copy(item), meeting=meeting)
    if request.method == "POST":
        if form.is_valid():
            try:
                services.update_item(copy.copy(item), request.user, **form.cleaned_data)
            except services.RectificationRefused as error:
                _refused_into(form, error)
            else:
                messages.success(request, f"第{item.number}项已保存。")
                return _to_item(meeting, item)
        messages.error(request, "有内容需要修改，请查看标红的字段。已填写的内容均已保留。")
    return render(request, "rectification/item_edit.html", {"meeting": meeting, "item": item, "form": form})


@require_POST
@login_required
def item_delete(request, pk, item_pk):
    meeting = visible_meeting(request, pk)
    item = visible_item(request, meeting, item_pk)
    require(access.can_build_lists(request.user, meeting))
    try:
        services.delete_item(item, request.user)
    except services.RectificationRefused as error:
        for reason in error.reasons:
            messages.error(request, reason)
        return _to_item(meeting, item)
    messages.success(request, f"已删除{item.rectification_list.name}第{item.number}项。")
    return redirect("rectification_ledger", pk=meeting.pk)


# --- evidence ---------------------------------------------------------------------------------------


@login_required
def evidence_download(request, pk, evidence_pk):
    """A file of an item the user may open, under the name it was uploaded with."""
    meeting = visible_meeting(request, pk)
    evidence = get_object_or_404(
        Evidence.objects.filter(item__in=access.items_for(request.user, meeting)), pk=evidence_pk
    )
    try:
        handle = evidence.file.open("rb")
    except FileNotFoundError:
        raise Http404("文件已不存在。")
    audit.record(
        audit.Action.EVIDENCE_DOWNLOAD, request=request, obj=evidence, meeting=meeting, detail="下载佐证材料"
    )
    # The type is guessed from the checked extension, never taken from what the browser declared.
    return FileResponse(handle, as_attachment=True, filename=evidence.name)
