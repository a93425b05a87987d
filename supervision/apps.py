from django.apps import AppConfig


class SupervisionConfig(AppConfig):
    """督导: the supervisors' overview of the units they oversee, and their checklist per meeting."""

    name = "supervision"
    verbose_name = "督导"
