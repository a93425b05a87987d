"""The public opinion box (意见箱): anonymous, rate-limited, guarded by a challenge, closed after the deadline."""

import datetime
import html
import io
import logging
import re
import secrets

import pytest
import time_machine
from django.contrib.sessions.models import Session
from django.core.cache import cache
from django.core.management import call_command
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.urls import reverse

from feedback import box, services
from feedback.models import BOX_CHANNEL, Opinion, OpinionStatus

SHANGHAI = box.SHANGHAI
# The meeting of `world` is on 2027-01-20; its opinions are due on 2027-01-12.
WHILE_OPEN = datetime.datetime(2027, 1, 5, 10, 0, 30, tzinfo=SHANGHAI)
USER_AGENT = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0) 意见箱测试浏览器/7.3"
OPINION_TEXT = "县委班子深入基层调研不够，有的调研走马观花，建议多到困难村看看。"


@pytest.fixture
def world(world):
    services.create_default_choices(world.meeting)  # idempotent; create_meeting has made them already
    return world


@pytest.fixture
def address():
    """A client address of its own per test: the counters live in a cache that tests (and CI runs) share."""
    return f"2001:db8::{secrets.token_hex(2)}:{secrets.token_hex(2)}"


@pytest.fixture
def open_box(world):
    with time_machine.travel(WHILE_OPEN, tick=False):
        yield world


def box_url(world):
    return reverse("opinion_box", args=[world.meeting.opinion_box.token])


def challenge_of(body):
    """Reads the question off the page and answers it, as a person would."""
    token = re.search(r'name="challenge" value="([^"]+)"', body).group(1)
    a, operation, b = re.search(
        r'data-testid="challenge-question">(\d+) (加|减) (\d+) 等于几？', body
    ).groups()
    answer = int(a) + int(b) if operation == "加" else int(a) - int(b)
    return {"challenge": token, "answer": str(answer)}


def fresh_challenge(client, world, address):
    response = client.get(box_url(world), REMOTE_ADDR=address, HTTP_USER_AGENT=USER_AGENT)
    assert response.status_code == 200
    return challenge_of(response.content.decode())


def submit(client, world, address, **fields):
    data = {
        "category": world.meeting.source_categories.get(name="群众").pk,
        "text": OPINION_TEXT,
        **fresh_challenge(client, world, address),
        **fields,
    }
    return client.post(box_url(world), data, REMOTE_ADDR=address, HTTP_USER_AGENT=USER_AGENT)


def textarea(response):
    """What the text box shows (the newline after the tag is markup; browsers drop it)."""
    text = re.search(r"<textarea[^>]*>\n?(.*?)</textarea>", response.content.decode(), re.S).group(1)
    return html.unescape(text)


def cache_keys():
    """Every key in the cache, LocMem or Redis (CI runs both)."""
    backend = cache._cache
    if hasattr(backend, "get_client"):
        return [key.decode() for key in backend.get_client().keys("*")]
    return list(backend.keys())


