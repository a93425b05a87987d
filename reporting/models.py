"""报告通报与归档 (DESIGN §10): the report's editable parts, approvals, what was sent, frozen files, the bundle."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from meetings.models import Meeting


class DocumentKind(models.TextChoices):
    """The documents of the reporting stage, by their exporter's kind."""

    REPORT = "situation-report", "民主生活会召开情况报告"
    NOTIFICATION = "notification", "民主生活会情况通报"
    BUNDLE = "bundle", "材料汇编"


# The two documents the secretary approves and the office sends out.
SENT_KINDS = (DocumentKind.REPORT, DocumentKind.NOTIFICATION)


class ReportSettings(models.Model):
    """报告通报设置: what the office writes itself into the report and the 通报; the rest is counted."""

    meeting = models.OneToOneField(Meeting, on_delete=models.CASCADE, related_name="report_settings")
    main_recipients = models.CharField(
        "主送",
        max_length=200,
        blank=True,
        help_text="情况报告的主送机关，多个用顿号分隔，如：市纪委、市委组织部",
    )
    copy_recipients = models.CharField(
        "抄报", max_length=200, blank=True, help_text="抄报机关，多个用顿号分隔；没有可不填"
    )
    notification_recipients = models.CharField(
        "通报范围", max_length=200, default="各党支部，机关全体党员干部", help_text="情况通报的主送范围"
    )
    follow_up = models.CharField(
        "监督联系方式",
        max_length=200,
        blank=True,
        help_text="通报中告知党员干部群众监督整改的途径，如：县委办公室（电话：0871-1234567）",
    )
    next_steps = models.TextField(
        "下一步工作", blank=True, help_text="情况报告“下一步工作”一节；留空则使用标准表述"
    )
    report_dated = models.DateField("情况报告成文日期", null=True, blank=True)
    notification_dated = models.DateField("情况通报成文日期", null=True, blank=True)
    next_progress_report_on = models.DateField(
        "下次整改进展通报时间", null=True, blank=True, help_text="留空则按整改清单中最晚的完成时限"
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+", editable=False
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "报告通报设置"
        verbose_name_plural = "报告通报设置"

    def __str__(self):
        return f"{self.meeting}的报告通报设置"


class Approval(models.Model):
    """审定: the secretary approved a document's text as it then read (its fingerprint)."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="report_approvals")
    kind = models.CharField("文档", max_length=30, choices=DocumentKind.choices)
    fingerprint = models.CharField("文本指纹（SHA-256）", max_length=64)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    at = models.DateTimeField("审定时间", default=timezone.now)

    class Meta:
        verbose_name = "审定记录"
        verbose_name_plural = "审定记录"
        ordering = ["meeting", "kind", "-at", "-pk"]

    def __str__(self):
        return f"{self.get_kind_display()}审定（{self.at:%Y-%m-%d}）"


class SendingChannel(models.TextChoices):
    CONFIDENTIAL = "confidential", "机要交换"
    ELECTRONIC = "electronic", "电子公文"
    IN_PERSON = "in_person", "当面报送"


class Sending(models.Model):
    """报送 / 印发: one sending of the report, or one issuing of the 通报, numbered per document."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="sendings")
    kind = models.CharField("文档", max_length=30, choices=DocumentKind.choices)
    number = models.PositiveIntegerField("第几次")
    sent_on = models.DateField("报送（印发）日期")
    recipients = models.CharField("报送对象（印发范围）", max_length=300)
    channel = models.CharField("报送方式", max_length=20, choices=SendingChannel.choices, blank=True)
    note = models.TextField("说明", blank=True)
    approval = models.ForeignKey(Approval, null=True, on_delete=models.PROTECT, related_name="sendings")
    # The bundle (材料汇编) that went with the report, when one had been built.
    bundle = models.ForeignKey(
        "BundleJob", null=True, blank=True, on_delete=models.PROTECT, related_name="sendings"
    )
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    at = models.DateTimeField("登记时间", default=timezone.now)

    class Meta:
        verbose_name = "报送记录"
        verbose_name_plural = "报送记录"
        ordering = ["meeting", "kind", "number"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "kind", "number"], name="unique_sending_number"),
        ]

    def __str__(self):
        return f"{self.get_kind_display()}第{self.number}次{self.verb}"

    @property
    def verb(self):
        return "印发" if self.kind == DocumentKind.NOTIFICATION else "报送"


