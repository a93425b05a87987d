"""The structure of a draft (对照检查材料 / 个人发言提纲), as the JSON a version stores (DESIGN §5).

A draft's content is a dict::

    {
      "title": "在县委常委班子专题民主生活会上的发言提纲",
      "byline": "",                      # printed under the title when not empty (e.g. the author)
      "preamble": "根据……现将对照检查情况汇报如下：",
      "previous": {"title": "上一年度民主生活会整改落实情况", "text": ""},   # omitted when text is empty
      "problems": {
        "title": "存在的主要问题", "intro": "", "style": "arabic" | "yishi",
        "groups": [
          {"id": "g…", "aspect": 1,        # MeetingAspect.order, or None for a group of its own
           "heading": "在……方面。",          # printed after "（一）"; the aspect's wording by default
           "summary": "主要是……",           # printed after the heading in the same paragraph
           "items": [{"id": "p…", "lead": "学习“往深处走”不够。", "text": "……", "example": "比如，……"}]}
        ]},
      "causes": {"title": "存在问题的原因剖析", "intro": "", "style": "yishi",
                 "items": [{"id": "c…", "lead": "……。", "text": "……"}]},
      "measures": {"title": "下步改进措施", "intro": "", "style": "chinese",
                   "items": [{"id": "m…", "lead": "……。", "text": "……", "answers": ["p…", …]}]},
      "matters": {"title": "个人有关事项说明", "text": ""},                   # omitted when text is empty
    }

A problem prints as label + lead + text + example with nothing in between, so an imported outline
reprints exactly as written. Problems are numbered straight through all groups. The level-1
sections print in the order previous, problems, causes, measures, matters, numbered 一、二、… over
the ones present. ``normalise`` turns anything a browser sends into this shape (or raises
``ContentError``); ``paragraphs`` and ``passages`` are the two readings every other module uses.
"""

import hashlib
import json
import re
import secrets
from dataclasses import dataclass

from documents.numbering import chinese_number, level1, level2

PROBLEM_STYLES = {"arabic": "1.", "yishi": "一是"}
LIST_STYLES = {"yishi": "一是", "arabic": "1.", "chinese": "（一）"}
SECTION_ORDER = ("previous", "problems", "causes", "measures", "matters")
ID_PATTERN = re.compile(r"^[A-Za-z0-9_-]{1,40}$")
MAX_TEXT = 20_000  # characters in one field: a whole outline is ~8,000
MAX_ITEMS = 200


class ContentError(ValueError):
    """The content is not a draft's structure; the message says what is wrong, in Chinese."""


@dataclass(frozen=True)
class Passage:
    """One part of a draft that can be commented on, checked and compared."""

    part_id: str
    kind: str  # "preamble" "previous" "group" "problem" "cause" "measure" "matters"
    label: str  # how a reader names it: "问题3", "原因2", "措施1", "（二）方面"
    text: str


def new_id(prefix):
    return f"{prefix}{secrets.token_hex(4)}"


def default_headings(team, kind="annual"):
    """Section titles by draft and meeting kind; ``team`` is True for the team's 对照检查材料.

    A 专题 meeting reports on the last annual meeting and the special ones before it
    ("通报上一年度民主生活会和有关专题民主生活会整改措施落实情况", seed 003).
    """
    previous = (
        "上一年度民主生活会整改落实情况"
        if kind != "special"
        else "上一年度民主生活会和有关专题民主生活会整改措施落实情况"
    )
    return {
        "previous": previous,
        "problems": "存在的主要问题",
        "causes": "产生问题的原因分析" if team else "存在问题的原因剖析",
        "measures": "整改措施" if team else "下步改进措施",
        "matters": "个人有关事项说明",
    }


# The "方面" that closes a clause ("在…方面，…"), not one inside a phrase ("正反两方面经验").
CLAUSE_ASPECT = re.compile(r"方面(?=[，,。；;：:]|$)")


def aspect_heading(aspect):
    """The group heading an aspect suggests: its text up to the "方面" that closes a clause, or its
    short name + "方面"."""
    text = aspect.text.strip()
    found = CLAUSE_ASPECT.search(text)
    if found:
        return text[: found.end()] + "。"
    return f"{aspect.name}方面。"


def empty_content(*, title, byline="", aspects=(), team=False, problem_style=None, kind="annual"):
    """A new draft: one empty group per aspect, the default headings, nothing written yet."""
    headings = default_headings(team, kind)
    return {
        "title": title,
        "byline": byline,
        "preamble": "",
        "previous": {"title": headings["previous"], "text": ""},
        "problems": {
            "title": headings["problems"],
            "intro": "",
            "style": problem_style or ("yishi" if team else "arabic"),
            "groups": [
                {
                    "id": new_id("g"),
                    "aspect": aspect.order,
                    "heading": aspect_heading(aspect),
                    "summary": "",
                    "items": [],
                }
                for aspect in aspects
            ],
        },
        "causes": {"title": headings["causes"], "intro": "", "style": "yishi", "items": []},
        "measures": {
            "title": headings["measures"],
            "intro": "",
            "style": "yishi" if team else "chinese",
            "items": [],
        },
        "matters": {"title": headings["matters"], "text": ""},
    }


