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

import pytest

from documents import fonts
from documents.export import export
from documents.exporters import EXPORTERS
from documents.render_docx import render_docx
from feedback.services import team_members
from meetings.models import Meeting
from orgs.models import Role, RoleAssignment

from .test_docx_layout import FULL_LINE, signature_at_the_foot_of_a_page

AT_THE_FOOT = "sample-signature-at-the-foot"
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


# Rendering and LibreOffice, not the database: .ci/run runs it once, in the SQLite pass (about 2.5 minutes).
@pytest.mark.renders_only
def test_libreoffice_lays_out_every_demo_docx_on_as_many_pages_as_our_pdf(seeded_demo, tmp_path):
    docx_dir, copies, ours, theirs = (
        tmp_path / name for name in ("docx", "copies", "weasyprint", "libreoffice")
    )
    for folder in (docx_dir, copies, ours, theirs):
        folder.mkdir()
    names = {}
    for name, kind, meeting, member, clerk in demo_exports():
        viewer = clerk if EXPORTERS[kind].needs_viewer else None
        for fmt, folder in (("docx", docx_dir), ("pdf", ours)):
            exported = export(kind, meeting, fmt, member=member, viewer=viewer)
            (folder / f"{name}.{fmt}").write_bytes(exported.content)
        names[name] = exported.filename.removesuffix(".pdf")
    kinds = {name.split("-", 1)[1].rsplit("-u", 1)[0] for name in names}
    assert kinds == set(EXPORTERS), "every kind of document is exported from the demo"
    # And a text that fills page 1 to its last line: the signature must take lines of it along.
    (docx_dir / f"{AT_THE_FOOT}.docx").write_bytes(render_docx(signature_at_the_foot_of_a_page()))

    for_libreoffice = [as_word_reads_it(path, copies / path.name) for path in sorted(docx_dir.iterdir())]
    seconds = convert_with_libreoffice(for_libreoffice, theirs, tmp_path / "profile")

    differ = []
    for name, title in sorted(names.items()):
        converted = theirs / f"{name}.pdf"
        assert converted.exists(), f"LibreOffice did not convert {title}"
        weasyprint, libreoffice = pdf_pages(ours / f"{name}.pdf"), pdf_pages(converted)
        if weasyprint != libreoffice:
            differ.append(f"{name} {title}: PDF {weasyprint} 页, LibreOffice {libreoffice} 页")
    print(f"{len(names)} documents converted by LibreOffice in {seconds:.1f} s")
    assert not differ, "\n".join(differ)
    text = subprocess.run(
        ["pdftotext", str(theirs / f"{AT_THE_FOOT}.pdf"), "-"], capture_output=True, text=True
    )
    *_, last = [page for page in text.stdout.split("\f") if page.strip()]
    assert "2026年12月20日" in last.replace(" ", "")
    assert last.count("国") >= 2 * FULL_LINE, "the signature is alone on its page in LibreOffice"
