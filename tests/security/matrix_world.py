"""The world the access matrix walks: two counties of one city, each meeting holding real content of every
kind, each piece of confidential text carrying a marker of its own; plus the people who must see none of
it (an unrelated city's supervisor, the three administrators, a superuser with no role).

The people are those of ``tests/conftest.py``'s ``world`` (林书记, 成员1–3, 刘文静 of the office, 黄督导
of the city, 外县办公室 and 外县成员 of 石桥县委). The county meeting is built through the apps' own
services, the way a year goes: study and talks before the meeting, the record on its day, the lists and
the report after it, so that on 1 February 2027 it stands in 报告通报 with everything in it.

A marker names what it is and whose it is (``MARKERS``); the test says who may read each. A marker
opens the text it is in: lists and excerpts cut a text's end, never its beginning.
"""

import datetime
import zoneinfo
from types import SimpleNamespace

import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile

from feedback import services as opinion_services
from feedback.models import OpinionBox, OpinionStatus
from inspection import services as draft_services
from meetings import record as records
from meetings import study, talks
from meetings.models import Meeting, MeetingRecord, StudyForm
from meetings.workflow import Stage
from orgs.models import AdminRole, Role
from rectification import services as ledger
from rectification.models import Activity, ActivityKind, ItemStatus
from reminders.calendar import feed_token
from reminders.models import Notification
from reporting import services as reporting
from reporting.models import DocumentKind, FrozenFile
from tests.factories import OrganisationFactory, UserFactory, assign, make_meeting, two_counties
from tests.rectification.factories import items, member_list, team_list

SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")
# The day the matrix is walked: the meeting (20 January) held, its report and 通报 out, its lists open.
TODAY = datetime.datetime(2027, 2, 1, 10, 0, tzinfo=SHANGHAI)

# Every marker opens with the same two words, so that a page that shows any of them is found by one search
# and the admin pages' rows that hold one are found by ``MARK``.
MARK = "机密标记"
MARKERS = {
    "opinion_team": f"{MARK}班子意见",  # accepted, addressed to the team
    "opinion_box": f"{MARK}意见箱来件",  # from the public box, not yet triaged
    "opinion_to_a": f"{MARK}给成员甲的意见",  # accepted, addressed to member A alone
    "talk": f"{MARK}谈话内容",  # the talk of member A and the secretary: its topics
    "talk_criticism": f"{MARK}谈话拟批评",  # A's side: what A means to raise against the secretary
    "team_draft": f"{MARK}班子对照检查",  # the team material
    "outline_a": f"{MARK}成员甲提纲",  # member A's outline
    "comment_a": f"{MARK}提纲审阅意见",  # the secretary's comment on A's outline
    "study_session": f"{MARK}集中学习",  # a collective study session's topic
    "study_note_a": f"{MARK}成员甲自学",  # member A's self-study note
    "record": f"{MARK}会议发言",  # member A's self-criticism in the record
    "record_criticism": f"{MARK}会上批评",  # a criticism A received at the meeting, as recorded
    "item_team": f"{MARK}班子整改",  # an item of the team list
    "item_a": f"{MARK}成员甲整改",  # an item of member A's list
    "progress_a": f"{MARK}成员甲进展",  # its progress update
    "evidence_a": f"{MARK}佐证内容",  # inside its evidence file
    "activity": f"{MARK}整改调度",  # a rectification activity
    "report_next_steps": f"{MARK}下一步工作",  # the situation report's own section (report settings)
    "notification_a": f"{MARK}成员甲的通知",  # an in-app notification of member A
    "other_opinion": f"{MARK}外县意见",  # 石桥县委's meeting: an accepted team opinion
    "other_outline": f"{MARK}外县提纲",  # 石桥县委's meeting: its member's outline
    "other_study": f"{MARK}外县学习",  # 石桥县委's meeting: a study session
}


def at(day, hour=10):
    return datetime.datetime.combine(day, datetime.time(hour), tzinfo=SHANGHAI)


