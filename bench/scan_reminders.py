"""Bench: the reminders' scan (reminders.scan.scan) on PostgreSQL with a province's worth of data.

    cd /work/main && DATABASE_URL=postgres://postgres@127.0.0.1:5432/shenghuohui \\
        .venv/bin/python bench/scan_reminders.py [--items 300000] [--meetings 10000] [--runs 3]

The script creates its own database beside the one DATABASE_URL names (``shenghuohui_bench``), migrates
it, fills it (an organisation tree, 10,000 meetings with their schedules and plans, drafts for the
meetings still before the meeting, 300,000 rectification items with deadlines spread over ±400 days
and mixed statuses), times the scan, and drops the database at the end (``--keep`` keeps it). The
broker is kombu's filesystem transport in a temporary folder, whatever REDIS_URL says, and no worker
runs: the sends are handed to the broker as in production but never delivered. See bench/README.md.

Printed: the time of a scan of a fresh day (median of ``--runs`` consecutive days, each inserting its
rows), the part of it spent handing the sends to the broker (in tasks of ``reminders.scan.BATCH_SIZE``
rows), the database's part, this process's CPU time, the queries, the rows inserted; the same for a
re-run of the same day (what the beat does every 10 minutes after the first scan of the day: it reads
only what changed since the last scan), and for a re-run at 10:10 after an item's deadline was moved to
the day at 10:00 (it must insert that item's reminder); the slowest queries; and EXPLAIN ANALYZE of the
item query, saying whether it uses the (status, deadline) index of rectification items.
"""

import argparse
import datetime
import logging
import os
import random
import secrets
import shutil
import statistics
import sys
import tempfile
import time
import zoneinfo
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")
CITIES = 20
MEETINGS_PER_TEAM = 5  # one a year
MEMBERS_PER_TEAM = 5  # besides the secretary; plus one office clerk per team
BATCH = 5000


def with_database(url, name):
    parts = urlsplit(url)
    return urlunsplit(parts._replace(path=f"/{name}"))


def server_command(url, sql):
    """Runs ``sql`` on the server's maintenance database (CREATE / DROP DATABASE cannot run in a transaction)."""
    import psycopg

    with psycopg.connect(with_database(url, "postgres"), autocommit=True) as connection:
        connection.execute(sql)


def copy_rows(model, fields, rows):
    """Writes ``rows`` (tuples in the order of ``fields``) into ``model``'s table with COPY; returns the count."""
    from django.db import connection

    columns = ", ".join(connection.ops.quote_name(model._meta.get_field(name).column) for name in fields)
    count = 0
    with (
        connection.cursor() as cursor,
        cursor.copy(f"COPY {model._meta.db_table} ({columns}) FROM STDIN") as copy,
    ):
        for row in rows:
            copy.write_row(row)
            count += 1
    return count


def stage_for(delta, rng):
    """A stage that fits a meeting ``delta`` days from the scanned day (negative: already held)."""
    choices = (
        (20, ["planning", "planning", "study", "opinions"]),
        (8, ["study", "opinions", "talks"]),
        (0, ["talks", "drafting"]),
        (-15, ["meeting", "rectification"]),
        (-120, ["rectification", "rectification", "reporting"]),
        (-(10**6), ["closed", "closed", "closed", "reporting", "rectification"]),
    )
    for above, stages in choices:
        if delta > above:
            return rng.choice(stages)
    raise AssertionError(delta)


