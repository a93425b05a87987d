"""One rectification item: who reads it, who updates it, who closes it (销号), and what its page shows.

Member B's item is read by B, the secretary, the office and the supervisors; member A (same team) must
not learn it exists. Progress and status: the owner or the office. 销号: once the item is reported done,
a second person — the secretary or the office, never the owner nor whoever reported it done, and only
with evidence. Supervisors change nothing.
"""

import datetime
import re

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from inspection import services as drafts
from meetings.models import Criticism, MeetingRecord, Statement
from rectification import services
from rectification.candidates import candidate_groups
from rectification.models import Evidence, Item, ItemKind, ItemStatus, Progress, StatusChange
from tests.factories import make_meeting
from tests.feedback.factories import opinions
from tests.rectification.factories import at_stage, items, member_list, pdf_file, team_list

TODAY = datetime.date(2027, 3, 1)  # the meeting was held on 2027-01-20
ROLES = ["office", "secretary", "member", "owner", "supervisor", "other_office", "other_member", "outsider"]
SECRET = "乙联系点走访流于形式"  # words only member B's item contains


def user_of(world, role):
    """``member`` is member A; ``owner`` is member B, whose list the item is on."""
    return {"member": world.members[0], "owner": world.members[1]}.get(role) or getattr(world, role)


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(datetime.datetime(2027, 3, 1, 10, 0), tick=False):
        yield


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    """Uploaded evidence goes to a temporary folder, never to var/."""
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.fixture
def ledger(world):
    """Member B's item without progress ("plain"), B's item with a PDF that B reported done ("proven"), a
    team item."""
    meeting = at_stage(world.meeting)
    b = world.members[1]
    plain, proven = items(member_list(meeting, b), 2, text=SECRET)
    services.add_progress(proven, b, "已走访联系点3次。", files=[pdf_file()], status=ItemStatus.DONE)
    [team] = items(team_list(meeting), 1, text="班子调研不深", owner=world.secretary)
    return {"meeting": meeting, "plain": plain, "proven": proven, "team": team}


def item_url(name, item):
    return reverse(name, args=[item.meeting_id, item.pk])


def page(response):
    return response.content.decode()


# --- every view, every role -----------------------------------------------------------------------

READERS = ["office", "secretary", "owner", "supervisor"]
EDIT = {
    "problem": "乙联系点走访流于形式，已改写。",
    "measures": "每月走访。",
    "unit": "县委办",
    "kind": "ongoing",
}
# (label, url name, which item, method, data (or a function of the world), allowed, refused with 403);
# every other role gets 404.
CASES = [
    ("detail", "rectification_item", "plain", "get", None, READERS, []),
    (
        "edit page",
        "rectification_item_edit",
        "plain",
        "get",
        None,
        ["office"],
        ["secretary", "owner", "supervisor"],
    ),
    (
        "edit",
        "rectification_item_edit",
        "plain",
        "post",
        lambda world: {**EDIT, "owner": world.members[1].pk},
        ["office"],
        ["secretary", "owner", "supervisor"],
    ),
    (
        "delete",
        "rectification_item_delete",
        "plain",
        "post",
        {},
        ["office"],
        ["secretary", "owner", "supervisor"],
    ),
    (
        "progress",
        "rectification_progress_add",
        "plain",
        "post",
        {"text": "已制定走访计划。", "date": "2027-02-28"},
        ["office", "owner"],
        ["secretary", "supervisor"],
    ),
    (
        "status",
        "rectification_status",
        "plain",
        "post",
        {"status": "in_progress"},
        ["office", "owner"],
        ["secretary", "supervisor"],
    ),
    ("close", "rectification_close", "proven", "post", {}, ["office", "secretary"], ["owner", "supervisor"]),
]


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(
    ("label", "name", "which", "method", "data", "allowed", "refused"), CASES, ids=[c[0] for c in CASES]
)
def test_member_bs_item_by_role(
    world, client, ledger, role, label, name, which, method, data, allowed, refused
):
    item = ledger[which]
    owner_ids = {item.owner_id}
    client.force_login(user_of(world, role))
    data = data(world) if callable(data) else data
    response = (
        client.post(item_url(name, item), data) if method == "post" else client.get(item_url(name, item))
    )
    if role in allowed:
        assert response.status_code in (200, 302), response.status_code
        if method == "post":
            assert response.status_code == 302  # done, back to the item or the ledger
        return
    assert response.status_code == (403 if role in refused else 404)
    assert SECRET not in page(response)
    item_now = Item.objects.filter(pk=item.pk).first()
    assert item_now is not None and item_now.status == item.status and {item_now.owner_id} == owner_ids
    assert item_now.problem == item.problem


