from django.urls import path

from . import box, import_views, views

urlpatterns = [
    path("meetings/<int:pk>/opinions/", views.opinion_list, name="opinion_list"),
    path("meetings/<int:pk>/opinions/new/", views.opinion_entry, name="opinion_entry"),
    path("meetings/<int:pk>/opinions/bulk/", views.opinion_bulk, name="opinion_bulk"),
    path("meetings/<int:pk>/opinions/<int:opinion_pk>/", views.opinion_edit, name="opinion_edit"),
    path("meetings/<int:pk>/opinions/feedback/", views.feedback_status, name="opinion_feedback"),
    path("meetings/<int:pk>/opinions/choices/", views.opinion_choices, name="opinion_choices"),
    path("meetings/<int:pk>/opinions/import/", import_views.import_opinions, name="opinion_import"),
    path(
        "meetings/<int:pk>/opinions/import/template.<str:fmt>",
        import_views.import_template,
        name="opinion_import_template",
    ),
    path("meetings/<int:pk>/opinions/box/rotate/", box.rotate_token, name="opinion_box_rotate"),
    path("box/<str:token>/", box.box_page, name="opinion_box"),
    path("box/<str:token>/thanks/", box.box_thanks, name="opinion_box_thanks"),
]
