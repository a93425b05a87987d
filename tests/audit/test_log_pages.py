"""The audit administrator's pages: only they open them (三员分立); the filters by user, action, meeting,
outcome and Beijing dates; pages of 50; the CSV export of exactly the filtered rows, which Excel opens as
text and which is itself recorded."""

import csv
import datetime
import io
import zoneinfo

import pytest
import time_machine
from django.test import RequestFactory
from django.urls import reverse

from audit import services, views
from audit.models import Action, AuditEvent, Outcome
from tests.factories import UserFactory

from .trail import the_event

SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")
MARKER = "导出 对照检查材料 docx（审计标记）"  # a detail only the audit administrator may read
WORLD_ROLES = ["office", "secretary", "member", "supervisor", "other_office", "other_member", "outsider"]
ADMINS = ["security", "system", "superuser"]


def at(moment, action=Action.EXPORT, **fields):
    """An event written at ``moment`` (Beijing time)."""
    with time_machine.travel(moment, tick=False):
        return services.record(action, **fields)


def beijing(*args):
    return datetime.datetime(*args, tzinfo=SHANGHAI)


def body(response):
    return response.content.decode()


def rows(response):
    return body(response).count('data-testid="audit-row"')


def read_csv(response):
    content = b"".join(response.streaming_content)
    assert content.startswith("\ufeff".encode())  # Excel opens a UTF-8 file as such only with its BOM
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))


@pytest.fixture
def trail(world):
    return at(beijing(2027, 1, 10, 9, 0), user=world.office, obj=world.meeting, detail=MARKER)


# --- who may open the pages ---------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["audit_log", "audit_export"])
@pytest.mark.parametrize("role", WORLD_ROLES + ADMINS)
def test_nobody_but_the_audit_administrator_reads_the_trail(world, admins, trail, client, name, role):
    user = getattr(admins, role) if role in ADMINS else getattr(world, role)
    client.force_login(user)
    response = client.get(reverse(name))
    assert response.status_code == 403
    assert MARKER not in body(response)
    assert "只有审计管理员可以查阅审计记录" in body(response)
    refused = AuditEvent.objects.get(outcome=Outcome.REFUSED)
    assert (refused.user, refused.address) == (user, "127.0.0.1")  # the attempt is itself in the trail


@pytest.mark.parametrize("name", ["audit_log", "audit_export"])
def test_anonymous_is_sent_to_the_login_page(trail, client, name):
    response = client.get(reverse(name))
    assert response.status_code == 302 and "/login" in response["Location"]


def test_the_audit_administrator_reads_the_trail(admins, trail, client):
    client.force_login(admins.audit)
    response = client.get(reverse("audit_log"))
    assert response.status_code == 200
    page = body(response)
    assert MARKER in page
    # Every login is an event too (the audit administrator's own among them).
    assert "审计记录" in page and f"共 {AuditEvent.objects.count()} 条" in page
    assert "2027年1月10日 09:00:00" in page  # Beijing time


def test_an_audit_administrator_who_is_deactivated_is_refused(admins, trail, client):
    admins.audit.is_active = False
    admins.audit.save()
    client.force_login(admins.audit)
    assert client.get(reverse("audit_log")).status_code == 302


# --- what the page shows ---------------------------------------------------------------------------


def test_each_row_shows_time_user_address_action_object_meeting_outcome_and_detail(world, admins, client):
    client.force_login(world.office)
    assert (
        client.get(reverse("document_download", args=[world.meeting.pk, "plan", "docx"])).status_code == 200
    )
    client.force_login(admins.audit)
    page = body(client.get(reverse("audit_log")))
    for text in [world.office.username, "刘文静", "127.0.0.1", "导出文件", world.meeting.title, "成功"]:
        assert text in page, text
    assert "导出 会议方案 docx" in page and f"<td>{world.meeting.pk}</td>" in page


def test_the_page_says_what_to_expect_when_the_trail_is_empty(admins):
    # Straight to the view: logging in through the client would itself be the first event.
    request = RequestFactory().get(reverse("audit_log"))
    request.user = admins.audit
    page = body(views.audit_log(request))
    assert 'data-testid="empty"' in page and "还没有审计记录" in page


def test_the_action_filter_offers_the_actions_in_chinese(admins, client):
    client.force_login(admins.audit)
    page = body(client.get(reverse("audit_log")))
    for label in ["导出文件", "阶段变更", "意见分办", "销号", "导入数据", "报送印发", "登录失败"]:
        assert f">{label}</option>" in page


def test_the_page_has_no_inline_script_or_handler(admins, trail, client):
    client.force_login(admins.audit)
    page = body(client.get(reverse("audit_log", query={"action": "export"})))
    assert "<script>" not in page and " onclick=" not in page and " onchange=" not in page


# --- filters -----------------------------------------------------------------------------------------


@pytest.fixture
def many(world):
    """Events of several users, actions, meetings, outcomes and days."""
    other = UserFactory(username="lisi", display_name="李四")
    return {
        "office_export": at(beijing(2027, 1, 5, 9), user=world.office, obj=world.meeting, detail="甲"),
        "office_triage": at(beijing(2027, 1, 6, 9), Action.TRIAGE, user=world.office, meeting=world.meeting),
        "lisi_refused": at(
            beijing(2027, 1, 7, 9), user=other, meeting=999, outcome=Outcome.REFUSED, detail="乙"
        ),
        # Late on the 20th in Beijing is still the 20th; just after midnight is the 21st (UTC: the 20th).
        "late": at(beijing(2027, 1, 20, 23, 30), Action.LOGIN, user=other),
        "early": at(beijing(2027, 1, 21, 0, 30), Action.LOGIN, user=other),
    }


def filtered(client, admins, **query):
    client.force_login(admins.audit)
    return client.get(reverse("audit_log"), query)