@pytest.mark.parametrize("name", [c[1] for c in CASES])
def test_anonymous_is_sent_to_the_login_page(world, client, ledger, name):
    response = client.post(item_url(name, ledger["plain"]))
    assert response.status_code == 302 and reverse("login") in response["Location"]


def test_a_member_reads_the_team_item_but_updates_only_their_own(world, client, ledger):
    client.force_login(world.members[0])
    assert client.get(item_url("rectification_item", ledger["team"])).status_code == 200
    response = client.post(
        item_url("rectification_progress_add", ledger["team"]), {"text": "代为报告。", "date": "2027-02-28"}
    )
    assert response.status_code == 403
    assert not Progress.objects.filter(item=ledger["team"]).exists()


def test_nothing_can_be_updated_before_the_meeting_is_held(world, client, ledger):
    at_stage(world.meeting, "drafting")
    client.force_login(world.members[1])
    response = client.post(
        item_url("rectification_progress_add", ledger["plain"]), {"text": "提前报告。", "date": "2027-02-28"}
    )
    assert response.status_code == 403


# --- the page ---------------------------------------------------------------------------------------


def test_the_page_shows_the_item_with_its_deadline_in_days(world, client, ledger):
    client.force_login(world.members[1])
    body = page(client.get(item_url("rectification_item", ledger["plain"])))
    assert "成员2同志问题清单" in body and SECRET in body
    assert "深入基层调研，建立问题台账" in body and "县委办公室" in body
    assert "2027年4月20日" in body and "还有50天" in body
    assert "限期整改" in body and "未启动" in body


def test_an_overdue_item_shows_a_red_badge_with_the_days(world, client, ledger):
    Item.objects.filter(pk=ledger["plain"].pk).update(deadline=TODAY - datetime.timedelta(days=2))
    client.force_login(world.office)
    body = page(client.get(item_url("rectification_item", ledger["plain"])))
    assert 'class="badge text-bg-danger" data-testid="overdue">已逾期2天' in body


def test_forms_are_shown_only_to_those_who_may_use_them(world, client, ledger):
    url = item_url("rectification_item", ledger["plain"])
    client.force_login(world.members[1])
    body = page(client.get(url))
    assert 'data-testid="progress-form"' in body and 'data-testid="status-form"' in body
    assert 'data-testid="close-form"' not in body and 'data-testid="close-hint"' in body
    assert "修改事项" not in body
    client.force_login(world.supervisor)
    body = page(client.get(url))
    for marker in [
        'data-testid="progress-form"',
        'data-testid="status-form"',
        'data-testid="close-form"',
        "修改事项",
    ]:
        assert marker not in body
    client.force_login(world.office)
    body = page(client.get(url))
    assert 'data-testid="close-form"' not in body and "修改事项" in body  # not reported done yet
    body = page(client.get(item_url("rectification_item", ledger["proven"])))
    assert 'data-testid="close-form"' in body and "data-confirm=" in body


def test_the_closer_is_told_why_the_item_may_not_be_closed_yet(world, client, ledger):
    services.change_status(ledger["plain"], ItemStatus.DONE, world.members[1])  # done, but no evidence
    client.force_login(world.secretary)
    body = page(client.get(item_url("rectification_item", ledger["plain"])))
    assert 'data-testid="closing-refusals"' in body and "销号须有佐证材料" in body
    body = page(client.get(item_url("rectification_item", ledger["proven"])))
    assert 'data-testid="closing-refusals"' not in body


def test_the_page_links_each_source_where_the_reader_may_see_it(world, client, ledger):
    meeting, b = ledger["meeting"], world.members[1]
    [opinion] = opinions(meeting, 1, addressee=b, text="对成员乙")
    record = MeetingRecord.objects.create(meeting=meeting)
    statement = Statement.objects.create(record=record, member=b, order=1)
    criticism = Criticism.objects.create(statement=statement, by=world.secretary, text="联系群众不够经常。")
    keys = [f"opinion:{opinion.pk}", f"criticism:{criticism.pk}"]
    item = services.make_items(member_list(meeting, b), keys, world.office, merge=True)[0]
    client.force_login(b)
    body = page(client.get(item_url("rectification_item", item)))
    assert "征求的意见建议" in body and "会上批评意见" in body and "联系群众不够经常。" in body
    trace = reverse("rectification_opinions", args=[meeting.pk])
    assert f"{trace}?opinion={opinion.pk}#opinion-{opinion.pk}" in body
    assert reverse("record_detail", args=[meeting.pk]) in body


