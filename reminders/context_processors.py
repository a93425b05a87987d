"""The bell in the top bar: how many of the user's notifications are unread."""

from django.utils.functional import SimpleLazyObject

from .models import Notification


def unread_count(request):
    """Counted once per request, and only when a page shows it (the notification list reuses it)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return 0
    if not hasattr(request, "_unread_notifications"):
        request._unread_notifications = Notification.objects.filter(user=user, read_at__isnull=True).count()
    return request._unread_notifications


def notifications(request):
    # Lazy: a page that does not draw the top bar (or an anonymous visitor) costs no query.
    return {"unread_notifications": SimpleLazyObject(lambda: unread_count(request))}
