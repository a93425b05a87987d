from django.urls import path

from . import checklist_views, views

urlpatterns = [
    path("supervision/", views.overview_page, name="supervision_overview"),
    path("supervision/summary.xlsx", views.overview_export, name="supervision_overview_export"),
    path(
        "meetings/<int:pk>/supervision/checklist/",
        checklist_views.checklist_page,
        name="supervision_checklist",
    ),
]
