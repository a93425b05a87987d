"""Four more units under the city for ``seed_demo``, so that the supervisor's overview (督导总览) of
江城市委's units has a 2026年度 meeting at every point of the season beside 云岭县委's (plan awaiting
approval), 石桥县委's (held, record half written) and 市医疗保障局's (talks), meetings.demo_units:

- 江城市教育局党组: collecting opinions, its plan filed and approved weeks ahead, one study session;
- 青山县委常委班子: drafting, its study, opinions (fed back) and every 四必谈 talk done, the team material
  and three outlines under review, one approved;
- 江城市财政局党组: held on 4 November, every record complete, its 通报 issued and its report sent within
  their deadlines; in rectification with one item past its 时限;
- 江城市水务局党组: held on 6 November, one member criticised only once at the meeting
  ("批评意见不少于2条"), its report not sent 15 days on (late); in rectification.

Each is seeded in the order it happened, through the services the office uses, its rows dated as
meetings.demo_preparation says. Nothing here renders a PDF (the seed's one slow step): the two sendings
are registered as the office does without freezing their files; last year's meeting of 云岭县委 shows
the frozen ones (reporting.demo).
"""

import datetime

from inspection import services as draft_services
from inspection.content import default_headings, normalise
from inspection.models import Draft, DraftEvent, DraftKind, DraftVersion
from rectification import services as rectification_services
from rectification.demo import _drawn_up, _source_keys, _stage, _write_record, planned_criticisms
from rectification.models import ItemKind
from reporting import services as reporting_services
from reporting.models import Approval, DocumentKind, Sending, SendingChannel
from reporting.selectors import SCHEDULE_ACTIVITY

from .demo_preparation import (
    Entry,
    Session,
    days_before,
    moment,
    seed_opinions,
    seed_study,
    stamp,
    talk_every_pair,
)
from .demo_units import MATERIALS, MEDICAL, SHIQIAO, _unit, annual_meeting, plan_filed, seed_units
from .models import StudyForm
from .workflow import Stage

REPORT_RECIPIENTS = "市纪委机关、市委组织部"

EDUCATION = ("江城市教育局", "江城市教育局党组")
EDUCATION_TEAM = [
    ("chenguohua", "陈国华", "党组书记、局长"),
    ("liufang", "刘芳", "党组成员、副局长"),
    ("zhangming", "张明", "党组成员、副局长"),
    ("zhaojing", "赵静", "党组成员、市人民政府教育督导室主任"),
]
EDUCATION_OFFICE = ("wanglei", "王磊", "局办公室主任")
EDUCATION_DATE = datetime.date(2027, 1, 13)

QINGSHAN = ("青山县委", "青山县委常委班子")
QINGSHAN_TEAM = [
    ("guozhenhua", "郭振华", "县委书记"),
    ("hanxue", "韩雪", "县委副书记、县长"),
    ("caolixin", "曹立新", "县委常委、县纪委书记、县监委主任"),
    ("pengtao", "彭涛", "县委常委、组织部部长"),
]
QINGSHAN_OFFICE = ("jiangli", "蒋丽", "县委办公室秘书科科长")
QINGSHAN_DATE = datetime.date(2027, 1, 7)

FINANCE = ("江城市财政局", "江城市财政局党组")
FINANCE_TEAM = [
    ("dujianjun", "杜建军", "党组书记、局长"),
    ("zhongliping", "钟丽萍", "党组成员、副局长"),
    ("qiuhai", "邱海", "党组成员、副局长"),
    ("xuehongmei", "薛红梅", "党组成员、市财政国库支付中心主任"),
]
FINANCE_OFFICE = ("yuanbin", "袁斌", "局办公室主任")
FINANCE_HELD = datetime.date(2026, 11, 4)

WATER = ("江城市水务局", "江城市水务局党组")
WATER_TEAM = [
    ("yanzhigang", "严志刚", "党组书记、局长"),
    ("lixiaoyan", "黎晓燕", "党组成员、副局长"),
    ("chengwei", "程伟", "党组成员、副局长"),
    ("fuqiang", "傅强", "党组成员、总工程师"),
]
WATER_OFFICE = ("guting", "顾婷", "局办公室主任")
WATER_HELD = datetime.date(2026, 11, 6)

# What seed_demo prints beside each unit's meeting, by organisation.
UNIT_NOTES = {
    SHIQIAO[0]: "召开会议，会议记录填写中",
    MEDICAL[0]: "谈心谈话进行中",
    EDUCATION[0]: "征求意见建议进行中",
    QINGSHAN[0]: "对照检查材料审阅中",
    FINANCE[0]: "整改落实，情况报告按时报送，1项整改逾期",
    WATER[0]: "整改落实，情况报告逾期未报送，1名成员批评意见少于2条",
}

