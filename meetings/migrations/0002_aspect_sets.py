from django.db import migrations


def load_sets(apps, schema_editor):
    from meetings.aspect_sets import SHIPPED_SETS

    template_model = apps.get_model("meetings", "AspectTemplate")
    item_model = apps.get_model("meetings", "AspectTemplateItem")
    for name, kind, items in SHIPPED_SETS:
        template, created = template_model.objects.get_or_create(name=name, defaults={"kind": kind})
        if created:
            item_model.objects.bulk_create(
                item_model(template=template, order=order, name=short, text=text)
                for order, (short, text) in enumerate(items, 1)
            )


def unload_sets(apps, schema_editor):
    from meetings.aspect_sets import SHIPPED_SETS

    apps.get_model("meetings", "AspectTemplate").objects.filter(
        name__in=[name for name, _, _ in SHIPPED_SETS]
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("meetings", "0001_initial")]

    operations = [migrations.RunPython(load_sets, unload_sets)]
