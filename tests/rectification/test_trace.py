"""What became of each accepted opinion (DESIGN §6): linked to an item, answered with a note, or neither —
and the page that lists the ones that are neither.

A member sees the opinions addressed to the team and to themselves only (涉及个人的，反馈给本人).
"""

import datetime
import re

import pytest
import time_machine
from django.urls import reverse

from feedback.models import OpinionStatus
from rectification import services
from rectification.models import OpinionAnswer
from tests.feedback.factories import opinions
from tests.rectification.factories import at_stage, member_list, team_list

from .test_items import ROLES, user_of

B_TEXT = "对成员乙"  # words only the opinion addressed to member B contains


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(datetime.datetime(2027, 3, 1, 10, 0), tick=False):
        yield


@pytest.fixture
def routed(world):
    """Two team opinions, one for member A, one for member B, one rejected."""
    meeting = at_stage(world.meeting)
    team = opinions(meeting, 2, text="对班子")
    [for_a] = opinions(meeting, 1, addressee=world.members[0], text="对成员甲")
    [for_b] = opinions(meeting, 1, addressee=world.members[1], text=B_TEXT)
    opinions(meeting, 1, status=OpinionStatus.REJECTED, text="不予采纳")
    return {"meeting": meeting, "team": team, "for_a": for_a, "for_b": for_b}


def trace_url(meeting, **params):
    query = "&".join(f"{key}={value}" for key, value in params.items())
    return reverse("rectification_opinions", args=[meeting.pk]) + (f"?{query}" if query else "")


def answer_url(meeting, opinion):
    return reverse("rectification_opinion_answer", args=[meeting.pk, opinion.pk])


def shown(body):
    """The opinions the table shows, by pk."""
    return {int(pk) for pk in re.findall(r'<tr id="opinion-(\d+)"', body)}


# --- roles ------------------------------------------------------------------------------------------


@pytest.mark.parametrize("role", [*ROLES, "anonymous"])
def test_the_trace_page_by_role(world, client, routed, role):
    if role != "anonymous":
        client.force_login(user_of(world, role))
    response = client.get(trace_url(routed["meeting"]))
    if role == "anonymous":
        assert response.status_code == 302 and reverse("login") in response["Location"]
    elif role in ("office", "secretary", "member", "owner", "supervisor"):
        assert response.status_code == 200
    else:
        assert response.status_code == 404
        assert "对班子" not in response.content.decode()


@pytest.mark.parametrize("role", [*ROLES, "anonymous"])
def test_only_the_office_answers_an_opinion(world, client, routed, role):
    opinion = routed["for_b"]
    if role != "anonymous":
        client.force_login(user_of(world, role))
    response = client.post(answer_url(routed["meeting"], opinion), {"note": "已作解释说明。"})
    expected = {"office": 302, "secretary": 403, "owner": 403, "supervisor": 403, "member": 404}
    if role == "anonymous":
        assert response.status_code == 302 and reverse("login") in response["Location"]
    else:
        assert response.status_code == expected.get(role, 404), role
        assert B_TEXT not in response.content.decode()
    assert OpinionAnswer.objects.filter(opinion=opinion).exists() == (role == "office")


def test_a_member_sees_team_opinions_and_their_own_but_not_another_members(world, client, routed):
    meeting = routed["meeting"]
    client.force_login(world.members[0])
    for address in [
        trace_url(meeting),
        trace_url(meeting, filter="unanswered"),
        trace_url(meeting, opinion=routed["for_b"].pk),
    ]:
        body = client.get(address).content.decode()
        assert B_TEXT not in body, address
        assert routed["for_b"].pk not in shown(body)
    body = client.get(trace_url(meeting)).content.decode()
    assert shown(body) == {routed["for_a"].pk, *(o.pk for o in routed["team"])}
    assert "已采纳 3 条" in body


def test_the_office_sees_every_accepted_opinion_and_none_rejected(world, client, routed):
    client.force_login(world.office)
    body = client.get(trace_url(routed["meeting"])).content.decode()
    assert len(shown(body)) == 4 and "不予采纳" not in body and "已采纳 4 条" in body


# --- linked, answered, neither ----------------------------------------------------------------------


