"""The checker (DESIGN §5): what the plans forbid in a draft, found and shown, never refused."""

import datetime
import random

import pytest

from inspection.checker import Source, check, check_meeting, find_copies, sentences
from inspection.content import content_hash, default_headings, normalise
from inspection.models import Draft, DraftKind, DraftOpinion, SoftPhrase
from tests.factories import UserFactory, make_meeting
from tests.feedback.factories import opinions

# One member's well-formed outline: a problem with an example under each of the six aspects of the
# generic annual set, measures answering every problem, nothing softened, nothing about the team.
PROBLEMS = [
    (
        "理论学习“往深里走”不够。",
        "我对习近平新时代中国特色社会主义思想的学习满足于读原文、记笔记，结合分管工作思考不多，学用结合还有差距。",
        "比如，今年参加中心组学习12次，撰写心得体会仅2篇，对乡村振兴方面的重要论述没有系统研读。",
    ),
    (
        "政治站位还不够高。",
        "我在贯彻落实上级决策部署时，有时习惯于从分管领域的局部利益考虑问题，对全局工作的统筹把握不够。",
        "比如，在推进全县产业园区整合时，我对涉及分管部门的调整意见提得多、配合得少，影响了工作进度。",
    ),
    (
        "攻坚克难的劲头有所减弱。",
        "面对矛盾复杂的工作，我有时存在畏难情绪，习惯于按部就班推进，缺少敢闯敢试的魄力和韧劲。",
        "比如，城区老旧小区改造推进中遇到拆迁难题，我没有第一时间到现场协调，导致项目延期两个月。",
    ),
    (
        "联系服务群众不够紧密。",
        "我深入基层调研的次数偏少，调研时听汇报多、进农户少，对群众急难愁盼问题掌握得不够全面。",
        "比如，今年我到联系村走访仅4次，村民反映的饮水管网老化问题直到群众信访后才推动解决。",
    ),
    (
        "工作作风还不够扎实。",
        "我在抓工作落实上存在重安排部署、轻跟踪问效的现象，个别工作满足于开会发文件、以会议落实会议。",
        "比如，全年我主持召开分管领域工作会议23次，但会后督促检查不到位，部分任务没有按期完成。",
    ),
    (
        "对身边人员要求不够严格。",
        "我对分管部门和身边工作人员的廉洁教育抓得不紧，提醒谈话不够经常，存在失之于宽、失之于软的问题。",
        "比如，分管部门有干部违规收受礼品被查处后，我才组织开展警示教育，事前防范做得不够。",
    ),
]
FORMULA = "深入学习贯彻习近平新时代中国特色社会主义思想。"


def clean_outline(meeting):
    """The raw content of a clean outline for ``meeting``: every aspect has a problem with an example."""
    groups = [
        {
            "id": f"g{aspect.order}",
            "aspect": aspect.order,
            "heading": aspect.text,
            "summary": "",
            "items": [{"id": f"p{n}", "lead": lead, "text": text, "example": example}],
        }
        for n, (aspect, (lead, text, example)) in enumerate(
            zip(meeting.aspects.all(), PROBLEMS, strict=True), 1
        )
    ]
    return {
        "title": "在专题民主生活会上的发言提纲",
        "preamble": "根据会议安排，我认真开展学习研讨和谈心谈话，现将对照检查情况汇报如下：",
        "problems": {"style": "arabic", "groups": groups},
        "causes": {
            "items": [
                {
                    "id": "c1",
                    "lead": "理论武装不够到位。",
                    "text": "我没有把理论学习摆在首要位置，以干代学的情况还存在。",
                },
                {
                    "id": "c2",
                    "lead": "宗旨意识有所淡化。",
                    "text": "我对群众工作的重要性认识不足，主动上门服务的自觉性不强。",
                },
            ]
        },
        "measures": {
            "style": "chinese",
            "items": [
                {
                    "id": "m1",
                    "lead": "在学懂弄通上下功夫。",
                    "text": "我将每月安排专题自学，每季度结合分管领域撰写一篇调研报告。",
                    "answers": ["p1", "p2"],
                },
                {
                    "id": "m2",
                    "lead": "在真抓实干上见成效。",
                    "text": "我将建立分管工作台账，逐项明确时限，每月到现场督办一次。",
                    "answers": ["p3", "p5"],
                },
                {
                    "id": "m3",
                    "lead": "在服务群众和从严管理上求实效。",
                    "text": "我将每季度到联系村住村调研，对身边工作人员每半年开展一次提醒谈话。",
                    "answers": ["p4", "p6"],
                },
            ],
        },
    }


