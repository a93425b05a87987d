"""会前学习: sessions and attendance, the figures reports print, self-study notes and who sees them."""

import datetime

import pytest
from django.template.loader import render_to_string
from django.urls import reverse

from meetings import study
from meetings.models import SelfStudyNote, StudyAttendance, StudyForm, StudySession
from meetings.workflow import Stage

# Study is recorded after it took place (5 January 2027) and before the meeting locks it.
pytestmark = pytest.mark.usefixtures("before_the_meeting")

DAY = datetime.date(2027, 1, 5)
VIEWERS = ["secretary", "member", "office", "supervisor"]
STRANGERS = ["other_office", "other_member", "outsider"]


def record(world, form=StudyForm.CENTRE_GROUP, materials="《中国共产党简史》", **fields):
    values = {"date": DAY, "form": form, "topic": "学习党的十九届六中全会精神", "materials": materials}
    values.update(fields)
    return study.record_session(world.meeting, world.office, summary="", **values)


def one_absent(world, absent, reason):
    """Attendance as ``study.record_session`` takes it: everyone present but ``absent``."""
    return {person.pk: (reason if person == absent else None) for person in team(world)}


def note(world, author, material="《习近平论中国共产党历史》", text="心得体会"):
    return study.write_note(world.meeting, author, date=DAY, material=material, text=text)


def hold_meeting(meeting):
    meeting.stage = Stage.MEETING
    meeting.save(update_fields=["stage"])


def attendance_of(session):
    return {row.person_id: (row.present, row.absence_reason) for row in session.attendance.all()}


# Services


def test_a_session_records_who_attended_and_why_the_absent_were_absent(world):
    absent = world.members[1]
    session = record(world, attendance=one_absent(world, absent, "出差"))
    rows = attendance_of(session)
    assert len(rows) == 4
    assert rows[absent.pk] == (False, "出差")
    assert rows[world.secretary.pk] == (True, "")


def test_without_attendance_every_participant_is_recorded_present(world):
    session = record(world)
    rows = attendance_of(session)
    assert set(rows) == {world.secretary.pk, *(m.pk for m in world.members)}
    assert all(present for present, _ in rows.values())


@pytest.mark.parametrize("absences", [{}, {"reason": "   "}])
def test_an_absence_without_a_reason_is_refused(world, absences):
    session = record(world)
    absent = world.members[1]
    present = [world.secretary.pk, world.members[0].pk, world.members[2].pk]
    given = {absent.pk: absences["reason"]} if absences else {}
    with pytest.raises(study.StudyError, match=f"{absent.name}缺席，须填写缺席原因"):
        study.update_attendance(session, present, given)
    assert attendance_of(session)[absent.pk] == (True, "")  # nothing half-written


def test_update_attendance_marks_an_absence_with_its_reason(world):
    session = record(world)
    absent = world.members[2]
    present = [world.secretary.pk, world.members[0].pk, world.members[1].pk]
    study.update_attendance(session, present, {absent.pk: " 病假 "})
    assert attendance_of(session)[absent.pk] == (False, "病假")


def test_only_participants_can_be_in_the_attendance(world):
    session = record(world)
    everyone = [world.secretary.pk, *(m.pk for m in world.members)]
    with pytest.raises(study.StudyError, match="不属于本次会议参加人员"):
        study.update_attendance(session, [*everyone, world.other_member.pk], {})


def test_materials_are_kept_one_a_line_without_blank_lines(world):
    session = record(world, materials="  《党章》\n\n《准则》  \n")
    assert session.materials == "《党章》\n《准则》"
    assert session.material_list == ["《党章》", "《准则》"]


