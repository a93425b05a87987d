"""The security settings in force for a request: read once per request, from the cache that saving
them clears (SecurityPolicy.current), so a change the security administrator saves applies from the
next request on."""

import datetime

from django.utils import timezone

from .models import SecurityPolicy

_ATTRIBUTE = "_security_policy"


def current(request=None):
    """The SecurityPolicy for ``request`` (read at most once per request), or a fresh read without one."""
    if request is None:
        return SecurityPolicy.current()
    policy = getattr(request, _ATTRIBUTE, None)
    if policy is None:
        policy = SecurityPolicy.current()
        setattr(request, _ATTRIBUTE, policy)
    return policy


def forget(request):
    """After the settings page saves: the rest of this request reads the new values."""
    if request is not None and hasattr(request, _ATTRIBUTE):
        delattr(request, _ATTRIBUTE)


def password_expired(user, policy, now=None):
    """Whether ``user``'s password is older than the policy allows. A password with no known date (set
    before the date was kept; migration 0002 dates those that existed then) never expires."""
    if not policy.password_expiry_days or user.password_changed_at is None:
        return False
    age = (now or timezone.now()) - user.password_changed_at
    return age > datetime.timedelta(days=policy.password_expiry_days)
