import datetime
from zoneinfo import ZoneInfo

import django.utils.timezone
from django.db import migrations, models

SHANGHAI = ZoneInfo("Asia/Shanghai")


def _day(moment):
    return datetime.datetime.combine(moment.astimezone(SHANGHAI).date(), datetime.time.min, tzinfo=SHANGHAI)


def keep_only_the_day_of_box_opinions(apps, schema_editor):
    """Opinions that came through the box before this migration were stamped to the microsecond; keep
    their day only, as new ones are (feedback.models.day_of)."""
    Opinion = apps.get_model("feedback", "Opinion")
    box = Opinion.objects.filter(entered_by__isnull=True).only("created_at", "updated_at")
    for opinion in box.iterator():
        opinion.created_at, opinion.updated_at = _day(opinion.created_at), _day(opinion.updated_at)
        Opinion.objects.filter(pk=opinion.pk).update(created_at=opinion.created_at, updated_at=opinion.updated_at)


class Migration(migrations.Migration):
    dependencies = [
        ("feedback", "0002_default_choices_for_existing_meetings"),
    ]

    operations = [
        migrations.AlterField(
            model_name="opinion",
            name="updated_at",
            field=models.DateTimeField(default=django.utils.timezone.now, editable=False, verbose_name="修改时间"),
        ),
        migrations.RunPython(keep_only_the_day_of_box_opinions, migrations.RunPython.noop),
    ]