def other_outline(meeting, seed):
    """Another writer's outline: the same shape in words of its own (random characters), so that
    only what a test plants is shared."""
    rng = random.Random(seed)

    def words(count):
        return "".join(chr(rng.randint(0x4E00, 0x9FA5)) for _ in range(count))

    raw = clean_outline(meeting)
    for group in raw["problems"]["groups"]:
        for item in group["items"]:
            item.update(
                lead=f"{words(8)}。", text=f"我{words(40)}。{words(30)}。", example=f"比如，{words(36)}。"
            )
    for item in raw["causes"]["items"] + raw["measures"]["items"]:
        item["text"] = f"{words(34)}。"
    return raw


def problem(raw, number):
    return raw["problems"]["groups"][number - 1]["items"][0]


def save(meeting, raw, author=None, **fields):
    team = author is None
    content = normalise(raw, default_headings(team=team))
    return Draft.objects.create(
        meeting=meeting,
        kind=DraftKind.TEAM if team else DraftKind.PERSONAL,
        author=author,
        content=content,
        content_hash=content_hash(content),
        **fields,
    )


def codes(findings):
    return [finding.code for finding in findings]


def earlier_meeting(world):
    return make_meeting(world.county, world.office, date=datetime.date(2026, 1, 20))


# --- the acceptance rules -------------------------------------------------------------------------


def test_a_clean_outline_has_no_findings_at_all(world):
    draft = save(world.meeting, clean_outline(world.meeting), world.member)
    assert check(draft) == []


def test_a_problem_without_an_example_is_found(world):
    raw = clean_outline(world.meeting)
    problem(raw, 2)["example"] = ""
    draft = save(world.meeting, raw, world.member)

    [finding] = check(draft)
    assert finding.code == "no-example"
    assert finding.message == "问题2没有举出具体事例（“比如，…”）。"
    assert finding.part_ids == ("p2",)


def test_a_passage_copied_between_two_members_is_found_with_both_passages(world):
    a, b = world.members[0], world.members[1]
    original = clean_outline(world.meeting)
    copier = other_outline(world.meeting, seed=2)
    lead, text, example = PROBLEMS[2]
    problem(copier, 5)["text"] = f"我也有类似问题。{text}{example}"  # A's problem 3, inside B's problem 5
    draft_a = save(world.meeting, original, a)
    draft_b = save(world.meeting, copier, b)

    [found] = [f for f in check(draft_b) if f.code == "copied"]
    assert found.part_ids == ("p5",)
    assert found.other_label == "成员1的个人发言提纲（2026年度民主生活会）"
    assert found.passage == text + example
    assert found.other_passage == text + example
    assert "问题5与成员1的个人发言提纲（2026年度民主生活会）的问题3" in found.message

    # Who copied from whom cannot be told: the other outline shows the same passage too.
    [back] = [f for f in check(draft_a) if f.code == "copied"]
    assert back.part_ids == ("p3",)
    assert back.other_label == "成员2的个人发言提纲（2026年度民主生活会）"
    assert back.passage == back.other_passage == text + example


def test_a_lightly_changed_copy_is_found_as_a_whole_passage(world):
    a, b = world.members[0], world.members[1]
    copier = other_outline(world.meeting, seed=3)
    _lead, text, example = PROBLEMS[3]
    changed = text.replace("次数偏少", "次数较少")
    problem(copier, 1).update(text=changed, example=example)
    save(world.meeting, clean_outline(world.meeting), a)
    draft_b = save(world.meeting, copier, b)

    [found] = [f for f in check(draft_b) if f.code == "copied"]
    assert found.passage == changed + example
    assert found.other_passage == text + example


