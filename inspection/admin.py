from django.contrib import admin

from .models import Draft, DraftComment, DraftEvent, DraftVersion, RefusedSave, SoftPhrase


class ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class DraftEventInline(ReadOnlyInline):
    model = DraftEvent
    fields = ["at", "action", "by", "version", "note"]


@admin.register(Draft)
class DraftAdmin(admin.ModelAdmin):
    list_display = ["__str__", "meeting", "status", "version", "updated_at", "updated_by"]
    list_filter = ["status", "kind", "meeting"]
    search_fields = ["author__display_name", "author__username"]
    list_select_related = ["meeting", "author", "updated_by"]
    # Content, versions and status change only through the editor and the review (inspection.services):
    # every save must be a version and every status change a logged event.
    readonly_fields = [f.name for f in Draft._meta.fields]
    inlines = [DraftEventInline]

    def has_add_permission(self, request):
        return False


@admin.register(DraftVersion)
class DraftVersionAdmin(admin.ModelAdmin):
    list_display = ["draft", "number", "by", "at", "note"]
    list_select_related = ["draft__author", "by"]
    list_filter = ["draft__meeting"]
    readonly_fields = [f.name for f in DraftVersion._meta.fields]

    def has_add_permission(self, request):
        return False


@admin.register(RefusedSave)
class RefusedSaveAdmin(admin.ModelAdmin):
    list_display = ["draft", "by", "at", "base_version", "latest_version", "merged_into"]
    list_select_related = ["draft__author", "by"]
    readonly_fields = [f.name for f in RefusedSave._meta.fields]

    def has_add_permission(self, request):
        return False


@admin.register(DraftComment)
class DraftCommentAdmin(admin.ModelAdmin):
    list_display = ["__str__", "draft", "part_label", "by", "at", "resolved_at"]
    list_select_related = ["draft__author", "by"]
    list_filter = ["draft__meeting"]
    search_fields = ["text"]
    readonly_fields = [
        "draft",
        "part_id",
        "part_label",
        "quote",
        "by",
        "at",
        "version",
        "resolved_at",
        "resolved_by",
    ]


@admin.register(SoftPhrase)
class SoftPhraseAdmin(admin.ModelAdmin):
    """The office keeps the list of "以希望代替批评" phrasings the checker flags."""

    list_display = ["text", "note"]
    search_fields = ["text", "note"]
