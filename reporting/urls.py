from django.urls import include, path

from . import views

reporting = [
    path("", views.reporting_page, name="reporting_page"),
    path("settings/", views.reporting_settings, name="reporting_settings"),
    path("<slug:kind>/approve/", views.reporting_approve, name="reporting_approve"),
    path("<slug:kind>/send/", views.reporting_send, name="reporting_send"),
    path("bundle/", views.bundle_request, name="bundle_request"),
    path("bundle/status/", views.bundle_status, name="bundle_status"),
]

archive = [
    path("", views.archive_page, name="archive_page"),
    path("files/<int:file_pk>/", views.frozen_download, name="frozen_download"),
    path("files/<int:file_pk>/retention/", views.reporting_retention, name="reporting_retention"),
]

meeting_urls = [
    path("reporting/", include(reporting)),
    path("archive/", include(archive)),
    path("archive.zip", views.archive_zip, name="archive_zip"),
]

urlpatterns = [
    path("meetings/<int:pk>/", include(meeting_urls)),
]
