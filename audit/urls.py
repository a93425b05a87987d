from django.urls import include, path

from . import views

urlpatterns = [
    path(
        "audit/",
        include(
            [
                path("", views.audit_log, name="audit_log"),
                path("export.csv", views.audit_export, name="audit_export"),
            ]
        ),
    ),
]