def shown(response, many):
    page = body(response)
    return {
        name for name, event in many.items() if f'data-testid="audit-row" data-event="{event.pk}"' in page
    }


def test_the_user_filter_matches_the_username_or_the_name(world, admins, client, many):
    assert shown(filtered(client, admins, user="李"), many) == {"lisi_refused", "late", "early"}
    assert shown(filtered(client, admins, user="LIS"), many) == {"lisi_refused", "late", "early"}
    assert shown(filtered(client, admins, user="文静"), many) == {"office_export", "office_triage"}


def test_the_action_meeting_and_outcome_filters(world, admins, client, many):
    assert shown(filtered(client, admins, action="triage"), many) == {"office_triage"}
    assert shown(filtered(client, admins, meeting=world.meeting.pk), many) == {
        "office_export",
        "office_triage",
    }
    assert shown(filtered(client, admins, outcome="refused"), many) == {"lisi_refused"}
    assert shown(filtered(client, admins, action="export", outcome="ok"), many) == {"office_export"}


def test_the_date_range_is_of_beijing_days_both_ends_included(admins, client, many):
    assert shown(filtered(client, admins, start="2027-01-20", end="2027-01-20"), many) == {"late"}
    assert shown(filtered(client, admins, start="2027-01-21"), many) == {"early"}
    assert shown(filtered(client, admins, start="2027-01-06", end="2027-01-07"), many) == {
        "office_triage",
        "lisi_refused",
    }


def test_the_counts_say_how_many_match_of_how_many(admins, client, many):
    page = body(filtered(client, admins, action="triage"))
    assert f"筛选出 1 条（共 {AuditEvent.objects.count()} 条）" in page and "清除筛选" in page


def test_a_range_that_ends_before_it_starts_is_refused_with_a_message(admins, client, many):
    page = body(filtered(client, admins, start="2027-01-21", end="2027-01-20"))
    assert "截止日期不能早于起始日期" in page


def test_nothing_matching_says_so_and_offers_the_whole_trail(admins, client, many):
    page = body(filtered(client, admins, user="没有这个人"))
    assert "没有符合条件的审计记录" in page and 'data-testid="audit-row"' not in page


def test_events_come_newest_first_fifty_to_a_page(world, admins, client):
    for day in range(1, 31):
        at(beijing(2027, 1, day, 8), user=world.office, detail=f"第{day}天上午")
        at(beijing(2027, 1, day, 16), user=world.office, detail=f"第{day}天下午")
    client.force_login(admins.audit)
    first = client.get(reverse("audit_log"))
    assert rows(first) == 50
    page = body(first)
    assert page.index("第30天下午") < page.index("第30天上午") < page.index("第29天下午")
    assert "第 1 / 2 页" in page
    second = client.get(reverse("audit_log"), {"page": 2, "user": "刘"})
    assert rows(second) == 10 and "第5天上午" in body(second) and "第1天上午" in body(second)
    assert "page=1" in body(second) and "user=%E5%88%98" in body(second)  # the filter stays on every page


def test_the_page_takes_the_same_queries_for_5_or_120_events(
    world, admins, client, django_assert_max_num_queries
):
    def load(count):
        for i in range(count):
            services.record(Action.EXPORT, user=world.members[i % 3], obj=world.meeting, detail=f"第{i}次")
        client.force_login(admins.audit)
        with django_assert_max_num_queries(12) as captured:
            assert client.get(reverse("audit_log")).status_code == 200
        return len(captured.captured_queries)

    few = load(5)
    assert load(115) == few


# --- the export ----------------------------------------------------------------------------------------


def test_the_export_holds_exactly_the_filtered_rows_and_is_itself_recorded(world, admins, client, many):
    client.force_login(admins.audit)
    response = client.get(reverse("audit_export"), {"user": "李", "action": "login"})
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert "attachment" in response["Content-Disposition"]
    header, *lines = read_csv(response)
    assert header[:5] == ["时间", "用户名", "姓名", "客户端地址", "操作"]
    assert [line[0] for line in lines] == ["2027-01-21 00:30:00", "2027-01-20 23:30:00"]
    assert {(line[1], line[2], line[4], line[5]) for line in lines} == {("lisi", "李四", "登录", "成功")}

    export = the_event(Action.AUDIT_EXPORT)
    assert (export.user, export.address, export.outcome) == (admins.audit, "127.0.0.1", Outcome.OK)
    assert export.detail == "导出审计记录2条（筛选：用户=李；操作=登录）"


def test_the_export_does_not_include_its_own_event(admins, client, many):
    client.force_login(admins.audit)
    before = AuditEvent.objects.count()
    _header, *lines = read_csv(client.get(reverse("audit_export")))
    assert len(lines) == before
    _header, *again = read_csv(client.get(reverse("audit_export")))
    assert len(again) == before + 1  # the first export is a row now
    assert [line[4] for line in again].count("导出审计记录") == 1


def test_a_formula_typed_as_a_username_or_a_detail_comes_out_as_text(world, admins, client):
    named = UserFactory(username='=HYPERLINK("http://evil.example","点击")', display_name="+SUM(A1)")
    services.record(Action.LOGIN_FAILED, user=named, detail="@cmd|' /C calc'!A0")
    services.record_login_failure("-2+3", None)
    client.force_login(admins.audit)
    _header, *lines = read_csv(client.get(reverse("audit_export")))
    cells = {cell for line in lines for cell in line}
    assert '\'=HYPERLINK("http://evil.example","点击")' in cells
    assert "'+SUM(A1)" in cells and "'@cmd|' /C calc'!A0" in cells and "'-2+3" in cells
    assert not [cell for cell in cells if cell[:1] in ("=", "+", "-", "@", "\t", "\r")]
