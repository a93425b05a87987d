"""Bench: a province on one deployment (issues 16 and 17) — the busiest pages and the 督导总览 under gunicorn
beside a trivial and a "floor" view, the 督导汇总表 of 10,000 rows, the workers' memory after PDF exports,
and the reminders' scan, on PostgreSQL.

    cd /work/main && DATABASE_URL=postgres://postgres@127.0.0.1:5432/shenghuohui \\
        .venv/bin/python bench/province.py [--scale 1] [--requests 20] [--rounds 3] [--exports 20]
    … bench/province.py --scale 0.01 --keep        # a quick run (1%), keeping the database
    … bench/province.py --scale 0.01 --reuse       # the same data again, without building it

DATABASE_URL names the server; the script creates its own database there (``shenghuohui_province``,
``--database``), migrates and fills it (see bench/README.md and ``FULL``), and drops it at the end unless
``--keep``; ``--reuse`` runs on a kept database (migrating it, so new indexes apply). Gunicorn serves the
site with production's settings file (config/gunicorn.conf.py) but 2 workers, and production's Django
settings (bench/province_settings.py, whose urlconf adds the bench's trivial and floor views,
bench/province_urls.py) on a free loopback port; the overview's queries are EXPLAINed first. The load is wrk when
installed, else a Python client (threads with keep-alive connections). Every page is requested in turn,
round after round, so the machine's other work spreads evenly over them. Nothing is left running.
"""

import argparse
import datetime
import http.client
import logging
import os
import random
import re
import secrets
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import zoneinfo
from pathlib import Path
from typing import NamedTuple

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import bundle  # noqa: E402  the 30-member meeting of that bench: talks, drafts, the record, its lists
import scan_reminders  # noqa: E402  the province's units, meetings, schedules, drafts and items; the scan's timing

SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")
DAY = datetime.date(2027, 4, 17)  # the day the data is relative to, and the day the scan is timed on
# The province of issue 16 at --scale 1. The big meeting is bench/bundle.py's (a team of 30) with its
# opinions and items raised to these counts; its office clerk is whom its pages are requested as.
FULL = {
    "meetings": 10_000,  # five a unit: 2,000 units, 14,000 of their people, 20 city supervisors; + the big one
    "opinions": 1_000_000,
    "opinions of the big meeting": 20_000,
    "items": 300_000,
    "items of the big meeting": 3_064,
    "notifications": 300_000,
    "notifications of one user": 5_000,
}
# The year of every meeting (fill_supervision), the overview's default year.
OVERVIEW_YEAR = DAY.year - 1
BIG_TEAM = 30
BIG_COUNTY = "云岭县委"  # bench/bundle.py's organisation, moved under the first city
PROVINCE_SUPERVISOR = "province-supervisor"
NOTIFIED = "u0"  # the first unit's office clerk
EXPORTS = ["plan", "team-inspection", "minutes", "situation-report", "notification", "talks"]
OPINION_TEXTS = [
    "深入基层调研不够，对群众反映强烈的问题回应不及时。",
    "会议文件多、督查检查多，基层负担依然较重。",
    "抓工作落实的办法不多，有的部署停留在文件上。",
    "联系服务群众的渠道不够畅通，解决实际困难的措施不够具体。",
    "学习研讨结合实际不紧，理论联系实际还有差距。",
]


def scaled(scale):
    """FULL times ``scale``: at least 5 meetings a city, so that every city supervisor has some."""
    counts = {what: max(1, round(count * scale)) for what, count in FULL.items()}
    counts["meetings"] = max(counts["meetings"], scan_reminders.CITIES * scan_reminders.MEETINGS_PER_TEAM)
    return counts


# --- the data ------------------------------------------------------------------------------------------


