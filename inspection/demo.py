"""Demo drafts for ``seed_demo``: for the 2026年度 meeting being prepared, the team material being
drafted, one outline in progress and one returned by the secretary with comments (``seed_drafts``);
for the two held meetings, every draft written, reviewed and approved (``seed_reviewed_drafts``)."""

import copy
from typing import NamedTuple

from meetings.demo_preparation import days_before, moment
from orgs.models import ChargedUnit

from . import services
from .content import default_headings, normalise
from .models import Draft, DraftComment, DraftEvent, DraftKind, DraftOpinion, DraftVersion


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


# --- the held meetings: every draft approved ---------------------------------------------------------


class Problem(NamedTuple):
    """A problem under the aspect of order ``aspect``; ``late`` ones come in the second version, at the
    reviewer's request."""

    aspect: int
    lead: str
    text: str
    example: str
    late: bool = False


class Measure(NamedTuple):
    lead: str
    text: str
    answers: tuple  # orders of the aspects whose problems it answers


class Material(NamedTuple):
    """A draft as finally approved. The first version lacks the late problems, an outline's first
    version also its first problem's example (the reviewer asks for it); ``later_cause`` comes in the
    third version, when there is one (``versions``)."""

    preamble: str
    problems: tuple
    causes: tuple  # (lead, text)
    measures: tuple
    later_cause: tuple | None = None
    previous: str = ""
    versions: int = 2


COMMENT_EXAMPLE = "这一条没有举出具体事例，请补充“比如，……”，做到见人见事见思想。"
RETURN_NOTE = "请按批注修改后重新提交。"


def written(draft, material, version):
    """The content of ``material`` as its ``version``-th save has it, on the draft's own groups."""
    content = copy.deepcopy(draft.content)
    personal = draft.kind == DraftKind.PERSONAL
    content["preamble"] = material.preamble
    content["previous"]["text"] = material.previous
    problems = [p for p in material.problems if version >= 2 or not p.late]
    ids = {}
    for group in content["problems"]["groups"]:
        group["items"] = []
        for problem in problems:
            if problem.aspect == group["aspect"]:
                number = material.problems.index(problem) + 1
                example = "" if personal and version == 1 and number == 1 else problem.example
                group["items"].append(
                    {"id": f"p{number}", "lead": problem.lead, "text": problem.text, "example": example}
                )
                ids.setdefault(problem.aspect, []).append(f"p{number}")
    causes = list(material.causes)
    if version >= 3 and material.later_cause:
        causes.append(material.later_cause)
    content["causes"]["items"] = [
        {"id": f"c{n}", "lead": lead, "text": text} for n, (lead, text) in enumerate(causes, 1)
    ]
    content["measures"]["items"] = [
        {
            "id": f"m{n}",
            "lead": measure.lead,
            "text": measure.text,
            "answers": [pid for aspect in measure.answers for pid in ids.get(aspect, [])],
        }
        for n, measure in enumerate(material.measures, 1)
    ]
    return normalise(content, default_headings(team=not personal))


class Reviewing:
    """Acts on one draft and dates each row it makes ``days`` before the meeting, at ``hour``."""

    def __init__(self, draft, meeting):
        self.draft, self.meeting = draft, meeting

    def at(self, days, hour):
        return moment(days_before(self.meeting, days), hour)

    def save(self, material, version, by, note, days, hour):
        saved = services.save_draft(
            self.draft,
            written(self.draft, material, version),
            base_version=self.draft.version,
            by=by,
            note=note,
        )
        at = self.at(days, hour)
        DraftVersion.objects.filter(pk=saved.pk).update(at=at)
        Draft.objects.filter(pk=self.draft.pk).update(updated_at=at)

    def step(self, action, by, days, hour, *note):
        """A review step: ``action`` is ``services.submit_draft``, ``return_draft`` …"""
        event = action(self.draft, by, *note)
        DraftEvent.objects.filter(pk=event.pk).update(at=self.at(days, hour))

    def comment(self, by, text, days, hour, part_id=""):
        made = services.add_comment(self.draft, by, text, part_id=part_id)
        DraftComment.objects.filter(pk=made.pk).update(at=self.at(days, hour))
        return made

    def resolve(self, comment, by, days, hour):
        services.resolve_comment(comment, by)
        DraftComment.objects.filter(pk=comment.pk).update(resolved_at=self.at(days, hour))


