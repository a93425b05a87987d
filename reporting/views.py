"""The 报告通报 page (the report, the 通报, the bundle: previews, approval, sending, frozen history) and
the archive (every frozen file with its hash, its retention, one zip with a manifest)."""

import io
import zipfile

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_POST

from audit import services as audit
from documents import spreadsheet
from documents.export import FORMATS
from documents.render_pdf import render_preview
from meetings.services import TransitionRefused
from orgs import access, shortcuts
from orgs.shortcuts import require, visible_meeting

from . import selectors, services
from .forms import ReportSettingsForm, RetentionForm, SendingForm
from .models import SENT_KINDS, DocumentKind, FrozenFile


def _kind(kind):
    if kind not in SENT_KINDS:
        raise Http404("没有这种文档。")
    return DocumentKind(kind)


def _to_page(meeting, anchor=""):
    return redirect(reverse("reporting_page", args=[meeting.pk]) + (f"#{anchor}" if anchor else ""))


@login_required
def reporting_page(request, pk, settings_form=None, sending_forms=None):
    meeting = visible_meeting(request, pk)
    user = request.user
    require(access.can_view_reporting(user, meeting))
    can_send = access.can_send_report(user, meeting)
    sending_forms = sending_forms or {}
    documents = []
    for doc in selectors.reporting_documents(meeting):
        doc["preview"] = render_preview(doc["tree"])
        if can_send:
            doc["form"] = sending_forms.get(doc["kind"]) or SendingForm(
                kind=doc["kind"], initial=selectors.sending_initial(meeting, doc["kind"])
            )
        documents.append(doc)
    bundle = selectors.bundle_state(meeting)
    can_edit = access.can_edit_report_settings(user, meeting)
    return render(
        request,
        "reporting/page.html",
        {
            "meeting": meeting,
            "documents": documents,
            "bundle": bundle,
            "missing": selectors.missing(meeting),
            "settings_form": settings_form
            or (ReportSettingsForm(instance=selectors.report_settings(meeting)) if can_edit else None),
            "can_edit": can_edit,
            "can_approve": access.can_approve_report(user, meeting),
            "can_send": can_send,
            "can_build": access.can_build_bundle(user, meeting),
            "reporting_open": access.reporting_is_open(meeting),
            "archived": access.meeting_is_archived(meeting),
        },
    )


@require_POST
@login_required
def reporting_settings(request, pk):
    meeting = visible_meeting(request, pk)
    require(access.can_edit_report_settings(request.user, meeting))
    form = ReportSettingsForm(request.POST, instance=selectors.report_settings(meeting))
    if not form.is_valid():
        messages.error(request, "有内容需要修改，请查看标红的字段。已填写的内容均已保留。")
        return reporting_page(request, pk, settings_form=form)
    try:
        services.save_settings(meeting, request.user, **form.cleaned_data)
    except TransitionRefused as error:
        return shortcuts.refused(request, error) or _to_page(meeting)
    messages.success(request, "报告通报设置已保存。内容有变化的文档须主要负责同志重新审定。")
    return _to_page(meeting, "settings")


@require_POST
@login_required
def reporting_approve(request, pk, kind):
    meeting = visible_meeting(request, pk)
    kind = _kind(kind)
    require(access.can_approve_report(request.user, meeting))
    try:
        services.approve(meeting, kind, request.user)
        messages.success(request, f"{kind.label}已审定。")
    except TransitionRefused as error:
        return shortcuts.refused(request, error) or _to_page(meeting, kind.value)
    return _to_page(meeting, kind.value)


@require_POST
@login_required
def reporting_send(request, pk, kind):
    meeting = visible_meeting(request, pk)
    kind = _kind(kind)
    require(access.can_send_report(request.user, meeting))
    form = SendingForm(request.POST, kind=kind)
    if not form.is_valid():
        messages.error(request, "报送信息需要修改，请查看标红的字段。已填写的内容均已保留。")
        return reporting_page(request, pk, sending_forms={kind: form})
    data = form.cleaned_data
    try:
        sending = services.send(
            meeting,
            kind,
            request.user,
            sent_on=data["sent_on"],
            recipients=data["recipients"],
            channel=data.get("channel", ""),
            note=data["note"],
        )
    except TransitionRefused as error:
        return shortcuts.refused(request, error) or reporting_page(request, pk, sending_forms={kind: form})
    messages.success(
        request,
        f"已登记{kind.label}第{sending.number}次{sending.verb}，Word 和 PDF 文件已存档（含 SHA-256 校验值）。",
    )
    return _to_page(meeting, kind.value)


