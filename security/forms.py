from django import forms
from django.contrib.auth.forms import AuthenticationForm, PasswordChangeForm
from django.contrib.auth.password_validation import password_validators_help_texts, validate_password

from .models import SecurityPolicy


class LoginForm(AuthenticationForm):
    """The login form, its refusal in words a clerk reads: which of the two was wrong is not said (a
    guesser would learn which usernames exist)."""

    error_messages = {
        "invalid_login": "用户名或密码不正确，请重新输入。",
        "inactive": "该账户已停用，请联系系统管理员。",
    }

    def __init__(self, request=None, *args, **kwargs):
        super().__init__(request, *args, **kwargs)
        self.fields["username"].label = "用户名"
        self.fields["password"].label = "密码"


class OwnPasswordChangeForm(PasswordChangeForm):
    """修改密码: the old password, then the new one twice, checked against the rules listed on the page."""

    def __init__(self, user, *args, **kwargs):
        super().__init__(user, *args, **kwargs)
        self.fields["old_password"].label = "当前密码"
        self.fields["new_password1"].help_text = ""
        self.fields["new_password2"].label = "再次输入新密码"
        self.fields["new_password2"].help_text = ""


def password_rules():
    """The rules as the pages list them, one sentence each (from AUTH_PASSWORD_VALIDATORS)."""
    return password_validators_help_texts()


class PersonSearchForm(forms.Form):
    q = forms.CharField(
        label="用户名或姓名",
        max_length=150,
        required=False,
        widget=forms.TextInput(attrs={"class": "form-control form-control-sm"}),
    )


class ResetPasswordForm(forms.Form):
    """重置密码: a generated temporary password, or one the security administrator types (and tells the
    person by phone or in person, never by e-mail)."""

    GENERATE, TYPE = "generate", "type"
    how = forms.ChoiceField(
        label="临时密码",
        choices=[(GENERATE, "由系统生成（只显示一次）"), (TYPE, "由我输入")],
        initial=GENERATE,
        widget=forms.RadioSelect,
    )
    password1 = forms.CharField(
        label="临时密码", required=False, strip=False, widget=forms.PasswordInput(render_value=False)
    )
    password2 = forms.CharField(
        label="再次输入临时密码", required=False, strip=False, widget=forms.PasswordInput(render_value=False)
    )

    def __init__(self, *args, person, **kwargs):
        super().__init__(*args, **kwargs)
        self.person = person

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("how") != self.TYPE:
            return cleaned
        first, second = cleaned.get("password1") or "", cleaned.get("password2") or ""
        if not first:
            self.add_error("password1", "请输入临时密码，或选择由系统生成。")
        elif first != second:
            self.add_error("password2", "两次输入的密码不一致。")
        else:
            try:
                validate_password(first, self.person)
            except forms.ValidationError as error:
                self.add_error("password1", error)
        return cleaned

    def typed_password(self):
        """The password typed, or None for a generated one."""
        return self.cleaned_data["password1"] if self.cleaned_data["how"] == self.TYPE else None


class SecurityPolicyForm(forms.ModelForm):
    class Meta:
        model = SecurityPolicy
        fields = [
            "failure_limit",
            "address_failure_limit",
            "lockout_minutes",
            "idle_minutes",
            "absolute_hours",
            "password_expiry_days",
        ]

    def clean(self):
        cleaned = super().clean()
        per_account, per_address = cleaned.get("failure_limit"), cleaned.get("address_failure_limit")
        if per_account and per_address and per_address < per_account:
            self.add_error(
                "address_failure_limit",
                f"同一地址允许的失败次数不能少于账户锁定次数（{per_account}次），否则一人输错就会锁住同一地址的所有人。",
            )
        return cleaned
