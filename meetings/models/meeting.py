"""The meeting (民主生活会), its aspects, people, schedule, transition log and plan."""

from django.conf import settings
from django.db import models
from django.utils import timezone

from orgs.models import Organisation

from ..workflow import Stage


class MeetingKind(models.TextChoices):
    ANNUAL = "annual", "年度民主生活会"
    SPECIAL = "special", "专题民主生活会"


class AspectTemplate(models.Model):
    """对照检查方面的模板: a named, ordered set of aspects a meeting copies."""

    name = models.CharField("名称", max_length=100, unique=True)
    kind = models.CharField("适用类型", max_length=20, choices=MeetingKind.choices, blank=True)

    class Meta:
        verbose_name = "对照检查方面模板"
        verbose_name_plural = "对照检查方面模板"
        ordering = ["name"]

    def __str__(self):
        return self.name


class AspectTemplateItem(models.Model):
    template = models.ForeignKey(AspectTemplate, on_delete=models.CASCADE, related_name="items")
    order = models.PositiveIntegerField("序号")
    name = models.CharField("简称", max_length=100)
    text = models.TextField("内容")

    class Meta:
        ordering = ["template", "order"]
        verbose_name = "对照检查方面"
        verbose_name_plural = "对照检查方面"

    def __str__(self):
        return self.name


