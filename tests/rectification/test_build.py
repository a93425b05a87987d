"""Building the lists (建立清单): the office turns the record, the drafts, the opinions and the criticisms into
items, one by one or merged, and carries the previous meeting's open items over. Nobody else may."""

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from feedback.models import OpinionStatus
from inspection import services as drafting
from inspection.content import problems
from inspection.models import DraftStatus
from meetings.models import Criticism, MeetingKind, MeetingRecord, Statement
from meetings.workflow import Stage
from rectification.models import Item, ItemStatus, SourceKind
from tests.factories import OrganisationFactory, make_meeting
from tests.feedback.factories import opinions
from tests.locked import post_forms
from tests.rectification.factories import at_stage, items, member_list, team_list

TEAM = ["secretary", "member_a", "member_b", "office", "supervisor"]
STRANGERS = ["other_office", "other_member", "outsider"]
TEAM_OPINION = "班子意见"
B_OPINION = "乙的意见"


def user_of(world, role):
    return {"member_a": world.members[0], "member_b": world.members[1]}.get(role) or getattr(world, role)


def build_url(meeting, rectification_list=None):
    url = reverse("rectification_build", args=[meeting.pk])
    return f"{url}?list={rectification_list.pk}" if rectification_list else url


def keys_of(opinion_list):
    return [f"opinion:{opinion.pk}" for opinion in opinion_list]


def messages_of(response):
    return [str(message) for message in response.context["messages"]]


@pytest.fixture
def sources(world):
    """At the rectification stage: two accepted team opinions, one addressed to member B, one rejected;
    the team material approved with two problems; a criticism member A received at the meeting."""
    meeting = world.meeting
    team_opinions = opinions(meeting, 2, text=TEAM_OPINION)
    [b_opinion] = opinions(meeting, 1, text=B_OPINION, addressee=world.members[1])
    opinions(meeting, 1, text="未采纳的意见", status=OpinionStatus.REJECTED)
    draft = drafting.draft_for(meeting)
    content = drafting.new_content(meeting)
    content["problems"]["groups"][0]["items"] = [
        {"lead": "理论学习不够深入。", "text": "专题研讨不多。", "example": "比如，全年仅研讨3次。"},
        {"lead": "为民服务有差距。", "text": "解决急难愁盼不够。", "example": "比如，信访积案未清零。"},
    ]
    drafting.save_draft(draft, content, base_version=0, by=world.office)
    draft.refresh_from_db()
    type(draft).objects.filter(pk=draft.pk).update(status=DraftStatus.APPROVED)
    at_stage(meeting)
    record = MeetingRecord.objects.create(meeting=meeting)
    statement = Statement.objects.create(record=record, member=world.members[0], order=1)
    criticism = Criticism.objects.create(
        statement=statement, by=world.secretary, text="甲下基层调研次数偏少。"
    )
    return {
        "team_opinions": team_opinions,
        "b_opinion": b_opinion,
        "draft": draft,
        "problems": [item["id"] for _n, _g, item in problems(draft.content)],
        "criticism": criticism,
    }


# --- who may -----------------------------------------------------------------------------------------


def test_only_the_office_opens_the_build_page(world, client, sources):
    address = build_url(world.meeting)
    for role in TEAM + STRANGERS:
        client.force_login(user_of(world, role))
        response = client.get(address)
        expected = 200 if role == "office" else 403 if role in TEAM else 404
        assert response.status_code == expected, role
        if expected != 200:
            assert TEAM_OPINION not in response.content.decode(), role
    client.logout()
    assert client.get(address).status_code == 302


@pytest.mark.parametrize("action", ["make", "carry_over"])
def test_only_the_office_makes_items_or_carries_over_and_a_refusal_changes_nothing(
    world, client, sources, action
):
    meeting = world.meeting
    previous = at_stage(
        make_meeting(world.county, world.office, date=datetime.date(2026, 1, 20)), Stage.CLOSED
    )
    items(team_list(previous), 1)
    team = team_list(meeting)
    name = {"make": "rectification_make", "carry_over": "rectification_carry_over"}[action]
    data = {"list": team.pk, "key": keys_of(sources["team_opinions"][:1]), "owner": world.secretary.pk}
    for role in TEAM + STRANGERS:
        if role == "office":
            continue
        client.force_login(user_of(world, role))
        response = client.post(reverse(name, args=[meeting.pk]), data)
        assert response.status_code == (403 if role in TEAM else 404), role
    assert not Item.objects.filter(meeting=meeting).exists()
    assert Item.objects.get(meeting=previous).status == ItemStatus.NOT_STARTED
    client.force_login(world.office)
    assert client.get(reverse(name, args=[meeting.pk])).status_code == 405  # POST only
    assert client.post(reverse(name, args=[meeting.pk]), data).status_code == 302
    assert Item.objects.filter(meeting=meeting).count() == 1