def fill(counts, seed=16):
    """The province, the big meeting, the opinions and the notifications; returns ({what: count},
    {step: seconds})."""
    from django.db import connection
    from django.utils import timezone

    from feedback.models import (
        DEFAULT_CATEGORIES,
        DEFAULT_CHANNELS,
        Channel,
        Opinion,
        OpinionStatus,
        SourceCategory,
    )
    from meetings.models import Meeting
    from orgs.models import Organisation, Role, RoleAssignment, User
    from rectification.models import Item, ItemKind, ItemStatus, RectificationList
    from reminders.models import Notification

    rng = random.Random(seed)
    now = timezone.now()
    steps, started = {}, time.perf_counter()

    def step(name):
        nonlocal started
        steps[name] = time.perf_counter() - started
        started = time.perf_counter()

    # The rows are consistent by construction: without the foreign keys' checks (deferred triggers that
    # fire one lookup per key per row at each COPY's commit), a full build's 1,000,000 opinions take
    # seconds instead of minutes. Back to the default before anything is timed.
    with connection.cursor() as cursor:
        cursor.execute("SET session_replication_role = replica")
    summary = scan_reminders.fill(
        DAY, counts["meetings"], counts["items"] - counts["items of the big meeting"], seed=seed
    )
    province = Organisation.objects.get(parent=None)
    user = User.objects.create(username=PROVINCE_SUPERVISOR, display_name="省委督导组", password="!")
    RoleAssignment.objects.create(user=user, organisation=province, role=Role.SUPERVISOR)
    step("scan_reminders.fill")

    # bundle.py's meeting day (January 2027) may be ahead of the clock, and nothing is recorded before it
    # happens (meetings.study, meetings.record): the big meeting is held two months ago instead.
    bundle.MEETING_DAY = datetime.date.today() - datetime.timedelta(days=60)
    big_id, _ = bundle.fill(BIG_TEAM)
    big = Meeting.objects.select_related("organisation").get(pk=big_id)
    city = Organisation.objects.filter(parent=province).order_by("pk").first()
    step("bundle.fill")
    Organisation.objects.filter(pk=big.organisation_id).update(
        parent=city, path=f"{city.path}{big.organisation_id}/"
    )

    # Channels and source categories for every other meeting (bulk-created without them), then opinions.
    others = list(Meeting.objects.exclude(pk=big_id).values_list("pk", flat=True))
    copy = scan_reminders.copy_rows
    for model, names in ((Channel, DEFAULT_CHANNELS), (SourceCategory, DEFAULT_CATEGORIES)):
        copy(
            model,
            ["meeting", "name", "order"],
            ((m, name, n) for m in others for n, name in enumerate(names)),
        )
    channels, categories = {}, {}
    for target, model in ((channels, Channel), (categories, SourceCategory)):
        for meeting_id, pk in model.objects.values_list("meeting_id", "pk"):
            target.setdefault(meeting_id, []).append(pk)
    team = [person.pk for person in User.objects.filter(username__startswith="member")]
    aspects = list(big.aspects.values_list("pk", flat=True))
    statuses = [OpinionStatus.ACCEPTED] * 5 + [OpinionStatus.NEW] * 3 + [OpinionStatus.REJECTED] * 2
    year = 365 * 24 * 3600
    # Counted before the COPYs: the connection runs nothing else while one is under way.
    big_count = counts["opinions of the big meeting"] - Opinion.objects.filter(meeting=big).count()
    opinion_count = counts["opinions"] - Opinion.objects.count()
    item_count = counts["items of the big meeting"] - Item.objects.filter(meeting=big).count()

    def opinion_rows():
        # Spread over a year: the big meeting's opinions lie among everyone else's in created_at's index.
        for n in range(opinion_count):
            at = now - datetime.timedelta(seconds=rng.randrange(year))
            status = rng.choice(statuses)
            if n < big_count:
                meeting, aspect = big_id, rng.choice(aspects)
                addressee = rng.choice(team) if rng.random() < 0.4 else None
            else:
                meeting, aspect, addressee = others[rng.randrange(len(others))], None, None
            yield (
                meeting,
                rng.choice(OPINION_TEXTS),
                rng.choice(channels[meeting]),
                rng.choice(categories[meeting]),
                aspect,
                addressee,
                status,
                "与本次民主生活会主题无关。" if status == OpinionStatus.REJECTED else "",
                None,
                at,
                at,
            )

    columns = (
        "meeting text channel category aspect addressee status reject_reason entered_by created_at updated_at"
    )
    copy(Opinion, columns.split(), opinion_rows())
    step("opinions")

    lists = list(RectificationList.objects.filter(meeting=big))
    numbers = {rl.pk: rl.items.count() for rl in lists}
    item_statuses = [ItemStatus.NOT_STARTED, ItemStatus.IN_PROGRESS, ItemStatus.DONE, ItemStatus.CLOSED]

    def item_rows():
        for _ in range(item_count):
            rectification_list = rng.choice(lists)
            number = numbers[rectification_list.pk] = numbers[rectification_list.pk] + 1
            yield (
                rectification_list.pk,
                big_id,
                number,
                rng.choice(OPINION_TEXTS),
                "",
                "建立问题台账，逐项推动解决，按期对账销号。",
                rectification_list.member_id or rng.choice(team),
                "县委办公室",
                bundle.MEETING_DAY + datetime.timedelta(days=rng.randint(15, 180)),
                ItemKind.BY_DATE,
                rng.choice(item_statuses),
                now,
                now,
            )

    columns = "rectification_list meeting number problem manifestation measures owner unit deadline kind status created_at updated_at"
    copy(Item, columns.split(), item_rows())
    step("items")

    users = list(User.objects.values_list("pk", flat=True))
    notified = User.objects.get(username=NOTIFIED).pk

    def notification_rows():
        for n in range(counts["notifications"]):
            at = now - datetime.timedelta(seconds=rng.randrange(year))
            recipient = notified if n < counts["notifications of one user"] else rng.choice(users)
            yield (
                recipient,
                "整改事项即将到期",
                "您负责的整改事项“建立问题台账，逐项推动解决”将于3天后到期，请及时填报进展。",
                "/",
                at,
                at if rng.random() < 0.6 else None,
            )

    copy(Notification, ["user", "title", "body", "url", "created_at", "read_at"], notification_rows())
    step("notifications")
    summary.update(fill_supervision(big_id, rng, now))
    step("supervision")
    with connection.cursor() as cursor:
        cursor.execute("SET session_replication_role = DEFAULT")
        # VACUUM too, as autovacuum would soon after such inserts: until the visibility map is set, no
        # index-only scan skips the heap (sorting the overview by 意见建议 took 3.9 s before, 0.4 s after).
        cursor.execute("VACUUM ANALYZE")
    step("VACUUM ANALYZE")
    summary.update(
        {
            "users": User.objects.count(),
            "meetings": Meeting.objects.count(),
            "opinions": Opinion.objects.count(),
            "opinions of the big meeting": Opinion.objects.filter(meeting=big).count(),
            "items": Item.objects.count(),
            "items of the big meeting": Item.objects.filter(meeting=big).count(),
            "notifications": Notification.objects.count(),
            "notifications of one user": Notification.objects.filter(user_id=notified).count(),
        }
    )
    return summary, steps


