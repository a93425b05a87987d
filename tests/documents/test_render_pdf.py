"""The PDF as a reader gets it: embedded CJK fonts, the text, 22 lines of 28 characters, page numbers."""

import re
import subprocess

import pytest

from documents import fonts
from documents.render_pdf import render_html, render_pdf
from documents.tree import Document, Paragraph, Table

from . import samples


def tool(*args):
    """Run a poppler tool; a missing tool is a failure, never a skip."""
    return subprocess.run([str(a) for a in args], capture_output=True, text=True, check=True).stdout


@pytest.fixture(scope="module")
def plan_pdf(tmp_path_factory):
    path = tmp_path_factory.mktemp("pdf") / "plan.pdf"
    path.write_bytes(render_pdf(samples.plan()))
    return path


@pytest.fixture(scope="module")
def long_pdf(tmp_path_factory):
    path = tmp_path_factory.mktemp("pdf") / "long.pdf"
    path.write_bytes(render_pdf(samples.long_text(pages=3)))
    return path


def embedded_fonts(path):
    """{font name without subset prefix: embedded?} from pdffonts."""
    rows = tool("pdffonts", path).splitlines()[2:]
    return {row.split()[0].split("+")[-1]: row.split()[-5] == "yes" for row in rows}


def test_cjk_fonts_are_embedded_one_per_role(plan_pdf):
    found = embedded_fonts(plan_pdf)
    assert all(found.values()), found
    assert "FandolFang" in found  # body 仿宋
    assert "FandolKai" in found  # level-2 headings, leads and the date line 楷体
    assert "Noto-Sans-CJK-SC" in found  # level-1 headings 黑体
    assert "Noto-Serif-CJK-SC-Bold" in found  # title 小标宋
    assert "Noto-Serif-CJK-SC" in found  # page numbers 宋体


def test_text_comes_back_with_title_paragraphs_and_page_number(plan_pdf):
    text = tool("pdftotext", plan_pdf, "-")
    compact = "".join(text.split())
    for expected in [samples.TITLE, samples.BODY, samples.LEAD, "一是在加强政治理论学习方面", "学习不够深入"]:
        assert expected in compact, expected
    assert "中共XX街道工作委员会" in compact and "2022年1月20日" in compact
    assert "— 1 —" in text


def test_a_full_page_holds_22_lines_of_28_characters(long_pdf):
    page = tool("pdftotext", "-layout", "-f", "2", "-l", "2", long_pdf, "-")
    lines = ["".join(line.split()) for line in page.splitlines() if line.strip()]
    body, number = lines[:-1], lines[-1]
    assert len(body) == 22
    assert {len(line) for line in body} == {28}
    assert number == "—2—"


def test_page_is_a4_or_a4_landscape(plan_pdf, tmp_path):
    assert "595.276 x 841.89 pts (A4)" in tool("pdfinfo", plan_pdf)
    document = samples.plan()
    document.landscape = True
    path = tmp_path / "landscape.pdf"
    path.write_bytes(render_pdf(document))
    assert "841.89 x 595.276 pts (A4)" in tool("pdfinfo", path)


def test_table_header_repeats_on_every_page(tmp_path):
    rows = [[str(n), "学习不够深入，联系实际不够紧密，" * 2, "林书记"] for n in range(1, 61)]
    path = tmp_path / "table.pdf"
    path.write_bytes(
        render_pdf(Document("整改清单", blocks=[Table(["序号", "问题", "责任人"], rows, [15, 110, 31])]))
    )
    pages = tool("pdftotext", path, "-").split("\f")
    pages = [page for page in pages if page.strip()]
    assert len(pages) >= 2
    for page in pages:
        assert "责任人" in page
    assert "60" in pages[-1]


def test_html_is_chinese_and_escaped():
    html = render_html(Document("标题<script>alert(1)</script>", blocks=[Paragraph("A&B <b>x</b>")]))
    assert '<html lang="zh-CN">' in html
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert "A&amp;B &lt;b&gt;x&lt;/b&gt;" in html
    assert re.search(r'<link rel="stylesheet" href="/static/documents/gongwen\.css">', html)


def test_free_fonts_stand_in_for_the_official_names():
    assert fonts.missing_fonts() == []
    matched = fonts.matched_fonts()
    # Only the Regular Fandol files: the Bold ones used to be picked for normal text.
    assert matched["仿宋_GB2312"][1].endswith("/FandolFang-Regular.otf")
    assert matched["楷体_GB2312"][1].endswith("/FandolKai-Regular.otf")
    assert matched["方正小标宋简体"][1].endswith("NotoSerifCJK-Bold.ttc")


def test_without_the_fonts_pdf_still_renders_and_the_gap_is_reported(settings, tmp_path, monkeypatch):
    # Restore the environment configure() rewrites once the test is over.
    monkeypatch.setenv("FONTCONFIG_FILE", "")
    monkeypatch.setenv("FONTCONFIG_PATH", "")
    conf = tmp_path / "fonts.conf"
    conf.write_text(
        '<?xml version="1.0"?><fontconfig><include ignore_missing="yes">/etc/fonts/fonts.conf</include>'
        "<selectfont><rejectfont><glob>*/Fandol*</glob><glob>*/NotoS*CJK*</glob></rejectfont></selectfont>"
        "</fontconfig>"
    )
    settings.FONTCONFIG_FILE = conf
    assert fonts.missing_fonts() == ["FandolFang", "FandolKai", "Noto Sans CJK SC", "Noto Serif CJK SC"]
    assert render_pdf(samples.plan()).startswith(b"%PDF")


def test_strong_run_is_bold_between_the_lead_and_the_text():
    html = render_html(Document("标题", blocks=[Paragraph("表现&", lead="（一）", strong="1.<概括>")]))
    assert (
        '<p><span class="lead">（一）</span><strong class="strong">1.&lt;概括&gt;</strong>表现&amp;</p>'
        in html
    )


def test_bold_run_keeps_22_lines_of_28_characters(tmp_path):
    # One paragraph whose bold run ends halfway down page 2: bold and regular lines share the page.
    document = Document("版心测试", blocks=[Paragraph(samples.PLAIN * 30, strong=samples.PLAIN * 20)])
    path = tmp_path / "strong.pdf"
    path.write_bytes(render_pdf(document))
    page = tool("pdftotext", "-layout", "-f", "2", "-l", "2", path, "-")
    lines = ["".join(line.split()) for line in page.splitlines() if line.strip()]
    body, number = lines[:-1], lines[-1]
    assert len(body) == 22
    assert {len(line) for line in body} == {28}
    assert number == "—2—"