def test_only_the_office_assigns_owners_in_bulk_and_a_refusal_changes_nothing(world, client, sources):
    team = team_list(world.meeting)
    made = items(team, 2, owner=world.secretary, unit="")
    url = reverse("rectification_assign", args=[world.meeting.pk])
    data = {
        "list": team.pk,
        "item": [item.pk for item in made],
        "owner": world.members[0].pk,
        "unit": "县委办",
    }
    for role in TEAM + STRANGERS:
        if role == "office":
            continue
        client.force_login(user_of(world, role))
        assert client.post(url, data).status_code == (403 if role in TEAM else 404), role
    assert set(Item.objects.values_list("owner", "unit")) == {(world.secretary.pk, "")}
    client.force_login(world.office)
    assert client.get(url).status_code == 405  # POST only
    assert client.post(url, data).status_code == 302
    assert set(Item.objects.values_list("owner", "unit")) == {(world.members[0].pk, "县委办")}


def test_before_the_meeting_is_held_the_build_page_names_the_stage_and_shows_no_form(world, login, sources):
    at_stage(world.meeting, Stage.DRAFTING)
    client = login(world.office)
    response = client.get(build_url(world.meeting))
    body = response.content.decode()
    assert response.status_code == 200
    assert "整改清单在会议召开后建立" in body and "撰写对照检查材料" in body
    assert not post_forms(body) and "如有疑问" not in body
    data = {"list": team_list(world.meeting).pk, "key": keys_of(sources["team_opinions"][:1])}
    for name in ("rectification_make", "rectification_carry_over"):
        refused = client.post(reverse(name, args=[world.meeting.pk]), data)
        assert refused.status_code == 403 and "整改清单在会议召开后建立" in refused.content.decode()
    assert not Item.objects.filter(meeting=world.meeting).exists()


# --- the page ----------------------------------------------------------------------------------------


def test_the_build_page_groups_the_team_lists_candidates_by_source(world, login, sources):
    body = login(world.office).get(build_url(world.meeting)).content.decode()
    for kind in SourceKind.values:
        assert f'data-testid="group-{kind}"' in body
    assert body.count(f"{TEAM_OPINION}0") == 1 and f"{TEAM_OPINION}1" in body
    assert "理论学习不够深入。" in body and "问题表现：专题研讨不多。比如，全年仅研讨3次。" in body
    assert f'value="opinion:{sources["team_opinions"][0].pk}"' in body
    assert B_OPINION not in body  # addressed to member B: only on B's list
    assert "未采纳的意见" not in body
    assert "批评意见是对个人提出的" in body  # the team list's empty criticism group says why
    assert "本班子没有已召开的更早的民主生活会" in body
    for name in ["班子清单", "林书记", "成员1", "成员2", "成员3"]:
        assert name in body  # a tab per list


def test_a_members_tab_shows_their_opinions_and_the_criticisms_they_received(world, login, sources):
    client = login(world.office)
    a_body = client.get(
        build_url(world.meeting, member_list(world.meeting, world.members[0]))
    ).content.decode()
    assert "甲下基层调研次数偏少。" in a_body and "林书记的批评" in a_body
    assert B_OPINION not in a_body and TEAM_OPINION not in a_body
    b_body = client.get(
        build_url(world.meeting, member_list(world.meeting, world.members[1]))
    ).content.decode()
    assert B_OPINION in b_body and "甲下基层调研次数偏少。" not in b_body


def test_a_used_candidate_links_to_the_item_made_from_it(world, login, sources):
    team = team_list(world.meeting)
    client = login(world.office)
    client.post(
        reverse("rectification_make", args=[world.meeting.pk]),
        {"list": team.pk, "one": keys_of(sources["team_opinions"][:1])[0]},
    )
    item = Item.objects.get(meeting=world.meeting)
    body = client.get(build_url(world.meeting, team)).content.decode()
    assert f'href="{reverse("rectification_item", args=[world.meeting.pk, item.pk])}"' in body
    assert "已转为第1项" in body
    items_table = body.split('data-testid="list-items"')[1]
    assert f"{TEAM_OPINION}0" in items_table and "未启动" in items_table


