from django.contrib import admin

from .models import AspectTemplate, AspectTemplateItem, Meeting, MeetingAspect, TransitionLog


class AspectTemplateItemInline(admin.TabularInline):
    model = AspectTemplateItem
    extra = 0


@admin.register(AspectTemplate)
class AspectTemplateAdmin(admin.ModelAdmin):
    list_display = ["name", "kind"]
    inlines = [AspectTemplateItemInline]


class MeetingAspectInline(admin.TabularInline):
    model = MeetingAspect
    extra = 0


@admin.register(Meeting)
class MeetingAdmin(admin.ModelAdmin):
    list_display = ["__str__", "year", "kind", "date", "stage"]
    list_filter = ["stage", "kind", "year"]
    # Stages move only through the workflow (guards, log); never by editing the field here.
    readonly_fields = ["stage"]
    inlines = [MeetingAspectInline]


@admin.register(TransitionLog)
class TransitionLogAdmin(admin.ModelAdmin):
    list_display = ["meeting", "from_stage", "to_stage", "by", "at", "is_step_back"]
    readonly_fields = [f.name for f in TransitionLog._meta.fields]
