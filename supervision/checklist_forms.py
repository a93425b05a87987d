"""The supervisor's form on the 督导检查表: a remark per check, the verdict and its text."""

from django import forms

from .checklist import CHECKS
from .models import Verdict

REMARK_MAX = 2000


def remark_field(code):
    return f"remark_{code}"


class ChecklistForm(forms.Form):
    verdict = forms.ChoiceField(
        label="总体评价",
        choices=Verdict.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": "请选择总体评价：好、较好、一般或差。",
            "invalid_choice": "总体评价只能是好、较好、一般或差。",
        },
    )
    verdict_text = forms.CharField(
        label="评价意见",
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="对会议质量的总体评价和改进要求，将随检查表导出。",
        error_messages={"required": "请写明评价意见。"},
    )
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for code, label in CHECKS:
            self.fields[remark_field(code)] = forms.CharField(
                label=f"{label}：督导意见",
                required=False,
                max_length=REMARK_MAX,
                widget=forms.Textarea(attrs={"rows": 2}),
                error_messages={"max_length": f"“{label}”的意见不能超过{REMARK_MAX}字。"},
            )

    @classmethod
    def for_checklist(cls, checklist, data=None):
        """The form as the saved checklist reads (empty before the first save)."""
        initial = {"version": checklist.version if checklist else 0}
        if checklist:
            initial.update(verdict=checklist.verdict, verdict_text=checklist.verdict_text)
            initial.update({remark_field(code): text for code, text in checklist.remarks.items()})
        return cls(data, initial=initial)

    def remarks(self):
        return {code: self.cleaned_data[remark_field(code)].strip() for code, _label in CHECKS}

    def remark(self, code):
        return self[remark_field(code)]
