"""A meeting whose every figure is known, built through the apps' own services where practical.

``meeting_with_numbers(world)`` takes the ``world`` fixture (云岭县委: 林书记 + 成员1–3, 刘文静 of the
office, 黄督导 of the city) and fills its meeting so that the situation report and the 通报 have
these figures (``extra_members`` adds members with a plain share of everything, for query counts):

- study: 2 sessions (2027-01-05 理论学习中心组 "学习贯彻党的二十大精神", 2027-01-12 专题研讨
  "践行以人民为中心的发展思想"); 5 self-study notes by 3 of the 4 participants (成员3 wrote none).
- opinions: 9 received — 座谈会 4, 个别访谈 3, 意见箱 2; 1 merged, 1 rejected, 7 accepted in 3 aspects,
  5 to the team and 2 to members (成员1, 成员2); fed back to 3 of 4 (not 成员3).
- talks: every pair of the four talked, 6 talks of two = 12人次; 成员1's 分管单位 县教育局 (王局长) is a
  required pair waived "王局长长期病休": 四必谈 7 pairs, 6 talked.
- drafts: the team material (3 saves) approved by the secretary and endorsed by the supervisor on
  2027-01-15, with 3 problems in 2 aspects; outlines with 2, 3, 2, 4 problems (11 in all) and 2, 1,
  2, 1 saves — 9 saves over 5 drafts, 1.8 on average, 3 at most; all approved, the secretary's by
  the supervisor on 2027-01-13; the supervisor commented on 成员1's on 2027-01-14.
- the record: 2027-01-20 09:00–11:30 in 常委会议室, hosted by 县委书记林书记; 成员3 absent (因公出国);
  列席 县纪委监委派驻组赵主任, 指导 市委督导组组长王组长; 4 agenda lines; criticisms received 3
  (林书记), 2 (成员1), 1 (成员2): 6 in all, 2 on average, 1 at least; the guidance group's remarks
  start "会议准备充分，批评开诚布公。".
- rectification: the previous meeting (2025年度) had 3 team items: 1 closed, 2 carried onto this
  team list; this team list 5 items (2 draft problems, 1 team opinion, 2 carried), members' lists 3
  (成员1: one item from a criticism and an opinion together, one from the outline; 成员2: one from the
  outline): 8 items; by source 查摆 4, 意见 2, 批评 1, 上年结转 2 (9 > 8: one item has two sources);
  by kind 立行立改 2, 限期整改 5, 长期坚持 1; new items entered 2027-01-28 (carried ones 2027-01-27);
  the latest deadline 2027-06-30.
- report settings: 主送 市纪委、市委组织部, 抄报 市委第二督导组, follow-up 县委办公室（电话：0871-1234567）,
  report dated 2027-02-01, 通报 dated 2027-01-29; the 通报 is due 2027-01-30 (schedule).

Confidential words carry markers (``MARKERS``): the criticisms' text, the members' outlines, the
opinions addressed to a member and the talk records. The 通报 must contain none of them.
"""

import datetime
import io
import re
import subprocess
import tempfile
from itertools import combinations
from pathlib import Path
from zoneinfo import ZoneInfo

import time_machine
from docx import Document as read_docx

from documents.export import export
from feedback import services as opinions
from feedback.models import Channel, Opinion, SourceCategory
from inspection import content as structure
from inspection import services as drafts
from inspection.models import DraftComment, DraftEvent
from meetings import record as records
from meetings import study, talks
from meetings.models import (
    Attendance,
    Meeting,
    MeetingPerson,
    MeetingRecord,
    PersonKind,
    Statement,
    StudyForm,
)
from meetings.workflow import Stage
from orgs.models import ChargedUnit, Role
from rectification import services as ledger
from rectification.models import Item, ItemKind, ItemStatus, RectificationList
from reporting.models import ReportSettings
from tests.factories import UserFactory, assign, make_meeting
from tests.rectification.factories import items as bulk_items
from tests.rectification.factories import team_list

SHANGHAI = ZoneInfo("Asia/Shanghai")
CRITICISM_MARK = "机密标记甲"
OUTLINE_MARK = "机密标记乙"
OPINION_MARK = "机密标记丙"
TALK_MARK = "机密标记丁"
MARKERS = (CRITICISM_MARK, OUTLINE_MARK, OPINION_MARK, TALK_MARK)

TEAM_PROBLEMS = [
    ("在理论学习方面。", ["学习“往深处走”不够。", "学用结合不紧。"]),
    ("在政治建设方面。", ["攻坚克难劲头不足。"]),
]
# Per member of the world, in the team's order (林书记, 成员1, 成员2, 成员3): outline problems, saves,
# self-study notes, criticisms received; an extra member gets the last entry of EXTRA.
OUTLINE_PROBLEMS = [2, 3, 2, 4]
OUTLINE_SAVES = [2, 1, 2, 1]
NOTES = [2, 1, 2, 0]
CRITICISMS = [3, 2, 1, 0]  # 成员3 is absent
EXTRA = {"problems": 2, "saves": 1, "notes": 1, "criticisms": 2}


