from django.urls import include, path

from . import views

# One meeting: its page, the plan (实施方案) and its review, the schedule, and moving between stages.
meeting_urls = [
    path("", views.meeting_detail, name="meeting_detail"),
    path("plan/edit/", views.meeting_plan_edit, name="meeting_plan_edit"),
    path("plan/submit/", views.plan_submit, name="plan_submit"),
    path("plan/review/", views.plan_review, name="plan_review"),
    path("schedule/", views.meeting_schedule_edit, name="meeting_schedule_edit"),
    path("advance/", views.meeting_advance, name="meeting_advance"),
    path("step-back/", views.meeting_step_back, name="meeting_step_back"),
]

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("meetings/new/", views.meeting_create, name="meeting_create"),
    path("meetings/<int:pk>/", include(meeting_urls)),
]
