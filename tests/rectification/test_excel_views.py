"""The ledger's download and upload pages, as every role: who may, who is refused, what each sees."""

import datetime
import io
import zoneinfo
from urllib.parse import quote

import openpyxl
import pytest
import time_machine
from django.contrib.messages import get_messages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from meetings.workflow import ARCHIVE_READ_ONLY, Stage
from rectification import excel, services
from rectification.models import Item, ItemStatus, Progress
from tests.locked import post_forms

from .factories import at_stage, items, member_list, pdf_file, team_list

SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")
ALL_ROLES = [
    "office",
    "secretary",
    "member",
    "member_b",
    "supervisor",
    "other_office",
    "other_member",
    "outsider",
    "anonymous",
]
TEAM_TEXT = "班子问题"
OWN_TEXT = "成员1的问题"
PRIVATE_TEXT = "成员2的私密问题"


@pytest.fixture(autouse=True)
def today():
    with time_machine.travel(datetime.datetime(2027, 3, 10, 10, 0, tzinfo=SHANGHAI), tick=False):
        yield


@pytest.fixture
def ledger(world):
    """Items on the team list, on member 1's list and on member 2's list."""
    meeting = at_stage(world.meeting)
    return {
        "team": items(team_list(meeting), 2, text=TEAM_TEXT),
        "own": items(member_list(meeting, world.members[0]), 1, text=OWN_TEXT),
        "private": items(member_list(meeting, world.members[1]), 1, text=PRIVATE_TEXT),
    }


def user_of(world, role):
    return {"member_b": world.members[1]}.get(role) or getattr(world, role)


def client_as(client, world, role):
    if role != "anonymous":
        client.force_login(user_of(world, role))
    return client


def workbook_text(content):
    workbook = openpyxl.load_workbook(io.BytesIO(content))
    return "\n".join(
        str(value)
        for sheet in workbook.worksheets
        for row in sheet.iter_rows(values_only=True)
        for value in row
        if value
    )


def xlsx_upload(content, name="整改台账.xlsx"):
    return SimpleUploadedFile(name, content, content_type=excel.CONTENT_TYPE)


def with_status(content, item, label):
    workbook = openpyxl.load_workbook(io.BytesIO(content))
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows(min_row=excel.HEADER_ROW + 1):
            if row[excel.COLUMNS.index("编号")].value == item.pk:
                row[excel.COLUMNS.index("状态")].value = label
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


# Download ----------------------------------------------------------------------------------------------

EXPORTERS = {"office", "secretary", "member", "member_b", "supervisor"}


@pytest.mark.parametrize("role", ALL_ROLES)
def test_who_may_download_the_ledger(client, world, ledger, role):
    response = client_as(client, world, role).get(reverse("rectification_xlsx", args=[world.meeting.pk]))
    if role == "anonymous":
        assert response.status_code == 302 and "/login" in response["Location"]
    elif role in EXPORTERS:
        assert response.status_code == 200
        assert response["Content-Type"] == excel.CONTENT_TYPE
        assert TEAM_TEXT in workbook_text(response.content)
    else:
        assert response.status_code == 404
        assert b"PK" not in response.content[:2] and TEAM_TEXT.encode() not in response.content


def test_the_download_is_named_after_the_team_and_year(client, world, ledger):
    response = client_as(client, world, "office").get(reverse("rectification_xlsx", args=[world.meeting.pk]))
    disposition = response["Content-Disposition"]
    assert disposition.startswith("attachment;")
    assert f"filename*=utf-8''{quote('云岭县委常委班子2026年整改台账.xlsx')}" in disposition


def test_a_members_download_has_the_team_sheet_and_their_own_only(client, world, ledger):
    response = client_as(client, world, "member").get(reverse("rectification_xlsx", args=[world.meeting.pk]))
    content = response.content
    assert openpyxl.load_workbook(io.BytesIO(content)).sheetnames == ["班子清单", "成员1"]
    text = workbook_text(content)
    assert TEAM_TEXT in text and OWN_TEXT in text
    assert PRIVATE_TEXT not in text and "成员2同志问题清单" not in text


def test_the_secretary_and_supervisor_download_every_list(client, world, ledger):
    for role in ("secretary", "supervisor"):
        response = client_as(client, world, role).get(reverse("rectification_xlsx", args=[world.meeting.pk]))
        assert PRIVATE_TEXT in workbook_text(response.content)


# Upload ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("role", ALL_ROLES)
def test_only_the_office_may_open_the_import_page(client, world, ledger, role):
    response = client_as(client, world, role).get(reverse("rectification_import", args=[world.meeting.pk]))
    if role == "anonymous":
        assert response.status_code == 302 and "/login" in response["Location"]
    elif role == "office":
        assert response.status_code == 200
        page = response.content.decode()
        assert "只导入“进展情况”和“状态”两列" in page and "其他各列以系统为准" in page
        assert reverse("rectification_xlsx", args=[world.meeting.pk]) in page
    else:
        assert response.status_code == (403 if role in EXPORTERS else 404)


