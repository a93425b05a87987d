"""The importer of pasted outlines: seed 004 must reprint exactly; other shapes must land sensibly."""

import random
import re
from collections import Counter
from pathlib import Path
from types import SimpleNamespace

import pytest

from inspection.content import MAX_ITEMS, MAX_TEXT, normalise, paragraphs, problems
from inspection.parser import parse_outline

SEED = Path(__file__).parent / "data" / "seed_004_outline.txt"

# The shapes of seed 003: "**…**" headings, inline "一是…二是…" problems (in the group's heading
# paragraph, or in a paragraph of their own), causes numbered "1\." alone on a line, measures "（一）".
SEED_003_SHAPE = """# **机关党员干部专题民主生活会"五个带头"对照检查发言**

根据通知要求，我认真研读了有关材料，现将有关情况汇报如下，请大家批评指正：

**一、存在的主要问题**

（一）带头深刻感悟"两个确立"的决定性意义方面。主要有三个方面不足：一是真学实研还不够扎实。忙于事务性工作太多，比如，有时候用什么学什么。二是融会贯通学还不够深入。缺乏思路和举措。三是提升自身能力还不够。政治敏锐性不够高。

（二）带头践行以人民为中心的发展思想方面。

一是学习系统性不够。大多根据上级要求进行。二是学习创新性不够。满足于理论学习了、笔记记过了。

**二、产生问题的原因剖析**

1\\.
理论武装不到位，理想信念有所松懈。不自觉地放松了对政治理论的学习。

2\\.
党性修养不过硬，责任意识有所淡化。或多或少产生了自我满足的思想。

**三、整改措施**

（一）强化理论学习，努力提升党性修养。牢固树立终身学习理念。

（二）转变工作作风，不断提高服务水平。牢固树立宗旨意识。
"""

MINIMAL = """关于某某同志的发言提纲
一、存在的主要问题
（一）在政治建设方面。主要是学习不够。
{problem}学习不深入。表现为浅尝辄止。比如，没有读原著。
二、存在问题的原因剖析
{cause}理论学习不扎实。放松了学习。
三、下步改进措施
{measure}加强学习。每天读原著。
"""

NUMBERING = re.compile(
    r"^(?:[（(]\s*[一二三四五六七八九十]+\s*[）)]|[一二三四五六七八九十]+[、是]|[0-9０-９]+\s*[.、．])"
)


def seed_text():
    return SEED.read_text(encoding="utf-8")


def aspects(count):
    return [SimpleNamespace(order=n, name=f"方面{n}", text=f"在第{n}个方面。") for n in range(1, count + 1)]


def written_characters(text):
    """What a reader wrote: no whitespace, no numbering at the start of a line, no markdown."""
    out = Counter()
    for line in text.splitlines():
        line = re.sub(r"\\([!-/:-@\[-`{-~])", r"\1", line.strip().lstrip("#").replace("**", "")).strip()
        out.update(ch for ch in NUMBERING.sub("", line) if not ch.isspace())
    return out


def printed_characters(content):
    return Counter(ch for paragraph in paragraphs(content) for ch in paragraph if not ch.isspace())


# --- seed 004: the acceptance case ------------------------------------------------------------------


def test_seed_outline_reprints_paragraph_for_paragraph():
    text = seed_text()
    expected = [line.strip() for line in text.splitlines() if line.strip()]

    printed = paragraphs(parse_outline(text).content)

    assert printed == expected


def test_seed_outline_is_read_into_five_groups_seventeen_problems_four_causes_five_measures():
    parsed = parse_outline(seed_text())
    content = parsed.content

    assert parsed.warnings == []
    assert content["title"] == "在县委常委班子专题民主生活会上的发言提纲"
    assert content["preamble"].startswith("根据县委“不忘初心、牢记使命”主题教育工作安排")
    assert (parsed.groups, parsed.problems, parsed.causes, parsed.measures) == (5, 17, 4, 5)
    assert content["problems"]["style"] == "arabic"
    assert content["causes"]["style"] == "yishi"
    assert content["measures"]["style"] == "chinese"
    assert [number for number, _group, _item in problems(content)] == list(range(1, 18))