def fill_supervision(big_id, rng, now):
    """What the 督导总览 counts (issue 17), with COPY, for every meeting but the big one (bundle.py's has
    its own): the plans' submissions and approvals, the records of the meetings held with each team
    person's statement and the criticisms they received, and the situation reports sent; returns
    {what: count}.

    Every meeting is put in one year, so that the overview's year is the whole province (10,000 rows) and
    a city's 500; the dates keep their spread, and with them the stages. A plan is submitted 3 to 40 days
    before its meeting (a fifth of them fewer than the 10 the checklist asks); one held meeting in six has
    a member with a single criticism (批评意见少于2条), the others 2 to 4 each; four reports in five of
    the meetings in 报告通报 or 归档 are sent, a quarter of those after their deadline."""
    from meetings.models import Criticism, Meeting, MeetingRecord, Plan, PlanEvent, ScheduleItem, Statement
    from orgs.models import Role, RoleAssignment
    from reporting.models import DocumentKind, Sending, SendingChannel

    copy = scan_reminders.copy_rows
    Meeting.objects.update(year=OVERVIEW_YEAR)
    meetings = {
        pk: (date, stage)
        for pk, date, stage in Meeting.objects.exclude(pk=big_id).values_list("pk", "date", "stage")
    }

    def at(date, hour):
        return datetime.datetime.combine(date, datetime.time(hour), tzinfo=SHANGHAI)

    # Each generator's rows are read before its COPY: the connection runs nothing else while one is under way.
    plans = list(
        Plan.objects.exclude(meeting=big_id)
        .filter(status__in=["submitted", "approved"])
        .values_list("pk", "meeting_id", "status")
    )

    def plan_events():
        for plan_id, meeting_id, status in plans:
            date = meetings[meeting_id][0]
            ahead = rng.randint(3, 9) if rng.random() < 0.2 else rng.randint(10, 40)
            submitted = date - datetime.timedelta(days=ahead)
            yield plan_id, PlanEvent.Action.SUBMIT, None, at(submitted, 10), ""
            if status == "approved":
                approved = submitted + datetime.timedelta(days=2)
                yield plan_id, PlanEvent.Action.APPROVE, None, at(approved, 16), ""

    events = copy(PlanEvent, ["plan", "action", "by", "at", "comment"], plan_events())

    held_stages = ("rectification", "reporting", "closed")
    held = [pk for pk, (_, stage) in meetings.items() if stage in held_stages]
    record_fields = [
        "meeting",
        "held_on",
        "place",
        "host",
        "recorder",
        "agenda",
        "guidance_remarks",
        "summary",
        "updated_at",
    ]
    copy(
        MeetingRecord,
        record_fields,
        ((pk, meetings[pk][0], "常委会议室", "", "", "", "", "", now) for pk in held),
    )
    records = dict(MeetingRecord.objects.exclude(meeting=big_id).values_list("meeting_id", "pk"))
    teams = {}
    for org_id, user_id in (
        RoleAssignment.objects.filter(role__in=[Role.SECRETARY, Role.MEMBER])
        .order_by("organisation_id", "order", "pk")
        .values_list("organisation_id", "user_id")
    ):
        teams.setdefault(org_id, []).append(user_id)
    organisation = dict(Meeting.objects.values_list("pk", "organisation_id"))
    copy(
        Statement,
        ["record", "member", "order", "self_criticism", "response", "updated_at"],
        (
            (records[pk], member, n, "", "", now)
            for pk in held
            for n, member in enumerate(teams[organisation[pk]], 1)
        ),
    )

    statements = Statement.objects.exclude(record__meeting=big_id).order_by("record_id", "order")
    by_record = {}
    for record_id, statement_id, member in statements.values_list("record_id", "pk", "member_id"):
        by_record.setdefault(record_id, []).append((statement_id, member))

    def criticisms():
        for people in by_record.values():
            single = rng.randrange(len(people)) if rng.random() < 1 / 6 else None
            team = [member for _, member in people]
            for index, (statement_id, member) in enumerate(people):
                critics = [person for person in team if person != member]
                for order in range(1 if index == single else rng.randint(2, 4)):
                    critic = critics[order % len(critics)]
                    yield statement_id, order, critic, "", rng.choice(OPINION_TEXTS), None, True, now

    criticism_fields = ["statement", "order", "by", "by_name", "text", "from_talk", "confirmed", "created_at"]
    criticism_count = copy(Criticism, criticism_fields, criticisms())

    due = dict(ScheduleItem.objects.filter(activity="situation_report").values_list("meeting_id", "due_date"))

    def sendings():
        for pk, (date, stage) in meetings.items():
            if stage not in ("reporting", "closed") or (stage == "reporting" and rng.random() < 0.2):
                continue
            deadline = due.get(pk, date + datetime.timedelta(days=15))
            late = rng.randint(1, 20) if rng.random() < 0.25 else rng.randint(-10, 0)
            sent = deadline + datetime.timedelta(days=late)
            yield pk, DocumentKind.REPORT, 1, sent, "省委组织部", SendingChannel.ELECTRONIC, "", at(sent, 15)

    sending_fields = ["meeting", "kind", "number", "sent_on", "recipients", "channel", "note", "at"]
    sent = copy(Sending, sending_fields, sendings())
    return {
        "plan events": events,
        "meeting records": len(records),
        "statements": Statement.objects.count(),
        "criticisms": criticism_count,
        "reports sent": sent,
    }


