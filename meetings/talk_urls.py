from django.urls import include, path

from . import talk_views

# A meeting's talks (谈心谈话): the list, the coverage of who talked with whom, waivers, one talk.
talk_urls = [
    path("", talk_views.talk_list, name="talk_list"),
    path("new/", talk_views.talk_create, name="talk_create"),
    path("coverage/", talk_views.talk_coverage, name="talk_coverage"),
    path("waive/", talk_views.talk_waive, name="talk_waive"),
    path("<int:talk_pk>/", talk_views.talk_detail, name="talk_detail"),
    path("<int:talk_pk>/edit/", talk_views.talk_edit, name="talk_edit"),
]

urlpatterns = [
    path("meetings/<int:pk>/talks/", include(talk_urls)),
]
