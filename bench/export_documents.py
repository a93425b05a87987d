"""Bench: our .docx and PDF of long documents, against LibreOffice's conversion of our .docx to PDF.

    cd /work/main && .venv/bin/python bench/export_documents.py                 # 10, 60 and 300 pages
    cd /work/main && .venv/bin/python bench/export_documents.py --pages 10 60 --runs 5

For each size, two documents are built through the exporters (documents.export.export, as the
export view and export_document do) on a test database (SQLite in memory, migrated by the script:
the bench measures rendering, not queries): a 征求意见建议汇总 of N opinions and a 整改清单 (landscape,
one table) of N items, N chosen for about that many pages. Each is timed as .docx, as PDF
(documents/typeset.py, in this process), as ``soffice --headless --convert-to pdf`` of that same .docx
(LibreOffice started once before, so every timed conversion is warm, with its own profile folder
under /tmp). Each figure is the median of ``--runs`` runs, as wall-clock seconds and as CPU seconds
(this process for docx and PDF, LibreOffice's processes for soffice); the CPU figure is the steadier
one when other work shares the machine. Pages are pdfinfo's count of each PDF. The last column is the
engine before (WeasyPrint on the tree's HTML, render_pdf.html_to_pdf), timed the same way, for
reference. See bench/README.md.
"""

import argparse
import datetime
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
# tests.settings: the project's settings with a key of its own (config.settings refuses the
# development key with DEBUG off); the database is the test database created below.
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.settings")

# Items or opinions per page, measured on the documents this script builds.
PER_PAGE = {"opinions-summary": 9.9, "rectification-list": 1.9}

OPINIONS = [
    "有的同志学习贯彻党的二十大精神不够深入，理论学习中心组集中学习只有8次，联系实际研讨不够。",
    "深入基层调研不够，全年到联系点调研不足4次，对群众反映的12件民生实事跟踪问效不够，有的问题久拖未决。",
    "落实“第一议题”制度有时流于形式，传达学习多、研究部署少，推动工作落地见效的办法不多。",
    "抓班子带队伍要求不严，对干部的日常教育管理监督不够经常，谈心谈话有时浮于表面。",
    "执行民主集中制有时不够到位，会前沟通酝酿不充分，班子成员之间开展批评有顾虑。",
]
MEASURES = (
    "一是坚持“第一议题”制度，每月开展理论学习中心组集中学习不少于1次；二是班子成员每季度到联系点"
    "调研不少于2次，形成调研报告；三是建立问题清单、任务清单、责任清单，定期调度、对账销号。"
)


def set_up():
    """Django on a fresh test database (SQLite in memory), migrated."""
    import django

    django.setup()
    from django.db import connection
    from django.test.utils import setup_test_environment

    setup_test_environment()
    connection.creation.create_test_db(verbosity=0, autoclobber=True)


def build_meeting(opinions, items):
    """A county team with a secretary and four members; its meeting with ``opinions`` accepted
    opinions and ``items`` rectification items over the team's and the members' lists."""
    from feedback import services as feedback
    from feedback.models import OpinionStatus
    from meetings.models import Meeting
    from orgs.models import Role
    from rectification import services as rectification
    from rectification.models import Item, ItemKind, ItemStatus
    from tests.factories import OrganisationFactory, UserFactory, assign, make_meeting

    county = OrganisationFactory(name="云岭县委", parent=OrganisationFactory(name="江城市委"))
    secretary = assign(UserFactory(display_name="林书记", title="县委书记"), county, Role.SECRETARY, 0)
    members = [
        assign(UserFactory(display_name=f"成员{i}", title=f"县委常委{i}"), county, Role.MEMBER, i)
        for i in range(1, 5)
    ]
    office = assign(UserFactory(display_name="刘文静", title="办公室科长"), county, Role.OFFICE)
    meeting = make_meeting(county, office, date=datetime.date(2027, 1, 20))
    feedback.create_default_choices(meeting)
    aspects = list(meeting.aspects.all())
    categories = list(meeting.source_categories.all())
    channels = list(meeting.channels.all())
    for n in range(opinions):
        feedback.create_opinion(
            meeting,
            text=f"{OPINIONS[n % len(OPINIONS)]}（第{n + 1}条）",
            channel=channels[n % len(channels)],
            category=categories[n % len(categories)],
            aspect=aspects[n % len(aspects)],
            by=office,
            status=OpinionStatus.ACCEPTED,
        )
    lists = rectification.ensure_lists(meeting)
    people = [secretary, *members]
    kinds, statuses = list(ItemKind), [ItemStatus.NOT_STARTED, ItemStatus.IN_PROGRESS]
    Item.objects.bulk_create(
        Item(
            rectification_list=lists[n % len(lists)],
            meeting=meeting,
            number=n // len(lists) + 1,
            problem=OPINIONS[n % len(OPINIONS)],
            measures=MEASURES,
            owner=people[n % len(people)],
            unit="县委办公室",
            deadline=datetime.date(2027, 6, 30),
            kind=kinds[n % len(kinds)],
            status=statuses[n % len(statuses)],
        )
        for n in range(items)
    )
    return Meeting.objects.select_related("organisation", "host").get(pk=meeting.pk)


