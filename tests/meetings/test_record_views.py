"""The meeting record's pages: who may read and take it down, the live page's autosave and its plain form,
the edit form, the meeting page's card, and query counts that do not grow with the criticisms."""

import datetime
import re

import pytest
import time_machine
from django.urls import reverse

from meetings import record as records
from meetings import talks
from meetings.models import Attendance, Criticism, MeetingPerson, MeetingRecord, PersonKind, Statement
from meetings.workflow import Stage
from tests.conftest import SHANGHAI
from tests.factories import make_meeting
from tests.rectification.factories import at_stage

# The record is taken down on the meeting's day (20 January 2027), after the talks of 8 January, in the
# meeting stage (the only one in which it is taken down).
pytestmark = pytest.mark.usefixtures("at_the_meeting", "meeting_stage")

TEAM = ["office", "secretary", "member", "supervisor"]
STRANGERS = ["other_office", "other_member", "outsider"]
SECRET = "在乡村振兴联系点调研流于形式"  # words only the record contains
JSON = {"HTTP_ACCEPT": "application/json"}


@pytest.fixture
def meeting_stage(world):
    return at_stage(world.meeting, Stage.MEETING)


@pytest.fixture
def record(world):
    """The record with the first member's turn written down."""
    record = records.ensure_record(world.meeting)
    member = world.members[0]
    records.save_statement(
        Statement.objects.get(record=record, member=member),
        by=world.office,
        self_criticism=f"本人{SECRET}。",
        response="诚恳接受，立行立改。",
        criticisms=[{"id": None, "by": world.secretary, "by_name": "", "text": "抓落实不够。"}],
    )
    return record


def statement_of(world, member):
    return Statement.objects.get(record__meeting=world.meeting, member=member)


def rows_data(rows, self_criticism="自我批评。", response="表态。"):
    """The live form's body: ``rows`` are (id, by choice, by name, text)."""
    data = {"self_criticism": self_criticism, "response": response}
    for key, index in (
        ("criticism-id", 0),
        ("criticism-by", 1),
        ("criticism-by_name", 2),
        ("criticism-text", 3),
    ):
        data[key] = [str(row[index]) for row in rows]
    return data


def edit_data(record, **changes):
    data = {
        "held_on": "2027-01-20",
        "start_time": "09:00",
        "end_time": "11:30",
        "place": "常委会议室",
        "host": "县委书记林书记",
        "recorder": "刘文静",
        "agenda": "通报整改情况\n个人对照检查",
        "guidance_remarks": "",
        "summary": "会议开得严肃认真。",
    }
    for row in record.attendance.all():
        data[f"attendance-present_{row.pk}"] = "on"
        data[f"attendance-reason_{row.pk}"] = ""
    for statement in record.statements.all():
        data[f"order-order_{statement.pk}"] = str(statement.order)
    data.update(changes)
    return data


def request_as(client, world, role, method, name, record, data=None, **extra):
    if role == "anonymous":
        client.logout()
    else:
        client.force_login(getattr(world, role))
    statement = statement_of(world, world.members[0])
    args = [world.meeting.pk] + ([statement.pk] if name == "record_statement_save" else [])
    url = reverse(name, args=args)
    if method == "get":
        return client.get(url)
    return client.post(url, data(record) if callable(data) else data, **extra)


PAGES = [
    ("record_detail", "get", None, {}, TEAM),
    ("record_start", "post", {}, {}, ["office"]),
    ("record_edit", "get", None, {}, ["office"]),
    ("record_edit", "post", edit_data, {}, ["office"]),
    ("record_live", "get", None, {}, ["office"]),
    ("record_statement_save", "post", lambda r: rows_data([("", "", "", "改写")]), {}, ["office"]),
    ("record_statement_save", "post", lambda r: rows_data([("", "", "", "改写")]), JSON, ["office"]),
]