def test_a_submission_is_saved_as_new_from_the_box_and_stores_nothing_that_identifies_the_sender(
    open_box, client, address, caplog
):
    world = open_box
    meeting = world.meeting
    aspect = meeting.aspects.all()[1]
    member = world.members[1]
    caplog.set_level(logging.DEBUG)

    page = client.get(box_url(world), REMOTE_ADDR=address, HTTP_USER_AGENT=USER_AGENT)
    body = page.content.decode()
    assert "成员2（县委常委2）" in body and "不确定" in body and "领导班子（整体）" in body
    response = client.post(
        box_url(world),
        {
            "aspect": aspect.pk,
            "addressee": member.pk,
            "category": meeting.source_categories.get(name="党员").pk,
            "text": f"  {OPINION_TEXT}  ",
            **challenge_of(body),
        },
        REMOTE_ADDR=address,
        HTTP_USER_AGENT=USER_AGENT,
    )
    assert response.status_code == 302 and response.url == reverse(
        "opinion_box_thanks", args=[meeting.opinion_box.token]
    )
    thanks = client.get(response.url, REMOTE_ADDR=address, HTTP_USER_AGENT=USER_AGENT)
    assert "已收到" in thanks.content.decode() and OPINION_TEXT not in thanks.content.decode()

    opinion = Opinion.objects.get()
    # Every column of the row, so that a column added later (an IP, a session key) fails here first.
    assert {field.attname for field in Opinion._meta.concrete_fields} == {
        "id",
        "meeting_id",
        "text",
        "channel_id",
        "category_id",
        "aspect_id",
        "addressee_id",
        "status",
        "reject_reason",
        "merged_into_id",
        "entered_by_id",
        "created_at",
        "updated_at",
    }
    assert opinion.meeting == meeting
    assert opinion.text == OPINION_TEXT
    assert opinion.channel.name == BOX_CHANNEL
    assert opinion.category.name == "党员"
    assert opinion.aspect == aspect
    assert opinion.addressee == member
    assert opinion.status == OpinionStatus.NEW
    assert opinion.reject_reason == ""
    assert opinion.merged_into is None
    assert opinion.entered_by is None
    # Only the day it arrived: a time to the second could be matched with a proxy's log.
    assert opinion.created_at == opinion.updated_at == datetime.datetime(2027, 1, 5, tzinfo=SHANGHAI)

    # Nowhere else either: not in any table, not in a session, not as a cookie, not in the cache, not in a log.
    dump = io.StringIO()
    call_command("dumpdata", stdout=dump)
    assert address not in dump.getvalue() and USER_AGENT not in dump.getvalue()
    assert Session.objects.count() == 0
    for reply in (page, response, thanks):
        assert not reply.cookies, reply.cookies
        assert "Set-Cookie" not in reply.headers
    assert not any(address in key for key in cache_keys())
    for record in caplog.records:
        logged = " ".join(str(value) for value in vars(record).values())
        assert address not in logged and USER_AGENT not in logged


def test_nothing_about_the_client_is_logged_for_refused_requests_either(open_box, client, address, caplog):
    world = open_box
    caplog.set_level(logging.DEBUG)
    for _ in range(box.SUBMISSIONS_PER_MINUTE + 1):
        submit(client, world, address)
    client.get("/box/no-such-token/", REMOTE_ADDR=address, HTTP_USER_AGENT=USER_AGENT)
    submit(client, world, address, website="http://spam.example")
    assert caplog.records, "the 429 and the 404 are logged by Django; the test must see them"
    for record in caplog.records:
        logged = " ".join(str(value) for value in vars(record).values())
        assert address not in logged and USER_AGENT not in logged


def test_the_eleventh_submission_in_a_minute_is_refused_and_another_client_is_not(open_box, client, address):
    world = open_box
    for _ in range(box.SUBMISSIONS_PER_MINUTE):
        assert submit(client, world, address).status_code == 302
    refused = submit(client, world, address, text="第十一条意见：会风会纪有待加强。")
    assert refused.status_code == 429
    assert "提交过于频繁，请稍后再试" in refused.content.decode()
    assert textarea(refused) == "第十一条意见：会风会纪有待加强。"
    assert Opinion.objects.count() == box.SUBMISSIONS_PER_MINUTE

    other = "2001:db8::ffff:" + secrets.token_hex(2)
    assert submit(client, world, other).status_code == 302
    assert Opinion.objects.count() == box.SUBMISSIONS_PER_MINUTE + 1


def test_the_limit_starts_again_in_the_next_minute(world, client, address):
    with time_machine.travel(WHILE_OPEN, tick=False) as traveller:
        for _ in range(box.SUBMISSIONS_PER_MINUTE):
            submit(client, world, address)
        assert submit(client, world, address).status_code == 429
        traveller.shift(datetime.timedelta(minutes=1))
        assert submit(client, world, address).status_code == 302


def test_the_rate_key_is_a_keyed_hash_of_address_and_minute(settings):
    key = box.rate_limit_key("203.0.113.9", 29_000_000)
    assert "203.0.113.9" not in key
    assert key != box.rate_limit_key("203.0.113.9", 29_000_001)
    assert key != box.rate_limit_key("203.0.113.10", 29_000_000)
    settings.SECRET_KEY = "another-secret-key-for-this-test-only-0123456789"
    assert key != box.rate_limit_key("203.0.113.9", 29_000_000)


