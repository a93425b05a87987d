"""A database that fails in the middle of an import (issue 14, item 10): the import page comes back saying
nothing was written, nothing was, and the error is in the log — for the opinions spreadsheet, the pasted
outline and the ledger workbook.

The database fails for real: a trigger created by the test refuses every insert into the table the import
writes last, the way a full disk or a lost connection stops a write half-way (SQLite and PostgreSQL)."""

import contextlib
import logging

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.urls import reverse

from feedback import services as feedback_services
from feedback.models import Opinion
from inspection import services as inspection_services
from inspection.models import Draft, DraftVersion
from rectification import excel
from rectification.models import Item, ItemStatus, StatusChange
from tests.feedback.spreadsheets import make_xlsx
from tests.inspection.test_views import OUTLINE, written
from tests.rectification.factories import at_stage, items, team_list
from tests.rectification.test_excel_views import with_status, xlsx_upload

NOTHING_WRITTEN = "导入未完成，未写入任何数据"
FAILURE = "disk full"


@contextlib.contextmanager
def inserts_fail(model):
    """Every INSERT into ``model``'s table raises a database error until the block ends."""
    table = connection.ops.quote_name(model._meta.db_table)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "CREATE FUNCTION test_refuse_insert() RETURNS trigger LANGUAGE plpgsql AS $$ "
                f"BEGIN RAISE EXCEPTION '{FAILURE}' USING ERRCODE = 'disk_full'; END $$"
            )
            cursor.execute(
                f"CREATE TRIGGER test_refuse_insert AFTER INSERT ON {table} "
                "FOR EACH ROW EXECUTE FUNCTION test_refuse_insert()"
            )
        else:
            cursor.execute(
                f"CREATE TRIGGER test_refuse_insert AFTER INSERT ON {table} "
                f"BEGIN SELECT RAISE(ABORT, '{FAILURE}'); END"
            )
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                cursor.execute(f"DROP TRIGGER test_refuse_insert ON {table}")
                cursor.execute("DROP FUNCTION test_refuse_insert()")
            else:
                cursor.execute("DROP TRIGGER test_refuse_insert")


def logged_failure(caplog, logger):
    """The error records ``logger`` wrote, each with the database's exception attached."""
    return [
        record
        for record in caplog.records
        if record.name == logger
        and record.levelno >= logging.ERROR
        and record.exc_info
        and FAILURE in str(record.exc_info[1])
    ]


def test_a_database_error_while_importing_opinions_saves_none_and_says_so(world, login, caplog):
    feedback_services.create_default_choices(world.meeting)
    rows = [[f"第{n}条：深入基层调研不够，到偏远乡镇次数少。", 1, "党员", "座谈会", ""] for n in range(3)]
    upload = make_xlsx(rows)
    url = reverse("opinion_import", args=[world.meeting.pk])
    client = login(world.office)
    with inserts_fail(Opinion), caplog.at_level(logging.ERROR):
        response = client.post(url, {"file": SimpleUploadedFile("意见.xlsx", upload)})

    assert response.status_code == 200
    body = response.content.decode()
    assert NOTHING_WRITTEN in body and 'data-testid="import-form"' in body
    assert not Opinion.objects.exists()
    assert logged_failure(caplog, "feedback.import_views")
    # The same file goes in once the database writes again.
    response = client.post(url, {"file": SimpleUploadedFile("意见.xlsx", upload)})
    assert response.status_code == 302 and Opinion.objects.count() == 3


def test_a_database_error_while_importing_an_outline_keeps_the_text_and_the_version(world, login, caplog):
    draft = inspection_services.draft_for(world.meeting, world.member)
    inspection_services.save_draft(
        draft, written(world.meeting, world.member), base_version=0, by=world.member
    )
    versions = DraftVersion.objects.filter(draft=draft).count()
    url = reverse("draft_import", args=[world.meeting.pk, draft.pk])
    posted = {"text": OUTLINE, "action": "confirm", "base_version": "1"}
    client = login(world.member)

    with inserts_fail(DraftVersion), caplog.at_level(logging.ERROR):
        response = client.post(url, posted)

    assert response.status_code == 200
    body = response.content.decode()
    assert NOTHING_WRITTEN in body
    assert "老旧小区改造年底仅完工9个" in body  # the pasted text is still in the box
    saved = Draft.objects.get(pk=draft.pk)
    assert saved.version == 1 and saved.content == draft.content
    assert DraftVersion.objects.filter(draft=draft).count() == versions
    assert logged_failure(caplog, "inspection.views")
    response = client.post(url, posted)
    assert response.status_code == 302 and Draft.objects.get(pk=draft.pk).version == 2


def test_a_database_error_while_importing_the_ledger_changes_no_item(world, login, caplog):
    meeting = at_stage(world.meeting)
    first, second = items(team_list(meeting), 2)
    content = with_status(excel.export_workbook(meeting, world.office), first, "整改中")
    content = with_status(content, second, "整改中")
    url = reverse("rectification_import", args=[meeting.pk])
    client = login(world.office)
    changes = StatusChange.objects.count()

    with inserts_fail(StatusChange), caplog.at_level(logging.ERROR):
        response = client.post(url, {"file": xlsx_upload(content)})

    assert response.status_code == 200
    body = response.content.decode()
    assert NOTHING_WRITTEN in body and 'data-testid="import-form"' in body
    statuses = set(Item.objects.filter(pk__in=[first.pk, second.pk]).values_list("status", flat=True))
    assert statuses == {ItemStatus.NOT_STARTED}
    assert StatusChange.objects.count() == changes
    assert logged_failure(caplog, "rectification.excel_views")
    response = client.post(url, {"file": xlsx_upload(content)})
    assert response.status_code == 302
    assert Item.objects.filter(pk__in=[first.pk, second.pk], status=ItemStatus.IN_PROGRESS).count() == 2