# --- making items ------------------------------------------------------------------------------------


def test_making_one_item_opens_its_edit_page_with_the_source_linked(world, login, sources):
    team = team_list(world.meeting)
    opinion = sources["team_opinions"][0]
    response = login(world.office).post(
        reverse("rectification_make", args=[world.meeting.pk]),
        {"list": team.pk, "one": keys_of([opinion])[0]},
    )
    item = Item.objects.get(meeting=world.meeting)
    assert response.status_code == 302
    assert response["Location"] == reverse("rectification_item_edit", args=[world.meeting.pk, item.pk])
    assert item.rectification_list == team and item.number == 1
    assert item.problem == opinion.text
    assert [(s.kind, s.opinion_id) for s in item.sources.all()] == [(SourceKind.OPINION, opinion.pk)]


def test_making_several_items_one_by_one_returns_to_the_list(world, login, sources):
    team = team_list(world.meeting)
    keys = keys_of(sources["team_opinions"]) + [f"draft:{sources['draft'].pk}:{sources['problems'][0]}"]
    response = login(world.office).post(
        reverse("rectification_make", args=[world.meeting.pk]),
        {"list": team.pk, "key": keys, "merge": "0", "owner": world.members[0].pk, "unit": "县委办公室"},
        follow=True,
    )
    made = list(Item.objects.filter(meeting=world.meeting).order_by("number"))
    assert len(made) == 3 and [item.number for item in made] == [1, 2, 3]
    assert response.redirect_chain[-1][0] == build_url(world.meeting, team)
    assert "已生成班子清单第1、2、3项，共3项。请逐项完善整改措施和完成时限。" in messages_of(response)
    assert {(item.owner, item.unit) for item in made} == {(world.members[0], "县委办公室")}


def test_merging_makes_one_item_with_every_source(world, login, sources):
    team = team_list(world.meeting)
    keys = keys_of(sources["team_opinions"]) + [f"draft:{sources['draft'].pk}:{sources['problems'][1]}"]
    response = login(world.office).post(
        reverse("rectification_make", args=[world.meeting.pk]),
        {
            "list": team.pk,
            "key": keys,
            "merge": "1",
            "problem": "服务群众有差距。",
            "owner": world.secretary.pk,
        },
    )
    [item] = Item.objects.filter(meeting=world.meeting)
    assert response["Location"] == reverse("rectification_item_edit", args=[world.meeting.pk, item.pk])
    assert sorted(s.kind for s in item.sources.all()) == [
        SourceKind.DRAFT_PROBLEM,
        SourceKind.OPINION,
        SourceKind.OPINION,
    ]
    assert item.problem == "服务群众有差距。" and item.owner == world.secretary


def test_merging_asks_for_one_problem_prefilled_with_the_first_sources_lead_sentence(world, login, sources):
    team = team_list(world.meeting)
    draft_key = f"draft:{sources['draft'].pk}:{sources['problems'][1]}"
    keys = [*keys_of(sources["team_opinions"]), draft_key]
    client = login(world.office)
    url = reverse("rectification_make", args=[world.meeting.pk])
    response = client.post(url, {"list": team.pk, "key": keys, "merge": "1", "unit": "县委办公室"})
    assert response.status_code == 200 and not Item.objects.filter(meeting=world.meeting).exists()
    form = response.context["form"]
    # The page's order: the draft's problems come before the opinions.
    assert form["problem"].value() == "为民服务有差距。"
    assert form["manifestation"].value() == "解决急难愁盼不够。比如，信访积案未清零。"
    assert form["unit"].value() == "县委办公室" and form["owner"].value() is None
    body = response.content.decode()
    assert body.count('data-testid="merge-source"') == 3 and f"{TEAM_OPINION}1" in body
    # The one problem and the owner are asked for: without them nothing is made, and what was typed stays.
    refused = client.post(
        url, {"list": team.pk, "key": keys, "merge": "1", "problem": " ", "manifestation": "写下的表现"}
    )
    assert refused.status_code == 400 and not Item.objects.filter(meeting=world.meeting).exists()
    assert set(refused.context["form"].errors) == {"problem", "owner"}
    assert "写下的表现" in refused.content.decode()
    # Posted as prefilled, with an owner: one item, the lead its problem, the rest its 问题表现.
    made = client.post(
        url,
        {
            "list": team.pk,
            "key": keys,
            "merge": "1",
            "problem": form["problem"].value(),
            "manifestation": form["manifestation"].value(),
            "owner": world.members[1].pk,
            "unit": "县委办公室",
        },
    )
    [item] = Item.objects.filter(meeting=world.meeting)
    assert made["Location"] == reverse("rectification_item_edit", args=[world.meeting.pk, item.pk])
    assert (item.problem, item.manifestation) == (
        "为民服务有差距。",
        "解决急难愁盼不够。比如，信访积案未清零。",
    )
    assert (item.owner, item.unit, item.sources.count()) == (world.members[1], "县委办公室", 3)


