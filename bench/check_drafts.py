"""Bench: the draft checker on a team of 30 drafts of about 8,500 characters, with planted copies.

    cd /work/main && .venv/bin/python bench/check_drafts.py [--core-only] [--runs 5]

Two timings, each for this meeting's 30 drafts alone and with last year's 30 drafts as well, each the
median of ``--runs`` runs (see bench/README.md):

* core: the checks without a database on the content dicts, i.e. ``inspection.checker.find_copies``
  and ``check_content`` as ``check_meeting`` calls them;
* end to end: ``check_meeting`` on an SQLite file under /tmp (migrated and filled by this script),
  queries included. Skipped with ``--core-only``.
"""

import argparse
import datetime
import os
import random
import statistics
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

MEMBERS = 29  # with the team draft: 30 drafts a meeting
ASPECTS = 6
PROBLEMS_PER_ASPECT = 3

PHRASES = [
    "深入学习贯彻习近平新时代中国特色社会主义思想",
    "理论学习的系统性不够",
    "对党的创新理论学得不深不透",
    "满足于读原文、记笔记",
    "学用结合不够紧密",
    "运用党的创新理论指导实践的能力还有差距",
    "增强“四个意识”、坚定“四个自信”、做到“两个维护”",
    "政治判断力、政治领悟力、政治执行力还需提高",
    "贯彻落实上级决策部署",
    "存在打折扣、搞变通的现象",
    "抓落实的韧劲不足",
    "重部署、轻落实",
    "工作标准不够高",
    "满足于完成任务",
    "创新意识不强",
    "习惯于沿用老思路、老办法",
    "推动高质量发展的办法不多",
    "面对新形势新任务",
    "担当作为的勇气还不够",
    "遇到矛盾问题有畏难情绪",
    "深入基层调研不够",
    "调研多是走马观花",
    "对群众急难愁盼问题研究不深",
    "为群众办实事解难题的成效还不明显",
    "宗旨意识有所淡化",
    "联系服务群众不够紧密",
    "落实中央八项规定及其实施细则精神",
    "文山会海问题仍然存在",
    "督导检查过多过频",
    "形式主义、官僚主义的问题还没有根除",
    "全面从严治党主体责任",
    "“一岗双责”落实不够到位",
    "对分管领域党风廉政建设过问不多",
    "对身边工作人员要求不够严格",
    "廉洁自律的警惕性有所放松",
    "意识形态工作责任制落实不够",
    "党建工作与业务工作结合不紧",
    "批评与自我批评的辣味不足",
    "民主集中制执行得不够好",
    "在分管的乡村振兴工作中",
    "在推进重点项目建设时",
    "在今年的防汛救灾工作中",
    "在招商引资工作中",
    "去年以来",
    "全年",
    "仅有",
    "次",
    "个",
    "没有及时跟进",
    "导致工作进度滞后",
    "群众反映比较强烈",
    "至今仍未完全解决",
]
CONNECTIVES = ["，", "，", "，", "、", "，存在", "，但", "，对", "，主要是", "，导致"]


def filler(rng):
    """A few random CJK characters, so that drafts built from one vocabulary still differ."""
    return "".join(chr(rng.randint(0x4E00, 0x9FA5)) for _ in range(rng.randint(2, 5)))


def sentence(rng):
    """A sentence as long as real outlines have them (a quarter under 20 characters, a median near 50):
    stock phrases between the writer's own words."""
    target = rng.randint(8, 19) if rng.random() < 0.25 else int(rng.triangular(20, 110, 45))
    words = [filler(rng)]
    while sum(map(len, words)) < target:
        words.append(rng.choice(CONNECTIVES))
        words.append(rng.choice(PHRASES) if rng.random() < 0.5 else filler(rng))
    return "".join(words) + rng.choice(CONNECTIVES) + filler(rng) + rng.choice("。。。；")


def lead(rng):
    """The sentence a problem, cause or measure opens with: the writer's own summary around a stock phrase."""
    return f"{filler(rng)}{rng.choice(PHRASES)}{filler(rng)}。"


def paragraph(rng, count):
    return "".join(sentence(rng) for _ in range(count))


def outline(rng, title):
    """A raw outline (inspection.content) of about 8,000 characters: 6 aspects × 3 problems, causes, measures."""
    groups, problem_ids = [], []
    for aspect in range(1, ASPECTS + 1):
        items = []
        for n in range(PROBLEMS_PER_ASPECT):
            problem_id = f"p{aspect}{n}"
            problem_ids.append(problem_id)
            items.append(
                {
                    "id": problem_id,
                    "lead": lead(rng),
                    "text": paragraph(rng, 3),
                    "example": "比如，" + paragraph(rng, 2),
                }
            )
        groups.append(
            {
                "id": f"g{aspect}",
                "aspect": aspect,
                "heading": f"第{aspect}个方面。",
                "summary": "主要是" + sentence(rng),
                "items": items,
            }
        )
    measures = []
    for n in range(5):
        answers = problem_ids[n::5]
        measures.append(
            {
                "id": f"m{n}",
                "lead": lead(rng),
                "text": paragraph(rng, 4),
                "answers": answers,
            }
        )
    return {
        "title": title,
        "preamble": "根据上级通知要求，认真开展学习研讨、谈心谈话，深入查摆问题，现将对照检查情况汇报如下：",
        "previous": {"text": paragraph(rng, 5)},
        "problems": {"style": "arabic", "groups": groups},
        "causes": {
            "items": [{"id": f"c{n}", "lead": lead(rng), "text": paragraph(rng, 3)} for n in range(4)]
        },
        "measures": {"style": "chinese", "items": measures},
    }