def set_stage(meeting, stage):
    """The meeting moved straight to ``stage``: the matrix tests who may open what, not the guards."""
    Meeting.objects.filter(pk=meeting.pk).update(stage=stage)
    meeting.stage = stage


def people():
    """The ``world`` fixture's people (``tests.factories.two_counties``), and those who must see nothing."""
    w = two_counties(other_member_order=1)
    other_city = OrganisationFactory(name="海川市委")
    unrelated_supervisor = assign(
        UserFactory(display_name="海川督导", title="海川市委组织部"), other_city, Role.SUPERVISOR
    )
    # 三员分立: administrators hold no role in any organisation. The system administrator works in the
    # Django admin (is_staff); the superuser is the account ``createsuperuser`` made, with no role either.
    admins = {
        role: UserFactory(display_name=role.label, admin_role=role, is_staff=role == AdminRole.SYSTEM)
        for role in AdminRole
    }
    superuser = UserFactory(display_name="超级用户", is_staff=True, is_superuser=True)
    return SimpleNamespace(
        **vars(w),
        other_city=other_city,
        member_a=w.members[0],
        member_b=w.members[1],
        unrelated_supervisor=unrelated_supervisor,
        system_admin=admins[AdminRole.SYSTEM],
        security_admin=admins[AdminRole.SECURITY],
        audit_admin=admins[AdminRole.AUDIT],
        superuser=superuser,
    )


def outline_content(meeting, author, lead):
    content = draft_services.new_content(meeting, author)
    content["problems"]["groups"][0]["items"] = [
        {"lead": f"{lead}。", "text": "深入基层不够。", "example": "比如，全年下基层仅4次。"}
    ]
    return content


def evidence_file(text):
    """A PDF (its type is checked by its first bytes) whose body holds ``text``."""
    body = f"%PDF-1.4\n% {text}\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n".encode()
    return SimpleUploadedFile("整改佐证.pdf", body, content_type="application/pdf")


def _before_the_meeting(w, meeting):
    """Study, opinions (one from the box), talks and drafts, recorded on 12 January."""
    a, b = w.member_a, w.member_b
    aspects = list(meeting.aspects.all())
    category = meeting.source_categories.first()
    channel = meeting.channels.first()
    w.session = study.record_session(
        meeting,
        w.office,
        date=datetime.date(2027, 1, 5),
        form=StudyForm.CENTRE_GROUP,
        topic=f"{MARKERS['study_session']}：学习贯彻党的二十大精神",
        materials="《习近平谈治国理政》第四卷",
        summary="",
    )
    w.note = study.write_note(
        meeting,
        a,
        date=datetime.date(2027, 1, 6),
        material="党章",
        text=f"{MARKERS['study_note_a']}：心得体会。",
    )

    def opinion(text, addressee=None, by=w.office, channel=channel):
        return opinion_services.create_opinion(
            meeting,
            text=text,
            channel=channel,
            category=category,
            aspect=aspects[0],
            addressee=addressee,
            by=by,
        )

    w.opinion_team = opinion(f"{MARKERS['opinion_team']}：班子调查研究不够深入。")
    w.opinion_to_a = opinion(f"{MARKERS['opinion_to_a']}：下基层调研少。", addressee=a)
    # What the public box keeps: the text and the sender's choices, never who sent it (by=None).
    w.opinion_box = opinion(
        f"{MARKERS['opinion_box']}：窗口服务态度差。", by=None, channel=opinion_services.box_channel(meeting)
    )
    assert w.opinion_box.status == OpinionStatus.NEW

    w.talk = talks.record_talk(
        meeting,
        a,
        date=datetime.date(2027, 1, 10),
        place="书记办公室",
        topics=f"{MARKERS['talk']}：思想认识和工作作风",
        improvements="共同改进调研方式",
        people=[a, w.secretary],
        own_side={
            "problems_raised": "调研不够深入。",
            "criticisms_to_raise": f"{MARKERS['talk_criticism']}：书记听取意见不够。",
        },
    )
    talks.save_side(w.talk, w.secretary, problems_raised="表态多落实少。", criticisms_to_raise="")

    team = draft_services.draft_for(meeting)
    draft_services.save_draft(
        team, outline_content(meeting, None, MARKERS["team_draft"]), base_version=0, by=w.office
    )
    outline = draft_services.draft_for(meeting, a)
    draft_services.save_draft(
        outline, outline_content(meeting, a, MARKERS["outline_a"]), base_version=0, by=a
    )
    # A save that came in on a stale version (another tab): kept as a refused save to merge.
    stale = outline_content(meeting, a, "另一页面的修改")
    draft_services.save_draft(
        outline, outline_content(meeting, a, MARKERS["outline_a"] + "二稿"), base_version=1, by=a
    )
    try:
        draft_services.save_draft(outline, stale, base_version=1, by=a)
    except draft_services.StaleDraft as refused:
        w.refused = refused.refused
    problem = outline.content["problems"]["groups"][0]["items"][0]["id"]
    w.comment = draft_services.add_comment(
        outline, w.secretary, f"{MARKERS['comment_a']}：请补充事例。", part_id=problem
    )
    draft_services.tick_opinion(outline, w.opinion_to_a, a, part_id=problem)
    # The team material approved and an opinion triaged: the audit trail holds events about a draft and
    # an opinion, which its reader must see without their content.
    draft_services.submit_draft(team, w.office)
    draft_services.approve_draft(team, w.secretary)
    opinion_services.accept([w.opinion_team])
    w.team_draft, w.outline_a = team, outline
    w.outline_b = draft_services.draft_for(meeting, b)