def at(day, hour=10):
    return datetime.datetime.combine(day, datetime.time(hour), tzinfo=SHANGHAI)


def set_stage(meeting, stage):
    Meeting.objects.filter(pk=meeting.pk).update(stage=stage)
    meeting.stage = stage


def _add_members(world, count):
    """``count`` more members of the county team, participants of its meeting too."""
    meeting = world.meeting
    added = []
    for n in range(count):
        number = len(world.members) + n + 1
        user = assign(
            UserFactory(display_name=f"成员{number}", title=f"县委常委{number}"),
            world.county,
            Role.MEMBER,
            number,
        )
        MeetingPerson.objects.create(
            meeting=meeting,
            kind=PersonKind.PARTICIPANT,
            order=number + 1,
            user=user,
            name=user.name,
            title=user.title,
        )
        added.append(user)
    return added


def _study(world, team):
    meeting = world.meeting
    study.record_session(
        meeting,
        world.office,
        date=datetime.date(2027, 1, 5),
        form=StudyForm.CENTRE_GROUP,
        topic="学习贯彻党的二十大精神",
        materials="《习近平谈治国理政》第四卷",
        summary="",
    )
    study.record_session(
        meeting,
        world.office,
        date=datetime.date(2027, 1, 12),
        form=StudyForm.SEMINAR,
        topic="践行以人民为中心的发展思想",
        materials="",
        summary="",
    )
    for position, person in enumerate(team):
        for n in range(NOTES[position] if position < len(NOTES) else EXTRA["notes"]):
            study.write_note(
                meeting,
                person,
                date=datetime.date(2027, 1, 6 + n),
                material=f"学习材料{n}",
                text="心得体会。",
            )


def _opinions(world, team):
    """9 received by channel; 7 accepted in 3 aspects (5 team, 2 members); fed back to all but 成员3."""
    meeting, office = world.meeting, world.office
    channels = {channel.name: channel for channel in Channel.objects.filter(meeting=meeting)}
    categories = list(SourceCategory.objects.filter(meeting=meeting))
    aspects = list(meeting.aspects.all())

    def opinion(channel, aspect, text, addressee=None, category=0):
        return opinions.create_opinion(
            meeting,
            text=text,
            channel=channels[channel],
            category=categories[category],
            aspect=aspects[aspect],
            addressee=addressee,
            by=office,
        )

    first = opinion("座谈会", 0, "班子调查研究不够深入。")
    opinion("座谈会", 0, "班子抓落实的韧劲不足。", category=1)
    opinion("座谈会", 1, "班子议事规则执行不严。", category=2)
    opinion("座谈会", 2, f"成员1下基层调研少。{OPINION_MARK}", addressee=world.members[0])
    opinion("个别访谈", 1, "班子民主集中制执行不够。")
    opinion("个别访谈", 2, f"成员2接访群众不够耐心。{OPINION_MARK}", addressee=world.members[1])
    duplicate = opinion("个别访谈", 0, "调查研究不深入（重复）。")
    opinions.merge([first, duplicate], first)
    opinion("意见箱", 2, "班子联系群众不够紧密。", category=2)
    rejected = opinion("意见箱", 0, "与本次会议无关的意见。", category=2)
    opinions.reject([rejected], "与民主生活会无关")
    for person in team:
        if person != world.members[2]:
            opinions.mark_feedback_sent(meeting, person, office)


def _talks(world, team):
    """Every pair of the team talks (one talk each); the 分管单位 head's pair is waived."""
    meeting = world.meeting
    head = UserFactory(display_name="王局长", title="县教育局局长")
    ChargedUnit.objects.create(organisation=world.county, member=world.members[0], name="县教育局", head=head)
    for first, second in combinations(team, 2):
        talk = talks.record_talk(
            meeting,
            world.office,
            date=datetime.date(2027, 1, 10),
            place="办公室",
            topics=f"思想认识和工作作风{TALK_MARK}",
            improvements=f"共同改进调研方式{TALK_MARK}",
            people=[first, second],
        )
        for person in (first, second):
            talks.save_side(
                talk,
                person,
                problems_raised=f"{person.name}调研不够深入{TALK_MARK}",
                criticisms_to_raise=f"拟批评对方作风不实{TALK_MARK}",
            )
    talks.waive_pair(meeting, world.members[0], head, "王局长长期病休", world.office)


