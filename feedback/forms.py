"""Forms for entering, filtering and triaging opinions."""

from django import forms
from django.forms import inlineformset_factory

from meetings.models import Meeting

from .models import Channel, Opinion, OpinionStatus, SourceCategory
from .services import team_members

TEAM = "team"


def _member_label(user):
    return f"{user.name}（{user.title}）" if user.title else user.name


def small_widgets(form):
    """Compact Bootstrap widgets for the filter and bulk bars above a list."""
    for field in form.fields.values():
        widget = field.widget
        if isinstance(widget, forms.CheckboxInput | forms.HiddenInput):
            continue
        css = (
            "form-select form-select-sm"
            if isinstance(widget, forms.Select)
            else "form-control form-control-sm"
        )
        widget.attrs["class"] = css


class CollectorForm(forms.ModelForm):
    """Who signs the 征求意见建议汇总 as having collected the opinions."""

    class Meta:
        model = Meeting
        fields = ["opinion_collector"]
        widgets = {"opinion_collector": forms.TextInput(attrs={"placeholder": "本单位办公室"})}

    def clean_opinion_collector(self):
        return self.cleaned_data["opinion_collector"].strip()


class MeetingChoicesMixin:
    """Limits aspect, category, channel and addressee to the meeting's own."""

    def limit_to(self, meeting, members=None):
        if "aspect" in self.fields:
            self.fields["aspect"].queryset = meeting.aspects.all()
            self.fields["aspect"].label_from_instance = lambda a: f"{a.order}. {a.name}"
        if "category" in self.fields:
            self.fields["category"].queryset = meeting.source_categories.all()
        if "channel" in self.fields:
            self.fields["channel"].queryset = meeting.channels.all()
        if "addressee" in self.fields:
            self.fields["addressee"].queryset = members if members is not None else team_members(meeting)
            self.fields["addressee"].label_from_instance = _member_label


class OpinionForm(MeetingChoicesMixin, forms.ModelForm):
    class Meta:
        model = Opinion
        fields = ["text", "aspect", "category", "channel", "addressee"]
        widgets = {"text": forms.Textarea(attrs={"rows": 4, "autofocus": True})}
        labels = {"addressee": "对象（留空为领导班子）"}

    def __init__(self, *args, meeting, **kwargs):
        super().__init__(*args, **kwargs)
        self.limit_to(meeting)
        self.fields["aspect"].required = True
        self.fields["aspect"].empty_label = "请选择方面"
        self.fields["addressee"].empty_label = "领导班子"

    def clean_text(self):
        text = self.cleaned_data["text"].strip()
        if len(text) < 5:
            raise forms.ValidationError("意见内容至少5个字。")
        if len(text) > 2000:
            raise forms.ValidationError("意见内容不超过2000字。")
        return text


class OpinionFilterForm(MeetingChoicesMixin, forms.Form):
    q = forms.CharField(label="内容包含", required=False)
    aspect = forms.ModelChoiceField(queryset=None, label="方面", required=False, empty_label="全部方面")
    category = forms.ModelChoiceField(queryset=None, label="类别", required=False, empty_label="全部类别")
    channel = forms.ModelChoiceField(queryset=None, label="渠道", required=False, empty_label="全部渠道")
    addressee = forms.ChoiceField(label="对象", required=False)
    status = forms.ChoiceField(
        label="状态", required=False, choices=[("", "全部状态"), *OpinionStatus.choices]
    )

    def __init__(self, *args, meeting, members, sees_all, **kwargs):
        """``members``: the addressees the user may filter by; ``sees_all``: whether the user sees every
        opinion (access.sees_all_opinions). A member sees only accepted ones (access.opinions_for), so
        the form offers them no status to choose."""
        super().__init__(*args, **kwargs)
        self.limit_to(meeting)
        self.fields["addressee"].choices = [
            ("", "全部对象"),
            (TEAM, "领导班子"),
            *((str(user.pk), user.name) for user in members),
        ]
        if not sees_all:
            del self.fields["status"]
        small_widgets(self)

    def apply(self, opinions):
        if not self.is_valid():
            return opinions
        data = self.cleaned_data
        if data["q"]:
            opinions = opinions.filter(text__icontains=data["q"])
        for name in ("aspect", "category", "channel"):
            if data[name]:
                opinions = opinions.filter(**{name: data[name]})
        if data["addressee"] == TEAM:
            opinions = opinions.filter(addressee__isnull=True)
        elif data["addressee"]:
            opinions = opinions.filter(addressee_id=data["addressee"])
        if data.get("status"):
            opinions = opinions.filter(status=data["status"])
        return opinions

    def known_count(self, by_status):
        """How many opinions ``apply`` keeps, from ``by_status`` (the same opinions' count per status),
        when it filters by status at most; None when another filter needs a COUNT of its own."""
        data = self.cleaned_data if self.is_valid() else {}
        if any(data.get(name) for name in ("q", "aspect", "category", "channel", "addressee")):
            return None
        if data.get("status"):
            return by_status.get(data["status"], 0)
        return sum(by_status.values())


