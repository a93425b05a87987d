"""会前准备 of the demo's 2026年巡视整改专题 meeting (held 9 November 2026, rectification.demo), seeded
before its record is written: the 上级通知, two study sessions (one absence) and three members' notes,
ten opinions from a forum, interviews and the box (one merged, one rejected) fed back to every member,
the 四必谈 talks with two pairs waived — each member's planned criticisms those raised at the meeting —
and every draft reviewed and approved, the team material endorsed."""

from feedback.models import BOX_CHANNEL
from inspection.demo import Material, Measure, Problem, member_outlines, seed_reviewed_drafts

from .coverage import PairKind
from .demo_preparation import Entry, Note, Session, Waiver, seed_opinions, seed_study, talk_every_pair
from .models import StudyForm

NOTICE = {
    "notice_issuer": "市纪委机关、市委组织部",
    "notice_title": "关于召开巡视整改专题民主生活会的通知",
    "notice_number": "江组通〔2026〕47号",
}

STUDY = [
    Session(
        30,
        StudyForm.CENTRE_GROUP,
        "学习习近平总书记关于巡视工作的重要论述",
        "习近平总书记关于巡视工作的重要论述\n中国共产党巡视工作条例\n省委第二巡视组反馈意见",
        "县委理论学习中心组专题学习，林志远同志领学，逐条对照巡视反馈意见查找差距。",
        absent={8: "在省委党校脱产学习"},
    ),
    Session(
        16,
        StudyForm.SEMINAR,
        "聚焦巡视反馈问题开展专题研讨",
        "中国共产党巡视工作条例\n中国共产党纪律处分条例",
        "班子成员结合分管领域巡视整改任务逐一发言，剖析问题根源，研究整改措施。",
    ),
]
NOTES = [
    Note(
        2,
        27,
        "中国共产党巡视工作条例",
        "巡视是政治监督，整改是政治任务。政法领域巡视反馈的问题要逐条对账销号，不能以文件落实整改。",
    ),
    Note(
        4,
        25,
        "习近平总书记关于巡视工作的重要论述",
        "巡视指出的干部选任程序不规范问题，根子在于制度执行不严，必须立行立改、建章立制。",
    ),
    Note(
        7,
        22,
        "中国共产党纪律处分条例",
        "重点项目资金监管是巡视关注的重点，分管领域要把监管责任落实到每一个环节。",
    ),
]

# The first three are the sources of the ledger's first three items and the fourth is answered
# (rectification.demo finds them by their text).
OPINIONS = [
    Entry("巡视反馈的干部选任问题要尽快整改到位。", "座谈会", "干部", 4),
    Entry("意识形态工作责任清单多年未修订，针对性不强，要抓紧完善。", "座谈会", "党员", 1),
    Entry("民生实事项目要按期完成，及时向群众公开进展。", "个别访谈", "群众", 2),
    Entry("希望整改情况及时向干部群众通报。", "座谈会", "党员", 4),
    Entry("信访积案化解要落实包案领导，防止反复。", "个别访谈", "群众", 3, addressee=2),
    Entry("对县直部门“一把手”的监督要更有力，谈话提醒后要跟踪问效。", "个别访谈", "干部", 4, addressee=3),
    Entry("重点项目资金使用要全过程监管，老旧小区改造不能再拖。", "座谈会", "干部", 1, addressee=7),
    Entry("村里的党员活动室长期闲置，希望乡镇党委抓一抓。", BOX_CHANNEL, "党员", 4),
    Entry("干部提拔要公开透明，选任程序要规范。", BOX_CHANNEL, "群众", merge_into=0),
    Entry(
        "希望给我们村多拨点修路的钱。",
        BOX_CHANNEL,
        "群众",
        reject="属于具体项目资金诉求，已转县交通运输局研究答复。",
    ),
]

WAIVERS = [
    Waiver(3, 8, "郑晓梅同志在省委党校脱产学习，已书面交流意见。"),
    Waiver(8, PairKind.BRANCH, "郑晓梅同志在省委党校脱产学习，已与所在党支部党员代表书面交流意见。"),
]

