"""Retention: events are kept at least 180 days (等保: ≥ 6 months; AUDIT_RETENTION_DAYS may say longer,
never shorter); ``prune_audit`` deletes only what is older, and the beat runs it daily."""

import datetime
import io
import zoneinfo

import pytest
import time_machine
from django.conf import settings as django_settings
from django.core.management import call_command

from audit import services, tasks
from audit.models import Action, AuditEvent

SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")
NOW = datetime.datetime(2027, 9, 1, 10, 0, tzinfo=SHANGHAI)


@pytest.fixture
def aged(world):
    """Events written 400, 200, 181, 179 days and one hour before NOW, by name."""
    ages = {"400d": 400, "200d": 200, "181d": 181, "179d": 179, "1h": 1 / 24}
    written = {}
    for name, days in ages.items():
        with time_machine.travel(NOW - datetime.timedelta(days=days), tick=False):
            written[name] = services.record(Action.EXPORT, user=world.office, detail=name).pk
    return written


def left(aged):
    kept = set(AuditEvent.objects.values_list("pk", flat=True))
    return {name for name, pk in aged.items() if pk in kept}


def prune_command(*args):
    out = io.StringIO()
    with time_machine.travel(NOW, tick=False):
        call_command("prune_audit", *args, stdout=out)
    return out.getvalue()


@pytest.mark.parametrize(("setting", "days"), [(None, 180), (30, 180), (180, 180), (365, 365)])
def test_the_retention_is_the_setting_but_never_under_180_days(settings, setting, days):
    if setting is None:
        del settings.AUDIT_RETENTION_DAYS
    else:
        settings.AUDIT_RETENTION_DAYS = setting
    assert services.retention_days() == days


def test_the_default_deployment_keeps_180_days():
    assert django_settings.AUDIT_RETENTION_DAYS == 180


def test_the_command_deletes_only_what_is_older_than_180_days_and_says_how_many(aged):
    output = prune_command()
    assert left(aged) == {"179d", "1h"}
    assert "已删除" in output and "3条" in output and "保存期限180天" in output


def test_a_shorter_setting_does_not_delete_anything_younger_than_180_days(aged, settings):
    settings.AUDIT_RETENTION_DAYS = 7
    prune_command()
    assert left(aged) == {"179d", "1h"}


def test_a_longer_setting_keeps_more(aged, settings):
    settings.AUDIT_RETENTION_DAYS = 365
    output = prune_command()
    assert left(aged) == {"200d", "181d", "179d", "1h"}
    assert "1条" in output


def test_a_dry_run_counts_and_deletes_nothing(aged):
    output = prune_command("--dry-run")
    assert "3条" in output and "未删除" in output
    assert left(aged) == set(aged)


def test_the_daily_task_prunes_through_the_service(aged):
    with time_machine.travel(NOW, tick=False):
        assert tasks.prune_audit() == 3
    assert left(aged) == {"179d", "1h"}


def test_the_beat_runs_the_task_every_day():
    from celery.schedules import crontab

    from config.celery import app

    entry = django_settings.CELERY_BEAT_SCHEDULE["prune-audit"]
    assert entry["task"] == "audit.tasks.prune_audit"
    assert isinstance(entry["schedule"], crontab) and entry["schedule"].day_of_week == set(range(7))
    app.loader.import_default_modules()
    assert "audit.tasks.prune_audit" in app.tasks
