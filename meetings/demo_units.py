"""The demo's people, and two more units under the city for ``seed_demo``, so that the supervisor
(assigned to 江城市委) oversees several units at different stages:

- 石桥县委 (石桥县委常委班子): its 2026年度 meeting held a few days ago, at the meeting stage, its record
  half taken down (two members' turns written, the others still empty);
- 江城市医疗保障局 (江城市医疗保障局党组), a department of the city: its 2026年度 meeting in the talks
  stage, its plan approved, a study session, a few opinions and two talks recorded (one still waiting
  for the other side's confirmation).

meetings.demo_overview adds four more, for the supervisor's overview.
"""

import datetime

from feedback import services as feedback_services
from orgs.models import Organisation, Role, RoleAssignment, User
from rectification.demo import _meeting, _stage, _write_record

from . import services, study, talks
from .demo_preparation import days_before, recorded_on, stamp
from .models import MeetingKind, PlanEvent, PlanStatus, StudyForm
from .workflow import Stage

DEMO_PASSWORD = "demo-2026"
ANNUAL_THEME = (
    "深入学习贯彻习近平新时代中国特色社会主义思想，坚定拥护“两个确立”、坚决做到“两个维护”，锤炼党性、担当作为"
)
# Who issued the notice of every unit's 2026年度 meeting; what their study sessions read.
NOTICE = "市纪委机关、市委组织部"
MATERIALS = "习近平新时代中国特色社会主义思想学习纲要\n中国共产党章程"

SHIQIAO = ("石桥县委", "石桥县委常委班子")
# (username, name, title): the secretary first.
SHIQIAO_TEAM = [
    ("hejianping", "何建平", "县委书记"),
    ("malihua", "马丽华", "县委副书记、县长"),
    ("tangyonggang", "唐永刚", "县委常委、县纪委书记、县监委主任"),
    ("xuwentao", "许文涛", "县委常委、组织部部长"),
    ("luoqiang", "罗强", "县委常委、常务副县长"),
]
SHIQIAO_OFFICE = ("dengyaqin", "邓雅琴", "县委办公室秘书科科长")
SHIQIAO_HELD = datetime.date(2026, 11, 27)
# The two turns the recorder has written down so far (rectification.demo.TURNS' shape).
SHIQIAO_TURNS = [
    (
        0,
        "作为班子班长，本人抓班子自身建设还不够严，对县域经济发展中的难点问题研究不深，推动产业转型升级的办法不多。",
        [
            "开会研究工作时有时先定调子，班子成员充分发表意见不够。",
            "对工业园区招商引资项目落地跟踪不紧，两个签约项目至今未开工。",
        ],
        "诚恳接受同志们的批评，会后列入个人整改清单，逐条抓好整改。",
    ),
    (
        1,
        "本人落实意识形态工作责任制和抓政府系统作风建设不够有力，对群众反映的办事难问题解决不及时。",
        [
            "政务服务中心窗口等候时间长，群众反映多次，整改不够彻底。",
            "到分管联系乡镇调研时听汇报多，进村入户少。",
        ],
        "完全接受，立即开展政务服务窗口作风专项整治，一个月内见到成效。",
    ),
]

MEDICAL = ("江城市医疗保障局", "江城市医疗保障局党组")
MEDICAL_TEAM = [
    ("songjianguo", "宋建国", "党组书记、局长"),
    ("fangmin", "方敏", "党组成员、副局长"),
    ("gaoyuan", "高远", "党组成员、副局长"),
    ("xielijuan", "谢丽娟", "党组成员、市医疗保障基金监管中心主任"),
]
MEDICAL_OFFICE = ("panxiaodong", "潘晓东", "局办公室主任")
MEDICAL_DATE = datetime.date(2027, 1, 14)


def person(username, name, title, login=True):
    user, _ = User.objects.get_or_create(username=username, defaults={"display_name": name, "title": title})
    user.display_name, user.title = name, title
    if login:
        user.set_password(DEMO_PASSWORD)
        # Reminders are emailed; the demo's mail is written under var/mail/ (README).
        user.email = f"{username}@yunling.example"
    else:
        user.set_unusable_password()
    user.save()
    return user


def assign(user, organisation, role, order=0):
    RoleAssignment.objects.get_or_create(
        user=user, organisation=organisation, role=role, defaults={"order": order}
    )


def _unit(city, names, members, office):
    """The unit under the city, its team (the secretary first) and its office clerk."""
    name, team_name = names
    organisation, _ = Organisation.objects.get_or_create(
        name=name, defaults={"parent": city, "team_name": team_name}
    )
    team = []
    for order, row in enumerate(members):
        user = person(*row)
        assign(user, organisation, Role.SECRETARY if order == 0 else Role.MEMBER, order)
        team.append(user)
    clerk = person(*office)
    assign(clerk, organisation, Role.OFFICE)
    return organisation, team, clerk