def test_seed_outline_keeps_headings_and_titles_as_written():
    content = parse_outline(seed_text()).content

    assert content["problems"]["title"] == "存在的主要问题"
    assert content["causes"]["title"] == "存在问题的原因剖析"
    assert content["measures"]["title"] == "下步改进措施"
    assert content["causes"]["intro"] == "从深层次分析自身存在上述问题的原因，根源在于以下几个方面："
    first, _, third = content["problems"]["groups"][:3]
    assert first["heading"] == "在加强思想政治建设，深入学习贯彻习近平新时代中国特色社会主义思想方面。"
    assert first["summary"].startswith("主要是学习的主动性、系统性不够，")
    assert third["heading"] == "在履职尽责、担当作为，推动高质量发展方面。"
    assert third["summary"] == ""


def test_seed_problem_splits_into_first_sentence_details_and_example():
    items = [item for _number, _group, item in problems(parse_outline(seed_text()).content)]

    assert items[0]["lead"] == "学习“往深处走”不够。"
    assert items[0]["text"].startswith("学习形式比较单一")
    assert items[0]["example"].startswith("比如，今年集中学习了")
    assert items[15]["lead"] == "队伍管理仍需加强。"
    assert items[15]["example"] == ""
    assert items[12]["lead"].startswith("带头执行民主集中制还不够好，研究重大决策事项时")


def test_seed_measures_answer_no_problem_yet():
    content = parse_outline(seed_text()).content

    assert all(item["answers"] == [] for item in content["measures"]["items"])
    assert content["measures"]["items"][0]["lead"] == "加强理论学习，提高政治站位。"


def test_nth_group_answers_the_aspect_with_the_nth_order_and_extra_groups_none():
    shuffled = list(reversed(aspects(4)))

    groups = parse_outline(seed_text(), shuffled).content["problems"]["groups"]

    assert [group["aspect"] for group in groups] == [1, 2, 3, 4, None]
    # The heading stays as written, not the aspect's wording.
    assert groups[0]["heading"].startswith("在加强思想政治建设")


def test_more_aspects_than_groups_is_reported():
    parsed = parse_outline(seed_text(), aspects(6))

    assert [group["aspect"] for group in parsed.content["problems"]["groups"]] == [1, 2, 3, 4, 5]
    assert any("会议有6个对照检查方面" in warning for warning in parsed.warnings)


def test_nothing_in_the_seed_is_dropped():
    text = seed_text()

    assert written_characters(text) - printed_characters(parse_outline(text).content) == Counter()


# --- seed 003 shapes --------------------------------------------------------------------------------


def test_markdown_bold_heading_and_escapes_are_removed():
    content = parse_outline(SEED_003_SHAPE).content

    assert content["title"] == '机关党员干部专题民主生活会"五个带头"对照检查发言'
    assert content["problems"]["title"] == "存在的主要问题"
    assert content["causes"]["title"] == "产生问题的原因剖析"
    assert not any("**" in paragraph or "\\" in paragraph for paragraph in paragraphs(content))


def test_inline_yishi_in_group_heading_paragraph_become_separate_problems():
    content = parse_outline(SEED_003_SHAPE).content
    first = content["problems"]["groups"][0]

    assert first["heading"] == '带头深刻感悟"两个确立"的决定性意义方面。'
    assert first["summary"] == "主要有三个方面不足："
    assert [item["lead"] for item in first["items"]] == [
        "真学实研还不够扎实。",
        "融会贯通学还不够深入。",
        "提升自身能力还不够。",
    ]
    assert first["items"][0]["text"] == "忙于事务性工作太多，"
    assert first["items"][0]["example"] == "比如，有时候用什么学什么。"
    assert content["problems"]["style"] == "yishi"


def test_yishi_paragraph_with_inline_numbers_splits_into_problems():
    second = parse_outline(SEED_003_SHAPE).content["problems"]["groups"][1]

    assert second["heading"] == "带头践行以人民为中心的发展思想方面。"
    assert [item["lead"] for item in second["items"]] == ["学习系统性不够。", "学习创新性不够。"]
    assert second["items"][1]["text"] == "满足于理论学习了、笔记记过了。"


def test_number_alone_on_its_line_joins_the_next_line():
    causes = parse_outline(SEED_003_SHAPE).content["causes"]

    assert causes["style"] == "arabic"
    assert [item["lead"] for item in causes["items"]] == [
        "理论武装不到位，理想信念有所松懈。",
        "党性修养不过硬，责任意识有所淡化。",
    ]
    assert causes["items"][0]["text"] == "不自觉地放松了对政治理论的学习。"


