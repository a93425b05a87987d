"""Demo meetings for ``seed_demo`` around the rectification ledger, for the same county team:

- the 2025年度 meeting (held January 2026), archived: its 会前准备 complete (meetings.demo_last_year),
  its record complete, its report sent and its 通报 issued within their deadlines (reporting.demo),
  its lists drawn up from the drafts' problems and the opinions, with items closed (with evidence)
  and two still open that the next meeting carried over;
- the 2026年 巡视整改专题 meeting (held 9 November 2026), at the rectification stage: its 会前准备
  complete (meetings.demo_special), the record complete, and a ledger with items in every status —
  the two carried over, new ones not started, in progress (one overdue), done awaiting 销号, and
  closed. seed_demo then has its report and 通报 approved, for the office to send (reporting.demo).

The pre-meeting records are seeded first: they lock once the meeting is held.
"""

import datetime

from django.core.files.uploadedfile import SimpleUploadedFile

from documents.render_pdf import render_pdf
from documents.tree import Document, Paragraph
from inspection.content import problems as inspection_problems
from meetings import demo_last_year, demo_special
from meetings import record as meeting_record
from meetings import services as meeting_services
from meetings.demo_preparation import moment
from meetings.models import AspectTemplate, Meeting, MeetingKind, MeetingPerson, PersonKind, TransitionLog
from meetings.workflow import ORDER, Stage
from reporting.demo import report_last_year

from . import services
from .models import Activity, ActivityKind, Item, ItemKind, ItemStatus, OpinionAnswer

LAST_YEAR = datetime.date(2026, 1, 16)
SPECIAL = datetime.date(2026, 11, 9)

# (problem, measures, owner index in the team, unit, kind, days after the meeting, progress texts)
LAST_YEAR_TEAM_ITEMS = [
    (
        "理论学习的系统性还不够，专题研讨深度不够。",
        "制定年度理论学习中心组学习计划，每季度至少开展1次专题研讨，班子成员每人撰写1篇研讨文章。",
        0,
        "县委办公室",
        ItemKind.BY_DATE,
        120,
        ["已印发年度学习计划，开展专题研讨4次，班子成员撰写研讨文章9篇。"],
    ),
    (
        "调查研究不够深入，解决群众急难愁盼问题的办法不多。",
        "班子成员每人确定1个基层联系点，每季度至少蹲点调研1次，形成调研报告。",
        1,
        "县委政策研究室",
        ItemKind.BY_DATE,
        180,
        ["班子成员共开展蹲点调研36次，形成调研报告9篇，推动解决问题27个。"],
    ),
    (
        "会议文件仍然偏多，基层迎检负担较重。",
        "全县会议、文件数量压减15%以上，督查检查考核事项统一归口管理。",
        2,
        "县委办公室",
        ItemKind.IMMEDIATE,
        30,
        ["全县发文同比减少18%，召开会议同比减少16%，督查检查考核事项由42项压减为19项。"],
    ),
    (
        "县城老旧小区改造项目推进缓慢。",
        "建立项目周调度机制，年内完成剩余5个小区改造。",
        7,
        "县住房和城乡建设局",
        ItemKind.BY_DATE,
        300,
        ["已完成3个小区改造，剩余2个小区因管网迁改延后，正在施工。"],
    ),
    (
        "防范化解重大风险的长效机制还不健全。",
        "健全重大风险研判、防控协同、防范化解机制，每半年开展1次风险评估。",
        6,
        "县委政法委",
        ItemKind.ONGOING,
        None,
        ["已建立风险研判月例会制度，上半年开展风险评估1次。"],
    ),
]

# Where each of those items comes from: an opinion's text or a team material problem's lead.
LAST_YEAR_SOURCES = [
    ["理论学习的系统性还不够。", "班子理论学习中心组学习有时以传达文件为主，研讨交流不够深入。"],
    ["调查研究要多到偏远乡镇，解决群众急难愁盼问题的办法要再多一些。"],
    ["会议和文件仍然偏多，基层迎检负担较重。"],
    ["县城老旧小区改造进度慢，施工期间群众出行不便。"],
    ["防范化解重大风险的长效机制还不健全。"],
]
# The answers to accepted opinions that no item comes from, by addressee (DESIGN §6: every accepted
# opinion is linked to an item or answered).
OPINION_ANSWERS = {
    "team": "已转县直有关部门办理，办理结果已向反映人答复。",
    "member": "已如实反馈本人，纳入本人整改措施抓好落实。",
}