def problem(content, number):
    """The ``number``-th problem (from 1) of a raw outline."""
    return [item for group in content["problems"]["groups"] for item in group["items"]][number - 1]


def blur(text, rng, changes=2):
    """The text with a few characters changed, as a writer hides a copy."""
    chars = list(text)
    for _ in range(changes):
        chars[rng.randrange(len(chars))] = chr(rng.randint(0x4E00, 0x9FA5))
    return "".join(chars)


def team_of_drafts(seed=2026):
    """({"this": [team, member 1 … member 29], "last": [the same a year earlier]} as raw outlines,
    [(planted copy, the "copied" findings it should give)])."""
    rng = random.Random(seed)
    years = {
        year: [outline(rng, f"{year}对照检查材料")]
        + [outline(rng, f"{year}发言提纲") for _ in range(MEMBERS)]
        for year in ("this", "last")
    }
    this, last = years["this"], years["last"]
    planted = []
    # Member 3 takes member 1's problem 5, blurred.
    problem(this[3], 2)["text"] = blur(problem(this[1], 5)["text"], rng)
    problem(this[3], 2)["example"] = problem(this[1], 5)["example"]
    planted += [("member 3 ← member 1", 2)]  # both drafts get a finding
    # Member 8's first measure repeats member 4's second cause.
    this[8]["measures"]["items"][0]["text"] = this[4]["causes"]["items"][1]["text"]
    planted += [("member 8 ← member 4", 2)]
    # Member 12 takes a problem of the team draft as his own.
    problem(this[12], 7)["text"] = problem(this[0], 3)["text"]
    planted += [("member 12 ← team draft", 1)]
    # Member 20 reuses two problems of last year's outline.
    problem(this[20], 1)["text"] = problem(last[20], 4)["text"]
    problem(this[20], 2).update(text=problem(last[20], 9)["text"], example=problem(last[20], 9)["example"])
    planted += [("member 20 ← member 20 last year", 2)]
    # The team draft reuses last year's first cause.
    this[0]["causes"]["items"][0]["text"] = last[0]["causes"]["items"][0]["text"]
    planted += [("team draft ← team draft last year", 1)]
    return years, planted


def median_time(function, runs):
    """(median wall-clock seconds, median CPU seconds of this process, the last result) over ``runs`` runs.

    The CPU time is the steadier figure when other work shares the machine."""
    wall, cpu = [], []
    for _ in range(runs):
        started, started_cpu = time.perf_counter(), time.process_time()
        result = function()
        wall.append(time.perf_counter() - started)
        cpu.append(time.process_time() - started_cpu)
    return statistics.median(wall), statistics.median(cpu), result


def milliseconds(wall, cpu):
    return f"{wall * 1000:.0f} ms (CPU {cpu * 1000:.0f} ms)"


def bench_core(years, runs):
    from inspection.checker import Source, check_content, copy_parts, find_copies
    from inspection.content import character_count, default_headings, normalise
    from inspection.soft_phrases import DEFAULT_SOFT_PHRASES

    def contents(raws):
        return [normalise(raws[0], default_headings(team=True))] + [normalise(raw) for raw in raws[1:]]

    this, last = contents(years["this"]), contents(years["last"])
    size = len(this)
    aspects = [(order, f"方面{order}") for order in range(1, ASPECTS + 1)]
    soft_phrases = [text for text, _note in DEFAULT_SOFT_PHRASES]
    print(
        f"core (no database): {size} drafts of {statistics.mean(map(character_count, this)):,.0f} characters "
        "on average; find_copies + check_content as check_meeting calls them"
    )
    for earlier in ([], last):
        # As check_meeting compares them: a member's outline with the other outlines, the team draft
        # and the same member's outline of last year; the team draft with last year's team draft.
        compare = {n: [o for o in range(size) if o not in (0, n)] + [0] for n in range(1, size)}
        if earlier:
            compare[0] = [size]
            for n in range(1, size):
                compare[n].append(size + n)

        def run(earlier=earlier, compare=compare):
            findings = [
                check_content(c, aspects=aspects, soft_phrases=soft_phrases, personal=n > 0)
                for n, c in enumerate(this)
            ]
            sources = [Source(n, copy_parts(c)) for n, c in enumerate(this + earlier)]
            return findings, find_copies(sources, compare, common=["深入学习贯彻新思想，担当作为"])

        wall, cpu, (findings, copies) = median_time(run, runs)
        what = f"with last year's {len(earlier)} drafts" if earlier else "this meeting's drafts alone"
        print(
            f"  {what}: {milliseconds(wall, cpu)}, median of {runs}; "
            f"copied passages found: {len(copies)}; other findings: {sum(map(len, findings))}"
        )
        for copy in sorted(copies, key=lambda c: (c.source, c.other)):
            who = "team draft" if copy.source == 0 else f"member {copy.source}"
            other = copy.other % size
            whom = ("team draft" if other == 0 else f"member {other}") + (
                " last year" if copy.other >= size else ""
            )
            print(f"    {who} {copy.part_id} ← {whom} {copy.other_part_id}: {len(copy.passage)} characters")