class Cast(NamedTuple):
    """Who the pages are requested as, and the big meeting."""

    meeting: object
    clerk: object
    city_supervisor: object
    province_supervisor: object
    notified: object


def cast():
    from meetings.models import Meeting
    from orgs.models import Role, RoleAssignment, User

    supervisor = RoleAssignment.objects.filter(role=Role.SUPERVISOR, organisation__name="第1市委").get().user
    return Cast(
        meeting=Meeting.objects.get(organisation__name=BIG_COUNTY),
        clerk=User.objects.get(username="office"),
        city_supervisor=supervisor,
        province_supervisor=User.objects.get(username=PROVINCE_SUPERVISOR),
        notified=User.objects.get(username=NOTIFIED),
    )


class Page(NamedTuple):
    name: str
    path: str
    user: object


def pages(people):
    from django.urls import reverse

    from orgs.access import meetings_for, overview_meetings

    pk = people.meeting.pk
    clerk = people.clerk
    city, whole = (meetings_for(u).count() for u in (people.city_supervisor, people.province_supervisor))
    overview = reverse("supervision_overview")
    in_year = overview_meetings(people.city_supervisor).filter(year=OVERVIEW_YEAR).count()
    province = people.province_supervisor
    return [
        Page("trivial (HttpResponse, no login)", reverse("bench_trivial"), None),
        Page("floor (login, base layout)", reverse("bench_floor"), clerk),
        Page("meeting page", reverse("meeting_detail", args=[pk]), clerk),
        Page("opinion list", reverse("opinion_list", args=[pk]), clerk),
        Page("rectification ledger", reverse("rectification_ledger", args=[pk]), clerk),
        Page(f"meeting list, city ({city:,})", reverse("dashboard"), people.city_supervisor),
        Page(f"meeting list, province ({whole:,})", reverse("dashboard"), people.province_supervisor),
        Page("notifications", reverse("notification_list"), people.notified),
        Page("drafts list", reverse("draft_list", args=[pk]), clerk),
        Page("talks coverage", reverse("talk_coverage", args=[pk]), clerk),
        Page("record", reverse("record_detail", args=[pk]), clerk),
        Page(f"overview, city ({in_year:,})", overview, people.city_supervisor),
        Page(f"overview, province ({whole:,})", overview, province),
        Page("overview, province, 逾期", f"{overview}?overdue=on", province),
        Page("overview, province, by opinions", f"{overview}?sort=-opinions", province),
    ]


