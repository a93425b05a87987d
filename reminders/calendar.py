"""Calendars (ICS, RFC 5545): a private feed of one person's open deadlines, and one meeting's schedule.

Built with ``icalendar`` (escaping, line folding and time zones). Every deadline is an all-day event on
its due date with an alarm the day before at 09:00, and keeps one UID while its due date stands, so a
subscribed calendar updates the event instead of adding a second one. The deadlines are read through
``reminders.deadlines``: a thing done leaves the feed at the calendar's next refresh.
"""

import datetime
import zoneinfo
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import timezone
from icalendar import Alarm, Calendar, Event, vDuration

from documents.tree import format_date
from orgs import access

from .deadlines import open_deadlines
from .messages import absolute
from .models import CalendarToken, DeadlineKind, new_token

SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")
CONTENT_TYPE = "text/calendar; charset=utf-8"
PRODUCT = "-//民主生活会系统//截止事项日历//ZH"
# An all-day event starts at 00:00 of its day: 15 hours before is 09:00 the day before.
ALARM_BEFORE = datetime.timedelta(hours=15)
MEETING_LENGTH = datetime.timedelta(hours=3)
# What every member of the meeting may know of: the schedule (shown on the meeting's page) and the box.


def feed_token(user):
    """The user's calendar token, made on first use."""
    token, _ = CalendarToken.objects.get_or_create(user=user)
    return token


def regenerate_token(user):
    """A new address for the user's feed: the old one stops working at once."""
    token, _ = CalendarToken.objects.update_or_create(
        user=user, defaults={"token": new_token(), "created_at": timezone.now()}
    )
    return token


def feed_user(token):
    """The active user whose feed ``token`` opens, or None."""
    row = CalendarToken.objects.select_related("user").filter(token=token, user__is_active=True).first()
    return row.user if row else None


def user_deadlines(user):
    """The open deadlines the user is responsible for or told of, soonest first."""
    deadlines = open_deadlines(user_ids=[user.pk])
    return sorted(deadlines, key=lambda d: (d.due_date, d.kind, d.object_id))


def meeting_deadlines(user, meeting):
    """The meeting's open deadlines the user may know of (``orgs.access.deadlines_for``), soonest first."""
    deadlines = access.deadlines_for(user, meeting, open_deadlines(meeting=meeting))
    return sorted(deadlines, key=lambda d: (d.due_date, d.kind, d.object_id))


def _names(user_ids):
    """{user id: name} in one query."""
    return {user.pk: user.name for user in get_user_model().objects.filter(pk__in=user_ids)}


def _host():
    return urlsplit(settings.SITE_URL).hostname or "localhost"


def _calendar(name, uid, refresh=None):
    calendar = Calendar.new(name=name, prodid=PRODUCT, uid=uid)
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-timezone", "Asia/Shanghai")
    if refresh:
        calendar.add("refresh-interval", refresh, parameters={"VALUE": "DURATION"})
        calendar.add("x-published-ttl", vDuration(refresh))
    return calendar


def _alarm(description, before):
    alarm = Alarm()
    alarm.add("action", "DISPLAY")
    alarm.add("description", description)
    alarm.add("trigger", -before)
    return alarm


def deadline_event(deadline, stamp, host=None, responsible=""):
    """One deadline as an all-day event on its due date (a date, so no time zone can shift the day).

    ``responsible``: the names of the people responsible, for a calendar read by someone else."""
    link = absolute(deadline.url)
    summary = f"【截止】{deadline.title}"
    # "完成个人发言提纲并报审" says whose only to its author: others read the name.
    if responsible and deadline.kind in (DeadlineKind.DRAFT, DeadlineKind.ITEM):
        summary += f"（{responsible}）"
    lines = [deadline.title, f"会议：{deadline.meeting_title}", f"截止日期：{format_date(deadline.due_date)}"]
    if responsible:
        lines.append(f"责任人：{responsible}")
    lines.append(f"办理：{link}")
    event = Event.new(
        uid=f"{deadline.kind}-{deadline.object_id}-{deadline.due_date:%Y%m%d}@{host or _host()}",
        stamp=stamp,
        start=deadline.due_date,
        end=deadline.due_date + datetime.timedelta(days=1),
        summary=summary,
        description="\n".join(lines),
        url=link,
        transparency="TRANSPARENT",  # a deadline does not make the day busy
        categories=[DeadlineKind(deadline.kind).label],
    )
    event.add_component(_alarm(f"明天截止：{deadline.title}", ALARM_BEFORE))
    return event


def meeting_event(meeting, stamp, host=None):
    """The meeting itself: 3 hours from its start time in Shanghai, or the whole day when no time is set."""
    if meeting.start_time:
        start = datetime.datetime.combine(meeting.date, meeting.start_time, tzinfo=SHANGHAI)
        end = start + MEETING_LENGTH
        alarm = _alarm(f"明天召开：{meeting.title}", datetime.timedelta(days=1))
    else:
        start, end = meeting.date, meeting.date + datetime.timedelta(days=1)
        alarm = _alarm(f"明天召开：{meeting.title}", ALARM_BEFORE)
    link = absolute(reverse("meeting_detail", args=[meeting.pk]))
    lines = [f"会议主题：{meeting.theme}"]
    if meeting.host_id:
        lines.append(f"主持人：{meeting.host.name}")
    if meeting.place:
        lines.append(f"地点：{meeting.place}")
    lines.append(f"详情：{link}")
    event = Event.new(
        uid=f"meeting-{meeting.pk}@{host or _host()}",
        stamp=stamp,
        start=start,
        end=end,
        summary=meeting.title,
        location=meeting.place or None,
        description="\n".join(lines),
        url=link,
    )
    event.add_component(alarm)
    return event


def user_calendar(user):
    """The private feed: ``user``'s open deadlines, as bytes."""
    stamp = timezone.now()
    host = _host()
    calendar = _calendar(
        f"民主生活会截止事项（{user.name}）",
        f"deadlines-{user.pk}@{host}",
        refresh=datetime.timedelta(hours=1),
    )
    calendar.add("x-wr-caldesc", "您负责或需知悉的未完成截止事项；事项完成后自动从日历中移除。")
    for deadline in user_deadlines(user):
        calendar.add_component(deadline_event(deadline, stamp, host))
    return calendar.to_ical()


def meeting_calendar(user, meeting):
    """One meeting's schedule as ``user`` may know it: the meeting and its open deadlines, as bytes."""
    stamp = timezone.now()
    host = _host()
    calendar = _calendar(f"{meeting.title}日程", f"meeting-calendar-{meeting.pk}@{host}")
    calendar.add_component(meeting_event(meeting, stamp, host))
    deadlines = meeting_deadlines(user, meeting)
    names = _names({pk for deadline in deadlines for pk in deadline.responsible})
    for deadline in deadlines:
        responsible = (
            ""
            if user.pk in deadline.responsible
            else "、".join(names[pk] for pk in deadline.responsible if pk in names)
        )
        calendar.add_component(deadline_event(deadline, stamp, host, responsible))
    calendar.add_missing_timezones(first_date=meeting.date.replace(month=1, day=1))
    return calendar.to_ical()


def meeting_filename(meeting):
    return f"{meeting.organisation.leadership_name}{meeting.year}年民主生活会日程.ics"
