"""Forms of the talks (谈心谈话)."""

from django import forms
from django.db.models import Q

from orgs.models import Role, User

from .forms import DATE_INPUT


def talk_people(organisation):
    """Whom a talk may be with: the team, the heads of their units and their branches' representatives."""
    return (
        User.objects.filter(
            Q(roles__organisation=organisation, roles__role__in=[Role.SECRETARY, Role.MEMBER])
            | Q(headed_units__organisation=organisation)
            | Q(represents_branch_for__organisation=organisation)
        )
        .distinct()
        .order_by("display_name")
    )


class TalkForm(forms.Form):
    date = forms.DateField(label="谈话日期", widget=DATE_INPUT)
    place = forms.CharField(label="地点", max_length=100, required=False)
    people = forms.ModelMultipleChoiceField(
        queryset=User.objects.none(),
        label="参与人",
        widget=forms.CheckboxSelectMultiple,
        help_text="通常为两人；可多选。",
    )
    topics = forms.CharField(label="谈话主题", widget=forms.Textarea(attrs={"rows": 2}))
    improvements = forms.CharField(
        label="共同商定的改进方向", widget=forms.Textarea(attrs={"rows": 2}), required=False
    )

    def __init__(self, *args, organisation, recorder=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["people"].queryset = talk_people(organisation)
        self.fields["people"].label_from_instance = lambda u: f"{u.name}（{u.title}）" if u.title else u.name
        self.recorder = recorder

    def clean_people(self):
        people = list(self.cleaned_data["people"])
        if self.recorder is not None and self.recorder not in people:
            people.insert(0, self.recorder)
        if len(people) < 2:
            raise forms.ValidationError("请至少选择一名谈话对象。")
        return people


class SideForm(forms.Form):
    problems_raised = forms.CharField(
        label="对方指出我的问题", widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    criticisms_to_raise = forms.CharField(
        label="我拟在会上开展批评的问题", widget=forms.Textarea(attrs={"rows": 3}), required=False
    )


class WaiverForm(forms.Form):
    first = forms.IntegerField(widget=forms.HiddenInput)
    second = forms.IntegerField(widget=forms.HiddenInput)
    reason = forms.CharField(label="免谈理由", max_length=500)
