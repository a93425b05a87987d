from django.contrib import admin

from .models import CalendarToken, Digest, EmailPreference, Notification, Reminder, ReminderRule, ScanState


@admin.register(ReminderRule)
class ReminderRuleAdmin(admin.ModelAdmin):
    list_display = ["meeting", "days_before", "on_the_day", "overdue_every_days", "enabled"]
    list_filter = ["enabled"]
    raw_id_fields = ["meeting"]


@admin.register(Reminder)
class ReminderAdmin(admin.ModelAdmin):
    """The sent log: read it to answer "was I reminded?"; rows are written by the scan only."""

    list_display = ["title", "recipient", "offset", "due_date", "status", "sent_at", "attempts"]
    list_filter = ["status", "kind"]
    search_fields = ["title", "recipient__username", "recipient__display_name"]
    date_hierarchy = "due_date"
    list_select_related = ["recipient"]
    readonly_fields = [field.name for field in Reminder._meta.fields]

    def has_add_permission(self, request):
        return False


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ["title", "user", "created_at", "read_at"]
    list_filter = ["read_at"]
    search_fields = ["title", "user__username", "user__display_name"]
    list_select_related = ["user"]
    raw_id_fields = ["user", "reminder", "digest"]


@admin.register(Digest)
class DigestAdmin(admin.ModelAdmin):
    list_display = ["kind", "user", "period", "item_count", "sent_at"]
    list_filter = ["kind"]
    list_select_related = ["user"]
    raw_id_fields = ["user"]


@admin.register(EmailPreference)
class EmailPreferenceAdmin(admin.ModelAdmin):
    list_display = ["user", "kind", "email"]
    list_filter = ["kind", "email"]
    raw_id_fields = ["user"]


@admin.register(ScanState)
class ScanStateAdmin(admin.ModelAdmin):
    list_display = ["name", "last_day", "last_run_at"]


@admin.register(CalendarToken)
class CalendarTokenAdmin(admin.ModelAdmin):
    list_display = ["user", "created_at"]
    readonly_fields = ["token", "created_at"]
    raw_id_fields = ["user"]
