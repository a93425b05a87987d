from django.db import migrations

from inspection.soft_phrases import DEFAULT_SOFT_PHRASES


def load(apps, schema_editor):
    SoftPhrase = apps.get_model("inspection", "SoftPhrase")
    for text, note in DEFAULT_SOFT_PHRASES:
        SoftPhrase.objects.get_or_create(text=text, defaults={"note": note})


class Migration(migrations.Migration):
    dependencies = [
        ("inspection", "0001_drafts"),
    ]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
