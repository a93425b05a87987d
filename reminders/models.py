"""Reminders (DESIGN §8): rules per meeting, the log of reminders (one row per deadline, recipient
and offset: the row that makes "exactly once" hold), in-app notifications, digests, preferences and
the private calendar token. The deadlines themselves are read from their own tables through
``reminders.deadlines`` — one query interface, no copy to keep in step."""

import secrets

from django.conf import settings
from django.db import models
from django.utils import timezone


class DeadlineKind(models.TextChoices):
    STAGE = "stage", "会议日程"
    DRAFT = "draft", "撰写材料"
    REVIEW = "review", "审阅材料"
    ITEM = "item", "整改事项"
    BOX = "box", "意见箱截止"


class ReminderRule(models.Model):
    """When a meeting's deadlines are reminded; a meeting without a row uses the defaults."""

    meeting = models.OneToOneField("meetings.Meeting", on_delete=models.CASCADE, related_name="reminder_rule")
    days_before = models.CharField(
        "提前提醒（天）",
        max_length=50,
        default="3,1",
        help_text="用逗号分隔，如：3,1 表示提前3天和1天各提醒一次",
    )
    on_the_day = models.BooleanField("当天提醒", default=True)
    overdue_every_days = models.PositiveIntegerField(
        "逾期后每隔几天提醒", default=7, help_text="0 表示逾期后不再提醒"
    )
    enabled = models.BooleanField("启用提醒", default=True)

    class Meta:
        verbose_name = "提醒规则"
        verbose_name_plural = "提醒规则"

    def __str__(self):
        return f"{self.meeting} 提醒规则"


class ReminderStatus(models.TextChoices):
    PENDING = "pending", "待发送"
    SENT = "sent", "已发送"
    CANCELLED = "cancelled", "已取消（事项已完成）"


class Reminder(models.Model):
    """One reminder of one deadline to one person at one offset ("before-3", "due", "overdue-2").

    The unique constraint is the "exactly once": a scan inserts the row before it enqueues the send,
    so a second beat, a re-run or a concurrent scan finds the row taken and sends nothing.
    """

    kind = models.CharField("类别", max_length=20, choices=DeadlineKind.choices)
    object_id = models.PositiveBigIntegerField("对象编号")
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reminders"
    )
    offset = models.CharField("提醒节点", max_length=20)
    meeting = models.ForeignKey("meetings.Meeting", null=True, on_delete=models.CASCADE, related_name="+")
    title = models.CharField("事项", max_length=300)
    due_date = models.DateField("截止日期")
    url = models.CharField("链接", max_length=300)
    status = models.CharField(
        "状态", max_length=20, choices=ReminderStatus.choices, default=ReminderStatus.PENDING
    )
    scan = models.CharField(max_length=32, editable=False)  # the scan that inserted the row
    created_at = models.DateTimeField(default=timezone.now)
    enqueued_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    email_sent_at = models.DateTimeField(null=True, blank=True)
    webhook_sent_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveIntegerField(default=0)
    last_error = models.TextField(blank=True)

    class Meta:
        verbose_name = "提醒"
        verbose_name_plural = "提醒"
        ordering = ["-created_at", "-pk"]
        constraints = [
            # The due date is part of the key: a deadline moved to another day is reminded afresh.
            models.UniqueConstraint(
                fields=["kind", "object_id", "recipient", "offset", "due_date"], name="reminder_once"
            )
        ]
        indexes = [models.Index(fields=["status", "enqueued_at"]), models.Index(fields=["scan"])]

    def __str__(self):
        return f"{self.title} → {self.recipient}（{self.offset}）"


class Notification(models.Model):
    """站内通知: what the bell in the top bar counts until it is read."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications")
    title = models.CharField("标题", max_length=300)
    body = models.TextField("内容", blank=True)
    url = models.CharField("链接", max_length=300, blank=True)
    # A reminder makes at most one notification, however often its send is retried.
    reminder = models.OneToOneField(
        Reminder, null=True, blank=True, on_delete=models.SET_NULL, related_name="notification"
    )
    digest = models.OneToOneField(
        "Digest", null=True, blank=True, on_delete=models.SET_NULL, related_name="notification"
    )
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "站内通知"
        verbose_name_plural = "站内通知"
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["user", "read_at"]),
            # The list's order within one user's notifications: without it PostgreSQL walks the
            # global created_at index and skips everyone else's (300,000 rows in the province bench).
            models.Index(fields=["user", "created_at", "id"], name="notification_user_newest"),
        ]

    def __str__(self):
        return self.title


class DigestKind(models.TextChoices):
    OFFICE_DAILY = "office_daily", "逾期事项日报（办公室）"
    SUPERVISOR_WEEKLY = "supervisor_weekly", "逾期阶段周报（督导组）"


class Digest(models.Model):
    """A digest sent once per person and period (a day, or the Monday of a week)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="digests")
    kind = models.CharField("类别", max_length=30, choices=DigestKind.choices)
    period = models.DateField("周期")
    body = models.TextField("内容")
    item_count = models.PositiveIntegerField("事项数")
    created_at = models.DateTimeField(default=timezone.now)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "汇总提醒"
        verbose_name_plural = "汇总提醒"
        ordering = ["-period", "-pk"]
        constraints = [models.UniqueConstraint(fields=["user", "kind", "period"], name="digest_once")]

    def __str__(self):
        return f"{self.get_kind_display()} {self.period}"


class EmailPreference(models.Model):
    """A user's choice to get no email for one kind of reminder (in-app notifications stay)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="email_preferences"
    )
    kind = models.CharField("类别", max_length=30)  # a DeadlineKind or a DigestKind
    email = models.BooleanField("发送邮件", default=True)

    class Meta:
        verbose_name = "邮件提醒设置"
        verbose_name_plural = "邮件提醒设置"
        constraints = [models.UniqueConstraint(fields=["user", "kind"], name="one_preference_per_kind")]

    def __str__(self):
        return f"{self.user} {self.kind} {'邮件' if self.email else '不发邮件'}"


class ScanState(models.Model):
    """The last day the scan covered, so a scan after an outage catches up the days it missed, and
    what a re-run of that day needs to read only what changed since (``reminders.scan``)."""

    name = models.CharField("扫描名称", max_length=30, unique=True, default="reminders")
    last_day = models.DateField("已扫描至", null=True, blank=True)
    last_run_at = models.DateTimeField("最近扫描时间", null=True, blank=True)
    # Of the rules, role assignments and organisation tree the last scan read (scan.fingerprint).
    fingerprint = models.CharField("规则与人员指纹", max_length=64, blank=True, editable=False)

    class Meta:
        verbose_name = "提醒扫描进度"
        verbose_name_plural = "提醒扫描进度"

    def __str__(self):
        return f"{self.name} {self.last_day}"


def new_token():
    return secrets.token_urlsafe(32)


class CalendarToken(models.Model):
    """The unguessable part of a user's private calendar (ICS) address; regenerating it revokes the old."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_token"
    )
    token = models.CharField(max_length=64, unique=True, default=new_token)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = "日历订阅令牌"
        verbose_name_plural = "日历订阅令牌"

    def __str__(self):
        return f"{self.user} 日历"
