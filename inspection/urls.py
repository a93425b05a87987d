from django.urls import include, path

from . import editor_views, views

# One draft of a meeting: the team's 对照检查材料 or one member's 个人发言提纲.
draft_urls = [
    # The editor (inspection.editor_views): the page, its JSON API, the checker, comments, opinion ticks.
    path("", editor_views.draft_detail, name="draft_detail"),
    path("api/", editor_views.draft_api, name="draft_api"),
    path("check/", editor_views.draft_check, name="draft_check"),
    path("comments/", editor_views.comment_add, name="draft_comment_add"),
    path("comments/<int:comment_pk>/resolve/", editor_views.comment_resolve, name="draft_comment_resolve"),
    path("opinions/<int:opinion_pk>/", editor_views.opinion_tick, name="draft_opinion_tick"),
    # Review, history and import (inspection.views).
    path("submit/", views.draft_submit, name="draft_submit"),
    path("review/", views.draft_review, name="draft_review"),
    path("endorse/", views.draft_endorse, name="draft_endorse"),
    path("versions/", views.version_list, name="draft_versions"),
    path("versions/<int:old>/<int:new>/", views.version_diff, name="draft_diff"),
    path("import/", views.draft_import, name="draft_import"),
    path("refused/<int:refused_pk>/", views.refused_detail, name="draft_refused"),
]

urlpatterns = [
    path(
        "meetings/<int:pk>/drafts/",
        include(
            [
                path("", views.draft_list, name="draft_list"),
                path("<int:draft_pk>/", include(draft_urls)),
            ]
        ),
    ),
]
