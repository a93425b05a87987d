"""系统管理 of the reminders app: the rules, people's email choices, the scan's state and calendar tokens.

The reminders sent, the notifications and the digests are not here: their titles and bodies quote the
deadlines they remind of, a member's rectification item among them (三员分立, DESIGN §12).
"""

from django.contrib import admin

from orgs.admin_site import SystemModelAdmin

from .models import CalendarToken, EmailPreference, ReminderRule, ScanState


@admin.register(ReminderRule)
class ReminderRuleAdmin(SystemModelAdmin):
    list_display = ["meeting", "days_before", "on_the_day", "overdue_every_days", "enabled"]
    list_filter = ["enabled"]
    raw_id_fields = ["meeting"]


@admin.register(EmailPreference)
class EmailPreferenceAdmin(SystemModelAdmin):
    list_display = ["user", "kind", "email"]
    list_filter = ["kind", "email"]
    raw_id_fields = ["user"]


@admin.register(ScanState)
class ScanStateAdmin(SystemModelAdmin):
    list_display = ["name", "last_day", "last_run_at"]


@admin.register(CalendarToken)
class CalendarTokenAdmin(SystemModelAdmin):
    """A token is a password to its owner's calendar: never shown; deleting it revokes the address."""

    list_display = ["user", "created_at"]
    fields = ["user", "created_at"]
    readonly_fields = ["user", "created_at"]

    def has_add_permission(self, request, *args):
        return False

    def has_change_permission(self, request, obj=None):
        return False
