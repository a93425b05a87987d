"""Forms of the meeting and its plan. Labels and help come from the models' verbose names."""

import json

from crispy_forms.helper import FormHelper
from django import forms
from django.forms import inlineformset_factory
from django.utils.html import format_html

from orgs.models import User

from .models import (
    AspectTemplate,
    Meeting,
    MeetingAspect,
    MeetingPerson,
    PersonKind,
    Plan,
    PlanItem,
    PlanSection,
    ScheduleItem,
)
from .models.meeting import default_name, team_name_prefixes, without_team_name
from .schedule import DEFAULT_SCHEDULE

DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
TIME_INPUT = forms.TimeInput(attrs={"type": "time"}, format="%H:%M")


class MeetingForm(forms.ModelForm):
    class Meta:
        model = Meeting
        fields = [
            "year",
            "kind",
            "name",
            "theme",
            "date",
            "start_time",
            "place",
            "duration",
            "host",
            "notice_issuer",
            "notice_title",
            "notice_number",
        ]
        widgets = {"date": DATE_INPUT, "start_time": TIME_INPUT, "theme": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, organisation=None, **kwargs):
        super().__init__(*args, **kwargs)
        organisation = organisation or (self.instance.organisation if self.instance.organisation_id else None)
        self.organisation = organisation
        if organisation is not None:
            self.fields["host"].queryset = User.objects.filter(
                roles__organisation=organisation, roles__role__in=["secretary", "member"]
            ).distinct()
        self.fields["host"].label_from_instance = lambda user: f"{user.name}（{user.title}）"
        self.helper = FormHelper()
        self.helper.form_tag = False
        self._preview_title()

    # --- 全称: the title the meeting will carry, under the name field ---------------------------------

    def organisations_for_title(self):
        return [self.organisation] if self.organisation is not None else []

    def _chosen_organisation(self):
        return self.organisation

    def _value(self, name):
        """What the form holds for a field (as typed, or its initial value), without a BoundField: a
        bound field keeps the help text it saw first."""
        if name not in self.fields:
            return None
        if self.is_bound:
            return self.data.get(self.add_prefix(name))
        return self.get_initial_for_field(self.fields[name], name)

    def title_preview(self):
        """Meeting.title of what the form holds now: the team's name, then the name typed without a
        leading team name, or the default name of the year and kind."""
        organisation = self._chosen_organisation()
        if organisation is None:
            return ""
        name = without_team_name(str(self._value("name") or ""), organisation)
        return f"{organisation.leadership_name}{name or default_name(self._value('year') or '', self._value('kind'))}"

    def _preview_title(self):
        teams = {
            str(organisation.pk): {
                "team": organisation.leadership_name,
                "prefixes": team_name_prefixes(organisation),
            }
            for organisation in self.organisations_for_title()
        }
        field = self.fields["name"]
        field.widget.attrs["data-title-teams"] = json.dumps(teams, ensure_ascii=False)
        if self.organisation is not None:
            field.widget.attrs["data-title-organisation"] = str(self.organisation.pk)
        field.help_text = format_html(
            '{}<div class="title-preview" data-testid="title-preview">全称：<span data-title-preview>{}</span></div>',
            Meeting._meta.get_field("name").help_text,
            self.title_preview(),
        )

    def clean_year(self):
        year = self.cleaned_data["year"]
        if not 2000 <= year <= 2100:
            raise forms.ValidationError("请填写四位数年度，如 2026。")
        return year

    def clean(self):
        data = super().clean()
        organisation = data.get("organisation") or self.organisation
        if organisation is not None and data.get("name"):
            # The title puts the team's name first: a name typed in full would repeat it.
            data["name"] = without_team_name(data["name"], organisation)
        return data


