"""The opinion box on a phone: a member of the public answers the challenge, submits, is thanked, and stays unknown."""

import datetime
import re

import pytest
from django.utils import timezone

from feedback import services
from feedback.models import BOX_CHANNEL, Opinion, OpinionStatus

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {
    "viewport": {"width": 390, "height": 844},
    "device_scale_factor": 3,
    "is_mobile": True,
    "has_touch": True,
    "user_agent": "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 Mobile/15E148",
}
TEXT = "希望县委班子成员多到村里走走，听听群众的真实想法，解决好村道硬化的问题。"


def answer(question):
    a, operation, b = re.fullmatch(r"(\d+) (加|减) (\d+) 等于几？", question.strip()).groups()
    return int(a) + int(b) if operation == "加" else int(a) - int(b)


@pytest.fixture
def phone(browser, live_server):
    context = browser.new_context(base_url=live_server.url, locale="zh-CN", **PHONE)
    yield context
    context.close()


def test_a_member_of_the_public_submits_an_opinion_from_a_phone(world, phone, screenshots):
    meeting = world.meeting
    services.create_default_choices(meeting)  # idempotent; create_meeting has made them already
    # Open whatever today's date: the deadline a week from now.
    meeting.schedule.filter(activity="opinions").update(
        due_date=timezone.localdate() + datetime.timedelta(days=7)
    )
    aspect = meeting.aspects.first()
    member = world.members[0]

    page = phone.new_page()
    page.goto(f"/box/{meeting.opinion_box.token}/")
    page.wait_for_selector("[data-testid=box-form]")
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), "no sideways scrolling"
    screenshots(page, "box")

    page.select_option("#id_aspect", label=aspect.name)
    page.select_option("#id_addressee", label=f"{member.name}（{member.title}）")
    page.get_by_label("群众").check()
    page.fill("#id_text", TEXT)
    assert page.text_content("[data-testid=text-counter]") == f"{len(TEXT)}/2000"
    page.fill("#id_answer", str(answer(page.text_content("[data-testid=challenge-question]"))))
    honeypot = page.locator("#id_website").bounding_box()
    assert honeypot is None or honeypot["x"] + honeypot["width"] <= 0, "the honeypot stays off screen"
    screenshots(page, "filled")

    page.tap("#box-submit")
    page.wait_for_selector("[data-testid=box-thanks]")
    assert "已收到" in page.text_content("[data-testid=box-thanks]")
    screenshots(page, "thanks")

    assert phone.cookies() == [], "the public pages set no cookie"
    opinion = Opinion.objects.get()
    assert opinion.status == OpinionStatus.NEW and opinion.channel.name == BOX_CHANNEL
    assert opinion.text == TEXT and opinion.aspect == aspect and opinion.addressee == member
    assert opinion.category.name == "群众" and opinion.entered_by is None


def test_box_opinion_is_triaged_by_the_clerk_and_seen_by_its_member_only(world, phone, new_page, screenshots):
    """The issue's journey: public box on a phone → the clerk accepts it → member A sees it, B does not."""
    meeting = world.meeting
    meeting.schedule.filter(activity="opinions").update(
        due_date=timezone.localdate() + datetime.timedelta(days=7)
    )
    a, b = world.members[0], world.members[1]
    for user in (world.office, a, b):
        user.set_password("pass-12345")
        user.save()

    page = phone.new_page()
    page.goto(f"/box/{meeting.opinion_box.token}/")
    page.select_option("#id_addressee", label=f"{a.name}（{a.title}）")
    page.get_by_label("群众").check()
    page.fill("#id_text", TEXT)
    page.fill("#id_answer", str(answer(page.text_content("[data-testid=challenge-question]"))))
    page.tap("#box-submit")
    page.wait_for_selector("[data-testid=box-thanks]")

    def log_in(username):
        user_page = new_page()
        user_page.goto("/accounts/login/")
        user_page.fill("#id_username", username)
        user_page.fill("#id_password", "pass-12345")
        user_page.click("button[type=submit]")
        user_page.wait_for_selector("[data-testid=current-user]")
        return user_page

    clerk = log_in(world.office.username)
    clerk.goto(f"/meetings/{meeting.pk}/opinions/?status=new")
    clerk.click("[data-testid=opinion-table] tbody a")
    clerk.select_option("#id_aspect", index=1)
    clerk.select_option("#id_status", "accepted")
    screenshots(clerk, "triage")
    clerk.click("[data-testid=triage-form] button[type=submit]")
    clerk.wait_for_selector("text=意见已保存")
    assert Opinion.objects.get().status == OpinionStatus.ACCEPTED

    member_a = log_in(a.username)
    member_a.goto(f"/meetings/{meeting.pk}/opinions/")
    assert TEXT[:20] in member_a.inner_text("[data-testid=opinion-table]")
    screenshots(member_a, "member-a")
    member_b = log_in(b.username)
    member_b.goto(f"/meetings/{meeting.pk}/opinions/")
    assert TEXT[:20] not in member_b.inner_text("main")
    screenshots(member_b, "member-b")