STUDY = Session(
    20,
    StudyForm.CENTRE_GROUP,
    "深入学习贯彻党的创新理论",
    MATERIALS,
    "班子理论学习中心组集体学习，主要负责同志领学，班子成员结合分管工作交流发言。",
)
SEMINAR = Session(
    14, StudyForm.SEMINAR, "对照检查方面专题研讨", "中国共产党章程", "班子成员逐一发言，查找差距不足。"
)

EDUCATION_OPINIONS = [
    Entry("城区义务教育学校大班额问题仍然存在，学位供给要加快。", "征求意见表", "群众", 3),
    Entry("教师减负措施落实不到位，非教学任务仍然偏多。", "座谈会", "干部", 4),
    Entry("班子成员到农村学校调研指导偏少。", "个别访谈", "党员", 0, addressee=1),
]
QINGSHAN_OPINIONS = [
    Entry("县里重点项目推进慢，有的项目签约后迟迟不开工。", "座谈会", "干部", 2),
    Entry("乡镇干部反映督查检查仍然偏多，基层负担较重。", "征求意见表", "干部", 4),
    Entry("农村饮水安全工程后续管护跟不上。", "个别访谈", "群众", 3, addressee=1),
    Entry("干部选拔要更加注重基层一线。", "征求意见表", "党员", 1, addressee=3),
]
FINANCE_OPINIONS = [
    Entry("惠企资金拨付时间长，企业反映申报材料多、审核环节多。", "座谈会", "干部", 3),
    Entry("预算绩效评价结果运用不够，评价与预算安排衔接不紧。", "征求意见表", "干部", 2),
    Entry("政府采购项目验收不够严格，个别项目质量不高。", "个别访谈", "党员", 2, addressee=2),
    Entry("班子成员到区县财政部门调研指导不够经常。", "征求意见表", "党员", 0, addressee=1),
]
WATER_OPINIONS = [
    Entry("老城区雨季内涝点整治进度慢，群众出行不便。", "座谈会", "群众", 3),
    Entry("水利工程项目审批和招投标环节多、周期长。", "征求意见表", "干部", 4),
    Entry("对水库、堤防安全检查发现的问题跟踪整改不够。", "个别访谈", "党员", 2, addressee=3),
]

# (lead, text, example): the team material's problems, one under each of the first aspects; and each
# outline's, the n-th taken in turn.
TEAM_PROBLEMS = [
    (
        "理论学习的系统性还不够。",
        "班子集体学习多以传达文件为主，专题研讨深度不够，学用结合不够紧密。",
        "比如，全年开展中心组学习10次，其中专题研讨仅2次。",
    ),
    (
        "推动重点工作落实的力度还不够。",
        "对部分重点任务跟踪问效不及时，存在“重部署、轻落实”的现象。",
        "比如，年初确定的8项重点任务，年底仍有2项未完成。",
    ),
]
OUTLINE_PROBLEMS = [
    (
        "学习“往深里走”不够。",
        "自学时间安排不够固定，结合分管工作深入思考不够。",
        "比如，学习有关重要论述后，没有及时组织分管科室研究落实措施。",
    ),
    (
        "抓落实的韧劲不足。",
        "对分管领域的难点问题有时存在等一等、看一看的想法。",
        "比如，群众反映的问题有的到第二次督办时才推动解决。",
    ),
    (
        "深入基层调研不够。",
        "到基层听汇报多，面对面听取群众意见少。",
        "比如，今年到基层调研8次，召开群众座谈会仅1次。",
    ),
]

