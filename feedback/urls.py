from django.urls import include, path

from . import box, import_views, views

# A meeting's opinions (意见建议): the list, entry, import and the opinion box's token.
opinion_urls = [
    path("", views.opinion_list, name="opinion_list"),
    path("new/", views.opinion_entry, name="opinion_entry"),
    path("bulk/", views.opinion_bulk, name="opinion_bulk"),
    path("<int:opinion_pk>/", views.opinion_edit, name="opinion_edit"),
    path("feedback/", views.feedback_status, name="opinion_feedback"),
    path("choices/", views.opinion_choices, name="opinion_choices"),
    path("import/", import_views.import_opinions, name="opinion_import"),
    path("import/template.<str:fmt>", import_views.import_template, name="opinion_import_template"),
    path("box/rotate/", box.rotate_token, name="opinion_box_rotate"),
]

# The public opinion box (意见箱), reached by its token without logging in.
box_urls = [
    path("", box.box_page, name="opinion_box"),
    path("thanks/", box.box_thanks, name="opinion_box_thanks"),
]

urlpatterns = [
    path("meetings/<int:pk>/opinions/", include(opinion_urls)),
    path("box/<str:token>/", include(box_urls)),
]
