"""会前学习: study sessions (集中学习研讨) and members' self-study notes (自学, 心得体会)."""

from django.conf import settings
from django.db import models
from django.utils import timezone

from .meeting import Meeting


class StudyForm(models.TextChoices):
    CENTRE_GROUP = "centre_group", "理论学习中心组"
    PARTY_GROUP = "party_group", "党组（党委）会议"
    SEMINAR = "seminar", "专题研讨"
    OTHER = "other", "其他"


class StudySession(models.Model):
    """集中学习研讨: one collective study session before the meeting."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="study_sessions")
    date = models.DateField("日期")
    form = models.CharField("形式", max_length=20, choices=StudyForm.choices, default=StudyForm.CENTRE_GROUP)
    topic = models.CharField("主题", max_length=200)
    materials = models.TextField("学习材料", blank=True, help_text="每行一项：文件、讲话或书目的标题")
    summary = models.TextField("学习情况", blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+", editable=False
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        verbose_name = "集中学习研讨"
        verbose_name_plural = "集中学习研讨"
        ordering = ["meeting", "date", "pk"]

    def __str__(self):
        return self.topic

    @property
    def material_list(self):
        return [line.strip() for line in self.materials.splitlines() if line.strip()]


class StudyAttendance(models.Model):
    """Who of the participants attended a session; an absence carries its reason."""

    session = models.ForeignKey(StudySession, on_delete=models.CASCADE, related_name="attendance")
    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    present = models.BooleanField("出席", default=True)
    absence_reason = models.CharField("缺席原因", max_length=200, blank=True)

    class Meta:
        verbose_name = "学习出席"
        verbose_name_plural = "学习出席"
        constraints = [models.UniqueConstraint(fields=["session", "person"], name="unique_study_attendance")]

    def __str__(self):
        return f"{self.person} {'出席' if self.present else '缺席'}"


class SelfStudyNote(models.Model):
    """自学 / 心得体会: a member's own study record."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="self_study_notes")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="study_notes")
    date = models.DateField("日期")
    material = models.CharField("学习材料", max_length=200)
    text = models.TextField("心得体会")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "个人自学记录"
        verbose_name_plural = "个人自学记录"
        ordering = ["meeting", "author", "date", "pk"]

    def __str__(self):
        return self.material