def test_figures_count_sessions_by_form_distinct_materials_notes_and_attendance(
    world, django_assert_max_num_queries
):
    attendance = one_absent(world, world.members[1], "出差")
    record(
        world, materials="《中国共产党简史》\n《关于新形势下党内政治生活的若干准则》", attendance=attendance
    )
    record(world, materials="中国共产党简史\n《中国共产党党内监督条例》")  # the same book, spelt without 《》
    record(world, materials=" 《中国共产党简史》 ")
    record(world, form=StudyForm.SEMINAR, materials="《中共中央关于党的百年奋斗重大成就和历史经验的决议》")
    note(world, world.members[0])
    note(world, world.members[0], material="《中国共产党简史》")
    note(world, world.members[2])
    with django_assert_max_num_queries(3):
        figures = study.study_figures(world.meeting)
    assert figures["sessions"] == 4
    assert figures["by_form"] == {"centre_group": 3, "party_group": 0, "seminar": 1, "other": 0}
    assert figures["forms"] == [("理论学习中心组", 3), ("专题研讨", 1)]
    assert figures["materials"] == 4
    assert figures["material_list"][0] == "《中国共产党简史》"
    assert (figures["notes"], figures["note_authors"], figures["participants"]) == (3, 2, 4)
    assert (figures["attendance_expected"], figures["attendance_present"]) == (16, 15)
    assert figures["attendance_rate"] == pytest.approx(15 / 16)
    assert figures["attendance_percent"] == 94


def test_figures_of_a_meeting_that_has_not_studied_yet(world):
    figures = study.study_figures(world.meeting)
    assert (figures["sessions"], figures["materials"], figures["notes"]) == (0, 0, 0)
    assert figures["forms"] == [] and figures["attendance_rate"] is None


def test_the_panel_shows_the_counts_and_links_to_the_study_page(world):
    record(world)
    record(world, form=StudyForm.SEMINAR)
    note(world, world.member)
    html = render_to_string(
        "meetings/study/_panel.html",
        {"meeting": world.meeting, "figures": study.study_figures(world.meeting)},
    )
    assert "集中学习 <strong>2</strong> 次（理论学习中心组1次、专题研讨1次）" in html
    assert "个人自学记录 <strong>1</strong> 篇" in html
    assert reverse("study_list", args=[world.meeting.pk]) in html


def test_only_the_author_changes_a_note(world):
    mine = note(world, world.members[0])
    with pytest.raises(study.StudyError, match="只能修改本人的自学记录"):
        study.update_note(mine, world.members[1], date=DAY, material="改", text="改")
    study.update_note(mine, world.members[0], date=DAY, material="《党章》", text="新的体会")
    mine.refresh_from_db()
    assert (mine.material, mine.text) == ("《党章》", "新的体会")


def test_study_records_lock_once_the_meeting_is_held(world):
    session = record(world)
    mine = note(world, world.member)
    hold_meeting(world.meeting)
    everyone = [world.secretary.pk, *(m.pk for m in world.members)]
    refused = [
        lambda: record(world),
        lambda: study.update_session(
            session, date=DAY, form=StudyForm.SEMINAR, topic="改", materials="改", summary=""
        ),
        lambda: study.update_attendance(session, everyone, {}),
        lambda: study.delete_session(session),
        lambda: note(world, world.member),
        lambda: study.update_note(mine, world.member, date=DAY, material="改", text="改"),
    ]
    for action in refused:
        with pytest.raises(study.StudyError, match="会前学习记录已锁定"):
            action()
    session.refresh_from_db()
    assert session.form == StudyForm.CENTRE_GROUP
    assert StudySession.objects.count() == 1 and SelfStudyNote.objects.count() == 1


def test_study_records_stay_editable_through_the_drafting_stage(world):
    world.meeting.stage = Stage.DRAFTING
    world.meeting.save(update_fields=["stage"])
    assert record(world).pk


# Pages


def session_post(people, absent=None, reason="", **fields):
    data = {
        "date": "2027-01-05",
        "form": "centre_group",
        "topic": "学习《决议》",
        "materials": "《中共中央关于党的百年奋斗重大成就和历史经验的决议》\n《中国共产党简史》",
        "summary": "书记主持，班子成员逐一发言",
    }
    data.update(fields)
    for person in people:
        if person != absent:
            data[f"attendance-present_{person.pk}"] = "on"
        data[f"attendance-reason_{person.pk}"] = reason if person == absent else ""
    return data


def team(world):
    return [world.secretary, *world.members]