# The turns at the two held meetings (rectification.demo.TURNS' shape): 水务局's last member is criticised
# once only, the record's and the overview's "批评意见少于2条".
FINANCE_TURNS = [
    (
        0,
        "作为班子班长，本人抓财政改革的系统谋划不够，对预算绩效管理推动不够有力。",
        ["预算绩效评价结果与预算安排挂钩不紧，评价流于形式。", "到区县财政部门调研指导偏少。"],
        "诚恳接受，会后列入个人整改清单，逐条抓好整改。",
    ),
    (
        1,
        "本人对惠企资金拨付的堵点问题研究不深，推动流程再造不够快。",
        ["惠企资金审核环节多，企业反映拨付慢。", "对分管科室的督办多、指导少。"],
        "完全接受，一个月内完成惠企资金拨付流程再造。",
    ),
    (
        2,
        "本人对政府采购监管的新情况新问题研究不够，监管办法不多。",
        ["政府采购项目验收把关不严，个别项目质量不高。", "对代理机构的日常监管偏软。"],
        "诚恳接受，年内开展政府采购领域专项检查。",
    ),
    (
        3,
        "本人抓国库集中支付管理的风险防控不够细，对基层单位业务指导不够。",
        ["对基层预算单位的业务培训次数偏少。", "国库支付风险预警规则多年未更新。"],
        "完全接受，一季度内修订风险预警规则。",
    ),
]
WATER_TURNS = [
    (
        0,
        "作为班子班长，本人推动城乡供水一体化重进度、轻服务，对群众用水诉求回应不够及时。",
        ["老城区内涝点整治进度滞后，群众多次反映，解决不及时。", "听取班子成员意见时有时急于表态。"],
        "诚恳接受，建立群众用水排水诉求周办结机制。",
    ),
    (
        1,
        "本人推进水利工程项目审批制度改革不够有力，审批时限压缩不够。",
        ["项目审批仍然环节多、时限长，企业反映强烈。", "对窗口工作人员作风问题管理不严。"],
        "完全接受，年内实现审批时限再压缩三分之一。",
    ),
    (
        2,
        "本人对农村供水工程运行管护的新情况研究不够，管护资金使用效益不高。",
        ["农村供水工程管护责任落实不到位。", "到水利工程项目现场调研次数偏少。"],
        "诚恳接受，年内完善农村供水工程管护考核办法。",
    ),
    (
        3,
        "本人抓水利工程安全生产监管不够严，对检查发现问题的跟踪整改不到位。",
        ["安全生产检查发现的问题跟踪整改不够，个别隐患反复出现。"],
        "完全接受，对检查发现的问题建立台账，逐项销号。",
    ),
]

# (opinion text the item comes from, problem, owner index, unit, days after the meeting, progress)
FINANCE_ITEMS = [
    (
        FINANCE_OPINIONS[0].text,
        "惠企资金拨付环节多、时间长。",
        1,
        "市财政局经济建设处",
        21,
        "已梳理惠企资金拨付流程，拟将审核环节由5个压减为3个，正在征求有关部门意见。",
    ),
    (
        FINANCE_OPINIONS[1].text,
        "预算绩效评价结果运用不够。",
        0,
        "市财政局预算处",
        150,
        "已起草预算绩效评价结果与预算安排挂钩办法。",
    ),
    (FINANCE_OPINIONS[2].text, "政府采购项目验收把关不严。", 2, "市财政局政府采购监管处", 240, ""),
]
WATER_ITEMS = [
    (
        WATER_OPINIONS[0].text,
        "老城区雨季内涝点整治进度慢。",
        1,
        "市水务局排水管理处",
        90,
        "已完成内涝点排查，制定一点一策整治方案，5处已开工。",
    ),
    (
        WATER_OPINIONS[1].text,
        "水利工程项目审批环节多、时限长。",
        1,
        "市水务局行政审批科",
        180,
        "",
    ),
]
OPINION_ANSWER = {
    "team": "已转有关处室办理，办理结果已向反映人答复。",
    "member": "已如实反馈本人，纳入本人整改措施抓好落实。",
}


def _content(meeting, author, problems):
    content = draft_services.new_content(meeting, author)
    groups = content["problems"]["groups"]
    for index, (lead, text, example) in enumerate(problems):
        groups[index % len(groups)]["items"].append({"lead": lead, "text": text, "example": example})
    return normalise(content, default_headings(team=author is None))


def _written(draft, problems, by, days):
    """The draft's first version, dated ``days`` before the meeting (or now, for a day still to come)."""
    meeting = draft.meeting
    author = draft.author if draft.kind == DraftKind.PERSONAL else None
    saved = draft_services.save_draft(draft, _content(meeting, author, problems), base_version=0, by=by)
    at = stamp(days_before(meeting, days), 10)
    DraftVersion.objects.filter(pk=saved.pk).update(at=at)
    Draft.objects.filter(pk=draft.pk).update(updated_at=at)


def _reviewed(event, meeting, days, hour):
    DraftEvent.objects.filter(pk=event.pk).update(at=stamp(days_before(meeting, days), hour))