def bench_database(years, runs, path):
    from django.core.management import call_command
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from feedback.models import Opinion, OpinionStatus
    from inspection.checker import check_meeting
    from inspection.content import content_hash, default_headings, normalise
    from inspection.models import Draft, DraftKind, DraftOpinion
    from meetings import services
    from meetings.models import AspectTemplate, Meeting
    from orgs.models import Organisation, Role, RoleAssignment, User

    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    county = Organisation.objects.create(name="云岭县委", team_name="云岭县委常委班子")
    office = User.objects.create(username="office", display_name="办公室")
    members = User.objects.bulk_create(
        User(username=f"member{n}", display_name=f"成员{n}", password="!") for n in range(1, MEMBERS + 1)
    )
    RoleAssignment.objects.bulk_create(
        RoleAssignment(user=user, organisation=county, role=Role.MEMBER, order=n)
        for n, user in enumerate(members, 1)
    )
    template = AspectTemplate.objects.get(kind="annual")

    def meeting_with_drafts(date, raws):
        meeting = services.create_meeting(
            organisation=county,
            by=office,
            aspect_template=template,
            year=date.year - 1,
            theme="深入学习贯彻新思想，担当作为",
            date=date,
            place="常委会议室",
        )
        drafts = []
        for n, raw in enumerate(raws):
            content = normalise(raw, default_headings(team=n == 0))
            drafts.append(
                Draft(
                    meeting=meeting,
                    kind=DraftKind.TEAM if n == 0 else DraftKind.PERSONAL,
                    author=None if n == 0 else members[n - 1],
                    order=n,
                    content=content,
                    content_hash=content_hash(content),
                )
            )
        return meeting, Draft.objects.bulk_create(drafts)

    meeting, drafts = meeting_with_drafts(datetime.date(2027, 1, 20), years["this"])
    # Two accepted opinions for each member; the outline answers (ticks) the first.
    channel, category = meeting.channels.first(), meeting.source_categories.first()
    opinions = Opinion.objects.bulk_create(
        Opinion(
            meeting=meeting,
            text=f"意见{n}：深入基层调研不够，联系服务群众不够紧密。",
            channel=channel,
            category=category,
            addressee=user,
            status=OpinionStatus.ACCEPTED,
        )
        for n, user in enumerate(members * 2)
    )
    DraftOpinion.objects.bulk_create(
        DraftOpinion(draft=draft, opinion=opinion)
        for draft, opinion in zip(drafts[1:], opinions, strict=False)
    )
    print(
        f"end to end: check_meeting on SQLite at {path} (migrated and filled in {time.perf_counter() - started:.1f} s)"
    )

    def run():
        with CaptureQueriesContext(connection) as queries:
            results = check_meeting(Meeting.objects.get(pk=meeting.pk))
        return results, len(queries)

    for what in ("this meeting's drafts alone", f"with last year's {len(years['last'])} drafts"):
        if what.startswith("with"):
            meeting_with_drafts(datetime.date(2026, 1, 20), years["last"])
        wall, cpu, (results, queries) = median_time(run, runs)
        codes = Counter(finding.code for findings in results.values() for finding in findings)
        print(
            f"  {what}: {milliseconds(wall, cpu)}, median of {runs}; {queries} queries; "
            f"findings on {len(results)} drafts: {dict(sorted(codes.items()))}"
        )


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--core-only", action="store_true", help="skip the end-to-end run on SQLite")
    args = parser.parse_args()
    # The checker's module imports its models, so Django is set up even for the core timing (which
    # reads no database); the end-to-end run uses a fresh SQLite file, never the project's database.
    path = Path(tempfile.gettempdir()) / "bench-check-drafts.sqlite3"
    path.unlink(missing_ok=True)
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings"
    os.environ["DATABASE_URL"] = f"sqlite:///{path}"
    import django

    django.setup()
    years, planted = team_of_drafts()
    print(
        "planted copies: "
        + "; ".join(f"{what} ({count} finding{'s' if count > 1 else ''})" for what, count in planted)
        + f" = {sum(count for _, count in planted)} copied passages expected"
    )
    bench_core(years, args.runs)
    if not args.core_only:
        bench_database(years, args.runs, path)


if __name__ == "__main__":
    main()
