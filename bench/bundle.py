"""Bench: the 材料汇编 of a 30-member meeting on PostgreSQL — its pages, the seconds of the .docx and the
PDF, and the peak memory of a worker process that builds it.

    cd /work/main && DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres \\
        .venv/bin/python bench/bundle.py [--members 30] [--runs 3] [--keep]

DATABASE_URL names the server; the script creates its own database there (``shenghuohui_bench_bundle``,
``--database`` to change it), migrates and fills it with one meeting held and being reported on (a team
of ``--members``, the secretary first, each with an outline of about 5,000 characters; see
bench/README.md), and drops it at the end (``--keep`` keeps it).

Each build runs in a subprocess of its own, as a Celery worker would: it builds the tree
(``bundle_document``), renders the .docx (``render(tree, "docx")``; the task writes the same file with the PDF's page numbers) and the PDF
(``layout_bundle_pdf``, which is ``render(tree, "pdf")`` plus the pages each piece starts on). The peak
memory is ``getrusage(RUSAGE_CHILDREN).ru_maxrss`` read by this process after the children have ended,
first after a baseline child that only sets Django up, then after the builds; the children also report
their own peak after each step. Last, one child lays the same bundle out with WeasyPrint
(``layout_bundle_html``, the engine before documents/typeset.py), for reference in the same run.
"""

import argparse
import datetime
import json
import os
import random
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import time_machine

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from check_drafts import CONNECTIVES, PHRASES  # noqa: E402  the stock phrases of that bench

MEETING_DAY = datetime.date(2027, 1, 20)
AFTER = datetime.timedelta(days=21)  # the day the meeting is filled on: reported on, three weeks after
PROBLEMS_PER_ASPECT = 2
CRITICISMS_PER_MEMBER = 3
TEAM_ITEMS, ITEMS_PER_MEMBER = 20, 3
OPINIONS = 150
STUDY_SESSIONS = 6


# The writer's own words between the stock phrases come from the phrases' own characters: common ones,
# as real text is. (Random CJK characters, as check_drafts.py uses, are mostly missing from the 仿宋
# stand-in; the fallback font's taller line box pushes such lines off the 22-line grid.)
COMMON = sorted(set("".join(PHRASES)) - set("“”、，。；"))


def filler(rng):
    return "".join(rng.choice(COMMON) for _ in range(rng.randint(2, 5)))


def sentence(rng):
    """A sentence as long as real outlines have them (a quarter under 20 characters, a median near 45)."""
    target = rng.randint(8, 19) if rng.random() < 0.25 else int(rng.triangular(20, 100, 40))
    words = [filler(rng)]
    while sum(map(len, words)) < target:
        words.append(rng.choice(CONNECTIVES))
        words.append(rng.choice(PHRASES) if rng.random() < 0.5 else filler(rng))
    return "".join(words) + rng.choice("。。。；")


def lead(rng):
    return f"{rng.choice(PHRASES)}{filler(rng)}。"


def paragraph(rng, count):
    return "".join(sentence(rng) for _ in range(count))


def with_database(url, name):
    parts = urlsplit(url)
    return urlunsplit(parts._replace(path=f"/{name}"))


def server_command(url, sql):
    """Runs ``sql`` on the server's maintenance database (CREATE / DROP DATABASE cannot run in a transaction)."""
    import psycopg

    with psycopg.connect(with_database(url, "postgres"), autocommit=True) as connection:
        connection.execute(sql)


def setup_django():
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings"
    import django

    django.setup()


# --- data ---------------------------------------------------------------------------------------------


