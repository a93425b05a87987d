"""The demo's reporting story (reporting/demo.py): last year's report sent and archived, this year's
巡视整改专题 report approved and waiting for the office."""

import datetime
import hashlib
import io

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from docx import Document as read_docx

from documents.exporters.situation_report import situation_report
from feedback.models import FeedbackDelivery
from meetings.models import Meeting
from orgs.models import User
from reporting import selectors, services
from reporting.figures import meeting_figures
from reporting.models import BundleStatus, DocumentKind, FrozenFile, Sending, SendingChannel


@pytest.fixture
def demo(seeded_demo):
    county = {"organisation__name": "云岭县委"}
    return (
        Meeting.objects.get(year=2025, **county),
        Meeting.objects.get(year=2026, kind="special", **county),
    )


def test_last_years_report_and_notification_went_out_within_their_deadlines(demo):
    last_year, _ = demo
    report = Sending.objects.get(meeting=last_year, kind=DocumentKind.REPORT)
    notification = Sending.objects.get(meeting=last_year, kind=DocumentKind.NOTIFICATION)
    # "会后15日内报告", "10日内通报"
    assert last_year.date < report.sent_on <= last_year.date + datetime.timedelta(days=15)
    assert last_year.date < notification.sent_on <= last_year.date + datetime.timedelta(days=10)
    assert report.channel == SendingChannel.CONFIDENTIAL
    assert report.recipients == "市纪委机关、市委组织部"
    assert notification.recipients == "各党支部，县直各单位党员干部"
    # The rows are dated the day it happened, the secretary's approval before the sending.
    for sending in (report, notification):
        assert sending.at.date() == sending.sent_on
        assert sending.approval.by.username == "linzhiyuan"
        assert sending.approval.at < sending.at
    assert report.bundle.status == BundleStatus.DONE


def test_last_years_report_notification_and_bundle_are_frozen_with_their_sha256(demo):
    last_year, _ = demo
    frozen = FrozenFile.objects.filter(meeting=last_year)
    assert {(f.document, f.format) for f in frozen} == {
        (document, fmt) for document in DocumentKind.values for fmt in ("docx", "pdf")
    }
    for row in frozen:
        with row.file.open("rb") as stored:
            content = stored.read()
        assert hashlib.sha256(content).hexdigest() == row.sha256
        assert len(content) == row.size


def frozen_report_text(meeting):
    frozen = FrozenFile.objects.get(meeting=meeting, document=DocumentKind.REPORT, format="docx")
    with frozen.file.open("rb") as stored:
        return "\n".join(p.text for p in read_docx(io.BytesIO(stored.read())).paragraphs)


def test_last_years_frozen_report_reads_the_preparation_that_happened_before_the_meeting(demo):
    last_year, _ = demo
    text = frozen_report_text(last_year)
    for words in [
        "根据市纪委机关、市委组织部《关于认真开好2025年度县以上党和国家机关党员领导干部民主生活会的通知》"
        "（江组通〔2025〕71号）要求",
        "集中学习研讨2次",
        "9名班子成员中有4人撰写了学习心得体会",
        "共收到意见建议10条（座谈会3条、意见箱3条、征求意见表4条）",
        "合并重复意见1条、不予采纳1条，采纳意见建议8条",
        "征求到的意见建议已原汁原味反馈给9名班子成员",
        "会前共开展谈心谈话52次",
        "因故免谈1对：吴海涛与韩冰",
        "已审阅通过，并经督导组审定",
        "班子成员撰写个人发言提纲9份，均经审阅把关",
        "领导班子对照检查材料从6个方面查摆问题7条",
        "班子成员个人发言提纲共查摆个人问题27条",
        # Drawn up before the report went (dated 11 days after the meeting), from the drafts and opinions.
        "于2026年1月21日制定整改方案",
        "对照检查查摆的2项、征求意见建议反映的4项",
    ]:
        assert words in text
    for missing in ["本次未开展集中学习", "未记录谈心谈话", "尚未撰写", "尚未反馈", "按照民主生活会有关要求"]:
        assert missing not in text
    # The supervisor's reviews, the talks and the feedback are dated before the meeting, as they happened.
    drafts = meeting_figures(last_year).drafts
    assert drafts.reviewed_on and max(drafts.reviewed_on) < drafts.endorsed_on < last_year.date
    assert max(last_year.talks.values_list("date", flat=True)) < last_year.date
    sent = FeedbackDelivery.objects.filter(meeting=last_year).values_list("sent_at", flat=True)
    assert all(timezone.localtime(at).date() < last_year.date for at in sent)


def test_the_special_meetings_report_reads_its_preparation(demo):
    _, special = demo
    text = "".join(block.printed for block in situation_report(special).blocks if hasattr(block, "printed"))
    for words in [
        "《关于召开巡视整改专题民主生活会的通知》（江组通〔2026〕47号）要求",
        "集中学习研讨2次",
        "通过座谈会、个别访谈、意见箱等方式",
        "原汁原味反馈给9名班子成员",
        "应谈53对，已谈51对",
        "因故免谈2对",
        "均经审阅把关",
        "（五）带头深刻汲取党史中正反两方面经验方面。",
        "从问题来源看，对照检查查摆的1项、征求意见建议反映的3项、上年结转的2项",
    ]:
        assert words in text
    assert selectors.missing(special) == []


def test_the_archive_page_of_last_years_meeting_shows_every_frozen_file_to_the_supervisor(demo, client):
    last_year, _ = demo
    client.force_login(User.objects.get(username="huangweimin"))
    body = client.get(reverse("archive_page", args=[last_year.pk])).content.decode()
    for row in FrozenFile.objects.filter(meeting=last_year):
        assert row.sha256 in body


def test_the_special_meetings_report_and_notification_are_approved_current_and_unsent(demo, client):
    _, special = demo
    for kind in (DocumentKind.REPORT, DocumentKind.NOTIFICATION):
        state = services.approval_state(special, kind)
        assert state.current
        assert state.approval.by.username == "linzhiyuan"
    assert not Sending.objects.filter(meeting=special).exists()
    assert special.report_settings.main_recipients == "市纪委机关、市委组织部"
    # The office can send both right away.
    client.force_login(User.objects.get(username="liuwenjing"))
    body = client.get(reverse("reporting_page", args=[special.pk])).content.decode()
    assert 'data-testid="send-form-situation-report"' in body
    assert 'data-testid="send-form-notification"' in body


def test_the_office_sends_the_special_meetings_report_from_its_page(demo, client):
    _, special = demo
    client.force_login(User.objects.get(username="liuwenjing"))
    response = client.post(
        reverse("reporting_send", args=[special.pk, DocumentKind.REPORT]),
        {
            "sent_on": timezone.localdate().isoformat(),
            "recipients": "市纪委机关、市委组织部",
            "channel": SendingChannel.ELECTRONIC,
            "confirmed": "on",
        },
    )
    assert response.status_code == 302
    sending = Sending.objects.get(meeting=special, kind=DocumentKind.REPORT)
    assert sending.files.count() == 2


def test_running_the_demo_again_leaves_the_approvals_current(demo):
    call_command("seed_demo", stdout=io.StringIO())
    _, special = demo
    for kind in (DocumentKind.REPORT, DocumentKind.NOTIFICATION):
        assert services.approval_state(special, kind).current
