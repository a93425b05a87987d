"""Login lockout (issue 14, item 3): django-axes counts failed logins, these hooks give it our rules.

Failures are counted two ways, each on its own: per account (by username, from any address) and per
client address (whatever the username). An office reaches the internet through one NAT address, so
with one limit for both a clerk who mistypes five times would lock the whole office out, and a
guesser could spray one password over every account from one address unhindered by the per-account
count. So the address has its own, larger limit (SecurityPolicy.address_failure_limit, 20 by default):
it stops spraying and leaves an office's colleagues alone when one of them is locked.

A successful login clears that account's failures only (axes would clear the address's as well: a
colleague's login, or the guesser's own account, would then unlock the account being guessed).
The lock lasts SecurityPolicy.lockout_minutes from the failure that set it. An attempt during the lock,
right password or not, is refused unchecked and not counted (AXES_RESET_COOL_OFF_ON_FAILURE_DURING_
LOCKOUT off): a locked-out clerk who keeps trying neither prolongs the lock nor adds to the office
address's count until the whole office is locked.
"""

import datetime

from axes.backends import AxesStandaloneBackend
from axes.exceptions import AxesBackendPermissionDenied
from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_client_username
from axes.models import AccessAttempt
from django.contrib.auth import get_user_model
from django.db.models import Max, Sum
from django.utils import timezone

from audit.services import client_address

from . import policy


def failure_limit(request, credentials=None):
    """AXES_FAILURE_LIMIT: failures of one account before it is locked."""
    return policy.current(request).failure_limit


def cool_off(request=None):
    """AXES_COOLOFF_TIME: how long a lock lasts."""
    return datetime.timedelta(minutes=policy.current(request).lockout_minutes)


def client_ip(request):
    """AXES_CLIENT_IP_CALLABLE: the address the audit trail writes, so both name the same client."""
    return client_address(request)


def lockout_message(current_policy):
    return (
        f"登录失败次数过多，账户已锁定，请{current_policy.lockout_minutes}分钟后再试，或联系安全管理员解锁。"
    )


class LockoutBackend(AxesStandaloneBackend):
    """axes' backend, which refuses any login while the account or the address is locked, marking the
    request it refused so that the audit trail tells a refused attempt from a wrong password."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        try:
            return super().authenticate(request, username=username, password=password, **kwargs)
        except AxesBackendPermissionDenied:
            request.login_refused_while_locked = True
            raise


class LockoutHandler(AxesDatabaseHandler):
    """axes' database handler with the two limits and the reset described above."""

    def counts(self, request, credentials=None):
        """(failures of the account, failures from the address) still counted (within the lock's
        minutes): one query per AXES_LOCKOUT_PARAMETERS entry, ["username", "ip_address"]."""
        by_account, by_address = (
            attempts.aggregate(total=Sum("failures_since_start"))["total"] or 0
            for attempts in self.get_user_attempts(request, credentials)
        )
        return by_account, by_address

    def get_failures(self, request, credentials=None):
        by_account, by_address = self.counts(request, credentials)
        current = policy.current(request)
        # axes compares one number with one limit (failure_limit). The address's count is scaled to it:
        # floor(n × failure_limit / address_failure_limit) reaches failure_limit exactly when n reaches
        # address_failure_limit.
        return max(by_account, by_address * current.failure_limit // current.address_failure_limit)

    def reset_user_attempts(self, request, credentials=None):
        username = get_client_username(request, credentials)
        count, _ = AccessAttempt.objects.filter(username=username).delete()
        return count


# --- what the security administrator's page lists ----------------------------------------------------


def _recent_attempts(current_policy, now):
    return AccessAttempt.objects.filter(
        attempt_time__gte=now - datetime.timedelta(minutes=current_policy.lockout_minutes)
    )


def _grouped(current_policy, now, field, limit):
    rows = (
        _recent_attempts(current_policy, now)
        .exclude(**{f"{field}__isnull": True})
        .values(field)
        .annotate(failures=Sum("failures_since_start"), last=Max("attempt_time"))
        .order_by("-last")
    )
    until = datetime.timedelta(minutes=current_policy.lockout_minutes)
    return [
        {
            "key": row[field],
            "failures": row["failures"],
            "last": row["last"],
            "locked": row["failures"] >= limit,
            "unlocks_at": row["last"] + until,
        }
        for row in rows
    ]


def recent_failures(current_policy, now=None):
    """Accounts and addresses with failed logins still counted (within the lockout minutes), locked or
    not: {"accounts": [...], "addresses": [...]}, each row with key, failures, last, locked, unlocks_at;
    an account's row also has its addresses, its person's name and whether the account exists."""
    now = now or timezone.now()
    accounts = _grouped(current_policy, now, "username", current_policy.failure_limit)
    addresses_of = {}
    for username, address in _recent_attempts(current_policy, now).values_list("username", "ip_address"):
        if address and address not in addresses_of.setdefault(username, []):
            addresses_of[username].append(address)
    names = dict(
        get_user_model()
        .objects.filter(username__in=[row["key"] for row in accounts])
        .values_list("username", "display_name")
    )
    for row in accounts:
        row["addresses"] = addresses_of.get(row["key"], [])
        # A name tried that is no account's: someone guessing at usernames.
        row["exists"] = row["key"] in names
        row["name"] = names.get(row["key"]) or ""
    return {
        "accounts": accounts,
        "addresses": _grouped(current_policy, now, "ip_address", current_policy.address_failure_limit),
    }