class BulkActionForm(MeetingChoicesMixin, forms.Form):
    ACTIONS = [
        ("accept", "采纳"),
        ("reject", "不予采纳"),
        ("reclassify", "重新分类"),
        ("merge", "合并重复意见"),
    ]
    action = forms.ChoiceField(choices=ACTIONS, label="操作")
    selected = forms.CharField(required=False, widget=forms.HiddenInput)
    all_filtered = forms.BooleanField(required=False, label="对筛选出的全部意见执行")
    aspect = forms.ModelChoiceField(queryset=None, label="方面", required=False, empty_label="（不变）")
    category = forms.ModelChoiceField(queryset=None, label="类别", required=False, empty_label="（不变）")
    channel = forms.ModelChoiceField(queryset=None, label="渠道", required=False, empty_label="（不变）")
    addressee = forms.ChoiceField(label="对象", required=False)
    reason = forms.CharField(label="不予采纳理由", required=False, max_length=500)
    merge_into = forms.IntegerField(label="合并到（编号）", required=False)

    def __init__(self, *args, meeting, members, **kwargs):
        super().__init__(*args, **kwargs)
        self.limit_to(meeting)
        self.fields["addressee"].choices = [
            ("", "（不变）"),
            (TEAM, "领导班子"),
            *((str(user.pk), user.name) for user in members),
        ]
        small_widgets(self)

    def clean(self):
        data = super().clean()
        action = data.get("action")
        if action == "reject" and not (data.get("reason") or "").strip():
            self.add_error("reason", "不予采纳须填写理由。")
        if action == "merge" and not data.get("merge_into"):
            self.add_error("merge_into", "请填写要保留的那条意见的编号。")
        return data

    def selected_ids(self):
        raw = self.cleaned_data.get("selected") or ""
        return [int(part) for part in raw.split(",") if part.strip().isdigit()]


class TriageForm(OpinionForm):
    status = forms.ChoiceField(label="状态", choices=OpinionStatus.choices[:2] + OpinionStatus.choices[3:])
    reject_reason = forms.CharField(
        label="不予采纳理由", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    class Meta(OpinionForm.Meta):
        fields = [*OpinionForm.Meta.fields, "status", "reject_reason"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["aspect"].required = False
        self.fields["text"].widget.attrs.pop("autofocus", None)

    def clean(self):
        data = super().clean()
        if data.get("status") == OpinionStatus.REJECTED and not (data.get("reject_reason") or "").strip():
            self.add_error("reject_reason", "不予采纳须填写理由。")
        if data.get("status") == OpinionStatus.ACCEPTED and not data.get("aspect"):
            self.add_error("aspect", "采纳的意见须归入一个方面。")
        return data


ChannelFormSet = inlineformset_factory(Meeting, Channel, fields=["order", "name"], extra=1, can_delete=True)
CategoryFormSet = inlineformset_factory(
    Meeting, SourceCategory, fields=["order", "name"], extra=1, can_delete=True
)