# The lead of the ledger's fourth item's source (rectification.demo).
TRAINING = "基层党组织书记培训覆盖面不够。"

TEAM_MATERIAL = Material(
    preamble="根据市纪委机关、市委组织部《关于召开巡视整改专题民主生活会的通知》要求，县委常委班子紧扣省委"
    "第二巡视组反馈意见，会前认真开展学习研讨，广泛征求意见建议，深入开展谈心谈话，对照五个方面深入查摆问题、"
    "剖析根源。现将对照检查情况报告如下：",
    previous="2025年度民主生活会查摆的5项整改任务，已完成并销号3项；县城老旧小区改造、防范化解重大风险长效机制"
    "建设2项正在推进，结转本次整改清单继续办理。",
    problems=(
        Problem(
            1,
            "学习贯彻党的创新理论还不够深入。",
            "班子对照巡视反馈意见学习研讨时，联系实际查找问题不够深入，把理论学习成果转化为整改实效的办法不多。",
            "比如，巡视反馈意见印发后，班子专题学习研讨1次后就转入部署整改，对问题根源的剖析不够透彻。",
        ),
        Problem(
            2,
            "落实意识形态工作责任制不够到位。",
            "意识形态工作责任清单多年未修订，对网络舆情研判处置的主动性不强，党员反映“意识形态工作责任清单多年未修订，"
            "针对性不强，要抓紧完善”。",
            "比如，县委意识形态工作责任清单自2021年印发后一直未修订，与当前工作要求不相适应。",
        ),
        Problem(
            2,
            "抓落实的执行力还有差距。",
            "对巡视指出的重点项目管理问题，整改措施部署多、跟踪问效少，党员提出“希望整改情况及时向干部群众通报”。",
            "比如，城东片区老旧小区改造原定2026年6月完工，目前仍有2个小区在施工。",
        ),
        Problem(
            3,
            "民生实事项目跟踪督办不够有力。",
            "对民生实事项目的进度、质量跟踪不及时，群众提出“民生实事项目要按期完成，及时向群众公开进展”。",
            "比如，年初确定的10件民生实事，到9月底仍有3件进度滞后，群众通过意见箱多次询问。",
        ),
        Problem(
            4,
            "防范化解风险的能力还不强。",
            "对信访积案化解和矛盾纠纷源头治理用力不够，风险研判结论转化为具体措施少。",
            "比如，巡视期间群众反映的3件信访积案，有1件化解后又出现反复。",
            late=True,
        ),
        Problem(
            5,
            "干部选任工作把关不够严。",
            "巡视反馈的干部选任程序不规范问题，暴露出班子对选人用人全过程监督不够，干部提出“巡视反馈的干部选任问题要尽快"
            "整改到位”。",
            "比如，2023年以来有12份干部选任程序性材料不全，部分干部考察材料由经办人代为补签。",
        ),
        Problem(
            5,
            TRAINING,
            "对基层党组织书记的教育培训统筹不够，抓基层、打基础的工作还有短板，党员反映“村里的党员活动室长期闲置，"
            "希望乡镇党委抓一抓”。",
            "比如，全县基层党组织书记年度集中培训覆盖率不到七成，部分新任村党组织书记未参加岗前培训。",
        ),
    ),
    causes=(
        (
            "理想信念和政治站位有差距。",
            "班子对巡视整改是严肃政治任务的认识还不够深刻，有时把整改当作一般性业务工作来抓。",
        ),
        ("宗旨意识树得不够牢。", "对群众的急难愁盼感受不够深，解决民生问题的紧迫感不强。"),
        ("担当作为的劲头不足。", "面对整改中的难点问题，有时存在畏难情绪，攻坚克难的办法不多。"),
    ),
    later_cause=("管党治党失之于宽。", "落实全面从严治党主体责任压力传导不够，严的氛围营造得还不够浓。"),
    measures=(
        Measure(
            "坚持以学促改。",
            "把学习贯彻党的创新理论与巡视整改结合起来，每月中心组学习安排1次整改专题研讨。",
            (1,),
        ),
        Measure(
            "压紧压实意识形态和项目管理责任。",
            "年内修订意识形态工作责任清单，建立舆情会商研判机制；重点项目实行周调度、月通报、逐项销号。",
            (2,),
        ),
        Measure(
            "扎实办好民生实事。",
            "民生实事项目实行清单化管理，每月向社会公开进展，年底前全部完成并组织群众评议。",
            (3,),
        ),
        Measure(
            "健全风险防控机制。",
            "信访积案逐件落实包案领导，年底前化解到位；每半年开展1次重大风险评估。",
            (4,),
        ),
        Measure(
            "从严抓好选人用人和基层党建。",
            "建立干部选任工作纪实制度，对2023年以来干部选任工作全面自查；年内完成基层党组织书记全员轮训。",
            (5,),
        ),
    ),
)
COMMENTS = (
    "征求意见中群众反映信访积案化解后又反复，请在防范化解风险方面写进去。",
    "原因分析要从思想根源上再深挖，补充落实全面从严治党责任方面的原因。",
)

