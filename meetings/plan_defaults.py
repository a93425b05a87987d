"""Default wording of a plan by meeting kind, so a clerk edits rather than types.

The texts follow the plans in the seeds (003). ``{host}`` is the host with title,
``{aspect_count}`` the number of check-aspects. Every section of the document is here: the office
edits the items on the plan page; the exporter prints them under these headings.
"""

from .models import MeetingKind, PlanSection

PREAMBLE = (
    "为深入学习贯彻习近平新时代中国特色社会主义思想，根据党章、党内有关规定{notice}要求，"
    "结合实际，经研究，特制定本方案。"
)

AGENDA = [
    "{host}通报上一年度民主生活会整改措施落实情况和本次民主生活会征求意见情况；",
    "{host}代表领导班子作对照检查；",
    "{host}带头开展批评和自我批评，班子成员依次进行批评和自我批评；",
    "到会指导的领导对民主生活会情况进行指导点评；",
    "{host}代表领导班子作表态发言并作会议总结。",
]

# The headings and fixed sentences of the exported plan (documents.exporters.plan); the office edits
# the items, not these. The first section is called 指导思想 in annual plans and 目标要求 in the
# special ones (seed 003: "一、会议主题要求 … 基本要求", "一、深刻领会……的重大意义").
HEADINGS = {
    "guiding": {MeetingKind.ANNUAL: "指导思想", MeetingKind.SPECIAL: "目标要求"},
    "theme": "会议主题",
    "check": "对照检查内容",
    "preparation": "会前准备",
    "arrangement": "会议安排",
    "time_and_place": "会议时间和地点",
    "people": "参会人员",
    "agenda": "会议议程",
    "followup": "会后工作",
    "division": "工作分工",
    "discipline": "会议纪律",
    "requirement": "工作要求",
}
THEME = {
    MeetingKind.ANNUAL: "本次民主生活会的主题是：{theme}",
    MeetingKind.SPECIAL: "本次专题民主生活会的主题是：{theme}",
}
AGENDA_LEAD = "会议由{host}主持，议程如下："

GUIDING = {
    MeetingKind.ANNUAL: [
        "以习近平新时代中国特色社会主义思想为指导，认真落实党中央关于加强和规范党内政治生活的部署要求，"
        "严格执行《县以上党和国家机关党员领导干部民主生活会若干规定》，坚持和运用好批评和自我批评武器，"
        "切实增强“四个意识”、坚定“四个自信”、做到“两个维护”。",
        "通过召开民主生活会，进一步统一思想、凝聚共识，聚焦会议主题查摆突出问题，深刻剖析问题根源，"
        "明确整改方向和措施，推动领导班子和班子成员提高政治判断力、政治领悟力、政治执行力，"
        "以务实有效的问题整改推动各项工作高质量发展。",
    ],
    MeetingKind.SPECIAL: [
        "认真开好专题民主生活会，是贯彻落实党中央决策部署的重要举措，是加强领导班子自身建设的重要内容。"
        "领导班子和班子成员要充分认识召开专题民主生活会的重要意义，准确把握会议主题和各环节工作要求，"
        "精心组织、周密安排。",
        "要通过召开专题民主生活会，开展积极健康的思想斗争，进一步增强“四个意识”、坚定“四个自信”、"
        "做到“两个维护”；紧扣专题查摆突出问题，深刻剖析思想根源，切实把问题整改到位，"
        "推动领导班子自身建设和各项工作取得新成效。",
    ],
}

# The check aspects are printed after the first paragraph. Every "N个方面" in this section is the
# number of the meeting's aspects, recomputed when the plan is printed (the seeds' "xx" counted by hand).
CHECK = {
    MeetingKind.ANNUAL: [
        "领导班子和班子成员要紧扣会议主题，对照党章党规党纪、对照初心使命，把自己摆进去、"
        "把职责摆进去、把工作摆进去，重点从以下{aspect_count}个方面进行对照检查。",
        "要紧密结合实际，逐项对照{aspect_count}个方面，深入查摆存在的突出问题，深刻剖析问题根源，"
        "有针对性地提出整改措施，做到见人见事见思想。同时，要对上一年度民主生活会整改措施落实情况作出说明。",
    ],
    MeetingKind.SPECIAL: [
        "领导班子和班子成员要聚焦专题民主生活会主题，把自己摆进去、把职责摆进去、把工作摆进去，"
        "重点从以下{aspect_count}个方面进行对照检查。",
        "要紧密结合实际，逐项对照{aspect_count}个方面，深入查摆存在的突出问题，深刻剖析问题根源，"
        "有针对性地提出整改措施，做到见人见事见思想，坚决防止以班子问题代替个人问题、"
        "以工作业务问题代替思想政治问题。",
    ],
}