SPECIAL_NEW_ITEMS = [
    # (problem, owner index, unit, kind, days after the meeting, status, progress texts, evidence)
    (
        "巡视反馈的干部选任程序不规范问题。",
        4,
        "县委组织部",
        ItemKind.IMMEDIATE,
        7,
        ItemStatus.CLOSED,
        ["已对2023年以来干部选任工作开展全面自查，补齐程序性材料12份，问责1人。"],
        True,
    ),
    (
        "意识形态工作责任制落实不够到位。",
        5,
        "县委宣传部",
        ItemKind.BY_DATE,
        8,
        ItemStatus.IN_PROGRESS,
        ["已召开意识形态工作专题会议，正在修订责任清单。"],
        False,
    ),
    (
        "对民生实事项目的跟踪督办还需加强。",
        1,
        "县政府办公室",
        ItemKind.BY_DATE,
        60,
        ItemStatus.DONE,
        ["10件民生实事已全部完成并通过验收，督办台账已归档。"],
        True,
    ),
    (
        "基层党组织书记培训覆盖面不够。",
        4,
        "县委组织部",
        ItemKind.BY_DATE,
        90,
        ItemStatus.NOT_STARTED,
        [],
        False,
    ),
]


def _evidence_pdf(title):
    """A real one-page PDF, made by the app's own renderer, as the demo's 佐证材料."""
    pdf = render_pdf(Document(title=title, blocks=[Paragraph("演示佐证材料：会议纪要、工作台账扫描件等。")]))
    return SimpleUploadedFile(f"{title}.pdf", pdf, content_type="application/pdf")


def _stage(meeting, stage, by, note=""):
    """Moves a demo meeting straight to ``stage``, logging each step as the office's."""
    path = ORDER[ORDER.index(Stage(meeting.stage)) + 1 : ORDER.index(stage) + 1]
    previous = meeting.stage
    for step in path:
        TransitionLog.objects.create(meeting=meeting, from_stage=previous, to_stage=step, by=by, note=note)
        previous = step
    Meeting.objects.filter(pk=meeting.pk).update(stage=stage)
    meeting.stage = stage


def _meeting(organisation, clerk, team, **fields):
    meeting = Meeting.objects.filter(organisation=organisation, date=fields["date"]).first()
    if meeting is not None:
        return meeting, False
    fields.setdefault("place", "县委常委会议室")
    meeting = meeting_services.create_meeting(
        organisation=organisation,
        by=clerk,
        aspect_template=AspectTemplate.objects.get(kind=fields["kind"]),
        host=team[0],
        start_time=datetime.time(9, 0),
        **fields,
    )
    MeetingPerson.objects.create(meeting=meeting, kind=PersonKind.GUIDANCE, order=1, name="市委第三督导组")
    return meeting, True


def _source_keys(meeting, texts):
    """The candidate keys (rectification.candidates) of the opinions and team material problems with
    these texts (an opinion's text, or a problem's lead)."""
    team_material = meeting.drafts.get(kind="team")
    problems = {item["lead"]: item["id"] for _, _, item in inspection_problems(team_material.content)}
    opinions = dict(meeting.opinions.filter(text__in=texts).values_list("text", "pk"))
    return [
        f"opinion:{opinions[text]}" if text in opinions else f"draft:{team_material.pk}:{problems[text]}"
        for text in texts
    ]


def _drawn_up(meeting, day):
    """The lists, and the answers to the opinions they leave out, dated the day the office drew them
    up (the 整改方案's date in the report)."""
    Item.objects.filter(meeting=meeting).update(created_at=moment(day, 16))
    OpinionAnswer.objects.filter(opinion__meeting=meeting).update(at=moment(day, 17))


