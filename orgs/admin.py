from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

from .models import BranchRepresentative, ChargedUnit, Organisation, RoleAssignment, User


class RoleInline(admin.TabularInline):
    model = RoleAssignment
    extra = 0
    autocomplete_fields = ["organisation"]


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    list_display = ["username", "display_name", "title", "email", "is_active"]
    search_fields = ["username", "display_name", "title"]
    fieldsets = (*BaseUserAdmin.fieldsets, ("职务信息", {"fields": ["display_name", "title"]}))
    add_fieldsets = (*BaseUserAdmin.add_fieldsets, ("职务信息", {"fields": ["display_name", "title"]}))
    inlines = [RoleInline]


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "team_name", "parent"]
    search_fields = ["name", "team_name"]
    autocomplete_fields = ["parent"]


@admin.register(RoleAssignment)
class RoleAssignmentAdmin(admin.ModelAdmin):
    list_display = ["user", "organisation", "role", "order"]
    list_filter = ["role"]
    search_fields = ["user__display_name", "user__username", "organisation__name"]
    autocomplete_fields = ["user", "organisation"]


@admin.register(ChargedUnit)
class ChargedUnitAdmin(admin.ModelAdmin):
    list_display = ["name", "member", "head", "organisation"]
    autocomplete_fields = ["member", "head", "organisation"]


@admin.register(BranchRepresentative)
class BranchRepresentativeAdmin(admin.ModelAdmin):
    list_display = ["member", "branch_name", "representative", "organisation"]
    autocomplete_fields = ["member", "representative", "organisation"]
