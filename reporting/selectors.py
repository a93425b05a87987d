"""Reading the reporting stage for documents and pages; nothing here writes (GET changes nothing)."""

import importlib

from django.urls import reverse
from django.utils import timezone

from .models import SENT_KINDS, BundleJob, DocumentKind, ReportSettings, Sending

# The schedule row each document answers (meetings/schedule.py DEFAULT_SCHEDULE).
SCHEDULE_ACTIVITY = {DocumentKind.REPORT: "situation_report", DocumentKind.NOTIFICATION: "notification"}


def report_settings(meeting):
    """The meeting's saved settings, or the defaults (unsaved) when the office has written none yet.

    主送 defaults to the bodies that issued the notice the meeting answers (发文机关, e.g.
    "县纪委、县委组织部"): the report goes back to them.
    """
    # Read afresh, not through ``meeting.report_settings``: a cached row (or a cached absence) on
    # the meeting object would let a document be approved or frozen with settings since changed.
    saved = ReportSettings.objects.filter(meeting=meeting).first()
    return saved or ReportSettings(meeting=meeting, main_recipients=meeting.notice_issuer)


def missing(meeting):
    """What the records still lack for the report and the 通报, in sentences (the page lists them first)."""
    try:
        module = importlib.import_module("documents.exporters.situation_report")
    except ImportError:
        return []
    return list(module.missing(meeting))


def reporting_documents(meeting):
    """The report and the 通报 as the page shows them: tree, approval, sendings, deadline."""
    from .services import approval_state, document_tree

    today = timezone.localdate()
    schedule = {row.activity: row for row in meeting.schedule.all()}
    sent = list(
        Sending.objects.filter(meeting=meeting)
        .select_related("by", "approval__by", "bundle")
        .prefetch_related("files")
        .order_by("number")
    )
    documents = []
    for kind in SENT_KINDS:
        tree = document_tree(meeting, kind)
        row = schedule.get(SCHEDULE_ACTIVITY[kind])
        rows = [sending for sending in sent if sending.kind == kind]
        for sending in rows:
            sending.days_late = _days_late(sending, row)
        documents.append(
            {
                "kind": kind,
                "label": kind.label,
                "tree": tree,
                "approval": approval_state(meeting, kind, tree),
                "sendings": rows,
                "deadline": row,
                "days_left": (row.due_date - today).days if row else None,
                "verb": "印发" if kind == DocumentKind.NOTIFICATION else "报送",
            }
        )
    return documents


def _days_late(sending, due):
    """Days after the deadline (``due``: a date or a schedule row); 0 when on time or without one."""
    due = getattr(due, "due_date", due)
    return max((sending.sent_on - due).days, 0) if due else 0


def sent_status(meeting, sendings):
    """Each document's latest sending, marked with how late it went ("逾期N天报送"), or None.

    ``sendings`` are the meeting's, in number order; the schedule is read from ``meeting.schedule``
    (prefetched on list pages).
    """
    due = {row.activity: row.due_date for row in meeting.schedule.all()}
    status = {}
    for kind in SENT_KINDS:
        rows = [sending for sending in sendings if sending.kind == kind]
        last = rows[-1] if rows else None
        if last is not None:
            deadline = due.get(SCHEDULE_ACTIVITY[kind])
            last.days_late = _days_late(last, deadline)
        status[kind] = last
    return status


def sending_initial(meeting, kind):
    settings = report_settings(meeting)
    if kind == DocumentKind.NOTIFICATION:
        return {"recipients": settings.notification_recipients}
    recipients = "、".join(part for part in (settings.main_recipients, settings.copy_recipients) if part)
    return {"recipients": recipients}


def latest_job(meeting):
    return BundleJob.objects.filter(meeting=meeting).order_by("-requested_at", "-pk").first()


def bundle_state(meeting):
    """The latest build (any state) and the latest finished one with its files."""
    from .services import bundle_files, latest_bundle

    job = latest_job(meeting)
    done = job if job is not None and job.status == "done" else latest_bundle(meeting)
    return {"job": job, "done": done, "files": bundle_files(done)}


def bundle_json(meeting, job):
    """What the page's script polls: the build's state, progress and, once done, the downloads."""
    if job is None:
        return {"status": "none", "done": 0, "total": 0, "percent": 0, "step": "", "files": {}}
    files = {}
    if job.status == "done":
        files = {
            frozen.format: reverse("frozen_download", args=[meeting.pk, frozen.pk])
            for frozen in job.files.all()
        }
    return {
        "id": job.pk,
        "status": job.status,
        "status_label": job.get_status_display(),
        "done": job.done,
        "total": job.total,
        "percent": job.percent,
        "step": job.step,
        "pages": job.pages,
        "error": job.error,
        "files": files,
    }


def archive_path(frozen):
    """The file's place in the archive zip: one folder per document, numbered sendings inside."""
    batch = (
        f"第{frozen.sending.number}次{frozen.sending.verb}"
        if frozen.sending_id
        else f"生成于{_local(frozen.frozen_at):%Y%m%d%H%M}"
    )
    return f"{frozen.get_document_display()}/{batch}/{frozen.name}"


def manifest_row(frozen, path):
    sending = frozen.sending
    return [
        path,
        frozen.get_document_display(),
        frozen.format,
        frozen.sha256,
        frozen.size,
        sending.recipients if sending else "",
        (sending.sent_on if sending else _local(frozen.frozen_at).date()).isoformat(),
        frozen.get_retention_display(),
    ]


def _local(moment):
    return timezone.localtime(moment)
