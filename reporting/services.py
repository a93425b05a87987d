"""What the secretary and the office do in the reporting stage (DESIGN §10).

- 审定: the secretary approves the report or the 通报 as it reads now; the approval keeps the tree's
  fingerprint, so any later change of its text (from the data, or from 主送 / 抄报 / 下一步工作)
  asks for approval again before it can go out.
- 报送 / 印发: the office records the sending; at that moment the rendered docx and PDF are stored
  with their SHA-256 (``FrozenFile``) and the schedule's row is done, so its reminders stop. A
  second sending (a correction) keeps the first, numbered.
- 材料汇编: built by a Celery task (``build_bundle``), never inside a web request; a second request
  while one runs attaches to it. Each finished build is kept with its SHA-256 as well.
- The stage guard: reporting → closed needs the report sent and the 通报 issued, or the office's
  written reason.
"""

import hashlib
import logging
import time
from dataclasses import dataclass

from django.core.files.base import ContentFile
from django.db import IntegrityError, OperationalError, transaction
from django.db.models import Max
from django.utils import timezone

from audit import services as audit
from documents import render_bundle
from documents.export import FORMATS, export
from documents.exporters import EXPORTERS
from documents.tree import fingerprint
from meetings.models import Meeting, ScheduleItem
from meetings.services import TransitionRefused
from meetings.workflow import NeedsReason
from orgs import access

from .models import (
    ACTIVE_BUNDLE_STATUSES,
    SENT_KINDS,
    Approval,
    BundleJob,
    BundleStatus,
    DocumentKind,
    FrozenFile,
    Sending,
)
from .selectors import SCHEDULE_ACTIVITY, report_settings

logger = logging.getLogger(__name__)

# The date a document prints, fixed when the secretary approves it (until then: today).
DATE_FIELD = {DocumentKind.REPORT: "report_dated", DocumentKind.NOTIFICATION: "notification_dated"}
# A bundle job that has not moved for this long is taken for dead (its worker was killed).
STALLED_AFTER = timezone.timedelta(minutes=15)

CLOSED_REFUSAL = "会议不在整改落实或报告通报阶段，不能办理报告通报事项。"


def document_tree(meeting, kind):
    return EXPORTERS[kind].build(meeting)


@dataclass(frozen=True)
class ApprovalState:
    """The latest approval of a document and whether the text still reads as it did then."""

    approval: Approval | None
    fingerprint: str

    @property
    def current(self):
        return self.approval is not None and self.approval.fingerprint == self.fingerprint

    @property
    def stale(self):
        return self.approval is not None and not self.current


def latest_approval(meeting, kind):
    return Approval.objects.filter(meeting=meeting, kind=kind).select_related("by").first()


def approval_state(meeting, kind, tree=None):
    tree = tree if tree is not None else document_tree(meeting, kind)
    return ApprovalState(latest_approval(meeting, kind), fingerprint(tree))


def _locked(meeting):
    # Only the meeting row: PostgreSQL refuses FOR UPDATE on the nullable host join.
    return (
        Meeting.objects.select_for_update(of=("self",))
        .select_related("organisation", "host")
        .get(pk=meeting.pk)
    )


@transaction.atomic
def save_settings(meeting, by, **fields):
    """The office writes the report's own parts (主送, 抄报, 通报范围, 下一步工作, dates)."""
    locked = _locked(meeting)
    if not access.reporting_is_open(locked):
        raise TransitionRefused([CLOSED_REFUSAL])
    settings = report_settings(locked)
    for name, value in fields.items():
        setattr(settings, name, value)
    settings.updated_by = by
    settings.save()
    return settings


@transaction.atomic
def approve(meeting, kind, by):
    """审定: the approval holds the fingerprint of the text as the secretary read it.

    The document's date is fixed now if the office left it empty, so the approved text does not
    change overnight.
    """
    if kind not in SENT_KINDS:
        raise TransitionRefused(["只有情况报告和情况通报需要审定。"])
    locked = _locked(meeting)
    if not access.reporting_is_open(locked):
        raise TransitionRefused([CLOSED_REFUSAL])
    settings = report_settings(locked)
    if getattr(settings, DATE_FIELD[kind]) is None:
        setattr(settings, DATE_FIELD[kind], timezone.localdate())
        settings.updated_by = by
        settings.save()
    tree = document_tree(locked, kind)
    approval = Approval.objects.create(meeting=locked, kind=kind, fingerprint=fingerprint(tree), by=by)
    audit.record(
        audit.Action.APPROVE, user=by, obj=approval, meeting=locked, detail=f"审定{DocumentKind(kind).label}"
    )
    return approval


def sendings(meeting, kind=None):
    rows = Sending.objects.filter(meeting=meeting).select_related("by", "approval__by", "bundle")
    return rows.filter(kind=kind) if kind else rows


