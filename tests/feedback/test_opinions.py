import pytest
from django.urls import reverse

from feedback import services
from feedback.models import Opinion, OpinionStatus
from meetings import services as meeting_services
from meetings.workflow import Stage
from orgs import access

from .factories import opinions


@pytest.fixture
def routed(world):
    """One team opinion, one for member A, one for member B, one still new for A."""
    meeting = world.meeting
    a, b = world.members[0], world.members[1]
    [team] = opinions(meeting, 1, text="对班子")
    [for_a] = opinions(meeting, 1, addressee=a, text="对成员甲")
    [for_b] = opinions(meeting, 1, addressee=b, text="对成员乙")
    [new_for_a] = opinions(meeting, 1, addressee=a, status=OpinionStatus.NEW, text="未分拣")
    return world, team, for_a, for_b, new_for_a


def test_a_new_meeting_has_the_seed_channels_and_categories_and_a_box(world):
    meeting = world.meeting
    assert [c.name for c in meeting.channels.all()] == ["座谈会", "个别访谈", "意见箱", "征求意见表"]
    assert [c.name for c in meeting.source_categories.all()] == ["党员", "干部", "群众"]
    assert len(meeting.opinion_box.token) >= 32


def test_members_see_team_opinions_and_their_own_only(routed):
    world, team, for_a, for_b, new_for_a = routed
    a, b = world.members[0], world.members[1]
    assert set(access.opinions_for(a, world.meeting)) == {team, for_a}
    assert set(access.opinions_for(b, world.meeting)) == {team, for_b}
    for user in [world.secretary, world.office, world.supervisor]:
        assert set(access.opinions_for(user, world.meeting)) == {team, for_a, for_b, new_for_a}
    assert not access.opinions_for(world.other_member, world.meeting).exists()


def test_member_cannot_see_opinion_addressed_to_another_member_by_page_filter_or_url(routed, client):
    world, team, for_a, for_b, _ = routed
    a, b = world.members[0], world.members[1]
    client.force_login(a)
    url = reverse("opinion_list", args=[world.meeting.pk])
    body = client.get(url).content.decode()
    assert for_a.text[:10] in body and team.text[:10] in body
    assert for_b.text[:10] not in body
    body = client.get(url, {"addressee": b.pk}).content.decode()
    assert for_b.text[:10] not in body
    assert for_b.text[:15] not in client.get(url, {"q": "对成员乙"}).content.decode()
    response = client.get(reverse("opinion_edit", args=[world.meeting.pk, for_b.pk]))
    assert response.status_code == 404 and "对成员乙" not in response.content.decode()
    assert client.get(reverse("opinion_edit", args=[world.meeting.pk, for_a.pk])).status_code == 200


def test_opinion_pages_by_role(routed, client):
    world, team, *_ = routed
    pages = {
        "opinion_list": (["secretary", "member", "office", "supervisor"], []),
        "opinion_entry": (["office"], ["secretary", "member", "supervisor"]),
        "opinion_feedback": (["secretary", "office", "supervisor"], ["member"]),
        "opinion_choices": (["office"], ["secretary", "member", "supervisor"]),
    }
    for name, (allowed, refused) in pages.items():
        url = reverse(name, args=[world.meeting.pk])
        for role in [
            "secretary",
            "member",
            "office",
            "supervisor",
            "other_office",
            "other_member",
            "outsider",
        ]:
            client.force_login(getattr(world, role))
            response = client.get(url)
            expected = 200 if role in allowed else 403 if role in refused else 404
            assert response.status_code == expected, (name, role, response.status_code)
            if expected == 404:
                assert team.text[:10] not in response.content.decode()


def test_only_the_office_triages(routed, client):
    world, team, for_a, for_b, new_for_a = routed
    url = reverse("opinion_bulk", args=[world.meeting.pk])
    data = {"action": "reject", "selected": str(new_for_a.pk), "reason": "与会议主题无关"}
    for role in ["secretary", "member", "supervisor"]:
        client.force_login(getattr(world, role))
        assert client.post(url, data).status_code == 403
    client.force_login(world.other_office)
    assert client.post(url, data).status_code == 404
    new_for_a.refresh_from_db()
    assert new_for_a.status == OpinionStatus.NEW
    client.force_login(world.office)
    client.post(url, data)
    new_for_a.refresh_from_db()
    assert (new_for_a.status, new_for_a.reject_reason) == (OpinionStatus.REJECTED, "与会议主题无关")


def test_fast_entry_accepts_and_remembers_channel_category_and_aspect(world, client):
    meeting = world.meeting
    client.force_login(world.office)
    channel = meeting.channels.get(name="个别访谈")
    category = meeting.source_categories.get(name="群众")
    aspect = meeting.aspects.get(order=3)
    url = reverse("opinion_entry", args=[meeting.pk])
    response = client.post(
        url,
        {
            "text": "调研多集中在城区，到偏远乡镇少。",
            "channel": channel.pk,
            "category": category.pk,
            "aspect": aspect.pk,
        },
    )
    assert response.status_code == 302
    opinion = Opinion.objects.get()
    assert (opinion.status, opinion.entered_by, opinion.addressee) == (
        OpinionStatus.ACCEPTED,
        world.office,
        None,
    )
    page = client.get(response["Location"]).content.decode()
    assert f'<option value="{channel.pk}" selected>' in page
    assert f'<option value="{category.pk}" selected>' in page


