from django.apps import AppConfig


class MeetingsConfig(AppConfig):
    name = "meetings"
    verbose_name = "民主生活会"

    def ready(self):
        # Stage guards register themselves when their module is imported.
        from . import record, talks  # noqa: F401
