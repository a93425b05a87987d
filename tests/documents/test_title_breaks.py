"""A title of more than one line breaks 词意完整，排列对称，梯形或菱形 (GB/T 9704-2012 §7.3.1, issue 15 item 1):
only between the parts of the title, the lines as even as they can be with the upper line not longer
than the lower (or, on three lines, the middle longest), each within the type area; the .docx and the
PDF break at the same places."""

import io
import itertools
import re
import subprocess

import pytest
from docx import Document as read_docx

from documents.exporters import EXPORTERS
from documents.render_docx import render_docx
from documents.render_pdf import render_pdf
from documents.titles import Title, TitlePart, break_points, meeting_part, team_part, title_chars, title_lines
from documents.tree import Bundle, Document, Paragraph, text_width
from meetings.models import Meeting

# The nine titles in the 目录 of seed 003, each broken as a clerk would file it.
SEED_TITLES = {
    "XX街道党史学习教育五个带头专题民主生活会实施方案": [
        "XX街道党史学习教育",
        "五个带头专题民主生活会实施方案",
    ],
    "XX市医疗保障局党史学习教育五个带头专题民主生活会工作方案": [
        "XX市医疗保障局党史学习教育",
        "五个带头专题民主生活会工作方案",
    ],
    "XX同志党史学习教育专题民主生活会发言提纲": ["XX同志党史学习教育专题民主生活会发言提纲"],
    "XX县综合行政执法局党组党史学习教育五个带头专题民主生活会实施方案": [
        "XX县综合行政执法局党组",
        "党史学习教育五个带头",
        "专题民主生活会实施方案",
    ],
    "XX乡村振兴局2021年度县处级以上党员领导干部党史学习教育专题民主生活会工作方案": [
        "XX乡村振兴局2021年度",
        "县处级以上党员领导干部",
        "党史学习教育专题民主生活会工作方案",
    ],
    '机关党员干部党史学习教育专题民主生活会"五个带头"对照检查发言': [
        "机关党员干部党史学习教育",
        '专题民主生活会"五个带头"对照检查发言',
    ],
    '领导班子成员党史学习教育专题民主生活会"五个带头"对照检查发言提纲': [
        "领导班子成员党史学习教育",
        '专题民主生活会"五个带头"对照检查发言提纲',
    ],
    "2021年度年末专题民主生活会实施方案（五个带头）": ["2021年度年末", "专题民主生活会实施方案（五个带头）"],
    "中共XX省XXX党组党史学习教育五个带头专题民主生活会方案": [
        "中共XX省XXX党组",
        "党史学习教育五个带头专题民主生活会方案",
    ],
}

# Words no line boundary may fall inside, whatever the parts say: the names of the documents, the
# meeting, the campaign, the teams of the demo.
WORDS = re.compile(
    r"实施方案|工作方案|征求意见建议汇总|征求意见建议反馈表|对照检查材料|对照检查发言提纲|发言提纲|会议记录|整改清单|"
    r"整改措施落实情况的通报|情况的通报|情况的报告|谈心谈话情况|会前学习情况|专题民主生活会|民主生活会|"
    r"党史学习教育|巡视整改|五个带头|\d{4}年度?|(?<=同志在)?[^，。、\s在]{2,}(?:常委班子|党组)|材料汇编|（[^）]*）|“[^”]*”|\"[^\"]*\""
)


def word_spans(text):
    return [range(m.start() + 1, m.end()) for m in WORDS.finditer(text)]


def boundaries(lines):
    return list(itertools.accumulate(len(line) for line in lines[:-1]))