def test_the_box_is_open_through_the_deadline_day_and_closed_after_it(world, client, address):
    with time_machine.travel(datetime.datetime(2027, 1, 12, 23, 59, tzinfo=SHANGHAI), tick=False):
        body = client.get(box_url(world), REMOTE_ADDR=address).content.decode()
        assert 'data-testid="box-form"' in body and "2027年1月12日" in body
        answer = challenge_of(body)

    with time_machine.travel(datetime.datetime(2027, 1, 13, 0, 0, tzinfo=SHANGHAI), tick=False):
        closed = client.get(box_url(world), REMOTE_ADDR=address)
        body = closed.content.decode()
        assert closed.status_code == 200
        assert "意见箱已关闭" in body and "2027年1月12日" in body
        assert "<form" not in body and "<textarea" not in body
        late = client.post(
            box_url(world),
            {"category": world.meeting.source_categories.first().pk, "text": OPINION_TEXT, **answer},
            REMOTE_ADDR=address,
        )
        assert late.status_code == 403 and "意见箱已关闭" in late.content.decode()
    assert not Opinion.objects.exists()


def test_the_deadline_follows_the_schedule_row(world, client, address):
    world.meeting.schedule.filter(activity="opinions").update(due_date=datetime.date(2027, 1, 4))
    with time_machine.travel(WHILE_OPEN, tick=False):
        assert "意见箱已关闭" in client.get(box_url(world), REMOTE_ADDR=address).content.decode()


def test_a_wrong_token_is_not_found_and_reveals_nothing(world, client):
    for url in ("/box/not-the-token/", "/box/not-the-token/thanks/"):
        response = client.get(url)
        body = response.content.decode()
        assert response.status_code == 404
        assert world.meeting.title not in body and world.county.name not in body
        assert not response.cookies
    assert client.post("/box/not-the-token/", {"text": OPINION_TEXT}).status_code == 404


def test_a_rotated_token_is_not_found_and_the_new_one_works(open_box, client, address):
    world = open_box
    old = world.meeting.opinion_box.token
    services.rotate_box_token(world.meeting)
    world.meeting.refresh_from_db()
    new = world.meeting.opinion_box.token
    assert new != old
    assert client.get(reverse("opinion_box", args=[old])).status_code == 404
    assert client.get(reverse("opinion_box_thanks", args=[old])).status_code == 404
    assert client.get(reverse("opinion_box", args=[new])).status_code == 200


def test_a_wrong_answer_saves_nothing_keeps_the_text_and_asks_a_new_question(open_box, client, address):
    world = open_box
    posted = fresh_challenge(client, world, address)
    response = client.post(
        box_url(world),
        {
            "category": world.meeting.source_categories.first().pk,
            "text": OPINION_TEXT,
            "challenge": posted["challenge"],
            "answer": str(int(posted["answer"]) + 1),
        },
        REMOTE_ADDR=address,
    )
    assert response.status_code == 200
    assert "答案不正确" in response.content.decode()
    assert textarea(response) == OPINION_TEXT
    assert challenge_of(response.content.decode())["challenge"] != posted["challenge"]
    assert not Opinion.objects.exists()


def test_a_forged_or_expired_or_reused_challenge_saves_nothing(open_box, client, address):
    world = open_box
    forged = submit(client, world, address, challenge="1:2:forged", answer="3")
    assert "验证题无效" in forged.content.decode()

    solved = fresh_challenge(client, world, address)
    data = {"category": world.meeting.source_categories.first().pk, "text": OPINION_TEXT, **solved}
    with time_machine.travel(WHILE_OPEN + datetime.timedelta(minutes=61), tick=False):
        expired = client.post(box_url(world), data, REMOTE_ADDR=address)
    assert "验证题已过期" in expired.content.decode()
    assert not Opinion.objects.exists()

    assert client.post(box_url(world), data, REMOTE_ADDR=address).status_code == 302
    again = client.post(box_url(world), data, REMOTE_ADDR=address)
    assert again.status_code == 200 and "已经用过" in again.content.decode()
    assert Opinion.objects.count() == 1


def test_a_filled_honeypot_saves_nothing_and_tells_the_bot_nothing(open_box, client, address):
    response = submit(client, open_box, address, website="http://spam.example")
    assert response.status_code == 302 and response.url.endswith("/thanks/")
    assert not Opinion.objects.exists()


