"""The scan: which reminders are due today, written as rows before anything is sent (DESIGN §8).

For each day since the last scan (at most a week back, so an outage is caught up), the rules say which
due dates are reminded that day: 3 and 1 days before, on the day, then every 7 days while overdue.
``deadlines.due_on`` reads the open deadlines due on those dates (one query per kind), and each
(deadline, recipient, offset, due date) becomes a row of ``Reminder``. The rows are inserted with
``ignore_conflicts`` under a unique constraint, so a second beat, a re-run or a concurrent scan on
another machine inserts nothing twice; the sends are enqueued after the commit, only for the rows
this scan inserted, plus any row still pending from a send the broker refused (an outage).
"""

import datetime
import logging
import secrets
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from . import deadlines
from .models import Reminder, ReminderRule, ReminderStatus, ScanState

logger = logging.getLogger(__name__)

CATCH_UP_DAYS = 7  # after an outage, reminders of at most this many missed days are still sent
MAX_OVERDUE_REMINDERS = 52  # weekly for a year, then the digests carry on
REQUEUE_AFTER = datetime.timedelta(minutes=10)  # a pending row older than this is enqueued again


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


def _days_to_cover(today, catch_up_days=None):
    """The days since the last scan (at most CATCH_UP_DAYS), or, with ``catch_up_days``, the last
    that many days whatever was scanned before (a first scan of a new database: the demo)."""
    if catch_up_days:
        first = today - datetime.timedelta(days=min(catch_up_days, CATCH_UP_DAYS) - 1)
        return [first + datetime.timedelta(days=n) for n in range((today - first).days + 1)]
    state = ScanState.objects.filter(name="reminders").first()
    first = today
    if state and state.last_day and state.last_day < today:
        first = max(
            state.last_day + datetime.timedelta(days=1), today - datetime.timedelta(days=CATCH_UP_DAYS - 1)
        )
    return [first + datetime.timedelta(days=n) for n in range((today - first).days + 1)]


def rows_for_day(day, custom_rules):
    """Reminder rows (unsaved) of every deadline a rule reminds on ``day``."""
    offsets_by_rule = {rule: rule.offsets(day) for rule in {DEFAULT_RULE, *custom_rules.values()}}
    dates = {date for offsets in offsets_by_rule.values() for date in offsets}
    rows = []
    for deadline in deadlines.due_on(dates):
        offsets = offsets_by_rule[custom_rules.get(deadline.meeting_id, DEFAULT_RULE)]
        offset = offsets.get(deadline.due_date)
        if offset is None:
            continue
        for user_id in dict.fromkeys([*deadline.responsible, *deadline.told]):
            rows.append(
                Reminder(
                    kind=deadline.kind,
                    object_id=deadline.object_id,
                    recipient_id=user_id,
                    offset=offset,
                    meeting_id=deadline.meeting_id,
                    title=deadline.title[:300],
                    due_date=deadline.due_date,
                    url=deadline.url,
                )
            )
    return rows


def scan(now=None, catch_up_days=None):
    """Writes the due reminders and enqueues their sends after the commit; returns what it queued.

    ``catch_up_days``: cover that many days back (at most a week) even on a first scan; the unique
    rows keep it from sending anything twice.
    """
    now = now or timezone.now()
    today = timezone.localdate(now)
    token = secrets.token_hex(16)
    with transaction.atomic():
        days = _days_to_cover(today, catch_up_days)
        custom = rules()
        rows = [row for day in days for row in rows_for_day(day, custom)]
        # One order for every scan: two scans inserting the same rows take their locks in the same
        # order on PostgreSQL, so they cannot deadlock.
        rows.sort(key=lambda r: (r.kind, r.object_id, r.recipient_id, r.offset, r.due_date))
        for row in rows:
            row.scan = token
            row.created_at = now
        Reminder.objects.bulk_create(rows, ignore_conflicts=True, batch_size=1000)
        # Only the rows this scan inserted carry its token: a row another scan inserted first keeps its own.
        inserted = list(Reminder.objects.filter(scan=token).values_list("pk", flat=True))
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
        ScanState.objects.update_or_create(name="reminders", defaults={"last_day": today, "last_run_at": now})
        result = ScanResult(days, len(inserted), len(requeued))
        ids = inserted + requeued

        def hand_over():
            result.queued = enqueue(ids)

        transaction.on_commit(hand_over)
    return result


def enqueue(ids):
    """Hands the sends to Celery. A broker that is down refuses: the rows stay pending and the next
    scan enqueues them again, so nothing is lost and no page waits on the broker."""
    from .tasks import send_reminder

    sent = []
    for pk in ids:
        try:
            send_reminder.delay(pk)
        except Exception as error:  # kombu raises a different error per transport; all mean "not queued"
            logger.warning("提醒 %s 未能进入队列（%s），下次扫描时重试。", pk, error)
            break
        sent.append(pk)
    if sent:
        Reminder.objects.filter(pk__in=sent).update(enqueued_at=timezone.now())
    return len(sent)