def test_seed_003_shape_measures_are_chinese_numbered():
    measures = parse_outline(SEED_003_SHAPE).content["measures"]

    assert measures["style"] == "chinese"
    assert [item["lead"] for item in measures["items"]] == [
        "强化理论学习，努力提升党性修养。",
        "转变工作作风，不断提高服务水平。",
    ]


def test_nothing_in_the_seed_003_shape_is_dropped():
    parsed = parse_outline(SEED_003_SHAPE)

    assert written_characters(SEED_003_SHAPE) - printed_characters(parsed.content) == Counter()
    assert parsed.warnings == []


# --- numbering and Word's whitespace ----------------------------------------------------------------


@pytest.mark.parametrize("number", ["1.", "1、", "1．", "１．", "1 .", "1\\."])
def test_arabic_numbering_variants_start_a_problem_and_a_cause(number):
    parsed = parse_outline(MINIMAL.format(problem=number, cause=number, measure="（一）"))

    assert parsed.problems == 1
    assert parsed.content["problems"]["style"] == "arabic"
    assert parsed.content["causes"]["style"] == "arabic"
    assert parsed.content["causes"]["items"][0]["lead"] == "理论学习不扎实。"


@pytest.mark.parametrize("number", ["（一）", "(一)", "( 一 )", "（一)"])
def test_chinese_numbering_variants_start_a_measure(number):
    measures = parse_outline(MINIMAL.format(problem="1.", cause="一是", measure=number)).content["measures"]

    assert measures["style"] == "chinese"
    assert measures["items"][0]["lead"] == "加强学习。"
    assert measures["items"][0]["text"] == "每天读原著。"


def test_yishi_numbering_starts_problems_causes_and_measures():
    content = parse_outline(MINIMAL.format(problem="一是", cause="一是", measure="一是")).content

    assert (content["problems"]["style"], content["causes"]["style"], content["measures"]["style"]) == (
        "yishi",
        "yishi",
        "yishi",
    )
    assert problems(content)[0][2]["lead"] == "学习不深入。"


def test_blank_lines_indentation_and_full_width_spaces_are_ignored():
    tidy = MINIMAL.format(problem="1.", cause="一是", measure="（一）")
    messy = "\n\n".join(f"\u3000\u3000 {line}  \u3000" for line in tidy.splitlines()) + "\r\n\r\n"

    assert paragraphs(parse_outline(messy).content) == paragraphs(parse_outline(tidy).content)


def test_decimal_at_start_of_paragraph_is_not_numbering():
    text = "标题\n一、存在的主要问题\n（一）在发展方面。\n1.投入不够。\n1.5亿元资金仍未拨付。\n"

    parsed = parse_outline(text)

    assert parsed.problems == 1
    assert problems(parsed.content)[0][2]["text"] == "1.5亿元资金仍未拨付。"


# --- headings and sections --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("heading", "section"),
    [
        ("上一年度民主生活会整改措施落实情况", "previous"),
        ("个人有关事项说明", "matters"),
        ("存在问题的原因剖析", "causes"),
        ("产生问题的根源", "causes"),
        ("下一步努力的方向和整改措施", "measures"),
        ("今后努力方向", "measures"),
        ("存在的差距和不足", "problems"),
    ],
)
def test_level1_heading_is_classified_by_its_keywords(heading, section):
    content = parse_outline(f"标题\n一、{heading}\n这是该部分的第一段。\n").content

    assert content[section]["title"] == heading


def test_previous_and_matters_keep_their_paragraphs_as_written():
    text = (
        "标题\n一、上一年度民主生活会整改落实情况\n1.已完成整改5项。\n正在推进2项。\n"
        "二、存在的主要问题\n（一）在学习方面。\n1.学习不够。\n三、个人有关事项说明\n无需说明的事项。\n"
    )

    content = parse_outline(text).content

    assert content["previous"]["text"] == "1.已完成整改5项。\n正在推进2项。"
    assert content["matters"]["text"] == "无需说明的事项。"


def test_group_heading_without_fangmian_is_its_first_sentence():
    text = "标题\n一、存在的主要问题\n（一）理论学习不够深入。主要是学得不系统。\n1.学习少。\n"

    group = parse_outline(text).content["problems"]["groups"][0]

    assert (group["heading"], group["summary"]) == ("理论学习不够深入。", "主要是学得不系统。")


