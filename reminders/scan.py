"""The scan: which reminders are due today, written as rows before anything is sent (DESIGN §8).

For each day since the last scan (at most a week back, so an outage is caught up), the rules say which
due dates are reminded that day: 3 and 1 days before, on the day, then every 7 days while overdue.
``deadlines.due_on`` reads the open deadlines due on those dates (one query per kind), and each
(deadline, recipient, offset, due date) becomes a row of ``Reminder``. The rows are inserted skipping
those a unique constraint already holds (``insert``), so a second beat, a re-run or a concurrent scan on
another machine inserts nothing twice; the sends are enqueued after the commit, only for the rows
this scan inserted, plus any row still pending from a send the broker refused (an outage), in
batches of ``BATCH_SIZE`` rows per task.

The beat scans every 10 minutes. The day's first scan reads every deadline; a re-run of the same day
reads only what may have changed since the last scan began (``deadlines.DeadlineSource.changed``: the
items, meetings, plans and records stamped since, and the few drafts every time), and writes only the
rows not written yet, so a quiet beat inserts nothing. What carries no timestamp — the meetings' rules,
the role assignments, the organisation tree — is compared as a whole (``fingerprint``): when any of it
changed, the re-run reads everything again, as the day's first scan does.
"""

import datetime
import hashlib
import logging
import secrets
from dataclasses import dataclass

from django.db import connection, transaction
from django.utils import timezone

from orgs.models import Organisation, RoleAssignment

from . import deadlines
from .models import Reminder, ReminderRule, ReminderStatus, ScanState

logger = logging.getLogger(__name__)

CATCH_UP_DAYS = 7  # after an outage, reminders of at most this many missed days are still sent
MAX_OVERDUE_REMINDERS = 52  # weekly for a year, then the digests carry on
REQUEUE_AFTER = datetime.timedelta(minutes=10)  # a pending row older than this is enqueued again
# A re-run reads what changed since the last scan began less this margin: a change saved just before
# that scan and committed after it read (a request's transaction, another machine's clock) is not missed.
CHANGES_OVERLAP = datetime.timedelta(minutes=5)
# Reminders per task: one publish per row was 11.7 s of a 14.3 s province scan (12,400 rows, 0.6–0.9 ms
# each); 500 a task is 25 publishes, and a worker sends a batch in well under the broker's visibility
# timeout (an hour on Redis).
BATCH_SIZE = 500