def latest_bundle(meeting):
    """The last bundle that was built to the end, or None."""
    return (
        BundleJob.objects.filter(meeting=meeting, status=BundleStatus.DONE)
        .order_by("-finished_at", "-pk")
        .first()
    )


def sending_refusals(meeting, kind, *, sent_on, recipients, channel, note, state):
    """Why this sending may not be recorded (empty: it may)."""
    name = DocumentKind(kind).label
    reasons = []
    if not access.reporting_is_open(meeting):
        reasons.append(CLOSED_REFUSAL)
    if state.approval is None:
        reasons.append(f"{name}尚未经主要负责同志审定，审定后方可报送（印发）。")
    elif state.stale:
        reasons.append(
            f"{name}审定后内容有变化（数据或主送、抄报、下一步工作等已修改），请主要负责同志重新审定。"
        )
    if sent_on is None:
        reasons.append("请填写报送（印发）日期。")
    elif sent_on > timezone.localdate():
        reasons.append("报送（印发）日期不能晚于今天。")
    if not recipients.strip():
        reasons.append("请填写报送对象（印发范围）。")
    if kind == DocumentKind.REPORT and not channel:
        reasons.append("请选择报送方式（机要交换、电子公文或当面报送）。")
    if Sending.objects.filter(meeting=meeting, kind=kind).exists() and not note.strip():
        reasons.append(f"{name}已报送（印发）过，再次报送须在“说明”中写明更正的内容。")
    return reasons


def _sha256(content):
    return hashlib.sha256(content).hexdigest()


def _freeze(meeting, document, fmt, content, name, *, sending=None, bundle_job=None):
    frozen = FrozenFile(
        meeting=meeting,
        sending=sending,
        bundle_job=bundle_job,
        document=document,
        format=fmt,
        name=name,
        sha256=_sha256(content),
        size=len(content),
    )
    frozen.file.save(f"{_sha256(content)[:16]}.{fmt}", ContentFile(content), save=False)
    frozen.save()
    return frozen


@transaction.atomic
def send(meeting, kind, by, *, sent_on, recipients, channel="", note=""):
    """报送 the report (or 印发 the 通报): freezes its docx and PDF as they read now."""
    if kind not in SENT_KINDS:
        raise TransitionRefused(["只有情况报告和情况通报可以报送（印发）。"])
    locked = _locked(meeting)
    state = approval_state(locked, kind)
    reasons = sending_refusals(
        locked, kind, sent_on=sent_on, recipients=recipients, channel=channel, note=note, state=state
    )
    if reasons:
        raise TransitionRefused(reasons)
    number = (Sending.objects.filter(meeting=locked, kind=kind).aggregate(n=Max("number"))["n"] or 0) + 1
    sending = Sending.objects.create(
        meeting=locked,
        kind=kind,
        number=number,
        sent_on=sent_on,
        recipients=recipients.strip(),
        channel=channel if kind == DocumentKind.REPORT else "",
        note=note.strip(),
        approval=state.approval,
        bundle=latest_bundle(locked) if kind == DocumentKind.REPORT else None,
        by=by,
    )
    audit.record(audit.Action.SEND, user=by, obj=sending, meeting=locked, detail=f"登记{sending}")
    for fmt in FORMATS:
        exported = export(kind, locked, fmt)
        frozen = _freeze(locked, kind, fmt, exported.content, exported.filename, sending=sending)
        audit.record(audit.Action.FREEZE, user=by, obj=frozen, detail=f"固化{sending}的{fmt}文件")
    ScheduleItem.objects.filter(
        meeting=locked, activity=SCHEDULE_ACTIVITY[kind], done_at__isnull=True
    ).update(done_at=timezone.now())
    return sending


def report_and_notification_sent(meeting):
    """归档 needs the report sent and the 通报 issued; the office may close without them only with a
    written reason (e.g. the superior asked for the report in another form)."""
    sent = set(Sending.objects.filter(meeting=meeting).values_list("kind", flat=True))
    reasons = []
    if DocumentKind.REPORT not in sent:
        reasons.append(NeedsReason("情况报告尚未报送上级纪委、组织部。"))
    if DocumentKind.NOTIFICATION not in sent:
        reasons.append(NeedsReason("情况通报尚未印发。"))
    return reasons


# --- 材料汇编 -------------------------------------------------------------------------------------


def active_bundle(meeting):
    return BundleJob.objects.filter(meeting=meeting, status__in=ACTIVE_BUNDLE_STATUSES).first()