# Each member's own problem (the rest of their outline is common to the team, below): (aspect, lead,
# text, example, measure lead, measure text), in the team's order.
OWN = [
    (
        5,
        "履行管党治党第一责任人职责不够到位。",
        "本人对巡视指出的选人用人、意识形态等问题负有领导责任，对班子成员分管领域整改督促检查不够。",
        "比如，巡视整改部署后，本人听取班子成员整改情况汇报多，到整改现场检查少。",
        "带头抓好巡视整改。",
        "每月主持召开1次巡视整改专题会议，对整改任务逐项过堂，带头领办重点难点问题。",
    ),
    (
        3,
        "抓民生实事落实不够有力。",
        "本人对政府系统作风建设抓得不够严，对民生实事项目跟踪问效不及时。",
        "比如，本人分管督办的民生实事有3件拖期，直到巡视指出后才召开专题调度会。",
        "建立民生实事周调度机制。",
        "对拖期项目逐件明确责任人和完成时限，每周调度，年底前全部完成。",
    ),
    (
        4,
        "推动信访积案化解不够有力。",
        "本人对巡视反馈的政法领域问题认识不够深刻，推动平安建设重点工作有时满足于完成规定动作。",
        "比如，巡视期间交办的信访积案中，本人包案的1件化解后又出现反复，跟踪回访不够。",
        "落实信访积案包案化解。",
        "对信访积案逐件落实包案领导，每月回访，年底前化解到位。",
    ),
    (
        5,
        "对“一把手”的监督办法不多。",
        "本人履行监督第一职责不够有力，对巡视指出的“一把手”监督问题研究不深。",
        "比如，2026年对县直部门“一把手”开展谈话提醒11人次，跟踪了解整改情况的只有4人次。",
        "健全对“一把手”的监督措施。",
        "一季度内印发加强对“一把手”和领导班子监督的具体措施，谈话提醒后逐人跟踪问效。",
    ),
    (
        5,
        "干部选任审核把关不严。",
        "本人对巡视反馈的干部选任程序不规范问题负有直接责任，审核把关不够严。",
        "比如，部分干部考察材料存在代签、漏签，本人审核时没有逐项核对原始记录。",
        "建立干部选任工作纪实制度。",
        "对干部选任全过程纪实，程序性材料逐项审核签字，每半年开展1次自查。",
    ),
    (
        2,
        "意识形态工作责任落实不到位。",
        "本人落实意识形态工作责任制不够到位，对网络舆情研判处置的主动性不强。",
        "比如，县委意识形态工作责任清单多年未修订，本人没有及时提出修订建议。",
        "修订意识形态工作责任清单。",
        "年内修订责任清单，建立舆情会商研判机制，每季度分析研判1次意识形态形势。",
    ),
    (
        4,
        "风险防控长效机制建设不够。",
        "本人抓防范化解重大风险的长效机制建设不够，对基层矛盾纠纷源头治理用力不足。",
        "比如，2026年召开风险研判会9次，形成的研判意见落实到具体措施的不到一半。",
        "把研判结论转化为防控措施。",
        "风险研判意见逐项明确责任单位和完成时限，纳入督查督办。",
    ),
    (
        2,
        "重点项目管理重进度、轻质量。",
        "本人分管的重点项目推进中存在重进度、轻质量的倾向，对巡视指出的项目管理问题整改不够快。",
        "比如，县城老旧小区改造项目两度延期，本人召开调度会多，到现场解决问题少。",
        "建立重点项目现场调度机制。",
        "对重点项目逐项明确节点，每两周到现场调度1次，年底前完成老旧小区改造。",
    ),
    (
        3,
        "服务民营经济发展的举措不够实。",
        "本人对巡视指出的营商环境问题推动整改不够有力，政企沟通机制还不健全。",
        "比如，企业在政企座谈会上反映的融资难问题，本人协调金融机构对接只有1次，后续跟踪不够。",
        "健全政企常态化沟通机制。",
        "每季度至少召开1次政企座谈会，企业诉求建立清单、限时办结。",
    ),
]


