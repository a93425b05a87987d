"""One rectification item: where it came from, its progress with evidence, its status log, and what the
owner (progress, status), the secretary or the office (销号) and the office (edit, delete) do to it."""

import copy

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from audit import services as audit
from meetings.workflow import ARCHIVE_READ_ONLY
from orgs import access, shortcuts
from orgs.shortcuts import require, visible_item, visible_meeting

from . import selectors, services
from .forms import CloseForm, ItemForm, ProgressForm, StatusForm
from .models import Evidence


def _to_item(meeting, item):
    return redirect("rectification_item", pk=meeting.pk, item_pk=item.pk)


def _require_continuing(allowed, item):
    """Progress, status and 销号 go on after the archive for the items still open (reporting/archive.py
    lets them through); an archived meeting's finished item is part of the archive, and is refused as such."""
    if access.meeting_is_archived(item.meeting) and not item.is_open:
        require(allowed, ARCHIVE_READ_ONLY)
    require(allowed)


# --- the page ---------------------------------------------------------------------------------------


OWNER_CLOSE_HINT = (
    "整改完成后，请上传佐证材料并将状态改为“已完成待销号”，由主要负责同志或办公室确认销号"
    "（责任领导本人不能为自己的事项销号）。"
)


def _close_hint(user, item):
    """What stands in place of 确认销号 for the owner and for whoever reported the item done: who closes
    it, so they know whom to ask."""
    if not item.is_open:
        return ""
    if item.awaits_closing and item.done_by_id == user.pk:
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
    updates, loose = selectors.item_progress(item)
    context = {
        "meeting": meeting,
        "item": item,
        "sources": selectors.item_sources(user, meeting, item),
        # This item's progress, then the progress it brought from earlier meetings (旧账).
        "timelines": [
            {"item": item, "progress": updates, "loose": loose, "current": True},
            *selectors.item_history(user, item),
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
            shortcuts.refused(request, error, form=form)
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
            shortcuts.refused(request, error, form=form)
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
            shortcuts.refused(request, error, form=form)
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
                shortcuts.refused(request, error, form=form)
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
        return shortcuts.refused(request, error) or _to_item(meeting, item)
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
