"""createsuperuser, whose password is an initial one: changed at the first login like any other account
an administrator made (issue 14). This app comes before django.contrib.auth in INSTALLED_APPS, so
``manage.py createsuperuser`` is this command."""

from django.contrib.auth import get_user_model
from django.contrib.auth.management.commands import createsuperuser


class Command(createsuperuser.Command):
    def handle(self, *args, **options):
        users = get_user_model()._default_manager.db_manager(options["database"])
        before = set(users.filter(is_superuser=True).values_list("pk", flat=True))
        super().handle(*args, **options)
        users.filter(is_superuser=True).exclude(pk__in=before).update(must_change_password=True)
