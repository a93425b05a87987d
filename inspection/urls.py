from django.urls import path

from . import editor_views, views

draft = "meetings/<int:pk>/drafts/<int:draft_pk>/"

urlpatterns = [
    path("meetings/<int:pk>/drafts/", views.draft_list, name="draft_list"),
    # The editor (inspection.editor_views): the page, its JSON API, the checker, comments, opinion ticks.
    path(draft, editor_views.draft_detail, name="draft_detail"),
    path(f"{draft}api/", editor_views.draft_api, name="draft_api"),
    path(f"{draft}check/", editor_views.draft_check, name="draft_check"),
    path(f"{draft}comments/", editor_views.comment_add, name="draft_comment_add"),
    path(
        f"{draft}comments/<int:comment_pk>/resolve/",
        editor_views.comment_resolve,
        name="draft_comment_resolve",
    ),
    path(f"{draft}opinions/<int:opinion_pk>/", editor_views.opinion_tick, name="draft_opinion_tick"),
    # Review, history and import (inspection.views).
    path(f"{draft}submit/", views.draft_submit, name="draft_submit"),
    path(f"{draft}review/", views.draft_review, name="draft_review"),
    path(f"{draft}endorse/", views.draft_endorse, name="draft_endorse"),
    path(f"{draft}versions/", views.version_list, name="draft_versions"),
    path(f"{draft}versions/<int:old>/<int:new>/", views.version_diff, name="draft_diff"),
    path(f"{draft}import/", views.draft_import, name="draft_import"),
    path(f"{draft}refused/<int:refused_pk>/", views.refused_detail, name="draft_refused"),
]
