"""Password expiry counts from ``User.password_changed_at``. The accounts that exist when it arrives have
no date: their passwords count from the day of this migration, not as already expired."""

from django.db import migrations
from django.utils import timezone


def date_existing_passwords(apps, schema_editor):
    User = apps.get_model("orgs", "User")
    User.objects.filter(password_changed_at__isnull=True).update(password_changed_at=timezone.now())


class Migration(migrations.Migration):
    dependencies = [
        ("security", "0001_initial"),
        ("orgs", "0002_admin_roles_and_password_state"),
    ]

    operations = [migrations.RunPython(date_existing_passwords, migrations.RunPython.noop)]
