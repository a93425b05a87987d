"""办公室录入 (issue 13, defect 6): the office transcribes both sides of a paper talk record; each
participant confirms or corrects their own side; the contents stay private (DESIGN §4)."""

import pytest
from django.urls import reverse
from django.utils import timezone

from meetings import record as records
from meetings import talks
from meetings.models import Talk, TalkParticipant

pytestmark = pytest.mark.usefixtures("before_the_meeting")

PAPER = {"date": "2027-01-08", "place": "书记办公室", "topics": "思想认识、分管工作"}
SECRET = "对成员1：调研流于形式"  # words only the talk contains


def create_url(world, *people):
    query = "&".join(f"with={person.pk}" for person in people)
    return reverse("talk_create", args=[world.meeting.pk]) + (f"?{query}" if query else "")


def transcribe_post(world, a, b, **sides):
    data = {**PAPER, "people": [a.pk, b.pk], "sides_shown": [a.pk, b.pk]}
    data.update(sides)
    return data


def sides_of(talk):
    return {side.person_id: side for side in TalkParticipant.objects.filter(talk=talk)}


def office_talk(world, a, b):
    """A talk of a and b with both sides as the office transcribed them."""
    return talks.record_talk(
        world.meeting,
        world.office,
        date=timezone.localdate(),
        place="",
        topics="谈心",
        improvements="",
        people=[a, b],
        transcribed={
            a: {"problems_raised": "学习不够", "criticisms_to_raise": SECRET},
            b: {"problems_raised": "调研流于形式", "criticisms_to_raise": "对林书记：听取意见不够"},
        },
    )


def test_the_office_transcribes_both_sides_of_a_talk_marked_as_entered_by_the_office(world, login):
    secretary, member = world.secretary, world.member
    client = login(world.office)
    form = client.get(create_url(world, secretary, member)).content.decode()
    # The pair ticked, and a place for each side of the paper record.
    assert f'name="side-{secretary.pk}-criticisms_to_raise"' in form
    assert f'name="side-{member.pk}-problems_raised"' in form
    response = client.post(
        create_url(world, secretary, member),
        transcribe_post(
            world,
            secretary,
            member,
            **{
                f"side-{secretary.pk}-criticisms_to_raise": SECRET,
                f"side-{member.pk}-problems_raised": "调研流于形式",
                f"side-{member.pk}-criticisms_to_raise": "对林书记：听取意见不够",
            },
        ),
    )
    talk = Talk.objects.get()
    assert response.status_code == 302 and response["Location"].endswith(f"/talks/{talk.pk}/")
    sides = sides_of(talk)
    assert sides[secretary.pk].criticisms_to_raise == SECRET
    assert sides[member.pk].problems_raised == "调研流于形式"
    for side in sides.values():
        assert side.entered_by == world.office and side.entered_by_office
        assert side.confirmed_at is None  # waits for its person
    body = client.get(reverse("talk_detail", args=[world.meeting.pk, talk.pk])).content.decode()
    assert body.count('data-testid="entered-by-office"') == 2 and "办公室录入（刘文静）" in body


def test_a_participant_confirms_what_the_office_entered_or_corrects_it(world, login):
    a, b = world.members[0], world.members[1]
    talk = office_talk(world, a, b)
    url = reverse("talk_detail", args=[world.meeting.pk, talk.pk])
    body = login(a).get(url).content.decode()
    assert 'data-testid="confirm-transcription"' in body and 'data-testid="confirm-side"' in body
    login(a).post(url, {"problems_raised": "学习不够", "criticisms_to_raise": SECRET})
    login(b).post(url, {"problems_raised": "调研流于形式", "criticisms_to_raise": "对甲：会议多、落实少"})
    sides = sides_of(talk)
    # Confirmed as entered: still the office's transcription, now confirmed by its person.
    assert sides[a.pk].confirmed_at is not None and sides[a.pk].entered_by == world.office
    # Corrected: the text is the person's own.
    assert sides[b.pk].confirmed_at is not None and sides[b.pk].entered_by == b
    assert sides[b.pk].criticisms_to_raise == "对甲：会议多、落实少"


def test_the_office_cannot_overwrite_a_side_its_person_has_confirmed(world, login):
    a, b = world.members[0], world.members[1]
    talk = office_talk(world, a, b)
    talks.save_side(talk, a, problems_raised="学习不够", criticisms_to_raise="本人改过的批评")
    with pytest.raises(talks.TalkError, match="已确认本人的谈话内容"):
        talks.transcribe_side(talk, a, world.office, problems_raised="", criticisms_to_raise="办公室改写")
    client = login(world.office)
    edit = reverse("talk_edit", args=[world.meeting.pk, talk.pk])
    body = client.get(edit).content.decode()
    assert f'name="side-{a.pk}-criticisms_to_raise"' not in body and "本人改过的批评" in body
    assert f'name="side-{b.pk}-criticisms_to_raise"' in body  # b has not confirmed yet
    data = {**PAPER, "people": [a.pk, b.pk], f"side-{a.pk}-criticisms_to_raise": "办公室改写"}
    data[f"side-{b.pk}-problems_raised"] = "调研流于形式（核对纸质记录后补充）"
    data[f"side-{b.pk}-criticisms_to_raise"] = "对林书记：听取意见不够"
    assert client.post(edit, data).status_code == 302
    sides = sides_of(talk)
    assert sides[a.pk].criticisms_to_raise == "本人改过的批评" and sides[a.pk].entered_by == a
    assert sides[b.pk].problems_raised == "调研流于形式（核对纸质记录后补充）"


def test_a_talk_picked_without_the_pair_takes_the_office_on_to_enter_both_sides(world, login):
    a, b = world.members[0], world.members[1]
    client = login(world.office)
    response = client.post(create_url(world), {**PAPER, "people": [a.pk, b.pk]})
    talk = Talk.objects.get()
    assert response["Location"] == reverse("talk_edit", args=[world.meeting.pk, talk.pk]) + "#sides"
    body = client.get(response["Location"]).content.decode()
    assert f'name="side-{a.pk}-problems_raised"' in body and f'name="side-{b.pk}-problems_raised"' in body


def test_only_the_office_enters_another_participants_side(world, login):
    a, b = world.members[0], world.members[1]
    client = login(a)
    form = client.get(create_url(world, b)).content.decode()
    assert f'name="side-{b.pk}-criticisms_to_raise"' not in form
    client.post(
        create_url(world, b),
        {**PAPER, "people": [b.pk], "sides_shown": [b.pk], f"side-{b.pk}-criticisms_to_raise": "替对方填写"},
    )
    side = sides_of(Talk.objects.get())[b.pk]
    assert side.criticisms_to_raise == "" and side.entered_by is None


def test_what_the_office_transcribed_stays_private_to_the_talk_readers(world, login):
    a, b, c = world.members
    talk = office_talk(world, a, b)
    url = reverse("talk_detail", args=[world.meeting.pk, talk.pk])
    for user in [a, b, world.secretary, world.office, world.supervisor]:
        assert SECRET in login(user).get(url).content.decode(), user
    for user in [c, world.other_office, world.outsider]:
        response = login(user).get(url)
        assert response.status_code == 404 and SECRET not in response.content.decode(), user


def test_criticisms_the_office_transcribed_are_prefilled_in_the_meeting_record(world):
    a, b = world.members[0], world.members[1]
    office_talk(world, a, b)
    record = records.ensure_record(world.meeting)
    [criticism] = record.statements.get(member=b).criticisms.all()
    assert (criticism.by, criticism.text) == (a, SECRET)