def test_a_passage_reused_from_the_same_members_outline_of_an_earlier_year_is_found(world):
    last_year = earlier_meeting(world)
    old = other_outline(last_year, seed=4)
    _lead, text, example = PROBLEMS[3]
    problem(old, 6)["text"] = text
    problem(old, 6)["example"] = example
    save(last_year, old, world.member)
    draft = save(world.meeting, clean_outline(world.meeting), world.member)

    [found] = check(draft)
    assert found.code == "copied"
    assert found.part_ids == ("p4",)
    assert found.other_label == "成员1的个人发言提纲（2025年度民主生活会）"
    assert found.passage == found.other_passage == text + example
    assert "问题4与成员1的个人发言提纲（2025年度民主生活会）的问题6" in found.message


def test_an_earlier_outline_of_another_member_or_organisation_is_not_compared(world):
    last_year = earlier_meeting(world)
    save(last_year, clean_outline(last_year), world.members[1])
    elsewhere = make_meeting(world.other_county, world.other_office, date=datetime.date(2026, 1, 20))
    save(elsewhere, clean_outline(elsewhere), world.member)
    draft = save(world.meeting, clean_outline(world.meeting), world.member)
    assert check(draft) == []


def test_a_formula_every_draft_shares_is_not_a_copy(world):
    for n, member in enumerate(world.members):
        raw = other_outline(world.meeting, seed=10 + n)
        problem(raw, 1)["text"] = FORMULA + problem(raw, 1)["text"]
        raw["measures"]["items"][0]["text"] = FORMULA
        save(world.meeting, raw, member)
    assert len(sentences(FORMULA)) == 1
    assert not [
        f for findings in check_meeting(world.meeting).values() for f in findings if f.code == "copied"
    ]


def test_the_meetings_own_wording_is_not_a_copy(world):
    aspect = world.meeting.aspects.get(order=1)
    drafts = []
    for n, member in enumerate(world.members[:2]):
        raw = other_outline(world.meeting, seed=20 + n)
        raw["problems"]["groups"][0]["summary"] = aspect.text
        drafts.append(save(world.meeting, raw, member))
    for draft in drafts:
        assert "copied" not in codes(check(draft))


# --- the other rules ------------------------------------------------------------------------------


def test_a_softened_criticism_is_found_naming_the_phrase(world):
    SoftPhrase.objects.get_or_create(text="希望今后")
    raw = clean_outline(world.meeting)
    problem(raw, 4)["text"] += "希望今后多到基层走走。"
    draft = save(world.meeting, raw, world.member)

    [finding] = check(draft)
    assert finding.code == "soft-criticism"
    assert "问题4" in finding.message and "“希望今后”" in finding.message
    assert finding.part_ids == ("p4",)


def test_a_phrase_the_office_added_is_found_too(world):
    SoftPhrase.objects.create(text="值得肯定", note="以表扬代替批评")
    raw = clean_outline(world.meeting)
    problem(raw, 1)["example"] = "比如，我的学习笔记记得很认真，值得肯定。"
    assert codes(check(save(world.meeting, raw, world.member))) == ["soft-criticism"]


def test_a_team_problem_in_a_personal_outline_is_found(world):
    raw = clean_outline(world.meeting)
    problem(raw, 5).update(
        lead="班子抓落实的机制不健全。",
        text="班子成员之间沟通不够，工作合力不强。",
        example="比如，班子会议议而不决。",
    )
    draft = save(world.meeting, raw, world.member)

    [finding] = check(draft)
    assert finding.code == "team-not-self"
    assert finding.part_ids == ("p5",)
    # Speaking of the team while owning one's part is self-criticism.
    problem(raw, 5)["text"] = "我作为班子成员，主动沟通不够，工作合力不强。"
    draft.content = normalise(raw)
    assert check(draft) == []


def test_the_team_draft_may_speak_of_the_team(world):
    raw = clean_outline(world.meeting)
    problem(raw, 5).update(lead="班子抓落实的机制不健全。", text="班子议事规则执行不严。")
    assert check(save(world.meeting, raw)) == []


def test_measures_and_problems_must_answer_each_other(world):
    raw = clean_outline(world.meeting)
    raw["measures"]["items"][2]["answers"] = []  # p4 and p6 now unanswered
    draft = save(world.meeting, raw, world.member)

    findings = check(draft)
    assert [(f.code, f.part_ids) for f in findings] == [
        ("measure-unlinked", ("m3",)),
        ("problem-unanswered", ("p4",)),
        ("problem-unanswered", ("p6",)),
    ]
    assert findings[0].message.startswith("措施3没有对应任何问题")
    assert findings[1].message == "问题4没有对应的整改措施。"