@dataclass(frozen=True)
class Rule:
    days_before: tuple = (3, 1)
    on_the_day: bool = True
    overdue_every_days: int = 7
    enabled: bool = True

    def offsets(self, day):
        """{due date: offset label} of the deadlines this rule reminds on ``day``."""
        if not self.enabled:
            return {}
        found = {day + datetime.timedelta(days=n): f"before-{n}" for n in self.days_before if n > 0}
        if self.on_the_day:
            found[day] = "due"
        if self.overdue_every_days:
            for week in range(1, MAX_OVERDUE_REMINDERS + 1):
                found[day - datetime.timedelta(days=week * self.overdue_every_days)] = f"overdue-{week}"
        return found

    def next_reminder(self, due_date, today):
        """(day, offset) of the first reminder sent on or after ``today`` for a deadline due on
        ``due_date`` — the first day on which ``offsets(day)`` names that due date — or None."""
        if not self.enabled:
            return None
        candidates = [
            (due_date - datetime.timedelta(days=n), f"before-{n}") for n in self.days_before if n > 0
        ]
        if self.on_the_day:
            candidates.append((due_date, "due"))
        if self.overdue_every_days:
            every = self.overdue_every_days
            week = max(1, -(-(today - due_date).days // every))  # ceiling division
            if week <= MAX_OVERDUE_REMINDERS:
                candidates.append((due_date + datetime.timedelta(days=week * every), f"overdue-{week}"))
        upcoming = [candidate for candidate in candidates if candidate[0] >= today]
        return min(upcoming) if upcoming else None


DEFAULT_RULE = Rule()


def rule_of(row):
    days = tuple(
        sorted(
            {int(n) for n in row.days_before.replace("，", ",").split(",") if n.strip().isdigit()},
            reverse=True,
        )
    )
    return Rule(days, row.on_the_day, row.overdue_every_days, row.enabled)


def rules():
    """{meeting id: Rule} of the meetings whose rule is not the default (one query)."""
    return {row.meeting_id: rule_of(row) for row in ReminderRule.objects.all()}


@dataclass
class ScanResult:
    days: list  # the days covered (more than one after an outage)
    inserted: int  # reminder rows this scan wrote
    requeued: int  # pending rows of earlier scans handed to the broker again
    queued: int | None = None  # sends the broker accepted (None until the transaction commits)
    read_everything: bool = True  # False for a re-run that read only what changed since the last scan


def _days_to_cover(today, state, catch_up_days=None):
    """The days since the last scan (``state``, at most CATCH_UP_DAYS), or, with ``catch_up_days``, the
    last that many days whatever was scanned before (a first scan of a new database: the demo)."""
    if catch_up_days:
        first = today - datetime.timedelta(days=min(catch_up_days, CATCH_UP_DAYS) - 1)
        return [first + datetime.timedelta(days=n) for n in range((today - first).days + 1)]
    first = today
    if state and state.last_day and state.last_day < today:
        first = max(
            state.last_day + datetime.timedelta(days=1), today - datetime.timedelta(days=CATCH_UP_DAYS - 1)
        )
    return [first + datetime.timedelta(days=n) for n in range((today - first).days + 1)]


def fingerprint(custom_rules):
    """A digest of what decides, for every deadline at once, when it is reminded and to whom besides
    its own row: the meetings' rules, the role assignments and the organisation tree (14,000 and 2,000
    rows in the province bench: a few tens of milliseconds)."""
    digest = hashlib.sha256(repr(sorted(custom_rules.items())).encode())
    digest.update(
        repr(
            list(RoleAssignment.objects.order_by("pk").values_list("pk", "user", "organisation", "role"))
        ).encode()
    )
    digest.update(repr(list(Organisation.objects.order_by("pk").values_list("pk", "path"))).encode())
    return digest.hexdigest()


# A reminder row as the scan builds it, in the order of the INSERT's columns; the first five are the
# unique constraint's key, in its order.
ROW_FIELDS = ("kind", "object_id", "recipient_id", "offset", "due_date", "meeting_id", "title", "url")


def rows_for_day(day, custom_rules, changed_since=None):
    """Reminder rows (tuples of ROW_FIELDS) of every deadline a rule reminds on ``day`` (with
    ``changed_since``, of those that may have changed since then)."""
    offsets_by_rule = {rule: rule.offsets(day) for rule in {DEFAULT_RULE, *custom_rules.values()}}
    dates = {date for offsets in offsets_by_rule.values() for date in offsets}
    rows = []
    for deadline in deadlines.due_on(dates, changed_since):
        offsets = offsets_by_rule[custom_rules.get(deadline.meeting_id, DEFAULT_RULE)]
        offset = offsets.get(deadline.due_date)
        if offset is None:
            continue
        title = deadline.title[:300]
        for user_id in dict.fromkeys([*deadline.responsible, *deadline.told]):
            rows.append(
                (
                    deadline.kind,
                    deadline.object_id,
                    user_id,
                    offset,
                    deadline.due_date,
                    deadline.meeting_id,
                    title,
                    deadline.url,
                )
            )
    return rows


def _key(row):
    return row[:5]


def not_written(rows):
    """The rows that have no reminder yet (one query on the unique constraint's index)."""
    if not rows:
        return rows
    kinds, object_ids, _, _, due_dates, *_ = zip(*rows, strict=True)
    written = set(
        Reminder.objects.filter(
            kind__in=set(kinds), object_id__in=set(object_ids), due_date__in=set(due_dates)
        ).values_list("kind", "object_id", "recipient", "offset", "due_date")
    )
    return [row for row in rows if _key(row) not in written]


def _changed_since(state, days, today, catch_up_days, digest):
    """The moment a re-run of today reads changes from, or None when it must read everything: the
    day's first scan, a catch-up, or rules or people changed since the last scan."""
    if catch_up_days or days != [today] or state is None or state.last_day != today:
        return None
    if not state.last_run_at or state.fingerprint != digest:
        return None
    return state.last_run_at - CHANGES_OVERLAP


def scan(now=None, catch_up_days=None):
    """Writes the due reminders and enqueues their sends after the commit; returns what it queued.

    ``catch_up_days``: cover that many days back (at most a week) even on a first scan; the unique
    rows keep it from sending anything twice.
    """
    now = now or timezone.now()
    today = timezone.localdate(now)
    token = secrets.token_hex(16)
    with transaction.atomic():
        state = ScanState.objects.filter(name="reminders").first()
        days = _days_to_cover(today, state, catch_up_days)
        custom = rules()
        digest = fingerprint(custom)
        since = _changed_since(state, days, today, catch_up_days, digest)
        rows = [row for day in days for row in rows_for_day(day, custom, since)]
        if since is not None:
            rows = not_written(rows)
        # One order for every scan: two scans inserting the same rows take their locks in the same
        # order on PostgreSQL, so they cannot deadlock.
        rows.sort(key=_key)
        inserted = insert(rows, token, now)
        stale = now - REQUEUE_AFTER
        requeued = list(
            Reminder.objects.filter(status=ReminderStatus.PENDING, created_at__lt=stale)
            .exclude(scan=token)
            .filter(enqueued_at__isnull=True)
            .values_list("pk", flat=True)
        )
        requeued += list(
            Reminder.objects.filter(status=ReminderStatus.PENDING, enqueued_at__lt=stale)
            .exclude(scan=token)
            .values_list("pk", flat=True)
        )
        ScanState.objects.update_or_create(
            name="reminders", defaults={"last_day": today, "last_run_at": now, "fingerprint": digest}
        )
        result = ScanResult(days, len(inserted), len(requeued), read_everything=since is None)
        ids = inserted + requeued

        def hand_over():
            result.queued = enqueue(ids, stamped=set(inserted))

        transaction.on_commit(hand_over)
    return result


def insert(rows, token, now):
    """Inserts the rows not written yet, each once whatever another scan does at the same time, and
    returns the ids of those this scan inserted.

    The rows are stamped as handed over, which the commit's hand-over does at once: updating 12,500
    rows after it was 0.3 s of a province scan. Rows the broker refuses are cleared (``enqueue``).
    """
    if not rows:
        return []
    if connection.vendor == "postgresql":
        return _insert_returning(rows, token, now)
    Reminder.objects.bulk_create(
        [
            Reminder(**dict(zip(ROW_FIELDS, row, strict=True)), scan=token, created_at=now, enqueued_at=now)
            for row in rows
        ],
        ignore_conflicts=True,
        batch_size=1000,
    )
    # Only the rows this scan inserted carry its token: a row another scan inserted first keeps its own.
    return list(Reminder.objects.filter(scan=token).values_list("pk", flat=True))


def _insert_returning(rows, token, now):
    """PostgreSQL: one INSERT of every row, each column an array (``unnest``), skipping the rows the unique
    constraint already holds and returning the ids of the others. bulk_create's 13 statements of 1,000
    rows × 17 values and the query for the inserted ids were 1.2 s of a province scan's database time."""
    array_types = {  # of ROW_FIELDS
        "kind": "text[]",
        "object_id": "bigint[]",
        "recipient_id": "bigint[]",
        "offset": "text[]",
        "due_date": "date[]",
        "meeting_id": "bigint[]",
        "title": "text[]",
        "url": "text[]",
    }
    fixed = {
        "status": ReminderStatus.PENDING,
        "scan": token,
        "created_at": now,
        "enqueued_at": now,
        "attempts": 0,
        "last_error": "",
    }
    quote = connection.ops.quote_name
    columns = ", ".join(quote(Reminder._meta.get_field(name).column) for name in [*ROW_FIELDS, *fixed])
    sql = (
        f"INSERT INTO {quote(Reminder._meta.db_table)} ({columns}) "
        f"SELECT *, {', '.join(['%s'] * len(fixed))} "
        f"FROM unnest({', '.join(f'%s::{array_types[name]}' for name in ROW_FIELDS)}) "
        "ON CONFLICT DO NOTHING RETURNING id"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [*fixed.values(), *map(list, zip(*rows, strict=True))])
        return [pk for (pk,) in cursor.fetchall()]


def enqueue(ids, stamped=frozenset()):
    """Hands the sends to Celery, ``BATCH_SIZE`` rows a task, and notes on the rows when. A broker that
    is down refuses: the rows stay pending and the next scan enqueues them again, so nothing is lost
    and no page waits on the broker. ``stamped``: the ids written already stamped (the scan's own)."""
    from .tasks import send_reminders

    sent = []
    for start in range(0, len(ids), BATCH_SIZE):
        batch = ids[start : start + BATCH_SIZE]
        try:
            send_reminders.delay(batch)
        except Exception as error:  # kombu raises a different error per transport; all mean "not queued"
            logger.warning("%s 条提醒未能进入队列（%s），下次扫描时重试。", len(ids) - len(sent), error)
            break
        sent += batch
    refused = ids[len(sent) :]
    if unstamped := [pk for pk in sent if pk not in stamped]:
        Reminder.objects.filter(pk__in=unstamped).update(enqueued_at=timezone.now())
    if not_handed_over := [pk for pk in refused if pk in stamped]:
        Reminder.objects.filter(pk__in=not_handed_over).update(enqueued_at=None)
    return len(sent)