def test_a_problem_from_an_outline_links_to_the_outline_for_its_author_only(world, client):
    meeting, b = world.meeting, world.members[1]
    outline = drafts.draft_for(meeting, b)
    content = drafts.new_content(meeting, b)
    content["problems"]["groups"][0]["items"] = [
        {"lead": "联系群众不够。", "text": "走访不深。", "example": "比如，全年仅走访2次。"}
    ]
    drafts.save_draft(outline, content, base_version=0, by=b)
    drafts.submit_draft(outline, b)
    drafts.approve_draft(outline, world.secretary)
    at_stage(meeting)
    [candidate] = [c for g in candidate_groups(member_list(meeting, b)) for c in g.candidates]
    [item] = services.make_items(member_list(meeting, b), [candidate.key], world.office)
    for user in [b, world.secretary]:
        client.force_login(user)
        body = page(client.get(item_url("rectification_item", item)))
        assert "对照检查查摆问题" in body and reverse("draft_detail", args=[meeting.pk, outline.pk]) in body


def test_a_carried_item_names_where_it_came_from_and_keeps_its_history(world, client, ledger):
    earlier = at_stage(make_meeting(world.county, world.office, date=datetime.date(2026, 1, 20)))
    [old] = items(member_list(earlier, world.members[1]), 1, text="旧账")
    services.add_progress(old, world.members[1], "去年已建立走访台账。", files=[pdf_file("台账.pdf")])
    [carried] = services.carry_over(ledger["meeting"], world.office)
    client.force_login(world.members[1])
    body = page(client.get(item_url("rectification_item", carried)))
    assert "结转自2025年度民主生活会第1项" in body
    assert "去年已建立走访台账。" in body and "台账.pdf" in body
    assert reverse("rectification_item", args=[earlier.pk, old.pk]) in body
    evidence = Evidence.objects.get(item=old)
    assert reverse("rectification_evidence", args=[earlier.pk, evidence.pk]) in body


def test_the_page_takes_the_same_queries_for_2_or_30_progress_updates(world, client, ledger):
    item = ledger["plain"]

    def add_updates(count):
        made = Progress.objects.bulk_create(
            Progress(item=item, date=TODAY, text=f"第{i}次进展。", by=world.members[1]) for i in range(count)
        )
        Evidence.objects.bulk_create(
            Evidence(item=item, progress=p, file=f"evidence/x/{p.pk}.pdf", name=f"材料{p.pk}.pdf", size=1024)
            for p in made
        )
        StatusChange.objects.bulk_create(
            StatusChange(item=item, from_status="not_started", to_status="in_progress", by=world.office)
            for _ in range(count)
        )

    client.force_login(world.office)
    url = item_url("rectification_item", item)
    add_updates(2)
    client.get(url)
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    few = len(captured)
    add_updates(28)
    with CaptureQueriesContext(connection) as captured:
        body = page(client.get(url))
    assert body.count("次进展。") == 30
    assert len(captured) <= few, (few, len(captured))
    print(f"item page: {few} queries for 2 updates, {len(captured)} for 30")


# --- edit and delete --------------------------------------------------------------------------------


def test_the_office_edits_an_item_and_chooses_the_owner_among_the_team(world, client, ledger):
    client.force_login(world.office)
    url = item_url("rectification_item_edit", ledger["plain"])
    body = page(client.get(url))
    owners = re.search(r'<select name="owner".*?</select>', body, re.S).group(0)
    assert "林书记（县委书记）" in owners and "成员3（县委常委3）" in owners
    assert "刘文静" not in owners and "外县成员" not in owners
    data = {**EDIT, "owner": world.members[2].pk, "deadline": "2027-06-30", "kind": "by_date"}
    assert client.post(url, data).status_code == 302
    item = Item.objects.get(pk=ledger["plain"].pk)
    assert item.owner == world.members[2] and item.deadline == datetime.date(2027, 6, 30)
    assert item.problem == EDIT["problem"]


def test_the_office_edits_an_items_manifestation_beside_its_one_sentence_problem(world, client, ledger):
    client.force_login(world.office)
    url = item_url("rectification_item_edit", ledger["plain"])
    assert 'name="manifestation"' in page(client.get(url))
    data = {
        **EDIT,
        "problem": "调查研究不够深入。",
        "manifestation": "比如，全年到基层调研仅2次。",
        "owner": world.members[2].pk,
        "deadline": "2027-06-30",
        "kind": "by_date",
    }
    assert client.post(url, data).status_code == 302
    item = Item.objects.get(pk=ledger["plain"].pk)
    assert (item.problem, item.manifestation) == ("调查研究不够深入。", "比如，全年到基层调研仅2次。")
    body = page(client.get(item_url("rectification_item", item)))
    assert 'data-testid="item-manifestation">比如，全年到基层调研仅2次。</p>' in body