def draft_key(sources, number):
    return f"draft:{sources['draft'].pk}:{sources['problems'][number]}"


def test_an_item_from_a_draft_problem_is_its_lead_sentence_and_keeps_the_rest_as_its_manifestation(
    world, login, sources
):
    team = team_list(world.meeting)
    client = login(world.office)
    client.post(
        reverse("rectification_make", args=[world.meeting.pk]),
        {"list": team.pk, "key": [draft_key(sources, 0)], "merge": "0", "owner": world.secretary.pk},
    )
    [item] = Item.objects.filter(meeting=world.meeting)
    assert item.problem == "理论学习不够深入。"
    assert item.manifestation == "专题研讨不多。比如，全年仅研讨3次。"
    # The source keeps the problem as it was written, whole.
    assert item.sources.get().quote == "理论学习不够深入。专题研讨不多。比如，全年仅研讨3次。"
    page = client.get(reverse("rectification_item", args=[world.meeting.pk, item.pk])).content.decode()
    assert '<p class="pre-wrap" data-testid="item-problem">理论学习不够深入。</p>' in page
    assert "问题表现" in page and "比如，全年仅研讨3次。</p>" in page
    # The lists' problem column is the problem alone.
    build_table = (
        client.get(build_url(world.meeting, team)).content.decode().split('data-testid="list-items"')[1]
    )
    ledger = client.get(reverse("rectification_ledger", args=[world.meeting.pk])).content.decode()
    for body in (build_table, ledger):
        assert "理论学习不够深入。" in body and "全年仅研讨3次" not in body


def test_making_team_items_asks_for_their_owner_none_is_assumed_and_what_was_ticked_stays(
    world, login, sources
):
    team = team_list(world.meeting)
    keys = [draft_key(sources, 0), *keys_of(sources["team_opinions"])]
    client = login(world.office)
    response = client.post(
        reverse("rectification_make", args=[world.meeting.pk]),
        {"list": team.pk, "key": keys, "merge": "0", "unit": "县委组织部"},
        follow=True,
    )
    assert not Item.objects.filter(meeting=world.meeting).exists()
    assert any("请选择这些事项的责任领导" in message for message in messages_of(response))
    body = response.content.decode()
    for key in keys:
        assert re.search(rf'value="{re.escape(key)}" id="key-\d+-\d+" checked>', body), key
    assert body.count('id="key-') == 4 and body.count(" checked>") == len(keys)
    assert 'value="县委组织部"' in body
    # The secretary is no one's default 责任领导.
    secretary_option = f'<option value="{world.secretary.pk}" selected>'
    assert secretary_option not in body.split('data-testid="make-toolbar"')[1].split("</select>")[0]


def test_a_team_item_made_by_its_own_button_has_no_owner_until_its_edit_page_sets_one(world, login, sources):
    team = team_list(world.meeting)
    client = login(world.office)
    response = client.post(
        reverse("rectification_make", args=[world.meeting.pk]),
        # Other boxes ticked: the button makes its own candidate only.
        {"list": team.pk, "key": keys_of(sources["team_opinions"]), "one": draft_key(sources, 1)},
    )
    [item] = Item.objects.filter(meeting=world.meeting)
    assert item.problem == "为民服务有差距。" and item.owner is None and item.unit == ""
    edit = client.get(response["Location"])
    assert edit.context["form"].fields["owner"].required
    assert "请选择责任领导" in edit.content.decode()