def children_cpu():
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def timed(function, runs, cpu=time.process_time):
    """Median wall-clock and CPU seconds of ``runs`` calls, and the last call's result."""
    walls, cpus = [], []
    for _ in range(runs):
        wall, used = time.perf_counter(), cpu()
        result = function()
        walls.append(time.perf_counter() - wall)
        cpus.append(cpu() - used)
    return statistics.median(walls), statistics.median(cpus), result


class LibreOffice:
    """``soffice --headless --convert-to pdf`` with a profile folder of its own, kept between runs."""

    def __init__(self, folder: Path):
        self.folder = folder
        self.profile = (folder / "profile").as_uri()

    def convert(self, docx: Path) -> Path:
        out = self.folder / "soffice"
        subprocess.run(
            [
                "soffice",
                f"-env:UserInstallation={self.profile}",
                "--headless",
                "--convert-to",
                "pdf",
                "--outdir",
                str(out),
                str(docx),
            ],
            check=True,
            capture_output=True,
        )
        return out / (docx.stem + ".pdf")


def pages(pdf: Path) -> int:
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    return int(next(line.split()[1] for line in info.splitlines() if line.startswith("Pages:")))


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pages", type=int, nargs="+", default=[10, 60, 300], help="sizes to build")
    parser.add_argument("--runs", type=int, default=3, help="runs per figure (the median is printed)")
    parser.add_argument("--keep", action="store_true", help="keep the files in the temp folder")
    args = parser.parse_args()
    if not shutil.which("soffice") or not shutil.which("pdfinfo"):
        sys.exit("needs soffice (LibreOffice) and pdfinfo (poppler-utils) on PATH")

    set_up()
    from documents.export import export
    from documents.exporters import EXPORTERS
    from documents.render_pdf import html_to_pdf, render_html

    folder = Path(tempfile.mkdtemp(prefix="bench-export-"))
    office = LibreOffice(folder)
    warm = folder / "warm.docx"
    started = time.perf_counter()
    print("warming up: one export of each format and one LibreOffice conversion …", flush=True)
    small = build_meeting(opinions=6, items=6)
    warm.write_bytes(export("opinions-summary", small, "docx").content)
    export("opinions-summary", small, "pdf")
    office.convert(warm)
    print(f"  {time.perf_counter() - started:.1f} s\n")

    header = (
        f"{'document':<20} {'target':>6} {'N':>5} | {'docx s':>13} | {'PDF s':>13} | {'soffice s':>13} "
        f"| {'pages ours/LO':>13} | {'PDF/soffice':>11} | {'WeasyPrint s':>13}"
    )
    rows = []
    print("each time: median wall-clock s (CPU s)")
    print(header)
    print("-" * len(header))
    for target in args.pages:
        for kind in ("opinions-summary", "rectification-list"):
            n = max(1, round(target * PER_PAGE[kind]))
            meeting = build_meeting(
                opinions=n if kind == "opinions-summary" else 0, items=n if kind != "opinions-summary" else 0
            )
            docx_wall, docx_cpu, docx = timed(
                lambda k=kind, m=meeting: export(k, m, "docx").content, args.runs
            )
            pdf_wall, pdf_cpu, pdf = timed(lambda k=kind, m=meeting: export(k, m, "pdf").content, args.runs)
            docx_path = folder / f"{kind}-{target}.docx"
            pdf_path = folder / f"{kind}-{target}.pdf"
            docx_path.write_bytes(docx)
            pdf_path.write_bytes(pdf)
            lo_wall, lo_cpu, lo_pdf = timed(
                lambda d=docx_path: office.convert(d), args.runs, cpu=children_cpu
            )
            ours, theirs = pages(pdf_path), pages(lo_pdf)
            # The engine before documents/typeset.py, for reference: WeasyPrint on the tree's HTML.
            tree = EXPORTERS[kind].build(meeting)
            weasy_wall, weasy_cpu, _ = timed(lambda t=tree: html_to_pdf(render_html(t)), args.runs)
            row = (
                f"{kind:<20} {target:>6} {n:>5} | {docx_wall:5.2f} ({docx_cpu:5.2f}) | {pdf_wall:5.2f} ({pdf_cpu:5.2f}) "
                f"| {lo_wall:5.2f} ({lo_cpu:5.2f}) | {ours:>6}/{theirs:<6} | {pdf_wall / lo_wall:5.2f} ({pdf_cpu / lo_cpu:4.2f})"
                f" | {weasy_wall:5.2f} ({weasy_cpu:5.2f})"
            )
            rows.append(row)
            print(row, flush=True)
    if args.keep:
        print(f"\nfiles kept in {folder}")
    else:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