@pytest.mark.parametrize(
    ("paragraph", "heading", "summary"),
    [
        ("在政治建设方面。主要是不够。", "在政治建设方面。", "主要是不够。"),
        ("在政治建设方面：主要是不够。", "在政治建设方面：", "主要是不够。"),
        ("在政治建设方面，主要是不够。", "在政治建设方面", "主要是不够。"),
        ("在政治建设方面存在的问题。主要是方面，不够。", "在政治建设方面存在的问题。", "主要是方面，不够。"),
        ("在政治建设方面", "在政治建设方面", ""),
    ],
)
def test_group_heading_ends_at_the_first_fangmian_with_its_punctuation(paragraph, heading, summary):
    group = parse_outline(f"标题\n一、存在的主要问题\n（一）{paragraph}\n").content["problems"]["groups"][0]

    assert (group["heading"], group["summary"]) == (heading, summary)


def test_example_starts_only_after_the_first_sentence():
    text = (
        "标题\n一、存在的主要问题\n（一）在学习方面。\n1.比如学习不够。平时读书少。例如：一年只读两本书。\n"
    )

    item = problems(parse_outline(text).content)[0][2]

    assert (item["lead"], item["text"], item["example"]) == (
        "比如学习不够。",
        "平时读书少。",
        "例如：一年只读两本书。",
    )


def test_problem_without_full_stop_is_all_lead():
    item = problems(parse_outline("标题\n一、存在的问题\n（一）学习方面\n1.学习不够深入\n").content)[0][2]

    assert (item["lead"], item["text"], item["example"]) == ("学习不够深入", "", "")


# --- paragraphs without a number --------------------------------------------------------------------


def test_unnumbered_paragraph_after_an_item_continues_it():
    text = (
        "标题\n一、存在的主要问题\n（一）在学习方面。\n1.学习不够。读书少。比如，没读原著。\n还有续写的一段。\n"
        "二、原因剖析\n一是学习不扎实。放松了。\n续写的原因。\n三、改进措施\n（一）加强学习。\n续写的措施。\n"
    )

    content = parse_outline(text).content

    assert problems(content)[0][2]["example"] == "比如，没读原著。\n还有续写的一段。"
    assert content["causes"]["items"][0]["text"] == "放松了。\n续写的原因。"
    assert content["measures"]["items"][0]["text"] == "续写的措施。"


def test_paragraph_before_the_first_item_is_the_intro():
    text = (
        "标题\n一、存在的主要问题\n经过查摆，问题如下：\n（一）在学习方面。\n接着的说明。\n1.学习不够。\n"
        "二、原因剖析\n原因如下：\n一是学习不扎实。\n"
    )

    content = parse_outline(text).content

    assert content["problems"]["intro"] == "经过查摆，问题如下："
    assert content["problems"]["groups"][0]["summary"] == "接着的说明。"
    assert content["causes"]["intro"] == "原因如下："


def test_paragraphs_before_the_first_level1_heading_are_the_preamble():
    text = "发言提纲\n第一段开头。\n第二段开头。\n一、存在的主要问题\n（一）在学习方面。\n1.学习不够。\n"

    assert parse_outline(text).content["preamble"] == "第一段开头。\n第二段开头。"


def test_numbered_paragraph_before_any_section_goes_to_preamble_with_warning():
    parsed = parse_outline("发言提纲\n开头。\n1.没有一级标题的问题。\n")

    assert parsed.content["preamble"] == "开头。\n1.没有一级标题的问题。"
    assert "第3段未能识别所属部分，已并入开头段落。" in parsed.warnings


def test_problem_before_any_group_gets_an_untitled_group_with_warning():
    parsed = parse_outline("标题\n一、存在的主要问题\n1.学习不够。\n2.调研不够。\n")

    assert parsed.groups == 1
    assert parsed.problems == 2
    assert parsed.content["problems"]["groups"][0]["heading"] == ""
    assert any(warning.startswith("第3段的问题前没有") for warning in parsed.warnings)


def test_unknown_level1_heading_is_kept_as_text_with_warning():
    parsed = parse_outline(
        "标题\n一、存在的主要问题\n（一）在学习方面。\n1.学习不够。\n二、其他情况\n补充一段。\n"
    )

    item = problems(parsed.content)[0][2]
    assert item["text"] == "二、其他情况\n补充一段。"
    assert any("其他情况" in warning and "未能识别" in warning for warning in parsed.warnings)