def planned_criticisms(team, turns):
    """{(critic id, member id): text}: the criticisms of ``turns`` as the critics noted them in their
    talks before the meeting."""
    return {
        (criticism["by"].pk, team[member_index].pk): f"{team[member_index].name}同志{criticism['text']}"
        for member_index, _, texts, _ in turns
        for criticism in _criticisms(team, member_index, texts)
    }


def _criticisms(team, member_index, texts):
    critics = [person for index, person in enumerate(team) if index != member_index]
    return [
        {"id": None, "by": critics[n % len(critics)], "by_name": "", "text": text}
        for n, text in enumerate(texts)
    ]


def _write_record(meeting, team, clerk, turns, *, summary=""):
    record = meeting_record.ensure_record(meeting)
    record.recorder = clerk.name
    record.agenda = "主持人通报上一年度民主生活会整改落实情况\n班子成员逐一发言，开展批评和自我批评\n督导组点评\n主持人总结讲话"
    record.summary = summary
    if summary:
        record.guidance_remarks = "会议准备充分，查摆问题具体，批评和自我批评辣味较足，达到了预期效果。"
        record.end_time = datetime.time(11, 30)
    record.save()
    statements = {s.member_id: s for s in record.statements.all()}
    for member_index, self_criticism, criticism_texts, response in turns:
        member = team[member_index]
        meeting_record.save_statement(
            statements[member.pk],
            by=clerk,
            self_criticism=self_criticism,
            response=response,
            criticisms=_criticisms(team, member_index, criticism_texts),
        )
    return record


TURNS = [
    (
        0,
        "作为班子班长，本人在推动理论学习往深里走上带头不够，调研多集中在城区和重点项目，到偏远乡镇次数偏少。",
        [
            "深入偏远乡镇调研次数偏少，全年只去过两次东山乡。",
            "听取班子成员意见时有时急于表态，民主讨论不够充分。",
        ],
        "诚恳接受同志们的批评，会后逐条列入个人整改清单，限期整改到位。",
    ),
    (
        1,
        "本人抓政府系统作风建设不够严，对民生实事项目跟踪问效不及时。",
        ["对分管部门督办多、指导少，基层反映“只要结果不问困难”。", "民生实事项目有3件拖期，督办力度不够。"],
        "完全接受，立即建立民生实事周调度机制，年底前全部完成。",
    ),
]


# The rest of the special meeting's turns, written down after the two above.
LATER_TURNS = [
    (
        2,
        "本人对巡视反馈的政法领域问题认识不够深刻，推动平安建设重点工作有时满足于完成规定动作。",
        ["对信访积案化解跟踪督办不够，个别案件反复。", "到基层政法单位检查指导多，解剖麻雀式调研少。"],
        "诚恳接受，对信访积案逐件落实包案领导，年底前化解到位。",
    ),
    (
        3,
        "本人履行监督第一职责不够有力，对巡视指出的“一把手”监督问题研究不深、办法不多。",
        [
            "对县直部门“一把手”日常监督偏软，谈话提醒多、跟踪问效少。",
            "派驻机构作用发挥不够，监督触角延伸不够。",
        ],
        "完全接受，健全对“一把手”和领导班子监督的具体措施，一季度内印发实施。",
    ),
    (
        4,
        "本人对巡视反馈的干部选任程序不规范问题负有直接责任，把关不够严。",
        [
            "干部选任工作中个别程序性材料不全，审核把关不严。",
            "年轻干部培养储备不足，到基层一线锻炼的安排不够。",
        ],
        "诚恳接受，已组织全面自查，立行立改，建立选任工作纪实制度。",
    ),
    (
        5,
        "本人落实意识形态工作责任制不够到位，对网络舆情研判处置的主动性不强。",
        ["意识形态工作责任清单多年未修订，针对性不强。", "对个别负面舆情回应不及时，引导不够有力。"],
        "完全接受，年内修订责任清单，建立舆情会商研判机制。",
    ),
    (
        6,
        "本人抓防范化解重大风险的长效机制建设不够，对基层矛盾纠纷源头治理用力不足。",
        ["风险研判会议开得多，研判结论转化为具体措施少。", "对乡镇综治中心规范化建设督促检查不够。"],
        "诚恳接受，把风险防控措施逐项落实到责任单位和责任人。",
    ),
    (
        7,
        "本人分管的重点项目推进中存在重进度、轻质量的倾向，对巡视指出的项目管理问题整改不够快。",
        ["县城老旧小区改造项目两度延期，督办不够有力。", "对项目资金使用的全过程监管不够严。"],
        "完全接受，建立重点项目周调度机制，逐项销号。",
    ),
    (
        8,
        "本人联系服务非公经济人士不够经常，对民营企业反映的困难问题推动解决不够及时。",
        ["走访民营企业次数偏少，全年只开过一次政企座谈会。", "对企业反映的融资难问题跟踪协调不够。"],
        "诚恳接受，每季度至少召开一次政企座谈会，建立问题清单限时办结。",
    ),
]