@pytest.mark.parametrize(("name", "method", "data", "extra", "allowed"), PAGES)
def test_record_pages_by_role(world, client, record, name, method, data, extra, allowed):
    for role in [*TEAM, *STRANGERS, "anonymous"]:
        before = (Criticism.objects.count(), MeetingRecord.objects.get(pk=record.pk).updated_at)
        response = request_as(client, world, role, method, name, record, data, **extra)
        body = response.content.decode()
        if role in allowed:
            assert response.status_code in (200, 302), (role, response.status_code)
            continue
        if role == "anonymous" and extra == JSON:
            # The live page's script is told to log in again (security.middleware), not sent a login page.
            assert response.status_code == 401 and reverse("login") in response.json()["login_url"], role
        elif role == "anonymous":
            assert response.status_code == 302 and response["Location"].startswith(reverse("login")), role
        elif role in TEAM:
            assert response.status_code == 403, (role, response.status_code)
        else:
            assert response.status_code == 404, (role, response.status_code)
        assert SECRET not in body and world.meeting.theme not in body, role
        assert (Criticism.objects.count(), MeetingRecord.objects.get(pk=record.pk).updated_at) == before, role


@pytest.mark.parametrize("role", TEAM)
def test_everyone_of_the_meeting_reads_the_record(world, login, record, role):
    body = login(getattr(world, role)).get(reverse("record_detail", args=[world.meeting.pk])).content.decode()
    assert SECRET in body and "林书记：</strong>抓落实不够。" in body
    assert reverse("document_download", args=[world.meeting.pk, "minutes", "docx"]) in body
    if role == "office":
        assert "现场记录模式" in body and "修改时间、出席和总结" in body
        assert "成员1同志收到的批评意见只有1条" in body  # warnings are for the office
    else:
        assert "现场记录模式" not in body and "修改时间、出席和总结" not in body
        assert "只有1条" not in body


def test_a_record_not_started_says_what_to_do_first(world, login):
    body = login(world.office).get(reverse("record_detail", args=[world.meeting.pk])).content.decode()
    assert "会议记录尚未开始" in body and "开始现场记录" in body
    body = login(world.member).get(reverse("record_detail", args=[world.meeting.pk])).content.decode()
    assert "会议记录尚未开始" in body and "开始现场记录" not in body
    assert not MeetingRecord.objects.exists()  # reading creates nothing


def test_the_live_page_shows_the_first_member_with_the_talks_criticisms_prefilled(world, login):
    a, b, _ = world.members
    at_stage(world.meeting, Stage.TALKS)
    talks.record_talk(
        world.meeting,
        b,
        date=datetime.date(2027, 1, 8),
        place="",
        topics="思想认识",
        improvements="",
        people=[b, a],
        own_side={"problems_raised": "", "criticisms_to_raise": "乙对甲：调研不深入。"},
    )
    MeetingPerson.objects.create(meeting=world.meeting, kind=PersonKind.GUIDANCE, name="王组长", title="组长")
    at_stage(world.meeting, Stage.MEETING)
    client = login(world.office)
    assert client.post(reverse("record_start", args=[world.meeting.pk])).status_code == 302
    body = client.get(reverse("record_live", args=[world.meeting.pk])).content.decode()
    assert "林书记同志" in body  # the secretary speaks first
    for testid in ["live-self-criticism", "live-response", "add-criticism", "save-state", "next-member"]:
        assert f'data-testid="{testid}"' in body, testid
    url = reverse("record_live", args=[world.meeting.pk]) + f"?member={statement_of(world, a).pk}"
    body = login(world.office).get(url).content.decode()
    assert "乙对甲：调研不深入。" in body
    # Prefilled from the talk, it waits for the recorder to confirm it was raised at the meeting.
    criticism = Criticism.objects.get(text="乙对甲：调研不深入。")
    assert f'name="criticism-confirmed" value="{criticism.pk}"' in body and not criticism.confirmed
    assert f'<option value="u{b.pk}" selected>' in body
    assert "王组长（指导人员）" in body and "其他（填写姓名）" in body
    assert f'value="u{a.pk}"' not in body  # nobody criticises themselves
    assert "尚未确认在会上提出" in body and "收到的批评意见还没有记录" in body  # the live warnings