def test_an_outline_without_measures_gets_one_finding_for_them(world):
    raw = clean_outline(world.meeting)
    raw["measures"]["items"] = []
    [finding] = check(save(world.meeting, raw, world.member))
    assert finding.code == "problem-unanswered"
    assert finding.part_ids == ("p1", "p2", "p3", "p4", "p5", "p6")


def test_an_aspect_without_problems_is_found(world):
    raw = clean_outline(world.meeting)
    raw["problems"]["groups"][2]["items"] = []  # 履职担当: emptied
    del raw["problems"]["groups"][4]  # 作风建设: removed
    for measure in raw["measures"]["items"]:
        measure["answers"] = [a for a in measure["answers"] if a not in ("p3", "p5")] or ["p1"]
    findings = check(save(world.meeting, raw, world.member))

    assert [(f.code, f.part_ids) for f in findings] == [("aspect-empty", ("g3",)), ("aspect-empty", ())]
    assert findings[0].message == "对照检查方面“履职担当”还没有查摆问题。"
    assert "作风建设" in findings[1].message


def test_an_accepted_opinion_to_the_author_must_be_answered_until_ticked(world):
    [opinion] = opinions(world.meeting, 1, addressee=world.member, text="在城区交通秩序整治中推诿扯皮")
    opinions(world.meeting, 1, addressee=world.members[1], text="给别人的意见")
    opinions(world.meeting, 1, addressee=world.member, status="new", text="尚未分拣的意见")
    draft = save(world.meeting, clean_outline(world.meeting), world.member)

    [finding] = check(draft)
    assert finding.code == "opinion-unanswered"
    assert finding.opinion_id == opinion.pk
    assert "在城区交通秩序整治中推诿扯皮" in finding.message

    DraftOpinion.objects.create(draft=draft, opinion=opinion, part_id="p5", by=world.member)
    assert check(draft) == []


def test_an_opinion_taken_up_in_the_problems_counts_as_answered(world):
    [opinion] = opinions(world.meeting, 1, addressee=world.member, text="对城区交通秩序整治推进不力")
    raw = clean_outline(world.meeting)
    problem(raw, 3)["example"] += f"群众提出“{opinion.text}”，批评切中要害。"
    assert check(save(world.meeting, raw, world.member)) == []


def test_an_outline_changed_after_approval_is_found(world):
    draft = save(
        world.meeting, clean_outline(world.meeting), world.member, approved_hash="0" * 64, approved_version=3
    )
    [finding] = check(draft)
    assert finding.code == "changed-after-approval"
    assert finding.message == "本材料在第3版审阅通过后又有修改，需重新提交审阅。"

    draft.approved_hash = draft.content_hash
    assert check(draft) == []


# --- the team draft -------------------------------------------------------------------------------


def test_the_team_draft_gathers_members_problems_without_being_a_copy(world):
    outline = clean_outline(world.meeting)
    save(world.meeting, outline, world.member)
    team = save(world.meeting, other_outline(world.meeting, seed=5))
    team.content["problems"]["groups"][0]["items"][0]["text"] = problem(outline, 1)["text"]
    assert "copied" not in codes(check(team))


def test_the_team_draft_is_compared_with_earlier_team_drafts(world):
    last_year = earlier_meeting(world)
    old = other_outline(last_year, seed=6)
    save(last_year, old)
    raw = other_outline(world.meeting, seed=7)
    raw["causes"]["items"][1]["text"] = old["causes"]["items"][1]["text"]
    [found] = [f for f in check(save(world.meeting, raw)) if f.code == "copied"]
    assert found.other_label == "领导班子对照检查材料（2025年度民主生活会）"
    assert found.part_ids == ("c2",)


def test_a_member_copying_the_team_draft_is_found(world):
    team_raw = other_outline(world.meeting, seed=8)
    save(world.meeting, team_raw)
    raw = clean_outline(world.meeting)
    problem(raw, 2)["text"] = problem(team_raw, 2)["text"]
    [found] = [f for f in check(save(world.meeting, raw, world.member)) if f.code == "copied"]
    assert found.other_label == "领导班子对照检查材料（2026年度民主生活会）"


