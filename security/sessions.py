"""Session limits (issue 14, item 4): an idle timeout and an absolute lifetime, kept in the session as
the moment of login and of the last activity (seconds since the epoch)."""

import time

LOGIN_AT = "security_login_at"
SEEN_AT = "security_seen_at"

# The last activity is written back at most this often: a session row is not rewritten on every
# request for a clock that counts in minutes.
TOUCH_EVERY_SECONDS = 60

IDLE = "您已长时间未操作，请重新登录。"


def absolute_message(hours):
    return f"登录已超过{hours}小时，请重新登录。"


def start(request, current_policy):
    """At login: the session's clocks start, and its cookie lives no longer than the session may."""
    now = time.time()
    request.session[LOGIN_AT] = now
    request.session[SEEN_AT] = now
    if current_policy.absolute_hours:
        request.session.set_expiry(current_policy.absolute_hours * 3600)


def expired(request, current_policy, now=None):
    """The sentence to log out with when the session is past a limit, else None. A session from before
    these clocks (no LOGIN_AT) starts them now."""
    now = time.time() if now is None else now
    session = request.session
    login_at = session.setdefault(LOGIN_AT, now)
    seen_at = session.setdefault(SEEN_AT, now)
    if current_policy.absolute_hours and now - login_at > current_policy.absolute_hours * 3600:
        return absolute_message(current_policy.absolute_hours)
    if current_policy.idle_minutes and now - seen_at > current_policy.idle_minutes * 60:
        return IDLE
    return None


def touch(request, now=None):
    """The user did something: the idle clock starts again."""
    now = time.time() if now is None else now
    if now - request.session.get(SEEN_AT, 0) >= TOUCH_EVERY_SECONDS:
        request.session[SEEN_AT] = now
