import datetime
import re

import pytest
from django.urls import reverse

from meetings import services as meeting_services
from meetings import talks
from meetings.coverage import PairKind, required_pairs
from meetings.models import Talk
from meetings.workflow import Stage
from orgs.models import BranchRepresentative, ChargedUnit, Role
from tests.factories import OrganisationFactory, UserFactory, assign, make_meeting

# Talks are recorded after they took place (8 January 2027) and before the meeting locks them.
pytestmark = pytest.mark.usefixtures("before_the_meeting")

DAY = datetime.date(2027, 1, 8)


def build_team(members=8, units_per_member=3):
    """A secretary and ``members`` members, each member with units and everyone with a branch representative."""
    county = OrganisationFactory()
    secretary = assign(UserFactory(), county, Role.SECRETARY)
    team = [assign(UserFactory(), county, Role.MEMBER, i) for i in range(1, members + 1)]
    office = assign(UserFactory(), county, Role.OFFICE)
    for member in team:
        for n in range(units_per_member):
            ChargedUnit.objects.create(
                organisation=county, member=member, name=f"单位{member.pk}-{n}", head=UserFactory()
            )
    for person in [secretary, *team]:
        BranchRepresentative.objects.create(
            organisation=county, member=person, branch_name="机关党支部", representative=UserFactory()
        )
    return county, secretary, team, office


@pytest.mark.django_db
def test_required_pairs_follow_the_four_rule():
    county, secretary, team, _ = build_team()
    pairs = required_pairs(county)
    by_kind = {kind: sum(1 for p in pairs if p.kind == kind) for kind in PairKind.LABELS}
    assert by_kind[PairKind.SECRETARY_MEMBER] == 8  # the secretary with each of 8 members
    assert by_kind[PairKind.MEMBERS] == 8 * 7 // 2  # every pair of members: C(8, 2) = 28
    assert by_kind[PairKind.UNIT_HEAD] == 8 * 3  # each member with the head of each of 3 units = 24
    assert by_kind[PairKind.BRANCH] == 1 + 8  # everyone, the secretary included, with a representative = 9
    assert len(pairs) == 8 + 28 + 24 + 9 == 69
    assert len({p.key for p in pairs}) == 69


def test_a_talk_between_a_and_b_marks_the_pair_done_in_both_directions(world):
    a, b = world.members[0], world.members[1]
    talks.record_talk(world.meeting, a, date=DAY, place="", topics="思想认识", improvements="", people=[b, a])
    statuses = {(s.first.pk, s.second.pk): s for s in talks.coverage(world.meeting)}
    status = statuses.get((a.pk, b.pk)) or statuses.get((b.pk, a.pk))
    assert (status.state, status.date) == ("done", DAY)
    rows = {person.pk: cells for person, cells in talks.rows_by_person(talks.coverage(world.meeting), [a, b])}
    assert any(other == b and s.state == "done" for other, s in rows[a.pk])
    assert any(other == a and s.state == "done" for other, s in rows[b.pk])


def test_a_waiver_needs_a_reason(world):
    a, b = world.members[0], world.members[1]
    with pytest.raises(talks.TalkError):
        talks.waive_pair(world.meeting, a, b, "  ", world.office)
    talks.waive_pair(world.meeting, b, a, "长期外出学习", world.office)
    [status] = [s for s in talks.coverage(world.meeting) if {s.first, s.second} == {a, b}]
    assert status.state == "waived" and status.waiver.reason == "长期外出学习"


def test_the_guard_blocks_the_talks_stage_until_every_pair_is_done_or_waived(world):
    meeting = world.meeting
    meeting_services.submit_plan(meeting.plan, world.office)
    meeting_services.approve_plan(meeting.plan, world.supervisor)
    for _ in range(3):
        meeting_services.advance(meeting, world.office)
    assert meeting.stage == Stage.TALKS
    pairs = talks.coverage(meeting)
    assert len(pairs) == 3 + 3  # secretary × 3 members, C(3, 2) members; no units or branches set up
    with pytest.raises(meeting_services.TransitionRefused) as refused:
        meeting_services.advance(meeting, world.office)
    assert "四必谈还有6对未谈" in refused.value.reasons[0]
    for status in pairs[:-1]:
        talks.record_talk(
            meeting,
            status.first,
            date=DAY,
            place="",
            topics="谈心",
            improvements="",
            people=[status.first, status.second],
        )
    with pytest.raises(meeting_services.TransitionRefused):
        meeting_services.advance(meeting, world.office)
    talks.waive_pair(meeting, pairs[-1].first, pairs[-1].second, "病休", world.secretary)
    meeting_services.advance(meeting, world.office)
    assert meeting.stage == Stage.DRAFTING


def test_records_lock_once_the_meeting_is_held(world):
    world.meeting.stage = Stage.MEETING
    with pytest.raises(talks.TalkError, match="已锁定"):
        talks.record_talk(
            world.meeting,
            world.member,
            date=DAY,
            place="",
            topics="x",
            improvements="",
            people=[world.member, world.secretary],
        )


