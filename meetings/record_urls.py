from django.urls import include, path

from . import record_views

# A meeting's record (会议记录): the page, starting and editing it, the live view, one statement.
record_urls = [
    path("", record_views.record_detail, name="record_detail"),
    path("start/", record_views.record_start, name="record_start"),
    path("edit/", record_views.record_edit, name="record_edit"),
    path("live/", record_views.record_live, name="record_live"),
    path("statements/<int:statement_pk>/", record_views.statement_save, name="record_statement_save"),
]

urlpatterns = [
    path("meetings/<int:pk>/record/", include(record_urls)),
]