# --- normalising what a browser or the importer sends ---------------------------------------------


def _text(value, where):
    if value is None:
        return ""
    if not isinstance(value, str):
        raise ContentError(f"{where}应为文字。")
    value = value.replace("\r\n", "\n").replace("\r", "\n")
    if len(value) > MAX_TEXT:
        raise ContentError(f"{where}超过{MAX_TEXT}字，请分段填写。")
    return value.strip()


def _dict(value, where):
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise ContentError(f"{where}格式不正确。")
    return value


def _list(value, where):
    if value is None:
        return []
    if not isinstance(value, list):
        raise ContentError(f"{where}格式不正确。")
    if len(value) > MAX_ITEMS:
        raise ContentError(f"{where}超过{MAX_ITEMS}条。")
    return value


class _Ids:
    """Keeps ids unique across the draft, replacing missing or repeated ones."""

    def __init__(self):
        self.seen = set()

    def take(self, value, prefix):
        if not isinstance(value, str) or not ID_PATTERN.match(value) or value in self.seen:
            value = new_id(prefix)
            while value in self.seen:
                value = new_id(prefix)
        self.seen.add(value)
        return value


def normalise(data, headings=None):
    """The draft structure from untrusted input: unknown keys dropped, text trimmed, ids unique.

    Raises ContentError with a message for the user when the input is not a draft.
    """
    data = _dict(data, "材料内容")
    headings = headings or default_headings(team=False)
    ids = _Ids()

    def section(key, fields):
        raw = _dict(data.get(key), headings[key])
        out = {"title": _text(raw.get("title"), f"“{headings[key]}”的标题") or headings[key]}
        for field in fields:
            out[field] = _text(raw.get(field), f"“{headings[key]}”的{field}")
        return raw, out

    problem_style = _dict(data.get("problems"), "存在的主要问题").get("style")
    _, previous = section("previous", ["text"])
    raw_problems, problems = section("problems", ["intro"])
    problems["style"] = problem_style if problem_style in PROBLEM_STYLES else "arabic"
    groups = []
    for g, raw_group in enumerate(_list(raw_problems.get("groups"), "问题分组"), 1):
        raw_group = _dict(raw_group, f"第{g}组问题")
        aspect = raw_group.get("aspect")
        if aspect is not None and (isinstance(aspect, bool) or not isinstance(aspect, int)):
            raise ContentError(f"第{g}组问题对应的对照检查方面不正确。")
        items = []
        for n, raw_item in enumerate(_list(raw_group.get("items"), f"第{g}组问题"), 1):
            raw_item = _dict(raw_item, f"第{g}组第{n}个问题")
            items.append(
                {
                    "id": ids.take(raw_item.get("id"), "p"),
                    "lead": _text(raw_item.get("lead"), "问题的概括句"),
                    "text": _text(raw_item.get("text"), "问题的表现"),
                    "example": _text(raw_item.get("example"), "问题的事例"),
                }
            )
        groups.append(
            {
                "id": ids.take(raw_group.get("id"), "g"),
                "aspect": aspect,
                "heading": _text(raw_group.get("heading"), f"第{g}组问题的标题"),
                "summary": _text(raw_group.get("summary"), f"第{g}组问题的概述"),
                "items": items,
            }
        )
    problems["groups"] = groups

    lists = {}
    for key, prefix, label in (("causes", "c", "原因"), ("measures", "m", "措施")):
        raw, out = section(key, ["intro"])
        style = raw.get("style")
        out["style"] = style if style in LIST_STYLES else "yishi"
        items = []
        for n, raw_item in enumerate(_list(raw.get("items"), headings[key]), 1):
            raw_item = _dict(raw_item, f"第{n}条{label}")
            item = {
                "id": ids.take(raw_item.get("id"), prefix),
                "lead": _text(raw_item.get("lead"), f"{label}的概括句"),
                "text": _text(raw_item.get("text"), f"{label}的内容"),
            }
            if key == "measures":
                answers = _list(raw_item.get("answers"), "措施对应的问题")
                item["answers"] = [a for a in answers if isinstance(a, str)]
            items.append(item)
        out["items"] = items
        lists[key] = out
    _, matters = section("matters", ["text"])

    problem_ids = {item["id"] for group in groups for item in group["items"]}
    for measure in lists["measures"]["items"]:
        # A measure can only answer problems of this draft; deleted problems drop out.
        measure["answers"] = list(dict.fromkeys(a for a in measure["answers"] if a in problem_ids))

    return {
        "title": _text(data.get("title"), "标题"),
        "byline": _text(data.get("byline"), "署名"),
        "preamble": _text(data.get("preamble"), "开头段落"),
        "previous": previous,
        "problems": problems,
        "causes": lists["causes"],
        "measures": lists["measures"],
        "matters": matters,
    }