def test_fast_entry_refuses_bad_input_and_keeps_it(world, client):
    client.force_login(world.office)
    response = client.post(reverse("opinion_entry", args=[world.meeting.pk]), {"text": "太短"})
    body = response.content.decode()
    assert response.status_code == 200 and "意见内容至少5个字" in body and "太短" in body
    assert not Opinion.objects.exists()


def test_accept_needs_an_aspect_and_reject_a_reason(world):
    [opinion] = opinions(world.meeting, 1, status=OpinionStatus.NEW)
    Opinion.objects.filter(pk=opinion.pk).update(aspect=None)
    opinion.refresh_from_db()
    with pytest.raises(services.OpinionError):
        services.accept([opinion])
    with pytest.raises(services.OpinionError):
        services.reject([opinion], " ")
    services.accept([opinion], aspect=world.meeting.aspects.first())
    opinion.refresh_from_db()
    assert opinion.status == OpinionStatus.ACCEPTED and opinion.aspect is not None


def test_merged_opinions_point_at_the_one_they_were_merged_into_and_count_once(world, client):
    first, second, third = opinions(world.meeting, 3, status=OpinionStatus.NEW)
    client.force_login(world.office)
    client.post(
        reverse("opinion_bulk", args=[world.meeting.pk]),
        {"action": "merge", "selected": f"{first.pk},{second.pk},{third.pk}", "merge_into": first.pk},
    )
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.status == OpinionStatus.ACCEPTED
    assert (second.status, second.merged_into) == (OpinionStatus.MERGED, first)
    assert world.meeting.opinions.filter(status=OpinionStatus.ACCEPTED).count() == 1
    assert set(first.merged.all()) == {second, third}


def test_bulk_accept_over_the_whole_filtered_list(world, client):
    opinions(world.meeting, 5, status=OpinionStatus.NEW, text="待处理")
    opinions(world.meeting, 2, status=OpinionStatus.NEW, text="另一批")
    client.force_login(world.office)
    client.post(
        reverse("opinion_bulk", args=[world.meeting.pk]),
        {"action": "accept", "all_filtered": "on", "query": "q=待处理"},
    )
    assert world.meeting.opinions.filter(status=OpinionStatus.ACCEPTED).count() == 5
    assert world.meeting.opinions.filter(status=OpinionStatus.NEW).count() == 2


def test_reclassify_to_a_member_and_back_to_the_team(world):
    [opinion] = opinions(world.meeting, 1)
    services.reclassify([opinion], addressee=world.members[2])
    opinion.refresh_from_db()
    assert opinion.addressee == world.members[2]
    services.reclassify([opinion], to_team=True, category=world.meeting.source_categories.last())
    opinion.refresh_from_db()
    assert opinion.addressee is None and opinion.category.name == "群众"


def test_office_marks_feedback_sent_per_member(world, client):
    opinions(world.meeting, 2, addressee=world.members[0])
    client.force_login(world.office)
    url = reverse("opinion_feedback", args=[world.meeting.pk])
    client.post(url, {"member": world.members[0].pk})
    body = client.get(url).content.decode()
    assert body.count("已反馈") >= 1 and "2 条" in body
    client.force_login(world.secretary)
    assert client.post(url, {"member": world.members[1].pk}).status_code == 403


def test_the_opinions_stage_waits_for_triage_unless_the_office_confirms(world):
    meeting = world.meeting
    meeting_services.submit_plan(meeting.plan, world.office)
    meeting_services.approve_plan(meeting.plan, world.supervisor)
    meeting_services.advance(meeting, world.office)
    meeting_services.advance(meeting, world.office)
    assert meeting.stage == Stage.OPINIONS
    opinions(meeting, 2, status=OpinionStatus.NEW)
    with pytest.raises(meeting_services.TransitionRefused) as refused:
        meeting_services.advance(meeting, world.office)
    assert "还有2条意见待分拣" in refused.value.reasons[0]
    meeting_services.advance(meeting, world.office, confirmed=True)
    assert meeting.stage == Stage.TALKS


def test_list_query_count_does_not_grow_with_opinions(world, client, django_assert_max_num_queries):
    url = reverse("opinion_list", args=[world.meeting.pk])
    opinions(world.meeting, 10)
    for user, query in ((world.office, {}), (world.members[0], {"status": "accepted"})):
        client.force_login(user)
        with django_assert_max_num_queries(20) as few:
            client.get(url, query)
        opinions(world.meeting, 500)
        opinions(world.meeting, 500, status=OpinionStatus.NEW)
        with django_assert_max_num_queries(len(few.captured_queries)):
            response = client.get(url, query)
        assert response.status_code == 200