def fill(day, meeting_count, item_count, seed=7):
    """The data, relative to the scanned ``day``; returns a summary of what was written."""
    from django.db import connection
    from django.utils import timezone

    from inspection.models import Draft, DraftKind, DraftStatus
    from meetings.models import Meeting, ScheduleItem
    from meetings.models.plan import Plan
    from meetings.schedule import build_schedule
    from orgs.models import Organisation, Role, RoleAssignment, User
    from rectification.models import Item, ItemStatus, RectificationList

    rng = random.Random(seed)
    now = timezone.now()
    teams = max(1, meeting_count // MEETINGS_PER_TEAM)

    province = Organisation.objects.create(name="某省委", team_name="某省委常委班子")
    cities = [
        Organisation(name=f"第{n}市委", team_name=f"第{n}市委常委班子", parent=province)
        for n in range(CITIES)
    ]
    Organisation.objects.bulk_create(cities)
    for city in cities:
        city.path = f"{province.path}{city.pk}/"
    Organisation.objects.bulk_update(cities, ["path"])
    units = [
        Organisation(name=f"第{n}县（局）", team_name=f"第{n}县（局）领导班子", parent=cities[n % CITIES])
        for n in range(teams)
    ]
    Organisation.objects.bulk_create(units, batch_size=BATCH)
    for unit in units:
        unit.path = f"{unit.parent.path}{unit.pk}/"
    Organisation.objects.bulk_update(units, ["path"], batch_size=BATCH)

    people_per_team = MEMBERS_PER_TEAM + 2
    users = User.objects.bulk_create(
        (
            User(username=f"u{n}", display_name=f"人员{n}", email=f"u{n}@example.org", password="!")
            for n in range(teams * people_per_team + CITIES)
        ),
        batch_size=BATCH,
    )
    team_people, supervisors = users[: teams * people_per_team], users[teams * people_per_team :]
    assignments = []
    for index, unit in enumerate(units):
        office, secretary, *members = team_people[index * people_per_team : (index + 1) * people_per_team]
        assignments.append(RoleAssignment(user=office, organisation=unit, role=Role.OFFICE))
        assignments.append(RoleAssignment(user=secretary, organisation=unit, role=Role.SECRETARY))
        assignments += [
            RoleAssignment(user=member, organisation=unit, role=Role.MEMBER, order=n)
            for n, member in enumerate(members, 1)
        ]
    assignments += [
        RoleAssignment(user=user, organisation=city, role=Role.SUPERVISOR)
        for user, city in zip(supervisors, cities, strict=True)
    ]
    RoleAssignment.objects.bulk_create(assignments, batch_size=BATCH)

    meetings = []
    for n in range(meeting_count):
        date = day + datetime.timedelta(days=rng.randint(-400, 400))
        meetings.append(
            Meeting(
                organisation=units[n % teams],
                year=date.year - 1 if date.month < 4 else date.year,
                theme="深入学习贯彻新思想，担当作为",
                date=date,
                place="常委会议室",
                stage=stage_for((date - day).days, rng),
            )
        )
    Meeting.objects.bulk_create(meetings, batch_size=BATCH)
    Plan.objects.bulk_create(
        (
            Plan(
                meeting=m, status=rng.choice(["draft", "submitted"]) if m.stage == "planning" else "approved"
            )
            for m in meetings
        ),
        batch_size=BATCH,
    )
    schedule = [row for meeting in meetings for row in build_schedule(meeting)]
    copy_rows(
        ScheduleItem,
        ["meeting", "activity", "title", "stage", "offset_days", "due_date", "order"],
        ((r.meeting.pk, r.activity, r.title, r.stage, r.offset_days, r.due_date, r.order) for r in schedule),
    )

    team_index = {unit.pk: index for index, unit in enumerate(units)}

    def team_of(meeting):
        """[office, secretary, member 1 … member 5] of the meeting's team."""
        index = team_index[meeting.organisation_id]
        return team_people[index * people_per_team : (index + 1) * people_per_team]

    # Drafts for the meetings still being prepared: the team's material and each member's outline.
    drafted = [m for m in meetings if m.stage in ("opinions", "talks", "drafting")]
    statuses = [DraftStatus.WRITING] * 2 + [DraftStatus.SUBMITTED, DraftStatus.RETURNED, DraftStatus.APPROVED]
    drafts = []
    for meeting in drafted:
        members = team_of(meeting)[2:]
        drafts.append(Draft(meeting=meeting, kind=DraftKind.TEAM, status=rng.choice(statuses)))
        drafts += [
            Draft(
                meeting=meeting, kind=DraftKind.PERSONAL, author=member, order=n, status=rng.choice(statuses)
            )
            for n, member in enumerate(members, 1)
        ]
    Draft.objects.bulk_create(drafts, batch_size=BATCH)

    # Rectification lists (the team's and each member's) for the meetings already held, and the items.
    held = [m for m in meetings if m.stage in ("rectification", "reporting", "closed")]
    lists = []
    for meeting in held:
        lists.append(RectificationList(meeting=meeting, order=0))
        lists += [
            RectificationList(meeting=meeting, member=member, order=n)
            for n, member in enumerate(team_of(meeting)[2:], 1)
        ]
    RectificationList.objects.bulk_create(lists, batch_size=BATCH)
    status_choices = [ItemStatus.CLOSED] * 8 + [ItemStatus.CARRIED_OVER] * 2 + [ItemStatus.NOT_STARTED] * 4
    status_choices += [ItemStatus.IN_PROGRESS] * 4 + [ItemStatus.DONE] * 2
    numbers = {}

    def item_rows():
        for n in range(item_count):
            rectification_list = lists[rng.randrange(len(lists))]
            number = numbers[rectification_list.pk] = numbers.get(rectification_list.pk, 0) + 1
            deadline = None if rng.random() < 0.05 else day + datetime.timedelta(days=rng.randint(-400, 400))
            yield (
                rectification_list.pk,
                rectification_list.meeting_id,
                number,
                f"问题{n}：调查研究不够深入，解决群众急难愁盼问题办法不多。",
                "",
                "深入基层调研，建立问题台账，逐项推动解决。",
                rectification_list.member_id,
                "办公室",
                deadline,
                "by_date" if deadline else "ongoing",
                rng.choice(status_choices),
                now,
                now,
            )

    columns = "rectification_list meeting number problem manifestation measures owner unit deadline kind status created_at updated_at"
    copy_rows(Item, columns.split(), item_rows())
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return {
        "organisations": 1 + CITIES + teams,
        "users": len(users),
        "meetings": len(meetings),
        "schedule rows": len(schedule),
        "drafts": len(drafts),
        "rectification lists": len(lists),
        "items": Item.objects.count(),
        "open items with a deadline": Item.objects.open().exclude(deadline=None).count(),
    }


class Publishes:
    """Counts the sends handed to the broker and notes when the first one started (Celery's own signal)."""

    def __init__(self):
        from celery.signals import before_task_publish

        self.count, self.first = 0, None
        before_task_publish.connect(self.on_publish, weak=False)

    def on_publish(self, **kwargs):
        self.count += 1
        if self.first is None:
            self.first = time.perf_counter()

    def reset(self):
        self.count, self.first = 0, None


def timed_scan(moment, publishes, broker_folder):
    """One scan at ``moment``: (wall seconds, seconds handing sends to the broker, queries, CPU seconds
    of this process, result).

    Afterwards the rows are marked sent, as the worker would within seconds, and the broker's folder is
    emptied, so the next scan finds nothing pending from this one."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from reminders.models import Reminder, ReminderStatus
    from reminders.scan import scan

    publishes.reset()
    with CaptureQueriesContext(connection) as queries:
        started, cpu = time.perf_counter(), time.process_time()
        result = scan(now=moment)
        ended, cpu = time.perf_counter(), time.process_time() - cpu
    handing_over = ended - publishes.first if publishes.first else 0.0
    Reminder.objects.filter(status=ReminderStatus.PENDING).update(status=ReminderStatus.SENT)
    for message in (broker_folder / "queue").iterdir():
        message.unlink()
    return ended - started, handing_over, queries.captured_queries, cpu, result


def report(title, runs):
    from reminders.scan import BATCH_SIZE

    walls = [wall for wall, *_ in runs]
    handing = [over for _, over, *_ in runs]
    results = [result for *_, result in runs]
    queries = [len(captured) for _, _, captured, *_ in runs]
    in_database = [sum(float(query["time"]) for query in captured) for _, _, captured, *_ in runs]
    cpu = [seconds for *_, seconds, _ in runs]
    read = {"everything" if r.read_everything else "the changes since the last scan" for r in results}
    print(
        f"{title}: {statistics.median(walls) * 1000:,.0f} ms median of {len(runs)} "
        f"({', '.join(f'{wall * 1000:,.0f}' for wall in walls)} ms), of which handing the sends to the "
        f"broker {statistics.median(handing) * 1000:,.0f} ms and waiting on the database "
        f"{statistics.median(in_database) * 1000:,.0f} ms; this process's CPU "
        f"{statistics.median(cpu) * 1000:,.0f} ms; read {' / '.join(sorted(read))}; queries "
        f"{'/'.join(map(str, queries))}; rows inserted {'/'.join(str(r.inserted) for r in results)}; "
        f"requeued {'/'.join(str(r.requeued) for r in results)}; queued "
        f"{'/'.join(str(r.queued) for r in results)} in {'/'.join(str(-(-r.queued // BATCH_SIZE)) for r in results)} tasks"
    )


def move_an_item_to(day, moment):
    """An open item due a month after ``day`` moved to ``day`` at ``moment``, as the office edits it (the
    stamp is the bench's clock, not the machine's); returns it."""
    from rectification.models import Item

    item = Item.objects.open().filter(deadline=day + datetime.timedelta(days=30)).order_by("pk").first()
    Item.objects.filter(pk=item.pk).update(deadline=day, updated_at=moment)
    return item


def slowest_queries(captured, count=6):
    print(f"  slowest of its {len(captured)} queries:")
    for query in sorted(captured, key=lambda q: -float(q["time"]))[:count]:
        sql = " ".join(query["sql"].split())
        print(f"    {float(query['time']) * 1000:8.1f} ms  {sql[:150]}{'…' if len(sql) > 150 else ''}")


def explain_item_query(day):
    from django.db import connection

    from rectification.models import Item
    from reminders import deadlines
    from reminders.scan import DEFAULT_RULE

    dates = list(DEFAULT_RULE.offsets(day))
    rows = deadlines.SOURCES["item"].rows().filter(deadline__in=dates)
    with connection.cursor() as cursor:
        constraints = connection.introspection.get_constraints(cursor, Item._meta.db_table)
    index = next(
        name for name, c in constraints.items() if c["index"] and c["columns"] == ["status", "deadline"]
    )
    plan = rows.explain(analyze=True, buffers=True)
    print(
        f"EXPLAIN ANALYZE of the item query for {day} ({len(dates)} due dates: 3 and 1 days ahead, the day, 52 weeks back):"
    )
    for line in plan.splitlines():
        print(f"  {line}")
    print(f"uses the (status, deadline) index {index}: {'yes' if index in plan else 'NO'}")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--items", type=int, default=300_000)
    parser.add_argument("--meetings", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--day", type=datetime.date.fromisoformat, default=datetime.date(2027, 4, 17))
    parser.add_argument("--database", default="shenghuohui_bench", help="the database created and dropped")
    parser.add_argument("--keep", action="store_true", help="keep the database afterwards")
    args = parser.parse_args()
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        sys.exit("需要 PostgreSQL：DATABASE_URL=postgres://postgres@127.0.0.1:5432/shenghuohui")

    server_command(url, f'DROP DATABASE IF EXISTS "{args.database}"')
    server_command(url, f'CREATE DATABASE "{args.database}"')
    broker_folder = Path(tempfile.mkdtemp(prefix="bench-scan-broker-"))
    os.environ["DATABASE_URL"] = with_database(url, args.database)
    os.environ.pop("REDIS_URL", None)  # the filesystem broker in the temporary folder, never a real queue
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings"
    os.environ.setdefault("SECRET_KEY", secrets.token_urlsafe(50))  # production settings refuse none
    import django

    django.setup()
    # kombu warns on every connection that the filesystem transport's URL names no host: noise here.
    logging.getLogger("kombu.connection").setLevel(logging.ERROR)
    from django.core.management import call_command
    from django.db import connections

    from config.celery import app

    options = {key: str(broker_folder / key) for key in ("queue", "processed", "control")}
    for folder in options.values():
        Path(folder).mkdir()
    app.conf.broker_url = "filesystem://"
    app.conf.broker_transport_options = {
        "data_folder_in": options["queue"],
        "data_folder_out": options["queue"],
        "processed_folder": options["processed"],
        "control_folder": options["control"],
        "store_processed": False,
    }
    try:
        started = time.perf_counter()
        call_command("migrate", verbosity=0)
        migrated = time.perf_counter()
        summary = fill(args.day, args.meetings, args.items)
        print(
            f"database {args.database}: migrated in {migrated - started:.1f} s, filled in "
            f"{time.perf_counter() - migrated:.1f} s: "
            + ", ".join(f"{count:,} {what}" for what, count in summary.items())
        )
        publishes = Publishes()
        days = [args.day + datetime.timedelta(days=n) for n in range(args.runs)]
        fresh = [
            timed_scan(
                datetime.datetime.combine(day, datetime.time(8), tzinfo=SHANGHAI), publishes, broker_folder
            )
            for day in days
        ]
        report("scan of a fresh day", fresh)
        slowest_queries(sorted(fresh, key=lambda run: run[0])[len(fresh) // 2][2])
        last = datetime.datetime.combine(days[-1], datetime.time(8), tzinfo=SHANGHAI)
        again = [
            timed_scan(last + datetime.timedelta(minutes=10 * n), publishes, broker_folder)
            for n in range(1, args.runs + 1)
        ]
        report("re-run of the same day (every beat after the first)", again)
        ten = datetime.datetime.combine(days[-1], datetime.time(10), tzinfo=SHANGHAI)
        item = move_an_item_to(days[-1], ten)
        edited = timed_scan(ten + datetime.timedelta(minutes=10), publishes, broker_folder)
        report(f"re-run at 10:10 after item {item.pk}'s deadline was moved to the day at 10:00", [edited])
        explain_item_query(args.day)
    finally:
        connections.close_all()
        shutil.rmtree(broker_folder, ignore_errors=True)
        if not args.keep:
            server_command(url, f'DROP DATABASE IF EXISTS "{args.database}"')


if __name__ == "__main__":
    main()