def session_cookies(users):
    """{user pk: Cookie header} of a session made for each user as login() makes it, with the clocks
    security.middleware's session limits read (security.sessions.start); none has a password to change."""
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore

    from security import sessions

    cookies = {}
    for user in users:
        assert not user.must_change_password
        session = SessionStore()
        session[SESSION_KEY] = str(user.pk)
        session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
        session[HASH_SESSION_KEY] = user.get_session_auth_hash()
        session[sessions.LOGIN_AT] = session[sessions.SEEN_AT] = time.time()
        session.create()
        cookies[user.pk] = f"{settings.SESSION_COOKIE_NAME}={session.session_key}"
    return cookies


def query_counts(page_list):
    """{page name: queries of one request}, in this process with the test client (after a first request
    that warms what a worker keeps between requests)."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    counts = {}
    for page in page_list:
        client = Client(HTTP_HOST="127.0.0.1")
        if page.user is not None:
            client.force_login(page.user)
        client.get(page.path)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(page.path)
        if response.status_code != 200:
            raise SystemExit(f"{page.name} ({page.path}) in process: {response.status_code}")
        counts[page.name] = len(queries)
    return counts


def explain(page, threshold=10_000):
    """EXPLAIN ANALYZE of each query of one request of ``page`` (captured in this process, after a warming
    request): [(milliseconds, the query's start, [(table, rows read) of each sequential scan reading more
    than ``threshold`` rows])]."""
    import json

    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(page.user)
    client.get(page.path)
    with CaptureQueriesContext(connection) as queries:
        client.get(page.path)
    plans = []
    for query in queries.captured_queries:
        if not query["sql"].lstrip().upper().startswith("SELECT"):
            continue
        with connection.cursor() as cursor:
            cursor.execute(f"EXPLAIN (ANALYZE, FORMAT JSON) {query['sql']}")
            (plan,) = cursor.fetchone()[0]
        if isinstance(plan, str):
            (plan,) = json.loads(plan)
        scans, nodes = [], [plan["Plan"]]
        while nodes:
            node = nodes.pop()
            nodes += node.get("Plans", [])
            if node["Node Type"] == "Seq Scan":
                read = (node["Actual Rows"] + node.get("Rows Removed by Filter", 0)) * node["Actual Loops"]
                if read > threshold:
                    scans.append((node["Relation Name"], read))
        plans.append((plan["Execution Time"], " ".join(query["sql"].split())[:90], scans))
    return plans


def print_explain(page):
    plans = explain(page)
    print(
        f"EXPLAIN ANALYZE of {page.name} ({page.path}): {len(plans)} SELECTs, {sum(p[0] for p in plans):,.0f} ms"
    )
    for milliseconds, start, scans in sorted(plans, key=lambda plan: -plan[0])[:8]:
        seq = "; ".join(f"Seq Scan on {table} ({rows:,} rows)" for table, rows in scans) or "no big Seq Scan"
        print(f"  {milliseconds:8,.1f} ms  {seq}  — {start}")


def summary_export(server, cookie):
    """The province supervisor's 汇总表 (every row of the year) through gunicorn: (seconds, rows, bytes)."""
    import io

    import openpyxl
    from django.urls import reverse

    started = time.perf_counter()
    status, _, body = request_once(server.port, reverse("supervision_overview_export"), cookie)
    seconds = time.perf_counter() - started
    if status != 200 or not body.startswith(b"PK"):
        raise Refused(f"supervision_overview_export: {status} {body[:400]!r}")
    sheet = openpyxl.load_workbook(io.BytesIO(body), read_only=True).active
    return seconds, sum(1 for _ in sheet.iter_rows()) - 2, len(body)