def _the_meeting(w, meeting):
    """The record, taken on the day: member A's turn as said; the secretary's turn still holds the
    criticism A's talk prefilled (拟在会上开展批评的问题), which nobody confirmed."""
    set_stage(meeting, Stage.MEETING)
    record = records.ensure_record(meeting)
    MeetingRecord.objects.filter(pk=record.pk).update(
        recorder="刘文静", guidance_remarks="会议准备充分。", summary="这次会议达到了预期目的。"
    )
    statements = {statement.member_id: statement for statement in record.statements.all()}
    records.save_statement(
        statements[w.member_a.pk],
        by=w.office,
        self_criticism=f"{MARKERS['record']}：理论学习不够深入。",
        response="诚恳接受，立行立改。",
        criticisms=[
            {
                "id": None,
                "by": w.secretary,
                "by_name": "",
                "text": f"{MARKERS['record_criticism']}：抓落实不够。",
            },
            {"id": None, "by": w.member_b, "by_name": "", "text": "调研不够深入。"},
        ],
    )
    w.record = record
    w.statement_a = statements[w.member_a.pk]
    w.statement_secretary = statements[w.secretary.pk]


def _after_the_meeting(w, meeting):
    """The lists (a team item, an item of A's with progress and evidence), an activity, an answered
    opinion; the report settings, the report sent and the 通报 issued, the bundle built."""
    set_stage(meeting, Stage.RECTIFICATION)
    [w.item_team] = items(team_list(meeting), 1, owner=w.secretary, text=MARKERS["item_team"])
    [w.item_a] = items(member_list(meeting, w.member_a), 1, text=MARKERS["item_a"])
    w.progress = ledger.add_progress(
        w.item_a,
        w.member_a,
        f"{MARKERS['progress_a']}：已走访10个村。",
        files=[evidence_file(MARKERS["evidence_a"])],
    )
    w.evidence = w.item_a.evidence.get()
    # Both reported done by their owners (已完成待销号), so that 销号 waits for a second person.
    ledger.change_status(w.item_a, ItemStatus.DONE, w.member_a)
    ledger.change_status(w.item_team, ItemStatus.DONE, w.secretary)
    # A second team item closed (销号) by the office: the audit trail holds an event about an item.
    [w.item_closed] = items(team_list(meeting), 1, owner=w.secretary, text=MARKERS["item_team"])
    ledger.add_progress(w.item_closed, w.secretary, "已整改到位。", files=[evidence_file("会议纪要")])
    ledger.change_status(w.item_closed, ItemStatus.DONE, w.secretary)
    ledger.close_item(w.item_closed, w.office)
    w.activity = Activity.objects.create(
        meeting=meeting,
        kind=ActivityKind.SCHEDULING,
        date=datetime.date(2027, 1, 28),
        title=f"{MARKERS['activity']}会议",
        by=w.office,
    )
    ledger.answer_opinion(w.opinion_team, w.office, "已当场作解释说明。")

    set_stage(meeting, Stage.REPORTING)
    reporting.save_settings(
        meeting,
        w.office,
        main_recipients="市纪委、市委组织部",
        follow_up="县委办公室（电话：0871-1234567）",
        next_steps=f"{MARKERS['report_next_steps']}：持续抓好整改。",
    )
    for kind, channel in ((DocumentKind.REPORT, "electronic"), (DocumentKind.NOTIFICATION, "")):
        reporting.approve(meeting, kind, w.secretary)
        reporting.send(
            meeting,
            kind,
            w.office,
            sent_on=TODAY.date(),
            recipients="市纪委、市委组织部",
            channel=channel,
            note="",
        )
    job, _ = reporting.request_bundle(meeting, w.office)
    reporting.build_bundle(job.pk)  # the task's work, here: no broker in a test
    w.bundle_job = job
    frozen = {(f.document, f.format): f for f in FrozenFile.objects.filter(meeting=meeting)}
    w.frozen_report = frozen[(DocumentKind.REPORT, "docx")]
    w.frozen_report_pdf = frozen[(DocumentKind.REPORT, "pdf")]
    w.frozen_notification = frozen[(DocumentKind.NOTIFICATION, "docx")]
    w.frozen_bundle_pdf = frozen[(DocumentKind.BUNDLE, "pdf")]

    w.notification = Notification.objects.create(
        user=w.member_a,
        title=f"{MARKERS['notification_a']}：您的整改事项即将到期",
        body="请及时更新进展。",
        url=f"/meetings/{meeting.pk}/rectification/items/{w.item_a.pk}/",
    )
    w.calendar_token = feed_token(w.member_a).token


