"""会议记录: what happened at the meeting, as the recorder took it down (DESIGN §6)."""

from django.conf import settings
from django.db import models
from django.utils import timezone

from .meeting import Meeting, MeetingPerson


class MeetingRecord(models.Model):
    """会议记录: the meeting as held — when, where, who, the agenda, the summary."""

    meeting = models.OneToOneField(Meeting, on_delete=models.CASCADE, related_name="record")
    held_on = models.DateField("实际召开日期", null=True, blank=True)
    start_time = models.TimeField("开始时间", null=True, blank=True)
    end_time = models.TimeField("结束时间", null=True, blank=True)
    place = models.CharField("地点", max_length=100, blank=True)
    host = models.CharField("主持人", max_length=100, blank=True)
    recorder = models.CharField("记录人", max_length=100, blank=True)
    agenda = models.TextField("会议议程", blank=True, help_text="每行一项，按实际进行的顺序")
    guidance_remarks = models.TextField("指导组点评", blank=True)
    summary = models.TextField("主持人总结讲话", blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "会议记录"
        verbose_name_plural = "会议记录"

    def __str__(self):
        return f"{self.meeting} 会议记录"

    @property
    def agenda_items(self):
        return [line.strip() for line in self.agenda.splitlines() if line.strip()]


class Attendance(models.Model):
    """出席情况: one person of the plan's list, present or absent with the reason."""

    record = models.ForeignKey(MeetingRecord, on_delete=models.CASCADE, related_name="attendance")
    person = models.ForeignKey(MeetingPerson, on_delete=models.CASCADE, related_name="attendance")
    present = models.BooleanField("出席", default=True)
    absence_reason = models.CharField("缺席原因", max_length=200, blank=True)

    class Meta:
        verbose_name = "出席情况"
        verbose_name_plural = "出席情况"
        ordering = ["record", "person__kind", "person__order", "person__pk"]
        constraints = [models.UniqueConstraint(fields=["record", "person"], name="unique_attendance")]

    def __str__(self):
        return f"{self.person.name} {'出席' if self.present else '缺席'}"


class Statement(models.Model):
    """One member's turn at the meeting: self-criticism, the criticisms received, the response (表态)."""

    record = models.ForeignKey(MeetingRecord, on_delete=models.CASCADE, related_name="statements")
    member = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="statements")
    order = models.PositiveIntegerField("发言顺序")
    self_criticism = models.TextField("自我批评", blank=True, help_text="发言原文或要点")
    response = models.TextField("表态", blank=True, help_text="对大家所提批评意见的回应和整改表态")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "个人发言"
        verbose_name_plural = "个人发言"
        ordering = ["record", "order", "pk"]
        constraints = [models.UniqueConstraint(fields=["record", "member"], name="unique_statement_member")]

    def __str__(self):
        return f"{self.member} 发言"


class Criticism(models.Model):
    """批评意见: one criticism a member received at the meeting, from whom."""

    statement = models.ForeignKey(Statement, on_delete=models.CASCADE, related_name="criticisms")
    order = models.PositiveIntegerField("序号", default=0)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="提出人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="criticisms_given",
    )
    by_name = models.CharField(
        "提出人姓名", max_length=100, blank=True, help_text="非系统用户（如指导组）时填写"
    )
    text = models.TextField("批评意见")
    # Prefilled from what a talk record said the critic intended to raise (谈心谈话 → 会上批评).
    from_talk = models.ForeignKey(
        "meetings.TalkParticipant", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # A prefilled criticism is still the talk's content, private to those who may read the talk (DESIGN
    # §4), until the recorder confirms it was raised at the meeting; only then is it part of the record
    # (its page for everyone, the minutes, the reports' counts). What the recorder types is confirmed.
    confirmed = models.BooleanField("已在会上提出", default=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        verbose_name = "批评意见"
        verbose_name_plural = "批评意见"
        ordering = ["statement", "order", "pk"]

    def __str__(self):
        return self.text[:30]

    @property
    def critic(self):
        return self.by.name if self.by_id else (self.by_name or "未注明")
