"""系统管理 (/admin/): the system administrator's site, and nobody else's (三员分立, DESIGN §12).

Django's admin lets in anyone with ``is_staff`` and then asks each model's Django permissions. Here
one rule answers both: ``orgs.access.is_system_admin`` (admin_role 系统管理员, or a superuser). The
security and audit administrators have their own pages; a staff flag or a granted permission opens
nothing. Every ModelAdmin of the project derives from ``SystemModelAdmin`` (or mixes in
``SystemAdminPermissions``) so that a system administrator who is not a superuser can use it.

Only non-confidential models are registered: organisations, people and their roles, 分管单位, 党员代表
and configuration. Opinions, talks, drafts, notes, records, evidence, rectification items and the
reports' material are never registered (tests/orgs/test_django_admin.py lists what may be).

Installed through ``SystemAdminConfig`` in INSTALLED_APPS (in place of ``django.contrib.admin``), which
makes ``admin.site`` an instance of ``SystemAdminSite``.
"""

from django.conf import settings
from django.contrib import admin
from django.contrib.admin.apps import AdminConfig
from django.contrib.auth import REDIRECT_FIELD_NAME
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseRedirect
from django.urls import NoReverseMatch, reverse


def _is_system_admin(request):
    # orgs.access imports the models: not at import time of the app registry.
    from orgs.access import is_system_admin

    return is_system_admin(request.user)


class SystemAdminSite(admin.AdminSite):
    site_header = "民主生活会系统管理"
    site_title = "民主生活会系统"
    index_title = "组织、人员和角色"

    def has_permission(self, request):
        return _is_system_admin(request)

    def login(self, request, extra_context=None):
        """One sign-in for everyone: the app's (with its lockout and password rules). Someone signed in
        who is not the system administrator is told so, not offered another account's login."""
        if _is_system_admin(request):
            return HttpResponseRedirect(reverse("admin:index", current_app=self.name))
        if request.user.is_authenticated:
            raise PermissionDenied("系统管理仅供系统管理员使用：您的账号没有这项权限。")
        from django.contrib.auth.views import redirect_to_login  # imports the auth models

        next_url = request.GET.get(REDIRECT_FIELD_NAME) or reverse("admin:index", current_app=self.name)
        return redirect_to_login(next_url, settings.LOGIN_URL)

    def password_change(self, request, extra_context=None):
        """The system administrator's own password is changed where everyone's is (the password rules,
        the history of the last ones, the audit trail): the app's page, not the admin's form."""
        try:
            return HttpResponseRedirect(reverse("password_change"))
        except NoReverseMatch:
            return super().password_change(request, extra_context)


class SystemAdminConfig(AdminConfig):
    """``django.contrib.admin`` with ``SystemAdminSite`` as ``admin.site``."""

    default_site = "orgs.admin_site.SystemAdminSite"


class SystemAdminPermissions:
    """Every permission of a ModelAdmin or inline is the system administrator's, and only theirs; a
    subclass takes some away (a read-only log says False to add, change and delete)."""

    def has_module_permission(self, request):
        return _is_system_admin(request)

    def has_view_permission(self, request, obj=None):
        return _is_system_admin(request)

    def has_add_permission(self, request, *args):  # ModelAdmin: (request); inline: (request, obj)
        return _is_system_admin(request)

    def has_change_permission(self, request, obj=None):
        return _is_system_admin(request)

    def has_delete_permission(self, request, obj=None):
        return _is_system_admin(request)


class SystemModelAdmin(SystemAdminPermissions, admin.ModelAdmin):
    pass


class SystemTabularInline(SystemAdminPermissions, admin.TabularInline):
    pass


class ReadOnlyAdmin(SystemModelAdmin):
    """A log or a state the app writes: the system administrator reads it, nobody adds, changes or
    deletes a row here (not even a superuser)."""

    def has_add_permission(self, request, *args):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