def request_bundle(meeting, by):
    """Starts building the bundle, or attaches to the build already under way: (job, started).

    The task is queued after the commit; a broker that is down fails the job at once with a message,
    so the page never waits and the next request can try again.
    """
    if not access.reporting_is_open(meeting):
        raise TransitionRefused([CLOSED_REFUSAL])
    with transaction.atomic():
        _locked(meeting)
        running = active_bundle(meeting)
        if running is not None and running.updated_at >= timezone.now() - STALLED_AFTER:
            return running, False
        if running is not None:
            _fail(running.pk, "生成任务长时间没有进展，已停止；已重新开始生成。")
        try:
            with transaction.atomic():
                job = BundleJob.objects.create(meeting=meeting, requested_by=by)
        except IntegrityError:  # another request created one between our read and our insert
            return active_bundle(meeting), False
        transaction.on_commit(lambda: _enqueue(job.pk))
    return job, True


def _enqueue(job_id):
    from .tasks import build_bundle_task

    try:
        build_bundle_task.delay(job_id)
    except Exception as error:  # kombu raises a different error per transport; all mean "not queued"
        logger.warning("材料汇编任务 %s 未能进入队列：%s", job_id, error)
        _fail(job_id, "任务队列暂时不可用，材料汇编未能开始生成，请稍后重试。")


def _fail(job_id, message):
    BundleJob.objects.filter(pk=job_id, status__in=ACTIVE_BUNDLE_STATUSES).update(
        status=BundleStatus.FAILED, error=message, finished_at=timezone.now(), updated_at=timezone.now()
    )


# A write after a long render may meet a lock held by a reader (SQLite, the embedded default, locks
# the whole table): it is tried again a few times before it counts as failed.
WRITE_ATTEMPTS = 5
WRITE_PAUSE = 0.5  # seconds, doubled after each attempt


def _written(write):
    for attempt in range(WRITE_ATTEMPTS):
        try:
            return write()
        except OperationalError:
            if attempt == WRITE_ATTEMPTS - 1:
                raise
            time.sleep(WRITE_PAUSE * 2**attempt)
    return None


def _progress(job_id):
    def report(done, total, label=""):
        try:
            _written(
                lambda: BundleJob.objects.filter(pk=job_id).update(
                    done=done, total=total, step=label[:200], updated_at=timezone.now()
                )
            )
        except OperationalError:  # progress is for the page; the build goes on without it
            logger.warning("材料汇编 %s 的进度未能写入（%s/%s）", job_id, done, total)

    return report


def build_bundle(job_id):
    """The task's work: build every piece (progress after each), render docx and PDF, keep both.

    Runs once per job: a redelivered message finds the job no longer queued and does nothing.
    """
    from documents.exporters.bundle import bundle_document

    started = BundleJob.objects.filter(pk=job_id, status=BundleStatus.QUEUED).update(
        status=BundleStatus.RUNNING, started_at=timezone.now(), updated_at=timezone.now()
    )
    if not started:
        return None
    job = BundleJob.objects.select_related("meeting__organisation", "meeting__host").get(pk=job_id)
    meeting = job.meeting
    report = _progress(job_id)
    try:
        tree = bundle_document(meeting, progress=report)
        pieces = len(tree.pieces)
        total = pieces + 2
        # The PDF first: its layout gives the Word 目录 the page on which each piece starts.
        report(pieces, total, "排版PDF文件")
        pdf = render_bundle.layout_bundle_pdf(tree)
        report(pieces + 1, total, "生成Word文件")
        files = {"pdf": pdf.content, "docx": render_bundle.render_bundle_docx(tree, pdf.starts)}
        name = f"{meeting.organisation.leadership_name}{meeting.year}年{EXPORTERS['bundle'].filename}"

        def keep():
            with transaction.atomic():
                for fmt in FORMATS:
                    frozen = _freeze(
                        meeting, DocumentKind.BUNDLE, fmt, files[fmt], f"{name}.{fmt}", bundle_job=job
                    )
                    audit.record(
                        audit.Action.FREEZE,
                        user=job.requested_by,
                        obj=frozen,
                        detail=f"固化材料汇编的{fmt}文件",
                    )
                BundleJob.objects.filter(pk=job_id).update(
                    status=BundleStatus.DONE,
                    done=total,
                    total=total,
                    step="已生成",
                    fingerprint=fingerprint(tree),
                    pages=pdf.pages,
                    finished_at=timezone.now(),
                    updated_at=timezone.now(),
                )

        _written(keep)
    except Exception as error:
        logger.exception("材料汇编 %s 生成失败", job_id)
        _fail(job_id, f"生成失败：{error}")
        raise
    return job_id


def bundle_files(job):
    return {frozen.format: frozen for frozen in job.files.all()} if job else {}


# --- 归档 -------------------------------------------------------------------------------------------


def frozen_files(meeting):
    return FrozenFile.objects.filter(meeting=meeting).select_related(
        "sending", "bundle_job", "meeting__organisation"
    )


def set_retention(frozen, retention):
    FrozenFile.objects.filter(pk=frozen.pk).update(retention=retention)
    frozen.retention = retention
