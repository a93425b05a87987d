from django.apps import AppConfig


class FeedbackConfig(AppConfig):
    name = "feedback"
    verbose_name = "征求意见建议"

    def ready(self):
        from django.db.models.signals import post_save

        from meetings.models import Meeting

        from .services import create_default_choices

        def on_meeting_saved(sender, instance, created, raw=False, **kwargs):
            if created and not raw:
                create_default_choices(instance)

        # weak=False: the receiver is local to ready() and would otherwise be collected at once.
        post_save.connect(
            on_meeting_saved, sender=Meeting, weak=False, dispatch_uid="feedback-default-choices"
        )
