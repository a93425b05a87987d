"""征求意见建议汇总 typed in Word (.docx) → the rows of the opinion import (feedback.importer).

The summary has the shape of DESIGN §3 and of our own export (documents/exporters/opinions.py): a title
and an opening, then for each aspect a heading "一、{aspect}方面。", under it for each source category
"（一）{category}意见建议：", under that the opinions numbered "1." "2." … (a category with one opinion
carries it unnumbered), then the collector and the date. The numbers may be typed or drawn by Word's
automatic numbering (documents.word_reader renders them). "（涉及张三同志）" names the member an opinion
is about. Each opinion becomes a row, numbered by its paragraph; the importer checks the rows as it
checks a spreadsheet's, and a paragraph that fits nowhere is a problem: all or nothing.
"""

import re
from dataclasses import dataclass

from documents.word_reader import read_docx

CHINESE = "一二三四五六七八九十"
ASPECT_HEADING = re.compile(rf"^[{CHINESE}]{{1,3}}\s*[、．.]\s*(.+)$")
CATEGORY_HEADING = re.compile(rf"^[（(]\s*[{CHINESE}]{{1,3}}\s*[）)]\s*(.+)$")
NUMBERED = re.compile(r"^(?:[0-9０-９]{1,4}\s*[、．.](?![0-9０-９])|[（(][0-9０-９]{1,4}[）)])\s*(.+)$")
ADDRESSEE_NOTE = re.compile(r"（涉及([^（）]{1,20}?)同志）")
DATE_LINE = re.compile(r"^\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日$")
NONE_YET = ("暂无意见建议。", "暂无意见建议", "无")
HEADING_END = "。．.：:；;，, \u3000"
CATEGORY_ENDINGS = ("意见建议", "意见和建议", "的意见建议", "意见")


@dataclass
class SummaryRow:
    """One opinion read from the summary: its paragraph, and the headings it stands under."""

    number: int  # 第几段, counting the non-empty paragraphs
    text: str
    aspect: str
    aspect_at: int
    category: str
    category_at: int
    addressee: str


@dataclass
class Unreadable:
    number: int | None  # None for the file as a whole (a table)
    message: str


def aspect_name(heading):
    """ "一、政治理论学习方面。" → "政治理论学习方面" (matched against name, name方面 and the full text)."""
    return heading.rstrip(HEADING_END)


def category_name(heading):
    """ "（一）党员意见建议：" → "党员"."""
    name = heading.rstrip(HEADING_END)
    for ending in CATEGORY_ENDINGS:
        if name.endswith(ending) and len(name) > len(ending):
            return name[: -len(ending)]
    return name


def with_addressee(text):
    """(text without the "（涉及…同志）" note, the member's name or "")."""
    match = ADDRESSEE_NOTE.search(text)
    if not match:
        return text, ""
    return (text[: match.start()] + text[match.end() :]).strip(), match.group(1).strip()


def read_summary(file_name, content):
    """(rows, unreadable) of a .docx summary; raises documents.word_reader.WordFileError."""
    word = read_docx(file_name, content)
    unreadable = [
        Unreadable(None, f"{warning}汇总中的表格无法逐条导入，请改用表格文件（.xlsx）导入。")
        for warning in word.warnings
    ]
    paragraphs = list(enumerate(word.paragraphs, 1))
    # The collector and the date after the last opinion are the signature, not opinions.
    while paragraphs and DATE_LINE.match(paragraphs[-1][1].replace(" ", "")):
        paragraphs.pop()
        if paragraphs and len(paragraphs[-1][1]) <= 30 and not re.search(r"[。；！？]", paragraphs[-1][1]):
            paragraphs.pop()
    rows = []
    aspect, category = None, None  # (heading, paragraph number)
    in_category = 0  # opinions read under the current category heading
    for number, text in paragraphs:
        if match := ASPECT_HEADING.match(text):
            aspect, category, in_category = (aspect_name(match.group(1)), number), None, 0
            continue
        if aspect is None:
            continue  # the title and the opening: "…共征求到意见建议N条，具体如下："
        if match := CATEGORY_HEADING.match(text):
            category, in_category = (category_name(match.group(1)), number), 0
            continue
        if text in NONE_YET and category is None:
            continue
        numbered = NUMBERED.match(text)
        if category is None:
            unreadable.append(
                Unreadable(number, "意见前没有“（一）党员意见建议：”这样的类别标题，不知来源类别。")
            )
            continue
        if not numbered and in_category:
            unreadable.append(
                Unreadable(
                    number, "这一段没有编号，不知是新的一条意见还是上一条的继续；请加上编号或并入上一段。"
                )
            )
            continue
        body, addressee = with_addressee(numbered.group(1) if numbered else text)
        rows.append(SummaryRow(number, body, aspect[0], aspect[1], category[0], category[1], addressee))
        in_category += 1
    if not rows and not unreadable:
        unreadable.append(
            Unreadable(
                None,
                "没有识别出任何意见：汇总中应有“一、……方面。”“（一）……意见建议：”“1.……”这样的标题和编号。",
            )
        )
    return rows, unreadable
