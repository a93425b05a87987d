from django.db import migrations


def load_sets(apps, schema_editor):
    from meetings.aspect_sets import install

    install(apps.get_model("meetings", "AspectTemplate"), apps.get_model("meetings", "AspectTemplateItem"))


def unload_sets(apps, schema_editor):
    from meetings.aspect_sets import SHIPPED_SETS

    apps.get_model("meetings", "AspectTemplate").objects.filter(
        name__in=[name for name, _, _ in SHIPPED_SETS]
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("meetings", "0001_initial")]

    operations = [migrations.RunPython(load_sets, unload_sets)]