class Meeting(models.Model):
    """民主生活会: one leadership team's meeting of one year."""

    organisation = models.ForeignKey(
        Organisation, verbose_name="组织", on_delete=models.PROTECT, related_name="meetings"
    )
    year = models.PositiveIntegerField("年度")
    kind = models.CharField("类型", max_length=20, choices=MeetingKind.choices, default=MeetingKind.ANNUAL)
    name = models.CharField(
        "会议名称", max_length=100, help_text="如：2021年度党史学习教育专题民主生活会", blank=True
    )
    theme = models.TextField("会议主题")
    date = models.DateField("召开日期")
    start_time = models.TimeField("开始时间", null=True, blank=True)
    place = models.CharField("地点", max_length=100, blank=True)
    duration = models.CharField("会期", max_length=30, default="半天")
    opinion_collector = models.CharField(
        "意见汇总单位",
        max_length=100,
        blank=True,
        help_text="征求意见建议汇总上署名的收集汇总单位，如：县委办公室；留空则为本单位办公室",
    )
    host = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="主持人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="hosted_meetings",
    )
    notice_issuer = models.CharField(
        "发文机关", max_length=200, blank=True, help_text="如：县纪委、县委组织部"
    )
    notice_title = models.CharField(
        "上级通知标题", max_length=200, blank=True, help_text="如：关于开好党史学习教育专题民主生活会的通知"
    )
    notice_number = models.CharField(
        "上级通知文号", max_length=100, blank=True, help_text="如：正组文〔2021〕117号"
    )
    stage = models.CharField(
        "阶段", max_length=20, choices=Stage.choices, default=Stage.PLANNING, db_index=True
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+", editable=False
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "民主生活会"
        verbose_name_plural = "民主生活会"
        ordering = ["-date", "-pk"]
        # The dashboard's order: a supervisor's page of 20 of a province's meetings is read off the index.
        indexes = [models.Index(fields=["-date", "-id"], name="meeting_newest_first")]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        # A clerk types the full name "云岭县委常委班子2027年度民主生活会": the title would say the team's
        # name twice, so the name keeps only what follows it (the form shows the full title).
        if self.name and self.organisation_id:
            self.name = without_team_name(self.name, self.organisation)
        super().save(*args, **kwargs)

    @property
    def title(self):
        """The full name: the team's name, then the meeting's (云岭县委常委班子2027年度民主生活会)."""
        return f"{self.organisation.leadership_name}{self.display_name}"

    @property
    def display_name(self):
        """The meeting's own name (the title puts the team's name before it)."""
        return self.name or default_name(self.year, self.kind)

    @property
    def stage_obj(self):
        return Stage(self.stage)

    @property
    def plan_is_editable(self):
        """The plan can be changed while the meeting is being planned and the plan is not under review."""
        plan = getattr(self, "plan", None)
        return self.stage == Stage.PLANNING and plan is not None and plan.is_editable


def default_name(year, kind):
    return f"{year}年度民主生活会" if kind == MeetingKind.ANNUAL else f"{year}年专题民主生活会"


def team_name_prefixes(organisation):
    """The names a clerk may type before the meeting's own name, longest first: the team's name
    (领导班子名称), the default "xx领导班子", the organisation's name."""
    names = {
        organisation.leadership_name,
        organisation.team_name,
        f"{organisation.name}领导班子",
        organisation.name,
    }
    return sorted((name for name in names if name), key=len, reverse=True)


def without_team_name(name, organisation):
    """The meeting's name with any leading team or organisation name taken off (even typed twice):
    "云岭县委常委班子2027年度民主生活会" → "2027年度民主生活会", since the title puts the team's name first."""
    name = (name or "").strip()
    prefixes = team_name_prefixes(organisation)
    stripped = True
    while stripped:
        stripped = False
        for prefix in prefixes:
            if name.startswith(prefix):
                name = name[len(prefix) :].lstrip(" \u3000·、，,：:")
                stripped = True
                break
    return name


class MeetingAspect(models.Model):
    """对照检查方面: one of the meeting's check-aspects, in order."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="aspects")
    order = models.PositiveIntegerField("序号")
    name = models.CharField("简称", max_length=100)
    text = models.TextField("内容")

    class Meta:
        ordering = ["meeting", "order"]
        verbose_name = "对照检查方面"
        verbose_name_plural = "对照检查方面"

    def __str__(self):
        return self.name


class PersonKind(models.TextChoices):
    PARTICIPANT = "participant", "参加人员"
    ATTENDEE = "attendee", "列席人员"
    GUIDANCE = "guidance", "指导人员"


class MeetingPerson(models.Model):
    """Who takes part: participants (参加), attendees (列席), guidance group (指导), in order."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="people")
    kind = models.CharField("类别", max_length=20, choices=PersonKind.choices)
    order = models.PositiveIntegerField("序号", default=0)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    name = models.CharField("姓名或单位", max_length=100)
    title = models.CharField("职务", max_length=200, blank=True)

    class Meta:
        ordering = ["meeting", "kind", "order", "pk"]
        verbose_name = "参会人员"
        verbose_name_plural = "参会人员"

    def __str__(self):
        return f"{self.name} {self.title}".strip()


class TransitionLog(models.Model):
    """One move of the meeting between stages: who, when, from, to, note."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="transitions")
    from_stage = models.CharField("原阶段", max_length=20, choices=Stage.choices)
    to_stage = models.CharField("新阶段", max_length=20, choices=Stage.choices)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    at = models.DateTimeField("时间", default=timezone.now)
    note = models.TextField("说明", blank=True)
    is_step_back = models.BooleanField("退回", default=False)

    class Meta:
        ordering = ["meeting", "-at", "-pk"]
        verbose_name = "阶段变更记录"
        verbose_name_plural = "阶段变更记录"

    def __str__(self):
        return f"{self.get_from_stage_display()} → {self.get_to_stage_display()}"


class ScheduleItem(models.Model):
    """One deadline of the meeting's schedule, derived from the meeting date by an offset."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="schedule")
    activity = models.CharField("事项代码", max_length=40)
    title = models.CharField("事项", max_length=100)
    stage = models.CharField("阶段", max_length=20, choices=Stage.choices)
    offset_days = models.IntegerField("相对会议日期（天）", help_text="负数为会前，正数为会后")
    due_date = models.DateField("截止日期", db_index=True)
    order = models.PositiveIntegerField(default=0)
    # Set when the work is recorded as done before the stage is left (the report's sending, the
    # 通报's issuing): the row stops being open and its reminders stop.
    done_at = models.DateTimeField("完成时间", null=True, blank=True, editable=False)

    class Meta:
        ordering = ["meeting", "due_date", "order"]
        verbose_name = "日程"
        verbose_name_plural = "日程"
        constraints = [
            models.UniqueConstraint(fields=["meeting", "activity"], name="unique_schedule_activity")
        ]

    def __str__(self):
        return f"{self.title}（{self.due_date}）"

    def days_left(self, today=None):
        today = today or timezone.localdate()
        return (self.due_date - today).days