def test_second_heading_of_a_section_read_is_kept_and_continues_it():
    text = (
        "标题\n一、存在的主要问题\n（一）在学习方面。\n1.学习不够。\n二、存在的主要问题（续）\n2.调研不够。\n"
    )

    parsed = parse_outline(text)

    assert parsed.groups == 1
    assert [item["text"] for _n, _g, item in problems(parsed.content)] == ["二、存在的主要问题（续）", ""]
    assert any("属于同一部分" in warning for warning in parsed.warnings)


def test_empty_previous_section_is_reported():
    parsed = parse_outline("标题\n一、上一年度整改落实情况\n二、存在的主要问题\n（一）在学习方面。\n")

    assert any("下没有内容" in warning for warning in parsed.warnings)


def test_team_outline_gets_team_default_titles_for_missing_sections():
    content = parse_outline(
        "班子材料\n一、存在的主要问题\n（一）在学习方面。\n一是学习不够。\n", team=True
    ).content

    assert content["causes"]["title"] == "产生问题的原因分析"
    assert content["measures"]["title"] == "整改措施"


# --- robustness -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   \n\u3000\n",
        "一行字",
        "牛奶\n鸡蛋 2盒\n面包\n1. 苹果\n2、香蕉",
        "1.",
        "一、",
        "（一）\n1.\n一是",
        None,
    ],
)
def test_any_text_gives_valid_content_and_warnings(text):
    parsed = parse_outline(text)

    assert normalise(parsed.content) == parsed.content
    assert parsed.warnings
    assert all(isinstance(warning, str) and warning for warning in parsed.warnings)


def test_shopping_list_is_kept_in_the_preamble():
    parsed = parse_outline("购物清单\n牛奶\n鸡蛋\n")

    assert parsed.content["title"] == ""
    assert parsed.content["preamble"] == "购物清单\n牛奶\n鸡蛋"
    assert any("一级标题" in warning for warning in parsed.warnings)


def test_overlong_paragraph_is_cut_to_the_limit_with_warning():
    parsed = parse_outline("标题\n" + "长" * (MAX_TEXT + 10))

    assert len(parsed.content["preamble"]) == MAX_TEXT
    assert any("超过" in warning for warning in parsed.warnings)


def test_too_many_problems_fold_into_the_last_one_with_warning():
    lines = [f"{n}.第{n}个问题。" for n in range(1, MAX_ITEMS + 6)]
    parsed = parse_outline("标题\n一、存在的主要问题\n（一）在学习方面。\n" + "\n".join(lines))

    assert parsed.problems == MAX_ITEMS
    assert problems(parsed.content)[-1][2]["text"].endswith(f"第{MAX_ITEMS + 5}个问题。")
    assert any(f"超过{MAX_ITEMS}条" in warning for warning in parsed.warnings)


def test_random_outline_shaped_text_never_raises_nor_drops_anything_silently():
    pieces = [
        "一、存在的主要问题", "二、原因", "三、措施", "四、个人有关事项", "上一年度", "（一）", "(二)", "1.", "2、",
        "3．", "一是", "二是", "十一是", "方面。", "方面：", "比如，", "如：", "。", "！", "\n", "\n\n", "\u3000",
        "**", "\\.", "# ", "学习", "调研不够", "1.5", "是", "方面",
    ]  # fmt: skip
    rng = random.Random(2024)
    for _ in range(2000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 30)))
        parsed = parse_outline(text, aspects(rng.randint(0, 3)), team=rng.random() < 0.5)
        assert normalise(parsed.content) == parsed.content, text
        dropped = written_characters(text) - printed_characters(parsed.content)
        assert not dropped or parsed.warnings, text


def test_closing_quote_stays_with_the_first_sentence_but_an_ascii_quote_opens_the_next():
    text = '标题\n一、存在的主要问题\n（一）在学习方面。\n1.要求“学深悟透。”学习不够。\n2.学习不够。"一盘棋"思想不到位。\n'

    first, second = (item for _n, _g, item in problems(parse_outline(text).content))

    assert first["lead"] == "要求“学深悟透。”"
    assert second["lead"] == "学习不够。"
    assert second["text"] == '"一盘棋"思想不到位。'
