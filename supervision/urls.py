from django.urls import include, path

from . import checklist_views, views

# 督导总览: the meetings of the units a supervisor oversees, and its spreadsheet.
overview_urls = [
    path("", views.overview_page, name="supervision_overview"),
    path("summary.xlsx", views.overview_export, name="supervision_overview_export"),
]

urlpatterns = [
    path("supervision/", include(overview_urls)),
    path(
        "meetings/<int:pk>/supervision/checklist/",
        checklist_views.checklist_page,
        name="supervision_checklist",
    ),
]