def test_an_opinion_linked_to_an_item_disappears_from_the_unanswered(world, client, routed):
    meeting, team = routed["meeting"], routed["team"]
    client.force_login(world.office)
    body = client.get(trace_url(meeting, filter="unanswered")).content.decode()
    assert team[0].pk in shown(body) and "未落实 4" in body
    [item] = services.make_items(team_list(meeting), [f"opinion:{team[0].pk}"], world.office)
    body = client.get(trace_url(meeting, filter="unanswered")).content.decode()
    assert team[0].pk not in shown(body) and "未落实 3" in body
    body = client.get(trace_url(meeting, filter="linked")).content.decode()
    assert shown(body) == {team[0].pk}
    assert reverse("rectification_item", args=[meeting.pk, item.pk]) in body
    assert "云岭县委常委班子问题清单" not in body and "班子清单第1项" in body and "未启动" in body


def test_a_member_sees_the_item_of_their_own_opinion_but_never_anothers(world, client, routed):
    meeting = routed["meeting"]
    [for_a] = services.make_items(
        member_list(meeting, world.members[0]), [f"opinion:{routed['for_a'].pk}"], world.office
    )
    [for_b] = services.make_items(
        member_list(meeting, world.members[1]), [f"opinion:{routed['for_b'].pk}"], world.office
    )
    client.force_login(world.members[0])
    body = client.get(trace_url(meeting, filter="linked")).content.decode()
    assert reverse("rectification_item", args=[meeting.pk, for_a.pk]) in body
    assert reverse("rectification_item", args=[meeting.pk, for_b.pk]) not in body
    assert "已列入整改清单 1" in body  # B's opinion is not counted for A either


def test_answering_with_a_note_marks_it_answered_and_withdrawing_brings_it_back(world, client, routed):
    meeting, opinion = routed["meeting"], routed["team"][1]
    client.force_login(world.office)
    response = client.post(
        answer_url(meeting, opinion), {"note": "已当场作出解释说明。", "query": "filter=unanswered"}
    )
    assert response["Location"].endswith(f"?filter=unanswered#opinion-{opinion.pk}")
    body = client.get(trace_url(meeting, filter="unanswered")).content.decode()
    assert opinion.pk not in shown(body)
    body = client.get(trace_url(meeting, filter="answered")).content.decode()
    assert shown(body) == {opinion.pk} and "已当场作出解释说明。" in body and "撤销答复" in body
    client.post(answer_url(meeting, opinion), {"withdraw": "1"})
    assert opinion.pk in shown(client.get(trace_url(meeting, filter="unanswered")).content.decode())


def test_an_answer_without_a_note_is_refused_and_a_long_one_is_kept_to_correct(world, client, routed):
    meeting, opinion = routed["meeting"], routed["team"][0]
    client.force_login(world.office)
    response = client.post(answer_url(meeting, opinion), {"note": "  "})
    assert response.status_code == 400 and "答复说明未保存" in response.content.decode()
    long_note = "已作说明" * 260
    response = client.post(answer_url(meeting, opinion), {"note": long_note, "query": "filter=unanswered"})
    body = response.content.decode()
    assert response.status_code == 400 and long_note in body and "is-invalid" in body
    assert not OpinionAnswer.objects.exists()


def test_members_and_supervisors_get_no_answer_forms(world, client, routed):
    for user in [world.members[0], world.supervisor, world.secretary]:
        client.force_login(user)
        body = client.get(trace_url(routed["meeting"])).content.decode()
        assert "标记为已答复" not in body and "未落实" in body


def test_every_opinion_done_says_so_on_the_unanswered_page(world, client, routed):
    meeting = routed["meeting"]
    for opinion in [*routed["team"], routed["for_a"], routed["for_b"]]:
        services.answer_opinion(opinion, world.office, "已答复。")
    client.force_login(world.office)
    body = client.get(trace_url(meeting, filter="unanswered")).content.decode()
    assert "每一条已采纳的意见建议都已列入整改清单或作出答复说明" in body


@pytest.mark.parametrize("count", [10, 200])
def test_the_page_takes_the_same_queries_for_10_or_200_opinions(
    world, client, django_assert_max_num_queries, count
):
    meeting = at_stage(world.meeting)
    made = opinions(meeting, count, text="批量")
    services.make_items(team_list(meeting), [f"opinion:{o.pk}" for o in made[: count // 2]], world.office)
    for opinion in made[count // 2 : count // 2 + 3]:
        services.answer_opinion(opinion, world.office, "已答复。")
    client.force_login(world.office)
    with django_assert_max_num_queries(16):
        body = client.get(trace_url(meeting)).content.decode()
    assert f"已采纳 {count} 条" in body
    with django_assert_max_num_queries(16):
        client.get(trace_url(meeting, filter="unanswered", page=2))
