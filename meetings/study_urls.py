from django.urls import path

from . import study_views

urlpatterns = [
    path("meetings/<int:pk>/study/", study_views.study_list, name="study_list"),
    path("meetings/<int:pk>/study/new/", study_views.study_session_create, name="study_session_create"),
    path(
        "meetings/<int:pk>/study/<int:session_pk>/edit/",
        study_views.study_session_edit,
        name="study_session_edit",
    ),
    path(
        "meetings/<int:pk>/study/<int:session_pk>/delete/",
        study_views.study_session_delete,
        name="study_session_delete",
    ),
    path("meetings/<int:pk>/study/notes/new/", study_views.study_note_create, name="study_note_create"),
    path(
        "meetings/<int:pk>/study/notes/<int:note_pk>/edit/",
        study_views.study_note_edit,
        name="study_note_edit",
    ),
]