# --- the server ----------------------------------------------------------------------------------------


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Gunicorn:
    """Gunicorn with production's settings file (config/gunicorn.conf.py: its timeout and its recycling
    of a worker past its memory limit or its max_requests) but 2 workers on a loopback port, stopped
    (with its workers) on leaving."""

    def __init__(self, env):
        self.port = free_port()
        self.env = env
        self.process = None

    def __enter__(self):
        command = [sys.executable, "-m", "gunicorn", "-c", str(ROOT / "config" / "gunicorn.conf.py")]
        command += ["config.wsgi:application", "--workers", "2", "--bind", f"127.0.0.1:{self.port}"]
        command += ["--chdir", str(ROOT), "--log-level", "warning"]
        self.process = subprocess.Popen(command, env=self.env, start_new_session=True)
        deadline = time.monotonic() + 60
        while True:
            if self.process.poll() is not None:
                raise SystemExit(f"gunicorn ended with {self.process.returncode}")
            try:
                status, _, _ = request_once(self.port, "/bench/trivial/", "")
                if status == 200:
                    return self
            except OSError:
                pass
            if time.monotonic() > deadline:
                raise SystemExit("gunicorn did not answer within 60 s")
            time.sleep(0.2)

    def __exit__(self, *exc):
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(30)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()

    def workers_rss(self):
        """{worker pid: VmRSS in MB}; the workers are the master's children."""
        rss = {}
        for entry in Path("/proc").iterdir():
            if not entry.name.isdigit():
                continue
            try:
                stat = (entry / "stat").read_text()
                if int(stat.rsplit(")", 1)[1].split()[1]) != self.process.pid:
                    continue
                status = (entry / "status").read_text()
            except (OSError, IndexError, ValueError):
                continue
            kilobytes = re.search(r"^VmRSS:\s+(\d+) kB", status, re.MULTILINE)
            rss[int(entry.name)] = int(kilobytes.group(1)) / 1024 if kilobytes else 0.0
        return dict(sorted(rss.items()))


# --- the load ------------------------------------------------------------------------------------------


def request_once(port, path, cookie, connection=None):
    """(status, seconds, body) of one GET; a refusal is the caller's to report."""
    connection = connection or http.client.HTTPConnection("127.0.0.1", port, timeout=180)
    started = time.perf_counter()
    connection.request("GET", path, headers={"Cookie": cookie} if cookie else {})
    response = connection.getresponse()
    body = response.read()
    if response.status != 200:
        body = f"{response.getheader('Location', '')} {body[:400].decode(errors='replace')}".encode()
    return response.status, time.perf_counter() - started, body


class Refused(Exception):
    pass


def python_load(port, path, cookie, requests, concurrency):
    """``requests`` GETs of ``path`` over ``concurrency`` keep-alive connections: (seconds, latencies).

    Gunicorn's sync workers close each connection after the response; http.client opens the next one."""
    latencies, errors, lock = [], [], threading.Lock()
    remaining = iter(range(requests))

    def client():
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=180)
        while not errors:
            with lock:
                if next(remaining, None) is None:
                    break
            status, seconds, body = request_once(port, path, cookie, connection)
            with lock:
                if status != 200:
                    errors.append(f"{path}: {status} {body.decode(errors='replace')}")
                latencies.append(seconds)
        connection.close()

    threads = [threading.Thread(target=client) for _ in range(concurrency)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    if errors:
        raise Refused(errors[0])
    return time.perf_counter() - started, latencies


WRK_LATENCY = re.compile(r"^\s+(50|99)%\s+([\d.]+)(us|ms|s)\s*$", re.MULTILINE)


def wrk_load(port, path, cookie, seconds, concurrency):
    """wrk on ``path`` for ``seconds``: (requests, seconds, {50: ms, 99: ms}). wrk counts a 302 as a
    success, so the caller has checked the page answers 200 first."""
    command = [
        "wrk",
        "-t",
        str(min(2, concurrency)),
        "-c",
        str(concurrency),
        "-d",
        f"{seconds}s",
        "--latency",
    ]
    command += ["-H", f"Cookie: {cookie}"] if cookie else []
    output = subprocess.run(
        [*command, f"http://127.0.0.1:{port}{path}"], capture_output=True, text=True, check=True
    ).stdout
    if "Non-2xx or 3xx responses" in output:
        raise Refused(f"{path}: wrk saw refused responses\n{output}")
    done = int(re.search(r"(\d+) requests in", output).group(1))
    unit = {"us": 0.001, "ms": 1.0, "s": 1000.0}
    percentiles = {int(p): float(value) * unit[u] for p, value, u in WRK_LATENCY.findall(output)}
    return done, float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1)), percentiles