def seed_last_year(organisation, team, clerk, secretary, supervisor):
    meeting, created = _meeting(
        organisation,
        clerk,
        team,
        year=2025,
        kind=MeetingKind.ANNUAL,
        name="2025年度民主生活会",
        date=LAST_YEAR,
        theme="深入学习贯彻习近平新时代中国特色社会主义思想，锤炼党性、担当作为",
        **demo_last_year.NOTICE,
    )
    if not created:
        return meeting
    demo_last_year.prepare(meeting, team, clerk, supervisor)
    _write_record(
        meeting,
        team,
        clerk,
        [
            (
                index,
                f"{person.name}同志对照六个方面作了自我批评。",
                [f"对{person.name}同志的批评意见一。", f"对{person.name}同志的批评意见二。"],
                "诚恳接受，抓好整改。",
            )
            for index, person in enumerate(team)
        ],
        summary="同志们敞开心扉、坦诚相见，会后要把问题清单转化为整改清单，逐项抓好落实。",
    )
    _stage(meeting, Stage.RECTIFICATION, clerk, "演示数据")
    team_list = next(rl for rl in services.ensure_lists(meeting) if rl.is_team)
    items = []
    for (problem, measures, owner, unit, kind, days, _), texts in zip(
        LAST_YEAR_TEAM_ITEMS, LAST_YEAR_SOURCES, strict=True
    ):
        (item,) = services.make_items(team_list, _source_keys(meeting, texts), clerk, merge=True)
        items.append(
            services.update_item(
                item,
                clerk,
                problem=problem,
                measures=measures,
                owner=team[owner],
                unit=unit,
                kind=kind,
                deadline=LAST_YEAR + datetime.timedelta(days=days) if days else None,
            )
        )
    for opinion in services.unanswered_opinions(meeting):
        services.answer_opinion(opinion, clerk, OPINION_ANSWERS["member" if opinion.addressee_id else "team"])
    _drawn_up(meeting, LAST_YEAR + datetime.timedelta(days=5))
    # Within 15 days of the meeting, while the rectification has only begun, the report and the 通报
    # went out: they read the lists as they were then.
    report_last_year(meeting, secretary, clerk)
    for number, (item, (_, _, owner, unit, _, days, progress)) in enumerate(
        zip(items, LAST_YEAR_TEAM_ITEMS, strict=True), 1
    ):
        for text in progress:
            services.add_progress(
                item,
                team[owner],
                text,
                date=LAST_YEAR + datetime.timedelta(days=(days or 200) - 10),
                files=[_evidence_pdf(f"{unit}整改佐证")] if number <= 3 else (),
            )
        if number <= 3:
            # The owner reports it done; a second person, never the owner, confirms the 销号.
            services.change_status(item, ItemStatus.DONE, team[owner], "整改任务已完成，申请销号")
            services.close_item(item, secretary if team[owner] != secretary else clerk, "经核实已整改到位")
    for day, kind, title in [
        (20, ActivityKind.TEAM_MEETING, "专题研究民主生活会整改方案"),
        (45, ActivityKind.GROUP_STUDY, "理论学习中心组专题学习"),
        (90, ActivityKind.SCHEDULING, "整改工作调度会"),
    ]:
        Activity.objects.create(
            meeting=meeting, kind=kind, date=LAST_YEAR + datetime.timedelta(days=day), title=title, by=clerk
        )
    _stage(meeting, Stage.REPORTING, clerk, "演示数据")
    _stage(meeting, Stage.CLOSED, clerk, "按要求报送阶段性整改情况，2项未完成事项结转下次民主生活会")
    return meeting