def content_hash(content):
    """A stable fingerprint of the content: approval records it, and a save that changes nothing has the same."""
    canonical = json.dumps(content, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(canonical.encode()).hexdigest()


# --- reading the structure ----------------------------------------------------------------------


def label(style, number):
    """The number printed before the ``number``-th item (from 1) in a list style."""
    if style == "yishi":
        return f"{chinese_number(number)}是"
    if style == "chinese":
        return level2(number)
    return f"{number}."


LABELLED = 99  # chinese_number's range: the most items a list can number in Chinese


def printed_labels():
    """Every number the editor prints, by position: {"level1": ["一、", …], "level2": ["（一）", …],
    "yishi": ["一是", …], "arabic": ["1.", …], "chinese": ["（一）", …]}.

    The editor's script (static/inspection/editor/numbering.js) counts positions as the writer adds,
    moves and restyles parts, and reads the printed form here, so that it never spells a number itself.
    """
    numbers = range(1, LABELLED + 1)
    return {
        "level1": [level1(n) for n in range(1, len(SECTION_ORDER) + 1)],
        "level2": [level2(n) for n in numbers],
        **{style: [label(style, n) for n in numbers] for style in LIST_STYLES},
    }


def with_stop(text):
    """A heading followed by its summary needs a full stop in between."""
    return text if not text or text.endswith(("。", "：", "；", "！", "？", ".", ":")) else f"{text}。"


def problems(content):
    """Every problem with its group, numbered straight through: [(number, group, item)]."""
    out, number = [], 0
    for group in content["problems"]["groups"]:
        for item in group["items"]:
            number += 1
            out.append((number, group, item))
    return out


def printed_groups(problems_section):
    """The groups a document prints: an aspect with nothing written under it is left out (the
    checker warns about it), and the groups that remain are numbered （一）（二）… in order."""
    return [group for group in problems_section["groups"] if group["items"] or group["summary"]]


def problem_text(item):
    return f"{item['lead']}{item['text']}{item['example']}"


def sections(content):
    """The level-1 sections present, in print order, with their numbers: [(key, "一、", title)]."""
    present = []
    for key in SECTION_ORDER:
        if key in ("previous", "matters") and not content[key]["text"]:
            continue
        present.append(key)
    return [(key, level1(n), content[key]["title"]) for n, key in enumerate(present, 1)]


def paragraphs(content):
    """The draft as printed, one string per paragraph: the title, then the text.

    Exporters print these paragraphs; diffs and the checker read them.
    """
    out = [content["title"]]
    if content["byline"]:
        out.append(content["byline"])
    if content["preamble"]:
        out.append(content["preamble"])
    style = content["problems"]["style"]
    for key, number, title in sections(content):
        out.append(f"{number}{title}")
        section = content[key]
        if key in ("previous", "matters"):
            out.extend(p for p in section["text"].split("\n") if p.strip())
            continue
        if section["intro"]:
            out.extend(p for p in section["intro"].split("\n") if p.strip())
        if key == "problems":
            count = 0
            for g, group in enumerate(printed_groups(section), 1):
                out.append(f"{level2(g)}{with_stop(group['heading'])}{group['summary']}")
                for item in group["items"]:
                    count += 1
                    out.append(f"{label(style, count)}{problem_text(item)}")
        else:
            for n, item in enumerate(section["items"], 1):
                out.append(f"{label(section['style'], n)}{item['lead']}{item['text']}")
    return out


def passages(content):
    """The parts a reviewer can comment on and the checker reads, each with a label a person understands."""
    out = []
    if content["preamble"]:
        out.append(Passage("preamble", "preamble", "开头", content["preamble"]))
    if content["previous"]["text"]:
        out.append(Passage("previous", "previous", content["previous"]["title"], content["previous"]["text"]))
    for g, group in enumerate(content["problems"]["groups"], 1):
        out.append(
            Passage(
                group["id"],
                "group",
                f"第{chinese_number(g)}方面",
                with_stop(group["heading"]) + group["summary"],
            )
        )
    for number, _group, item in problems(content):
        out.append(Passage(item["id"], "problem", f"问题{number}", problem_text(item)))
    for n, item in enumerate(content["causes"]["items"], 1):
        out.append(Passage(item["id"], "cause", f"原因{n}", item["lead"] + item["text"]))
    for n, item in enumerate(content["measures"]["items"], 1):
        out.append(Passage(item["id"], "measure", f"措施{n}", item["lead"] + item["text"]))
    if content["matters"]["text"]:
        out.append(Passage("matters", "matters", content["matters"]["title"], content["matters"]["text"]))
    return out


def part_labels(content):
    """{part id: label} for showing where a comment is anchored."""
    return {passage.part_id: passage.label for passage in passages(content)}


def character_count(content):
    return sum(len(p) for p in paragraphs(content)[1:])
