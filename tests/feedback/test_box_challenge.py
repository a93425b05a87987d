"""The box's bot challenge keeps its answer on the server, and a box opinion keeps only its day (issue 14, item 8).

The challenge token is signed, not encrypted: a bot can read all of it. It once held the question's numbers,
so a bot could answer without reading the page. It now carries a nonce and a keyed commitment only.
"""

import datetime
import hashlib
import json
import re
import secrets

import pytest
import time_machine
from django.core import signing
from django.urls import reverse

from feedback import box, services
from feedback.models import Opinion

SHANGHAI = box.SHANGHAI
# The meeting of `world` is on 2027-01-20; its opinions are due on 2027-01-12.
WHILE_OPEN = datetime.datetime(2027, 1, 5, 21, 47, 13, 654321, tzinfo=SHANGHAI)
USER_AGENT = "Mozilla/5.0 (Linux; Android 14) 验证题测试浏览器/2.1"
TEXT = "班子成员到基层调研次数偏少，建议每季度至少到联系点走一次。"


@pytest.fixture
def open_box(world):
    services.create_default_choices(world.meeting)
    with time_machine.travel(WHILE_OPEN, tick=False):
        yield world


@pytest.fixture
def address():
    """A client address of its own per test: the rate limit counts in a cache that tests share."""
    return f"2001:db8::{secrets.token_hex(2)}:{secrets.token_hex(2)}"


def box_url(world):
    return reverse("opinion_box", args=[world.meeting.opinion_box.token])


def page_challenge(client, world, address):
    """The question as the page shows it, its answer worked out as a person would, and the token."""
    body = client.get(box_url(world), REMOTE_ADDR=address, HTTP_USER_AGENT=USER_AGENT).content.decode()
    token = re.search(r'name="challenge" value="([^"]+)"', body).group(1)
    a, operation, b = re.search(
        r'data-testid="challenge-question">(\d+) (加|减) (\d+) 等于几？', body
    ).groups()
    answer = int(a) + int(b) if operation == "加" else int(a) - int(b)
    return token, answer, (int(a), operation, int(b))


def read_as_a_bot(token):
    """The token's payload without any key, as anyone holding the page can read it."""
    payload = token.split(":")[0]
    return json.loads(signing.b64_decode(payload.encode()))


def post(client, world, address, token, answer, **fields):
    data = {
        "category": world.meeting.source_categories.get(name="群众").pk,
        "text": TEXT,
        "challenge": token,
        "answer": str(answer),
        **fields,
    }
    return client.post(box_url(world), data, REMOTE_ADDR=address, HTTP_USER_AGENT=USER_AGENT)


def values_in(payload):
    """Every scalar value of the decoded payload, however nested."""
    if isinstance(payload, dict):
        return [value for item in payload.values() for value in values_in(item)]
    if isinstance(payload, list):
        return [value for item in payload for value in values_in(item)]
    return [payload]


def test_the_challenge_token_read_without_the_key_does_not_give_the_answer(open_box, client, address):
    for _ in range(20):  # 20 questions: sums and differences, small and large answers
        token, answer, (a, operation, b) = page_challenge(client, open_box, address)
        payload = read_as_a_bot(token)
        assert set(payload) == {"n", "c"}, payload  # a nonce and a commitment, nothing else
        values = values_in(payload)
        assert all(isinstance(value, str) for value in values)
        for clue in (answer, a, b):
            assert clue not in values and str(clue) not in values
        assert operation not in json.dumps(payload, ensure_ascii=False)
        # The commitment is no plain hash a bot can recompute: trying each possible answer fails.
        nonce = payload["n"]
        assert payload["c"] not in {
            hashlib.sha256(text.encode()).hexdigest()
            for guess in range(-9, 19)
            for text in (f"{nonce}|{guess}", f"{nonce}{guess}", f"{guess}{nonce}")
        }


def test_a_right_answer_is_accepted(open_box, client, address):
    token, answer, _ = page_challenge(client, open_box, address)
    response = post(client, open_box, address, token, answer)
    assert response.status_code == 302
    assert Opinion.objects.get().text == TEXT


def test_a_wrong_answer_is_refused_with_the_same_message_and_saves_nothing(open_box, client, address):
    token, answer, _ = page_challenge(client, open_box, address)
    response = post(client, open_box, address, token, answer + 1)
    assert response.status_code == 200
    assert "答案不正确，请回答新的问题。" in response.content.decode()
    assert not Opinion.objects.exists()


