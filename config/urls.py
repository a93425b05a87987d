from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from .health import healthz

admin.site.site_header = "民主生活会系统管理"
admin.site.site_title = "民主生活会系统"

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("admin/", admin.site.urls),
    path("accounts/login/", auth_views.LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
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
]
