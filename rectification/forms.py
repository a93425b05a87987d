"""Forms of the rectification pages: an item, a progress update with its evidence, a status change,
销号, the answer to an opinion and the activities counted in the progress report."""

from django import forms
from django.db.models import Case, IntegerField, Value, When
from django.template.defaultfilters import filesizeformat
from django.utils import timezone

from meetings.services import leadership
from orgs.models import User

from .evidence import allowed_extensions, max_bytes, validate_evidence
from .models import Activity, Item, ItemStatus
from .services import MANUAL_STATUSES


def person_label(user):
    return f"{user.name}（{user.title}）" if user.title else user.name


class MultipleFileInput(forms.FileInput):
    allow_multiple_selected = True


class EvidenceFilesField(forms.FileField):
    """Several evidence files at once, each checked by ``validate_evidence`` (type, size, content)."""

    widget = MultipleFileInput

    def clean(self, data, initial=None):
        uploads = [upload for upload in (data if isinstance(data, list | tuple) else [data]) if upload]
        errors = [error for upload in uploads for error in validate_evidence(upload)]
        if errors:
            raise forms.ValidationError(errors)
        return uploads


class ProgressForm(forms.Form):
    text = forms.CharField(
        label="进展情况",
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="写明做了什么、取得了什么成效，如：已召开专题会议研究，制定制度1项。",
    )
    date = forms.DateField(label="日期", widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    files = EvidenceFilesField(label="佐证材料", required=False)
    status = forms.ChoiceField(
        label="整改状态",
        required=False,
        choices=[("", "不改变状态"), (ItemStatus.DONE.value, "整改已完成，标记为“已完成待销号”")],
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", "progress_%s")  # three forms share the item page: ids must differ
        super().__init__(*args, **kwargs)
        self.fields["date"].initial = timezone.localdate()
        self.fields["files"].help_text = (
            f"可一次选择多个文件。只接受 {allowed_extensions()} 文件，每个不超过{filesizeformat(max_bytes())}。"
            "销号须有佐证材料。"
        )

    def clean_text(self):
        text = self.cleaned_data["text"].strip()
        if not text:
            raise forms.ValidationError("请填写进展情况。")
        return text

    def clean_date(self):
        date = self.cleaned_data["date"]
        if date > timezone.localdate():
            raise forms.ValidationError("进展日期不能晚于今天。")
        return date


class StatusForm(forms.Form):
    status = forms.ChoiceField(
        label="新状态", choices=[(status.value, status.label) for status in MANUAL_STATUSES]
    )
    note = forms.CharField(label="说明", max_length=500, required=False)

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", "status_%s")
        super().__init__(*args, **kwargs)


class CloseForm(forms.Form):
    note = forms.CharField(
        label="销号说明",
        max_length=500,
        required=False,
        help_text="如：经核实整改措施已全部落实，佐证材料齐全。",
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", "close_%s")
        super().__init__(*args, **kwargs)


def owner_choices(field, meeting, keep=None):
    """The owner (责任领导) is chosen among the leadership team, in the team's order; ``keep`` (an owner who
    has since left the team) stays choosable."""
    team = [person.pk for person in leadership(meeting.organisation)]
    if keep and keep not in team:
        team.append(keep)
    order = Case(*(When(pk=pk, then=Value(i)) for i, pk in enumerate(team)), output_field=IntegerField())
    field.queryset = User.objects.filter(pk__in=team).order_by(order) if team else User.objects.none()
    field.label_from_instance = person_label
    field.empty_label = "请选择责任领导"


class ItemForm(forms.ModelForm):
    """The office's edit of an item; the owner is chosen among the leadership team."""

    class Meta:
        model = Item
        fields = ["problem", "manifestation", "measures", "owner", "unit", "deadline", "kind"]
        widgets = {
            "problem": forms.Textarea(attrs={"rows": 2}),
            "manifestation": forms.Textarea(attrs={"rows": 4}),
            "measures": forms.Textarea(attrs={"rows": 4}),
            "deadline": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }
        help_texts = {
            "measures": "每条措施一行，写明怎么改、改到什么程度。",
            "unit": "如：县委办公室、县委组织部",
            "kind": "立行立改和限期整改须填写完成时限；长期坚持的可不填。",
        }

    def __init__(self, *args, meeting, **kwargs):
        super().__init__(*args, **kwargs)
        owner_choices(self.fields["owner"], meeting, keep=self.instance.owner_id)
        self.fields["owner"].required = True


class AssignForm(forms.Form):
    """责任领导 and 责任部门 for several items at once: those being made on the build page, or those
    ticked in the list's table."""

    owner = forms.ModelChoiceField(label="责任领导", queryset=User.objects.none(), required=False)
    unit = forms.CharField(label="责任部门", max_length=200, required=False)

    def __init__(self, *args, meeting, **kwargs):
        kwargs.setdefault("auto_id", "assign_%s")
        super().__init__(*args, **kwargs)
        owner_choices(self.fields["owner"], meeting)
        self.fields["owner"].widget.attrs["class"] = "form-select form-select-sm"
        self.fields["unit"].widget.attrs.update(
            {"class": "form-control form-control-sm", "placeholder": "如：县委办公室"}
        )


class MergeForm(AssignForm):
    """合并为一项: one problem for the sources chosen, written by the office (prefilled with the first
    source's lead sentence), with the 问题表现 and who answers for it."""

    problem = forms.CharField(
        label="问题",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="合并后这一项的问题，一句话概括，将印在整改清单和整改通报中。",
    )
    manifestation = forms.CharField(
        label="问题表现",
        max_length=20_000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="问题的具体表现和事例，只在事项页面显示。",
    )
    field_order = ["problem", "manifestation", "owner", "unit"]

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", "merge_%s")
        super().__init__(*args, **kwargs)
        self.fields["owner"].required = True
        for name in ("problem", "manifestation"):
            self.fields[name].widget.attrs["class"] = "form-control"

    def clean_problem(self):
        problem = self.cleaned_data["problem"].strip()
        if not problem:
            raise forms.ValidationError("请填写这一项的问题。")
        return problem


class AnswerForm(forms.Form):
    note = forms.CharField(
        label="答复说明",
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="不列入整改清单的意见，写明如何答复，如：已当场解决、已作解释说明。",
    )


class ActivityForm(forms.ModelForm):
    class Meta:
        model = Activity
        fields = ["kind", "date", "title"]
        widgets = {"date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}
        labels = {"title": "会议或学习主题"}
        help_texts = {"title": "如：研究部署民主生活会查摆问题整改工作"}

    def clean_date(self):
        date = self.cleaned_data["date"]
        if date > timezone.localdate():
            raise forms.ValidationError("请记录已经召开的会议或学习，日期不能晚于今天。")
        return date
