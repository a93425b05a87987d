"""Pages for importing opinions from a spreadsheet or a summary typed in Word, and the template to fill in."""

import logging

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import content_disposition_header

from audit import services as audit
from documents.import_page import run_import
from orgs import access
from orgs.shortcuts import refuse_locked, require, visible_meeting

from . import importer, services

logger = logging.getLogger(__name__)

TEMPLATE_FORMATS = {
    "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", importer.template_xlsx),
    "csv": ("text/csv; charset=utf-8", importer.template_csv),
}


class ImportForm(forms.Form):
    file = forms.FileField(
        label="表格文件或Word汇总",
        # The importer says what is wrong with an empty file; the field's own message would be vaguer.
        allow_empty_file=True,
        help_text=f"Excel工作簿（.xlsx）或CSV文件，不超过{importer.MAX_BYTES // 1024 // 1024} MB、"
        f"{importer.MAX_ROWS}行；或在Word中写好的意见建议汇总（.docx）。",
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.csv,.docx"}),
    )
    channel = forms.ChoiceField(
        label="征求渠道（导入Word汇总时选择）",
        required=False,
        help_text="Word汇总中没有逐条写明渠道，导入的意见都记为这里选择的渠道；导入表格时不用选，以表格的“渠道”列为准。",
    )
    allow_duplicates = forms.BooleanField(
        label="重复的意见也导入",
        required=False,
        help_text="默认情况下，表格中有与已录入意见或表内其他行内容相同的（不计空格和标点），整个表格都不导入；"
        "勾选后照常导入，并列出这些重复的意见供核对。",
    )

    def __init__(self, *args, channels=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["channel"].choices = [("", "—"), *((c.name, c.name) for c in channels)]


@login_required
def import_opinions(request, pk):
    meeting = visible_meeting(request, pk)
    require(access.can_manage_meeting(request.user, meeting))
    locked = services.locked_reason(meeting)
    posted = request.method == "POST"
    if locked:
        if posted:
            return refuse_locked(request, locked)
        return render(request, "feedback/import.html", {"meeting": meeting, "locked": locked})
    # Not ``request.POST or None``: a post without a file is empty and must still say "choose a file".
    form = ImportForm(
        request.POST if posted else None, request.FILES if posted else None, channels=meeting.channels.all()
    )
    result = None
    if posted and form.is_valid():
        upload = form.cleaned_data["file"]
        # One byte past the limit tells "too large" without reading a huge upload into memory.
        content = upload.read(importer.MAX_UPLOAD_BYTES + 1)
        result = run_import(
            request,
            meeting,
            "意见建议",
            lambda: importer.import_opinions(
                meeting,
                upload.name,
                content,
                by=request.user,
                allow_duplicates=form.cleaned_data["allow_duplicates"],
                channel=form.cleaned_data["channel"],
            ),
            done=lambda result: f"导入意见建议{result.saved}条",
            problems=lambda result: result.problems,
            logger=logger,
        )
        if result is None:
            return _import_page(request, meeting, form)
        if result.ok:
            messages.success(request, f"已导入{result.saved}条意见建议。")
            if result.duplicates:
                messages.warning(
                    request,
                    f"其中{len(result.duplicates)}条与已录入的意见或表内其他行重复，已按您的选择一并导入，"
                    "可在列表中核对后合并：" + "；".join(str(p) for p in result.duplicates[:20]),
                )
            return redirect("opinion_list", pk=meeting.pk)
    return _import_page(request, meeting, form, result)


def _import_page(request, meeting, form, result=None):
    """The import page: the form as posted, what stopped the import (``result``), and how to fill the sheet."""
    context = {
        "meeting": meeting,
        "form": form,
        "result": result,
        "only_duplicates": result is not None and all(p.is_duplicate for p in result.problems),
        "choices": importer.Choices(meeting),
        "column_help": importer.COLUMN_HELP,
        "team_label": importer.TEAM_LABEL,
        "can_manage": True,
    }
    return render(request, "feedback/import.html", context)


@login_required
def import_template(request, pk, fmt):
    """The sheet to fill in, with the meeting's own aspects, categories, channels and members."""
    meeting = visible_meeting(request, pk)
    require(access.can_manage_meeting(request.user, meeting))
    locked = services.locked_reason(meeting)
    if locked:
        return refuse_locked(request, locked)
    if fmt not in TEMPLATE_FORMATS:
        raise Http404("只提供.xlsx和.csv模板。")
    content_type, build = TEMPLATE_FORMATS[fmt]
    audit.record(audit.Action.EXPORT, request=request, obj=meeting, detail=f"导出 意见建议导入模板 {fmt}")
    response = HttpResponse(build(meeting), content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(True, f"意见建议导入模板.{fmt}")
    return response
