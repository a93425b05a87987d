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

urlpatterns = [
    path("meetings/<int:pk>/reporting/", include(reporting)),
    path("meetings/<int:pk>/archive/", include(archive)),
    path("meetings/<int:pk>/archive.zip", views.archive_zip, name="archive_zip"),
]