def _drafts(meeting, team, clerk, supervisor, *, approved):
    """The team material and each member's outline written 10 days before the meeting and submitted 9.
    ``approved``: every draft approved 8 days before (the secretary's outline by the supervisor,
    orgs.access.can_review_draft) and the team material endorsed 7; otherwise only the second member's
    outline is approved and the secretary's not begun."""
    drafts = {(d.kind, d.author_id): d for d in draft_services.ensure_drafts(meeting)}
    secretary = team[0]
    material = drafts[(DraftKind.TEAM, None)]
    _written(material, TEAM_PROBLEMS, clerk, 10)
    _reviewed(draft_services.submit_draft(material, clerk), meeting, 9, 10)
    if approved:
        _reviewed(draft_services.approve_draft(material, secretary), meeting, 8, 10)
        _reviewed(draft_services.endorse_draft(material, supervisor, "同意。"), meeting, 7, 15)
    for index, member in enumerate(team):
        if member == secretary and not approved:
            continue
        outline = drafts[(DraftKind.PERSONAL, member.pk)]
        _written(
            outline, [OUTLINE_PROBLEMS[(index + n) % len(OUTLINE_PROBLEMS)] for n in range(2)], member, 10
        )
        _reviewed(draft_services.submit_draft(outline, member), meeting, 9, 16)
        if approved or index == 1:
            reviewer = supervisor if member == secretary else secretary
            _reviewed(draft_services.approve_draft(outline, reviewer), meeting, 8, 16)


def _prepared(meeting, team, clerk, opinions, turns, *, sessions, fed_back):
    """Study sessions, the opinions fed back ``fed_back`` days before, and every 四必谈 talk from three
    weeks before, the criticisms of ``turns`` among what the critics said they would raise."""
    seed_study(meeting, team, clerk, sessions)
    seed_opinions(meeting, team, clerk, opinions, received=fed_back + 6, fed_back=fed_back)
    talk_every_pair(meeting, team, clerk, first_day=21, per_day=3, planned=planned_criticisms(team, turns))


def _ledger(meeting, team, clerk, rows):
    """The lists drawn up two days after the meeting: an item from each opinion of ``rows``, on the list
    of the member it is addressed to (the team's when none), started with its progress when it has one;
    the other accepted opinions answered (DESIGN §6)."""
    lists = {rl.member_id: rl for rl in rectification_services.ensure_lists(meeting)}
    addressees = dict(meeting.opinions.values_list("text", "addressee"))
    for source, problem, owner, unit, days, progress in rows:
        keys = _source_keys(meeting, [source])
        (item,) = rectification_services.make_items(lists[addressees[source]], keys, clerk)
        rectification_services.update_item(
            item,
            clerk,
            problem=problem,
            owner=team[owner],
            unit=unit,
            kind=ItemKind.BY_DATE,
            deadline=meeting.date + datetime.timedelta(days=days),
            measures="对照意见建议，逐项制定整改措施，明确责任人和完成时限。",
        )
        if progress:
            date = meeting.date + datetime.timedelta(days=10)
            rectification_services.add_progress(item, team[owner], progress, date=date)
    for opinion in rectification_services.unanswered_opinions(meeting):
        note = OPINION_ANSWER["member" if opinion.addressee_id else "team"]
        rectification_services.answer_opinion(opinion, clerk, note)
    _drawn_up(meeting, meeting.date + datetime.timedelta(days=2))


def _held(meeting, team, clerk, turns):
    _write_record(
        meeting,
        team,
        clerk,
        turns,
        summary="同志们紧扣会议主题，开展批评和自我批评，会后要把问题清单转化为整改清单，逐项整改到位。",
    )
    _stage(meeting, Stage.RECTIFICATION, clerk, "演示数据")


def _sent(meeting, kind, secretary, clerk, sent_on, recipients, channel=""):
    """Approved by the secretary the day before and 报送 / 印发 on ``sent_on``. The sending is registered
    as ``reporting.services.send`` registers it, without freezing its docx and PDF: rendering them is
    what makes the seed slow."""
    approval = reporting_services.approve(meeting, kind, secretary)
    Approval.objects.filter(pk=approval.pk).update(at=moment(sent_on - datetime.timedelta(days=1), 16))
    at = moment(sent_on, 10)
    Sending.objects.create(
        meeting=meeting,
        kind=kind,
        number=1,
        sent_on=sent_on,
        recipients=recipients,
        channel=channel,
        approval=approval,
        by=clerk,
        at=at,
    )
    meeting.schedule.filter(activity=SCHEDULE_ACTIVITY[kind]).update(done_at=at)