class NewMeetingForm(MeetingForm):
    organisation = forms.ModelChoiceField(queryset=None, label="组织", empty_label=None)
    aspect_template = forms.ModelChoiceField(
        queryset=AspectTemplate.objects.all(),
        label="对照检查方面",
        empty_label=None,
        help_text="从模板复制，创建后可逐条修改。",
    )

    class Meta(MeetingForm.Meta):
        fields = ["organisation", "aspect_template", *MeetingForm.Meta.fields]

    def __init__(self, *args, organisations, **kwargs):
        self.organisations = list(organisations)
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations
        self.order_fields(["organisation", "aspect_template", *MeetingForm.Meta.fields])
        self.fields.pop("host")

    def organisations_for_title(self):
        return self.organisations

    def _chosen_organisation(self):
        chosen = str(self._value("organisation") or "")
        by_pk = {str(organisation.pk): organisation for organisation in self.organisations}
        return by_pk.get(chosen) or (self.organisations[0] if self.organisations else None)


class PlanForm(forms.ModelForm):
    class Meta:
        model = Plan
        fields = ["title", "issued_on", "preamble"]
        widgets = {"issued_on": DATE_INPUT, "preamble": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False


class PersonForm(forms.ModelForm):
    # A blank first choice, so that an empty extra row stays unchanged and is ignored.
    kind = forms.ChoiceField(
        label="类别",
        choices=[("", "—"), *PersonKind.choices],
        widget=forms.Select(attrs={"class": "form-select form-select-sm person-kind"}),
    )

    class Meta:
        model = MeetingPerson
        fields = ["kind", "order", "name", "title"]
        # Wide enough for "县委常委、县委办公室主任、县直机关工委书记": 职务 wraps in a textarea, never cut.
        widgets = {
            "order": forms.NumberInput(attrs={"class": "form-control form-control-sm person-order"}),
            "name": forms.TextInput(attrs={"class": "form-control form-control-sm person-name"}),
            "title": forms.Textarea(attrs={"class": "form-control form-control-sm person-title", "rows": 2}),
        }

    def clean_title(self):
        # The textarea wraps a long 职务; a line break typed in it is not part of the 职务.
        return "".join(line.strip() for line in self.cleaned_data["title"].splitlines())


PersonFormSet = inlineformset_factory(Meeting, MeetingPerson, form=PersonForm, extra=2, can_delete=True)

AspectFormSet = inlineformset_factory(
    Meeting,
    MeetingAspect,
    fields=["order", "name", "text"],
    extra=1,
    can_delete=True,
    widgets={
        "order": forms.NumberInput(attrs={"style": "width:5em"}),
        "text": forms.Textarea(attrs={"rows": 2}),
    },
)


ACTIVITY_CHOICES = [("", "—"), *((a.key, a.title) for a in DEFAULT_SCHEDULE)]


class PlanItemForm(forms.ModelForm):
    activity = forms.ChoiceField(
        label="对应日程", choices=ACTIVITY_CHOICES, required=False, help_text="截止日期随会议日期自动计算"
    )

    class Meta:
        model = PlanItem
        fields = ["order", "title", "activity", "deadline_text", "text"]

    def clean(self):
        data = super().clean()
        # A row with a heading or a deadline but no text would print a bare "（三）……。" line.
        if self.has_changed() and not (data.get("text") or "").strip() and not self.errors.get("text"):
            self.add_error("text", "请填写内容；不需要这一行时请勾选“删除”。")
        return data


class PlanItemFormSet(forms.BaseInlineFormSet):
    section = None

    def get_queryset(self):
        return super().get_queryset().filter(section=self.section)

    def save_new(self, form, commit=True):
        form.instance.section = self.section
        return super().save_new(form, commit=commit)

    def clean(self):
        super().clean()
        if self.section != PlanSection.PREPARATION:
            return
        # 严肃开展批评和自我批评 is the meeting itself, not a step before it (issue 15, seed 003).
        for form in self.forms:
            if self.can_delete and self._should_delete_form(form):
                continue
            if "批评和自我批评" in (getattr(form, "cleaned_data", None) or {}).get("title", ""):
                form.add_error("title", "批评和自我批评是会议本身，不是会前准备环节，请填在“会上要求”中。")


def plan_item_formset(section, with_title=True, with_deadline=False, title_label="小标题", help_text=""):
    fields = ["order"]
    if with_title:
        fields.append("title")
    if with_deadline:
        fields += ["activity", "deadline_text"]
    fields.append("text")
    formset = inlineformset_factory(
        Plan,
        PlanItem,
        form=PlanItemForm,
        formset=PlanItemFormSet,
        fields=fields,
        extra=1,
        can_delete=True,
        labels={"title": title_label},
        widgets={
            "order": forms.NumberInput(attrs={"style": "width:5em"}),
            "text": forms.Textarea(attrs={"rows": 3}),
        },
    )
    formset.section = section
    formset.help_text = help_text  # shown under the section's heading on the plan page
    return formset


# The plan's parts in the order the document prints them (documents.exporters.plan).
PLAN_SECTIONS = [
    (
        PlanSection.GUIDING,
        plan_item_formset(
            PlanSection.GUIDING,
            with_title=False,
            help_text="方案第一部分，每行一段。年度民主生活会标题为“指导思想”，专题民主生活会为“目标要求”。",
        ),
    ),
    (
        PlanSection.CHECK,
        plan_item_formset(
            PlanSection.CHECK,
            with_title=False,
            help_text="每行一段；第一段之后自动列出上方的对照检查方面。段中“N个方面”的数字按方面数自动填写。",
        ),
    ),
    (
        PlanSection.PREPARATION,
        plan_item_formset(
            PlanSection.PREPARATION,
            with_deadline=True,
            help_text="会前各环节及时限。批评和自我批评是会议本身，请填在“会上要求”中。",
        ),
    ),
    (
        PlanSection.AGENDA,
        plan_item_formset(
            PlanSection.AGENDA, with_title=False, help_text="印在“会议安排”中，主持人按会议信息自动填写。"
        ),
    ),
    (
        PlanSection.MEETING,
        plan_item_formset(
            PlanSection.MEETING,
            help_text="印在会议议程之后，如：严肃开展批评和自我批评、个人有关事项报告。",
        ),
    ),
    (PlanSection.FOLLOWUP, plan_item_formset(PlanSection.FOLLOWUP, with_deadline=True)),
    (
        PlanSection.DIVISION,
        plan_item_formset(
            PlanSection.DIVISION,
            title_label="责任主体",
            help_text="谁做什么：办公室、主要负责同志、班子成员等，每行一个责任主体。",
        ),
    ),
    (
        PlanSection.DISCIPLINE,
        plan_item_formset(PlanSection.DISCIPLINE, help_text="请假、到会时间、手机使用、保密等会议纪律。"),
    ),
    (PlanSection.REQUIREMENT, plan_item_formset(PlanSection.REQUIREMENT)),
]


class ScheduleForm(forms.ModelForm):
    class Meta:
        model = ScheduleItem
        fields = ["offset_days"]

    def clean_offset_days(self):
        offset = self.cleaned_data["offset_days"]
        if not -120 <= offset <= 120:
            raise forms.ValidationError("相对天数应在会前120天至会后120天之间。")
        return offset


ScheduleFormSet = forms.modelformset_factory(ScheduleItem, form=ScheduleForm, extra=0)


class ReasonForm(forms.Form):
    reason = forms.CharField(label="理由", widget=forms.Textarea(attrs={"rows": 2}), max_length=1000)


class NoteForm(forms.Form):
    note = forms.CharField(label="说明（可选）", required=False, max_length=1000)


class ReviewForm(forms.Form):
    decision = forms.ChoiceField(choices=[("approve", "审定通过"), ("return", "退回修改")], label="审核结论")
    comment = forms.CharField(label="意见", required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def clean(self):
        data = super().clean()
        if data.get("decision") == "return" and not (data.get("comment") or "").strip():
            self.add_error("comment", "退回修改时请填写修改意见。")
        return data