class Retention(models.TextChoices):
    PERMANENT = "permanent", "永久"
    THIRTY_YEARS = "30y", "30年"
    TEN_YEARS = "10y", "10年"


def frozen_path(instance, filename):
    batch = f"{instance.sending.number}" if instance.sending_id else f"build-{instance.bundle_job_id}"
    return f"archive/{instance.meeting_id}/{instance.document}/{batch}/{filename}"


class FrozenFile(models.Model):
    """A rendered file kept as it was sent (or, for the bundle, as it was built), with its SHA-256:
    supervisors download exactly this, whatever is edited later."""

    sending = models.ForeignKey(Sending, null=True, on_delete=models.PROTECT, related_name="files")
    bundle_job = models.ForeignKey(
        "BundleJob", null=True, on_delete=models.PROTECT, related_name="files", editable=False
    )
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="frozen_files")
    document = models.CharField("文档", max_length=30, choices=DocumentKind.choices)
    format = models.CharField("格式", max_length=10)
    file = models.FileField("文件", upload_to=frozen_path, max_length=255)
    name = models.CharField("文件名", max_length=255)
    sha256 = models.CharField("SHA-256", max_length=64)
    size = models.PositiveBigIntegerField("大小（字节）")
    retention = models.CharField(
        "保管期限", max_length=20, choices=Retention.choices, default=Retention.PERMANENT
    )
    frozen_at = models.DateTimeField("归档时间", default=timezone.now)

    class Meta:
        verbose_name = "归档文件"
        verbose_name_plural = "归档文件"
        ordering = ["meeting", "frozen_at", "pk"]

    def __str__(self):
        return self.name


class BundleStatus(models.TextChoices):
    QUEUED = "queued", "排队中"
    RUNNING = "running", "生成中"
    DONE = "done", "已生成"
    FAILED = "failed", "生成失败"


ACTIVE_BUNDLE_STATUSES = (BundleStatus.QUEUED, BundleStatus.RUNNING)


class BundleJob(models.Model):
    """材料汇编的一次生成: built by a Celery task, its progress read by the page."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="bundle_jobs")
    status = models.CharField(
        "状态", max_length=20, choices=BundleStatus.choices, default=BundleStatus.QUEUED
    )
    done = models.PositiveIntegerField("已完成", default=0)
    total = models.PositiveIntegerField("共", default=0)
    step = models.CharField("当前步骤", max_length=200, blank=True)
    fingerprint = models.CharField("内容指纹（SHA-256）", max_length=64, blank=True)
    pages = models.PositiveIntegerField("页数", null=True, blank=True)
    error = models.TextField("错误", blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    requested_at = models.DateTimeField(default=timezone.now)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    # Every progress step touches it: a job that stopped moving (a worker killed) is superseded.
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "材料汇编生成任务"
        verbose_name_plural = "材料汇编生成任务"
        ordering = ["meeting", "-requested_at", "-pk"]
        constraints = [
            # A second request while one runs attaches to it: at most one active job per meeting.
            models.UniqueConstraint(
                fields=["meeting"],
                condition=Q(status__in=["queued", "running"]),
                name="one_active_bundle_per_meeting",
            ),
        ]

    def __str__(self):
        return f"{self.meeting}材料汇编（{self.get_status_display()}）"

    @property
    def is_active(self):
        return self.status in ACTIVE_BUNDLE_STATUSES

    @property
    def has_failed(self):
        return self.status == BundleStatus.FAILED

    @property
    def percent(self):
        return round(100 * self.done / self.total) if self.total else 0
