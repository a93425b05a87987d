"""Login, one's own password, and the security administrator's pages (锁定, 重置密码, 安全设置)."""

from functools import wraps

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from orgs import access

from . import lockout, policy, selectors, services
from .forms import (
    LoginForm,
    OwnPasswordChangeForm,
    PersonSearchForm,
    ResetPasswordForm,
    SecurityPolicyForm,
    password_rules,
)
from .middleware import password_change_reason, wants_json


class LoginView(auth_views.LoginView):
    form_class = LoginForm

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "policy": policy.current(self.request)}


def locked_out(request, original_response=None, credentials=None):
    """AXES_LOCKOUT_CALLABLE: the answer to a login the lock refused, or the one that set it — the login
    page again, saying so (403)."""
    current = policy.current(request)
    message = lockout.lockout_message(current)
    if wants_json(request):
        return JsonResponse({"error": message, "locked": True}, status=403)
    username = (credentials or {}).get("username") or request.POST.get("username", "")
    form = LoginForm(request, initial={"username": username})
    context = {
        "form": form,
        "locked_message": message,
        "policy": current,
        "next": request.POST.get("next", request.GET.get("next", "")),
    }
    return render(request, "registration/login.html", context, status=403)


class PasswordChangeView(auth_views.PasswordChangeView):
    """修改密码: one's own, also the page a temporary or expired password is sent to."""

    form_class = OwnPasswordChangeForm
    template_name = "registration/password_change_form.html"
    success_url = reverse_lazy("dashboard")

    def get_context_data(self, **kwargs):
        return {
            **super().get_context_data(**kwargs),
            "rules": password_rules(),
            "reason": password_change_reason(self.request, self.request.user),
        }

    def form_valid(self, form):
        response = super().form_valid(form)
        services.password_changed_by_owner(self.request.user, request=self.request)
        messages.success(self.request, "密码已修改。请牢记新密码，不要告诉他人。")
        return response


# --- the security administrator (安全管理员) ---------------------------------------------------------


def security_administrator_only(view):
    """Login first, then the security administrator alone (三员分立): anyone else is refused (403)."""

    @login_required
    @never_cache  # lockouts, names and a temporary password: nothing for a browser or proxy to keep
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not access.is_security_admin(request.user):
            raise PermissionDenied("此页面仅供安全管理员使用。")
        return view(request, *args, **kwargs)

    return wrapped


@security_administrator_only
def lockouts(request):
    current = policy.current(request)
    return render(
        request,
        "security/lockouts.html",
        {"failures": lockout.recent_failures(current), "policy": current, "tab": "lockouts"},
    )


@require_POST
@security_administrator_only
def unlock(request):
    kind, key = request.POST.get("kind"), (request.POST.get("key") or "").strip()
    if kind not in ("account", "address") or not key:
        messages.error(request, "未指明要解除锁定的账户或地址。")
        return redirect("security_lockouts")
    if kind == "account":
        services.unlock_account(key, by=request.user, request=request)
        messages.success(request, f"已解除账户 {key} 的登录锁定，该账户可以重新登录。")
    else:
        services.unlock_address(key, by=request.user, request=request)
        messages.success(request, f"已解除地址 {key} 的登录锁定。")
    return redirect("security_lockouts")


@security_administrator_only
def reset_password_search(request):
    form = PersonSearchForm(request.GET or None)
    query = form.cleaned_data["q"] if form.is_valid() else ""
    people = selectors.find_people(request.user, query)
    return render(
        request,
        "security/reset_search.html",
        {
            "form": form,
            "query": query,
            "people": people,
            "limited": len(people) >= selectors.SEARCH_LIMIT,
            "tab": "reset",
        },
    )


@security_administrator_only
def reset_password(request, person_pk):
    person = get_object_or_404(selectors.resettable_people(request.user), pk=person_pk)
    form = ResetPasswordForm(request.POST or None, person=person)
    if request.method == "POST" and form.is_valid():
        password = services.reset_password(
            person, by=request.user, password=form.typed_password(), request=request
        )
        # Shown in this answer only: not in a message (kept in a cookie) nor in a URL.
        return render(
            request,
            "security/reset_done.html",
            {
                "person": person,
                "password": password,
                "generated": form.typed_password() is None,
                "tab": "reset",
            },
        )
    return render(
        request,
        "security/reset_form.html",
        {"person": person, "form": form, "rules": password_rules(), "tab": "reset"},
    )


@security_administrator_only
def policy_edit(request):
    current = policy.current(request)
    form = SecurityPolicyForm(request.POST or None, instance=current)
    if request.method == "POST" and form.is_valid():
        services.save_policy(form.instance, by=request.user, request=request)
        messages.success(request, "安全设置已保存，自下一次访问起生效。")
        return redirect("security_policy")
    return render(request, "security/policy.html", {"form": form, "policy": current, "tab": "policy"})
