"""谈心谈话: talk records and waivers of required pairs (四必谈)."""

from django.conf import settings
from django.db import models
from django.utils import timezone

from .meeting import Meeting


class Talk(models.Model):
    """谈心谈话: one talk before the meeting, usually between two people."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="talks")
    date = models.DateField("谈话日期")
    place = models.CharField("地点", max_length=100, blank=True)
    topics = models.TextField("谈话主题", help_text="谈了哪些方面，如：思想认识、工作作风、分管领域问题")
    improvements = models.TextField("共同商定的改进方向", blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+", editable=False
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "谈心谈话"
        verbose_name_plural = "谈心谈话"
        ordering = ["meeting", "-date", "-pk"]

    def __str__(self):
        return f"{self.date} {self.topics[:20]}"


class TalkParticipant(models.Model):
    """One side of a talk: what the others raised about this person, and what this person will raise."""

    talk = models.ForeignKey(Talk, on_delete=models.CASCADE, related_name="participants")
    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="talk_sides")
    order = models.PositiveIntegerField(default=0)
    problems_raised = models.TextField("对方指出的问题", blank=True)
    criticisms_to_raise = models.TextField(
        "拟在会上开展批评的问题", blank=True, help_text="准备在民主生活会上向对方提出的批评意见"
    )
    confirmed_at = models.DateTimeField("本人确认时间", null=True, blank=True)
    # Who wrote this side's text down: the person themself, or the office transcribing a paper record
    # (办公室录入), which then waits for the person to confirm or correct it (confirmed_at).
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="录入人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    entered_at = models.DateTimeField("录入时间", null=True, blank=True)

    class Meta:
        verbose_name = "谈话参与人"
        verbose_name_plural = "谈话参与人"
        ordering = ["talk", "order", "pk"]
        constraints = [models.UniqueConstraint(fields=["talk", "person"], name="unique_talk_participant")]

    def __str__(self):
        return str(self.person)

    @property
    def entered_by_office(self):
        """办公室录入: the text was entered by someone other than the person (the office)."""
        return self.entered_by_id is not None and self.entered_by_id != self.person_id


class TalkWaiver(models.Model):
    """A required pair that will not talk, with the reason and who decided (e.g. a unit head on leave)."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="talk_waivers")
    # Stored with first.pk < second.pk so that a pair has one row whichever way it was named.
    first = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    second = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    reason = models.TextField("理由")
    waived_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    waived_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = "谈话免谈说明"
        verbose_name_plural = "谈话免谈说明"
        constraints = [
            models.UniqueConstraint(fields=["meeting", "first", "second"], name="unique_talk_waiver")
        ]

    def __str__(self):
        return f"{self.first} — {self.second}"
