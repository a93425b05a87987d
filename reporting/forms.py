"""Forms of the 报告通报 page: the report's own parts, a sending, the retention of an archived file."""

from django import forms
from django.utils import timezone

from .models import DocumentKind, FrozenFile, ReportSettings, SendingChannel

DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class ReportSettingsForm(forms.ModelForm):
    class Meta:
        model = ReportSettings
        fields = [
            "main_recipients",
            "copy_recipients",
            "notification_recipients",
            "follow_up",
            "next_steps",
            "report_dated",
            "notification_dated",
            "next_progress_report_on",
        ]
        widgets = {
            "next_steps": forms.Textarea(attrs={"rows": 4}),
            "report_dated": DATE_INPUT,
            "notification_dated": DATE_INPUT,
            "next_progress_report_on": DATE_INPUT,
        }
        help_texts = {
            "report_dated": "留空则为审定当日",
            "notification_dated": "留空则为审定当日",
        }

    def clean_main_recipients(self):
        value = self.cleaned_data["main_recipients"].strip()
        if not value:
            raise forms.ValidationError("请填写主送机关，如：县纪委、县委组织部。")
        return value


class SendingForm(forms.Form):
    """报送 the report or 印发 the 通报; the office confirms, because the files are frozen."""

    sent_on = forms.DateField(label="报送（印发）日期", widget=DATE_INPUT)
    recipients = forms.CharField(label="报送对象（印发范围）", max_length=300)
    channel = forms.ChoiceField(
        label="报送方式", choices=[("", "请选择"), *SendingChannel.choices], required=False
    )
    note = forms.CharField(
        label="说明",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="再次报送（更正）时必填：写明更正了什么",
    )
    confirmed = forms.BooleanField(
        label="我已核对无误。报送后将按当前内容生成并存档 Word 和 PDF 文件，此后修改数据不影响已报送的文件。",
        error_messages={"required": "请勾选确认后再报送。"},
    )

    def __init__(self, *args, kind, **kwargs):
        super().__init__(*args, **kwargs)
        self.kind = kind
        self.fields["sent_on"].initial = timezone.localdate()
        if kind == DocumentKind.NOTIFICATION:
            del self.fields["channel"]
            self.fields["sent_on"].label = "印发日期"
            self.fields["recipients"].label = "印发范围"
            self.fields[
                "confirmed"
            ].label = "我已核对无误。印发后将按当前内容生成并存档 Word 和 PDF 文件，此后修改数据不影响已印发的文件。"
        else:
            self.fields["channel"].required = True
            self.fields["channel"].error_messages["required"] = "请选择报送方式。"

    def clean_sent_on(self):
        value = self.cleaned_data["sent_on"]
        if value > timezone.localdate():
            raise forms.ValidationError("日期不能晚于今天。")
        return value


class RetentionForm(forms.ModelForm):
    class Meta:
        model = FrozenFile
        fields = ["retention"]
