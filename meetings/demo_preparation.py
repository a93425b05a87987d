"""会前准备 in the demo (DESIGN §2–§4), for ``seed_demo``: study sessions and notes, opinions entered,
triaged and fed back, and talks, each seeded from a meeting's own table through the services the
office uses (so the pre-meeting locks apply: call these before the meeting is held), and dated before
the meeting as if entered the day it happened.

The 2026年度 meeting being prepared gets a few of each (seed_demo); the two held meetings of the county
team get them in full (meetings.demo_last_year, meetings.demo_special): every member fed back, the
四必谈 pairs talked but one or two waived with a reason.
"""

import datetime
from typing import NamedTuple

from django.utils import timezone

from feedback import services as feedback_services
from feedback.models import BOX_CHANNEL, FeedbackDelivery, Opinion
from orgs.models import User

from . import study, talks
from .coverage import PairKind, pair_key, required_pairs
from .models import StudySession, Talk, TalkParticipant, TalkWaiver


def moment(day, hour=10):
    """An aware datetime on ``day`` at ``hour`` (the project's time zone, Asia/Shanghai)."""
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


def stamp(day, hour=10):
    """When a row made now for ``day`` is dated: that day at ``hour``, or now for a day still to come."""
    return min(moment(day, hour), timezone.now())


def recorded_on(day):
    """The date a session, a note or a talk is recorded with: ``day``, or today for a day still to
    come (nothing is recorded ahead of its date: ``check_held`` in meetings.study and meetings.talks)."""
    return min(day, timezone.localdate())


def days_before(meeting, days):
    return meeting.date - datetime.timedelta(days=days)


# --- 会前学习 --------------------------------------------------------------------------------------


class Session(NamedTuple):
    """集中学习研讨: ``absent`` maps a member's index in the team to the reason they missed it."""

    days_before: int
    form: str  # StudyForm value
    topic: str
    materials: str  # one a line
    summary: str
    absent: dict | None = None


class Note(NamedTuple):
    """自学: a member's (index in the team) 心得体会."""

    author: int
    days_before: int
    material: str
    text: str


def seed_study(meeting, team, clerk, sessions, notes=()):
    for session in sessions:
        attendance = None
        if session.absent:
            attendance = {person.pk: session.absent.get(index) for index, person in enumerate(team)}
        date = recorded_on(days_before(meeting, session.days_before))
        recorded = study.record_session(
            meeting,
            clerk,
            date=date,
            form=session.form,
            topic=session.topic,
            materials=session.materials,
            summary=session.summary,
            attendance=attendance,
        )
        StudySession.objects.filter(pk=recorded.pk).update(created_at=stamp(date, 17))
    for note in notes:
        study.write_note(
            meeting,
            team[note.author],
            date=recorded_on(days_before(meeting, note.days_before)),
            material=note.material,
            text=note.text,
        )


# --- 征求意见建议 ----------------------------------------------------------------------------------


class Entry(NamedTuple):
    """An opinion. The office's entries (any channel but the box) are accepted at once under
    ``aspect`` (an index into the meeting's aspects); the box's arrive new and are triaged: accepted
    when given an aspect, merged into the entry numbered ``merge_into`` (its index in the table),
    rejected with ``reject``'s reason, or else left to triage. ``addressee`` is a member's index in
    the team (None: the team)."""

    text: str
    channel: str
    category: str
    aspect: int | None = None
    addressee: int | None = None
    merge_into: int | None = None
    reject: str = ""