@pytest.mark.parametrize(
    "text, message",
    [("太短了", "至少5个字"), ("     ", "请填写意见建议"), ("意" * 2001, "最多2000个字（现在2001个字）")],
)
def test_too_short_or_too_long_text_is_refused_with_the_text_kept(open_box, client, address, text, message):
    response = submit(client, open_box, address, text=text)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert textarea(response) == text
    assert not Opinion.objects.exists()


def test_a_line_break_counts_as_one_character_as_on_the_page(open_box, client, address):
    text = "甲" * 1000 + "\r\n" + "乙" * 999
    assert submit(client, open_box, address, text=text).status_code == 302
    assert Opinion.objects.get().text == "甲" * 1000 + "\n" + "乙" * 999


def test_an_addressee_outside_the_team_is_refused(open_box, client, address):
    response = submit(client, open_box, address, addressee=open_box.other_member.pk)
    assert response.status_code == 200 and not Opinion.objects.exists()


def test_the_team_and_an_unsure_aspect_are_the_defaults(open_box, client, address):
    assert submit(client, open_box, address, aspect="", addressee="").status_code == 302
    opinion = Opinion.objects.get()
    assert opinion.aspect is None and opinion.addressee is None and opinion.category.name == "群众"


def rotate_url(world):
    return reverse("opinion_box_rotate", args=[world.meeting.pk])


def test_only_the_office_rotates_the_link_team_members_are_refused_and_outsiders_see_nothing(world, client):
    original = world.meeting.opinion_box.token
    expected = {
        "secretary": 403,
        "member": 403,
        "supervisor": 403,
        "other_office": 404,
        "other_member": 404,
        "outsider": 404,
    }
    for role, status in expected.items():
        client.force_login(getattr(world, role))
        assert client.post(rotate_url(world)).status_code == status, role
    world.meeting.opinion_box.refresh_from_db()
    assert world.meeting.opinion_box.token == original

    client.logout()
    assert client.post(rotate_url(world)).url.startswith(reverse("login"))

    client.force_login(world.office)
    assert client.get(rotate_url(world)).status_code == 405
    response = client.post(rotate_url(world), follow=True)
    assert response.redirect_chain[-1][0] == reverse("opinion_list", args=[world.meeting.pk])
    assert "意见箱链接已更换" in response.content.decode()
    world.meeting.opinion_box.refresh_from_db()
    assert world.meeting.opinion_box.token != original


def test_the_office_sees_the_full_link_and_until_when_the_box_is_open(world, settings):
    settings.ALLOWED_HOSTS = ["shh.example.cn"]
    request = RequestFactory().get("/", HTTP_HOST="shh.example.cn")
    request.user = world.office
    with time_machine.travel(datetime.datetime(2027, 1, 9, 9, 0, tzinfo=SHANGHAI), tick=False):
        link = box.box_link(request, world.meeting)
        page = render_to_string(
            "feedback/_box_link.html", {"meeting": world.meeting, "box": link}, request=request
        )
    token = world.meeting.opinion_box.token
    assert link.url == f"http://shh.example.cn/box/{token}/"
    assert link.is_open and link.days_left == 3
    assert f'value="http://shh.example.cn/box/{token}/"' in page
    assert "开放中" in page and "开放至2027年1月12日24时（还有3天）" in page
    assert reverse("opinion_box_rotate", args=[world.meeting.pk]) in page and "data-confirm=" in page

    with time_machine.travel(datetime.datetime(2027, 1, 13, 0, 0, 1, tzinfo=SHANGHAI), tick=False):
        link = box.box_link(request, world.meeting)
        page = render_to_string(
            "feedback/_box_link.html", {"meeting": world.meeting, "box": link}, request=request
        )
    assert not link.is_open and "已关闭" in page and "已于2027年1月12日截止" in page

    # Given the row itself (as the opinion list did before box_link), the link still shows.
    page = render_to_string(
        "feedback/_box_link.html",
        {"meeting": world.meeting, "box": world.meeting.opinion_box},
        request=request,
    )
    assert f'value="http://shh.example.cn/box/{token}/"' in page
