"""python manage.py import_draft: a pasted outline replaces a draft's content as a new version."""

import io
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from inspection.content import paragraphs
from inspection.models import Draft, DraftKind
from meetings.models import Meeting
from meetings.workflow import Stage

SEED = Path(__file__).parent / "data" / "seed_004_outline.txt"


def run(*args):
    out = io.StringIO()
    call_command("import_draft", *[str(arg) for arg in args], stdout=out, stderr=io.StringIO())
    return out.getvalue()


def seed_lines():
    return [line.strip() for line in SEED.read_text(encoding="utf-8").splitlines() if line.strip()]


@pytest.fixture
def outline_file(tmp_path):
    path = tmp_path / "发言提纲.txt"
    path.write_bytes(SEED.read_bytes())
    return path


def outline_of(world, member):
    return Draft.objects.get(meeting=world.meeting, kind=DraftKind.PERSONAL, author=member)


def test_member_outline_is_replaced_by_the_file_as_a_new_version(world, outline_file):
    output = run(world.meeting.pk, "--member", world.member.pk, outline_file)

    draft = outline_of(world, world.member)
    assert "已导入：5个方面、17个问题、4条原因、5条措施，保存为第1版。" in output
    assert draft.version == 1
    # The pasted text has no byline; the outline keeps its author's name under the title.
    title, *text = seed_lines()
    assert paragraphs(draft.content) == [title, world.member.name, *text]
    assert draft.versions.get(number=1).note == "导入"


def test_groups_answer_the_meetings_aspects_in_order(world, outline_file):
    run(world.meeting.pk, "--member", world.member.pk, outline_file)

    orders = [aspect.order for aspect in world.meeting.aspects.order_by("order")]
    expected = (orders + [None] * 5)[:5]
    groups = outline_of(world, world.member).content["problems"]["groups"]
    assert [group["aspect"] for group in groups] == expected


def test_team_flag_imports_the_team_material(world, outline_file):
    output = run(world.meeting.pk, "--team", outline_file)

    draft = Draft.objects.get(meeting=world.meeting, kind=DraftKind.TEAM)
    assert "保存为第1版" in output
    assert paragraphs(draft.content) == seed_lines()


def test_second_import_saves_the_next_version(world, outline_file):
    run(world.meeting.pk, "--member", world.member.pk, outline_file)

    output = run(world.meeting.pk, "--member", world.member.pk, outline_file)

    assert "保存为第2版" in output
    assert outline_of(world, world.member).version == 2


def test_user_option_is_recorded_as_who_saved(world, outline_file):
    run(world.meeting.pk, "--member", world.member.pk, outline_file, "--user", world.member.username)

    assert outline_of(world, world.member).versions.get(number=1).by == world.member


@pytest.mark.parametrize("encoding", ["utf-8-sig", "gb18030", "utf-16"])
def test_file_saved_by_word_in_utf8_with_bom_gbk_or_unicode_is_read(world, tmp_path, encoding):
    path = tmp_path / "提纲.txt"
    path.write_bytes(SEED.read_text(encoding="utf-8").replace("\n", "\r\n").encode(encoding))

    run(world.meeting.pk, "--member", world.member.pk, path)

    title, *text = seed_lines()
    assert paragraphs(outline_of(world, world.member).content) == [title, world.member.name, *text]


def test_warnings_are_printed_after_the_import(world, tmp_path):
    path = tmp_path / "提纲.txt"
    path.write_text(
        "标题\n一、存在的主要问题\n（一）在学习方面。\n1.学习不够。\n二、其他说明\n补充。\n", encoding="utf-8"
    )

    output = run(world.meeting.pk, "--member", world.member.pk, path)

    assert "提示：第5段的标题“其他说明”未能识别属于哪一部分，已作为正文保留。" in output
    assert "已导入：1个方面、1个问题、0条原因、0条措施，保存为第1版。" in output


def test_unknown_meeting_is_refused(world, outline_file):
    with pytest.raises(CommandError, match="找不到编号为999999的会议"):
        run(999999, "--team", outline_file)


def test_unknown_member_is_refused(world, outline_file):
    with pytest.raises(CommandError, match="找不到编号为999999的人员"):
        run(world.meeting.pk, "--member", 999999, outline_file)


@pytest.mark.parametrize("person", ["office", "other_member", "outsider"])
def test_person_outside_the_leadership_team_has_no_outline_to_import(world, outline_file, person):
    with pytest.raises(CommandError, match="不是.*领导班子成员"):
        run(world.meeting.pk, "--member", getattr(world, person).pk, outline_file)

    assert not Draft.objects.filter(meeting=world.meeting, author=getattr(world, person)).exists()


def test_secretary_is_in_the_leadership_team(world, outline_file):
    run(world.meeting.pk, "--member", world.secretary.pk, outline_file)

    assert outline_of(world, world.secretary).version == 1


@pytest.mark.parametrize("choice", [["--team", "--member", "1"], []])
def test_exactly_one_of_team_and_member_is_required(world, outline_file, choice):
    with pytest.raises(CommandError, match="二者选一"):
        run(world.meeting.pk, *choice, outline_file)


def test_missing_file_is_refused(world, tmp_path):
    with pytest.raises(CommandError, match="无法读取文件"):
        run(world.meeting.pk, "--team", tmp_path / "没有这个文件.txt")


def test_file_in_an_unknown_encoding_is_refused(world, tmp_path):
    path = tmp_path / "乱码.txt"
    path.write_bytes(b"\xff\xff\x80\x80\xff")

    with pytest.raises(CommandError, match="无法识别文件.*的编码"):
        run(world.meeting.pk, "--team", path)


def test_locked_draft_is_refused_with_the_reason(world, outline_file):
    Meeting.objects.filter(pk=world.meeting.pk).update(stage=Stage.MEETING)

    with pytest.raises(CommandError, match="未能导入：会议已召开"):
        run(world.meeting.pk, "--member", world.member.pk, outline_file)

    assert outline_of(world, world.member).version == 0