def _content(meeting, title, groups, *, team, preamble=""):
    aspects = list(meeting.aspects.all())
    content = structure.empty_content(title=title, aspects=aspects, team=team)
    content["preamble"] = preamble
    for group, (heading, leads) in zip(content["problems"]["groups"], groups, strict=False):
        group["heading"] = heading
        group["items"] = [{"lead": lead, "text": "表现为……", "example": "比如，……。"} for lead in leads]
    return content


def _save(draft, by, content, saves):
    for n in range(saves):
        version = dict(content, preamble=f"第{n + 1}稿。{content['preamble']}")
        drafts.save_draft(draft, version, base_version=draft.version, by=by)


def _drafts(world, team):
    meeting = world.meeting
    all_drafts = {draft.author_id: draft for draft in drafts.ensure_drafts(meeting)}
    team_draft = all_drafts[None]
    _save(team_draft, world.office, _content(meeting, "班子对照检查材料", TEAM_PROBLEMS, team=True), 3)
    drafts.submit_draft(team_draft, world.office)
    drafts.approve_draft(team_draft, world.secretary)
    endorsed = drafts.endorse_draft(team_draft, world.supervisor)
    DraftEvent.objects.filter(pk=endorsed.pk).update(at=at(datetime.date(2027, 1, 15)))

    for position, person in enumerate(team):
        count = OUTLINE_PROBLEMS[position] if position < len(OUTLINE_PROBLEMS) else EXTRA["problems"]
        saves = OUTLINE_SAVES[position] if position < len(OUTLINE_SAVES) else EXTRA["saves"]
        leads = [f"{person.name}个人问题{n}{OUTLINE_MARK}。" for n in range(1, count + 1)]
        outline = all_drafts[person.pk]
        _save(
            outline, person, _content(meeting, "发言提纲", [("在理论学习方面。", leads)], team=False), saves
        )
        drafts.submit_draft(outline, person)
        reviewer = world.supervisor if person == world.secretary else world.secretary
        approved = drafts.approve_draft(outline, reviewer)
        if person == world.secretary:
            DraftEvent.objects.filter(pk=approved.pk).update(at=at(datetime.date(2027, 1, 13)))
    comment = drafts.add_comment(all_drafts[world.members[0].pk], world.supervisor, "请把问题写具体。")
    DraftComment.objects.filter(pk=comment.pk).update(at=at(datetime.date(2027, 1, 14)))
    return all_drafts


def _record(world, team):
    meeting = world.meeting
    MeetingPerson.objects.create(
        meeting=meeting, kind=PersonKind.GUIDANCE, order=1, name="王组长", title="市委督导组组长"
    )
    MeetingPerson.objects.create(
        meeting=meeting, kind=PersonKind.ATTENDEE, order=1, name="赵主任", title="县纪委监委派驻组"
    )
    set_stage(meeting, Stage.MEETING)
    record = records.ensure_record(meeting)
    MeetingRecord.objects.filter(pk=record.pk).update(
        start_time=datetime.time(9, 0),
        end_time=datetime.time(11, 30),
        recorder="刘文静",
        agenda="通报上年度民主生活会整改落实情况\n林书记代表班子作对照检查\n班子成员逐一发言，开展批评和自我批评\n督导组点评",
        guidance_remarks="会议准备充分，批评开诚布公。希望抓好整改落实。",
        summary="这次会议达到了预期目的。",
    )
    Attendance.objects.filter(record=record, person__user=world.members[2]).update(
        present=False, absence_reason="因公出国"
    )
    statements = {s.member_id: s for s in Statement.objects.filter(record=record)}
    for position, person in enumerate(team):
        if person == world.members[2]:
            continue
        count = CRITICISMS[position] if position < len(CRITICISMS) else EXTRA["criticisms"]
        critics = [other for other in team if other != person]
        records.save_statement(
            statements[person.pk],
            by=world.office,
            self_criticism=f"{person.name}：理论学习不够深入。",
            response="诚恳接受，立行立改。",
            criticisms=[
                {
                    "id": None,
                    "by": critics[n % len(critics)],
                    "by_name": "",
                    "text": f"对{person.name}：抓落实不够{CRITICISM_MARK}{n}。",
                }
                for n in range(count)
            ],
        )
    return record


