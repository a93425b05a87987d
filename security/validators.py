"""Password rules (issue 14, 等保2.0 身份鉴别): at least 8 characters with three of the four kinds of
character, not like the person's names and not a common password (Django's two validators), and none
of the last five; AUTH_PASSWORD_VALIDATORS lists them.

Every password set with ``set_password`` and saved passes through ``PasswordHistoryValidator
.password_changed`` (Django calls it from ``User.save``): that is where the history and the date the
password was set (``User.password_changed_at``, which expiry counts from) are kept, whoever set it.
"""

import string

from django.contrib.auth import password_validation
from django.contrib.auth.hashers import check_password
from django.core.exceptions import ValidationError
from django.utils import timezone

from .models import PasswordHistory

KINDS = (
    ("大写字母", lambda c: c in string.ascii_uppercase),
    ("小写字母", lambda c: c in string.ascii_lowercase),
    ("数字", lambda c: c in string.digits),
    # Anything else that is not a letter or digit: punctuation, spaces, full-width symbols.
    ("符号", lambda c: not c.isalnum()),
)


class MinimumLengthValidator:
    """At least ``min_length`` characters (Django's own says so in English: its Chinese translation lacks
    the sentence)."""

    def __init__(self, min_length=8):
        self.min_length = min_length

    def validate(self, password, user=None):
        if len(password) < self.min_length:
            raise ValidationError(
                f"密码太短，至少需要{self.min_length}个字符（现有{len(password)}个）。",
                code="password_too_short",
            )

    def get_help_text(self):
        return f"至少{self.min_length}个字符。"


class CharacterKindsValidator:
    """At least ``min_kinds`` of upper-case letters, lower-case letters, digits and symbols."""

    def __init__(self, min_kinds=3):
        self.min_kinds = min_kinds

    def validate(self, password, user=None):
        used = [name for name, test in KINDS if any(test(c) for c in password)]
        if len(used) < self.min_kinds:
            raise ValidationError(
                f"密码须包含大写字母、小写字母、数字、符号中的至少{self.min_kinds}类（现有{len(used)}类）。",
                code="password_too_simple",
            )

    def get_help_text(self):
        return f"包含大写字母、小写字母、数字、符号中的至少{self.min_kinds}类。"


# Django's two, their rules listed in the same words as ours (their refusals are Django's Chinese).
class NotLikeTheNamesValidator(password_validation.UserAttributeSimilarityValidator):
    def get_help_text(self):
        return "不能与用户名、姓名相似。"


class NotCommonValidator(password_validation.CommonPasswordValidator):
    def get_help_text(self):
        return "不能是常见的简单密码（如 Password1、12345678）。"


class PasswordHistoryValidator:
    """Not the current password nor any of the last ``count`` (PasswordHistory keeps their hashes)."""

    def __init__(self, count=5):
        self.count = count

    def _recent_hashes(self, user):
        hashes = list(
            PasswordHistory.objects.filter(user=user).values_list("password", flat=True)[: self.count]
        )
        # The current password, also for an account whose history began before this validator did.
        if user.password and user.password not in hashes:
            hashes.insert(0, user.password)
        return hashes[: self.count]

    def validate(self, password, user=None):
        if user is None or user.pk is None:
            return
        if any(check_password(password, encoded) for encoded in self._recent_hashes(user)):
            raise ValidationError(
                f"不能使用最近{self.count}次用过的密码，请换一个新密码。", code="password_reused"
            )

    def password_changed(self, password, user=None):
        if user is None or user.pk is None:
            return
        now = timezone.now()
        PasswordHistory.objects.create(user=user, password=user.password)
        stale = PasswordHistory.objects.filter(user=user).values_list("pk", flat=True)[self.count :]
        PasswordHistory.objects.filter(pk__in=list(stale)).delete()
        # An update, not user.save(): save() is what called us, and would call us again.
        type(user).objects.filter(pk=user.pk).update(password_changed_at=now)
        user.password_changed_at = now

    def get_help_text(self):
        return f"不能与最近{self.count}次用过的密码相同。"
