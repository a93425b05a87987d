"""整改清单 / 整改台账: the lists, their items, where each came from, progress, evidence, closing."""

import datetime

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from meetings.models import Meeting


class ItemKind(models.TextChoices):
    IMMEDIATE = "immediate", "立行立改"
    BY_DATE = "by_date", "限期整改"
    ONGOING = "ongoing", "长期坚持"


class ItemStatus(models.TextChoices):
    NOT_STARTED = "not_started", "未启动"
    IN_PROGRESS = "in_progress", "整改中"
    DONE = "done", "已完成待销号"
    CLOSED = "closed", "已销号"
    CARRIED_OVER = "carried_over", "已结转"


# Statuses in which an item is still being worked on: they count as open and can be overdue.
OPEN_STATUSES = (ItemStatus.NOT_STARTED, ItemStatus.IN_PROGRESS, ItemStatus.DONE)
# What carries over to the team's next meeting (旧账): the items not done. One 已完成待销号 is closed
# (销号) where it was done, not carried.
CARRIES_OVER = (ItemStatus.NOT_STARTED, ItemStatus.IN_PROGRESS)
# "Finished" for the stage guard: nothing more will happen to the item in this meeting.
FINISHED_STATUSES = (ItemStatus.CLOSED, ItemStatus.CARRIED_OVER)


class RectificationList(models.Model):
    """整改清单: the team's list (member empty) or one member's list."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="rectification_lists")
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    order = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = "整改清单"
        verbose_name_plural = "整改清单"
        ordering = ["meeting", "order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "member"], name="unique_list_per_member"),
            models.UniqueConstraint(
                fields=["meeting"], condition=Q(member__isnull=True), name="unique_team_list"
            ),
        ]

    def __str__(self):
        return self.name

    @property
    def is_team(self):
        return self.member_id is None

    @property
    def name(self):
        if self.is_team:
            return f"{self.meeting.organisation.leadership_name}问题清单"
        return f"{self.member.name}同志问题清单"

    @property
    def short_name(self):
        return "班子清单" if self.is_team else self.member.name


class OverdueQuerySet(models.QuerySet):
    def overdue(self, today=None):
        today = today or timezone.localdate()
        return self.filter(status__in=OPEN_STATUSES, deadline__lt=today)

    def open(self):
        return self.filter(status__in=OPEN_STATUSES)


class Item(models.Model):
    """整改事项: one problem on a list, with its measures, owner, unit, deadline, kind and status."""

    rectification_list = models.ForeignKey(
        RectificationList, verbose_name="清单", on_delete=models.CASCADE, related_name="items"
    )
    # Denormalised from the list: the ledger, reminders and the reports filter by meeting.
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="rectification_items")
    number = models.PositiveIntegerField("序号")
    problem = models.TextField("问题", help_text="一句话概括问题，如：理论学习不够深入。")
    # A draft's problem is a lead sentence, a description and an example ("比如，…"): the lead is the
    # item's problem, printed in the lists and the reports; the rest stays here, shown on the item's page.
    manifestation = models.TextField(
        "问题表现", blank=True, help_text="问题的具体表现和事例，如：比如，全年仅开展专题研讨3次。"
    )
    measures = models.TextField("整改措施", blank=True)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="责任领导",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="rectification_items",
    )
    unit = models.CharField("责任部门", max_length=200, blank=True)
    deadline = models.DateField("完成时限", null=True, blank=True, help_text="长期坚持的可不填")
    kind = models.CharField("类型", max_length=20, choices=ItemKind.choices, default=ItemKind.BY_DATE)
    status = models.CharField(
        "状态", max_length=20, choices=ItemStatus.choices, default=ItemStatus.NOT_STARTED, db_index=True
    )
    carried_from = models.OneToOneField(
        "self",
        verbose_name="结转自",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="carried_to",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+", editable=False
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    # Who reported the item done (已完成待销号): 销号 is confirmed by a second person, neither this one nor
    # the owner (DESIGN §6).
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="报告完成人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    closed_at = models.DateTimeField("销号时间", null=True, blank=True, editable=False)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    updated_at = models.DateTimeField(auto_now=True)

    objects = OverdueQuerySet.as_manager()

    class Meta:
        verbose_name = "整改事项"
        verbose_name_plural = "整改事项"
        ordering = ["rectification_list__order", "number", "pk"]
        # The ledger of one meeting reads each of these from its index alone (a province's meeting has
        # 3,000 items scattered over as many pages): the figures, the page's keys in order, the filters'
        # choices of units and owners.
        indexes = [
            models.Index(fields=["meeting", "status", "deadline"], name="item_meeting_status_deadline"),
            models.Index(fields=["meeting", "rectification_list", "number", "id"], name="item_ledger_order"),
            models.Index(fields=["meeting", "unit"], name="item_meeting_unit"),
            models.Index(fields=["meeting", "owner"], name="item_meeting_owner"),
            models.Index(fields=["status", "deadline"]),
            models.Index(fields=["owner", "status"]),
        ]

    def __str__(self):
        return self.problem[:30]

    def is_overdue(self, today=None):
        today = today or timezone.localdate()
        return self.status in OPEN_STATUSES and self.deadline is not None and self.deadline < today

    def days_left(self, today=None):
        if self.deadline is None:
            return None
        return (self.deadline - (today or timezone.localdate())).days

    @property
    def is_open(self):
        return self.status in OPEN_STATUSES

    @property
    def awaits_closing(self):
        """已完成待销号: reported done, waiting for a second person to confirm 销号."""
        return self.status == ItemStatus.DONE


class SourceKind(models.TextChoices):
    DRAFT_PROBLEM = "draft_problem", "对照检查查摆问题"
    OPINION = "opinion", "征求的意见建议"
    CRITICISM = "criticism", "会上批评意见"
    PREVIOUS_ITEM = "previous_item", "上次会议未完成事项"


class ItemSource(models.Model):
    """Where an item came from: a draft's problem, an opinion, a criticism or last meeting's item.

    ``quote`` keeps the words as they were when the item was made, so the source still reads
    after a draft or record changes.
    """

    item = models.ForeignKey(Item, on_delete=models.CASCADE, related_name="sources")
    kind = models.CharField("来源类型", max_length=20, choices=SourceKind.choices)
    opinion = models.ForeignKey(
        "feedback.Opinion",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="rectification_sources",
    )
    draft = models.ForeignKey(
        "inspection.Draft", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    part_id = models.CharField("问题编号", max_length=40, blank=True)
    criticism = models.ForeignKey(
        "meetings.Criticism",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="rectification_sources",
    )
    previous_item = models.ForeignKey(
        Item, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    quote = models.TextField("原文")

    class Meta:
        verbose_name = "问题来源"
        verbose_name_plural = "问题来源"
        ordering = ["item", "pk"]

    def __str__(self):
        return f"{self.get_kind_display()}：{self.quote[:20]}"

    @property
    def key(self):
        """The candidate this source was made from (rectification.candidates.Candidate.key)."""
        if self.kind == SourceKind.OPINION:
            return f"opinion:{self.opinion_id}"
        if self.kind == SourceKind.CRITICISM:
            return f"criticism:{self.criticism_id}"
        if self.kind == SourceKind.PREVIOUS_ITEM:
            return f"previous:{self.previous_item_id}"
        return f"draft:{self.draft_id}:{self.part_id}"


class Progress(models.Model):
    """进展情况: a dated progress update, with evidence files."""

    item = models.ForeignKey(Item, on_delete=models.CASCADE, related_name="progress")
    date = models.DateField("日期", default=datetime.date.today)
    text = models.TextField("进展情况")
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        verbose_name = "整改进展"
        verbose_name_plural = "整改进展"
        ordering = ["item", "date", "pk"]

    def __str__(self):
        return f"{self.date} {self.text[:20]}"


def evidence_path(instance, filename):
    # The stored name is ours: the user's file name is kept in ``name`` and never used as a path.
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    return (
        f"evidence/{instance.item.meeting_id}/{instance.item_id}/{timezone.now():%Y%m%d%H%M%S%f}.{extension}"
    )


class Evidence(models.Model):
    """佐证材料: a file proving progress, stored through Django's storage API (S3 works too)."""

    item = models.ForeignKey(Item, on_delete=models.CASCADE, related_name="evidence")
    progress = models.ForeignKey(
        Progress, null=True, blank=True, on_delete=models.SET_NULL, related_name="evidence"
    )
    file = models.FileField("文件", upload_to=evidence_path, max_length=255)
    name = models.CharField("文件名", max_length=200)
    size = models.PositiveIntegerField("大小（字节）")
    content_type = models.CharField(max_length=100)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        verbose_name = "佐证材料"
        verbose_name_plural = "佐证材料"
        ordering = ["item", "uploaded_at", "pk"]

    def __str__(self):
        return self.name


