"""Nobody changes or deletes the trail through the app or the admin (等保2.0 安全审计: 审计记录应受到保护);
on PostgreSQL the table itself refuses UPDATE and DELETE (migration audit 0002)."""

import pytest
from django.contrib import admin
from django.db import DatabaseError, connection, transaction
from django.urls import reverse

from audit import services
from audit.models import Action, AppendOnly, AuditEvent


@pytest.fixture
def event(world):
    return services.record(Action.CLOSE_ITEM, user=world.office, obj=world.meeting, detail="第1项销号")


def test_a_queryset_can_neither_update_nor_delete_events(event):
    with pytest.raises(AppendOnly):
        AuditEvent.objects.filter(pk=event.pk).update(detail="改过了")
    with pytest.raises(AppendOnly):
        AuditEvent.objects.filter(pk=event.pk).delete()
    with pytest.raises(AppendOnly):
        AuditEvent.objects.all().delete()
    assert AuditEvent.objects.get(pk=event.pk).detail == "第1项销号"


def test_a_saved_event_can_neither_be_saved_again_nor_deleted(event):
    event.detail = "改过了"
    with pytest.raises(AppendOnly):
        event.save()
    with pytest.raises(AppendOnly):
        event.delete()
    assert AuditEvent.objects.get(pk=event.pk).detail == "第1项销号"


def test_the_trail_is_not_in_the_django_admin(world, admins, event, client):
    assert AuditEvent not in admin.site._registry
    client.force_login(admins.superuser)
    assert client.get("/admin/audit/auditevent/").status_code == 404
    assert client.get(f"/admin/audit/auditevent/{event.pk}/delete/").status_code == 404


def test_the_audit_pages_offer_no_way_to_change_an_event(admins, event, client):
    client.force_login(admins.audit)
    assert client.post(reverse("audit_log")).status_code == 405
    assert client.post(reverse("audit_export")).status_code == 405
    assert AuditEvent.objects.get(pk=event.pk).detail == "第1项销号"


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the trigger exists on PostgreSQL only")
def test_on_postgresql_the_table_refuses_a_raw_update_or_delete(event):
    table = AuditEvent._meta.db_table
    for statement in (f"UPDATE {table} SET detail = 'x' WHERE id = %s", f"DELETE FROM {table} WHERE id = %s"):
        with (
            pytest.raises(DatabaseError, match="审计记录只能追加"),
            transaction.atomic(),
            connection.cursor() as cursor,
        ):
            cursor.execute(statement, [event.pk])
    assert AuditEvent.objects.get(pk=event.pk).detail == "第1项销号"
