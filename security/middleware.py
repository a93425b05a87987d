"""Session limits and the password one must change (issue 14, item 4), for every page.

SessionLimitsMiddleware logs a session out when it has been idle longer than the security settings
allow, or logged in longer than their absolute lifetime, and sends the person to the login page with
the reason. A page's script (the editor's autosave, the live record, the bundle's progress) asks for
JSON: it gets 401 with the reason instead of a redirect, whose login page would read as a save that
worked; so does any JSON request a view sends to the login page.

PasswordChangeMiddleware sends a person whose password is temporary (set by an administrator) or
expired to 修改密码, and lets them open nothing else until it is changed (but logging out).
"""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.http import JsonResponse
from django.shortcuts import redirect, resolve_url
from django.urls import reverse
from django.utils.http import urlencode

from . import events, policy, sessions


def wants_json(request):
    """A request made by a page's script for data, not a page the browser shows."""
    accept = request.headers.get("Accept", "")
    return (
        request.headers.get("X-Requested-With") == "XMLHttpRequest"
        or request.content_type == "application/json"
        or ("application/json" in accept and "text/html" not in accept)
    )


def is_background_read(request):
    """A script reading data (polling for a newer version, a task's progress): not something the person
    did, so it does not keep an idle session alive. A save (POST) is."""
    return request.method in ("GET", "HEAD") and wants_json(request)


def _login_url(request):
    return f"{resolve_url(settings.LOGIN_URL)}?{urlencode({'next': request.get_full_path()})}"


class SessionLimitsMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            reason = sessions.expired(request, policy.current(request))
            if reason:
                return self._log_out(request, reason)
            if not is_background_read(request):
                sessions.touch(request)
        response = self.get_response(request)
        if wants_json(request) and response.status_code == 302 and self._to_login(response):
            # login_required's redirect of a script's request (a session already ended): say so in JSON.
            return JsonResponse({"error": "登录已失效，请重新登录。", "login_url": response.url}, status=401)
        return response

    def _log_out(self, request, reason):
        setattr(request, events.LOGOUT_REASON, reason)
        logout(request)
        if wants_json(request):
            return JsonResponse({"error": reason, "login_url": resolve_url(settings.LOGIN_URL)}, status=401)
        messages.warning(request, reason)
        return redirect(_login_url(request))

    @staticmethod
    def _to_login(response):
        return response.url.split("?", 1)[0] == resolve_url(settings.LOGIN_URL)


def password_change_reason(request, user):
    """Why ``user`` must change their password before anything else, or None."""
    if user.must_change_password:
        return "您使用的是初始密码或管理员重置的密码，请先修改密码。"
    current = policy.current(request)
    if policy.password_expired(user, current):
        return f"您的密码已使用超过{current.password_expiry_days}天，请修改密码后继续使用。"
    return None


class PasswordChangeMiddleware:
    """After SessionLimitsMiddleware and MessageMiddleware."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if user.is_authenticated and not self._always_open(request.path):
            reason = password_change_reason(request, user)
            if reason:
                if wants_json(request):
                    return JsonResponse(
                        {"error": reason, "password_change_url": reverse("password_change")}, status=403
                    )
                # The change page says why itself (no message: each page refused would add one).
                return redirect("password_change")
        return self.get_response(request)

    @staticmethod
    def _always_open(path):
        # The change page itself, logging out, and the files every page needs.
        return path in (reverse("password_change"), reverse("logout")) or path.startswith(
            "/" + settings.STATIC_URL.lstrip("/")
        )
