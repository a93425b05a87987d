"""The figures of the 情况报告 and the 通报 are counts over the records, whatever the documents then say."""

import datetime

import pytest

from feedback.models import Opinion, OpinionStatus
from inspection import services as drafts
from inspection.models import Draft, DraftKind, DraftStatus
from meetings.models import Meeting, MeetingRecord
from rectification.models import Item
from reporting.figures import first_sentence, meeting_figures
from reporting.models import DocumentKind, Sending

from .meeting_with_numbers import fresh, meeting_with_numbers


@pytest.fixture
def figures(world):
    return meeting_figures(meeting_with_numbers(world))


def test_study_counts_sessions_in_date_order_and_the_participants_who_wrote_notes(figures):
    study = figures.study
    assert [(s.date, s.form_label, s.topic) for s in study.sessions] == [
        (datetime.date(2027, 1, 5), "理论学习中心组", "学习贯彻党的二十大精神"),
        (datetime.date(2027, 1, 12), "专题研讨", "践行以人民为中心的发展思想"),
    ]
    assert (study.notes, study.note_authors, study.team) == (5, 3, 4)


def test_opinions_received_by_channel_then_accepted_split_by_addressee_and_aspect(figures):
    opinions = figures.opinions
    assert opinions.received == 9
    assert opinions.by_channel == (("座谈会", 4), ("个别访谈", 3), ("意见箱", 2))
    assert opinions.categories == ("党员", "干部", "群众")
    assert (opinions.accepted, opinions.merged, opinions.rejected, opinions.untriaged) == (7, 1, 1, 0)
    assert (opinions.to_team, opinions.to_members, opinions.aspects) == (5, 2, 3)
    assert (opinions.team, opinions.fed_back, opinions.not_fed_back) == (4, 3, ("成员3",))


def test_talks_count_talks_person_times_and_the_four_required_kinds(figures):
    talks = figures.talks
    assert (talks.count, talks.person_times) == (6, 12)
    assert [(p.label, p.required, p.done, p.waived) for p in talks.pairs] == [
        ("主要负责同志与班子成员", 3, 3, 0),
        ("班子成员相互之间", 3, 3, 0),
        ("班子成员与分管单位主要负责同志", 1, 0, 1),
    ]
    assert [(w.first, w.second, w.reason) for w in talks.waivers] == [("成员1", "王局长", "王局长长期病休")]
    assert (talks.required, talks.done, talks.missing) == (7, 6, 0)


def test_drafts_count_saves_problems_and_the_supervisors_review_dates(figures):
    d = figures.drafts
    assert d.secretary == "县委书记林书记"
    assert (d.team_written, d.team_status, d.team_approved) == (True, DraftStatus.ENDORSED, True)
    assert [(g.heading, g.leads) for g in d.team_problems] == [
        ("在理论学习方面。", ("学习“往深处走”不够", "学用结合不紧")),
        ("在政治建设方面。", ("攻坚克难劲头不足",)),
    ]
    assert (d.outlines_expected, d.outlines_written, d.outlines_approved) == (4, 4, 4)
    assert d.member_problems == (2, 3, 2, 4)
    assert (d.versions_average, d.versions_most) == (1.8, 3)
    assert d.reviewed_on == (datetime.date(2027, 1, 13), datetime.date(2027, 1, 14))
    assert d.endorsed_on == datetime.date(2027, 1, 15)


def test_the_meeting_as_held_with_absences_attendees_guidance_and_agenda(figures):
    held = figures.held
    assert held.recorded and held.date == datetime.date(2027, 1, 20)
    assert (held.start_time, held.end_time) == (datetime.time(9, 0), datetime.time(11, 30))
    assert (held.place, held.host) == ("常委会议室", "县委书记林书记")
    assert (held.due, held.present, held.absences) == (4, 3, (("成员3", "因公出国"),))
    assert held.attendees == ("县纪委监委派驻组赵主任",) and held.guidance == ("市委督导组组长王组长",)
    assert len(held.agenda) == 4 and held.guidance_remark == "会议准备充分，批评开诚布公。"


def test_criticisms_are_counted_per_member_present_and_the_rule_of_two_names_who_falls_short(figures):
    c = figures.criticisms
    assert (c.speakers, c.self_criticised) == (3, 3)
    assert c.received == (("林书记", 3), ("成员1", 2), ("成员2", 1))
    assert (c.total, c.average, c.least) == (6, 2, 1)
    assert c.below_minimum == (("成员2", 1),)


def test_lists_by_source_kind_and_the_day_the_plan_was_drawn_up(figures):
    lists = figures.lists
    assert (lists.team, lists.members, lists.total) == (5, 3, 8)
    # 成员1's item made of a criticism and an opinion counts under both.
    assert lists.by_source == (("draft_problem", 4), ("opinion", 2), ("criticism", 1), ("carried", 2))
    assert lists.by_kind == (("immediate", 2), ("by_date", 5), ("ongoing", 1))
    # The carried items were entered the day before: the 整改方案 is the day the new problems were.
    assert lists.drawn_up_on == datetime.date(2027, 1, 28)
    assert lists.latest_deadline == datetime.date(2027, 6, 30)
    assert [(i.owner_title, i.carried) for i in lists.team_items] == [
        ("", True),
        ("", True),
        ("县委书记", False),
        ("县委常委1", False),
        ("县委书记", False),
    ]
    assert lists.team_items[2].problem == "学习“往深处走”不够"


