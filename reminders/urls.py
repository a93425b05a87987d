from django.urls import path

from . import calendar_views, views

urlpatterns = [
    # In-app notifications, preferences and the meeting's rule (reminders.views).
    path("notifications/", views.notification_list, name="notification_list"),
    path("notifications/<int:notification_pk>/read/", views.notification_read, name="notification_read"),
    path("notifications/read-all/", views.notification_read_all, name="notification_read_all"),
    path("reminders/preferences/", views.preferences, name="reminder_preferences"),
    path("meetings/<int:pk>/reminders/", views.meeting_rule, name="reminder_rule"),
    # Calendars (reminders.calendar_views): a private feed per user, a download per meeting.
    path("calendar/<str:token>.ics", calendar_views.user_feed, name="calendar_feed"),
    path("reminders/calendar/", calendar_views.calendar_settings, name="calendar_settings"),
    path("meetings/<int:pk>/calendar.ics", calendar_views.meeting_calendar, name="meeting_calendar"),
]
