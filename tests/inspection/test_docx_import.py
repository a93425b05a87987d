"""Importing a material from a Word file (.docx): Word's automatic numbering read from numbering.xml,
tables left out with a warning, images ignored, .doc refused with advice; import → export round-trips."""

import io
import shutil
import subprocess
import zipfile
from pathlib import Path

import docx
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse
from docx import Document as read_docx

from documents import office_file, word_reader
from documents.export import export
from documents.word_reader import WordFileError, format_number
from documents.word_reader import read_docx as read_word
from inspection import services
from inspection.models import Draft, DraftKind
from inspection.parser import classify

from .word_files import NUM_ID, STRAIGHT, add_outline_list, number_paragraph, word_file

SEED = Path(__file__).parent / "data" / "seed_004_outline.txt"


def seed_lines():
    return [line.strip() for line in SEED.read_text(encoding="utf-8").splitlines() if line.strip()]


def seed_as_typed_in_word():
    """Seed 004 as an office types it: "一、" "（一）" "1." are Word's list numbers, not text.

    The problems' "1." run straight through the groups (a list of its own, as in the seed); "一是" is
    typed, as it always is."""
    out = []
    for line in seed_lines():
        kind, _marker, body = classify(line)
        if kind == "level1":
            out.append((body, 0))
        elif kind == "level2":
            out.append((body, 1))
        elif kind == "arabic":
            out.append((body, 0, STRAIGHT))
        else:
            out.append(line)
    return out


def paragraphs_of(data):
    return read_word("材料.docx", data).paragraphs


# --- Word's numbering --------------------------------------------------------------------------


def test_automatic_numbers_are_rendered_from_numbering_xml_before_the_text():
    data = word_file(
        [
            "发言提纲",
            ("存在的主要问题", 0),
            ("在学习方面。", 1),
            ("学习不够。", 2),
            ("调研不够。", 2),
            ("在作风方面。", 1),  # a higher level advances: "1." starts again
            ("作风不实。", 2),
            ("原因剖析", 0),  # and "（一）" starts again under "二、"
            ("理想信念不牢。", 1),
        ]
    )
    assert paragraphs_of(data) == [
        "发言提纲",
        "一、存在的主要问题",
        "（一）在学习方面。",
        "1.学习不够。",
        "2.调研不够。",
        "（二）在作风方面。",
        "1.作风不实。",
        "二、原因剖析",
        "（一）理想信念不牢。",
    ]
    # The numbers really are Word's: the text of the paragraphs has none.
    texts = [p.text for p in docx.Document(io.BytesIO(data)).paragraphs]
    assert "存在的主要问题" in texts and "一、存在的主要问题" not in texts


def test_a_list_restarted_in_word_starts_again_and_a_straight_list_runs_through_headings():
    document = docx.Document()
    add_outline_list(document)
    add_outline_list(document, "91", "91", levels=(("decimal", "%1."),))
    add_outline_list(document, "90", "92", restart=True)  # "重新开始于一": a new w:num, same definition
    for text, level, num_id in [
        ("问题", 0, NUM_ID),
        ("甲", 0, "91"),
        ("乙", 0, "91"),
        ("原因", 0, NUM_ID),
        ("丙", 0, "91"),
        ("另起", 0, "92"),
    ]:
        number_paragraph(document.add_paragraph(text), level, num_id)
    out = io.BytesIO()
    document.save(out)
    assert paragraphs_of(out.getvalue()) == ["一、问题", "1.甲", "2.乙", "二、原因", "3.丙", "一、另起"]


def test_numbering_given_by_the_paragraph_style_is_rendered_too():
    document = docx.Document()
    for text in ("甲", "乙"):
        document.add_paragraph(text, style="List Number")
    document.add_paragraph("圆点", style="List Bullet")  # a bullet is not a number
    out = io.BytesIO()
    document.save(out)
    assert paragraphs_of(out.getvalue()) == ["1.甲", "2.乙", "圆点"]


@pytest.mark.parametrize(
    "value, number_format, expected",
    [
        (3, "chineseCounting", "三"),
        (12, "chineseCounting", "十二"),
        (10, "chineseCountingThousand", "十"),
        (11, "taiwaneseCountingThousand", "十一"),  # as LibreOffice saves "一, 二, 三"
        (10, "ideographDigital", "一〇"),
        (2, "ideographTraditional", "乙"),
        (12, "decimal", "12"),
        (3, "decimalEnclosedCircle", "③"),
        (4, "decimalFullWidth", "４"),
        (2, "lowerLetter", "b"),
        (4, "upperRoman", "IV"),
        (5, "bullet", ""),
    ],
)
def test_number_formats_print_as_word_draws_them(value, number_format, expected):
    assert format_number(value, number_format) == expected


@pytest.mark.skipif(not shutil.which("soffice"), reason="LibreOffice is not installed")
def test_numbering_as_libreoffice_saves_it_back_reads_the_same(tmp_path):
    """The numbering XML of another writer (LibreOffice, as WPS users' files often are) reads the same."""
    (tmp_path / "提纲.docx").write_bytes(word_file(seed_as_typed_in_word()))
    profile = f"-env:UserInstallation=file://{tmp_path}/profile"
    for target, source, folder in (("odt", "提纲.docx", "."), ("docx:MS Word 2007 XML", "提纲.odt", "out")):
        subprocess.run(
            ["soffice", profile, "--headless", "--convert-to", target, "--outdir", folder, source],
            cwd=tmp_path,
            capture_output=True,
            timeout=180,
            check=True,
        )
    saved = (tmp_path / "out" / "提纲.docx").read_bytes()
    numbering = zipfile.ZipFile(io.BytesIO(saved)).read("word/numbering.xml")
    assert b"taiwaneseCountingThousand" in numbering  # not python-docx's XML any more
    assert paragraphs_of(saved) == seed_lines()