class StatusChange(models.Model):
    """One change of an item's status: who, when, from, to, note (销号 included)."""

    item = models.ForeignKey(Item, on_delete=models.CASCADE, related_name="status_changes")
    from_status = models.CharField("原状态", max_length=20, choices=ItemStatus.choices, blank=True)
    to_status = models.CharField("新状态", max_length=20, choices=ItemStatus.choices)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    at = models.DateTimeField(default=timezone.now)
    note = models.TextField("说明", blank=True)

    class Meta:
        verbose_name = "状态变更"
        verbose_name_plural = "状态变更"
        ordering = ["item", "at", "pk"]

    def __str__(self):
        return f"{self.get_from_status_display()} → {self.get_to_status_display()}"


class OpinionAnswer(models.Model):
    """An accepted opinion answered without an item (e.g. explained, or already solved), with a note."""

    opinion = models.OneToOneField("feedback.Opinion", on_delete=models.CASCADE, related_name="answer")
    note = models.TextField("说明")
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = "意见答复说明"
        verbose_name_plural = "意见答复说明"

    def __str__(self):
        return self.note[:30]


class ActivityKind(models.TextChoices):
    TEAM_MEETING = "team_meeting", "班子会议"
    GROUP_STUDY = "group_study", "中心组学习"
    SCHEDULING = "scheduling", "整改调度会议"


class Activity(models.Model):
    """整改推进活动: a meeting or study session held for the rectification, counted in the report
    ("全年共组织召开常委会会议n次、中心组学习n次、调度会议n次")."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="rectification_activities")
    kind = models.CharField("类型", max_length=20, choices=ActivityKind.choices)
    date = models.DateField("日期")
    title = models.CharField("主题", max_length=200)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        verbose_name = "整改推进活动"
        verbose_name_plural = "整改推进活动"
        ordering = ["meeting", "-date", "-pk"]

    def __str__(self):
        return f"{self.date} {self.title}"
