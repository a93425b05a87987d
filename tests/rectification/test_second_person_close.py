"""销号 by a second person (issue 14, item 6; DESIGN §6): one person reports an item done (已完成待销号),
another — neither that one nor the item's owner — confirms the 销号, on the page, in the service and through
the ledger import. Before, the office alone could add the evidence, mark the item done and close it."""

import datetime
import zoneinfo

import pytest
import time_machine
from django.urls import reverse

from orgs.models import Role
from rectification import excel, services
from rectification.models import Item, ItemStatus
from tests.factories import UserFactory, assign

from .factories import at_stage, items, member_list, pdf_file, team_list
from .test_excel import edit

SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")
SECOND_PERSON = "销号需由报告完成人和责任领导以外的同志确认。"
CLOSE_FORM = 'data-testid="close-form"'


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(datetime.datetime(2027, 3, 1, 10, 0, tzinfo=SHANGHAI), tick=False):
        yield


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def colleague(world):
    """A second clerk of the same office."""
    return assign(UserFactory(display_name="王晓红", title="办公室干部"), world.county, Role.OFFICE)


@pytest.fixture
def meeting(world):
    return at_stage(world.meeting)


def item_page(client, user, item):
    client.force_login(user)
    return client.get(reverse("rectification_item", args=[item.meeting_id, item.pk])).content.decode()


def close_by_page(client, user, item):
    client.force_login(user)
    return client.post(
        reverse("rectification_close", args=[item.meeting_id, item.pk]), {"note": "经核实已整改到位。"}
    )


def reported_done(item, by):
    """``by`` uploads the evidence and reports the item done."""
    services.add_progress(item, by, "整改任务已完成。", files=[pdf_file()], status=ItemStatus.DONE)
    return Item.objects.get(pk=item.pk)


def test_the_office_that_reported_an_item_done_cannot_close_it_and_a_colleague_does(
    world, client, meeting, colleague
):
    (item,) = items(member_list(meeting, world.members[1]), 1)
    item = reported_done(item, world.office)
    assert item.done_by == world.office

    with pytest.raises(services.RectificationRefused) as refused:
        services.close_item(item, world.office)
    assert refused.value.reasons == [SECOND_PERSON]
    body = item_page(client, world.office, item)
    assert CLOSE_FORM not in body and SECOND_PERSON in body and "刘文静报告完成" in body
    assert close_by_page(client, world.office, item).status_code == 403
    assert Item.objects.get(pk=item.pk).status == ItemStatus.DONE

    assert CLOSE_FORM in item_page(client, colleague, item)
    assert close_by_page(client, colleague, item).status_code == 302
    item.refresh_from_db()
    assert (item.status, item.done_by, item.closed_by) == (ItemStatus.CLOSED, world.office, colleague)


def test_neither_the_owner_nor_the_reporter_closes_a_team_item_the_secretary_owns(
    world, client, meeting, colleague
):
    (item,) = items(team_list(meeting), 1, owner=world.secretary)
    item = reported_done(item, world.office)
    for person in (world.secretary, world.office):
        assert CLOSE_FORM not in item_page(client, person, item), person
        assert close_by_page(client, person, item).status_code == 403, person
        with pytest.raises(services.RectificationRefused, match=SECOND_PERSON):
            services.close_item(item, person)
    assert CLOSE_FORM in item_page(client, colleague, item)
    services.close_item(item, colleague)
    assert Item.objects.get(pk=item.pk).closed_by == colleague


def test_an_item_nobody_reported_done_is_closed_by_nobody(world, client, meeting):
    (item,) = items(member_list(meeting, world.members[1]), 1)
    services.add_progress(
        item, world.members[1], "正在整改。", files=[pdf_file()]
    )  # evidence, still in progress
    for person in (world.secretary, world.office):
        assert CLOSE_FORM not in item_page(client, person, item), person
        assert close_by_page(client, person, item).status_code == 403, person
        with pytest.raises(services.RectificationRefused, match="尚未报告完成"):
            services.close_item(item, person)
    assert Item.objects.get(pk=item.pk).status == ItemStatus.IN_PROGRESS


def test_an_item_back_in_progress_forgets_who_reported_it_done(world, client, meeting):
    owner = world.members[1]
    (item,) = items(member_list(meeting, owner), 1)
    item = reported_done(item, world.office)
    services.change_status(item, ItemStatus.IN_PROGRESS, owner, "佐证材料不全，继续整改")
    assert Item.objects.get(pk=item.pk).done_by is None
    with pytest.raises(services.RectificationRefused, match="尚未报告完成"):
        services.close_item(item, world.secretary)
    services.change_status(item, ItemStatus.DONE, owner, "已补齐佐证材料")
    # Reported done again, by the owner this time: the office clerk is now the second person.
    assert CLOSE_FORM in item_page(client, world.office, item)
    services.close_item(item, world.office)
    item.refresh_from_db()
    assert (item.status, item.done_by, item.closed_by) == (ItemStatus.CLOSED, owner, world.office)


def test_the_ledger_import_of_whoever_reported_the_item_done_does_not_close_it(world, meeting, colleague):
    (item,) = items(team_list(meeting), 1)
    item = reported_done(item, world.office)
    closing = edit(excel.export_workbook(meeting, world.office), {item: {"状态": "已销号"}})

    result = excel.import_workbook(meeting, closing, world.office)
    assert not result.ok and SECOND_PERSON in result.errors[0].message
    assert Item.objects.get(pk=item.pk).status == ItemStatus.DONE

    assert excel.import_workbook(meeting, closing, colleague).ok
    assert Item.objects.get(pk=item.pk).closed_by == colleague