def _rectification(world, team, all_drafts):
    meeting = world.meeting
    # Archived: 旧账 carries over from a meeting past its own meeting stage.
    previous = make_meeting(world.county, world.office, date=datetime.date(2026, 1, 20))
    set_stage(previous, Stage.CLOSED)
    old = bulk_items(team_list(previous), 3, status=ItemStatus.IN_PROGRESS, text="旧账")
    Item.objects.filter(pk=old[0].pk).update(status=ItemStatus.CLOSED)

    set_stage(meeting, Stage.RECTIFICATION)
    carried = ledger.carry_over(meeting, world.office)
    Item.objects.filter(pk__in=[item.pk for item in carried]).update(
        created_at=at(datetime.date(2027, 1, 27))
    )
    lists = {rl.member_id: rl for rl in RectificationList.objects.filter(meeting=meeting)}

    def problem_keys(draft, count):
        return [f"draft:{draft.pk}:{item['id']}" for _, _, item in structure.problems(draft.content)[:count]]

    team_draft = all_drafts[None]
    team_draft.refresh_from_db()
    # The office names the team items' 责任领导 (none is assumed): the secretary.
    made = ledger.make_items(lists[None], problem_keys(team_draft, 2), world.office, owner=world.secretary)
    team_opinion = Opinion.objects.get(meeting=meeting, text="班子议事规则执行不严。")
    made += ledger.make_items(
        lists[None], [f"opinion:{team_opinion.pk}"], world.office, owner=world.secretary
    )

    first = world.members[0]
    for person in team[1:]:
        if person == world.members[2]:
            continue
        outline = all_drafts[person.pk]
        outline.refresh_from_db()
        made += ledger.make_items(lists[person.pk], problem_keys(outline, 1), world.office)
        if person == first:
            criticism = (
                Statement.objects.get(record__meeting=meeting, member=first)
                .criticisms.order_by("order")
                .first()
            )
            own = Opinion.objects.get(meeting=meeting, addressee=first)
            made += ledger.make_items(
                lists[first.pk], [f"criticism:{criticism.pk}", f"opinion:{own.pk}"], world.office, merge=True
            )
    Item.objects.filter(pk__in=[item.pk for item in made]).update(created_at=at(datetime.date(2027, 1, 28)))

    # Kinds: 2 立行立改, 1 长期坚持, the rest 限期整改; the second team item is due last.
    team_made = [item for item in made if item.rectification_list_id == lists[None].pk]
    Item.objects.filter(pk__in=[item.pk for item in team_made[:2]]).update(kind=ItemKind.IMMEDIATE)
    Item.objects.filter(pk=team_made[1].pk).update(deadline=datetime.date(2027, 6, 30), owner=first)
    Item.objects.filter(pk=team_made[2].pk).update(kind=ItemKind.ONGOING, deadline=None)
    set_stage(meeting, Stage.REPORTING)


def _settings(meeting):
    ReportSettings.objects.update_or_create(
        meeting=meeting,
        defaults={
            "main_recipients": "市纪委、市委组织部",
            "copy_recipients": "市委第二督导组",
            "follow_up": "县委办公室（电话：0871-1234567）",
            "report_dated": datetime.date(2027, 2, 1),
            "notification_dated": datetime.date(2027, 1, 29),
        },
    )


def meeting_with_numbers(world, extra_members=0):
    """The world's meeting filled with the figures above, at the reporting stage; returns it fresh."""
    meeting = world.meeting
    Meeting.objects.filter(pk=meeting.pk).update(
        notice_issuer="县纪委、县委组织部",
        notice_title="关于开好2026年度民主生活会的通知",
        notice_number="云组通〔2026〕12号",
    )
    team = [world.secretary, *world.members, *_add_members(world, extra_members)]
    # What happened is recorded after it happened (meetings.dates): the study and talks by 12 January,
    # the record on the meeting's day.
    with time_machine.travel(at(datetime.date(2027, 1, 12), 18), tick=True):
        _study(world, team)
    _opinions(world, team)
    with time_machine.travel(at(datetime.date(2027, 1, 12), 18), tick=True):
        _talks(world, team)
    all_drafts = _drafts(world, team)
    with time_machine.travel(at(datetime.date(2027, 1, 20), 12), tick=True):
        _record(world, team)
    _rectification(world, team, all_drafts)
    _settings(meeting)
    return fresh(meeting)


def fresh(meeting):
    """The meeting as a request would load it: nothing cached from building it."""
    return Meeting.objects.select_related("organisation", "host").get(pk=meeting.pk)


# --- reading the exported files back -----------------------------------------------------------


def docx_lines(kind, meeting):
    """The non-empty paragraphs of the exported .docx, as Word shows them."""
    document = read_docx(io.BytesIO(export(kind, meeting, "docx").content))
    return [p.text.replace("\n", "") for p in document.paragraphs if p.text.strip()]  # a title's w:br


def pdf_text(kind, meeting):
    """The exported PDF's text without spaces, line breaks and page numbers ("— 1 —")."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "document.pdf"
        path.write_bytes(export(kind, meeting, "pdf").content)
        text = subprocess.run(
            ["pdftotext", str(path), "-"], capture_output=True, text=True, check=True
        ).stdout
    return "".join(re.sub(r"—\s*\d+\s*—", "", text).split())