def seed_special(organisation, team, clerk, secretary, supervisor):
    meeting, created = _meeting(
        organisation,
        clerk,
        team,
        year=2026,
        kind=MeetingKind.SPECIAL,
        name="2026年巡视整改专题民主生活会",
        date=SPECIAL,
        theme="深化巡视整改，推动全面从严治党向纵深发展",
        **demo_special.NOTICE,
    )
    if not created:
        return meeting
    demo_special.prepare(meeting, team, clerk, supervisor, planned_criticisms(team, TURNS + LATER_TURNS))
    _write_record(
        meeting,
        team,
        clerk,
        TURNS + LATER_TURNS,
        summary="同志们紧扣巡视反馈问题，开展批评和自我批评，查摆问题具体，会后要把问题清单转化为整改清单，"
        "逐项整改到位。",
    )
    _stage(meeting, Stage.RECTIFICATION, clerk, "演示数据")
    services.carry_over(meeting, clerk)
    team_list = next(rl for rl in services.ensure_lists(meeting) if rl.is_team)
    # The first three items come from the opinions of the same concern, the fourth from the team
    # material (meetings.demo_special); the fourth opinion is answered.
    opinions = [entry.text for entry in demo_special.OPINIONS[:4]]
    sources = [*opinions[:3], demo_special.TRAINING]
    for (problem, owner, unit, kind, days, status, progress, evidence), source in zip(
        SPECIAL_NEW_ITEMS, sources, strict=True
    ):
        (item,) = services.make_items(team_list, _source_keys(meeting, [source]), clerk)
        services.update_item(
            item,
            clerk,
            problem=problem,
            owner=team[owner],
            unit=unit,
            kind=kind,
            deadline=SPECIAL + datetime.timedelta(days=days),
            measures="对照巡视反馈意见，逐项制定整改措施，明确责任人和完成时限。",
        )
        for text in progress:
            services.add_progress(
                item,
                team[owner],
                text,
                date=SPECIAL + datetime.timedelta(days=3),
                files=[_evidence_pdf(f"{unit}整改佐证")] if evidence else (),
            )
        if status in (ItemStatus.DONE, ItemStatus.CLOSED):
            services.change_status(item, ItemStatus.DONE, team[owner])
        if status == ItemStatus.CLOSED:
            # Reported done by its owner, confirmed by the secretary (销号 by a second person).
            services.close_item(item, secretary, "经核实已整改到位")
    services.answer_opinion(
        meeting.opinions.get(text=opinions[3]), clerk, "已在全县干部大会上通报整改进展，并在县政府网站公开。"
    )
    # The opinions addressed to members are answered too; the box's one is left for the office to trace.
    for opinion in services.unanswered_opinions(meeting).filter(addressee__isnull=False):
        services.answer_opinion(opinion, clerk, OPINION_ANSWERS["member"])
    _drawn_up(meeting, SPECIAL + datetime.timedelta(days=2))
    Activity.objects.create(
        meeting=meeting,
        kind=ActivityKind.SCHEDULING,
        date=SPECIAL + datetime.timedelta(days=5),
        title="巡视整改工作调度会",
        by=clerk,
    )
    return meeting


def seed_rectification(organisation, team, clerk, supervisor):
    """Both demo meetings; run again, it changes nothing."""
    secretary = team[0]
    last_year = seed_last_year(organisation, team, clerk, secretary, supervisor)
    special = seed_special(organisation, team, clerk, secretary, supervisor)
    return last_year, special
