import secrets

from django.db import migrations

CHANNELS = ["座谈会", "个别访谈", "意见箱", "征求意见表"]
CATEGORIES = ["党员", "干部", "群众"]


def add_defaults(apps, schema_editor):
    meeting_model = apps.get_model("meetings", "Meeting")
    channel_model = apps.get_model("feedback", "Channel")
    category_model = apps.get_model("feedback", "SourceCategory")
    box_model = apps.get_model("feedback", "OpinionBox")
    for meeting in meeting_model.objects.all():
        if not channel_model.objects.filter(meeting=meeting).exists():
            for order, name in enumerate(CHANNELS, 1):
                channel_model.objects.create(meeting=meeting, name=name, order=order)
        if not category_model.objects.filter(meeting=meeting).exists():
            for order, name in enumerate(CATEGORIES, 1):
                category_model.objects.create(meeting=meeting, name=name, order=order)
        box_model.objects.get_or_create(meeting=meeting, defaults={"token": secrets.token_urlsafe()})


class Migration(migrations.Migration):
    dependencies = [("feedback", "0001_initial"), ("meetings", "0002_aspect_sets")]

    operations = [migrations.RunPython(add_defaults, migrations.RunPython.noop)]