# (activity in the schedule, title, text).
PREPARATION = [
    (
        "plan",
        "制定民主生活会方案",
        "办公室结合实际认真制定民主生活会方案，内容主要包括会议主题、会议议程、参加人员等，"
        "并于会议召开10日前将方案报送上级审核，经审核后组织实施。",
    ),
    (
        "study",
        "开展好会前学习",
        "坚持集中研讨和个人自学相结合，组织班子成员深入学习习近平新时代中国特色社会主义思想，"
        "学习党章、《关于新形势下党内政治生活的若干准则》《中国共产党党内监督条例》和党中央关于"
        "民主生活会的有关要求，提高认识、统一思想、增强自觉，打牢开好民主生活会的思想基础。",
    ),
    (
        "opinions",
        "广泛征求意见建议",
        "通过个别访谈、设立意见箱、发放征求意见表、召开座谈会等形式，广泛征求党员、干部和群众的"
        "意见建议。对收集到的意见建议，涉及领导班子的，向全体班子成员通报；涉及个人的，由主要负责"
        "同志如实反馈给本人。",
    ),
    (
        "talks",
        "深入开展谈心谈话",
        "主要负责同志与班子成员，班子成员相互之间，班子成员与分管单位主要负责同志，班子成员与本人"
        "所在党支部党员代表要开展谈心谈话，沟通思想、交换意见，把问题谈透、把思想谈通、"
        "把改进方向谈明白。",
    ),
    (
        "drafts",
        "撰写对照检查材料和发言提纲",
        "班子和班子成员要围绕对照检查内容，紧密结合思想、学习和工作实际，查摆突出问题，深刻剖析问题根源，"
        "有针对性地提出整改措施。主要负责同志主持起草班子对照检查材料，并对班子成员个人发言提纲审阅把关；"
        "个人发言提纲要自己动手撰写，直奔主题、直面问题，从具体人具体事入手，切实查摆个人责任。",
    ),
]

# (title, text): what the meeting itself demands, printed in 会议安排 after the agenda. 严肃开展批评和
# 自我批评 is the meeting, not a step before it (seed 003 prints it under 会议安排 / 会议要求).
CRITICISM = (
    "严肃开展批评和自我批评",
    "会上要发扬自我革命精神，严肃认真开展批评和自我批评，达到坚持真理、修正错误，统一意志、增进团结的目的。"
    "自我批评要勇于刀刃向内、揭短亮丑，不能以讲道理、谈体会代替摆问题，不能以班子问题、下级问题代替个人问题。"
    "相互批评要出于公心、直截了当，真点问题、点真问题，每名班子成员接受的批评意见不少于2条，"
    "不能以提希望代替点问题，不能以工作建议代替批评意见。班子成员对批评意见要正确对待、虚心接受，"
    "有则改之、无则加勉。",
)
PERSONAL_MATTERS = {
    MeetingKind.ANNUAL: (
        "个人有关事项报告",
        "会上，班子成员要如实报告本年度个人有关事项，对群众反映、巡视巡察反馈、组织约谈函询的问题，"
        "要逐项说清楚、谈透彻；受到问责的，要作出深刻检查。",
    ),
    MeetingKind.SPECIAL: (
        "个人有关事项报告",
        "会上，班子成员要对个人需报告的重大事项如实作出说明，对群众反映、巡视巡察反馈、组织约谈函询"
        "和专题查摆出的有关问题逐项作出说明；受到问责的，要作出深刻检查。",
    ),
}

FOLLOWUP = [
    (
        "rectification_plan",
        "持续用力抓好整改",
        "会后，针对会前征求的意见建议、会上相互批评意见和查摆出的问题，制定问题清单，完善整改措施，"
        "落实整改责任，能够当下改的抓紧整改到位，一时解决不了的明确阶段目标，持续用力整改，"
        "清理“旧账”、解决“新账”。",
    ),
    (
        "notification",
        "通报会议有关情况",
        "在适当范围内通报民主生活会召开情况，主要内容包括召开时间、参会人员、会议主题、查找出来的"
        "主要问题、整改措施以及上一次民主生活会整改措施落实情况等，自觉接受党员群众监督。",
    ),
    (
        "situation_report",
        "及时报送情况报告",
        "会后15日内，将会议情况报告和会议记录、班子对照检查材料、班子成员个人发言提纲报送上级组织部门。",
    ),
]

