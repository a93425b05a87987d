"""The audit administrator's search: by user, action, meeting, outcome and a range of Beijing dates."""

import datetime

from django import forms
from django.db.models import Q
from django.utils import timezone

from .models import Action, Outcome


class AuditFilterForm(forms.Form):
    user = forms.CharField(
        label="用户",
        required=False,
        max_length=150,
        widget=forms.TextInput(attrs={"placeholder": "用户名或姓名中的文字"}),
    )
    action = forms.ChoiceField(label="操作", required=False, choices=[("", "全部操作"), *Action.choices])
    meeting = forms.IntegerField(label="会议编号", required=False, min_value=1)
    outcome = forms.ChoiceField(label="结果", required=False, choices=[("", "全部结果"), *Outcome.choices])
    start = forms.DateField(
        label="起始日期", required=False, widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    end = forms.DateField(
        label="截止日期", required=False, widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            select = isinstance(field, forms.ChoiceField)
            field.widget.attrs["class"] = (
                "form-select form-select-sm" if select else "form-control form-control-sm"
            )

    def clean(self):
        data = super().clean()
        start, end = data.get("start"), data.get("end")
        if start and end and start > end:
            self.add_error("end", "截止日期不能早于起始日期。")
        return data

    def apply(self, events):
        """The events matching the filters; an invalid form filters nothing (its errors are shown)."""
        if not self.is_bound or not self.is_valid():
            return events
        data = self.cleaned_data
        if data["user"]:
            text = data["user"].strip()
            events = events.filter(Q(username__icontains=text) | Q(user__display_name__icontains=text))
        if data["action"]:
            events = events.filter(action=data["action"])
        if data["meeting"]:
            events = events.filter(meeting_id=data["meeting"])
        if data["outcome"]:
            events = events.filter(outcome=data["outcome"])
        # Bounds as moments, not ``at__date``: the dates are Beijing days, and the index on ``at`` is used.
        if data["start"]:
            events = events.filter(at__gte=_start_of(data["start"]))
        if data["end"]:
            events = events.filter(at__lt=_start_of(data["end"] + datetime.timedelta(days=1)))
        return events

    def description(self):
        """The filters in words, for the export's own audit event: "操作=导出文件；会议编号=3"."""
        if not self.is_bound or not self.is_valid():
            return "全部"
        parts = []
        for name, field in self.fields.items():
            value = self.cleaned_data.get(name)
            if value in (None, ""):
                continue
            if isinstance(field, forms.ChoiceField):
                value = dict(field.choices).get(value, value)
            parts.append(f"{field.label}={value}")
        return "；".join(parts) or "全部"


def _start_of(day):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))