def test_the_live_page_refuses_a_statement_of_another_meeting(world, login, record):
    other = make_meeting(world.county, world.office, date=datetime.date(2028, 1, 20), year=2027)
    foreign = records.ensure_record(other).statements.first()
    client = login(world.office)
    url = reverse("record_live", args=[world.meeting.pk])
    assert client.get(f"{url}?member={foreign.pk}").status_code == 404
    assert client.get(f"{url}?member=abc").status_code == 404
    save = reverse("record_statement_save", args=[world.meeting.pk, foreign.pk])
    assert client.post(save, rows_data([]), **JSON).status_code == 404


def test_autosave_answers_json_and_a_second_save_updates_the_same_rows(world, login, record):
    client = login(world.office)
    member = world.members[1]
    statement = statement_of(world, member)
    url = reverse("record_statement_save", args=[world.meeting.pk, statement.pk])
    rows = [
        ("", f"u{world.secretary.pk}", "", "希望你多下基层。"),
        ("", "", "", ""),
        ("", "other", "群众代表", "作风漂浮。"),
    ]
    response = client.post(url, rows_data(rows), **JSON)
    assert response.status_code == 200
    answer = response.json()
    assert re.fullmatch(r"\d\d:\d\d:\d\d", answer["saved_at"])
    first, blank, third = answer["criticisms"]
    assert blank is None and first and third
    assert any("用了“希望你”" in warning for warning in answer["warnings"])
    assert answer["complete"] is True

    rows = [
        (first, f"u{world.secretary.pk}", "", "调研不深入，全年下基层仅4次。"),
        (third, "other", "群众代表", "作风漂浮。"),
    ]
    answer = client.post(url, rows_data(rows, response="接受批评。"), **JSON).json()
    assert answer["criticisms"] == [first, third] and answer["warnings"] == []
    saved = list(statement.criticisms.order_by("order"))
    assert [(c.critic, c.text) for c in saved] == [
        ("林书记", "调研不深入，全年下基层仅4次。"),
        ("群众代表", "作风漂浮。"),
    ]
    statement.refresh_from_db()
    assert statement.response == "接受批评。"

    answer = client.post(url, rows_data([(third, "other", "群众代表", "作风漂浮。")]), **JSON).json()
    assert "收到的批评意见只有1条" in answer["warnings"][0]
    assert statement.criticisms.count() == 1


def test_an_unknown_critic_is_refused_in_json_and_nothing_is_saved(world, login, record):
    statement = statement_of(world, world.members[1])
    url = reverse("record_statement_save", args=[world.meeting.pk, statement.pk])
    response = login(world.office).post(url, rows_data([("", f"u{world.outsider.pk}", "", "批评")]), **JSON)
    assert response.status_code == 400 and "请重新选择提出人" in response.json()["error"]
    assert not statement.criticisms.exists()


def test_without_js_the_form_posts_and_returns_to_the_same_member(world, login, record):
    client = login(world.office)
    statement = statement_of(world, world.members[1])
    url = reverse("record_statement_save", args=[world.meeting.pk, statement.pk])
    rows = [("", f"u{world.secretary.pk}", "", "第一条批评。"), ("", "", "", "")]
    response = client.post(url, rows_data(rows, self_criticism="不用脚本写的自我批评。"))
    live = reverse("record_live", args=[world.meeting.pk])
    assert response.status_code == 302 and response["Location"] == f"{live}?member={statement.pk}"
    body = client.get(response["Location"]).content.decode()
    assert "已保存成员2同志的发言记录" in body and "不用脚本写的自我批评。" in body and "第一条批评。" in body

    response = client.post(url, {**rows_data(rows), "next": "1"})
    assert response["Location"] == f"{live}?member={statement_of(world, world.members[2]).pk}"


def test_a_refused_plain_post_keeps_what_was_typed(world, login, record):
    statement = statement_of(world, world.members[1])
    url = reverse("record_statement_save", args=[world.meeting.pk, statement.pk])
    rows = [("", "u999999", "", "这条批评不能丢。")]
    response = login(world.office).post(url, rows_data(rows, self_criticism="这段自我批评也不能丢。"))
    body = response.content.decode()
    assert response.status_code == 200 and "请重新选择提出人" in body
    assert "这条批评不能丢。" in body and "这段自我批评也不能丢。" in body
    assert not statement.criticisms.exists()