def test_a_members_tab_offers_the_member_as_owner_of_their_own_items(world, login, sources):
    a = world.members[0]
    a_list = member_list(world.meeting, a)
    body = login(world.office).get(build_url(world.meeting, a_list)).content.decode()
    toolbar = body.split('data-testid="make-toolbar"')[1].split("</select>")[0]
    assert f'<option value="{a.pk}" selected>' in toolbar
    criticism = f"criticism:{sources['criticism'].pk}"
    login(world.office).post(
        reverse("rectification_make", args=[world.meeting.pk]),
        {"list": a_list.pk, "key": [criticism], "merge": "0", "owner": a.pk},
    )
    assert Item.objects.get(meeting=world.meeting).owner == a


def test_bulk_assignment_sets_the_owner_and_the_unit_of_the_ticked_items_only(world, login, sources):
    team = team_list(world.meeting)
    first, second, third = items(team, 3, owner=world.secretary, unit="")
    client = login(world.office)
    url = reverse("rectification_assign", args=[world.meeting.pk])
    response = client.post(
        url,
        {"list": team.pk, "item": [first.pk, third.pk], "owner": world.members[1].pk, "unit": "县委宣传部"},
        follow=True,
    )
    assert "已将班子清单第1、3项的责任领导指定为成员2、责任部门指定为县委宣传部，共2项。" in messages_of(
        response
    )
    rows = {item.pk: (item.owner, item.unit) for item in Item.objects.filter(meeting=world.meeting)}
    assert rows == {
        first.pk: (world.members[1], "县委宣传部"),
        second.pk: (world.secretary, ""),
        third.pk: (world.members[1], "县委宣传部"),
    }
    # Only the unit: the owners stay.
    client.post(url, {"list": team.pk, "item": [second.pk], "unit": "县委办公室"})
    assert Item.objects.values_list("owner", "unit").get(pk=second.pk) == (world.secretary.pk, "县委办公室")
    # Nothing to set, or nothing ticked: refused, and what was ticked stays ticked.
    refused = client.post(url, {"list": team.pk, "item": [first.pk]}, follow=True)
    assert "请选择责任领导或填写责任部门。" in messages_of(refused)
    assert (
        f'value="{first.pk}" form="assign-form" aria-label="选择第1项" checked>' in refused.content.decode()
    )
    nothing = client.post(url, {"list": team.pk, "owner": world.members[2].pk}, follow=True)
    assert "请至少勾选一项整改事项。" in messages_of(nothing)
    # An item of another list is not changed from this one.
    (theirs,) = items(member_list(world.meeting, world.members[0]), 1)
    client.post(url, {"list": team.pk, "item": [theirs.pk], "owner": world.members[2].pk})
    assert Item.objects.get(pk=theirs.pk).owner == world.members[0]


def test_a_member_list_cannot_receive_another_lists_candidate(world, login, sources):
    a_list = member_list(world.meeting, world.members[0])
    client = login(world.office)
    for key in [
        f"opinion:{sources['b_opinion'].pk}",
        keys_of(sources["team_opinions"][:1])[0],
        "opinion:999999",
    ]:
        response = client.post(
            reverse("rectification_make", args=[world.meeting.pk]),
            {"list": a_list.pk, "key": key},
            follow=True,
        )
        assert "请至少选择一条问题来源。" in messages_of(response), key
        assert response.redirect_chain[-1][0].startswith(f"{build_url(world.meeting, a_list)}&")
    assert not Item.objects.filter(meeting=world.meeting).exists()


def test_making_for_an_unknown_list_is_404(world, login, sources):
    other = make_meeting(OrganisationFactory(), world.office, date=datetime.date(2027, 2, 1))
    response = login(world.office).post(
        reverse("rectification_make", args=[world.meeting.pk]),
        {"list": team_list(other).pk, "key": keys_of(sources["team_opinions"][:1])},
    )
    assert response.status_code == 404
    assert not Item.objects.exists()


# --- carrying over ------------------------------------------------------------------------------------


