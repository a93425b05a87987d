"""系统管理: organisations, people and their roles — the system administrator's job (三员分立).

Each change of a role assignment (here, and inline on a person's page) and of an administrator's role
is written to the audit trail beside its save (orgs.services). The system administrator creates
accounts with an initial password that must be changed at first login, and resets no password of an
existing account: that is the security administrator's.
"""

from django import forms
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.contrib.auth.forms import UserCreationForm, UsernameField
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied, ValidationError

from . import services
from .admin_site import SystemModelAdmin, SystemTabularInline
from .models import BranchRepresentative, ChargedUnit, Organisation, RoleAssignment, User

# Django permissions and groups open nothing here (orgs.admin_site): a group editor would only mislead.
admin.site.unregister(Group)

SELF_ROLES = "不能给自己分配、变更或撤销会议角色，请由另一位系统管理员办理。"
PASSWORD_NOTE = (
    "系统管理员不重置已有人员的密码。人员忘记密码或需要重置时，请联系安全管理员办理；"
    "重置后的密码须在首次登录时修改。"
)


def _is_own(request, user_id):
    return user_id is not None and user_id == request.user.pk


class RoleInline(SystemTabularInline):
    """A person's roles on their page. One's own roles are read-only: a system administrator who
    gave themselves a role in an organisation would read its meetings (三员分立)."""

    model = RoleAssignment
    extra = 0
    autocomplete_fields = ["organisation"]

    def has_add_permission(self, request, obj=None):
        return super().has_add_permission(request, obj) and not _is_own(request, getattr(obj, "pk", None))

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and not _is_own(request, getattr(obj, "pk", None))

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and not _is_own(request, getattr(obj, "pk", None))


class PersonCreationForm(UserCreationForm):
    """A new account and its initial password (always a password: nobody signs in any other way)."""

    class Meta:
        model = User
        fields = ["username", "display_name", "title", "email", "admin_role"]
        field_classes = {"username": UsernameField}


class PersonChangeForm(forms.ModelForm):
    """No password field at all: the password is the security administrator's to reset."""

    class Meta:
        model = User
        fields = ["username", "display_name", "title", "email", "is_active", "admin_role"]
        field_classes = {"username": UsernameField}


@admin.register(User)
class UserAdmin(SystemModelAdmin, BaseUserAdmin):
    form = PersonChangeForm
    add_form = PersonCreationForm
    # Django's add page speaks of "usable passwords" (an account without one); ours always has one.
    add_form_template = "admin/change_form.html"
    list_display = ["username", "display_name", "title", "admin_role", "is_active", "must_change_password"]
    list_filter = ["admin_role", "is_active"]
    search_fields = ["username", "display_name", "title", "email"]
    # No is_staff, is_superuser, groups or permissions: /admin/ asks admin_role alone, and a superuser
    # is made on the command line (createsuperuser), never from this form.
    fieldsets = (
        (None, {"fields": ["username", "password_note"]}),
        ("职务信息", {"fields": ["display_name", "title", "email"]}),
        (
            "账号",
            {
                "fields": [
                    "is_active",
                    "admin_role",
                    "must_change_password",
                    "password_changed_at",
                    "last_login",
                    "date_joined",
                ]
            },
        ),
    )
    add_fieldsets = (
        (None, {"classes": ["wide"], "fields": ["username", "password1", "password2"]}),
        ("职务信息", {"fields": ["display_name", "title", "email", "admin_role"]}),
    )
    readonly_fields = [
        "password_note",
        "must_change_password",
        "password_changed_at",
        "last_login",
        "date_joined",
    ]
    inlines = [RoleInline]

    @admin.display(description="密码")
    def password_note(self, obj):
        return PASSWORD_NOTE

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        # A system administrator cannot change their own administrator's role (make themselves the audit
        # administrator, or drop the job and keep the account): another system administrator does it.
        if obj is not None and _is_own(request, obj.pk):
            fields.append("admin_role")
        return fields

    def user_change_password(self, request, id, form_url=""):
        raise PermissionDenied(PASSWORD_NOTE)

    def has_delete_permission(self, request, obj=None):
        # Deleting a person would delete their talks and study notes with them: someone who leaves is
        # made inactive (取消“有效”) and their records stay.
        return False

    def save_model(self, request, obj, form, change):
        before = User.objects.filter(pk=obj.pk).values_list("admin_role", flat=True).first() or ""
        if not change:
            # "初始密码…首次登录时必须修改" (issue 14): the person sets their own at first login.
            obj.must_change_password = True
        super().save_model(request, obj, form, change)
        if obj.admin_role != before:
            services.record_admin_role_changed(obj, before, request=request, how="系统管理页面")

    def save_formset(self, request, form, formset, change):
        if formset.model is RoleAssignment:
            save_assignments(request, formset)
        else:
            super().save_formset(request, form, formset, change)