def test_a_member_not_in_a_talk_cannot_open_it_but_participants_and_supervisors_can(world, client):
    a, b, c = world.members
    talk = talks.record_talk(
        world.meeting,
        a,
        date=DAY,
        place="",
        topics="作风问题",
        improvements="",
        people=[a, b],
        own_side={"problems_raised": "甲的问题", "criticisms_to_raise": "对乙的批评"},
    )
    url = reverse("talk_detail", args=[world.meeting.pk, talk.pk])
    for user in [a, b, world.secretary, world.office, world.supervisor]:
        client.force_login(user)
        response = client.get(url)
        assert response.status_code == 200 and "对乙的批评" in response.content.decode(), user
    for user in [c, world.other_member, world.outsider]:
        client.force_login(user)
        response = client.get(url)
        assert response.status_code == 404 and "对乙的批评" not in response.content.decode()
    client.force_login(c)
    assert "作风问题" not in client.get(reverse("talk_list", args=[world.meeting.pk])).content.decode()
    assert client.post(url, {"problems_raised": "x"}).status_code == 404


def test_talk_pages_by_role(world, client):
    pages = {
        "talk_list": ["secretary", "member", "office", "supervisor"],
        "talk_create": ["secretary", "member", "office"],
        "talk_coverage": ["secretary", "member", "office", "supervisor"],
    }
    for name, allowed in pages.items():
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
            expected = (
                200 if role in allowed else 404 if role.startswith("other") or role == "outsider" else 403
            )
            assert client.get(url).status_code == expected, (name, role)


def test_members_record_and_confirm_through_the_pages(world, client):
    a, b = world.members[0], world.members[1]
    client.force_login(a)
    response = client.post(
        reverse("talk_create", args=[world.meeting.pk]),
        {
            "date": "2027-01-08",
            "people": [b.pk],
            "topics": "分管工作",
            "side-criticisms_to_raise": "对乙：调研不深入",
        },
    )
    talk = Talk.objects.get()
    assert response.status_code == 302
    sides = {side.person_id: side for side in talk.participants.all()}
    assert sides[a.pk].confirmed_at is not None and sides[b.pk].confirmed_at is None
    client.force_login(b)
    client.post(
        reverse("talk_detail", args=[world.meeting.pk, talk.pk]),
        {"problems_raised": "调研不深入", "criticisms_to_raise": "对甲：学习不够"},
    )
    sides = {side.person_id: side for side in talk.participants.all()}
    assert sides[b.pk].confirmed_at is not None and sides[b.pk].criticisms_to_raise == "对甲：学习不够"


def test_only_secretary_or_office_waive_and_only_required_pairs(world, client):
    a, b = world.members[0], world.members[1]
    url = reverse("talk_waive", args=[world.meeting.pk])
    client.force_login(a)
    assert client.post(url, {"first": a.pk, "second": b.pk, "reason": "x"}).status_code == 403
    client.force_login(world.secretary)
    client.post(url, {"first": a.pk, "second": world.outsider.pk, "reason": "x"})
    assert not world.meeting.talk_waivers.exists()
    client.post(url, {"first": a.pk, "second": b.pk, "reason": "外出培训"})
    assert world.meeting.talk_waivers.get().waived_by == world.secretary


def test_a_member_sees_only_their_own_row_of_the_matrix(world, client):
    a = world.members[0]
    client.force_login(a)
    body = client.get(reverse("talk_coverage", args=[world.meeting.pk])).content.decode()
    assert f'data-testid="coverage-row-{a.pk}"' in body
    assert f'data-testid="coverage-row-{world.members[1].pk}"' not in body
    client.force_login(world.office)
    body = client.get(reverse("talk_coverage", args=[world.meeting.pk])).content.decode()
    assert all(f'data-testid="coverage-row-{m.pk}"' in body for m in world.members)


@pytest.mark.parametrize("size", [5, 30])
def test_matrix_query_count_is_constant(client, django_assert_max_num_queries, size, db):
    county, secretary, team, office = build_team(members=size - 1, units_per_member=2)
    meeting = make_meeting(county, office)
    for first, second in zip(team, team[1:], strict=False):
        talks.record_talk(
            meeting, first, date=DAY, place="", topics="t", improvements="", people=[first, second]
        )
    client.force_login(office)
    with django_assert_max_num_queries(16):
        response = client.get(reverse("talk_coverage", args=[meeting.pk]))
    assert response.status_code == 200
    assert response.content.decode().count('data-state="done"') == 2 * (size - 2)


# Issue 13: dates, the coverage matrix's links, the grouped picker, locked pages.