@require_POST
@login_required
def bundle_request(request, pk):
    meeting = visible_meeting(request, pk)
    require(access.can_build_bundle(request.user, meeting))
    try:
        job, started = services.request_bundle(meeting, request.user)
    except TransitionRefused as error:
        return shortcuts.refused(request, error) or _to_page(meeting, "bundle")
    if shortcuts.wants_json(request):
        return JsonResponse(selectors.bundle_json(meeting, job), status=202 if started else 200)
    messages.info(
        request, "已开始生成材料汇编，完成后可在本页下载。" if started else "材料汇编正在生成中，请稍候。"
    )
    return _to_page(meeting, "bundle")


@login_required
def bundle_status(request, pk):
    meeting = visible_meeting(request, pk)
    require(access.can_view_reporting(request.user, meeting))
    return JsonResponse(selectors.bundle_json(meeting, selectors.latest_job(meeting)))


# --- 归档 -------------------------------------------------------------------------------------------


@login_required
def archive_page(request, pk):
    meeting = visible_meeting(request, pk)
    user = request.user
    require(access.can_view_reporting(user, meeting))
    files = [frozen for frozen in services.frozen_files(meeting) if access.can_download_frozen(user, frozen)]
    can_set = access.can_set_retention(user, meeting)
    return render(
        request,
        "reporting/archive.html",
        {
            "meeting": meeting,
            "files": [(frozen, RetentionForm(instance=frozen) if can_set else None) for frozen in files],
            "can_set_retention": can_set,
            "archived": access.meeting_is_archived(meeting),
        },
    )


def _frozen(request, meeting, file_pk):
    frozen = get_object_or_404(
        FrozenFile.objects.select_related("meeting", "sending"), pk=file_pk, meeting=meeting
    )
    require(access.can_download_frozen(request.user, frozen))
    return frozen


@login_required
def frozen_download(request, pk, file_pk):
    """Exactly the bytes that were sent: the stored file, with its SHA-256 in a header."""
    meeting = visible_meeting(request, pk)
    frozen = _frozen(request, meeting, file_pk)
    audit.record(
        audit.Action.DOWNLOAD,
        request=request,
        obj=frozen,
        detail=f"下载 {frozen.get_document_display()} {frozen.format}",
    )
    response = FileResponse(
        frozen.file.open("rb"),
        as_attachment=True,
        filename=frozen.name,
        content_type=FORMATS.get(frozen.format, "application/octet-stream"),
    )
    response["X-Content-SHA256"] = frozen.sha256
    response["Cache-Control"] = "no-store"
    return response


@require_POST
@login_required
def reporting_retention(request, pk, file_pk):
    meeting = visible_meeting(request, pk)
    require(access.can_set_retention(request.user, meeting))
    frozen = _frozen(request, meeting, file_pk)
    form = RetentionForm(request.POST, instance=frozen)
    if form.is_valid():
        services.set_retention(frozen, form.cleaned_data["retention"])
        messages.success(request, f"“{frozen.name}”的保管期限已设为{frozen.get_retention_display()}。")
    else:
        messages.error(request, "请选择保管期限。")
    return redirect("archive_page", pk=meeting.pk)


MANIFEST_HEADER = [
    "文件",
    "文档",
    "格式",
    "SHA-256",
    "大小（字节）",
    "报送对象（印发范围）",
    "日期",
    "保管期限",
]


@login_required
def archive_zip(request, pk):
    """The whole archive in one zip: every frozen file the reader may download and 清单.csv beside them."""
    meeting = visible_meeting(request, pk)
    user = request.user
    require(access.can_view_reporting(user, meeting))
    files = [frozen for frozen in services.frozen_files(meeting) if access.can_download_frozen(user, frozen)]
    manifest = io.StringIO()
    writer = spreadsheet.CsvWriter(manifest)  # 报送对象 is typed text: never a formula (DESIGN §12)
    writer.writerow(MANIFEST_HEADER)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for frozen in files:
            path = selectors.archive_path(frozen)
            with frozen.file.open("rb") as content:
                archive.writestr(path, content.read())
            writer.writerow(selectors.manifest_row(frozen, path))
        # With a BOM, so that Excel opens the Chinese text as UTF-8.
        archive.writestr("清单.csv", "\ufeff" + manifest.getvalue())
    name = f"{meeting.title}档案（{timezone.localdate():%Y%m%d}）.zip"
    audit.record(
        audit.Action.DOWNLOAD, request=request, obj=meeting, detail=f"下载 档案压缩包（{len(files)}个文件）"
    )
    response = HttpResponse(buffer.getvalue(), content_type="application/zip")
    response["Content-Disposition"] = content_disposition_header(True, name)
    response["Cache-Control"] = "no-store"
    return response
