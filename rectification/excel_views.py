"""The 整改台账 as an Excel workbook: download it, and upload it back with progress and statuses."""

import logging

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import content_disposition_header

from audit import services as audit
from documents.import_page import run_import
from orgs import access
from orgs.shortcuts import refuse_locked, require, visible_meeting

from . import excel, services

logger = logging.getLogger(__name__)


class LedgerImportForm(forms.Form):
    file = forms.FileField(
        label="整改台账文件",
        help_text=f"从本系统导出并填写的Excel工作簿（.xlsx），不超过{excel.MAX_BYTES // 1024 // 1024} MB。",
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx"}),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        refusal = excel.file_refusal(upload.name, upload.size)
        if refusal:
            raise forms.ValidationError(refusal)
        return upload


@login_required
def ledger_xlsx(request, pk):
    meeting = visible_meeting(request, pk)
    require(access.can_export_rectification_list(request.user, meeting))
    content = excel.export_workbook(meeting, request.user)
    audit.record(audit.Action.EXPORT, request=request, obj=meeting, detail="导出 整改台账 xlsx")
    filename = f"{meeting.organisation.leadership_name}{meeting.year}年整改台账.xlsx"
    response = HttpResponse(content, content_type=excel.CONTENT_TYPE)
    response["Content-Disposition"] = content_disposition_header(True, filename)
    return response


@login_required
def ledger_import(request, pk):
    meeting = visible_meeting(request, pk)
    require(access.can_manage_meeting(request.user, meeting))  # the office's page: anyone else 403
    locked = services.locked_reason(meeting)
    posted = request.method == "POST"
    if locked:
        if posted:
            return refuse_locked(request, locked)
        return render(request, "rectification/import.html", {"meeting": meeting, "locked": locked})
    form = LedgerImportForm(request.POST if posted else None, request.FILES if posted else None)
    result = None
    if posted and form.is_valid():
        result = run_import(
            request,
            meeting,
            "整改台账",
            lambda: excel.import_workbook(meeting, form.cleaned_data["file"], request.user),
            done=lambda result: f"导入整改台账：{result.summary}",
            problems=lambda result: result.errors,
            logger=logger,
        )
        if result is None:
            return render(request, "rectification/import.html", {"meeting": meeting, "form": form})
        if result.ok:
            messages.success(request, f"整改台账已导入：{result.summary}。")
            return redirect("rectification_ledger", pk=meeting.pk)
    return render(
        request,
        "rectification/import.html",
        {"meeting": meeting, "form": form, "result": result},
    )
