"""Forms of the pre-meeting study (会前学习)."""

from django import forms

from .forms import DATE_INPUT
from .models import SelfStudyNote, StudySession
from .study import date_problem, material_lines


def _not_in_future(form):
    date = form.cleaned_data["date"]
    problem = date_problem(date)
    if problem:
        raise forms.ValidationError(problem)
    return date


class StudySessionForm(forms.ModelForm):
    class Meta:
        model = StudySession
        fields = ["date", "form", "topic", "materials", "summary"]
        widgets = {
            "date": DATE_INPUT,
            "materials": forms.Textarea(
                attrs={
                    "rows": 5,
                    "placeholder": "《中国共产党简史》\n习近平总书记在庆祝中国共产党成立100周年大会上的讲话",
                }
            ),
            "summary": forms.Textarea(attrs={"rows": 3, "placeholder": "主持人、研讨发言情况等"}),
        }
        labels = {"date": "学习日期", "form": "学习形式", "topic": "学习主题"}
        help_texts = {"materials": "每行一项：文件、讲话或书目的标题。"}
        error_messages = {
            "date": {"required": "请填写学习日期。", "invalid": "请按“2022-01-20”的格式填写日期。"},
            "topic": {"required": "请填写学习主题。"},
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Blank in the model for sessions imported without a list; a session recorded here names
        # what was studied, since the report counts the materials.
        self.fields["materials"].required = True
        self.fields["materials"].error_messages["required"] = "请至少填写一项学习材料。"

    def clean_date(self):
        return _not_in_future(self)

    def clean_materials(self):
        lines = material_lines(self.cleaned_data["materials"])
        if not lines:
            raise forms.ValidationError("请至少填写一项学习材料。")
        return "\n".join(lines)


class AttendanceForm(forms.Form):
    """出席情况: a 出席 box and a 缺席原因 for each participant, one row a person.

    Fields are built from the participants, so nothing posted can name anyone else.
    """

    def __init__(self, *args, people, initial_rows=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.people = list(people)
        initial_rows = initial_rows or {}
        for person in self.people:
            present, reason = initial_rows.get(person.pk, (True, ""))
            self.fields[f"present_{person.pk}"] = forms.BooleanField(
                label=f"{person.name}出席", required=False, initial=present
            )
            self.fields[f"reason_{person.pk}"] = forms.CharField(
                label=f"{person.name}缺席原因",
                max_length=200,
                required=False,
                initial=reason,
                widget=forms.TextInput(
                    attrs={
                        "class": "form-control form-control-sm",
                        "placeholder": "缺席时必填，如：出差、病假",
                    }
                ),
            )

    def rows(self):
        """(person, 出席 field, 缺席原因 field) for the attendance table."""
        return [(person, self[f"present_{person.pk}"], self[f"reason_{person.pk}"]) for person in self.people]

    def clean(self):
        cleaned = super().clean()
        for person in self.people:
            reason = (cleaned.get(f"reason_{person.pk}") or "").strip()
            if not cleaned.get(f"present_{person.pk}") and not reason:
                self.add_error(f"reason_{person.pk}", "未勾选出席，须填写缺席原因。")
                self.fields[f"reason_{person.pk}"].widget.attrs["class"] += " is-invalid"
        return cleaned

    @property
    def attendance(self):
        """{user id: None if present, else the reason} as ``study.record_session`` takes it."""
        return {
            person.pk: None
            if self.cleaned_data[f"present_{person.pk}"]
            else self.cleaned_data[f"reason_{person.pk}"].strip()
            for person in self.people
        }


class SelfStudyNoteForm(forms.ModelForm):
    class Meta:
        model = SelfStudyNote
        fields = ["date", "material", "text"]
        widgets = {"date": DATE_INPUT, "text": forms.Textarea(attrs={"rows": 8})}
        labels = {"date": "学习日期"}
        help_texts = {
            "material": "如：《中共中央关于党的百年奋斗重大成就和历史经验的决议》",
            "text": "学习的主要内容和个人体会，联系思想和工作实际。",
        }
        error_messages = {
            "date": {"required": "请填写学习日期。", "invalid": "请按“2022-01-20”的格式填写日期。"},
            "material": {"required": "请填写学习材料。"},
            "text": {"required": "请填写心得体会。"},
        }

    def clean_date(self):
        return _not_in_future(self)