def test_the_office_records_a_session_with_an_absence(world, login):
    client = login(world.office)
    url = reverse("study_session_create", args=[world.meeting.pk])
    form = client.get(url).content.decode()
    assert "出席情况" in form and all(person.name in form for person in team(world))
    absent = world.members[2]
    response = client.post(url, session_post(team(world), absent=absent, reason="外出学习"))
    assert response.status_code == 302
    session = StudySession.objects.get()
    assert session.created_by == world.office
    assert attendance_of(session)[absent.pk] == (False, "外出学习")
    body = client.get(reverse("study_list", args=[world.meeting.pk])).content.decode()
    assert "2027年1月5日" in body and "学习《决议》" in body
    assert "出席 3" in body and f"{absent.name}：外出学习" in body


def test_a_refused_session_form_keeps_what_was_typed_and_says_why(world, login):
    client = login(world.office)
    url = reverse("study_session_create", args=[world.meeting.pk])
    absent = world.members[0]
    response = client.post(
        url, session_post(team(world), absent=absent, topic="学习新党章", materials=" \n ")
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert "未勾选出席，须填写缺席原因" in body
    assert "请至少填写一项学习材料" in body
    assert 'value="学习新党章"' in body and "书记主持，班子成员逐一发言" in body
    assert f'name="attendance-present_{absent.pk}" id="id_attendance-present_{absent.pk}" checked' not in body
    assert (
        f'name="attendance-present_{world.secretary.pk}" id="id_attendance-present_{world.secretary.pk}" checked'
        in body
    )
    assert not StudySession.objects.exists()


def test_editing_a_session_changes_its_attendance(world, login):
    session = record(world)
    client = login(world.office)
    url = reverse("study_session_edit", args=[world.meeting.pk, session.pk])
    assert "学习党的十九届六中全会精神" in client.get(url).content.decode()
    absent = world.members[1]
    response = client.post(url, session_post(team(world), absent=absent, reason="病假", form="seminar"))
    assert response.status_code == 302
    session.refresh_from_db()
    assert session.form == StudyForm.SEMINAR
    assert attendance_of(session)[absent.pk] == (False, "病假")


def test_the_office_deletes_a_session(world, login):
    session = record(world)
    client = login(world.office)
    page = client.get(reverse("study_list", args=[world.meeting.pk])).content.decode()
    assert "data-confirm=" in page  # the delete button asks first
    response = client.post(reverse("study_session_delete", args=[world.meeting.pk, session.pk]))
    assert response.status_code == 302
    assert not StudySession.objects.exists() and not StudyAttendance.objects.exists()


def test_a_member_writes_and_edits_their_own_note(world, login):
    client = login(world.member)
    response = client.post(
        reverse("study_note_create", args=[world.meeting.pk]),
        {"date": "2027-01-06", "material": "《中国共产党简史》", "text": "以史为鉴，开创未来"},
    )
    assert response.status_code == 302
    mine = SelfStudyNote.objects.get()
    assert mine.author == world.member
    url = reverse("study_note_edit", args=[world.meeting.pk, mine.pk])
    response = client.post(url, {"date": "2027-01-06", "material": "《中国共产党简史》", "text": ""})
    assert response.status_code == 200 and "请填写心得体会" in response.content.decode()
    client.post(url, {"date": "2027-01-06", "material": "《中国共产党简史》", "text": "更深的体会"})
    mine.refresh_from_db()
    assert mine.text == "更深的体会"


def test_a_member_sees_only_their_own_notes(world, login):
    note(world, world.members[0], text="成员一的体会")
    note(world, world.members[1], text="成员二的体会")
    body = login(world.members[0]).get(reverse("study_list", args=[world.meeting.pk])).content.decode()
    assert "成员一的体会" in body and "成员二的体会" not in body
    assert "您看到的是本人的自学记录" in body


@pytest.mark.parametrize("role", ["office", "secretary", "supervisor"])
def test_office_secretary_and_supervisor_see_every_note(world, login, role):
    note(world, world.members[0], text="成员一的体会")
    note(world, world.members[1], text="成员二的体会")
    body = login(getattr(world, role)).get(reverse("study_list", args=[world.meeting.pk])).content.decode()
    assert "成员一的体会" in body and "成员二的体会" in body
    assert world.members[1].name in body


def test_member_b_cannot_open_member_a_note_by_its_address(world, login):
    theirs = note(world, world.members[0], text="成员一的体会")
    response = login(world.members[1]).get(reverse("study_note_edit", args=[world.meeting.pk, theirs.pk]))
    assert response.status_code == 404
    assert "成员一的体会" not in response.content.decode()


def test_locked_pages_say_why_and_refuse_without_losing_the_typed_text(world, login):
    session = record(world)
    hold_meeting(world.meeting)
    client = login(world.office)
    listing = reverse("study_list", args=[world.meeting.pk])
    body = client.get(listing).content.decode()
    assert "会前学习记录已锁定" in body
    assert "记录一次集中学习" not in body
    assert reverse("study_session_edit", args=[world.meeting.pk, session.pk]) not in body
    response = client.get(reverse("study_session_create", args=[world.meeting.pk]))
    assert response.status_code == 200
    assert "会议已召开，会前学习记录已锁定，只能查看" in response.content.decode()
    response = client.post(
        reverse("study_session_create", args=[world.meeting.pk]), session_post(team(world), topic="会后补记")
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert "会前学习记录已锁定，不能再修改" in body and 'value="会后补记"' in body
    assert StudySession.objects.count() == 1
    client.post(reverse("study_session_delete", args=[world.meeting.pk, session.pk]))
    assert StudySession.objects.count() == 1
    member = login(world.member)
    response = member.post(
        reverse("study_note_create", args=[world.meeting.pk]),
        {"date": "2027-01-06", "material": "《党章》", "text": "会后补写"},
    )
    assert response.status_code == 200 and "会后补写" in response.content.decode()
    assert not SelfStudyNote.objects.exists()


def test_empty_states_say_what_to_do_first(world, login):
    url = reverse("study_list", args=[world.meeting.pk])
    office = login(world.office).get(url).content.decode()
    assert "还没有集中学习记录" in office and "点“记录一次集中学习”" in office
    assert "班子成员尚未填写自学记录" in office
    member = login(world.member).get(url).content.decode()
    assert "集中学习研讨由办公室记录" in member and "点“写自学记录”" in member
    assert "记录一次集中学习" not in member


# Permissions: (url name, method, roles allowed, team roles refused with 403); everyone else 404.
# A member's own note is the target of the note pages; ``member`` is its author.
PAGES = [
    ("study_list", "get", VIEWERS, []),
    ("study_session_create", "get", ["office"], ["secretary", "member", "supervisor"]),
    ("study_session_create", "post", ["office"], ["secretary", "member", "supervisor"]),
    ("study_session_edit", "get", ["office"], ["secretary", "member", "supervisor"]),
    ("study_session_edit", "post", ["office"], ["secretary", "member", "supervisor"]),
    ("study_session_delete", "post", ["office"], ["secretary", "member", "supervisor"]),
    ("study_note_create", "get", ["secretary", "member"], ["office", "supervisor"]),
    ("study_note_create", "post", ["secretary", "member"], ["office", "supervisor"]),
    ("study_note_edit", "get", ["member"], ["secretary", "office", "supervisor"]),
    ("study_note_edit", "post", ["member"], ["secretary", "office", "supervisor"]),
]


def url_for(world, name):
    """A fresh target for each request, so that one role's delete does not decide the next one's answer."""
    meeting = world.meeting.pk
    if name.startswith("study_session") and name != "study_session_create":
        return reverse(name, args=[meeting, record(world).pk])
    if name == "study_note_edit":
        return reverse(name, args=[meeting, note(world, world.member, text="本人的体会").pk])
    return reverse(name, args=[meeting])


@pytest.mark.parametrize(("name", "method", "allowed", "refused"), PAGES)
def test_study_pages_by_role(world, client, name, method, allowed, refused):
    for role in VIEWERS + STRANGERS:
        url = url_for(world, name)
        sessions, notes = StudySession.objects.count(), SelfStudyNote.objects.count()
        client.force_login(getattr(world, role))
        data = (
            session_post(team(world))
            if "session" in name
            else {"date": "2027-01-06", "material": "《党章》", "text": "体会"}
        )
        response = client.get(url) if method == "get" else client.post(url, data)
        if role in allowed:
            assert response.status_code in (200, 302), (role, response.status_code)
        elif role in refused:
            assert response.status_code == 403, (role, response.status_code)
        else:
            assert response.status_code == 404, (role, response.status_code)
            assert world.meeting.theme not in response.content.decode()
            assert world.county.name not in response.content.decode()
        if role not in allowed:  # a refused request changed nothing
            assert (StudySession.objects.count(), SelfStudyNote.objects.count()) == (sessions, notes), role


def test_actions_a_user_may_not_take_are_absent_from_the_page(world, login):
    session = record(world)
    note(world, world.members[0], text="成员一的体会")
    url = reverse("study_list", args=[world.meeting.pk])
    for role in ["secretary", "supervisor"]:
        body = login(getattr(world, role)).get(url).content.decode()
        assert "记录一次集中学习" not in body, role
        assert reverse("study_session_edit", args=[world.meeting.pk, session.pk]) not in body, role
        assert "/study/notes/" not in body.replace(
            reverse("study_note_create", args=[world.meeting.pk]), ""
        ), role
    supervisor = login(world.supervisor).get(url).content.decode()
    assert "写自学记录" not in supervisor
    office = login(world.office).get(url).content.decode()
    assert reverse("study_session_edit", args=[world.meeting.pk, session.pk]) in office
    assert "写自学记录" not in office


def test_anonymous_visitors_are_sent_to_login(world, client):
    response = client.get(reverse("study_list", args=[world.meeting.pk]))
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize("count", [3, 30])
def test_study_page_query_count_does_not_grow_with_sessions(
    world, login, django_assert_max_num_queries, count
):
    attendance = one_absent(world, world.members[1], "出差")
    for index in range(count):
        record(world, materials=f"《材料{index}》\n《中国共产党简史》", attendance=attendance)
        note(world, world.members[index % 3], text=f"体会{index}")
    for role in ["office", "member"]:
        client = login(getattr(world, role))
        with django_assert_max_num_queries(20):
            response = client.get(reverse("study_list", args=[world.meeting.pk]))
        assert response.status_code == 200
    assert "出差" in response.content.decode()


def test_the_lists_are_paginated_by_twenty(world, login):
    for index in range(25):
        # Numbered in the order held, the last one on DAY (nothing is recorded before it took place).
        record(world, topic=f"第{index + 1}次集中学习", date=DAY - datetime.timedelta(days=24 - index))
    client = login(world.office)
    url = reverse("study_list", args=[world.meeting.pk])
    first = client.get(url).content.decode()
    assert "第25次集中学习" in first and "第5次集中学习" not in first and "第 1 / 2 页" in first
    second = client.get(url, {"page": 2}).content.decode()
    assert "第5次集中学习" in second and "第25次集中学习" not in second


# Issue 13: what is recorded has happened.


def test_a_study_session_or_note_dated_after_today_is_refused_by_the_services(world):
    tomorrow = datetime.date(2027, 1, 11)  # the clock is at 10 January
    with pytest.raises(study.StudyError, match="学习日期（2027年1月11日）晚于今天（2027年1月10日）"):
        record(world, date=tomorrow)
    session = record(world)
    with pytest.raises(study.StudyError, match="晚于今天"):
        study.update_session(
            session, date=tomorrow, form=StudyForm.SEMINAR, topic="改", materials="改", summary=""
        )
    with pytest.raises(study.StudyError, match="晚于今天"):
        study.write_note(world.meeting, world.member, date=tomorrow, material="《党章》", text="体会")
    mine = note(world, world.member)
    with pytest.raises(study.StudyError, match="晚于今天"):
        study.update_note(mine, world.member, date=tomorrow, material="《党章》", text="体会")
    assert StudySession.objects.get().date == DAY and SelfStudyNote.objects.get().date == DAY


def test_the_study_forms_refuse_a_date_after_today_and_keep_the_text(world, login):
    response = login(world.office).post(
        reverse("study_session_create", args=[world.meeting.pk]),
        session_post(team(world), date="2027-01-11", topic="这个主题不能丢"),
    )
    body = response.content.decode()
    assert response.status_code == 200 and "请在学习之后再记录" in body and 'value="这个主题不能丢"' in body
    response = login(world.member).post(
        reverse("study_note_create", args=[world.meeting.pk]),
        {"date": "2027-01-11", "material": "《党章》", "text": "这段体会不能丢"},
    )
    body = response.content.decode()
    assert response.status_code == 200 and "请在学习之后再记录" in body and "这段体会不能丢" in body
    assert not StudySession.objects.exists() and not SelfStudyNote.objects.exists()
