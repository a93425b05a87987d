from django.contrib import admin
from django.urls import include, path

from .health import healthz

admin.site.site_header = "民主生活会系统管理"
admin.site.site_title = "民主生活会系统"

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("admin/", admin.site.urls),
    # Login, logout and one's own password, and the security administrator's pages.
    path("", include("security.urls")),
    path("", include("documents.urls")),
    path("", include("feedback.urls")),
    path("", include("meetings.urls")),
    path("", include("meetings.study_urls")),
    path("", include("meetings.talk_urls")),
    path("", include("inspection.urls")),
    path("", include("meetings.record_urls")),
    path("", include("rectification.urls")),
    path("", include("reminders.urls")),
    path("", include("reporting.urls")),
    path("", include("supervision.urls")),
    path("", include("audit.urls")),
]
