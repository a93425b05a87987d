"""The .docx as Word and WPS lay it out: LibreOffice converts every document of the demo to PDF, and each
conversion has as many pages as our WeasyPrint PDF of the same document.

A clerk files the .docx as it is; an office that prints it from Word must get the pages the PDF shows
(the 材料汇编's 目录 and every "共N页" rely on it). LibreOffice (Debian's libreoffice-writer-nogui,
installed by ``dev.py test``) stands in for Word here. One soffice call converts all the files (it
starts once: about 2 s, then a fraction of a second a file); it draws with our fontconfig file, so it
uses the same free stand-in fonts as WeasyPrint.

Without soffice the test fails: a skipped test would let the .docx drift from the PDF unseen.
"""

import os
import re
import shutil
import subprocess
import time
import zipfile
from types import SimpleNamespace

import pytest
from django.test.utils import override_settings

from documents import fonts
from documents.export import export
from documents.exporters import EXPORTERS
from documents.render_docx import render_docx
from documents.render_pdf import render_pdf
from documents.tree import Bundle, Document, Table, format_date
from feedback.services import team_members
from meetings.models import Meeting
from orgs.models import Role, RoleAssignment

from .test_docx_layout import FULL_LINE, signature_at_the_foot_of_a_page
from .test_pdf_justification import assert_justified

AT_THE_FOOT = "sample-signature-at-the-foot"
TALL_ROWS = "sample-tall-rows"
SOFFICE_TIMEOUT = 900  # seconds for the one conversion of every file


def office_clerk(meeting):
    """The office's account of the meeting's organisation: who downloads and files its documents."""
    assignment = RoleAssignment.objects.filter(organisation=meeting.organisation, role=Role.OFFICE).first()
    assert assignment is not None, f"{meeting} 没有办公室人员"
    return assignment.user


def demo_exports(clerk_for=office_clerk):
    """(name, kind, meeting, member) of every document the office may export from the demo: every kind
    for every meeting, a member's document for every member of it, each as the registry's access check
    allows."""
    for meeting in Meeting.objects.select_related("organisation", "host").order_by("pk"):
        clerk = clerk_for(meeting)
        for kind, exporter in EXPORTERS.items():
            if exporter.needs_member:
                for member in team_members(meeting):
                    if exporter.may_export(clerk, meeting, member):
                        yield f"m{meeting.pk}-{kind}-u{member.pk}", kind, meeting, member, clerk
            elif exporter.may_export(clerk, meeting):
                yield f"m{meeting.pk}-{kind}", kind, meeting, None, clerk


def pdf_pages(path):
    """The page count pdfinfo (poppler) reads from a PDF."""
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout
    return int(re.search(r"^Pages:\s+(\d+)", info, re.MULTILINE).group(1))


def soffice():
    found = shutil.which("soffice") or shutil.which("libreoffice")
    if found is None:
        pytest.fail(
            "找不到 LibreOffice（soffice）：请安装 libreoffice-writer-nogui（python3 dev.py test 会自动安装）。"
        )
    return found