def _the_other_meeting(w):
    """石桥县委's meeting, still being prepared: a team opinion, its member's outline, a study session."""
    with time_machine.travel(at(datetime.date(2027, 1, 12), 18), tick=True):
        meeting = make_meeting(w.other_county, w.other_office)
        w.other_opinion = opinion_services.create_opinion(
            meeting,
            text=f"{MARKERS['other_opinion']}：班子抓落实不够。",
            channel=meeting.channels.first(),
            category=meeting.source_categories.first(),
            aspect=meeting.aspects.first(),
            by=w.other_office,
        )
        w.other_outline = draft_services.draft_for(meeting, w.other_member)
        draft_services.save_draft(
            w.other_outline,
            outline_content(meeting, w.other_member, MARKERS["other_outline"]),
            base_version=0,
            by=w.other_member,
        )
        w.other_session = study.record_session(
            meeting,
            w.other_office,
            date=datetime.date(2027, 1, 5),
            form=StudyForm.SEMINAR,
            topic=f"{MARKERS['other_study']}：专题研讨",
            materials="",
            summary="",
        )
    w.other_meeting = meeting


def build():
    """The whole world, as it stands on ``TODAY``. Call inside a transaction the caller rolls back."""
    w = people()
    with time_machine.travel(at(datetime.date(2027, 1, 12), 18), tick=True):
        meeting = make_meeting(w.county, w.office)
        _before_the_meeting(w, meeting)
    with time_machine.travel(at(datetime.date(2027, 1, 20), 12), tick=True):
        _the_meeting(w, meeting)
    with time_machine.travel(TODAY, tick=True):
        _after_the_meeting(w, meeting)
    _the_other_meeting(w)
    w.meeting = Meeting.objects.get(pk=meeting.pk)
    w.box_token = OpinionBox.objects.get(meeting=meeting).token
    return w