def test_a_talk_dated_after_today_is_refused_by_the_form_and_by_the_service(world, login):
    a, b = world.members[0], world.members[1]
    tomorrow = datetime.date(2027, 1, 11)  # the clock is at 10 January
    with pytest.raises(talks.TalkError, match="谈话日期（2027年1月11日）晚于今天（2027年1月10日）"):
        talks.record_talk(
            world.meeting, a, date=tomorrow, place="", topics="x", improvements="", people=[a, b]
        )
    held = talks.record_talk(world.meeting, a, date=DAY, place="", topics="x", improvements="", people=[a, b])
    with pytest.raises(talks.TalkError, match="晚于今天"):
        talks.update_talk(held, date=tomorrow, place="", topics="x", improvements="", people=[a, b])
    response = login(a).post(
        reverse("talk_create", args=[world.meeting.pk]),
        {"date": "2027-01-11", "people": [b.pk], "topics": "这段主题不能丢"},
    )
    body = response.content.decode()
    assert response.status_code == 200 and "请在谈话之后再记录" in body and "这段主题不能丢" in body
    assert Talk.objects.count() == 1


def test_every_missing_pair_of_the_matrix_links_to_the_talk_form_with_the_pair_ticked(world, login):
    a, b = world.members[0], world.members[1]
    talks.record_talk(world.meeting, a, date=DAY, place="", topics="x", improvements="", people=[a, b])
    client = login(world.office)
    body = client.get(reverse("talk_coverage", args=[world.meeting.pk])).content.decode()
    missing = body.count('data-state="missing"')
    # 6 pairs, 1 done; each pair shows in both people's rows.
    assert missing == 2 * 5 and body.count(">记录谈话</a>") == missing
    assert f'data-testid="record-pair-{a.pk}-{b.pk}"' not in body  # done: nothing to record
    secretary = world.secretary
    link = reverse("talk_create", args=[world.meeting.pk]) + f"?with={secretary.pk}&amp;with={a.pk}"
    assert link in body
    form = client.get(link.replace("&amp;", "&")).content.decode()
    ticked = set(re.findall(r'name="people" value="(\d+)" id="[^"]+" checked', form))
    assert ticked == {str(secretary.pk), str(a.pk)}


def test_the_team_gets_record_links_only_for_the_pairs_they_are_in(world, login):
    a, b = world.members[0], world.members[1]
    body = login(world.secretary).get(reverse("talk_coverage", args=[world.meeting.pk])).content.decode()
    assert f'data-testid="record-pair-{world.secretary.pk}-{a.pk}"' in body
    assert f'data-testid="record-pair-{a.pk}-{b.pk}"' not in body  # the secretary would join their talk
    body = login(a).get(reverse("talk_coverage", args=[world.meeting.pk])).content.decode()
    assert f'data-testid="record-pair-{a.pk}-{b.pk}"' in body


def test_the_matrix_of_a_held_meeting_offers_no_talk_to_record(world, login):
    world.meeting.stage = Stage.MEETING
    world.meeting.save(update_fields=["stage"])
    body = login(world.office).get(reverse("talk_coverage", args=[world.meeting.pk])).content.decode()
    assert 'data-state="missing"' in body and ">记录谈话</a>" not in body
    assert "会议已召开，谈心谈话记录只能查看" in body and ">免谈</button>" not in body


def test_the_picker_groups_people_as_the_four_rule_names_them_and_no_two_labels_are_the_same(world, login):
    a, b, c = world.members
    head = UserFactory(display_name="王局长", title="县发改局局长")
    ChargedUnit.objects.create(organisation=world.county, member=a, name="县发改局", head=head)
    # The demo's case: two members of one branch, each with a representative of the same name and title.
    representatives = []
    for member in (b, c):
        representative = UserFactory(display_name="县委办公室党员代表", title="县委办公室党支部党员")
        BranchRepresentative.objects.create(
            organisation=world.county,
            member=member,
            branch_name="县委办公室党支部",
            representative=representative,
        )
        representatives.append(representative)
    body = login(world.office).get(reverse("talk_create", args=[world.meeting.pk])).content.decode()
    picker = body.split('data-testid="people-picker"')[1].split("</fieldset>")[0]
    groups = re.findall(r'<div class="small fw-bold text-muted">(.+?)</div>', picker)
    assert groups == ["书记", "班子成员", "分管单位负责人", "支部党员代表"]
    labels = re.findall(r'<label class="form-check-label" for="id_people_\d+">(.+?)</label>', picker)
    assert len(labels) == len(set(labels)) == 1 + 3 + 1 + 2
    assert "县委办公室党员代表（县委办公室党支部党员） · 成员2所在支部" in labels
    assert "县委办公室党员代表（县委办公室党支部党员） · 成员3所在支部" in labels
    assert "王局长（县发改局局长）" in labels  # a label that does not repeat stays short
    # The search is a small module of the app's own static files, nothing from a CDN.
    assert 'type="module" src="/static/meetings/people_picker.js"' in body and "data-people-search" in body