def outline(rng, meeting, title, byline, team=False):
    """A draft as the editor stores it (inspection.content), about 5,000 characters: two problems under
    each aspect (lead, two sentences, a two-sentence "比如，…"), causes, measures, last year's account."""
    from inspection import content as structure

    raw = structure.empty_content(title=title, byline=byline, aspects=list(meeting.aspects.all()), team=team)
    raw["preamble"] = "根据上级通知要求，认真开展学习研讨、谈心谈话，深入查摆问题，现将对照检查情况汇报如下："
    raw["previous"]["text"] = "\n".join(paragraph(rng, 2) for _ in range(2))
    for group in raw["problems"]["groups"]:
        group["summary"] = "主要是" + sentence(rng)
        group["items"] = [
            {"lead": lead(rng), "text": paragraph(rng, 2), "example": "比如，" + paragraph(rng, 2)}
            for _ in range(PROBLEMS_PER_ASPECT)
        ]
    raw["causes"]["items"] = [{"lead": lead(rng), "text": paragraph(rng, 3)} for _ in range(4)]
    raw["measures"]["items"] = [{"lead": lead(rng), "text": paragraph(rng, 3)} for _ in range(5)]
    return structure.normalise(raw, structure.default_headings(team))


def fill(members, seed=2027):
    """One meeting of a team of ``members``, held and in the reporting stage, with every record a bundle
    prints; returns (meeting id, {what: count})."""
    from django.db import transaction

    from feedback.models import Opinion, OpinionStatus
    from inspection.content import character_count, content_hash
    from inspection.models import Draft, DraftKind
    from meetings import record as records
    from meetings import services, study, talks
    from meetings.models import AspectTemplate, Meeting, PlanEvent, PlanStatus, SelfStudyNote, StudyForm
    from orgs.models import Organisation, Role, RoleAssignment, User
    from rectification import services as rectification
    from rectification.models import Item, ItemKind, ItemStatus, RectificationList

    rng = random.Random(seed)
    county = Organisation.objects.create(name="云岭县委", team_name="云岭县委常委班子")
    office = User.objects.create(username="office", display_name="刘文静", title="县委办公室副主任")
    supervisor = User.objects.create(username="supervisor", display_name="黄督导", title="市委组织部")
    team = User.objects.bulk_create(
        User(username=f"member{n}", display_name=f"成员{n:02d}", title="县委常委", password="!")
        for n in range(members)
    )
    RoleAssignment.objects.bulk_create(
        [RoleAssignment(user=team[0], organisation=county, role=Role.SECRETARY, order=0)]
        + [
            RoleAssignment(user=u, organisation=county, role=Role.MEMBER, order=n) for n, u in enumerate(team)
        ][1:]
        + [RoleAssignment(user=office, organisation=county, role=Role.OFFICE)]
    )
    meeting = services.create_meeting(
        organisation=county,
        by=office,
        aspect_template=AspectTemplate.objects.get(kind="annual"),
        year=MEETING_DAY.year - 1,
        theme="深入学习贯彻新时代中国特色社会主义思想，以党的建设新成效推动高质量发展",
        date=MEETING_DAY,
        place="县委常委会议室",
    )
    plan = meeting.plan
    plan.status = PlanStatus.APPROVED
    plan.save()
    PlanEvent.objects.create(plan=plan, action=PlanEvent.Action.APPROVE, by=supervisor)

    forms = list(StudyForm.values)
    for n in range(STUDY_SESSIONS):
        study.record_session(
            meeting,
            office,
            date=MEETING_DAY - datetime.timedelta(days=30 - 4 * n),
            form=forms[n % len(forms)],
            topic=f"专题学习研讨（{n + 1}）：{sentence(rng)[:30]}",
            materials="《中国共产党章程》\n《关于新形势下党内政治生活的若干准则》",
            summary=paragraph(rng, 2),
        )
    SelfStudyNote.objects.bulk_create(
        SelfStudyNote(
            meeting=meeting,
            author=person,
            date=MEETING_DAY - datetime.timedelta(days=10 + k),
            material="《习近平谈治国理政》",
            text=paragraph(rng, 3),
        )
        for person in team
        for k in range(rng.randint(1, 4))
    )

    aspects = list(meeting.aspects.all())
    channels, categories = list(meeting.channels.all()), list(meeting.source_categories.all())
    Opinion.objects.bulk_create(
        Opinion(
            meeting=meeting,
            text=sentence(rng),
            channel=rng.choice(channels),
            category=rng.choice(categories),
            aspect=rng.choice(aspects),
            addressee=rng.choice(team) if rng.random() < 0.4 else None,
            status=OpinionStatus.ACCEPTED,
        )
        for _ in range(OPINIONS)
    )

    # The secretary with every member, and each member with the next two: 3 talks a member.
    pairs = [(team[0], person) for person in team[1:]]
    pairs += [(team[n], team[n + k]) for n in range(1, members) for k in (1, 2) if n + k < members]
    for first, second in pairs:
        talks.record_talk(
            meeting,
            first,
            date=MEETING_DAY - datetime.timedelta(days=rng.randint(8, 20)),
            place="",
            topics="思想认识、工作作风、分管领域问题",
            improvements=sentence(rng),
            people=[first, second],
            own_side={"problems_raised": sentence(rng), "criticisms_to_raise": sentence(rng)},
        )

    title = f"在{meeting.title}上的发言提纲"
    drafts = [(DraftKind.TEAM, None, outline(rng, meeting, f"{meeting.title}对照检查材料", "", team=True))]
    drafts += [(DraftKind.PERSONAL, person, outline(rng, meeting, title, person.name)) for person in team]
    Draft.objects.bulk_create(
        Draft(
            meeting=meeting,
            kind=kind,
            author=author,
            order=order,
            content=content,
            content_hash=content_hash(content),
            version=3,
        )
        for order, (kind, author, content) in enumerate(drafts)
    )
    outline_size = statistics.mean(character_count(content) for _, _, content in drafts[1:])

    Meeting.objects.filter(pk=meeting.pk).update(stage="meeting")
    record = records.ensure_record(meeting)
    for statement in record.statements.select_related("member"):
        critics = rng.sample([p for p in team if p != statement.member], CRITICISMS_PER_MEMBER)
        with transaction.atomic():
            records.save_statement(
                statement,
                by=office,
                self_criticism="\n".join(paragraph(rng, 2) for _ in range(2)),
                response=sentence(rng),
                criticisms=[{"id": None, "by": c, "by_name": "", "text": paragraph(rng, 2)} for c in critics],
            )
    record.guidance_remarks = paragraph(rng, 4)
    record.summary = paragraph(rng, 4)
    record.save()

    Meeting.objects.filter(pk=meeting.pk).update(stage="reporting")
    rectification.ensure_lists(meeting)
    lists = {rl.member_id: rl for rl in RectificationList.objects.filter(meeting=meeting)}
    statuses = [ItemStatus.NOT_STARTED, ItemStatus.IN_PROGRESS, ItemStatus.DONE, ItemStatus.CLOSED]
    rows = [(lists[None], n, team[n % members]) for n in range(1, TEAM_ITEMS + 1)]
    rows += [(lists[p.pk], n, p) for p in team for n in range(1, ITEMS_PER_MEMBER + 1)]
    Item.objects.bulk_create(
        Item(
            rectification_list=rl,
            meeting=meeting,
            number=n,
            problem=sentence(rng),
            measures=sentence(rng),
            owner=owner,
            unit="县委办公室",
            deadline=MEETING_DAY + datetime.timedelta(days=rng.randint(15, 180)),
            kind=ItemKind.BY_DATE,
            status=rng.choice(statuses),
        )
        for rl, n, owner in rows
    )
    return meeting.pk, {
        "members": members,
        "outlines": members,
        "characters an outline on average": round(outline_size),
        "study sessions": STUDY_SESSIONS,
        "opinions": OPINIONS,
        "talks": len(pairs),
        "criticisms": members * CRITICISMS_PER_MEMBER,
        "items": len(rows),
    }


