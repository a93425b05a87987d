"""Every page of the foundation, as every role: who may, who gets 403, who gets 404 and sees nothing."""

import pytest
from django.urls import reverse

from meetings import services

VIEWERS = ["secretary", "member", "office", "supervisor"]
STRANGERS = ["other_office", "other_member", "outsider"]

# (url name, method, roles allowed, roles of the team refused with 403)
PAGES = [
    ("meeting_detail", "get", VIEWERS, []),
    ("meeting_plan_edit", "get", ["office"], ["secretary", "member", "supervisor"]),
    ("meeting_schedule_edit", "get", ["office"], ["secretary", "member", "supervisor"]),
    ("plan_submit", "post", ["office"], ["secretary", "member", "supervisor"]),
    ("meeting_advance", "post", ["office"], ["secretary", "member", "supervisor"]),
    ("meeting_step_back", "post", ["office"], ["secretary", "member", "supervisor"]),
]


def user_of(world, role):
    return getattr(world, role)


@pytest.mark.parametrize(("name", "method", "allowed", "refused"), PAGES)
def test_meeting_pages_by_role(world, client, name, method, allowed, refused):
    url = reverse(name, args=[world.meeting.pk])
    for role in VIEWERS + STRANGERS:
        client.force_login(user_of(world, role))
        response = getattr(client, method)(url)
        if role in allowed:
            assert response.status_code in (200, 302), (role, response.status_code)
        elif role in refused:
            assert response.status_code == 403, (role, response.status_code)
        else:
            assert response.status_code == 404, (role, response.status_code)
            assert world.meeting.theme not in response.content.decode()
            assert world.county.name not in response.content.decode()


def test_plan_review_only_by_a_supervisor(world, client):
    services.submit_plan(world.meeting.plan, world.office)
    url = reverse("plan_review", args=[world.meeting.pk])
    for role in ["secretary", "member", "office"]:
        client.force_login(user_of(world, role))
        assert client.post(url, {"decision": "approve"}).status_code == 403, role
    for role in STRANGERS:
        client.force_login(user_of(world, role))
        assert client.post(url, {"decision": "approve"}).status_code == 404, role
    world.meeting.plan.refresh_from_db()
    assert world.meeting.plan.status == "submitted"
    client.force_login(world.supervisor)
    assert client.post(url, {"decision": "approve"}).status_code == 302
    world.meeting.plan.refresh_from_db()
    assert world.meeting.plan.status == "approved"


@pytest.mark.parametrize("fmt", ["docx", "pdf"])
def test_plan_download_by_role(world, client, fmt):
    url = reverse("document_download", args=[world.meeting.pk, "plan", fmt])
    for role in VIEWERS:
        client.force_login(user_of(world, role))
        response = client.get(url)
        assert response.status_code == 200, role
        assert response["Content-Disposition"].startswith("attachment")
    for role in STRANGERS:
        client.force_login(user_of(world, role))
        response = client.get(url)
        assert response.status_code == 404, role
        assert world.meeting.theme.encode() not in response.content


def test_creating_a_meeting_is_for_the_office(world, client):
    url = reverse("meeting_create")
    for role in ["secretary", "member", "supervisor", "outsider"]:
        client.force_login(user_of(world, role))
        assert client.get(url).status_code == 403, role
    client.force_login(world.office)
    assert client.get(url).status_code == 200


def test_anonymous_visitors_are_sent_to_login(world, client):
    for url in [reverse("dashboard"), reverse("meeting_detail", args=[world.meeting.pk])]:
        response = client.get(url)
        assert response.status_code == 302 and response["Location"].startswith(reverse("login"))
    download = reverse("document_download", args=[world.meeting.pk, "plan", "pdf"])
    assert client.get(download).status_code == 302


def test_dashboard_lists_only_what_the_user_may_see(world, client):
    client.force_login(world.member)
    assert world.meeting.title in client.get(reverse("dashboard")).content.decode()
    for role in STRANGERS:
        client.force_login(user_of(world, role))
        body = client.get(reverse("dashboard")).content.decode()
        assert world.meeting.title not in body, role
        assert "目前没有您可以查看的民主生活会" in body or "还没有民主生活会" in body


def test_actions_a_user_may_not_take_are_absent_from_the_page(world, client):
    url = reverse("meeting_detail", args=[world.meeting.pk])
    client.force_login(world.member)
    body = client.get(url).content.decode()
    assert "编辑方案" not in body and "进入下一阶段" not in body and "退回上一阶段" not in body
    client.force_login(world.office)
    body = client.get(url).content.decode()
    assert "编辑方案" in body and "报送督导组审核" in body
