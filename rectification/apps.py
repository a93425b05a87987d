from django.apps import AppConfig


class RectificationConfig(AppConfig):
    name = "rectification"
    verbose_name = "整改落实"

    def ready(self):
        from . import services  # noqa: F401  registers the rectification stage's guard
