"""The reporting stage in the demo (DESIGN §10), for ``seed_demo``:

- the 2025年度 meeting, before it is archived: its 通报 approved and issued 7 days after the meeting
  (due within 10), its bundle built, its report approved and sent by 机要交换 11 days after (due within
  15), each row dated the day it happened, so the archive shows the frozen files with their SHA-256;
- the 2026年巡视整改专题 meeting: its settings written and both documents approved by the secretary, left
  for the office (``liuwenjing``) to send.
"""

import datetime

from django.utils import timezone

from meetings.models import ScheduleItem
from orgs import access

from . import services
from .models import Approval, BundleJob, DocumentKind, FrozenFile, Sending, SendingChannel
from .selectors import SCHEDULE_ACTIVITY

REPORT_RECIPIENTS = "市纪委机关、市委组织部"
NOTIFICATION_RECIPIENTS = "各党支部，县直各单位党员干部"
FOLLOW_UP = "县委办公室（电话：0888-6123456）"
SPECIAL_COPY_TO = "市委巡视工作领导小组办公室"


def _at(day, hour):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


def _approve(meeting, kind, by, at):
    approval = services.approve(meeting, kind, by)
    Approval.objects.filter(pk=approval.pk).update(at=at)


def _send(meeting, kind, by, sent_on, recipients, channel=""):
    """报送 / 印发 on ``sent_on``, the rows then dated that morning as if entered the same day."""
    sending = services.send(meeting, kind, by, sent_on=sent_on, recipients=recipients, channel=channel)
    at = _at(sent_on, 10)
    Sending.objects.filter(pk=sending.pk).update(at=at)
    FrozenFile.objects.filter(sending=sending).update(frozen_at=at)
    ScheduleItem.objects.filter(meeting=meeting, activity=SCHEDULE_ACTIVITY[kind]).update(done_at=at)
    return sending


def _build_bundle(meeting, by, day):
    """The bundle built at once, here (the command line is not a web request), dated ``day``."""
    job, _ = services.request_bundle(meeting, by)
    services.build_bundle(job.pk)
    BundleJob.objects.filter(pk=job.pk).update(
        requested_at=_at(day, 15), started_at=_at(day, 15), finished_at=_at(day, 15)
    )
    FrozenFile.objects.filter(bundle_job=job).update(frozen_at=_at(day, 15))


def report_last_year(meeting, secretary, clerk):
    """The 2025年度 meeting's report sent, 通报 issued and bundle built; nothing if already sent."""
    if Sending.objects.filter(meeting=meeting).exists():
        return
    issued_on = meeting.date + datetime.timedelta(days=7)
    sent_on = meeting.date + datetime.timedelta(days=11)
    eve = datetime.timedelta(days=1)
    services.save_settings(
        meeting,
        clerk,
        main_recipients=REPORT_RECIPIENTS,
        notification_recipients=NOTIFICATION_RECIPIENTS,
        follow_up=FOLLOW_UP,
        notification_dated=issued_on,
        report_dated=sent_on,
    )
    _approve(meeting, DocumentKind.NOTIFICATION, secretary, _at(issued_on - eve, 16))
    _send(meeting, DocumentKind.NOTIFICATION, clerk, issued_on, NOTIFICATION_RECIPIENTS)
    # Built before the report goes, so the sending records the bundle that went with it.
    _build_bundle(meeting, clerk, sent_on - eve)
    _approve(meeting, DocumentKind.REPORT, secretary, _at(sent_on - eve, 17))
    _send(meeting, DocumentKind.REPORT, clerk, sent_on, REPORT_RECIPIENTS, SendingChannel.CONFIDENTIAL)


def approve_special(meeting, secretary, clerk):
    """The 巡视整改专题 meeting's report and 通报 approved, unsent; nothing once approved (or when an
    older demo database left the meeting before the rectification stage)."""
    if Approval.objects.filter(meeting=meeting).exists() or not access.reporting_is_open(meeting):
        return
    services.save_settings(
        meeting,
        clerk,
        main_recipients=REPORT_RECIPIENTS,
        copy_recipients=SPECIAL_COPY_TO,
        notification_recipients=NOTIFICATION_RECIPIENTS,
        follow_up=FOLLOW_UP,
    )
    for kind in (DocumentKind.REPORT, DocumentKind.NOTIFICATION):
        services.approve(meeting, kind, secretary)