def test_a_solved_challenge_cannot_be_replayed(open_box, client, address):
    token, answer, _ = page_challenge(client, open_box, address)
    assert post(client, open_box, address, token, answer).status_code == 302
    again = post(client, open_box, address, token, answer, text="同一道题再提交一次：会风会纪有待加强。")
    assert again.status_code == 200
    assert "这道验证题已经用过，请回答新的问题。" in again.content.decode()
    assert Opinion.objects.count() == 1


def test_one_question_allows_one_guess_so_a_bot_cannot_try_every_answer(open_box, client, address):
    token, answer, _ = page_challenge(client, open_box, address)
    assert "答案不正确" in post(client, open_box, address, token, answer + 1).content.decode()
    second = post(client, open_box, address, token, answer)
    assert "这道验证题已经用过" in second.content.decode()
    assert not Opinion.objects.exists()


def test_a_token_made_up_by_a_bot_is_refused(open_box, client, address):
    # A payload of the old shape, or of the new one with a commitment of its own: unsigned, so refused.
    made_up = signing.dumps({"n": "bot", "c": "0" * 64}, key="not-the-secret-key", salt=box.CHALLENGE_SALT)
    response = post(client, open_box, address, made_up, 3)
    assert "验证题无效，请回答新的问题。" in response.content.decode()
    assert not Opinion.objects.exists()


def test_the_honeypot_still_keeps_a_bot_out(open_box, client, address):
    token, answer, _ = page_challenge(client, open_box, address)
    response = post(client, open_box, address, token, answer, website="http://spam.example")
    assert response.status_code == 302  # thanked like anyone, so it learns nothing
    assert not Opinion.objects.exists()


def test_a_box_opinion_keeps_only_its_day_and_nothing_of_the_request(open_box, client, address):
    token, answer, _ = page_challenge(client, open_box, address)
    assert post(client, open_box, address, token, answer).status_code == 302

    opinion = Opinion.objects.get()
    for name in ("created_at", "updated_at"):
        local = getattr(opinion, name).astimezone(SHANGHAI)
        assert local.date() == datetime.date(2027, 1, 5), name
        assert (local.hour, local.minute, local.second, local.microsecond) == (0, 0, 0, 0), name
    # Every stored column of the row, read back from the database as text.
    row = (
        Opinion.objects.filter(pk=opinion.pk)
        .values(*[f.attname for f in Opinion._meta.concrete_fields])
        .get()
    )
    stored = " ".join(str(value) for value in row.values())
    assert address not in stored and USER_AGENT not in stored
    assert "21:47" not in stored and "654321" not in stored


def test_a_later_change_by_the_office_is_the_offices_time(open_box):
    opinion = services.create_opinion(
        open_box.meeting,
        text=TEXT,
        channel=services.box_channel(open_box.meeting),
        category=open_box.meeting.source_categories.first(),
        by=None,
    )
    assert opinion.created_at == opinion.updated_at == datetime.datetime(2027, 1, 5, tzinfo=SHANGHAI)
    opinion.text = TEXT + "（办公室更正错别字）"
    opinion.save(update_fields=["text"])
    opinion.refresh_from_db()
    assert opinion.created_at == datetime.datetime(2027, 1, 5, tzinfo=SHANGHAI)
    assert opinion.updated_at == WHILE_OPEN


def test_what_the_office_enters_keeps_its_moment(open_box):
    opinion = services.create_opinion(
        open_box.meeting,
        text=TEXT,
        channel=open_box.meeting.channels.first(),
        category=open_box.meeting.source_categories.first(),
        aspect=open_box.meeting.aspects.first(),
        by=open_box.office,
    )
    assert opinion.created_at == opinion.updated_at == WHILE_OPEN


def test_the_office_reads_a_box_opinions_day_without_a_made_up_time(open_box, login):
    services.create_opinion(
        open_box.meeting,
        text=TEXT,
        channel=services.box_channel(open_box.meeting),
        category=open_box.meeting.source_categories.first(),
        by=None,
    )
    opinion = Opinion.objects.get()
    client = login(open_box.office)
    listed = client.get(reverse("opinion_list", args=[open_box.meeting.pk])).content.decode()
    edited = client.get(reverse("opinion_edit", args=[open_box.meeting.pk, opinion.pk])).content.decode()
    assert "1月5日" in listed and "1月5日 00:00" not in listed
    assert "意见箱（匿名），2027年1月5日" in edited and "00:00" not in edited
