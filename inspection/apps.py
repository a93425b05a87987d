from django.apps import AppConfig


class InspectionConfig(AppConfig):
    name = "inspection"
    verbose_name = "对照检查材料"

    def ready(self):
        from . import services  # noqa: F401  registers the drafting stage's guard