def test_the_previous_meetings_items_by_status(figures):
    previous = figures.previous
    assert previous.name == "2025年度民主生活会"
    assert (previous.total, previous.closed, previous.carried_over, previous.still_open) == (3, 1, 2, 0)


def test_the_notification_date_is_the_schedules_until_an_issuing_is_recorded(world):
    meeting = meeting_with_numbers(world)
    assert meeting_figures(meeting).notification.due == datetime.date(2027, 1, 30)
    assert meeting_figures(meeting).notification.issued_on is None
    Sending.objects.create(
        meeting=meeting,
        kind=DocumentKind.NOTIFICATION,
        number=1,
        sent_on=datetime.date(2027, 1, 29),
        recipients="全县",
    )
    Sending.objects.create(
        meeting=meeting,
        kind=DocumentKind.NOTIFICATION,
        number=2,
        sent_on=datetime.date(2027, 2, 9),
        recipients="更正",
    )
    notification = meeting_figures(meeting).notification
    assert (notification.issued_on, notification.issued_to) == (datetime.date(2027, 1, 29), "全县")


def test_a_reopened_draft_is_read_as_last_approved(world):
    meeting = meeting_with_numbers(world)
    team = Draft.objects.get(meeting=meeting, kind=DraftKind.TEAM)
    changed = dict(team.content)
    changed["problems"] = dict(changed["problems"], groups=changed["problems"]["groups"][:1])
    Meeting.objects.filter(pk=meeting.pk).update(stage="drafting")
    team.meeting.stage = "drafting"
    drafts.save_draft(team, changed, base_version=team.version, by=world.office)
    team.refresh_from_db()
    assert team.status == DraftStatus.WRITING and team.approved_version is not None
    figures = meeting_figures(fresh(meeting))
    assert [g.heading for g in figures.drafts.team_problems] == ["在理论学习方面。", "在政治建设方面。"]
    assert figures.drafts.team_status == DraftStatus.WRITING


def test_a_merged_or_rejected_opinion_is_received_but_not_accepted(world):
    meeting = meeting_with_numbers(world)
    Opinion.objects.filter(meeting=meeting, status=OpinionStatus.ACCEPTED, addressee__isnull=True).update(
        status=OpinionStatus.NEW
    )
    opinions = meeting_figures(meeting).opinions
    assert (opinions.received, opinions.accepted, opinions.untriaged, opinions.to_team) == (9, 2, 5, 0)


def test_a_meeting_with_nothing_recorded_counts_nothing(world):
    figures = meeting_figures(world.meeting)
    assert figures.study.sessions == () and figures.opinions.received == 0
    assert figures.talks.count == 0 and figures.talks.required == 6 and figures.talks.done == 0
    assert not figures.drafts.team_written and figures.drafts.outlines_written == 0
    assert figures.drafts.versions_average is None
    assert not figures.held.recorded and figures.held.date == world.meeting.date
    assert figures.held.host == "县委书记林书记"
    assert figures.criticisms.received == () and figures.lists.total == 0
    assert figures.lists.drawn_up_on is None and figures.previous.total == 0
    assert not MeetingRecord.objects.exists()  # reading creates nothing


def test_another_meetings_records_are_not_counted(world):
    meeting = meeting_with_numbers(world)
    before = meeting_figures(meeting)
    other = meeting_with_numbers_elsewhere(world)
    assert other.pk != meeting.pk
    after = meeting_figures(fresh(meeting))
    assert after == before


def meeting_with_numbers_elsewhere(world):
    """石桥县委's meeting, with items on its team list and an opinion."""
    from tests.factories import make_meeting
    from tests.feedback.factories import opinions
    from tests.rectification.factories import items, team_list

    other = make_meeting(world.other_county, world.other_office)
    items(team_list(other), 4)
    opinions(other, 3)
    return other


def test_first_sentence_keeps_its_stop_and_adds_one_when_missing():
    assert first_sentence("会议准备充分。希望抓好整改。") == "会议准备充分。"
    assert first_sentence("会议准备充分") == "会议准备充分。"
    assert first_sentence("  \n") == ""


@pytest.mark.parametrize("extra_members", [0, 6])
def test_the_figures_take_the_same_queries_for_4_and_10_members(
    world, extra_members, django_assert_max_num_queries
):
    meeting = meeting_with_numbers(world, extra_members=extra_members)
    assert Item.objects.filter(meeting=meeting).count() == 8 + extra_members
    meeting = fresh(meeting)
    with django_assert_max_num_queries(29):
        figures = meeting_figures(meeting)
    assert figures.held.due == 4 + extra_members
    assert figures.talks.count == (4 + extra_members) * (3 + extra_members) // 2