def test_check_meeting_gives_every_draft_its_findings(world):
    a, b, c = world.members
    copier = other_outline(world.meeting, seed=9)
    problem(copier, 2)["text"] = PROBLEMS[0][1]
    drafts = [
        save(world.meeting, clean_outline(world.meeting), a),
        save(world.meeting, copier, b),
        save(world.meeting, other_outline(world.meeting, seed=10), c),
        save(world.meeting, other_outline(world.meeting, seed=11)),
    ]
    results = check_meeting(world.meeting)
    assert set(results) == {draft.pk for draft in drafts}
    assert codes(results[drafts[0].pk]) == ["copied"]
    assert codes(results[drafts[1].pk]) == ["copied"]
    assert results[drafts[2].pk] == results[drafts[3].pk] == []
    assert {pk: codes(check(Draft.objects.get(pk=pk))) for pk in results} == {
        pk: codes(findings) for pk, findings in results.items()
    }


# --- the similarity core without a database --------------------------------------------------------


def test_find_copies_merges_consecutive_copied_sentences_into_one_passage():
    shared = (
        "第一句是被照抄的一整句话，长度足够作为一个句子来比较，不会被当作套话。"
        "第二句短。"
        "第三句不足二十四个字，但夹在照抄的句子中间。"
        "第四句同样是照抄过来的，也有足够的长度用于比较和核对。"
    )
    mine = Source("a", [("p1", "我自己写的开头部分，与别人的材料没有任何关系，而且足够长。" + shared)])
    theirs = Source("b", [("p9", shared + "后面是别人自己写的内容，和我写的东西完全不一样，各有各的。")])
    [copy] = find_copies([mine, theirs], {"a": ["b"]})
    assert (copy.source, copy.part_id, copy.other, copy.other_part_id) == ("a", "p1", "b", "p9")
    assert copy.passage == copy.other_passage == shared


def test_find_copies_looks_only_where_it_is_told():
    text = "这是一句足够长的句子，用来检查比较的方向是否正确无误，班子材料不与个人比较。"
    sources = [Source("team", [("p1", text)]), Source("member", [("p2", text)])]
    assert [c.source for c in find_copies(sources, {"member": ["team"], "team": []})] == ["member"]
    assert find_copies(sources, {}) == []


# --- queries ------------------------------------------------------------------------------------


@pytest.mark.parametrize("others", [2, 10])
def test_checking_one_draft_takes_the_same_queries_however_many_drafts_and_opinions(
    world, others, django_assert_max_num_queries
):
    last_year = earlier_meeting(world)
    save(last_year, other_outline(last_year, seed=1), world.member)
    for n in range(others):
        save(world.meeting, other_outline(world.meeting, seed=100 + n), UserFactory())
        opinions(world.meeting, 1, addressee=world.member, text=f"第{n}条意见")
    draft = save(world.meeting, clean_outline(world.meeting), world.member)
    draft = Draft.objects.get(pk=draft.pk)

    # The draft's meeting, the drafts compared, aspects, soft phrases, opinions, ticked opinions.
    with django_assert_max_num_queries(6):
        findings = check(draft)
    assert codes(findings) == ["opinion-unanswered"] * others


@pytest.mark.parametrize("others", [2, 10])
def test_checking_a_meeting_takes_the_same_queries_however_many_drafts(
    world, others, django_assert_max_num_queries
):
    last_year = earlier_meeting(world)
    save(last_year, other_outline(last_year, seed=1))
    authors = [UserFactory() for _ in range(others)]
    for n, author in enumerate(authors):
        save(last_year, other_outline(last_year, seed=200 + n), author)
        save(world.meeting, other_outline(world.meeting, seed=300 + n), author)
        opinions(world.meeting, 1, addressee=author, text=f"第{n}条意见")
    save(world.meeting, other_outline(world.meeting, seed=2))

    # The meeting's drafts, the earlier ones, aspects, soft phrases, opinions, ticked opinions.
    with django_assert_max_num_queries(6):
        results = check_meeting(world.meeting)
    assert len(results) == others + 1
