"""Forms of the reminder pages: a user's email choices and a meeting's reminder rule."""

import re

from django import forms

from .models import DeadlineKind, DigestKind, EmailPreference, ReminderRule

# What each kind of email is about, in the words of the people who get it.
KIND_HELP = {
    DeadlineKind.STAGE: "方案报送、会前学习、征求意见、谈心谈话等各阶段的截止日期（办公室负责，书记知悉）。",
    DeadlineKind.DRAFT: "本人发言提纲、班子对照检查材料的撰写和修改期限。",
    DeadlineKind.REVIEW: "等待您审阅或审定的材料。",
    DeadlineKind.ITEM: "您负责的整改事项的完成时限（未指定责任领导的由办公室负责）。",
    DeadlineKind.BOX: "意见箱关闭前的提醒（办公室）。",
    DigestKind.OFFICE_DAILY: "每天早上汇总所负责会议的逾期事项（办公室）。",
    DigestKind.SUPERVISOR_WEEKLY: "每周一汇总所督导组织的逾期阶段（督导组）。",
}

MAX_DAYS_BEFORE = 90


class PreferencesForm(forms.Form):
    """One "发送邮件" switch per kind of reminder; a kind without a row sends email."""

    GROUPS = [("截止事项提醒", DeadlineKind.choices), ("汇总提醒", DigestKind.choices)]

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        chosen = dict(EmailPreference.objects.filter(user=user).values_list("kind", "email"))
        for _group, choices in self.GROUPS:
            for kind, label in choices:
                self.fields[kind] = forms.BooleanField(
                    label=label, required=False, initial=chosen.get(kind, True), help_text=KIND_HELP[kind]
                )

    def groups(self):
        """[(heading, [bound fields])] for the page."""
        return [(heading, [self[kind] for kind, _label in choices]) for heading, choices in self.GROUPS]

    def save(self):
        """Writes every kind's choice in one statement (a row per kind, created or updated)."""
        rows = [
            EmailPreference(user=self.user, kind=kind, email=self.cleaned_data[kind]) for kind in self.fields
        ]
        EmailPreference.objects.bulk_create(
            rows, update_conflicts=True, unique_fields=["user", "kind"], update_fields=["email"]
        )
        return [row.kind for row in rows if not row.email]


def parse_days(text):
    """ "3,1" (or "3，1", "3 1", "3、1") → [3, 1]; raises ValidationError naming what is wrong."""
    parts = [part for part in re.split(r"[,，、\s]+", text.strip()) if part]
    wrong = [part for part in parts if not part.isdigit() or int(part) < 1]
    if wrong:
        raise forms.ValidationError(
            "“%(wrong)s”不是正整数。请填写用逗号分隔的天数，如：3,1（提前3天和1天各提醒一次）。",
            params={"wrong": "、".join(wrong)},
            code="invalid",
        )
    days = sorted({int(part) for part in parts}, reverse=True)
    if days and days[0] > MAX_DAYS_BEFORE:
        raise forms.ValidationError(
            "提前天数不能超过%(max)s天。", params={"max": MAX_DAYS_BEFORE}, code="too_far"
        )
    return days


class ReminderRuleForm(forms.ModelForm):
    overdue_every_days = forms.IntegerField(
        label="逾期后每隔几天提醒",
        min_value=0,
        max_value=365,
        help_text="逾期后每隔几天再提醒一次，如：7 表示每周一次；填 0 表示逾期后不再提醒。",
        error_messages={
            "min_value": "不能小于0；填 0 表示逾期后不再提醒。",
            "max_value": "间隔天数不能超过365天。",
        },
    )

    class Meta:
        model = ReminderRule
        fields = ["days_before", "on_the_day", "overdue_every_days", "enabled"]
        help_texts = {
            "days_before": "用逗号分隔的正整数，如：3,1 表示截止前3天和前1天各提醒一次；留空表示不提前提醒。",
            "on_the_day": "截止当天提醒一次。",
            "enabled": "取消勾选后，本会议的所有截止事项都不再发送提醒（已发出的不受影响）。",
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["days_before"].required = False

    def clean_days_before(self):
        return ",".join(str(n) for n in parse_days(self.cleaned_data.get("days_before") or ""))
