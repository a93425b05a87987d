"""An opinion summary typed in Word (.docx, DESIGN §3's shape) → opinions: all or nothing, every paragraph
that fits nowhere listed by its number; our own summary export imports back to the same opinions."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse
from docx import Document as read_docx

from documents.export import export
from documents.word_reader import OLE_MAGIC
from feedback import importer, services
from feedback.models import Opinion, OpinionStatus
from tests.inspection.word_files import word_file

from .factories import opinions


@pytest.fixture
def meeting(world):
    services.create_default_choices(world.meeting)
    return world.meeting


def summary_paragraphs(meeting, tmp_path, name="summary.docx"):
    path = tmp_path / name
    path.write_bytes(export("opinions-summary", meeting, "docx").content)
    return path.read_bytes(), [p.text for p in read_docx(path).paragraphs if p.text.strip()]


def as_read(meeting):
    return [
        (o.text, o.aspect_id, o.category_id, o.addressee_id, o.status)
        for o in meeting.opinions.order_by("aspect__order", "category__order", "pk")
    ]


def run(meeting, content, by, name="汇总.docx", **options):
    return importer.import_opinions(meeting, name, content, by, **options)


def test_our_own_summary_imports_back_to_the_same_opinions_and_exports_the_same_paragraphs(
    world, meeting, tmp_path
):
    categories = list(meeting.source_categories.all())
    channel = meeting.channels.first()
    opinions(meeting, 7, text="党员意见", category=categories[0], channel=channel)
    opinions(meeting, 3, text="群众意见", category=categories[-1], channel=channel)
    opinions(meeting, 2, text="涉及个人", category=categories[0], channel=channel, addressee=world.members[1])
    before = as_read(meeting)
    content, printed = summary_paragraphs(meeting, tmp_path)
    Opinion.objects.filter(meeting=meeting).delete()

    result = run(meeting, content, world.office, channel=channel.name)

    assert result.ok, [str(p) for p in result.problems]
    assert result.saved == 12
    assert as_read(meeting) == before
    assert set(meeting.opinions.values_list("channel", flat=True)) == {channel.pk}
    # import → export → the same paragraphs in order.
    assert summary_paragraphs(meeting, tmp_path, "again.docx")[1] == printed


def test_a_summary_numbered_by_word_is_read_with_its_numbers(world, meeting):
    aspects = list(meeting.aspects.all())
    data = word_file(
        [
            "征求意见建议汇总",
            "为开好民主生活会，共征求到意见建议3条，具体如下：",
            (f"{aspects[0].name}方面。", 0),
            ("党员意见建议：", 1),
            ("理论学习不够深入系统。", 2),
            ("调研不够深入。", 2),
            (f"{aspects[1].name}方面。", 0),
            ("群众意见建议：", 1),
            (f"窗口服务态度有待改进（涉及{world.members[1].name}同志）。", 2),
            "县委办公室",
            "2026年12月2日",
        ]
    )

    result = run(meeting, data, world.office, channel="座谈会")

    assert result.ok, [str(p) for p in result.problems]
    saved = list(meeting.opinions.order_by("pk"))
    assert [(o.text, o.aspect, o.category.name, o.addressee) for o in saved] == [
        ("理论学习不够深入系统。", aspects[0], "党员", None),
        ("调研不够深入。", aspects[0], "党员", None),
        ("窗口服务态度有待改进。", aspects[1], "群众", world.members[1]),
    ]
    assert {o.status for o in saved} == {OpinionStatus.ACCEPTED}


def test_every_paragraph_that_fits_nowhere_is_listed_and_nothing_is_saved(world, meeting):
    aspects = list(meeting.aspects.all())
    data = word_file(
        [
            "征求意见建议汇总",  # 1
            f"一、{aspects[0].name}方面。",  # 2
            "1.没有类别标题的意见。",  # 3
            "（一）党员意见建议：",  # 4
            "1.学习不够。",  # 5
            "这一段没有编号。",  # 6
            "（二）外星人意见建议：",  # 7
            "1.类别不对的意见。",  # 8
            "2.类别不对的又一条意见。",  # 9
            "二、不存在的方面。",  # 10
            "（一）干部意见建议：",  # 11
            "1.方面不对的意见。",  # 12
        ],
        tables=1,
    )

    result = run(meeting, data, world.office, channel="座谈会")

    assert not result.ok and result.saved == 0
    assert not meeting.opinions.exists()
    messages = [str(problem) for problem in result.problems]
    assert messages[0].startswith("第1个表格未导入")
    assert [p.row for p in result.problems[1:]] == [3, 6, 7, 10]
    assert "不知来源类别" in messages[1]
    assert "不知是新的一条意见还是上一条的继续" in messages[2]
    assert messages[3].startswith("第7段 类别：找不到类别“外星人”")
    assert messages[4].startswith("第10段 方面：找不到方面“不存在的方面”")


def test_a_word_summary_needs_the_channel_its_opinions_came_through(world, meeting):
    aspects = list(meeting.aspects.all())
    data = word_file([f"一、{aspects[0].name}方面。", "（一）党员意见建议：", "学习不够。"])

    result = run(meeting, data, world.office)

    assert [str(p) for p in result.problems] == [importer.NO_CHANNEL]
    assert not meeting.opinions.exists()


def test_a_doc_summary_is_refused_with_save_as_docx(world, meeting):
    result = run(meeting, OLE_MAGIC + b"\x00" * 100, world.office, name="汇总.doc", channel="座谈会")
    assert "请在Word中另存为.docx后再导入" in str(result.problems[0])


def test_the_import_page_takes_a_word_summary_and_lists_paragraph_problems(world, meeting, login):
    aspects = list(meeting.aspects.all())
    client = login(world.office)
    url = reverse("opinion_import", args=[meeting.pk])
    bad = word_file([f"一、{aspects[0].name}方面。", "1.没有类别。"])
    response = client.post(url, {"file": SimpleUploadedFile("汇总.docx", bad), "channel": "座谈会"})
    body = response.content.decode()
    assert "第2段" in body and "不知来源类别" in body
    assert not meeting.opinions.exists()

    good = word_file([f"一、{aspects[0].name}方面。", "（一）党员意见建议：", "1.学习不够。", "2.调研不够。"])
    response = client.post(url, {"file": SimpleUploadedFile("汇总.docx", good), "channel": "座谈会"})
    assert response.status_code == 302
    assert list(meeting.opinions.order_by("pk").values_list("text", "channel__name")) == [
        ("学习不够。", "座谈会"),
        ("调研不够。", "座谈会"),
    ]


def test_import_opinions_command_reads_a_word_summary_with_its_channel(world, meeting, tmp_path):
    aspects = list(meeting.aspects.all())
    path = tmp_path / "汇总.docx"
    path.write_bytes(word_file([f"一、{aspects[0].name}方面。", "（一）党员意见建议：", "学习不够。"]))
    with pytest.raises(CommandError):
        call_command(
            "import_opinions", str(meeting.pk), str(path), stdout=io.StringIO(), stderr=io.StringIO()
        )
    out = io.StringIO()
    call_command("import_opinions", str(meeting.pk), str(path), "--channel", "座谈会", stdout=out)
    assert "已导入1条意见建议" in out.getvalue()
