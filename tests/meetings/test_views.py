import datetime
import re

import pytest
from django.urls import reverse

from meetings import services
from meetings.models import AspectTemplate, Meeting, PlanStatus
from tests.factories import make_meeting
from tests.locked import post_forms


def test_office_creates_a_meeting_from_a_template(world, client):
    client.force_login(world.office)
    response = client.post(
        reverse("meeting_create"),
        {
            "organisation": world.county.pk,
            "aspect_template": AspectTemplate.objects.get(kind="special").pk,
            "year": 2027,
            "kind": "special",
            "name": "2027年专题民主生活会",
            "theme": "学习贯彻专题",
            "date": "2028-01-15",
            "place": "第一会议室",
            "duration": "一天",
        },
    )
    meeting = Meeting.objects.get(year=2027)
    assert response.status_code == 302 and response["Location"] == reverse(
        "meeting_plan_edit", args=[meeting.pk]
    )
    assert meeting.aspects.count() == 5  # the 2021 "五个带头" set
    assert meeting.schedule.get(activity="plan").due_date == datetime.date(2028, 1, 5)


def test_a_refused_form_keeps_what_was_typed_and_says_why(world, client):
    client.force_login(world.office)
    response = client.post(
        reverse("meeting_create"),
        {
            "organisation": world.county.pk,
            "aspect_template": 1,
            "year": 26,
            "theme": "我填写的主题",
            "date": "",
        },
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "我填写的主题" in body
    assert "请填写四位数年度" in body
    assert "这个字段是必填项" in body


def create_with_name(client, world, name, **fields):
    return client.post(
        reverse("meeting_create"),
        {
            "organisation": world.county.pk,
            "aspect_template": AspectTemplate.objects.get(kind="annual").pk,
            "year": 2027,
            "kind": "annual",
            "name": name,
            "theme": "学习贯彻",
            "date": "2028-01-15",
            "place": "第一会议室",
            "duration": "半天",
            **fields,
        },
    )


@pytest.mark.parametrize(
    "typed",
    [
        "云岭县委常委班子2027年度民主生活会",
        "云岭县委常委班子云岭县委常委班子2027年度民主生活会",
        "云岭县委 2027年度民主生活会",
        "云岭县委领导班子2027年度民主生活会",
    ],
)
def test_a_meeting_name_typed_with_the_team_name_does_not_repeat_it_in_the_title(world, client, typed):
    client.force_login(world.office)
    response = create_with_name(client, world, typed)
    assert response.status_code == 302
    meeting = Meeting.objects.get(year=2027)
    assert meeting.name == "2027年度民主生活会"
    assert meeting.title == "云岭县委常委班子2027年度民主生活会"
    assert meeting.plan.document_title == "云岭县委常委班子2027年度民主生活会实施方案"


def test_a_name_of_the_team_only_falls_back_to_the_default_name(world, client):
    client.force_login(world.office)
    create_with_name(client, world, "云岭县委常委班子")
    assert Meeting.objects.get(year=2027).title == "云岭县委常委班子2027年度民主生活会"


def test_the_plan_editor_strips_a_team_name_typed_into_the_meeting_name(world, client):
    client.force_login(world.office)
    data = plan_form_data(client, world.meeting)
    data["meeting-name"] = "云岭县委常委班子2026年度党史学习教育专题民主生活会"
    assert client.post(reverse("meeting_plan_edit", args=[world.meeting.pk]), data).status_code == 302
    world.meeting.refresh_from_db()
    assert world.meeting.title == "云岭县委常委班子2026年度党史学习教育专题民主生活会"


def test_the_meeting_forms_preview_the_full_title_under_the_name(world, client):
    client.force_login(world.office)
    body = client.get(reverse("meeting_create")).content.decode()
    preview = re.search(r'data-testid="title-preview">全称：<span data-title-preview>([^<]*)</span>', body)
    assert preview and preview.group(1).startswith("云岭县委常委班子")
    assert "meetings/title_preview.js" in body and "data-title-teams=" in body
    # A refused form previews what was typed, without the team's name twice.
    body = create_with_name(client, world, "云岭县委常委班子2027年度民主生活会", date="").content.decode()
    assert "全称：<span data-title-preview>云岭县委常委班子2027年度民主生活会</span>" in body

    body = client.get(reverse("meeting_plan_edit", args=[world.meeting.pk])).content.decode()
    assert "全称：<span data-title-preview>云岭县委常委班子2026年度民主生活会</span>" in body
    assert f'data-title-organisation="{world.county.pk}"' in body


def plan_form_data(client, meeting):
    """The edit page's own form, as a browser would post it back."""
    body = client.get(reverse("meeting_plan_edit", args=[meeting.pk])).content.decode()
    data = {}
    for name, value in re.findall(r'<input[^>]*name="([^"]+)"[^>]*value="([^"]*)"', body):
        data[name] = value
    for name, value in re.findall(r'<textarea[^>]*name="([^"]+)"[^>]*>([^<]*)</textarea>', body):
        data[name] = value.strip()
    for name, block in re.findall(r'<select[^>]*name="([^"]+)"[^>]*>(.*?)</select>', body, re.S):
        selected = re.search(r'<option value="([^"]*)"[^>]*selected', block)
        data[name] = selected.group(1) if selected else ""
    data.pop("csrfmiddlewaretoken", None)
    return {k: v.replace("&quot;", '"').replace("&amp;", "&") for k, v in data.items()}


def test_office_edits_the_plan_and_the_schedule_follows_the_date(world, client):
    client.force_login(world.office)
    meeting = world.meeting
    data = plan_form_data(client, meeting)
    data["meeting-place"] = "县委第二会议室"
    data["meeting-date"] = "2027-01-25"
    data["people-TOTAL_FORMS"] = str(int(data["people-TOTAL_FORMS"]))
    extra = int(data["people-INITIAL_FORMS"])
    data[f"people-{extra}-kind"] = "guidance"
    data[f"people-{extra}-name"] = "市委第三督导组"
    data[f"people-{extra}-order"] = "1"
    response = client.post(reverse("meeting_plan_edit", args=[meeting.pk]), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    meeting.refresh_from_db()
    assert meeting.place == "县委第二会议室"
    assert meeting.people.filter(kind="guidance", name="市委第三督导组").exists()
    assert meeting.schedule.get(activity="plan").due_date == datetime.date(2027, 1, 15)


def test_the_plan_editor_shows_a_long_title_of_a_participant_whole_in_a_wide_textarea(world, client):
    long_title = "县委常委、县委办公室主任、县直机关工委书记、县委政研室主任"
    world.meeting.people.update(title=long_title)
    client.force_login(world.office)
    body = client.get(reverse("meeting_plan_edit", args=[world.meeting.pk])).content.decode()
    people = body.split("三、参会人员")[1].split("四、对照检查方面")[0]
    (textarea,) = re.findall(r'<textarea[^>]*name="people-0-title"[^>]*>', people)
    assert "person-title" in textarea and 'rows="2"' in textarea
    assert f">\n{long_title}</textarea>" in people or f">{long_title}</textarea>" in people
    assert 'class="form-control form-control-sm person-name"' in people
    data = plan_form_data(client, world.meeting)
    data["people-0-title"] = "县委常委、\n县委办公室主任"
    assert client.post(reverse("meeting_plan_edit", args=[world.meeting.pk]), data).status_code == 302
    assert world.meeting.people.get(order=data["people-0-order"], name=data["people-0-name"]).title == (
        "县委常委、县委办公室主任"
    )


def test_plan_cannot_be_edited_while_under_review_and_the_editor_says_why_without_a_form(world, client):
    services.submit_plan(world.meeting.plan, world.office)
    client.force_login(world.office)
    url = reverse("meeting_plan_edit", args=[world.meeting.pk])
    response = client.get(url)
    body = response.content.decode()
    assert response.status_code == 200
    assert "方案已报送督导组审核，审核期间不能修改" in body and not post_forms(body)
    refused = client.post(url, {"meeting-name": "改名"})
    assert refused.status_code == 403 and "审核期间不能修改" in refused.content.decode()


def test_supervisor_sees_the_review_form_and_return_needs_a_comment(world, client):
    services.submit_plan(world.meeting.plan, world.office)
    client.force_login(world.supervisor)
    url = reverse("meeting_detail", args=[world.meeting.pk])
    assert "审核方案" in client.get(url).content.decode()
    response = client.post(
        reverse("plan_review", args=[world.meeting.pk]), {"decision": "return"}, follow=True
    )
    assert "退回修改时请填写修改意见" in response.content.decode()
    world.meeting.plan.refresh_from_db()
    assert world.meeting.plan.status == PlanStatus.SUBMITTED


def test_the_meeting_page_explains_why_it_cannot_move_on(world, client):
    client.force_login(world.office)
    body = client.get(reverse("meeting_detail", args=[world.meeting.pk])).content.decode()
    assert "会议方案尚未经督导组审定" in body


def test_advance_and_step_back_through_the_page(world, client):
    services.submit_plan(world.meeting.plan, world.office)
    services.approve_plan(world.meeting.plan, world.supervisor)
    client.force_login(world.office)
    client.post(reverse("meeting_advance", args=[world.meeting.pk]), {"expected_stage": "planning"})
    world.meeting.refresh_from_db()
    assert world.meeting.stage == "study"
    response = client.post(
        reverse("meeting_step_back", args=[world.meeting.pk]),
        {"expected_stage": "study", "reason": ""},
        follow=True,
    )
    assert "退回上一阶段须填写理由" in response.content.decode()
    client.post(
        reverse("meeting_step_back", args=[world.meeting.pk]),
        {"expected_stage": "study", "reason": "补充材料"},
    )
    world.meeting.refresh_from_db()
    assert world.meeting.stage == "planning"
    body = client.get(reverse("meeting_detail", args=[world.meeting.pk])).content.decode()
    assert "补充材料" in body


CURRENT_PANEL = {
    "planning": 'data-testid="plan-preview"',
    "study": 'data-testid="study-panel"',
    "opinions": 'data-testid="opinion-panel"',
    "talks": 'data-testid="talk-panel"',
    "drafting": 'data-testid="draft-panel"',
    "meeting": 'data-testid="record-panel"',
    "rectification": 'data-testid="rectification-panel"',
    "reporting": 'data-testid="reporting-panel"',
    "closed": 'data-testid="reporting-panel"',
}


@pytest.mark.parametrize("stage", list(CURRENT_PANEL))
def test_the_meeting_page_shows_the_current_stages_work_first_and_folds_the_plan_after_planning(
    world, client, stage
):
    Meeting.objects.filter(pk=world.meeting.pk).update(stage=stage)
    client.force_login(world.office)
    body = client.get(reverse("meeting_detail", args=[world.meeting.pk])).content.decode()
    assert "{#" not in body and "Stage actions" not in body  # the templates' own comments stay out
    current = body.split('data-testid="current-panel"')[1]
    first_card = re.search(r'data-testid="([a-z-]+-(?:panel|card))"', current).group(1)
    expected = CURRENT_PANEL[stage].split('"')[1]
    assert first_card == ("plan-card" if stage == "planning" else expected)
    # Every card is still on the page, once; the plan is a fold, open only while it is being made.
    for testid in set(CURRENT_PANEL.values()):
        assert body.count(testid) == 1, testid
    plan_card = re.search(r'<details[^>]*data-testid="plan-card"[^>]*>', body).group(0)
    assert (" open" in plan_card) == (stage == "planning")
    assert body.index('data-testid="current-panel"') < body.index('data-testid="plan-preview"')
    if stage != "closed":  # the archive has no next stage
        # The stage actions come before the work (first on a phone, beside it on a wide screen).
        assert body.index('data-testid="stage-actions"') < body.index('data-testid="current-panel"')


def test_the_cards_of_stages_still_to_come_wait_folded_below_the_work_in_hand():
    from meetings.views import meeting_panels

    # Until the meeting is held, study, opinions, talks and drafts are all work in hand (DESIGN §2).
    assert meeting_panels("planning") == {
        "current": "plan",
        "reached": ["study", "opinions", "talks", "drafts"],
        "later": ["record", "rectification", "reporting"],
    }
    assert meeting_panels("study") == {
        "current": "study",
        "reached": ["opinions", "talks", "drafts"],
        "later": ["record", "rectification", "reporting"],
    }
    assert meeting_panels("rectification") == {
        "current": "rectification",
        "reached": ["study", "opinions", "talks", "drafts", "record"],
        "later": ["reporting"],
    }
    assert meeting_panels("closed") == {
        "current": "reporting",
        "reached": ["study", "opinions", "talks", "drafts", "record", "rectification"],
        "later": [],
    }


def test_while_planning_the_plan_is_open_to_the_office_and_the_supervisor_and_folded_for_members(
    world, client
):
    def plan_card(user):
        client.force_login(user)
        body = client.get(reverse("meeting_detail", args=[world.meeting.pk])).content.decode()
        return re.search(r'<details[^>]*data-testid="plan-card"[^>]*>', body).group(0)

    assert " open" in plan_card(world.office) and " open" in plan_card(world.supervisor)
    assert " open" not in plan_card(world.member) and " open" not in plan_card(world.secretary)


def test_dashboard_query_count_does_not_grow_with_meetings(world, client, django_assert_max_num_queries):
    client.force_login(world.supervisor)
    with django_assert_max_num_queries(12) as few:
        client.get(reverse("dashboard"))
    for year in range(2010, 2025):
        make_meeting(world.county, world.office, year=year, date=datetime.date(year + 1, 1, 20))
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(reverse("dashboard"))
    assert response.content.decode().count("/meetings/") >= 16


def test_meeting_page_query_count_is_bounded(world, client, django_assert_max_num_queries):
    client.force_login(world.office)
    # The page gathers the stepper, plan, opinions, study and talks panels: a fixed budget.
    with django_assert_max_num_queries(40):
        client.get(reverse("meeting_detail", args=[world.meeting.pk]))


def test_no_page_loads_anything_from_outside_the_app(world, client):
    services.submit_plan(world.meeting.plan, world.office)
    pages = [
        (world.office, reverse("dashboard")),
        (world.office, reverse("meeting_create")),
        (world.office, reverse("meeting_detail", args=[world.meeting.pk])),
        (world.office, reverse("meeting_schedule_edit", args=[world.meeting.pk])),
        (world.supervisor, reverse("meeting_detail", args=[world.meeting.pk])),
        (None, reverse("login")),
    ]
    for user, url in pages:
        client.logout()
        if user:
            client.force_login(user)
        body = client.get(url).content.decode()
        external = re.findall(r'(?:src|href|action)\s*=\s*["\']?((?:https?:)?//[^"\' >]+)', body)
        assert external == [], (url, external)
        assert '<html lang="zh-CN">' in body


@pytest.mark.parametrize("role", ["office", "member"])
def test_meeting_page_query_count_is_bounded_once_the_ledger_is_kept(
    world, client, django_assert_max_num_queries, role
):
    from meetings.record import ensure_record
    from rectification.models import ItemStatus
    from tests.rectification.factories import at_stage, items, member_list, team_list

    ensure_record(world.meeting)
    at_stage(world.meeting)
    items(team_list(world.meeting), 30, status=ItemStatus.IN_PROGRESS)
    items(member_list(world.meeting, world.member), 30)
    client.force_login(getattr(world, role))
    # The record and rectification panels join the others: the budget does not grow with the items.
    # 41 since issue 14: every signed-in request reads the security settings once (security/policy.py).
    with django_assert_max_num_queries(41):
        page = client.get(reverse("meeting_detail", args=[world.meeting.pk]))
    assert "整改" in page.content.decode()