@pytest.fixture
def previous(world):
    """Last year's meeting of the same team, archived: two items not done (one team, one of member A's),
    one done awaiting 销号 and one closed; an older meeting and another county's meeting with open items
    that must stay where they are; and the team's 专题 meeting still in 召开会议, with its own items."""
    old = at_stage(make_meeting(world.county, world.office, date=datetime.date(2025, 1, 20)), Stage.CLOSED)
    items(team_list(old), 2, text="前年旧账")
    last = at_stage(make_meeting(world.county, world.office, date=datetime.date(2026, 1, 20)), Stage.CLOSED)
    items(team_list(last), 1, text="去年班子旧账", status=ItemStatus.IN_PROGRESS)
    items(team_list(last), 1, text="去年班子已完成", status=ItemStatus.DONE)
    items(team_list(last), 1, text="去年已销号", status=ItemStatus.CLOSED)
    items(member_list(last, world.members[0]), 1, text="去年甲的旧账")
    other = at_stage(
        make_meeting(world.other_county, world.other_office, date=datetime.date(2026, 1, 20)), Stage.CLOSED
    )
    items(team_list(other), 2, text="外县旧账")
    running = at_stage(
        make_meeting(
            world.county,
            world.office,
            date=datetime.date(2026, 11, 9),
            year=2026,
            kind=MeetingKind.SPECIAL,
            name="2026年巡视整改专题民主生活会",
        ),
        Stage.MEETING,
    )
    items(team_list(running), 1, text="专题未开完", status=ItemStatus.IN_PROGRESS)
    items(team_list(running), 1, text="专题已完成", status=ItemStatus.DONE)
    return last


def test_the_build_page_says_which_meeting_the_items_are_carried_from(world, login, previous):
    at_stage(world.meeting)
    body = login(world.office).get(build_url(world.meeting)).content.decode()
    card = body.split('data-testid="carry-over"')[1].split("</form>")[0]
    assert "从2025年度民主生活会结转2项未完成事项" in card and "data-confirm=" in card
    # What is not carried, and why.
    assert "2025年度民主生活会另有1项已完成待销号，不结转" in body
    assert "2026年巡视整改专题民主生活会尚在“召开会议”阶段，其整改事项不结转" in body
    previous_group = body.split('data-testid="group-previous_item"')[1].split('data-testid="group-')[0]
    assert "2025年度民主生活会第1项（整改中）" in previous_group
    assert "去年班子旧账" in previous_group
    assert "去年班子已完成" not in previous_group and "专题未开完" not in previous_group


def test_carrying_over_brings_the_items_not_done_of_the_last_meeting_past_its_meeting_stage(
    world, login, previous
):
    meeting = at_stage(world.meeting)
    client = login(world.office)
    response = client.post(reverse("rectification_carry_over", args=[meeting.pk]), follow=True)
    assert "已从2025年度民主生活会结转未完成事项2项，原事项已标记为“已结转”。" in messages_of(response)
    carried = Item.objects.filter(meeting=meeting).select_related("carried_from", "rectification_list")
    assert {item.problem.split("：")[0] for item in carried} == {"去年班子旧账1", "去年甲的旧账1"}
    assert all(item.carried_from.meeting_id == previous.pk for item in carried)
    by_list = {item.problem.split("：")[0]: item.rectification_list.member_id for item in carried}
    assert by_list["去年甲的旧账1"] == world.members[0].pk and by_list["去年班子旧账1"] is None
    assert dict(
        Item.objects.filter(meeting=previous)
        .values_list("number", "status")
        .filter(rectification_list__member=None)
    ) == {
        1: ItemStatus.CARRIED_OVER,
        2: ItemStatus.DONE,  # 已完成待销号: closed where it was done, not carried
        3: ItemStatus.CLOSED,
    }
    for text in ("前年旧账", "外县旧账", "专题未开完", "专题已完成"):
        assert not Item.objects.filter(problem__startswith=text, carried_to__isnull=False).exists(), text
        assert not Item.objects.filter(problem__startswith=text, status=ItemStatus.CARRIED_OVER).exists()
    body = response.content.decode()
    assert "未完成事项</button>" not in body and "2025年度民主生活会没有需要结转的未完成事项" in body
    again = client.post(reverse("rectification_carry_over", args=[meeting.pk]), follow=True)
    assert "没有需要结转的未完成事项。" in messages_of(again)
    assert Item.objects.filter(meeting=meeting).count() == 2


def _build_queries(client, meeting):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(build_url(meeting))
    assert response.status_code == 200
    return len(captured.captured_queries), response.content.decode()


def test_build_page_query_count_does_not_grow_with_items(
    world, client, sources, django_assert_max_num_queries
):
    client.force_login(world.office)
    team = team_list(world.meeting)
    items(team, 10)
    few, _ = _build_queries(client, world.meeting)
    items(team, 990)
    with django_assert_max_num_queries(few):
        body = client.get(build_url(world.meeting)).content.decode()
    assert body.count(">未启动</span>") == 50  # the list's items, fifty a page
    assert "第 1 / 20 页" in body and 'href="?list=' in body