def test_a_refused_edit_shows_the_reason_and_keeps_what_was_typed(world, client, ledger):
    client.force_login(world.office)
    data = {**EDIT, "owner": world.members[1].pk, "deadline": "", "kind": ItemKind.BY_DATE}
    response = client.post(item_url("rectification_item_edit", ledger["plain"]), data)
    body = page(response)
    assert response.status_code == 200
    assert "立行立改和限期整改的事项须填写完成时限" in body
    assert "已改写" in body and "每月走访" in body
    assert Item.objects.get(pk=ledger["plain"].pk).problem == ledger["plain"].problem


def test_an_item_with_progress_cannot_be_deleted(world, client, ledger):
    client.force_login(world.office)
    response = client.post(item_url("rectification_item_delete", ledger["proven"]), follow=True)
    assert "已有进展或佐证材料，不能删除" in page(response)
    assert Item.objects.filter(pk=ledger["proven"].pk).exists()
    response = client.post(item_url("rectification_item_delete", ledger["plain"]))
    assert response["Location"] == reverse("rectification_ledger", args=[ledger["meeting"].pk])
    assert not Item.objects.filter(pk=ledger["plain"].pk).exists()


# --- status and 销号 ---------------------------------------------------------------------------------


def test_the_owner_changes_the_status_and_the_change_is_logged(world, client, ledger):
    client.force_login(world.members[1])
    url = item_url("rectification_status", ledger["plain"])
    client.post(url, {"status": ItemStatus.DONE, "note": "走访计划已落实。"})
    assert Item.objects.get(pk=ledger["plain"].pk).status == ItemStatus.DONE
    body = page(client.get(item_url("rectification_item", ledger["plain"])))
    assert "未启动 → 已完成待销号" in body and "走访计划已落实。" in body and "成员2" in body


def test_the_owner_cannot_set_closed_by_hand(world, client, ledger):
    client.force_login(world.members[1])
    response = client.post(item_url("rectification_status", ledger["proven"]), {"status": ItemStatus.CLOSED})
    assert response.status_code == 400
    assert Item.objects.get(pk=ledger["proven"].pk).status != ItemStatus.CLOSED


def test_closing_without_evidence_is_refused(world, client, ledger):
    services.change_status(ledger["plain"], ItemStatus.DONE, world.members[1])
    client.force_login(world.secretary)
    response = client.post(item_url("rectification_close", ledger["plain"]), {"note": "已整改。"})
    assert response.status_code == 400
    body = page(response)
    assert "销号须有佐证材料" in body and "已整改。" in body
    assert Item.objects.get(pk=ledger["plain"].pk).status == ItemStatus.DONE


def test_the_secretary_cannot_close_their_own_item_the_office_must(world, client, ledger):
    team = ledger["team"]
    services.add_progress(team, world.secretary, "已完成调研。", files=[pdf_file()], status=ItemStatus.DONE)
    client.force_login(world.secretary)
    body = page(client.get(item_url("rectification_item", team)))
    assert 'data-testid="close-form"' not in body and "销号需由报告完成人和责任领导以外的同志确认" in body
    assert client.post(item_url("rectification_close", team)).status_code == 403
    assert Item.objects.get(pk=team.pk).status == ItemStatus.DONE
    client.force_login(world.office)
    assert client.post(item_url("rectification_close", team)).status_code == 302
    assert Item.objects.get(pk=team.pk).status == ItemStatus.CLOSED


def test_the_owner_alone_cannot_close_even_with_evidence(world, client, ledger):
    client.force_login(world.members[1])
    assert client.post(item_url("rectification_close", ledger["proven"])).status_code == 403
    assert Item.objects.get(pk=ledger["proven"].pk).status == ItemStatus.DONE


def test_the_secretary_closes_a_members_item_with_evidence(world, client, ledger):
    client.force_login(world.secretary)
    response = client.post(item_url("rectification_close", ledger["proven"]), {"note": "经核实已整改到位。"})
    assert response.status_code == 302
    item = Item.objects.get(pk=ledger["proven"].pk)
    assert item.status == ItemStatus.CLOSED and item.closed_by == world.secretary
    body = page(client.get(item_url("rectification_item", item)))
    assert "已销号" in body and "经核实已整改到位。" in body and "林书记于2027年3月1日确认销号" in body
    assert 'data-testid="progress-form"' not in body and 'data-testid="close-form"' not in body
