"""意见箱: the public page where anyone with the link submits an opinion, anonymously.

"意见箱 stores no IP address, no cookie id, nothing that identifies the sender" (DESIGN §1). So:
- the opinion row holds only what the sender chose (aspect, addressee, category, text);
- the pages are rendered without the request, so no context processor reads the session or
  issues the CSRF cookie: the public pages set no cookie at all;
- CSRF protection is off for the box (there is no session whose authority a forged request
  could borrow; a forged post is just an anonymous opinion, which anyone may send), and a
  single-use arithmetic challenge whose token does not give its answer away, plus a honeypot,
  keep bots out instead;
- the opinion keeps only the day it arrived, not the time (services.create_opinion): a time to
  the second could be matched with a proxy's log of who posted then;
- the rate limit counts in the cache under an HMAC of the address and the minute, never stored
  with the opinion and gone after two minutes;
- error reports for these requests leave out the address and the user agent.
"""

import datetime
import logging
import re
import secrets
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core import signing
from django.core.cache import cache
from django.core.validators import MaxLengthValidator, MinLengthValidator
from django.http import HttpResponse, HttpResponseNotFound
from django.shortcuts import redirect
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.crypto import constant_time_compare, salted_hmac
from django.views.debug import SafeExceptionReporterFilter
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from orgs import access
from orgs.shortcuts import refuse_locked, require, visible_meeting

from . import services
from .models import OpinionBox

TEXT_MIN_LENGTH = 5
TEXT_MAX_LENGTH = 2000
SUBMISSIONS_PER_MINUTE = 10
RATE_WINDOW_EXPIRY = 120  # seconds: the minute's counter outlives its minute, then vanishes
CHALLENGE_MAX_AGE = 60 * 60
CHALLENGE_SALT = "feedback.box.challenge"
CHALLENGE_ANSWER_SALT = "feedback.box.challenge-answer"
RATE_SALT = "feedback.box.rate"
HONEYPOT = "website"
TOO_MANY = "提交过于频繁，请稍后再试。"
# The deadline is a day in the meeting's own calendar (DESIGN §8: times are Asia/Shanghai).
SHANGHAI = ZoneInfo("Asia/Shanghai")
logger = logging.getLogger(__name__)


# --- When the box is open ------------------------------------------------------------------


def last_day(meeting):
    """The opinions deadline (日程 "完成征求意见建议"); the day before the meeting if the row is gone."""
    item = meeting.schedule.filter(activity="opinions").first()
    return item.due_date if item else meeting.date - datetime.timedelta(days=1)


def closes_at(day):
    """The box stays open through the whole deadline day."""
    return datetime.datetime.combine(day + datetime.timedelta(days=1), datetime.time.min, tzinfo=SHANGHAI)


def is_open(day, now=None):
    return (now or timezone.now()) < closes_at(day)


class Closed:
    """Why the box is closed (``BoxState.closed``)."""

    ARCHIVED = "archived"  # 归档: the meeting is read-only (DESIGN §10)
    HELD = "held"  # the meeting has been held: its opinions are locked (DESIGN §2)
    DEADLINE = "deadline"  # its opinions date has passed


@dataclass(frozen=True)
class BoxState:
    """Whether the box takes opinions: until the meeting is held or the end of its opinions date,
    whichever comes first (DESIGN §3: "closes at the opinions deadline"; §2: the pre-meeting records
    lock once the meeting is held)."""

    last_day: datetime.date | None  # the opinions date (not read for an archived meeting)
    closed: str = ""  # a Closed value; "" while open

    @property
    def is_open(self):
        return not self.closed


def is_held(meeting, today):
    """The meeting has been held: it is past drafting (its opinions are locked, access.opinions_are_open),
    or its record gives a date it was held on, not after ``today``."""
    from meetings.models import MeetingRecord

    if not access.opinions_are_open(meeting):
        return True
    return MeetingRecord.objects.filter(meeting=meeting, held_on__lte=today).exists()


def state(meeting, now=None):
    if access.meeting_is_archived(meeting):  # one query less for the archive's refusal of every post
        return BoxState(None, Closed.ARCHIVED)
    now = now or timezone.now()
    day = last_day(meeting)
    if is_held(meeting, now.astimezone(SHANGHAI).date()):
        return BoxState(day, Closed.HELD)
    if not is_open(day, now):
        return BoxState(day, Closed.DEADLINE)
    return BoxState(day)