def test_a_record_no_longer_open_refuses_saves_with_a_clear_message(world, login, record):
    at_stage(world.meeting, Stage.RECTIFICATION)
    client = login(world.office)
    statement = statement_of(world, world.members[1])
    url = reverse("record_statement_save", args=[world.meeting.pk, statement.pk])
    response = client.post(url, rows_data([("", "", "", "会后补记")]), **JSON)
    assert response.status_code == 409 and "会议记录已定稿" in response.json()["error"]
    response = client.post(url, rows_data([("", "", "", "会后补记")], self_criticism="会后补的自我批评"))
    body = response.content.decode()
    assert response.status_code == 409 and "会议记录已定稿" in body and "会后补的自我批评" in body
    assert not statement.criticisms.exists()
    for name in ["record_live", "record_edit"]:
        response = client.get(reverse(name, args=[world.meeting.pk]), follow=True)
        assert "会议记录已定稿" in response.content.decode(), name
    body = client.get(reverse("record_detail", args=[world.meeting.pk])).content.decode()
    assert "现场记录模式" not in body and SECRET in body
    assert client.post(reverse("record_edit", args=[world.meeting.pk]), edit_data(record)).status_code == 409
    assert MeetingRecord.objects.get(pk=record.pk).summary == ""


def test_the_office_corrects_date_attendance_order_and_summary(world, login, record):
    client = login(world.office)
    absent = Attendance.objects.get(record=record, person__user=world.members[2])
    first, second = statement_of(world, world.secretary), statement_of(world, world.members[0])
    data = edit_data(record)
    del data[f"attendance-present_{absent.pk}"]
    data[f"attendance-reason_{absent.pk}"] = "因公出国"
    data[f"order-order_{first.pk}"], data[f"order-order_{second.pk}"] = "2", "1"
    response = client.post(reverse("record_edit", args=[world.meeting.pk]), data)
    assert response.status_code == 302
    record.refresh_from_db()
    assert (record.held_on, record.summary, record.updated_by) == (
        datetime.date(2027, 1, 20),
        "会议开得严肃认真。",
        world.office,
    )
    absent.refresh_from_db()
    assert (absent.present, absent.absence_reason) == (False, "因公出国")
    assert [s.member for s in record.statements.all()][:2] == [world.members[0], world.secretary]
    body = client.get(reverse("record_detail", args=[world.meeting.pk])).content.decode()
    assert "成员3（因公出国）" in body and "缺席会议（因公出国）" in body


def test_an_absence_without_a_reason_is_refused_beside_the_field_and_keeps_the_text(world, login, record):
    row = Attendance.objects.get(record=record, person__user=world.members[2])
    data = edit_data(record, summary="这段总结不能丢。")
    del data[f"attendance-present_{row.pk}"]
    response = login(world.office).post(reverse("record_edit", args=[world.meeting.pk]), data)
    body = response.content.decode()
    assert (
        response.status_code == 200 and "未勾选出席，须填写缺席原因。" in body and "这段总结不能丢。" in body
    )
    assert f'id="id_attendance-reason_{row.pk}_error"' in body
    record.refresh_from_db()
    assert record.summary == ""


def test_duplicate_speaking_order_is_refused(world, login, record):
    first, second = statement_of(world, world.secretary), statement_of(world, world.members[0])
    data = edit_data(record, **{f"order-order_{first.pk}": "1", f"order-order_{second.pk}": "1"})
    body = login(world.office).post(reverse("record_edit", args=[world.meeting.pk]), data).content.decode()
    assert "与林书记的发言顺序重复。" in body


def test_the_meeting_page_card_counts_complete_turns_and_warnings_for_the_office(world, login, record):
    url = reverse("meeting_detail", args=[world.meeting.pk])
    office = login(world.office).get(url).content.decode()
    assert "发言记录完整 <strong>1</strong> / 4 人" in office
    assert "需注意 4 处" in office and reverse("record_live", args=[world.meeting.pk]) in office
    member = login(world.member).get(url).content.decode()
    assert "发言记录完整 <strong>1</strong> / 4 人" in member and "需注意" not in member
    assert reverse("record_live", args=[world.meeting.pk]) not in member
    assert reverse("record_detail", args=[world.meeting.pk]) in member


