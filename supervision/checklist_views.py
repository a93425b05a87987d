"""督导检查表 of one meeting: the rows filled in from the records, the supervisor's remarks and verdict."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from meetings import selectors
from orgs import access, shortcuts
from orgs.shortcuts import require, visible_meeting

from .checklist import checklist
from .checklist_forms import ChecklistForm
from .models import Checklist, StaleChecklist, save_checklist


@login_required
@require_http_methods(["GET", "POST"])
def checklist_page(request, pk):
    meeting = visible_meeting(request, pk)
    user = request.user
    require(access.can_read_checklist(user, meeting), "督导检查表由督导组填写，供办公室和主要负责同志查看。")
    saved = Checklist.objects.filter(meeting=meeting).select_related("by").first()
    can_write = access.can_write_checklist(user, meeting)
    form = ChecklistForm.for_checklist(saved) if can_write else None
    if request.method == "POST":
        require(can_write, "只有本次会议的督导组可以填写督导检查表，其他人只能查看。")
        form = ChecklistForm(request.POST)
        if form.is_valid():
            try:
                save_checklist(
                    meeting,
                    user,
                    verdict=form.cleaned_data["verdict"],
                    verdict_text=form.cleaned_data["verdict_text"].strip(),
                    remarks=form.remarks(),
                    base_version=form.cleaned_data["version"],
                )
            except StaleChecklist as stale:
                # The typed text stays in the form; the newer save is shown beside it to compare.
                shortcuts.refused(request, stale, form=form)
                saved = stale.newer
            else:
                messages.success(request, "督导检查表已保存。")
                return redirect("supervision_checklist", pk=meeting.pk)
    remarks = saved.remarks if saved else {}
    rows = [
        {
            "check": check,
            "remark": remarks.get(check.code, ""),
            "field": form.remark(check.code) if form else None,
        }
        for check in checklist(meeting)
    ]
    return render(
        request,
        "supervision/checklist.html",
        {
            "meeting": meeting,
            "steps": selectors.stepper(meeting),
            "rows": rows,
            "saved": saved,
            "form": form,
            "can_export": access.can_export_checklist(user, meeting),
        },
    )