class Figures:
    """One page's requests over all rounds."""

    def __init__(self):
        self.requests, self.seconds, self.latencies, self.wrk = 0, 0.0, [], []

    def rate(self):
        if self.wrk:
            return statistics.mean(rate for _, rate, _ in self.wrk)
        return self.requests / self.seconds

    def percentile(self, p):
        if self.wrk:
            return statistics.median(percentiles[p] for _, _, percentiles in self.wrk)
        cuts = (
            statistics.quantiles(self.latencies, n=100, method="inclusive") if len(self.latencies) > 1 else []
        )
        return (cuts[p - 1] if cuts else self.latencies[0]) * 1000


def load(server, page_list, cookies, args):
    figures = {page.name: Figures() for page in page_list}
    use_wrk = shutil.which("wrk") is not None
    print(
        f"load: {'wrk, ' + str(args.duration) + ' s' if use_wrk else 'Python client, ' + str(args.requests) + ' requests'}"
        f" a page a round, {args.concurrency} connections, {args.rounds} rounds"
    )
    # Untimed: each worker's first requests import and compile what later ones reuse.
    for page in page_list:
        python_load(
            server.port,
            page.path,
            cookies.get(page.user.pk, "") if page.user else "",
            2 * args.concurrency,
            args.concurrency,
        )
    for round_number in range(1, args.rounds + 1):
        for page in page_list:
            cookie = cookies.get(page.user.pk, "") if page.user else ""
            status, _, body = request_once(server.port, page.path, cookie)
            if status != 200:
                raise Refused(f"{page.name} ({page.path}): {status} {body.decode(errors='replace')}")
            total = figures[page.name]
            if use_wrk:
                done, rate, percentiles = wrk_load(
                    server.port, page.path, cookie, args.duration, args.concurrency
                )
                total.wrk.append((done, rate, percentiles))
                total.requests += done
            else:
                seconds, latencies = python_load(
                    server.port, page.path, cookie, args.requests, args.concurrency
                )
                total.requests += len(latencies)
                total.seconds += seconds
                total.latencies += latencies
        print(f"  round {round_number} done; workers' RSS {rss_line(server)}")
    return figures


def rss_line(server):
    return ", ".join(f"{pid}: {mb:.0f} MB" for pid, mb in server.workers_rss().items())


def table(page_list, figures, queries):
    floor = figures[page_list[1].name].rate()
    print()
    print("| page | req/s | ÷ floor | p50 / p99 ms | queries | requests |")
    print("|---|---|---|---|---|---|")
    for page in page_list:
        f = figures[page.name]
        print(
            f"| {page.name} | {f.rate():,.1f} | {f.rate() / floor:.0%} | {f.percentile(50):,.0f} / "
            f"{f.percentile(99):,.0f} | {queries[page.name]} | {f.requests:,} |"
        )
    trivial = figures[page_list[0].name].rate()
    print(
        f"\nfloor ÷ trivial: {floor / trivial:.0%} (target ≥ 40%); the pages' target: ≥ 25% of the floor, p99 < 300 ms"
    )


def exports(server, meeting, cookie, count):
    """``count`` PDF exports of the big meeting's documents (those whose length does not grow with the
    province), one at a time, each checked to be a PDF."""
    from django.urls import reverse

    seconds = []
    for n in range(count):
        path = reverse("document_download", args=[meeting.pk, EXPORTS[n % len(EXPORTS)], "pdf"])
        connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=180)
        started = time.perf_counter()
        connection.request("GET", path, headers={"Cookie": cookie})
        response = connection.getresponse()
        body = response.read()
        connection.close()
        if response.status != 200 or not body.startswith(b"%PDF"):
            raise Refused(f"{path}: {response.status} {response.getheader('Location', '')} {body[:400]!r}")
        seconds.append(time.perf_counter() - started)
    return seconds


def scan_figures():
    """The reminders' scan on this database as bench/scan_reminders.py times it: a fresh day (the day's
    rows and state deleted first, so a reused database scans afresh), then a re-run 10 minutes later."""
    from reminders.models import Reminder, ScanState

    Reminder.objects.all().delete()
    ScanState.objects.all().delete()
    broker = Path(os.environ["BENCH_BROKER_DIR"])
    publishes = scan_reminders.Publishes()
    moment = datetime.datetime.combine(DAY, datetime.time(8), tzinfo=SHANGHAI)
    scan_reminders.report("scan of a fresh day", [scan_reminders.timed_scan(moment, publishes, broker)])
    again = moment + datetime.timedelta(minutes=10)
    scan_reminders.report("re-run of the same day", [scan_reminders.timed_scan(again, publishes, broker)])


