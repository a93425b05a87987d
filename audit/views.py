"""The audit administrator's pages: the trail with its filters, and the filtered rows as CSV.

Only the audit administrator opens them (三员分立): not the system or the security administrator, not a
superuser, not any role of a meeting. The trail names meetings by number and objects by the label stored
in the event, so reading it gives no meeting content.
"""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import StreamingHttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_safe

from orgs import access

from . import export, services
from .forms import AuditFilterForm
from .models import Action, AuditEvent, Outcome

PAGE_SIZE = 50
REFUSAL = "只有审计管理员可以查阅审计记录。"


def _require_audit_admin(request, action):
    """403 for anyone but the audit administrator; the attempt (``action``, refused) is itself an event
    the auditor should see."""
    if not access.is_audit_admin(request.user):
        services.record(action, request=request, outcome=Outcome.REFUSED, detail="非审计管理员，已拒绝")
        raise PermissionDenied(REFUSAL)


def _filtered(request):
    form = AuditFilterForm(request.GET or None)
    return form, form.apply(AuditEvent.objects.select_related("user")).order_by("-at", "-pk")


@login_required
@require_safe
def audit_log(request):
    _require_audit_admin(request, Action.AUDIT_VIEW)
    form, events = _filtered(request)
    page = Paginator(events, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    rows = [(event, export.type_label(event.object_type)) for event in page]
    return render(
        request,
        "audit/log.html",
        {
            "form": form,
            "page": page,
            "rows": rows,
            "total": AuditEvent.objects.count(),
            "filtered": bool(form.is_bound and form.has_changed()),
            "query": query.urlencode(),
            "retention_days": services.retention_days(),
        },
    )


@login_required
@require_safe
def audit_export(request):
    """Exactly the rows the page's filters select, every one of them (no page), newest first."""
    _require_audit_admin(request, Action.AUDIT_EXPORT)
    form, events = _filtered(request)
    count = events.count()
    # Recorded first and left out of the file, so the file is the rows as they were when it was asked for.
    event = services.record(
        Action.AUDIT_EXPORT, request=request, detail=f"导出审计记录{count}条（筛选：{form.description()}）"
    )
    rows = events.exclude(pk=event.pk).iterator(chunk_size=2000)
    response = StreamingHttpResponse(export.lines(rows), content_type="text/csv; charset=utf-8")
    name = f"审计记录（{timezone.localdate():%Y%m%d}）.csv"
    response["Content-Disposition"] = content_disposition_header(True, name)
    response["Cache-Control"] = "no-store"
    return response
