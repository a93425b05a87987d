from django.urls import path

from . import talk_views

urlpatterns = [
    path("meetings/<int:pk>/talks/", talk_views.talk_list, name="talk_list"),
    path("meetings/<int:pk>/talks/new/", talk_views.talk_create, name="talk_create"),
    path("meetings/<int:pk>/talks/coverage/", talk_views.talk_coverage, name="talk_coverage"),
    path("meetings/<int:pk>/talks/waive/", talk_views.talk_waive, name="talk_waive"),
    path("meetings/<int:pk>/talks/<int:talk_pk>/", talk_views.talk_detail, name="talk_detail"),
    path("meetings/<int:pk>/talks/<int:talk_pk>/edit/", talk_views.talk_edit, name="talk_edit"),
]