def many_criticisms(world, count):
    record = records.ensure_record(world.meeting)
    Criticism.objects.bulk_create(
        Criticism(
            statement=statement,
            order=n,
            by=world.secretary if n % 2 else None,
            by_name="王组长",
            text=f"批评{n}",
        )
        for statement in record.statements.all()
        for n in range(count)
    )


@pytest.mark.parametrize("name", ["record_detail", "record_live"])
def test_record_pages_query_count_does_not_grow_with_criticisms(
    world, login, django_assert_max_num_queries, name
):
    client = login(world.office)
    url = reverse(name, args=[world.meeting.pk])
    many_criticisms(world, 3)
    with django_assert_max_num_queries(40) as few:
        assert client.get(url).status_code == 200
    Criticism.objects.all().delete()
    many_criticisms(world, 20)
    with django_assert_max_num_queries(len(few.captured_queries)):
        body = client.get(url).content.decode()
    assert "批评19" in body


def test_a_save_from_a_page_older_than_the_last_save_is_refused_and_overwrites_nothing(world, login, record):
    client = login(world.office)
    statement = statement_of(world, world.members[1])
    page = client.get(reverse("record_live", args=[world.meeting.pk]) + f"?member={statement.pk}")
    assert "no-store" in page["Cache-Control"]  # the back button reloads rather than showing a stale page
    [loaded] = re.findall(r'name="version" value="(\d+)"', page.content.decode())
    url = reverse("record_statement_save", args=[world.meeting.pk, statement.pk])
    first_tab = {**rows_data([("", "", "", "第一个页面写的")]), "version": loaded}
    answer = client.post(url, first_tab, **JSON).json()
    assert answer["version"] != loaded

    second_tab = {
        **rows_data([("", "", "", "第二个页面写的")], self_criticism="旧页面的自我批评"),
        "version": loaded,
    }
    response = client.post(url, second_tab, **JSON)
    assert response.status_code == 409 and "已在其他页面或设备上修改过" in response.json()["error"]
    response = client.post(url, second_tab)
    assert response.status_code == 409 and "旧页面的自我批评" in response.content.decode()
    assert [c.text for c in statement.criticisms.all()] == ["第一个页面写的"]

    following = {**rows_data([("", "", "", "第一个页面又写的")]), "version": answer["version"]}
    assert client.post(url, following, **JSON).status_code == 200


# Issue 13: a meeting is recorded when it happens.


def test_the_actual_date_after_today_is_refused_beside_the_field_and_keeps_the_text(world, login, record):
    data = edit_data(record, held_on="2027-01-21", summary="这段总结不能丢。")
    response = login(world.office).post(reverse("record_edit", args=[world.meeting.pk]), data)
    body = response.content.decode()
    assert response.status_code == 200 and "这段总结不能丢。" in body
    assert "实际召开日期（2027年1月21日）晚于今天（2027年1月20日）" in body and "会议召开前可先留空" in body
    assert MeetingRecord.objects.get(pk=record.pk).held_on == datetime.date(2027, 1, 20)


def test_before_the_meeting_day_the_live_page_shows_the_turns_but_takes_none_down(world, login, record):
    client = login(world.office)
    statement = statement_of(world, world.members[1])
    with time_machine.travel(datetime.datetime(2027, 1, 19, 16, 0, tzinfo=SHANGHAI), tick=False):
        body = client.get(reverse("record_live", args=[world.meeting.pk])).content.decode()
        assert "会议定于2027年1月20日召开，尚未召开" in body
        assert "data-save" not in body and 'data-editable="false"' in body
        url = reverse("record_statement_save", args=[world.meeting.pk, statement.pk])
        response = client.post(url, rows_data([("", "", "", "会前记下的批评")]), **JSON)
        assert response.status_code == 409 and "尚未召开" in response.json()["error"]
        response = client.post(
            url, rows_data([("", "", "", "会前记下的批评")], self_criticism="会前的自我批评")
        )
        body = response.content.decode()
        assert response.status_code == 409 and "尚未召开" in body and "会前的自我批评" in body
    assert not statement.criticisms.exists()