@dataclass(frozen=True)
class BoxLink:
    """What the office sees of the box on the opinion list (templates/feedback/_box_link.html)."""

    token: str
    url: str
    last_day: datetime.date
    is_open: bool
    days_left: int
    closed: str = ""  # why it is closed (Closed); "" while open
    can_rotate: bool = False


def box_link(request, meeting):
    """The box's full address and whether it is open, or None if the meeting has no box."""
    box = OpinionBox.objects.filter(meeting=meeting).first()
    if box is None:
        return None
    now = timezone.now()
    found = state(meeting, now)
    day = found.last_day or last_day(meeting)
    today = now.astimezone(SHANGHAI).date()
    return BoxLink(
        token=box.token,
        url=request.build_absolute_uri(reverse("opinion_box", args=[box.token])),
        last_day=day,
        is_open=found.is_open,
        days_left=(day - today).days,
        closed=found.closed,
        can_rotate=access.can_manage_opinions(request.user, meeting),
    )


# --- Against floods and bots -----------------------------------------------------------------


def client_address(request):
    """The address the rate limit counts by; never stored, never logged.

    Behind a reverse proxy every sender has the proxy's REMOTE_ADDR: name the header the proxy
    sets (e.g. OPINION_BOX_ADDRESS_HEADER = "HTTP_X_REAL_IP"). Reading X-Forwarded-For without
    such a proxy would let a bot pick a new address for every post.
    """
    header = getattr(settings, "OPINION_BOX_ADDRESS_HEADER", "REMOTE_ADDR")
    return request.META.get(header, "").split(",")[-1].strip()


def rate_limit_key(address, minute):
    """A keyed hash, so the cache never holds an address and one cannot be guessed back from it."""
    digest = salted_hmac(RATE_SALT, f"{address}|{minute}", algorithm="sha256").hexdigest()
    return f"feedback:box-rate:{digest}"