def member_outlines(meeting, team, own, outline):
    """Every member's outline in the team's order, ``outline(own[n], unit)`` for the n-th with the unit
    they are in charge of (None for the secretary); every other member revises theirs a third time."""
    units = dict(
        ChargedUnit.objects.filter(organisation=meeting.organisation).values_list("member_id", "name")
    )
    return [
        outline(mine, units.get(member.pk))._replace(versions=3 if index % 2 else 2)
        for index, (member, mine) in enumerate(zip(team, own, strict=True))
    ]


def seed_reviewed_drafts(meeting, team, clerk, supervisor, material, outlines, comments):
    """Every draft of a held meeting, from 16 to 9 days before it: the team material drafted by the
    office, returned once by the secretary, commented on by the supervisor, approved and then endorsed
    (审定); each member's outline (``outlines``, in the team's order) returned once for its missing
    example, the opinions addressed to its author ticked as answered by their own problem (the
    second), and approved — the secretary's own by the supervisor (orgs.access.can_review_draft).
    ``comments`` are the secretary's and the supervisor's on the team material. Nothing once the team
    material was saved."""
    drafts = {(d.kind, d.author_id): d for d in services.ensure_drafts(meeting)}
    material_draft = drafts[(DraftKind.TEAM, None)]
    if material_draft.version:
        return
    secretary = team[0]
    secretary_comment, supervisor_comment = comments

    team_draft = Reviewing(material_draft, meeting)
    team_draft.save(material, 1, clerk, "办公室起草", 16, 15)
    team_draft.step(services.submit_draft, clerk, 15, 9)
    first = team_draft.comment(secretary, secretary_comment, 14, 10)
    team_draft.step(services.return_draft, secretary, 14, 10, RETURN_NOTE)
    team_draft.save(material, 2, clerk, "根据主要负责同志意见修改", 13, 16)
    team_draft.resolve(first, clerk, 13, 16)
    second = team_draft.comment(supervisor, supervisor_comment, 12, 15)
    team_draft.save(material, 3, clerk, "根据督导组意见修改", 11, 10)
    team_draft.resolve(second, clerk, 11, 10)
    team_draft.step(services.submit_draft, clerk, 11, 11)
    team_draft.step(services.approve_draft, secretary, 10, 9)
    team_draft.step(services.endorse_draft, supervisor, 9, 10, "同意。")

    for member, outline in zip(team, outlines, strict=True):
        # 审阅把关: the secretary reviews every outline but their own, which the supervisor reviews.
        reviewer = supervisor if member == secretary else secretary
        draft = Reviewing(drafts[(DraftKind.PERSONAL, member.pk)], meeting)
        draft.save(outline, 1, member, "", 16, 10)
        draft.step(services.submit_draft, member, 15, 10)
        asked = draft.comment(reviewer, COMMENT_EXAMPLE, 14, 11, part_id="p1")
        draft.step(services.return_draft, reviewer, 14, 11, RETURN_NOTE)
        draft.save(outline, 2, member, "按审阅意见补充事例", 13, 10)
        draft.resolve(asked, member, 13, 10)
        # 点人点事: the opinions addressed to the member are answered by their own problem.
        for opinion in services.author_opinions(draft.draft):
            services.tick_opinion(draft.draft, opinion, member, part_id="p2")
        DraftOpinion.objects.filter(draft=draft.draft).update(at=draft.at(13, 11))
        if outline.versions >= 3:
            draft.save(outline, 3, member, "补充原因分析", 12, 10)
        draft.step(services.submit_draft, member, 11, 10)
        draft.step(services.approve_draft, reviewer, 10, 10)