def seed_opinions(meeting, team, clerk, entries, *, received=None, fed_back=None):
    """The opinions of ``entries``; ``received`` (days before the meeting) dates them, two a day from
    then on, and ``fed_back`` (days before) has the office pass them on to every member that day."""
    aspects = list(meeting.aspects.all())
    channels = {channel.name: channel for channel in meeting.channels.all()}
    categories = {category.name: category for category in meeting.source_categories.all()}
    created = []
    for entry in entries:
        aspect = aspects[entry.aspect % len(aspects)] if entry.aspect is not None else None
        addressee = team[entry.addressee] if entry.addressee is not None else None
        if entry.channel == BOX_CHANNEL:
            opinion = feedback_services.create_opinion(
                meeting,
                text=entry.text,
                channel=feedback_services.box_channel(meeting),
                category=categories[entry.category],
            )
        else:
            opinion = feedback_services.create_opinion(
                meeting,
                text=entry.text,
                channel=channels[entry.channel],
                category=categories[entry.category],
                aspect=aspect,
                addressee=addressee,
                by=clerk,
            )
        created.append(opinion)
    for entry, opinion in zip(entries, created, strict=True):
        if entry.channel != BOX_CHANNEL:
            continue
        if entry.merge_into is not None:
            feedback_services.merge([opinion, created[entry.merge_into]], into=created[entry.merge_into])
        elif entry.reject:
            feedback_services.reject([opinion], entry.reject)
        elif entry.aspect is not None:
            if entry.addressee is not None:
                feedback_services.reclassify([opinion], addressee=team[entry.addressee])
            feedback_services.accept([opinion], aspects[entry.aspect % len(aspects)])
    if received is not None:
        for n, opinion in enumerate(created):
            day = days_before(meeting, received - n // 2)
            Opinion.objects.filter(pk=opinion.pk).update(created_at=stamp(day, 9 + n % 2 * 5))
    if fed_back is not None:
        sent_at = stamp(days_before(meeting, fed_back), 15)
        for member in team:
            delivery = feedback_services.mark_feedback_sent(meeting, member, clerk)
            FeedbackDelivery.objects.filter(pk=delivery.pk).update(sent_at=sent_at)
    return created


# --- 谈心谈话 -------------------------------------------------------------------------------------


def record_talk(meeting, day, place, topics, improvements, sides):
    """A talk recorded by the first of ``sides`` — (person, problems raised, criticisms to raise), or
    (person, None, None) for a side still to be confirmed — each confirmed side dated that evening."""
    recorder, problems, criticisms = sides[0]
    day = recorded_on(day)
    talk = talks.record_talk(
        meeting,
        recorder,
        date=day,
        place=place,
        topics=topics,
        improvements=improvements,
        people=[person for person, *_ in sides],
        own_side={"problems_raised": problems, "criticisms_to_raise": criticisms},
    )
    for person, problems, criticisms in sides[1:]:
        if problems is not None:
            talks.save_side(talk, person, problems_raised=problems, criticisms_to_raise=criticisms)
    Talk.objects.filter(pk=talk.pk).update(created_at=stamp(day, 17))
    TalkParticipant.objects.filter(talk=talk, confirmed_at__isnull=False).update(confirmed_at=stamp(day, 18))
    return talk


def waive(meeting, first, second, reason, clerk, day):
    waiver = talks.waive_pair(meeting, first, second, reason, clerk)
    TalkWaiver.objects.filter(pk=waiver.pk).update(waived_at=stamp(day, 16))
    return waiver


# What each kind of required pair talks about, and what each side says: {first} is the team member the
# pair belongs to (the secretary in 主要负责同志与班子成员), {second} the other, {note} the unit or branch.
# A side's "problems raised" are those the other pointed out to them; several wordings of each, taken in
# turn, so that fifty talks do not read as one.
TALK_SETTINGS = {
    PairKind.SECRETARY_MEMBER: (
        "县委书记办公室",
        "思想认识、履职担当、分管领域存在的问题",
        "相互提醒、相互支持，把分管领域的问题找准找实，会上真点问题、点真问题",
    ),
    PairKind.MEMBERS: (
        "{first}同志办公室",
        "工作协同、作风建设、拟在会上相互提出的批评意见",
        "加强沟通协作，形成工作合力，会上坦诚开展相互批评",
    ),
    PairKind.UNIT_HEAD: (
        "{note}",
        "{note}工作推进情况、干部作风、对{first}同志的意见建议",
        "围绕{note}重点工作加强调度指导，及时协调解决实际困难",
    ),
    PairKind.BRANCH: (
        "{note}党员活动室",
        "参加支部组织生活情况、党员群众反映的意见",
        "以普通党员身份参加支部组织生活，经常听取党员群众意见",
    ),
}
MEMBER_PROBLEMS = [
    "深入基层调研不够经常，听汇报多、进村入户少。",
    "抓工作部署多、跟踪问效少，有的措施落地见效慢。",
    "开会研究工作时有时急于表态，充分听取不同意见不够。",
    "对分管领域的风险隐患预判不够，个别问题发现偏晚。",
    "学习理论联系分管工作实际不够紧密，研究新情况新问题不深。",
    "对分管部门干部的日常教育管理还不够严。",
]
MEMBER_CRITICISMS = [
    "{other}同志对分管部门督办多、指导少，基层反映有时只要结果、不问困难。",
    "{other}同志到基层调研行程安排过满，与群众面对面交流不够深入。",
    "{other}同志对分管领域的难点问题有时存在等一等、看一看的想法。",
    "{other}同志与其他班子成员分管工作的衔接配合还不够主动。",
    "{other}同志对分管部门反映的困难问题协调解决不够及时。",
]
UNIT_HEAD_RAISES = [
    "到{note}调研指导不够经常，对单位的具体困难了解不深。",
    "对{note}干部队伍建设过问不多，关心基层干部成长不够。",
    "对{note}重点工作部署多、跟踪协调少。",
]
MEMBER_TO_UNIT = [
    "{note}落实重点任务有时等靠上级安排，主动谋划不够。",
    "{note}对群众反映的问题回应还不够及时。",
    "{note}干部作风建设还有薄弱环节，个别干部服务意识不强。",
]
BRANCH_RAISES = [
    "参加{note}组织生活不够经常，有时因公务安排请假。",
    "与{note}普通党员谈心交流还不够深入。",
    "讲党课联系支部实际不够紧密。",
]
MEMBER_TO_BRANCH = [
    "{note}“三会一课”质量还不够高，学习形式比较单一。",
    "{note}党员发挥先锋模范作用的载体还不多。",
]


def _pick(pool, n, **names):
    return pool[n % len(pool)].format(**names)


def _sides(pair, n, first, second, planned):
    names = {"first": first.name, "second": second.name, "note": pair.note}
    if pair.kind in (PairKind.SECRETARY_MEMBER, PairKind.MEMBERS):
        return [
            (
                first,
                _pick(MEMBER_PROBLEMS, n),
                planned.get((first.pk, second.pk)) or _pick(MEMBER_CRITICISMS, n, other=second.name),
            ),
            (
                second,
                _pick(MEMBER_PROBLEMS, n + 3),
                planned.get((second.pk, first.pk)) or _pick(MEMBER_CRITICISMS, n + 2, other=first.name),
            ),
        ]
    if pair.kind == PairKind.UNIT_HEAD:
        return [
            (first, _pick(UNIT_HEAD_RAISES, n, **names), ""),
            (second, _pick(MEMBER_TO_UNIT, n, **names), ""),
        ]
    return [
        (first, _pick(BRANCH_RAISES, n, **names), ""),
        (second, _pick(MEMBER_TO_BRANCH, n, **names), ""),
    ]


class Waiver(NamedTuple):
    """免谈: the member's (index in the team) pair with another member (an index) or with their unit
    head or branch representative (PairKind.UNIT_HEAD / PairKind.BRANCH), and the reason."""

    member: int
    other: int | str
    reason: str


def talk_every_pair(meeting, team, clerk, *, first_day, per_day=6, waivers=(), planned=None):
    """四必谈: a one-to-one talk for every required pair but the waived ones, ``per_day`` a day from
    ``first_day`` (days before the meeting) on, both sides confirmed. ``planned`` ({(critic id, member
    id): text}) are the criticisms a member will raise at the meeting; the others are taken in turn."""
    planned = planned or {}
    pairs = required_pairs(meeting.organisation)
    people = User.objects.in_bulk({pair.first_id for pair in pairs} | {pair.second_id for pair in pairs})
    waived = {}
    for waiver in waivers:
        member = team[waiver.member]
        if isinstance(waiver.other, int):
            key = pair_key(member.pk, team[waiver.other].pk)
        else:
            key = next(p.key for p in pairs if p.first_id == member.pk and p.kind == waiver.other)
        waived[key] = waiver.reason
    recorded = []
    for pair in pairs:
        first, second = people[pair.first_id], people[pair.second_id]
        day = days_before(meeting, first_day - len(recorded) // per_day)
        if pair.key in waived:
            waive(meeting, first, second, waived[pair.key], clerk, day)
            continue
        place, topics, improvements = (
            text.format(first=first.name, second=second.name, note=pair.note)
            for text in TALK_SETTINGS[pair.kind]
        )
        sides = _sides(pair, len(recorded), first, second, planned)
        recorded.append(record_talk(meeting, day, place, topics, improvements, sides))
    return recorded
