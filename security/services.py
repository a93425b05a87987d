"""What the security administrator does (unlock, reset a password, change the settings) and what a
person does to their own password, each written to the audit trail beside the change."""

import secrets
import string

from axes.handlers.proxy import AxesProxyHandler
from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from audit.models import Action
from audit.services import record

from . import policy
from .models import SecurityPolicy


def unlock_account(username, *, by, request=None):
    """Clears the failed logins of ``username`` (from every address); returns how many records went."""
    count = AxesProxyHandler.reset_attempts(username=username)
    user = get_user_model().objects.filter(username=username).first()
    record(
        Action.UNLOCK,
        request=request,
        user=by,
        obj=user,
        detail=f"解除账户 {username} 的登录锁定（清除失败记录{count}条）",
    )
    return count


def unlock_address(address, *, by, request=None):
    """Clears the failed logins from ``address`` (for every account); returns how many records went."""
    count = AxesProxyHandler.reset_attempts(ip_address=address)
    record(
        Action.UNLOCK,
        request=request,
        user=by,
        detail=f"解除地址 {address} 的登录锁定（清除失败记录{count}条）",
    )
    return count


# A generated temporary password: letters and digits without the ones read alike (0/O, 1/l/I), and a
# symbol, so it always has the four kinds the rules ask three of.
_LETTERS = "".join(c for c in string.ascii_letters if c not in "OIl")
_DIGITS = "23456789"
_SYMBOLS = "#%+=@"
TEMPORARY_LENGTH = 12


def generate_password():
    picks = [
        secrets.choice(string.ascii_uppercase.replace("O", "").replace("I", "")),
        secrets.choice(string.ascii_lowercase.replace("l", "")),
        secrets.choice(_DIGITS),
        secrets.choice(_SYMBOLS),
    ]
    picks += [secrets.choice(_LETTERS + _DIGITS) for _ in range(TEMPORARY_LENGTH - len(picks))]
    secrets.SystemRandom().shuffle(picks)
    return "".join(picks)


def _passes_rules(password, user):
    try:
        validate_password(password, user)
    except ValidationError:
        return False
    return True


@transaction.atomic
def reset_password(user, *, by, password=None, request=None):
    """重置密码: sets a temporary password (the one given, which the rules check, or a generated one) that
    must be changed at the next login, and clears the account's lockout. Returns the password, to be
    shown once to the security administrator."""
    if password is None:
        password = generate_password()
        while not _passes_rules(password, user):  # a random 12 characters like a name: vanishingly rare
            password = generate_password()
    user.set_password(password)
    user.must_change_password = True
    user.save(update_fields=["password", "must_change_password"])
    record(
        Action.PASSWORD_RESET,
        request=request,
        user=by,
        obj=user,
        detail=f"重置 {user.name}（{user.username}）的密码，须在下次登录时修改",
    )
    if AxesProxyHandler.reset_attempts(username=user.username):
        record(
            Action.UNLOCK,
            request=request,
            user=by,
            obj=user,
            detail=f"重置密码时解除账户 {user.username} 的登录锁定",
        )
    return password


def password_changed_by_owner(user, *, request=None):
    """After a person changed their own password (the form has saved it): no longer a temporary one."""
    if user.must_change_password:
        user.must_change_password = False
        user.save(update_fields=["must_change_password"])
    record(Action.PASSWORD_CHANGE, request=request, user=user, obj=user, detail="本人修改密码")


FIELD_NAMES = [
    "failure_limit",
    "address_failure_limit",
    "lockout_minutes",
    "idle_minutes",
    "absolute_hours",
    "password_expiry_days",
]


def save_policy(changed, *, by, request=None):
    """Saves the security settings from a validated form's instance ``changed``; the audit event lists
    each value that changed, old → new."""
    before = SecurityPolicy.current()
    differences = [
        f"{SecurityPolicy._meta.get_field(name).verbose_name}：{getattr(before, name)} → {getattr(changed, name)}"
        for name in FIELD_NAMES
        if getattr(before, name) != getattr(changed, name)
    ]
    changed.pk = SecurityPolicy.SINGLETON
    changed.updated_at = timezone.now()
    changed.updated_by = by
    changed.save()
    policy.forget(request)
    record(
        Action.SETTINGS_CHANGE,
        request=request,
        user=by,
        detail="；".join(differences) or "保存安全设置（无改动）",
    )
    return changed
