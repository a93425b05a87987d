"""Demo drafts for ``seed_demo``: the team material being drafted, one outline in progress and one
returned by the secretary with comments."""

from . import services
from .content import default_headings, normalise
from .models import DraftKind


def _problem(lead, text, example=""):
    return {"lead": lead, "text": text, "example": example}


TEAM_PROBLEMS = {
    1: [
        _problem(
            "理论学习的系统性还不够。",
            "班子集体学习多以传达文件、领读原文为主，专题研讨深度不够，学用结合、以学促干的成效还不明显。",
            "比如，全年开展理论学习中心组学习12次，其中专题研讨仅3次，围绕县域经济发展开展调查研究形成的成果转化不多。",
        ),
        _problem(
            "运用理论指导实践的能力还有差距。",
            "对新发展理念的理解停留在面上，谋划工作时用创新思维破解难题的办法不多。",
        ),
    ],
    3: [
        _problem(
            "推动重点工作落实的力度还不够。",
            "对部分重点项目跟踪问效不及时，存在“重部署、轻落实”的现象。",
            "比如，县城老旧小区改造项目年初计划改造14个小区，年底仅完工9个，督办推进不够有力。",
        ),
    ],
}


def team_content(meeting):
    content = services.new_content(meeting)
    content["preamble"] = (
        "按照市纪委机关、市委组织部关于开好2026年度民主生活会的通知要求，县委常委班子认真开展会前学习研讨，"
        "广泛征求意见建议，深入开展谈心谈话，紧扣会议主题，对照六个方面深入查摆问题、剖析根源。现将有关情况报告如下："
    )
    for group in content["problems"]["groups"]:
        group["items"] = TEAM_PROBLEMS.get(group["aspect"], [])
    return normalise(content, default_headings(team=True))


def outline_content(meeting, author, *, with_examples=True):
    content = services.new_content(meeting, author)
    content["preamble"] = (
        "根据县委安排，我认真学习了会议要求的学习材料，结合谈心谈话中同志们提出的意见，"
        "对照六个方面深入查摆自身存在的问题。现将对照检查情况报告如下："
    )
    groups = content["problems"]["groups"]
    groups[0]["items"] = [
        _problem(
            "学习“往深里走”不够。",
            "自学时间安排不够固定，满足于读原文、记笔记，结合分管工作深入思考不够。",
            "比如，学习习近平总书记关于乡村振兴的重要论述后，没有及时组织分管部门研究落实措施。"
            if with_examples
            else "",
        )
    ]
    groups[2]["items"] = [
        _problem(
            "抓落实的韧劲不足。",
            "对分管领域的难点问题有时存在等一等、看一看的想法，一抓到底的劲头不够。",
            "比如，农村人居环境整治中个别村垃圾清运不及时，群众反映后才督促整改。",
        )
    ]
    content["causes"]["items"] = [
        {
            "lead": "理论学习不够深入。",
            "text": "没有把理论学习作为第一位的任务，学习的自觉性、系统性不够。",
        }
    ]
    content["measures"]["items"] = [
        {
            "lead": "加强理论学习，提高政治站位。",
            "text": "每月制定个人学习计划，结合分管工作开展专题调研，形成调研报告。",
        }
    ]
    content = normalise(content, default_headings(team=False))
    # The measure answers the first problem; ids exist once the content is normalised.
    content["measures"]["items"][0]["answers"] = [content["problems"]["groups"][0]["items"][0]["id"]]
    return content


def seed_drafts(meeting, team, clerk):
    """Idempotent: only fills drafts that have never been saved."""
    drafts = {(d.kind, d.author_id): d for d in services.ensure_drafts(meeting)}
    secretary, first, second = team[0], team[1], team[2]

    material = drafts[(DraftKind.TEAM, None)]
    if material.version == 0:
        services.save_draft(material, team_content(meeting), base_version=0, by=clerk, note="办公室起草")

    returned = drafts[(DraftKind.PERSONAL, first.pk)]
    if returned.version == 0:
        content = outline_content(meeting, first, with_examples=False)
        services.save_draft(returned, content, base_version=0, by=first)
        services.submit_draft(returned, first)
        problem = content["problems"]["groups"][0]["items"][0]
        services.add_comment(
            returned,
            secretary,
            "这一条没有举出具体事例，请补充“比如，……”，做到见人见事见思想。",
            part_id=problem["id"],
        )
        services.add_comment(
            returned, secretary, "原因分析只有一条，请从理想信念、党性修养、宗旨意识等方面再深挖。"
        )
        services.return_draft(returned, secretary, "请按批注修改后重新提交。")

    writing = drafts[(DraftKind.PERSONAL, second.pk)]
    if writing.version == 0:
        services.save_draft(writing, outline_content(meeting, second), base_version=0, by=second)
