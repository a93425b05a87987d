"""The login events of the audit trail (安全审计): login, logout, each failed login and each lockout.

Receivers of Django's auth signals and of axes' ``user_locked_out``, connected in SecurityConfig.ready:
every login goes through django.contrib.auth's login()/logout()/authenticate(), whatever page or
backend, so the signals are the one place that sees them all.
"""

import logging

from axes.handlers.proxy import AxesProxyHandler
from django.contrib.auth import get_user_model

from audit.models import Action, Outcome
from audit.services import client_address, record, record_login_failure

from . import policy, sessions

logger = logging.getLogger("security")

# Set on the request by the session middleware before it logs a session out, so the event says why.
LOGOUT_REASON = "security_logout_reason"


def on_logged_in(sender, request, user, **kwargs):
    record(Action.LOGIN, request=request, user=user)
    sessions.start(request, policy.current(request))
    logger.info("login of %r from %s", user.get_username(), client_address(request))


def on_logged_out(sender, request, user, **kwargs):
    if user is None:  # logging out without being logged in
        return
    record(Action.LOGOUT, request=request, user=user, detail=getattr(request, LOGOUT_REASON, ""))


def on_login_failed(sender, credentials, request=None, **kwargs):
    username = credentials.get("username", "")
    refused = getattr(request, "login_refused_while_locked", False)
    # Written whether the account exists or not: guessing at names is what the trail must show.
    record_login_failure(username, request, detail="账户或地址已锁定，未核对密码" if refused else "")


def on_locked_out(sender, request, username, ip_address, **kwargs):
    """axes sends this for the failure that reaches a limit and again for each attempt refused during
    the lock; the trail has one lockout per lock (the refused attempts are failed logins)."""
    if getattr(request, "login_refused_while_locked", False):
        return
    current = policy.current(request)
    by_account, by_address = AxesProxyHandler.get_implementation().counts(request, {"username": username})
    if by_account >= current.failure_limit:
        detail = f"账户 {username} 登录失败{by_account}次"
    else:
        detail = f"地址 {ip_address} 登录失败{by_address}次（最近一次为账户 {username}）"
    detail += f"，锁定{current.lockout_minutes}分钟"
    user = get_user_model().objects.filter(username=username).first()
    record(Action.LOCKOUT, request=request, user=user, outcome=Outcome.REFUSED, detail=detail)
    logger.warning("lockout: %s", detail)
