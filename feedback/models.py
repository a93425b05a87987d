"""Opinions (征求意见建议): channels, source categories, the opinions, the box, feedback sent."""

import datetime
import secrets
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import models
from django.utils import timezone

from meetings.models import Meeting, MeetingAspect

DEFAULT_CHANNELS = ["座谈会", "个别访谈", "意见箱", "征求意见表"]
DEFAULT_CATEGORIES = ["党员", "干部", "群众"]
BOX_CHANNEL = "意见箱"
SHANGHAI = ZoneInfo("Asia/Shanghai")  # the meeting's calendar (DESIGN §8)


def day_of(moment):
    """00:00 Beijing time of the day ``moment`` falls on: all that is kept of when a box opinion arrived.

    A time to the second could be matched with a proxy's or a firewall's log of who posted then; the day
    is enough for the office to sort and count (DESIGN §1: nothing identifies the sender)."""
    return datetime.datetime.combine(moment.astimezone(SHANGHAI).date(), datetime.time.min, tzinfo=SHANGHAI)


class Channel(models.Model):
    """征求渠道: how an opinion was collected (座谈会, 个别访谈, 意见箱 …), per meeting."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="channels")
    name = models.CharField("渠道", max_length=30)
    order = models.PositiveIntegerField("序号", default=0)

    class Meta:
        verbose_name = "征求渠道"
        verbose_name_plural = "征求渠道"
        ordering = ["meeting", "order", "pk"]
        constraints = [models.UniqueConstraint(fields=["meeting", "name"], name="unique_channel_name")]

    def __str__(self):
        return self.name


class SourceCategory(models.Model):
    """意见来源类别: who gave the opinion (党员, 干部, 群众 …), per meeting."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="source_categories")
    name = models.CharField("类别", max_length=30)
    order = models.PositiveIntegerField("序号", default=0)

    class Meta:
        verbose_name = "意见来源类别"
        verbose_name_plural = "意见来源类别"
        ordering = ["meeting", "order", "pk"]
        constraints = [models.UniqueConstraint(fields=["meeting", "name"], name="unique_category_name")]

    def __str__(self):
        return self.name


class OpinionStatus(models.TextChoices):
    NEW = "new", "待分拣"
    ACCEPTED = "accepted", "已采纳"
    MERGED = "merged", "已合并"
    REJECTED = "rejected", "不予采纳"


class Opinion(models.Model):
    """意见建议: one opinion about the team or one member."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="opinions")
    text = models.TextField("意见内容")
    channel = models.ForeignKey(
        Channel, verbose_name="渠道", on_delete=models.PROTECT, related_name="opinions"
    )
    category = models.ForeignKey(
        SourceCategory, verbose_name="来源类别", on_delete=models.PROTECT, related_name="opinions"
    )
    aspect = models.ForeignKey(
        MeetingAspect,
        verbose_name="方面",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="opinions",
        help_text="未分类的意见须在分拣时归入一个方面",
    )
    addressee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="对象",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="opinions_received",
        help_text="留空为领导班子",
    )
    status = models.CharField(
        "状态", max_length=20, choices=OpinionStatus.choices, default=OpinionStatus.NEW, db_index=True
    )
    reject_reason = models.TextField("不予采纳理由", blank=True)
    merged_into = models.ForeignKey(
        "self", verbose_name="合并到", null=True, blank=True, on_delete=models.SET_NULL, related_name="merged"
    )
    # Who typed it in; empty for the anonymous box (nothing identifies a box sender).
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # A box opinion keeps the day it arrived only, both here and in updated_at (services.create_opinion).
    created_at = models.DateTimeField("录入时间", default=timezone.now, db_index=True)
    # Not auto_now, which would stamp a box opinion with the microsecond it arrived: save() keeps it up
    # to date on every later change instead.
    updated_at = models.DateTimeField("修改时间", default=timezone.now, editable=False)

    class Meta:
        verbose_name = "意见建议"
        verbose_name_plural = "意见建议"
        ordering = ["meeting", "created_at", "pk"]
        indexes = [
            # The opinion list, newest first, of one meeting (feedback.views.opinion_list): without it
            # PostgreSQL walks the global created_at index and drops every other meeting's rows (at a
            # province's 1,000,000 opinions, 317,000–654,000 rows and up to 982 ms for one page).
            models.Index(fields=["meeting", "created_at", "id"], name="opinion_meeting_created"),
            # The same list filtered by status, the status counts, and the overview's grouping of the
            # accepted ones (feedback.overview), which the included columns answer from the index alone.
            models.Index(
                fields=["meeting", "status", "created_at", "id"],
                include=["aspect", "category", "channel", "addressee"],
                name="opinion_meeting_status",
            ),
            models.Index(fields=["meeting", "addressee", "status"]),
        ]

    def __str__(self):
        return self.text[:30]

    def save(self, *args, **kwargs):
        if not self._state.adding:
            self.updated_at = timezone.now()
            if kwargs.get("update_fields") is not None:
                kwargs["update_fields"] = {*kwargs["update_fields"], "updated_at"}
        super().save(*args, **kwargs)

    @property
    def from_box(self):
        """Sent through the public box (nobody entered it), so only its day is known."""
        return self.entered_by_id is None

    @property
    def addressee_label(self):
        return self.addressee.name if self.addressee else "领导班子"


class OpinionBox(models.Model):
    """意见箱: the meeting's public page, at an unguessable token that the office can rotate."""

    meeting = models.OneToOneField(Meeting, on_delete=models.CASCADE, related_name="opinion_box")
    token = models.CharField(max_length=64, unique=True, default=secrets.token_urlsafe)
    rotated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = "意见箱"
        verbose_name_plural = "意见箱"

    def __str__(self):
        return f"{self.meeting} 意见箱"


class FeedbackDelivery(models.Model):
    """反馈: the office has passed the opinions on to one member."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="feedback_deliveries")
    member = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    sent_at = models.DateTimeField("反馈时间", default=timezone.now)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = "意见反馈记录"
        verbose_name_plural = "意见反馈记录"
        constraints = [models.UniqueConstraint(fields=["meeting", "member"], name="unique_feedback_delivery")]

    def __str__(self):
        return f"{self.member} {self.sent_at:%Y-%m-%d}"
