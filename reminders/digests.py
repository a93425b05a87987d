"""Digests (DESIGN §8): the office's daily list of what is overdue, the supervisor's weekly list of
overdue stages.

Everything is read with a few queries whatever the number of overdue things: one (and one for the
people) per kind of deadline through ``deadlines.SOURCES``, one for the meetings, one for the names,
one for the email preferences; then grouped in Python. Each recipient then costs a constant handful
of writes.

"Once" is the row: a ``Digest`` per (user, kind, period) under the unique constraint ``digest_once``
is inserted before anything is sent, and only the call that inserted it sends the notification and
the email. A second beat, a re-run or a concurrent worker finds the row taken and sends nothing. An
email the mail server refuses is logged and not retried (``sent_at`` stays empty): the in-app
notification is there, and tomorrow's digest lists the same things again if they are still open.
"""

import datetime
import logging
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from documents.tree import format_date
from meetings.models import Meeting
from meetings.workflow import Stage
from orgs.access import supervised_organisations
from orgs.models import Role, RoleAssignment

from . import channels, deadlines
from .messages import Message, absolute, when
from .models import DeadlineKind, Digest, DigestKind, EmailPreference, Notification

logger = logging.getLogger(__name__)

SCHEDULE_KINDS = (DeadlineKind.STAGE, DeadlineKind.BOX)  # what the supervisor's digest watches


@dataclass
class Line:
    """One overdue thing as a digest shows it."""

    kind: str
    title: str
    responsible: str
    due_date: datetime.date
    due: str
    late: str
    link: str


@dataclass
class MeetingGroup:
    meeting_id: int
    organisation_id: int
    title: str
    organisation: str
    stage: str
    link: str
    lines: list = field(default_factory=list)


@dataclass
class OrganisationGroup:
    name: str
    meetings: list = field(default_factory=list)

    @property
    def count(self):
        return sum(len(group.lines) for group in self.meetings)


def overdue(today, kinds=None, organisations=None):
    """Every open deadline due before ``today`` (of ``kinds``, of meetings of ``organisations``, a
    queryset of ids): one query per kind, plus one for the people of the kinds that have any."""
    found = []
    for kind, source in deadlines.SOURCES.items():
        if kinds is not None and kind not in kinds:
            continue
        # A draft's deadline is its meeting's drafts row, annotated by the source as ``drafts_due``.
        due_field = "drafts_due" if isinstance(source, deadlines.DraftSource) else source.due_date_field()
        rows = source.rows().filter(**{f"{due_field}__lt": today})
        if organisations is not None:
            rows = rows.filter(meeting__organisation__in=organisations)
        found.extend(source._deadlines(rows))
    return found


def _meeting_groups(found, today):
    """{meeting id: MeetingGroup} with the lines of ``found`` sorted by due date: two queries."""
    meetings = Meeting.objects.filter(pk__in={d.meeting_id for d in found}).select_related("organisation")
    groups = {
        meeting.pk: MeetingGroup(
            meeting_id=meeting.pk,
            organisation_id=meeting.organisation_id,
            title=meeting.title,
            organisation=meeting.organisation.name,
            stage=Stage(meeting.stage).label,
            link=absolute(reverse("meeting_detail", args=[meeting.pk])),
        )
        for meeting in meetings.order_by("organisation__path", "date", "pk")
    }
    people = {d_id for d in found for d_id in d.responsible}
    names = {user.pk: user.name for user in get_user_model().objects.filter(pk__in=people)}
    order = list(DeadlineKind.values)
    for deadline in sorted(found, key=lambda d: (d.due_date, order.index(d.kind), d.title, d.object_id)):
        groups[deadline.meeting_id].lines.append(
            Line(
                kind=DeadlineKind(deadline.kind).label,
                title=deadline.title,
                responsible="、".join(names[pk] for pk in deadline.responsible if pk in names) or "未指定",
                due_date=deadline.due_date,
                due=format_date(deadline.due_date),
                late=when(deadline.due_date, today),
                link=absolute(deadline.url),
            )
        )
    return groups


def _emails_off(users, kind):
    """Ids of ``users`` who turned this digest's email off (one query)."""
    return set(
        EmailPreference.objects.filter(user__in=users, kind=kind, email=False).values_list(
            "user_id", flat=True
        )
    )


def _landing(meeting_groups):
    """Where the notification leads: the meeting when there is one, the dashboard otherwise."""
    if len(meeting_groups) == 1:
        return reverse("meeting_detail", args=[meeting_groups[0].meeting_id])
    return reverse("dashboard")