# --- the worker ---------------------------------------------------------------------------------------


def peak_mb(who=resource.RUSAGE_SELF):
    return resource.getrusage(who).ru_maxrss / 1024  # kilobytes on Linux


def timed(out, name, function):
    """Runs ``function``, noting its wall-clock and CPU seconds and this process's peak memory after it."""
    started, started_cpu = time.perf_counter(), time.process_time()
    result = function()
    out[f"{name}_s"] = time.perf_counter() - started
    out[f"{name}_cpu"] = time.process_time() - started_cpu
    out[f"{name}_mb"] = peak_mb()
    return result


def worker(mode, meeting_id):
    """What a subprocess does: set Django up, and for ``build`` build and render the bundle; prints JSON."""
    setup_django()
    out = {"setup_mb": peak_mb()}
    if mode == "build":
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        from documents.export import render
        from documents.exporters.bundle import bundle_document, bundle_pieces
        from documents.render_bundle import estimate_starts, layout_bundle_pdf
        from meetings.models import Meeting

        meeting = Meeting.objects.select_related("organisation", "host").get(pk=meeting_id)
        with CaptureQueriesContext(connection) as queries:
            tree = timed(out, "tree", lambda: bundle_document(meeting))
        out.update(queries=len(queries), pieces=len(tree.pieces))
        out["docx_bytes"] = len(timed(out, "docx", lambda: render(tree, "docx")))
        pdf = timed(out, "pdf", lambda: layout_bundle_pdf(tree))
        out.update(
            pdf_bytes=len(pdf.content),
            pages=pdf.pages,
            starts=pdf.starts,
            estimated=estimate_starts(tree),
            labels=[label for label, _ in bundle_pieces(meeting)],
        )
    elif mode == "weasyprint":
        # The engine before documents/typeset.py, for reference: WeasyPrint's layout of the bundle's HTML.
        from documents.exporters.bundle import bundle_document
        from documents.render_bundle import layout_bundle_html
        from meetings.models import Meeting

        meeting = Meeting.objects.select_related("organisation", "host").get(pk=meeting_id)
        tree = bundle_document(meeting)
        pdf = timed(out, "pdf", lambda: layout_bundle_html(tree))
        out.update(pages=pdf.pages, starts=pdf.starts)
    print(json.dumps(out))


