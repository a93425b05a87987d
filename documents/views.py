"""Downloads of the official documents."""

from urllib.parse import quote

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import NoReverseMatch, reverse

from audit import services as audit
from orgs.shortcuts import visible_meeting

from .export import FORMATS, export
from .exporters import EXPORTERS


@login_required
def download(request, pk, kind, fmt):
    if kind not in EXPORTERS or fmt not in FORMATS:
        raise Http404("没有这种文档。")
    meeting = visible_meeting(request, pk)
    exporter = EXPORTERS[kind]
    member = None
    if exporter.needs_member:
        from feedback.services import team_members

        member_id = request.GET.get("member", "")
        member = get_object_or_404(team_members(meeting), pk=int(member_id) if member_id.isdigit() else 0)
        allowed = exporter.may_export(request.user, meeting, member)
    else:
        allowed = exporter.may_export(request.user, meeting)
    what = f"{exporter.filename}（{member.name}）" if member is not None else exporter.filename
    if not allowed:
        audit.record(
            audit.Action.EXPORT,
            request=request,
            obj=meeting,
            outcome=audit.Outcome.REFUSED,
            detail=f"导出 {what} {fmt}：无权导出",
        )
        raise PermissionDenied("您没有导出此文档的权限。")
    if not exporter.in_request:
        # The 材料汇编 runs to hundreds of pages: a task builds it, on the meeting's 报告通报 page.
        try:
            return redirect(reverse("reporting_page", args=[meeting.pk]))
        except NoReverseMatch:
            raise Http404("没有这种文档。") from None
    viewer = request.user if exporter.needs_viewer else None
    exported = export(kind, meeting, fmt, member=member, viewer=viewer)
    audit.record(audit.Action.EXPORT, request=request, obj=meeting, detail=f"导出 {what} {fmt}")
    response = HttpResponse(exported.content, content_type=exported.content_type)
    response["Content-Disposition"] = _attachment(exported.filename)
    return response


def _attachment(filename):
    ascii_name = filename.encode("ascii", "ignore").decode() or f"document.{filename.rsplit('.', 1)[-1]}"
    return f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(filename)}"
