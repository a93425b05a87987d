from django.urls import include, path

from . import calendar_views, views

# In-app notifications (reminders.views).
notification_urls = [
    path("", views.notification_list, name="notification_list"),
    path("<int:notification_pk>/read/", views.notification_read, name="notification_read"),
    path("read-all/", views.notification_read_all, name="notification_read_all"),
]

# One's own settings: which reminders to receive (reminders.views), the private calendar feed
# (reminders.calendar_views).
setting_urls = [
    path("preferences/", views.preferences, name="reminder_preferences"),
    path("calendar/", calendar_views.calendar_settings, name="calendar_settings"),
]

# A meeting's reminder rule (reminders.views) and its calendar download (reminders.calendar_views).
meeting_urls = [
    path("reminders/", views.meeting_rule, name="reminder_rule"),
    path("calendar.ics", calendar_views.meeting_calendar, name="meeting_calendar"),
]

urlpatterns = [
    path("notifications/", include(notification_urls)),
    path("reminders/", include(setting_urls)),
    path(
        "calendar/<str:token>.ics", calendar_views.user_feed, name="calendar_feed"
    ),  # a private feed per user
    path("meetings/<int:pk>/", include(meeting_urls)),
]