def _send(user, kind, period, subject, template, context, url, count, email_wanted, now):
    """Inserts the digest's row and, only if this call inserted it, notifies and emails; returns
    whether it sent."""
    context = {**context, "user": user, "preferences": absolute(reverse("reminder_preferences"))}
    text = render_to_string(f"reminders/email/{template}.txt", context)
    with transaction.atomic():
        digest, created = Digest.objects.get_or_create(
            user=user,
            kind=kind,
            period=period,
            defaults={"body": text, "item_count": count, "created_at": now},
        )
        if not created:
            return False
        Notification.objects.create(
            user=user, digest=digest, title=subject, body=text, url=url, created_at=now
        )
    if email_wanted and user.email:
        domain = settings.SITE_URL.split("//")[-1].split("/")[0].split(":")[0] or "localhost"
        message = Message(
            recipient=user,
            subject=subject,
            text=text,
            html=render_to_string(f"reminders/email/{template}.html", context),
            link=absolute(url),
            message_id=f"<digest-{digest.pk}@{domain}>",
        )
        try:
            channels.EmailChannel().send(message)
        except Exception as error:  # any transport error: the notification stands, tomorrow's digest follows
            logger.warning("汇总提醒 %s 邮件发送失败：%s", digest.pk, error)
            return True
    Digest.objects.filter(pk=digest.pk).update(sent_at=timezone.now())
    return True


def send_office_digests(now=None):
    """逾期事项日报: each office user with something overdue in their organisations' meetings gets one
    digest a day listing it, meeting by meeting. Returns how many digests were sent."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    offices = RoleAssignment.objects.filter(role=Role.OFFICE)
    found = overdue(today, organisations=offices.values("organisation"))
    if not found:
        return 0
    groups = _meeting_groups(found, today)
    organisations_of = {}
    users = {}
    for assignment in offices.select_related("user").order_by("user_id", "organisation_id"):
        users[assignment.user_id] = assignment.user
        organisations_of.setdefault(assignment.user_id, set()).add(assignment.organisation_id)
    emails_off = _emails_off(list(users), DigestKind.OFFICE_DAILY)
    sent = 0
    for user_id, user in users.items():
        own = [group for group in groups.values() if group.organisation_id in organisations_of[user_id]]
        if not own:
            continue
        count = sum(len(group.lines) for group in own)
        subject = f"【民主生活会】逾期事项日报：{count}项工作已逾期（{format_date(today)}）"
        context = {"date": format_date(today), "count": count, "groups": own}
        sent += _send(
            user,
            DigestKind.OFFICE_DAILY,
            today,
            subject,
            "office_digest",
            context,
            _landing(own),
            count,
            user_id not in emails_off,
            now,
        )
    return sent


def send_supervisor_digests(now=None):
    """逾期阶段周报: each supervisor gets, once a week, the overdue stage deadlines of the meetings in
    the organisations they supervise, by organisation and meeting with each meeting's current stage,
    and a link to the overview of the overdue units. Returns how many digests were sent."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    monday = today - datetime.timedelta(days=today.weekday())
    found = overdue(today, kinds=SCHEDULE_KINDS)
    if not found:
        return 0
    groups = _meeting_groups(found, today)
    supervisors = list(get_user_model().objects.filter(roles__role=Role.SUPERVISOR).distinct().order_by("pk"))
    # The digest and its notification lead to the overview of every unit, filtered to what is overdue
    # (supervision.views): the supervisor sees them side by side there, not one meeting at a time.
    overview = reverse("supervision_overview") + "?overdue=1"
    emails_off = _emails_off(supervisors, DigestKind.SUPERVISOR_WEEKLY)
    sent = 0
    for user in supervisors:
        supervised = set(supervised_organisations(user).values_list("pk", flat=True))
        by_organisation = {}
        for group in groups.values():
            if group.organisation_id in supervised:
                by_organisation.setdefault(group.organisation_id, OrganisationGroup(group.organisation))
                by_organisation[group.organisation_id].meetings.append(group)
        if not by_organisation:
            continue
        organisations = list(by_organisation.values())
        count = sum(organisation.count for organisation in organisations)
        subject = f"【民主生活会】督导周报：{count}项会议日程已逾期（{format_date(monday)}当周）"
        context = {
            "date": format_date(today),
            "week": format_date(monday),
            "count": count,
            "organisations": organisations,
            "overview": absolute(overview),
        }
        sent += _send(
            user,
            DigestKind.SUPERVISOR_WEEKLY,
            monday,
            subject,
            "supervisor_digest",
            context,
            overview,
            count,
            user.pk not in emails_off,
            now,
        )
    return sent
