from django.urls import include, path

from . import study_views

# A meeting's study: the sessions (集中学习研讨) and each member's own notes (自学, 心得体会).
study_urls = [
    path("", study_views.study_list, name="study_list"),
    path("new/", study_views.study_session_create, name="study_session_create"),
    path("<int:session_pk>/edit/", study_views.study_session_edit, name="study_session_edit"),
    path("<int:session_pk>/delete/", study_views.study_session_delete, name="study_session_delete"),
    path("notes/new/", study_views.study_note_create, name="study_note_create"),
    path("notes/<int:note_pk>/edit/", study_views.study_note_edit, name="study_note_edit"),
]

urlpatterns = [
    path("meetings/<int:pk>/study/", include(study_urls)),
]