def assert_well_broken(title, landscape=False):
    lines = title_lines(title, landscape)
    assert "".join(lines) == title
    points, _ = break_points(title)
    for boundary in boundaries(lines):
        assert boundary in points, (title, lines)
        assert not any(boundary in span for span in word_spans(title)), (title, lines)
    widths = [text_width(line) for line in lines]
    assert max(widths) <= title_chars(landscape), (title, lines)
    if len(lines) == 2:
        assert widths[0] <= widths[1], (title, lines)  # 梯形: 上短下长
    if len(lines) == 3:
        trapezoid = widths[0] <= widths[1] <= widths[2]
        diamond = widths[1] >= max(widths[0], widths[2])
        assert trapezoid or diamond or max(widths) - min(widths) <= 1, (title, lines)
    assert len(lines) <= 4
    return lines


def test_the_title_line_holds_twenty_2hao_characters_in_the_type_area():
    # 156 mm = 442.2 pt: 20 characters of 22 pt (440 pt); landscape's 243 mm = 688.8 pt: 31.
    assert title_chars() == 20
    assert title_chars(landscape=True) == 31


@pytest.mark.parametrize("title", list(SEED_TITLES))
def test_the_nine_titles_of_seed_003_break_between_words_into_a_trapezoid(title):
    assert assert_well_broken(title) == SEED_TITLES[title]


def test_a_title_that_fits_stays_on_one_line():
    assert title_lines("云岭县委常委班子2026年度民主生活会") == ["云岭县委常委班子2026年度民主生活会"]
    assert title_lines("征求意见建议反馈表（林书记同志）") == ["征求意见建议反馈表（林书记同志）"]


def test_the_meeting_breaks_only_after_its_year_or_before_its_kind():
    part = meeting_part("2026年度党史学习教育专题民主生活会")
    assert [part.text[:b] for b in part.breaks] == ["2026年度", "2026年度党史学习教育"]
    assert meeting_part("2026年巡视整改专题民主生活会").breaks == (5, 9)
    assert meeting_part("2026年度民主生活会").breaks == (6,)


def test_the_exporters_parts_break_where_the_words_end_not_inside_them():
    # The three of issue 15: "…实施 / 方案", "…征求 / 意见建议汇总", "…民主生活 / 会对照检查材料".
    team, meeting = "云岭县委常委班子", meeting_part("2026年度党史学习教育专题民主生活会")
    assert title_lines(Title(team, meeting, "实施方案")) == [
        "云岭县委常委班子2026年度",
        "党史学习教育专题民主生活会实施方案",
    ]
    assert title_lines(Title.format("{team}{meeting}征求意见建议汇总", team=team, meeting=meeting)) == [
        "云岭县委常委班子2026年度",
        "党史学习教育专题民主生活会",
        "征求意见建议汇总",
    ]
    typed = Title.within(
        "云岭县委常委班子2026年度民主生活会对照检查材料", team, meeting_part("2026年度民主生活会")
    )
    assert title_lines(typed) == ["云岭县委常委班子", "2026年度民主生活会对照检查材料"]


@pytest.mark.parametrize("document", ["会议方案", "整改清单", "对照检查材料", "征求意见建议汇总"])
def test_a_long_teams_name_breaks_before_its_班子_rather_than_print_the_upper_line_longer(document):
    title = Title(
        team_part("江城市住房和城乡建设局党组领导班子"), meeting_part("2026年度民主生活会"), document
    )
    assert len(assert_well_broken(title)) == 2


def test_a_bureau_and_its_党组_never_part_even_if_the_upper_line_must_be_the_longer():
    title = Title(team_part("江城市人力资源和社会保障局党组"), meeting_part("2026年度民主生活会"), "会议方案")
    assert title_lines(title) == ["江城市人力资源和社会保障局党组", "2026年度民主生活会会议方案"]


def test_a_members_outline_breaks_after_同志在_and_between_the_teams_words():
    title = Title(
        "严志刚同志在", team_part("江城市交通运输局党组"), meeting_part("2026年度民主生活会"), "上的发言提纲"
    )
    assert assert_well_broken(title) == [
        "严志刚同志在",
        "江城市交通运输局党组2026年度",
        "民主生活会上的发言提纲",
    ]


