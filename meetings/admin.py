"""系统管理 of the meetings app: the aspect templates (configuration) and the stage log, read-only.

Meetings themselves are not here: a meeting changes only through the workflow (guards, the log), and
deleting one would delete every opinion, talk, draft and record of it with it. The system administrator
reads no meeting content (三员分立, DESIGN §12).
"""

from django.contrib import admin

from orgs.admin_site import ReadOnlyAdmin, SystemModelAdmin, SystemTabularInline

from .models import AspectTemplate, AspectTemplateItem, TransitionLog


class AspectTemplateItemInline(SystemTabularInline):
    model = AspectTemplateItem
    extra = 0


@admin.register(AspectTemplate)
class AspectTemplateAdmin(SystemModelAdmin):
    list_display = ["name", "kind"]
    inlines = [AspectTemplateItemInline]


@admin.register(TransitionLog)
class TransitionLogAdmin(ReadOnlyAdmin):
    """Who moved which meeting from which stage to which, and when: nobody adds, changes or deletes a
    row (the log is the meeting's history). The note (a step back's reason) stays in the app."""

    list_display = ["meeting", "from_stage", "to_stage", "by", "at", "is_step_back"]
    list_filter = ["to_stage", "is_step_back"]
    list_select_related = ["meeting__organisation", "by"]
    fields = ["meeting", "from_stage", "to_stage", "by", "at", "is_step_back"]