def test_tables_are_left_out_with_a_warning_and_images_ignored():
    result = read_word("材料.docx", word_file(["标题发言提纲", "开头。", "结尾。"], tables=2, image=True))

    assert result.paragraphs == ["标题发言提纲", "开头。", "结尾。"]
    assert result.warnings == [
        "第1个表格未导入（表格中的文字请复制到正文段落后再导入）。",
        "第2个表格未导入（表格中的文字请复制到正文段落后再导入）。",
    ]


# --- files that are not a .docx ------------------------------------------------------------------


OLE_FILE = word_reader.OLE_MAGIC + b"\x00" * 512


@pytest.mark.parametrize(
    "name, content", [("提纲.doc", OLE_FILE), ("提纲.docx", OLE_FILE), ("提纲.doc", b"")]
)
def test_an_old_doc_is_refused_with_save_as_docx(name, content):
    with pytest.raises(WordFileError, match="请在Word中另存为.docx后再导入"):
        read_word(name, content)


def test_a_zip_bomb_is_refused_before_it_is_unpacked():
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("word/document.xml", b" " * (word_reader.MAX_UNPACKED_BYTES + 1))
    assert len(out.getvalue()) < 1024 * 1024
    with pytest.raises(WordFileError, match="解压后的内容超出限制"):
        read_word("提纲.docx", out.getvalue())


def test_a_file_too_large_and_a_renamed_file_are_refused():
    with pytest.raises(WordFileError, match="文件超过10 MB"):
        read_word("提纲.docx", office_file.ZIP_MAGIC + b"\x00" * word_reader.MAX_BYTES)
    with pytest.raises(WordFileError, match="不是Word文档"):
        read_word("提纲.docx", "纯文本".encode())
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("xl/workbook.xml", b"<workbook/>")
    with pytest.raises(WordFileError, match="不是Word文档"):
        read_word("提纲.docx", out.getvalue())


# --- import_draft and the import page ------------------------------------------------------------


def run(*args):
    out = io.StringIO()
    call_command("import_draft", *[str(arg) for arg in args], stdout=out, stderr=io.StringIO())
    return out.getvalue()


def exported_paragraphs(meeting, member, tmp_path):
    path = tmp_path / "outline.docx"
    path.write_bytes(export("personal-outline", meeting, "docx", member=member).content)
    return [p.text.replace("\n", "") for p in read_docx(path).paragraphs if p.text.strip()]


def test_import_draft_reads_a_docx_with_word_numbering_and_it_round_trips(world, tmp_path):
    path = tmp_path / "发言提纲.docx"
    path.write_bytes(word_file(seed_as_typed_in_word(), tables=1))

    output = run(world.meeting.pk, "--member", world.member.pk, path)

    assert "已导入：5个方面、17个问题、4条原因、5条措施，保存为第1版。" in output
    assert "第1个表格未导入" in output
    draft = Draft.objects.get(meeting=world.meeting, kind=DraftKind.PERSONAL, author=world.member)
    assert draft.content["title"] == seed_lines()[0]
    # import → export → the same paragraphs in order (the outline adds its author's name under the title).
    title, *text = seed_lines()
    assert exported_paragraphs(world.meeting, world.member, tmp_path) == [title, world.member.name, *text]


def test_import_draft_refuses_a_doc_file_with_advice(world, tmp_path):
    path = tmp_path / "发言提纲.doc"
    path.write_bytes(OLE_FILE)
    with pytest.raises(CommandError, match="请在Word中另存为.docx后再导入"):
        run(world.meeting.pk, "--member", world.member.pk, path)


def test_the_import_page_reads_a_docx_and_shows_its_numbered_text_in_the_box(world, login):
    draft = services.draft_for(world.meeting, world.member)
    upload = SimpleUploadedFile("发言提纲.docx", word_file(seed_as_typed_in_word(), tables=1))
    response = login(world.member).post(
        reverse("draft_import", args=[world.meeting.pk, draft.pk]), {"file": upload, "action": "preview"}
    )

    body = response.content.decode()
    assert "5个方面、17个问题、4条原因、5条措施" in body
    assert "第1个表格未导入" in body
    # The text with Word's numbers goes into the box, so that "确认导入" saves what was previewed.
    assert response.context["form"].initial["text"].split("\n") == seed_lines()


def test_the_import_page_refuses_a_doc_file_with_advice(world, login):
    draft = services.draft_for(world.meeting, world.member)
    upload = SimpleUploadedFile("发言提纲.doc", OLE_FILE)
    response = login(world.member).post(
        reverse("draft_import", args=[world.meeting.pk, draft.pk]), {"file": upload, "action": "preview"}
    )
    assert "请在Word中另存为.docx后再导入" in response.content.decode()


def test_our_own_exported_outline_imports_back_to_the_same_content(world, tmp_path):
    """export → import → export: a material we printed (its title broken over lines) reads back as it was."""
    path = tmp_path / "发言提纲.txt"
    path.write_text(SEED.read_text(encoding="utf-8"), encoding="utf-8")
    run(world.meeting.pk, "--member", world.member.pk, path)
    printed = exported_paragraphs(world.meeting, world.member, tmp_path)
    exported = tmp_path / "exported.docx"
    exported.write_bytes(export("personal-outline", world.meeting, "docx", member=world.member).content)
    draft = Draft.objects.get(meeting=world.meeting, kind=DraftKind.PERSONAL, author=world.member)
    before = draft.content

    output = run(world.meeting.pk, "--member", world.member.pk, exported)

    draft.refresh_from_db()
    assert "未识别到标题" not in output
    assert draft.content["title"] == before["title"]
    assert exported_paragraphs(world.meeting, world.member, tmp_path) == printed
