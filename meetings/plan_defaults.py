"""Default wording of a plan by meeting kind, so a clerk edits rather than types.

The texts follow the plans in the seeds (003). ``{host}`` is the host with title,
``{team}`` the leadership team, ``{aspect_count}`` the number of check-aspects.
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

# (activity in the schedule, title, text). The drafting step is followed in the
# document by the meeting's check-aspects, numbered.
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
        "班子和班子成员要聚焦会议主题，把自己摆进去、把职责摆进去、把工作摆进去，重点从以下"
        "{aspect_count}个方面认真对照检查，查摆突出问题，深刻剖析问题根源，有针对性地提出整改措施，"
        "做到见人见事见思想。主要负责同志主持起草班子对照检查材料，并对班子成员个人发言提纲审阅把关；"
        "个人发言提纲要自己动手撰写。",
    ),
    (
        "meeting",
        "严肃开展批评和自我批评",
        "会上要发扬自我革命精神，严肃认真开展批评和自我批评。自我批评要勇于刀刃向内、揭短亮丑，"
        "不能以讲道理、谈体会代替摆问题，不能以班子问题、下级问题代替个人问题。相互批评要出于公心、"
        "直截了当，真点问题、点真问题，每名班子成员接受的批评意见不少于2条，不能以提希望代替点问题，"
        "不能以工作建议代替批评意见。",
    ),
]

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
        "办公室负责征求意见建议的收集汇总、会议记录和会议材料的整理报送等工作，各项准备工作按时间节点完成。",
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
    rows = []
    for order, text in enumerate(AGENDA, 1):
        rows.append((PlanSection.AGENDA, order, "", "", text.format(**values)))
    for order, (activity, title, text) in enumerate(PREPARATION, 1):
        if activity == "study" and kind == MeetingKind.SPECIAL:
            text = SPECIAL_STUDY
        rows.append((PlanSection.PREPARATION, order, title, activity, text.format(**values)))
    for order, (activity, title, text) in enumerate(FOLLOWUP, 1):
        rows.append((PlanSection.FOLLOWUP, order, title, activity, text.format(**values)))
    for order, (title, text) in enumerate(REQUIREMENTS, 1):
        rows.append((PlanSection.REQUIREMENT, order, title, "", text.format(**values)))
    return rows


def default_preamble(meeting):
    notice = ""
    if meeting.notice_title:
        issuer = meeting.notice_issuer
        number = f"（{meeting.notice_number}）" if meeting.notice_number else ""
        notice = f"和{issuer}《{meeting.notice_title}》{number}"
    return PREAMBLE.format(notice=notice)