def annual_meeting(organisation, clerk, team, date, place):
    """The unit's 2026年度民主生活会 on ``date`` at ``place``, and whether it was made now (it was not
    when the seed runs again)."""
    return _meeting(
        organisation,
        clerk,
        team,
        year=2026,
        kind=MeetingKind.ANNUAL,
        name="2026年度民主生活会",
        date=date,
        theme=ANNUAL_THEME,
        place=place,
        notice_issuer=NOTICE,
    )


def plan_filed(meeting, clerk, supervisor, days):
    """The plan submitted ``days`` before the meeting and approved by the supervisor two days later, each
    event dated then ("方案于会议召开10日前报送": the overview counts the days from the submission)."""
    if meeting.plan.status in (PlanStatus.DRAFT, PlanStatus.RETURNED):
        PlanEvent.objects.filter(pk=services.submit_plan(meeting.plan, clerk).pk).update(
            at=stamp(days_before(meeting, days), 9)
        )
    if meeting.plan.status == PlanStatus.SUBMITTED:
        PlanEvent.objects.filter(pk=services.approve_plan(meeting.plan, supervisor, "同意。").pk).update(
            at=stamp(days_before(meeting, days - 2), 15)
        )


def seed_shiqiao(city, supervisor):
    """石桥县委: the 2026年度 meeting held, its record half taken down."""
    organisation, team, clerk = _unit(city, SHIQIAO, SHIQIAO_TEAM, SHIQIAO_OFFICE)
    meeting, created = annual_meeting(organisation, clerk, team, SHIQIAO_HELD, "县委常委会议室")
    if created:
        plan_filed(meeting, clerk, supervisor, 24)
        _write_record(meeting, team, clerk, SHIQIAO_TURNS)
        _stage(meeting, Stage.MEETING, clerk, "演示数据")
    return organisation, team, clerk, meeting


def seed_medical_insurance(city, supervisor):
    """江城市医疗保障局党组: the 2026年度 meeting in the talks stage."""
    organisation, team, clerk = _unit(city, MEDICAL, MEDICAL_TEAM, MEDICAL_OFFICE)
    meeting, created = annual_meeting(organisation, clerk, team, MEDICAL_DATE, "局机关第一会议室")
    if not created:
        return organisation, team, clerk, meeting
    plan_filed(meeting, clerk, supervisor, 45)
    _stage(meeting, Stage.TALKS, clerk, "演示数据")
    secretary, first, second = team[0], team[1], team[2]
    study.record_session(
        meeting,
        clerk,
        date=recorded_on(MEDICAL_DATE - datetime.timedelta(days=40)),
        form=StudyForm.CENTRE_GROUP,
        topic="深入学习贯彻党的创新理论",
        materials=MATERIALS,
        summary="局党组理论学习中心组集体学习，宋建国同志领学，班子成员结合分管工作交流发言。",
    )
    channels = {channel.name: channel for channel in meeting.channels.all()}
    categories = {category.name: category for category in meeting.source_categories.all()}
    aspects = list(meeting.aspects.all())
    for text, aspect, category, channel, addressee in [
        ("医保报销手续仍然偏繁，异地就医备案要进一步简化。", 3, "群众", "征求意见表", None),
        ("基金监管要加大对定点医药机构违规行为的查处力度。", 2, "干部", "座谈会", team[3]),
        ("班子成员到县区医保经办机构调研指导偏少。", 0, "党员", "个别访谈", None),
    ]:
        feedback_services.create_opinion(
            meeting,
            text=text,
            channel=channels[channel],
            category=categories[category],
            aspect=aspects[aspect % len(aspects)],
            addressee=addressee,
            by=clerk,
        )
    day = recorded_on(MEDICAL_DATE - datetime.timedelta(days=30))
    talk = talks.record_talk(
        meeting,
        secretary,
        date=day,
        place="局长办公室",
        topics="思想认识、履职担当、分管领域存在的问题",
        improvements="加强沟通协作，推动医保便民服务提质增效",
        people=[secretary, first],
        own_side={
            "problems_raised": "研究全局工作多，到基层经办窗口一线少。",
            "criticisms_to_raise": "方敏同志推进异地就医直接结算工作抓得不够紧，群众反映的备案难问题解决不及时。",
        },
    )
    talks.save_side(
        talk,
        first,
        problems_raised="分管科室之间协调配合还不够顺畅。",
        criticisms_to_raise="宋建国同志对班子成员分管工作过问细节多，放手支持不够。",
    )
    talks.record_talk(
        meeting,
        secretary,
        date=recorded_on(day + datetime.timedelta(days=2)),
        place="局长办公室",
        topics="作风建设、基金监管",
        improvements="",
        people=[secretary, second],
        own_side={
            "problems_raised": "",
            "criticisms_to_raise": "高远同志对定点医药机构日常监管的办法不多，检查发现问题后跟踪整改不够。",
        },
    )
    return organisation, team, clerk, meeting


def seed_units(city, supervisor):
    """Both units; run again, it changes nothing. Returns (organisation, team, clerk, meeting) of each."""
    return [seed_shiqiao(city, supervisor), seed_medical_insurance(city, supervisor)]