# (title, text): who does what. "{host}" is the host with title.
DIVISION = [
    (
        "办公室",
        "负责起草会议方案并报上级审核，组织会前学习，收集汇总征求的意见建议，安排谈心谈话，"
        "收集班子对照检查材料和班子成员个人发言提纲，做好会议记录和会务保障；会后起草会议情况报告，"
        "整理报送会议材料，跟踪督办整改落实。",
    ),
    (
        "{host}",
        "履行第一责任人职责，主持起草班子对照检查材料，审阅把关班子成员个人发言提纲；"
        "带头开展谈心谈话，带头开展批评和自我批评；主持会议并作总结，组织推动整改落实。",
    ),
    (
        "班子成员",
        "每名班子成员认真参加会前学习，广泛听取分管领域意见建议，开展谈心谈话，自己动手撰写个人发言提纲，"
        "按时交办公室并报主要负责同志审阅；会上开展批评和自我批评，会后认领整改任务，按时限完成整改。",
    ),
]

# (title, text): seed 003 "会议期间，无特殊情况……不安排出差出访，原则上不得请假".
DISCIPLINE = [
    (
        "严格请假制度",
        "会议期间，班子成员不安排出差出访等公务活动，原则上不得请假；确因特殊情况不能参会的，"
        "须向上级组织部门报告并说明理由。",
    ),
    ("按时到会", "参会人员提前10分钟到达会场并签到，不迟到、不早退，会议期间不随意进出会场。"),
    ("规范使用手机", "会议期间，参会人员手机关机或调至静音并统一存放，不接打电话、不收发信息。"),
    ("严守保密纪律", "会议材料和会上发言内容不得擅自外传，会议记录由办公室统一保管、按规定归档。"),
]

REQUIREMENTS = [
    (
        "切实提高政治站位",
        "要充分认识民主生活会是党内政治生活的重要内容，是发扬党内民主、加强党内监督、依靠领导班子"
        "自身力量解决矛盾和问题的重要方式，聚焦会议主题，精心组织实施，确保会议开出高质量、好效果。",
    ),
    (
        "从严落实政治责任",
        "主要负责同志要履行第一责任人职责，坚持从严从实要求，精心组织安排；班子成员要以身作则，"
        "认真做好会前准备各项工作。",
    ),
    (
        "精心组织确保实效",
        "各项准备工作按时间节点完成，会议材料按要求报送上级；整改情况通过适当方式在一定范围内公开，"
        "自觉接受党员群众监督。",
    ),
]

# The special (专题) meeting differs in its study emphasis; everything else is shared.
SPECIAL_STUDY = (
    "坚持集中研讨和个人自学相结合，组织班子成员围绕专题深入学习习近平总书记重要讲话精神和党中央"
    "指定学习材料，学习党章、《关于新形势下党内政治生活的若干准则》《中国共产党党内监督条例》和"
    "党中央关于民主生活会的有关要求，提高认识、统一思想、增强自觉，打牢开好民主生活会的思想基础。"
)


def default_items(kind, host, aspect_count):
    """(section, order, title, activity, text) rows for a new plan of this kind."""
    values = {"host": host, "aspect_count": aspect_count}
    kind = MeetingKind(kind) if kind in MeetingKind.values else MeetingKind.ANNUAL
    rows = []

    def add(section, items):
        for order, (activity, title, text) in enumerate(items, 1):
            rows.append((section, order, title.format(**values), activity, text.format(**values)))

    add(PlanSection.GUIDING, [("", "", text) for text in GUIDING[kind]])
    add(PlanSection.CHECK, [("", "", text) for text in CHECK[kind]])
    add(
        PlanSection.PREPARATION,
        [
            (activity, title, SPECIAL_STUDY if activity == "study" and kind == MeetingKind.SPECIAL else text)
            for activity, title, text in PREPARATION
        ],
    )
    add(PlanSection.AGENDA, [("", "", text) for text in AGENDA])
    add(PlanSection.MEETING, [("", *CRITICISM), ("", *PERSONAL_MATTERS[kind])])
    add(PlanSection.FOLLOWUP, FOLLOWUP)
    add(PlanSection.DIVISION, [("", title, text) for title, text in DIVISION])
    add(PlanSection.DISCIPLINE, [("", title, text) for title, text in DISCIPLINE])
    add(PlanSection.REQUIREMENT, [("", title, text) for title, text in REQUIREMENTS])
    return rows


def default_preamble(meeting):
    notice = ""
    if meeting.notice_title:
        issuer = meeting.notice_issuer
        number = f"（{meeting.notice_number}）" if meeting.notice_number else ""
        notice = f"和{issuer}《{meeting.notice_title}》{number}"
    return PREAMBLE.format(notice=notice)
