"""Drafts (对照检查材料, 个人发言提纲), their versions, review and comments (DESIGN §5)."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from meetings.models import Meeting


class DraftKind(models.TextChoices):
    TEAM = "team", "领导班子对照检查材料"
    PERSONAL = "personal", "个人发言提纲"


class DraftStatus(models.TextChoices):
    WRITING = "writing", "撰写中"
    SUBMITTED = "submitted", "待审阅"
    RETURNED = "returned", "已退回修改"
    APPROVED = "approved", "审阅通过"
    ENDORSED = "endorsed", "督导组已审定"


class Draft(models.Model):
    """One draft of a meeting: the team's 对照检查材料, or one member's 个人发言提纲.

    ``content`` is the latest version's structure (inspection.content); ``version`` its number,
    which a save must name (optimistic locking).
    """

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="drafts")
    kind = models.CharField("类型", max_length=20, choices=DraftKind.choices)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="撰写人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="drafts",
        help_text="个人发言提纲的撰写人；班子材料为空",
    )
    order = models.PositiveIntegerField("序号", default=0)
    content = models.JSONField("内容", default=dict)
    content_hash = models.CharField(max_length=64, blank=True)
    version = models.PositiveIntegerField("版本", default=0)
    status = models.CharField(
        "状态", max_length=20, choices=DraftStatus.choices, default=DraftStatus.WRITING, db_index=True
    )
    approved_hash = models.CharField("审阅通过时的内容指纹", max_length=64, blank=True)
    approved_version = models.PositiveIntegerField("审阅通过的版本", null=True, blank=True)
    updated_at = models.DateTimeField("更新时间", default=timezone.now)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = "对照检查材料"
        verbose_name_plural = "对照检查材料"
        ordering = ["meeting", "order", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["meeting"], condition=Q(kind="team"), name="one_team_draft_per_meeting"
            ),
            models.UniqueConstraint(
                fields=["meeting", "author"], condition=Q(kind="personal"), name="one_outline_per_member"
            ),
            models.CheckConstraint(
                condition=Q(kind="team", author__isnull=True) | Q(kind="personal", author__isnull=False),
                name="personal_outline_has_author",
            ),
        ]

    def __str__(self):
        return self.label

    @property
    def is_team(self):
        return self.kind == DraftKind.TEAM

    @property
    def label(self):
        if self.is_team:
            return "领导班子对照检查材料"
        return f"{self.author.name}的个人发言提纲"

    @property
    def changed_since_approval(self):
        return bool(self.approved_hash) and self.approved_hash != self.content_hash


class DraftVersion(models.Model):
    """A saved state of a draft: every save that changes the content is one (who, when)."""

    draft = models.ForeignKey(Draft, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField("版本号")
    content = models.JSONField("内容")
    content_hash = models.CharField(max_length=64)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    at = models.DateTimeField("保存时间", default=timezone.now)
    note = models.CharField("说明", max_length=200, blank=True)

    class Meta:
        verbose_name = "材料版本"
        verbose_name_plural = "材料版本"
        ordering = ["draft", "-number"]
        constraints = [models.UniqueConstraint(fields=["draft", "number"], name="unique_draft_version")]

    def __str__(self):
        return f"第{self.number}版"


class RefusedSave(models.Model):
    """A save refused because it was based on an old version; its text is kept for merging."""

    draft = models.ForeignKey(Draft, on_delete=models.CASCADE, related_name="refused_saves")
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    at = models.DateTimeField("时间", default=timezone.now)
    base_version = models.PositiveIntegerField("基于的版本")
    latest_version = models.PositiveIntegerField("当时的最新版本")
    content = models.JSONField("被拒绝保存的内容")
    merged_into = models.PositiveIntegerField("已合并进的版本", null=True, blank=True)

    class Meta:
        verbose_name = "未保存的修改"
        verbose_name_plural = "未保存的修改"
        ordering = ["draft", "-at", "-pk"]

    def __str__(self):
        return f"基于第{self.base_version}版的修改（未保存）"


class DraftEvent(models.Model):
    """A step of the review: submitted, approved, returned, endorsed, reopened by an edit."""

    class Action(models.TextChoices):
        SUBMIT = "submit", "提交审阅"
        APPROVE = "approve", "审阅通过"
        RETURN = "return", "退回修改"
        ENDORSE = "endorse", "督导组审定"
        REOPEN = "reopen", "通过后修改，重新进入审阅"

    draft = models.ForeignKey(Draft, on_delete=models.CASCADE, related_name="events")
    action = models.CharField("操作", max_length=20, choices=Action.choices)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    at = models.DateTimeField("时间", default=timezone.now)
    version = models.PositiveIntegerField("版本", default=0)
    note = models.TextField("意见", blank=True)

    class Meta:
        verbose_name = "审阅记录"
        verbose_name_plural = "审阅记录"
        ordering = ["draft", "-at", "-pk"]

    def __str__(self):
        return self.get_action_display()


class DraftComment(models.Model):
    """A reviewer's comment anchored to one part of a draft (a problem, a cause, a measure …)."""

    draft = models.ForeignKey(Draft, on_delete=models.CASCADE, related_name="comments")
    part_id = models.CharField("所指部分", max_length=40, blank=True, help_text="为空表示针对全文")
    part_label = models.CharField("所指部分名称", max_length=60, blank=True)
    quote = models.TextField("所指原文", blank=True)
    text = models.TextField("意见")
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    at = models.DateTimeField("时间", default=timezone.now)
    version = models.PositiveIntegerField("针对的版本", default=0)
    resolved_at = models.DateTimeField("处理时间", null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = "修改意见"
        verbose_name_plural = "修改意见"
        ordering = ["draft", "at", "pk"]

    def __str__(self):
        return self.text[:30]

    @property
    def is_resolved(self):
        return self.resolved_at is not None


class DraftOpinion(models.Model):
    """An opinion addressed to the author (点人点事) that the outline answers: the author's tick."""

    draft = models.ForeignKey(Draft, on_delete=models.CASCADE, related_name="answered_opinions")
    opinion = models.ForeignKey("feedback.Opinion", on_delete=models.CASCADE, related_name="+")
    part_id = models.CharField("回应的问题", max_length=40, blank=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = "已回应的意见"
        verbose_name_plural = "已回应的意见"
        constraints = [models.UniqueConstraint(fields=["draft", "opinion"], name="unique_answered_opinion")]

    def __str__(self):
        return f"已回应意见{self.opinion_id}"


class SoftPhrase(models.Model):
    """A phrasing that turns a criticism into a hope or a suggestion (以希望代替批评), which the
    plans forbid. Kept as data: the office may add its own."""

    text = models.CharField("用语", max_length=40, unique=True)
    note = models.CharField("说明", max_length=200, blank=True)

    class Meta:
        verbose_name = "“以建议代替批评”用语"
        verbose_name_plural = "“以建议代替批评”用语"
        ordering = ["text"]

    def __str__(self):
        return self.text