def seed_education(city, supervisor):
    """江城市教育局党组: collecting opinions."""
    organisation, team, clerk = _unit(city, EDUCATION, EDUCATION_TEAM, EDUCATION_OFFICE)
    meeting, created = annual_meeting(organisation, clerk, team, EDUCATION_DATE, "局机关第二会议室")
    if created:
        plan_filed(meeting, clerk, supervisor, 55)
        seed_study(meeting, team, clerk, [STUDY._replace(days_before=48)])
        seed_opinions(meeting, team, clerk, EDUCATION_OPINIONS, received=46)
        _stage(meeting, Stage.OPINIONS, clerk, "演示数据")
    return organisation, team, clerk, meeting


def seed_qingshan(city, supervisor):
    """青山县委常委班子: drafting, everything before it done."""
    organisation, team, clerk = _unit(city, QINGSHAN, QINGSHAN_TEAM, QINGSHAN_OFFICE)
    meeting, created = annual_meeting(organisation, clerk, team, QINGSHAN_DATE, "县委常委会议室")
    if created:
        plan_filed(meeting, clerk, supervisor, 52)
        sessions = [STUDY._replace(days_before=48), SEMINAR._replace(days_before=42)]
        seed_study(meeting, team, clerk, sessions)
        seed_opinions(meeting, team, clerk, QINGSHAN_OPINIONS, received=44, fed_back=38)
        talk_every_pair(meeting, team, clerk, first_day=40, per_day=3)
        _stage(meeting, Stage.DRAFTING, clerk, "演示数据")
        _drafts(meeting, team, clerk, supervisor, approved=False)
    return organisation, team, clerk, meeting


def seed_finance(city, supervisor):
    """江城市财政局党组: held, its 通报 issued 8 days and its report sent 12 days after (within 10 and 15),
    one item overdue."""
    organisation, team, clerk = _unit(city, FINANCE, FINANCE_TEAM, FINANCE_OFFICE)
    meeting, created = annual_meeting(organisation, clerk, team, FINANCE_HELD, "局机关第一会议室")
    if not created:
        return organisation, team, clerk, meeting
    plan_filed(meeting, clerk, supervisor, 23)
    _prepared(meeting, team, clerk, FINANCE_OPINIONS, FINANCE_TURNS, sessions=[STUDY, SEMINAR], fed_back=10)
    _stage(meeting, Stage.DRAFTING, clerk, "演示数据")
    _drafts(meeting, team, clerk, supervisor, approved=True)
    _held(meeting, team, clerk, FINANCE_TURNS)
    _ledger(meeting, team, clerk, FINANCE_ITEMS)
    issued_on = FINANCE_HELD + datetime.timedelta(days=8)
    sent_on = FINANCE_HELD + datetime.timedelta(days=12)
    reporting_services.save_settings(
        meeting,
        clerk,
        main_recipients=REPORT_RECIPIENTS,
        notification_recipients="局机关各处室、直属单位党员干部",
        follow_up="局办公室（电话：0888-6234567）",
        notification_dated=issued_on,
        report_dated=sent_on,
    )
    secretary = team[0]
    _sent(meeting, DocumentKind.NOTIFICATION, secretary, clerk, issued_on, "局机关各处室、直属单位党员干部")
    _sent(
        meeting,
        DocumentKind.REPORT,
        secretary,
        clerk,
        sent_on,
        REPORT_RECIPIENTS,
        SendingChannel.CONFIDENTIAL,
    )
    return organisation, team, clerk, meeting


def seed_water(city, supervisor):
    """江城市水务局党组: held, a member criticised once, the report not sent after 15 days."""
    organisation, team, clerk = _unit(city, WATER, WATER_TEAM, WATER_OFFICE)
    meeting, created = annual_meeting(organisation, clerk, team, WATER_HELD, "局机关第一会议室")
    if created:
        plan_filed(meeting, clerk, supervisor, 26)
        _prepared(meeting, team, clerk, WATER_OPINIONS, WATER_TURNS, sessions=[STUDY], fed_back=9)
        _stage(meeting, Stage.DRAFTING, clerk, "演示数据")
        _drafts(meeting, team, clerk, supervisor, approved=True)
        _held(meeting, team, clerk, WATER_TURNS)
        _ledger(meeting, team, clerk, WATER_ITEMS)
    return organisation, team, clerk, meeting


def seed_city_units(city, supervisor):
    """Every unit under the city but 云岭县委, in the order of their season; run again, it changes
    nothing. Returns (organisation, team, clerk, meeting) of each."""
    return seed_units(city, supervisor) + [
        seed(city, supervisor) for seed in (seed_education, seed_qingshan, seed_finance, seed_water)
    ]