def outline(own, unit):
    """A member's outline: their own problem between two that every member wrote alike (the checker
    takes a sentence most outlines share for the team's formula, not a copy); ``unit`` is None for
    the secretary, who is in charge of no one unit."""
    work, units = ("分管工作", "分管部门") if unit else ("全县工作", "县直部门")
    aspect, lead, text, example, measure_lead, measure_text = own
    return Material(
        preamble="根据县委安排，我认真学习了巡视反馈意见和会议要求的学习材料，结合谈心谈话中同志们提出的意见，"
        "对照五个方面深入查摆自身存在的问题。现将对照检查情况报告如下：",
        problems=(
            Problem(
                1,
                "对巡视整改的政治认识还不够到位。",
                f"本人对巡视反馈涉及{work}的问题，有时从业务层面找原因多，从政治上认识不够深。",
                f"比如，巡视反馈意见印发后，本人组织研究{work}整改时，对问题背后的思想根源剖析不够透彻。",
            ),
            Problem(aspect, lead, text, example),
            Problem(
                5,
                "落实“一岗双责”不够有力。",
                f"本人对{units}巡视整改中的作风问题抓得不够细，有时以整改方案代替整改落实。",
                f"比如，本人检查{units}整改台账多是看月底报表，到现场核实整改情况少。",
            ),
        ),
        causes=(
            (
                "政治站位还不够高。",
                "本人从讲政治的高度认识巡视整改还不够，有时就事论事抓整改，举一反三不够。",
            ),
            ("斗争精神不够强。", "面对整改中触及利益的问题，有时顾虑较多，动真碰硬不够。"),
        ),
        later_cause=(
            "纪律规矩意识有所松懈。",
            "对照党章党规要求，本人自我要求有所放松，对身边人身边事要求不够严。",
        ),
        measures=(
            Measure("坚持以学促改。", f"结合{work}每月开展1次巡视整改专题学习，举一反三查找同类问题。", (1,)),
            Measure(measure_lead, measure_text, (aspect,)),
            Measure("压实“一岗双责”。", f"每月到{units}现场核查整改情况，整改台账逐项对账销号。", (5,)),
        ),
    )


def prepare(meeting, team, clerk, supervisor, planned):
    """``planned``: the criticisms each member will raise at the meeting, {(critic id, member id): text}."""
    seed_study(meeting, team, clerk, STUDY, NOTES)
    seed_opinions(meeting, team, clerk, OPINIONS, received=28, fed_back=18)
    talk_every_pair(meeting, team, clerk, first_day=25, waivers=WAIVERS, planned=planned)
    seed_reviewed_drafts(
        meeting,
        team,
        clerk,
        supervisor,
        TEAM_MATERIAL,
        member_outlines(meeting, team, OWN, outline),
        COMMENTS,
    )