def database_exists(url, name):
    import psycopg

    with psycopg.connect(scan_reminders.with_database(url, "postgres"), autocommit=True) as connection:
        return (
            connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone() is not None
        )


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=float, choices=[0.01, 0.1, 1.0], default=1.0)
    parser.add_argument("--requests", type=int, default=20, help="a page's requests a round (Python client)")
    parser.add_argument("--duration", type=int, default=5, help="seconds a page a round (wrk)")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--concurrency", type=int, default=4)
    parser.add_argument("--exports", type=int, default=20, help="PDF exports after the pages")
    parser.add_argument("--database", default="shenghuohui_province", help="the database created and dropped")
    parser.add_argument("--keep", action="store_true", help="keep the database afterwards")
    parser.add_argument("--reuse", action="store_true", help="use the kept database instead of building it")
    args = parser.parse_args()
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        sys.exit("需要 PostgreSQL：DATABASE_URL=postgres://postgres@127.0.0.1:5432/shenghuohui")
    if args.database.startswith("test_"):
        sys.exit("拒绝使用以 test_ 开头的数据库：那是测试运行的数据库。")
    if args.reuse and not database_exists(url, args.database):
        sys.exit(f"没有可复用的数据库 {args.database}：先不带 --reuse、带 --keep 运行一次。")

    # A TERM (a job runner ending the bench) stops it as Ctrl-C does: through the finally below.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit("terminated"))
    print(f"load average at start: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    broker = Path(tempfile.mkdtemp(prefix="bench-province-broker-"))
    for folder in ("queue", "processed", "control"):
        (broker / folder).mkdir()
    os.environ.update(
        DATABASE_URL=scan_reminders.with_database(url, args.database),
        DJANGO_SETTINGS_MODULE="bench.province_settings",
        SECRET_KEY=secrets.token_urlsafe(50),
        BENCH_BROKER_DIR=str(broker),
        PYTHONPATH=str(ROOT),
    )
    built = False
    try:
        if not args.reuse:
            scan_reminders.server_command(url, f'DROP DATABASE IF EXISTS "{args.database}"')
            scan_reminders.server_command(url, f'CREATE DATABASE "{args.database}"')
        built = True
        import django

        django.setup()
        logging.getLogger("kombu.connection").setLevel(logging.ERROR)
        from django.core.management import call_command

        started = time.perf_counter()
        call_command("migrate", verbosity=0)
        if not args.reuse:
            summary, steps = fill(scaled(args.scale))
            print(
                f"database {args.database} ({args.scale:.0%} of the province) built in "
                f"{time.perf_counter() - started:.0f} s ("
                + ", ".join(f"{name} {seconds:.0f} s" for name, seconds in steps.items())
                + "): "
                + ", ".join(f"{n:,} {what}" for what, n in summary.items())
            )
        people = cast()
        page_list = pages(people)
        queries = query_counts(page_list)
        for page in page_list:
            if page.name.startswith("overview, province"):
                print_explain(page)
        cookies = session_cookies({page.user.pk: page.user for page in page_list if page.user}.values())
        with Gunicorn(dict(os.environ)) as server:
            print(f"gunicorn on 127.0.0.1:{server.port}, workers' RSS at start {rss_line(server)}")
            figures = load(server, page_list, cookies, args)
            table(page_list, figures, queries)
            requested = sum(f.requests for f in figures.values())
            print(f"workers' RSS after {requested:,} page requests: {rss_line(server)}")
            seconds, rows, size = summary_export(server, cookies[people.province_supervisor.pk])
            print(
                f"汇总表 (xlsx) of the province supervisor: {rows:,} rows, {size / 1e6:.1f} MB in {seconds:.1f} s "
                f"(target < 5 s); workers' RSS after it: {rss_line(server)}"
            )
            if args.exports:
                seconds = exports(server, people.meeting, cookies[people.clerk.pk], args.exports)
                # A worker the last export took past the limit exits after its response (the recycling of
                # config/gunicorn.conf.py); the next request would meet its replacement.
                time.sleep(2)
                print(
                    f"{args.exports} PDF exports ({', '.join(EXPORTS)} in turn): median {statistics.median(seconds):.1f} s, "
                    f"slowest {max(seconds):.1f} s; workers' RSS after them: {rss_line(server)}"
                )
        scan_figures()
        print(f"load average at end: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    except Refused as refused:
        sys.exit(f"refused: {refused}")
    finally:
        if "django" in sys.modules and built:
            from django.db import connections

            connections.close_all()
        shutil.rmtree(broker, ignore_errors=True)
        if built and not args.keep:
            scan_reminders.server_command(url, f'DROP DATABASE IF EXISTS "{args.database}"')


if __name__ == "__main__":
    main()
