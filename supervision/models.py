"""督导检查表: what the supervisor writes on a meeting's checklist (the data rows are computed, never stored)."""

from django.conf import settings
from django.db import models, transaction
from django.utils import timezone

from meetings.models import Meeting
from orgs.refusals import Refused


class Verdict(models.TextChoices):
    GOOD = "good", "好"
    FAIRLY_GOOD = "fairly_good", "较好"
    FAIR = "fair", "一般"
    POOR = "poor", "差"


class Checklist(models.Model):
    """督导检查表: one per meeting — the supervisor's remark on each check and the overall verdict."""

    meeting = models.OneToOneField(Meeting, on_delete=models.CASCADE, related_name="supervision_checklist")
    verdict = models.CharField("总体评价", max_length=20, choices=Verdict.choices)
    verdict_text = models.TextField("评价意见")
    # {check code (supervision.checklist.CHECKS): the supervisor's 意见}; a check without a remark is absent.
    remarks = models.JSONField("各项意见", default=dict, blank=True)
    # Raised by every save: a form posts the version it was read at, so a save over a newer one is refused.
    version = models.PositiveIntegerField("版本", default=0)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    at = models.DateTimeField("保存时间", null=True)

    class Meta:
        verbose_name = "督导检查表"
        verbose_name_plural = "督导检查表"

    def __str__(self):
        return f"{self.meeting}督导检查表"


class StaleChecklist(Refused):
    """The checklist was saved by someone else after the form was opened: saving would lose their text."""

    status = 409

    def __init__(self, newer):
        self.newer = newer
        when = timezone.localtime(newer.at).strftime("%Y年%-m月%-d日 %H:%M")
        by = newer.by.name if newer.by else "其他督导组成员"
        super().__init__(
            f"{by}已于{when}保存了较新的检查表，您的修改尚未保存。请对照下方较新的内容，修改后再保存。"
        )


@transaction.atomic
def save_checklist(meeting, by, *, verdict, verdict_text, remarks, base_version):
    """保存督导检查表: writes the remarks over the version the form was read at (``base_version``, 0 for a
    first save), or raises StaleChecklist when a newer save came in between."""
    checklist, _ = Checklist.objects.select_for_update().get_or_create(meeting=meeting)
    if checklist.version != base_version:
        raise StaleChecklist(checklist)
    checklist.verdict = verdict
    checklist.verdict_text = verdict_text
    checklist.remarks = {code: text for code, text in remarks.items() if text}
    checklist.version += 1
    checklist.by = by
    checklist.at = timezone.now()
    checklist.save()
    return checklist
