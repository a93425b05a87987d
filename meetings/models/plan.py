"""实施方案: the plan, its ordered items and its review history."""

from django.conf import settings
from django.db import models
from django.utils import timezone

from .meeting import Meeting


class PlanStatus(models.TextChoices):
    DRAFT = "draft", "草稿"
    SUBMITTED = "submitted", "已报送待审"
    RETURNED = "returned", "已退回"
    APPROVED = "approved", "已审定"


class Plan(models.Model):
    """实施方案 / 工作方案: the plan the supervisor approves."""

    meeting = models.OneToOneField(Meeting, on_delete=models.CASCADE, related_name="plan")
    title = models.CharField("方案标题", max_length=200, blank=True, help_text="留空则按会议名称生成")
    issued_on = models.DateField("成文日期", null=True, blank=True)
    preamble = models.TextField("开头段", blank=True)
    status = models.CharField(
        "状态", max_length=20, choices=PlanStatus.choices, default=PlanStatus.DRAFT, db_index=True
    )
    version = models.PositiveIntegerField(default=1)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "会议方案"
        verbose_name_plural = "会议方案"

    def __str__(self):
        return self.document_title

    @property
    def document_title(self):
        if self.title:
            return self.title
        meeting = self.meeting
        return f"{meeting.organisation.leadership_name}{meeting.display_name}实施方案"

    @property
    def is_editable(self):
        return self.status in (PlanStatus.DRAFT, PlanStatus.RETURNED)


class PlanSection(models.TextChoices):
    """The parts of a plan made of items, in the order the real plans (seed 003) print them."""

    GUIDING = "guiding", "指导思想和目标要求"
    CHECK = "check", "对照检查内容"
    PREPARATION = "preparation", "会前准备"
    AGENDA = "agenda", "会议议程"
    # What the meeting itself demands: 严肃开展批评和自我批评, 个人有关事项报告 (part of 会议安排).
    MEETING = "meeting", "会上要求"
    FOLLOWUP = "followup", "会后工作"
    DIVISION = "division", "工作分工"
    DISCIPLINE = "discipline", "会议纪律"
    REQUIREMENT = "requirement", "工作要求"


class PlanItem(models.Model):
    """One ordered item of a plan section: an agenda item, a step with its deadline, a requirement."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="items")
    section = models.CharField("部分", max_length=20, choices=PlanSection.choices)
    order = models.PositiveIntegerField("序号", default=0)
    title = models.CharField("小标题", max_length=100, blank=True)
    activity = models.CharField(
        "对应日程", max_length=40, blank=True, help_text="与日程中的事项关联，截止日期随会议日期变化"
    )
    deadline_text = models.CharField(
        "时限说明", max_length=50, blank=True, help_text="无对应日程时填写，如：会后15日内"
    )
    text = models.TextField("内容", blank=True)

    class Meta:
        ordering = ["plan", "section", "order", "pk"]
        verbose_name = "方案条目"
        verbose_name_plural = "方案条目"

    def __str__(self):
        return self.title or self.text[:20]


class PlanEvent(models.Model):
    """The plan's review history: submitted, returned with a comment, approved."""

    class Action(models.TextChoices):
        SUBMIT = "submit", "报送审核"
        RETURN = "return", "退回修改"
        APPROVE = "approve", "审定通过"

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="events")
    action = models.CharField("操作", max_length=20, choices=Action.choices)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    at = models.DateTimeField(default=timezone.now)
    comment = models.TextField("意见", blank=True)

    class Meta:
        ordering = ["plan", "-at", "-pk"]
        verbose_name = "方案审核记录"
        verbose_name_plural = "方案审核记录"

    def __str__(self):
        return self.get_action_display()