def count_submission(request):
    """Counts this post; True once the client has passed the limit in the current minute."""
    key = rate_limit_key(client_address(request), int(timezone.now().timestamp() // 60))
    try:
        cache.add(key, 0, timeout=RATE_WINDOW_EXPIRY)
        try:
            count = cache.incr(key)
        except ValueError:  # expired between add and incr
            cache.set(key, 1, timeout=RATE_WINDOW_EXPIRY)
            count = 1
    except Exception as error:  # the cache (Redis) is down: an opinion lost is worse than a missed limit
        logger.warning("意见箱限流暂不可用（缓存无法连接：%s），本次提交照常接收。", error)
        return False
    return count > SUBMISSIONS_PER_MINUTE


def new_challenge():
    """A sum or difference of two digits: the question, and a signed token that lets the server check it.

    The token is signed, not encrypted: anyone can read it. So it carries no answer, only a random
    nonce and a keyed commitment to the answer (``_commitment``), which only the server can make; its
    signature holds the time it was made, so it expires. No state is kept until it is answered, and any
    web worker can check it.
    """
    a, b = 1 + secrets.randbelow(9), 1 + secrets.randbelow(9)
    if secrets.randbelow(2):
        operation, answer = "加", a + b
    else:
        a, b = max(a, b), min(a, b)
        operation, answer = "减", a - b
    nonce = secrets.token_urlsafe(16)
    token = signing.dumps({"n": nonce, "c": _commitment(nonce, answer)}, salt=CHALLENGE_SALT)
    return f"{a} {operation} {b} 等于几？", token


def _commitment(nonce, answer):
    # An HMAC under a key derived from SECRET_KEY: without the key, the 27 possible answers cannot be
    # tried against the token; the nonce makes every token's commitment different.
    return salted_hmac(CHALLENGE_ANSWER_SALT, f"{nonce}|{answer}", algorithm="sha256").hexdigest()


def _claim_challenge(nonce):
    """Each challenge is answered once, right or wrong: a bot can neither replay one solved form for an
    hour nor try every answer on one question."""
    digest = salted_hmac(CHALLENGE_SALT, nonce, algorithm="sha256").hexdigest()
    try:
        return cache.add(f"feedback:box-challenge:{digest}", 1, timeout=CHALLENGE_MAX_AGE)
    except Exception as error:  # the cache is down: the signed, short-lived token still stands
        logger.warning("意见箱验证题防重放暂不可用（缓存无法连接：%s）。", error)
        return True


# --- The form --------------------------------------------------------------------------------


class BoxTextField(forms.CharField):
    def to_python(self, value):
        # Browsers post a textarea's line breaks as CRLF but count each as one character, as the
        # counter on the page does; count them the same way here.
        return super().to_python(value).replace("\r\n", "\n")


class MemberChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, user):
        return f"{user.name}（{user.title}）" if user.title else user.name


class BoxForm(forms.Form):
    aspect = forms.ModelChoiceField(
        label="意见涉及的方面", queryset=None, required=False, empty_label="不确定"
    )
    addressee = MemberChoiceField(
        label="意见针对", queryset=None, required=False, empty_label="领导班子（整体）"
    )
    category = forms.ModelChoiceField(
        label="您的身份",
        queryset=None,
        empty_label=None,
        widget=forms.RadioSelect,
        error_messages={"required": "请选择您的身份。"},
    )
    # Limits as validators, not max_length: a maxlength attribute would cut a pasted text short
    # without a word, where the counter and the server's message say what is too long.
    text = BoxTextField(
        label="意见建议",
        widget=forms.Textarea(attrs={"rows": 8}),
        validators=[MinLengthValidator(TEXT_MIN_LENGTH), MaxLengthValidator(TEXT_MAX_LENGTH)],
        error_messages={
            "required": "请填写意见建议。",
            "min_length": "意见建议至少%(limit_value)d个字（现在%(show_value)d个字）。",
            "max_length": "意见建议最多%(limit_value)d个字（现在%(show_value)d个字），请删减后再提交。",
        },
    )
    challenge = forms.CharField(widget=forms.HiddenInput, required=False)
    answer = forms.IntegerField(
        label="验证题",
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
        error_messages={"required": "请回答验证题。", "invalid": "请填写一个数字。"},
    )
    # The honeypot: hidden from people (and screen readers), filled in by bots.
    website = forms.CharField(label="请勿填写此项", required=False)

    def __init__(self, meeting, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["aspect"].queryset = meeting.aspects.all()
        self.fields["addressee"].queryset = services.team_members(meeting)
        categories = meeting.source_categories.all()
        self.fields["category"].queryset = categories
        if not self.is_bound and "category" not in self.initial:
            # The box is mostly for the public; whoever is not, picks another.
            self.initial["category"] = next((c.pk for c in categories if c.name == "群众"), None)
        for name in ("aspect", "addressee"):
            self.fields[name].widget.attrs["class"] = "form-select"
        self.fields["category"].widget.attrs["class"] = "form-check-input"
        self.fields["text"].widget.attrs["class"] = "form-control"
        self.fields["answer"].widget.attrs["class"] = "form-control"
        self.fields[HONEYPOT].widget.attrs.update({"tabindex": "-1", "autocomplete": "off"})
        if not self.is_bound:
            self.renew_challenge()

    def renew_challenge(self):
        """A new question; the answer given to the old one is cleared, everything else kept."""
        self.question, token = new_challenge()
        if self.is_bound:
            self.data = self.data.copy()
            self.data["challenge"] = token
            self.data["answer"] = ""
        else:
            self.initial["challenge"] = token
            self.initial.pop("answer", None)

    def clean_answer(self):
        answer = self.cleaned_data["answer"]
        token = self.cleaned_data.get("challenge", "")
        try:
            challenge = signing.loads(token, salt=CHALLENGE_SALT, max_age=CHALLENGE_MAX_AGE)
            nonce, commitment = challenge["n"], challenge["c"]
        except signing.SignatureExpired:
            raise forms.ValidationError("验证题已过期，请回答新的问题。")
        except (signing.BadSignature, TypeError, KeyError):
            raise forms.ValidationError("验证题无效，请回答新的问题。")
        if not _claim_challenge(nonce):
            raise forms.ValidationError("这道验证题已经用过，请回答新的问题。")
        if not constant_time_compare(_commitment(nonce, answer), commitment):
            raise forms.ValidationError("答案不正确，请回答新的问题。")
        return answer

    def full_clean(self):
        super().full_clean()
        for name in self.errors:
            if name in self.fields:
                widget = self.fields[name].widget
                widget.attrs["class"] = f"{widget.attrs.get('class', '')} is-invalid".strip()


# --- The public pages ------------------------------------------------------------------------


class BoxReporterFilter(SafeExceptionReporterFilter):
    """Error reports (the debug page, mails to ADMINS) of a box request leave out who sent it."""

    hidden_settings = re.compile(
        "API|TOKEN|KEY|SECRET|PASS|SIGNATURE|HTTP_COOKIE|REMOTE_|USER_AGENT|FORWARDED|REAL_IP|CLIENT_IP",
        flags=re.IGNORECASE,
    )


def _public(template, context, status=200):
    """Rendered without the request: no context processor may read the session or set a cookie."""
    return HttpResponse(render_to_string(template, context), status=status)


def closed_page(meeting, *, refused, found=None):
    """意见箱已关闭, saying why to the public: the meeting was archived (DESIGN §10), it has been held, or
    the opinions date has passed (``found``, a BoxState; read afresh if not given). A post is refused (403)
    and nothing of it is kept."""
    found = found or state(meeting)
    context = {"meeting": meeting, "last_day": found.last_day, "closed": found.closed, "refused": refused}
    return _public("feedback/box_closed.html", context, 403 if refused else 200)


def _not_found():
    # The same page for a token that never existed and for one the office has replaced.
    return HttpResponseNotFound(render_to_string("public_base.html", {"not_found": True}))


def _find_box(request, token):
    # Set first, so that an error report of anything below leaves the sender out too.
    request.exception_reporter_filter = BoxReporterFilter()
    return OpinionBox.objects.select_related("meeting__organisation").filter(token=token).first()


@csrf_exempt
@sensitive_post_parameters()
@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def box_page(request, token):
    box = _find_box(request, token)
    if box is None:
        return _not_found()
    meeting = box.meeting
    found = state(meeting)
    if not found.is_open:
        return closed_page(meeting, refused=request.method == "POST", found=found)
    context = {
        "meeting": meeting,
        "last_day": found.last_day,
        "token": box.token,
        "text_min": TEXT_MIN_LENGTH,
        "text_max": TEXT_MAX_LENGTH,
    }
    if request.method != "POST":
        return _public("feedback/box.html", {**context, "form": BoxForm(meeting)})

    if count_submission(request):
        # Not validated: what the sender typed comes back without errors, with a new question.
        typed = {name: request.POST.get(name, "") for name in ("aspect", "addressee", "category", "text")}
        form = BoxForm(meeting, initial=typed)
        response = _public("feedback/box.html", {**context, "form": form, "refusal": TOO_MANY}, 429)
        response["Retry-After"] = "60"
        return response
    if request.POST.get(HONEYPOT):
        # A bot: thank it like anyone else, so it learns nothing, and keep nothing.
        return redirect("opinion_box_thanks", token=box.token)
    form = BoxForm(meeting, data=request.POST)
    if not form.is_valid():
        form.renew_challenge()
        return _public("feedback/box.html", {**context, "form": form})
    data = form.cleaned_data
    try:
        services.create_opinion(
            meeting,
            text=data["text"],
            channel=services.box_channel(meeting),
            category=data["category"],
            aspect=data["aspect"],
            addressee=data["addressee"],
            by=None,
        )
    except services.OpinionError:  # the meeting moved on to 召开会议 while the sender was typing
        return closed_page(meeting, refused=True)
    return redirect("opinion_box_thanks", token=box.token)


@never_cache
@require_GET
def box_thanks(request, token):
    box = _find_box(request, token)
    if box is None:
        return _not_found()
    return _public("feedback/box_thanks.html", {"meeting": box.meeting, "token": box.token})


# --- The office ------------------------------------------------------------------------------


@login_required
@require_POST
def rotate_token(request, pk):
    """更换链接: when the link has gone where it should not, the old one stops working at once."""
    meeting = visible_meeting(request, pk)
    require(access.can_manage_meeting(request.user, meeting))
    try:
        services.rotate_box_token(meeting)
    except services.OpinionError as locked:
        return refuse_locked(request, str(locked))
    messages.success(request, "意见箱链接已更换，原链接已失效。请把新链接发给征求意见的对象。")
    return redirect("opinion_list", pk=meeting.pk)
