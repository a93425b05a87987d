"""系统管理 of the inspection app: only the list of soft phrasings the checker flags (configuration).

Drafts, their versions, refused saves and comments are confidential (an outline is read by its author,
the secretary, the office and the supervisors): they are never shown in the admin (三员分立, DESIGN §12).
"""

from django.contrib import admin

from orgs.admin_site import SystemModelAdmin

from .models import SoftPhrase


@admin.register(SoftPhrase)
class SoftPhraseAdmin(SystemModelAdmin):
    """The "以希望代替批评" phrasings the checker flags."""

    list_display = ["text", "note"]
    search_fields = ["text", "note"]