def child(mode, meeting_id, env):
    result = subprocess.run(
        [sys.executable, __file__, "--worker", mode, "--meeting", str(meeting_id)],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(result.stdout.strip().splitlines()[-1])


def median(runs, key):
    values = [run[key] for run in runs]
    return statistics.median(values), values


def seconds(runs, name):
    middle, values = median(runs, f"{name}_s")
    cpu, _ = median(runs, f"{name}_cpu")
    return f"{middle:.1f} s ({', '.join(f'{v:.1f}' for v in values)}), CPU {cpu:.1f} s"


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--members", type=int, default=30)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument(
        "--database", default="shenghuohui_bench_bundle", help="the database created and dropped"
    )
    parser.add_argument("--keep", action="store_true", help="keep the database afterwards")
    parser.add_argument("--worker", choices=["baseline", "build", "weasyprint"], help=argparse.SUPPRESS)
    parser.add_argument("--meeting", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        return worker(args.worker, args.meeting)

    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        sys.exit("需要 PostgreSQL：DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres")
    if urlsplit(url).path.strip("/") == args.database or args.database.startswith("test_"):
        sys.exit(f"{args.database} 是本脚本创建并删除的数据库，请换一个名字。")
    server_command(url, f'DROP DATABASE IF EXISTS "{args.database}"')
    server_command(url, f'CREATE DATABASE "{args.database}"')
    env = {**os.environ, "DATABASE_URL": with_database(url, args.database)}
    env.pop("REDIS_URL", None)
    os.environ.update(env)
    os.environ.pop("REDIS_URL", None)
    try:
        setup_django()
        from django.core.management import call_command
        from django.db import connections

        started = time.perf_counter()
        call_command("migrate", verbosity=0)
        migrated = time.perf_counter()
        # What is recorded has happened (meetings.dates): the meeting is filled as on a day after it,
        # whatever today is (the sessions and talks are dated before MEETING_DAY, which may be ahead).
        with time_machine.travel(
            datetime.datetime.combine(MEETING_DAY, datetime.time(10)) + AFTER, tick=True
        ):
            meeting_id, summary = fill(args.members)
        connections.close_all()
        print(
            f"database {args.database}: migrated in {migrated - started:.1f} s, filled in "
            f"{time.perf_counter() - migrated:.1f} s: "
            + ", ".join(f"{n:,} {what}" for what, n in summary.items())
        )

        # RUSAGE_CHILDREN's maxrss is the largest of the children waited for so far: the baseline first.
        baseline = child("baseline", meeting_id, env)
        baseline_mb = peak_mb(resource.RUSAGE_CHILDREN)
        runs = [child("build", meeting_id, env) for _ in range(args.runs)]
        build_mb = peak_mb(resource.RUSAGE_CHILDREN)
        before = child(
            "weasyprint", meeting_id, env
        )  # last: its peak would hide the builds' in RUSAGE_CHILDREN

        last = runs[-1]
        off = [e - s for e, s in zip(last["estimated"], last["starts"], strict=True)]
        print(
            f"bundle: {last['pieces']} pieces, {last['pages']} pages (PDF), {last['docx_bytes'] / 1e6:.1f} MB docx, "
            f"{last['pdf_bytes'] / 1e6:.1f} MB PDF; tree built with {last['queries']} queries"
        )
        lengths = [
            end - start
            for start, end in zip(last["starts"], [*last["starts"][1:], last["pages"] + 1], strict=True)
        ]
        outlines = [n for label, n in zip(last["labels"], lengths, strict=True) if "发言提纲" in label]
        others = sorted(
            ((n, label) for label, n in zip(last["labels"], lengths, strict=True) if "发言提纲" not in label),
            reverse=True,
        )
        print(
            f"  pages: cover and 目录 {last['starts'][0] - 1}; {len(outlines)} outlines {min(outlines)}–{max(outlines)} "
            f"each ({sum(outlines)} in all); " + ", ".join(f"{label} {n}" for n, label in others)
        )
        print(f"  tree (bundle_document): {seconds(runs, 'tree')}, median of {args.runs}")
        print(f"  docx (render):          {seconds(runs, 'docx')}")
        print(f"  PDF (layout_bundle_pdf): {seconds(runs, 'pdf')}")
        same = (
            "the same pages and piece starts"
            if before["starts"] == last["starts"]
            else (f"{before['pages']} pages, starts {before['starts']}")
        )
        print(
            f"  for reference, WeasyPrint on the bundle's HTML (layout_bundle_html, the engine before), one build: "
            f"{before['pdf_s']:.1f} s, CPU {before['pdf_cpu']:.1f} s, its child's peak {before['pdf_mb']:.0f} MB; {same}"
        )
        print(
            f"  peak memory (max RSS): a child that only sets Django up {baseline_mb:.0f} MB "
            f"(it reports {baseline['setup_mb']:.0f} MB); a child that builds the bundle {build_mb:.0f} MB, "
            f"i.e. {build_mb - baseline_mb:.0f} MB for the build"
        )
        print(
            "  the build child's own peak after each step: "
            f"tree {median(runs, 'tree_mb')[0]:.0f} MB, docx {median(runs, 'docx_mb')[0]:.0f} MB, "
            f"PDF {median(runs, 'pdf_mb')[0]:.0f} MB"
        )
        print(
            f"  the Word 目录's estimated start pages against the PDF's: {sum(1 for d in off if d == 0)} of "
            f"{len(off)} the same, off by at most {max(map(abs, off))} page(s)"
        )
    finally:
        from django.db import connections

        connections.close_all()
        if not args.keep:
            server_command(url, f'DROP DATABASE IF EXISTS "{args.database}"')


if __name__ == "__main__":
    main()