def as_word_reads_it(docx, copy):
    """A copy of ``docx`` for LibreOffice that Word would lay out as LibreOffice lays out the copy.

    LibreOffice 7.4 reads w:overflowPunct the wrong way round (writerfilter's DomainMapper.cxx:
    ``PROP_PARA_IS_HANGING_PUNCTUATION`` set to ``nIntValue == 0``): our "0", which Word and WPS read as
    "no punctuation hanging into the margin", makes LibreOffice hang every "，" and "。" that ends a
    line, and lines fit a character more than in Word or the PDF. The copy says "1" where we say "0".
    """
    with zipfile.ZipFile(docx) as source, zipfile.ZipFile(copy, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename.startswith("word/") and item.filename.endswith(".xml"):
                data = data.replace(b'<w:overflowPunct w:val="0"/>', b'<w:overflowPunct w:val="1"/>')
            target.writestr(item, data)
    return copy


def convert_with_libreoffice(docx_paths, outdir, profile):
    """Every .docx converted to PDF in ``outdir`` by one headless soffice, with our fonts; its seconds."""
    env = {**os.environ, "HOME": str(profile)}
    fonts.configure()
    env["FONTCONFIG_FILE"] = os.environ["FONTCONFIG_FILE"]
    env["FONTCONFIG_PATH"] = os.environ["FONTCONFIG_PATH"]
    command = [
        soffice(),
        # A profile of its own: works as root in CI and beside a running LibreOffice.
        f"-env:UserInstallation=file://{profile}",
        "--headless",
        "--norestore",
        "--convert-to",
        "pdf",
        "--outdir",
        str(outdir),
        *map(str, docx_paths),
    ]
    started = time.monotonic()
    result = subprocess.run(command, env=env, capture_output=True, text=True, timeout=SOFFICE_TIMEOUT)
    seconds = time.monotonic() - started
    assert result.returncode == 0, result.stderr
    return seconds


def tall_rows():
    """A landscape 整改清单-like table whose rows of measures are half a page tall: they break across
    pages in both formats (Table.flowing_rows), and the two must still break onto as many pages."""
    measures = "一是坚持“第一议题”制度，每月集中学习不少于1次；二是每季度到联系点调研不少于2次。" * 3
    rows = [
        [str(n), f"问题{n}：调研不够深入，解决实际问题不多。", measures, "县委办公室", "2027年6月30日"]
        for n in range(1, 13)
    ]
    return Document(
        title="整改清单",
        blocks=[
            Table(["序号", "问题", "整改措施", "责任单位", "完成时限"], rows, widths=[12, 60, 45, 40, 40])
        ],
        landscape=True,
    )


SAMPLES = {AT_THE_FOOT: signature_at_the_foot_of_a_page, TALL_ROWS: tall_rows}


# Rendering and LibreOffice, not the database: .ci/run runs this module once, in the SQLite pass (about
# 2.5 minutes: every document of the demo exported in both formats, and one LibreOffice conversion).
pytestmark = pytest.mark.renders_only


@pytest.fixture(scope="module")
def converted(_demo_for_module, django_db_blocker, tmp_path_factory):
    """Every document of the demo (and the samples) as our .docx, our PDF and LibreOffice's PDF of the
    .docx: ``names`` maps each to its file name, ``trees`` to what was drawn, then the three folders."""
    root = tmp_path_factory.mktemp("converted")
    folders = SimpleNamespace(**{name: root / name for name in ("docx", "copies", "ours", "theirs")})
    for folder in vars(folders).values():
        folder.mkdir()
    names, trees = {}, {}
    with django_db_blocker.unblock(), override_settings(MEDIA_ROOT=str(_demo_for_module.media_root)):
        for name, kind, meeting, member, clerk in demo_exports():
            exporter = EXPORTERS[kind]
            viewer = clerk if exporter.needs_viewer else None
            for fmt, folder in (("docx", folders.docx), ("pdf", folders.ours)):
                exported = export(kind, meeting, fmt, member=member, viewer=viewer)
                (folder / f"{name}.{fmt}").write_bytes(exported.content)
            names[name] = exported.filename.removesuffix(".pdf")
            arguments = (
                {"member": member}
                if exporter.needs_member
                else {"viewer": viewer}
                if exporter.needs_viewer
                else {}
            )
            trees[name] = exporter.build(meeting, **arguments)
    kinds = {name.split("-", 1)[1].rsplit("-u", 1)[0] for name in names}
    assert kinds == set(EXPORTERS), "every kind of document is exported from the demo"
    for name, sample in SAMPLES.items():
        (folders.docx / f"{name}.docx").write_bytes(render_docx(sample()))
        (folders.ours / f"{name}.pdf").write_bytes(render_pdf(sample()))
        names[name], trees[name] = name, sample()

    copies = [as_word_reads_it(path, folders.copies / path.name) for path in sorted(folders.docx.iterdir())]
    seconds = convert_with_libreoffice(copies, folders.theirs, root / "profile")
    print(f"{len(names)} documents converted by LibreOffice in {seconds:.1f} s")
    return SimpleNamespace(names=names, trees=trees, **vars(folders))


def test_libreoffice_lays_out_every_demo_docx_on_as_many_pages_as_our_pdf(converted):
    differ = []
    for name, title in sorted(converted.names.items()):
        if name == TALL_ROWS:
            continue  # below
        theirs = converted.theirs / f"{name}.pdf"
        assert theirs.exists(), f"LibreOffice did not convert {title}"
        weasyprint, libreoffice = pdf_pages(converted.ours / f"{name}.pdf"), pdf_pages(theirs)
        if weasyprint != libreoffice:
            differ.append(f"{name} {title}: PDF {weasyprint} 页, LibreOffice {libreoffice} 页")
    assert not differ, "\n".join(differ)


def test_rows_half_a_page_tall_break_across_pages_in_both_pdfs(converted):
    # Kept whole, each of the twelve rows would take a page of its own. The two engines wrap a narrow
    # cell's digits differently (LibreOffice fits a little more on a line), so over twelve such rows the
    # pages may differ by one: the demo's tables, whose rows stay whole, must match exactly (above).
    ours, theirs = (pdf_pages(folder / f"{TALL_ROWS}.pdf") for folder in (converted.ours, converted.theirs))
    assert ours < 12 and theirs < 12
    assert abs(ours - theirs) <= 1


def page_texts(path):
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout
    return ["".join(page.split()) for page in text.split("\f") if page.strip()]


def test_no_signature_is_alone_on_its_page_in_either_pdf(converted):
    signed = {name: tree for name, tree in converted.trees.items() if getattr(tree, "signature", None)}
    assert len({name.split("-", 1)[-1].rsplit("-u", 1)[0] for name in signed}) >= 5, "signed kinds measured"
    alone = []
    for name, tree in sorted(signed.items()):
        signature = tree.signature
        ending = [
            *("".join(line.split()) for line in signature.lines),
            format_date(signature.date) if signature.date else "",
        ]
        for pdf in (converted.ours / f"{name}.pdf", converted.theirs / f"{name}.pdf"):
            last = next(page for page in reversed(page_texts(pdf)) if all(part in page for part in ending))
            rest = re.sub(r"—\d+—", "", last)
            for part in ending:
                rest = rest.replace(part, "", 1)
            # Some text of the body with it; the sample that fills page 1 must take two lines along.
            if len(rest) < (2 * FULL_LINE if name == AT_THE_FOOT else 1):
                alone.append(f"{pdf.parent.name}/{name} {converted.names[name]}: {last[:60]}")
    assert not alone, "\n".join(alone)


def test_every_body_paragraph_of_the_demo_pdfs_is_justified(converted, tmp_path):
    measured = 0
    for name, tree in sorted(converted.trees.items()):
        if name == TALL_ROWS:
            continue
        pieces = tree.pieces if isinstance(tree, Bundle) else [tree]
        pdf = (converted.ours / f"{name}.pdf").read_bytes()
        measured += assert_justified(pieces, pdf, tmp_path, at_least=0)
    assert measured >= 300, f"only {measured} continued lines measured over the demo"