def save_assignments(request, formset):
    """Saves a formset of role assignments and records each grant, change and revocation."""
    existing = [f.instance.pk for f in formset.initial_forms if f.instance.pk]
    before = {
        a.pk: a for a in RoleAssignment.objects.filter(pk__in=existing).select_related("user", "organisation")
    }
    saved = formset.save(commit=False)
    for assignment in formset.deleted_objects:
        services.record_role_revoked(before[assignment.pk], request=request)
        assignment.delete()
    for assignment in saved:
        added = assignment.pk is None
        assignment.save()
        if added:
            services.record_role_granted(assignment, request=request)
        else:
            services.record_role_changed(before[assignment.pk], assignment, request=request)
    formset.save_m2m()


@admin.register(Organisation)
class OrganisationAdmin(SystemModelAdmin):
    list_display = ["name", "team_name", "parent"]
    search_fields = ["name", "team_name"]
    autocomplete_fields = ["parent"]

    def save_model(self, request, obj, form, change):
        old_parent = Organisation.objects.filter(pk=obj.pk).values_list("parent", flat=True).first()
        super().save_model(request, obj, form, change)
        if change and old_parent != obj.parent_id:
            old = Organisation.objects.filter(pk=old_parent).first()
            services.record_parent_changed(obj, old, request=request)

    def delete_model(self, request, obj):
        self.delete_queryset(request, Organisation.objects.filter(pk=obj.pk))

    def delete_queryset(self, request, queryset):
        # The organisation's role assignments go with it: each is recorded as revoked.
        for assignment in RoleAssignment.objects.filter(organisation__in=queryset).select_related(
            "user", "organisation"
        ):
            services.record_role_revoked(assignment, request=request, why="组织已删除")
        super().delete_queryset(request, queryset)


class RoleAssignmentForm(forms.ModelForm):
    requester = None  # set per request by RoleAssignmentAdmin.get_form

    def clean(self):
        cleaned = super().clean()
        user = cleaned.get("user")
        if user is not None and self.requester is not None and user.pk == self.requester.pk:
            raise ValidationError(SELF_ROLES)
        return cleaned


@admin.register(RoleAssignment)
class RoleAssignmentAdmin(SystemModelAdmin):
    form = RoleAssignmentForm
    list_display = ["user", "organisation", "role", "order"]
    list_filter = ["role"]
    search_fields = ["user__display_name", "user__username", "organisation__name"]
    autocomplete_fields = ["user", "organisation"]
    list_select_related = ["user", "organisation"]

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        return type(form.__name__, (form,), {"requester": request.user})

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and not _is_own(
            request, getattr(obj, "user_id", None)
        )

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and not _is_own(
            request, getattr(obj, "user_id", None)
        )

    def save_model(self, request, obj, form, change):
        before = RoleAssignment.objects.select_related("user", "organisation").filter(pk=obj.pk).first()
        super().save_model(request, obj, form, change)
        if before is None:
            services.record_role_granted(obj, request=request)
        else:
            services.record_role_changed(before, obj, request=request)

    def delete_model(self, request, obj):
        services.record_role_revoked(obj, request=request)
        super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        assignments = list(queryset.select_related("user", "organisation"))
        if any(_is_own(request, assignment.user_id) for assignment in assignments):
            raise PermissionDenied(SELF_ROLES)
        for assignment in assignments:
            services.record_role_revoked(assignment, request=request)
        super().delete_queryset(request, queryset)


@admin.register(ChargedUnit)
class ChargedUnitAdmin(SystemModelAdmin):
    list_display = ["name", "member", "head", "organisation"]
    autocomplete_fields = ["member", "head", "organisation"]


@admin.register(BranchRepresentative)
class BranchRepresentativeAdmin(SystemModelAdmin):
    list_display = ["member", "branch_name", "representative", "organisation"]
    autocomplete_fields = ["member", "representative", "organisation"]
