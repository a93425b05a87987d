"""The document tree: dates and numbering exactly as official documents print them."""

import datetime

import pytest

from documents.tree import Heading, NumberedList, Signature, Table, format_date


@pytest.mark.parametrize(
    ("date", "text"),
    [
        (datetime.date(2022, 1, 20), "2022年1月20日"),
        (datetime.date(2022, 1, 5), "2022年1月5日"),
        (datetime.date(2021, 12, 31), "2021年12月31日"),
        (datetime.datetime(2027, 2, 4, 9, 30), "2027年2月4日"),
    ],
)
def test_format_date_has_no_zero_padding(date, text):
    assert format_date(date) == text


def test_yishi_list_counts_in_chinese_past_twenty():
    labelled = NumberedList([f"事项{n}" for n in range(1, 23)], style="yishi").labelled()
    assert labelled[:3] == ["一是事项1", "二是事项2", "三是事项3"]
    assert labelled[9] == "十是事项10"
    assert labelled[10] == "十一是事项11"
    assert labelled[19] == "二十是事项20"
    assert labelled[21] == "二十二是事项22"


@pytest.mark.parametrize(
    ("style", "first", "second"),
    [("arabic", "1.学习", "2.调研"), ("paren", "（1）学习", "（2）调研"), ("none", "学习", "调研")],
)
def test_list_styles(style, first, second):
    assert NumberedList(["学习", "调研"], style=style).labelled() == [first, second]


def test_bad_trees_are_refused_when_built():
    with pytest.raises(ValueError, match="list style"):
        NumberedList(["a"], style="roman")
    with pytest.raises(ValueError, match="heading level"):
        Heading("五、", 5)
    with pytest.raises(ValueError, match="cells"):
        Table(["序号", "问题"], [["1"]])
    with pytest.raises(ValueError, match="widths"):
        Table(["序号", "问题"], [], widths=[10])


def test_signature_date_starts_two_characters_right_of_the_name():
    # 7 characters of name, date 2022年1月20日 = 3 + 7 half-width digits = 6.5 characters.
    placed = Signature(["中共XX县委员会"], datetime.date(2022, 1, 20)).placement()
    (name, name_indent), (date, date_indent) = placed
    assert (name, date) == ("中共XX县委员会", "2022年1月20日")
    # The date is longer than the name minus two characters, so it sits two characters in and
    # the name moves right until the date starts two characters after it.
    assert date_indent == 2
    assert (name_indent + 7) - (date_indent + 6.5) == 2


def test_signature_with_a_long_name_stands_two_characters_in():
    (_, name_indent), (_, date_indent) = Signature(
        ["中共云岭县委员会办公室机关委员会"], datetime.date(2022, 1, 20)
    ).placement()
    assert name_indent == 2
    assert (name_indent + 16) - (date_indent + 6.5) == 2
