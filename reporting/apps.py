from django.apps import AppConfig


class ReportingConfig(AppConfig):
    name = "reporting"
    verbose_name = "报告通报与归档"

    def ready(self):
        from . import services  # noqa: F401  registers the reporting stage's guard
