from django.urls import path

from . import record_views

urlpatterns = [
    path("meetings/<int:pk>/record/", record_views.record_detail, name="record_detail"),
    path("meetings/<int:pk>/record/start/", record_views.record_start, name="record_start"),
    path("meetings/<int:pk>/record/edit/", record_views.record_edit, name="record_edit"),
    path("meetings/<int:pk>/record/live/", record_views.record_live, name="record_live"),
    path(
        "meetings/<int:pk>/record/statements/<int:statement_pk>/",
        record_views.statement_save,
        name="record_statement_save",
    ),
]
