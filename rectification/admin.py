from django.contrib import admin

from .models import (
    Activity,
    Evidence,
    Item,
    ItemSource,
    OpinionAnswer,
    Progress,
    RectificationList,
    StatusChange,
)


class ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class ItemSourceInline(ReadOnlyInline):
    model = ItemSource
    fk_name = "item"
    fields = ["kind", "quote"]


class ProgressInline(ReadOnlyInline):
    model = Progress
    fields = ["date", "text", "by"]


class EvidenceInline(ReadOnlyInline):
    model = Evidence
    fields = ["name", "size", "uploaded_by", "uploaded_at"]


class StatusChangeInline(ReadOnlyInline):
    model = StatusChange
    fields = ["at", "from_status", "to_status", "by", "note"]


@admin.register(RectificationList)
class RectificationListAdmin(admin.ModelAdmin):
    list_display = ["__str__", "meeting", "order"]
    list_filter = ["meeting"]
    list_select_related = ["meeting__organisation", "member"]


@admin.register(Item)
class ItemAdmin(admin.ModelAdmin):
    list_display = ["number", "__str__", "rectification_list", "owner", "deadline", "kind", "status"]
    list_filter = ["status", "kind", "meeting"]
    search_fields = ["problem", "measures", "unit", "owner__display_name"]
    list_select_related = ["rectification_list__member", "rectification_list__meeting__organisation", "owner"]
    raw_id_fields = ["owner"]
    # Status, 销号 and carry-over change only through rectification.services: every change is logged,
    # and 销号 needs evidence and a second person.
    readonly_fields = [
        "rectification_list",
        "meeting",
        "status",
        "carried_from",
        "created_by",
        "created_at",
        "closed_at",
        "closed_by",
        "updated_at",
    ]
    inlines = [ItemSourceInline, ProgressInline, EvidenceInline, StatusChangeInline]

    def has_add_permission(self, request):
        return False


@admin.register(Evidence)
class EvidenceAdmin(admin.ModelAdmin):
    list_display = ["name", "item", "size", "uploaded_by", "uploaded_at"]
    list_select_related = ["item", "uploaded_by"]
    search_fields = ["name"]
    readonly_fields = [f.name for f in Evidence._meta.fields]

    def has_add_permission(self, request):
        return False


@admin.register(StatusChange)
class StatusChangeAdmin(admin.ModelAdmin):
    list_display = ["item", "from_status", "to_status", "by", "at"]
    list_select_related = ["item", "by"]
    list_filter = ["to_status"]
    readonly_fields = [f.name for f in StatusChange._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(OpinionAnswer)
class OpinionAnswerAdmin(admin.ModelAdmin):
    list_display = ["opinion", "__str__", "by", "at"]
    list_select_related = ["opinion", "by"]
    raw_id_fields = ["opinion", "by"]


@admin.register(Activity)
class ActivityAdmin(admin.ModelAdmin):
    list_display = ["date", "kind", "title", "meeting", "by"]
    list_filter = ["kind", "meeting"]
    list_select_related = ["meeting__organisation", "by"]
    search_fields = ["title"]
    raw_id_fields = ["meeting", "by"]
