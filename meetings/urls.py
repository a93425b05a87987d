from django.urls import path

from . import views

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("meetings/new/", views.meeting_create, name="meeting_create"),
    path("meetings/<int:pk>/", views.meeting_detail, name="meeting_detail"),
    path("meetings/<int:pk>/plan/edit/", views.meeting_plan_edit, name="meeting_plan_edit"),
    path("meetings/<int:pk>/plan/submit/", views.plan_submit, name="plan_submit"),
    path("meetings/<int:pk>/plan/review/", views.plan_review, name="plan_review"),
    path("meetings/<int:pk>/schedule/", views.meeting_schedule_edit, name="meeting_schedule_edit"),
    path("meetings/<int:pk>/advance/", views.meeting_advance, name="meeting_advance"),
    path("meetings/<int:pk>/step-back/", views.meeting_step_back, name="meeting_step_back"),
]