@pytest.mark.parametrize("role", [r for r in ALL_ROLES if r != "office"])
def test_nobody_but_the_office_may_post_an_import(client, world, ledger, role):
    (item,) = ledger["own"]
    content = with_status(excel.export_workbook(world.meeting, world.office), item, "整改中")
    url = reverse("rectification_import", args=[world.meeting.pk])
    response = client_as(client, world, role).post(url, {"file": xlsx_upload(content)})
    assert response.status_code in (302, 403, 404)
    if response.status_code == 302:
        assert role == "anonymous" and "/login" in response["Location"]
    item.refresh_from_db()
    assert item.status == ItemStatus.NOT_STARTED


def test_once_the_meeting_is_archived_the_import_page_says_so_shows_no_form_and_refuses_a_post(
    client, world, ledger
):
    (item,) = ledger["own"]
    content = with_status(excel.export_workbook(world.meeting, world.office), item, "整改中")
    at_stage(world.meeting, Stage.CLOSED)
    url = reverse("rectification_import", args=[world.meeting.pk])
    office = client_as(client, world, "office")
    response = office.get(url)
    body = response.content.decode()
    assert response.status_code == 200
    assert ARCHIVE_READ_ONLY in body and not post_forms(body)
    refused = office.post(url, {"file": xlsx_upload(content)})
    assert refused.status_code == 403 and ARCHIVE_READ_ONLY in refused.content.decode()
    item.refresh_from_db()
    assert item.status == ItemStatus.NOT_STARTED


def test_before_the_meeting_is_held_the_import_page_names_the_stage_and_refuses_a_post(client, world, ledger):
    (item,) = ledger["own"]
    content = with_status(excel.export_workbook(world.meeting, world.office), item, "整改中")
    at_stage(world.meeting, Stage.TALKS)
    url = reverse("rectification_import", args=[world.meeting.pk])
    office = client_as(client, world, "office")
    body = office.get(url).content.decode()
    assert "整改清单在会议召开后建立" in body and "谈心谈话" in body
    assert not post_forms(body) and 'data-testid="import-form"' not in body
    refused = office.post(url, {"file": xlsx_upload(content)})
    assert refused.status_code == 403 and "整改清单在会议召开后建立" in refused.content.decode()
    assert "如有疑问" not in refused.content.decode()
    item.refresh_from_db()
    assert item.status == ItemStatus.NOT_STARTED


def test_a_good_import_goes_back_to_the_ledger_with_the_counts(client, world, ledger, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    first, second = ledger["team"]
    Item.objects.filter(pk=second.pk).update(status=ItemStatus.DONE)
    services.attach_evidence(second, pdf_file(), world.office)
    content = with_status(excel.export_workbook(world.meeting, world.office), first, "整改中")
    content = with_status(content, second, "已销号")
    url = reverse("rectification_import", args=[world.meeting.pk])

    response = client_as(client, world, "office").post(url, {"file": xlsx_upload(content)})

    assert response.status_code == 302
    assert response["Location"] == reverse("rectification_ledger", args=[world.meeting.pk])
    shown = [str(m) for m in get_messages(response.wsgi_request)]
    assert shown == ["整改台账已导入：状态变更2项，新增进展0条，未变化2项。"]
    assert dict(Item.objects.filter(pk__in=[first.pk, second.pk]).values_list("pk", "status")) == {
        first.pk: ItemStatus.IN_PROGRESS,
        second.pk: ItemStatus.CLOSED,
    }


def test_a_refused_import_lists_every_error_and_changes_nothing(client, world, ledger):
    first, second = ledger["team"]
    content = with_status(excel.export_workbook(world.meeting, world.office), first, "整改中")
    content = with_status(content, second, "差不多了")
    url = reverse("rectification_import", args=[world.meeting.pk])

    response = client_as(client, world, "office").post(url, {"file": xlsx_upload(content)})

    assert response.status_code == 200
    page = response.content.decode()
    assert "未导入：表格中有1个问题" in page and "系统中的整改台账没有任何改动" in page
    assert "班子清单" in page and "第4行" in page and "无法识别状态“差不多了”" in page
    first.refresh_from_db()
    assert first.status == ItemStatus.NOT_STARTED and not Progress.objects.exists()


@pytest.mark.parametrize(
    ("upload", "message"),
    [
        (SimpleUploadedFile("台账.csv", b"a,b\n1,2\n"), "不是Excel工作簿（.xlsx）"),
        (SimpleUploadedFile("台账.xls", b"\xd0\xcf\x11\xe0"), "不支持旧版Excel"),
        (SimpleUploadedFile("台账.xlsx", b"0" * (excel.MAX_BYTES + 1)), "文件过大（超过10 MB）"),
    ],
)
def test_files_of_the_wrong_type_or_too_large_are_refused_beside_the_field(
    client, world, ledger, upload, message
):
    url = reverse("rectification_import", args=[world.meeting.pk])
    response = client_as(client, world, "office").post(url, {"file": upload})
    assert response.status_code == 200
    assert message in response.context["form"].errors["file"][0]
    assert message in response.content.decode()


def test_a_post_without_a_file_asks_for_one(client, world, ledger):
    url = reverse("rectification_import", args=[world.meeting.pk])
    response = client_as(client, world, "office").post(url, {})
    assert response.status_code == 200 and response.context["form"].errors["file"]