def test_a_part_with_no_break_points_is_never_broken_even_if_the_lines_would_be_more_even():
    title = Title(TitlePart("一二三四五六七八九十一二三四五六七八九十一二"), "方案")
    assert title_lines(title) == [str(title)]  # no arrangement fits: it wraps as it falls


def test_a_title_keeps_its_parts_through_a_copy_as_the_fingerprint_makes():
    import copy
    import pickle

    title = Title("云岭县委常委班子", meeting_part("2026年度民主生活会"), "对照检查材料")
    assert copy.deepcopy(title).parts == title.parts
    assert pickle.loads(pickle.dumps(title)).parts == title.parts
    assert Document(title=title) == Document(title=str(title))


# --- every exporter's title for the demo's meetings, read back from the .docx and the PDF ------------


def demo_documents():
    """(label, tree) for every document the exporters make of the demo's meetings that can be made."""
    documents = []
    for meeting in Meeting.objects.select_related("organisation").order_by("pk"):
        member = meeting.people.filter(user__isnull=False).first()
        for kind, exporter in EXPORTERS.items():
            options = {}
            if exporter.needs_member:
                if member is None:
                    continue
                options["member"] = member.user
            if exporter.needs_viewer:
                options["viewer"] = None
            try:
                tree = exporter.build(meeting, **options)
            except Exception:  # a meeting that has not reached this document: the kinds are counted below
                continue
            if isinstance(tree, Bundle):
                documents.append((f"{meeting.pk} bundle cover", Document(title=tree.title)))
                documents.extend((f"{meeting.pk} bundle {n}", piece) for n, piece in enumerate(tree.pieces))
            else:
                documents.append((f"{meeting.pk} {kind}", tree))
    return documents


@pytest.fixture
def demo_trees(seeded_demo):
    documents = demo_documents()
    kinds = {label.split(" ", 1)[1] for label, _ in documents}
    assert {kind for kind in EXPORTERS if kind != "bundle"} <= kinds
    assert "bundle cover" in kinds
    assert any("会前学习情况" in tree.title for _, tree in documents)  # study: a piece of the bundle only
    return documents


def test_every_exporters_title_for_the_demo_breaks_between_words_into_a_trapezoid(demo_trees):
    broken = 0
    for _label, tree in demo_trees:
        lines = assert_well_broken(tree.title, tree.landscape)
        broken += len(lines) > 1
    assert broken >= 10  # most of the demo's titles are longer than a line


def docx_title_lines(tree):
    paragraph = read_docx(io.BytesIO(render_docx(tree))).paragraphs[0]
    return paragraph.text.split("\n")


def pdf_title_lines(tree, count, tmp_path):
    path = tmp_path / "title.pdf"
    path.write_bytes(render_pdf(tree))
    text = subprocess.run(
        ["pdftotext", "-l", "1", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    return [line.strip() for line in text.splitlines() if line.strip()][:count]


def test_word_and_the_pdf_break_each_kinds_title_at_the_same_places(demo_trees, tmp_path):
    seen = set()
    for label, tree in demo_trees:
        kind = label.split(" ", 1)[1]
        if kind in seen or kind.startswith("bundle"):
            continue
        seen.add(kind)
        lines = title_lines(tree.title, tree.landscape)
        short = Document(
            title=tree.title, subtitle=tree.subtitle, blocks=[Paragraph("正文。")], landscape=tree.landscape
        )
        assert docx_title_lines(short) == lines, label
        assert pdf_title_lines(short, len(lines), tmp_path) == lines, label


@pytest.mark.parametrize("title", [t for t, lines in SEED_TITLES.items() if len(lines) > 1])
def test_word_and_the_pdf_break_the_seed_titles_at_the_same_places(title, tmp_path):
    tree = Document(title=title, blocks=[Paragraph("正文。")])
    assert docx_title_lines(tree) == SEED_TITLES[title]
    assert pdf_title_lines(tree, len(SEED_TITLES[title]), tmp_path) == SEED_TITLES[title]
