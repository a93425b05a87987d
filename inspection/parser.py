"""导入: turns an outline pasted from Word (plain text) into the draft structure (inspection.content).

The outline is read paragraph by paragraph. Level-1 headings "一、…" choose the section, "（一）…" starts a
group of problems (or a measure), "1." and "一是" start a problem, a cause or a measure; a paragraph
without a number continues whatever came before it. Every paragraph lands somewhere: what the parser
cannot place goes to the nearest sensible field and is reported in ``warnings``.
"""

import re
from dataclasses import dataclass, field

from documents.numbering import chinese_number

from . import content as structure

CHINESE_DIGITS = "一二三四五六七八九十"
# Numbering at the start of a paragraph, most specific first.
MARKERS = (
    ("level2", re.compile(rf"^[（(]\s*[{CHINESE_DIGITS}]{{1,3}}\s*[）)]\s*")),
    ("level1", re.compile(rf"^[{CHINESE_DIGITS}]{{1,3}}\s*[、．.]\s*")),
    ("yishi", re.compile(rf"^([{CHINESE_DIGITS}]{{1,3}})是")),
    # "1." but not "1.5亿元"
    ("arabic", re.compile(r"^[0-9０-９]{1,3}\s*[、．.](?![0-9０-９])\s*")),
)
MARKDOWN_HEADING = re.compile(r"^#{1,6}\s+")
MARKDOWN_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!|>~\"'<])")
INVISIBLE = str.maketrans("", "", "\ufeff\u200b\u200c\u200d\u2060")
# A closing quote stays with its sentence; ASCII quotes open as often as they close, so they do not.
SENTENCE_END = re.compile(r"[。！？][”’」』）)]*")
EXAMPLE_START = re.compile(r"比如|例如|如：")
# An inline "二是" counts only after a pause, so that "统一是" is not read as a number.
INLINE_PAUSE = "。；：！？，;:,!? \u3000\n"
CHINESE_NUMBERS = {chinese_number(n): n for n in range(1, 100)}

# Checked in this order: "存在问题的原因剖析" names both problems and causes.
SECTION_KEYWORDS = (
    ("previous", ("上一年度", "整改落实情况", "落实情况")),
    ("matters", ("个人有关事项",)),
    ("causes", ("原因", "根源")),
    ("measures", ("措施", "努力方向", "努力的方向", "改进", "整改方向")),
    ("problems", ("问题", "不足", "差距")),
)
LIST_STYLE_OF_MARKER = {"yishi": "yishi", "arabic": "arabic", "level2": "chinese"}
# A title line (seeds 003, 004): short, no sentence in it, and it names the document. A material that
# opens with its first paragraph instead keeps that paragraph as the opening.
MAX_TITLE = 60
DOCUMENT_NAMES = (
    "对照检查材料",
    "发言提纲",
    "对照检查发言",
    "发言材料",
    "对照检查",
    "检视剖析材料",
    "剖析材料",
    "上的发言",
)
TITLE_PUNCTUATION = re.compile(r"[。；！？;!?]")
MAX_BYLINE = 20
BYLINE_PUNCTUATION = re.compile(r"[，。；：！？、,.;:!?“”]")
DRAFT_MARK = re.compile(r"[（(][^（()）]{1,6}稿[)）]$")  # "（初稿）" "（讨论稿）" after the name


@dataclass
class ParsedOutline:
    """The draft structure read from an outline, and what the reader should check."""

    content: dict
    warnings: list[str] = field(default_factory=list)

    @property
    def groups(self):
        return len(self.content["problems"]["groups"])

    @property
    def problems(self):
        return len(structure.problems(self.content))

    @property
    def causes(self):
        return len(self.content["causes"]["items"])

    @property
    def measures(self):
        return len(self.content["measures"]["items"])


@dataclass
class Paragraph:
    number: int  # 第几段, counting the non-empty lines of the pasted text
    kind: str  # "level1" "level2" "yishi" "arabic" or "plain"
    marker: str  # the numbering as written ("" for plain)
    body: str  # the text after the numbering

    @property
    def written(self):
        return self.marker + self.body


def clean_line(line):
    """One line without Word's indentation and markdown's ``**``, ``\\.`` and ``# ``."""
    line = line.translate(INVISIBLE).strip()
    line = MARKDOWN_HEADING.sub("", line).replace("**", "")
    return MARKDOWN_ESCAPE.sub(r"\1", line).strip()


def classify(text):
    for kind, pattern in MARKERS:
        match = pattern.match(text)
        if match:
            return kind, match.group(0), text[match.end() :].strip()
    return "plain", "", text


def read_paragraphs(text):
    """The non-empty paragraphs; a number alone on its line ("1\\." then the text) joins the next line."""
    lines = [line for line in map(clean_line, text.splitlines()) if line]
    out, index = [], 0
    while index < len(lines):
        kind, marker, body = classify(lines[index])
        number = index + 1
        if kind != "plain" and not body:
            if index + 1 < len(lines) and classify(lines[index + 1])[0] == "plain":
                index += 1
                body = lines[index]
            elif kind == "level1":  # "一、" and nothing: no section to name
                kind, marker, body = "plain", "", lines[index]
        out.append(Paragraph(number, kind, marker.strip(), body))
        index += 1
    return out


def looks_like_title(text):
    """Whether a first paragraph is the material's title rather than its opening."""
    name = DRAFT_MARK.sub("", text.strip()).rstrip("：: \u3000")
    return len(name) <= MAX_TITLE and not TITLE_PUNCTUATION.search(name) and name.endswith(DOCUMENT_NAMES)


def looks_like_byline(text):
    """Whether the line under a title is the author's name (as our own export prints it): a few
    characters and no punctuation, where an opening is a sentence."""
    return len(text) <= MAX_BYLINE and not BYLINE_PUNCTUATION.search(text)


def section_of(heading):
    for key, words in SECTION_KEYWORDS:
        if any(word in heading for word in words):
            return key
    return None


def first_sentence(text):
    """Up to and including the first 。！？ (with a closing quote after it); the whole text if none."""
    match = SENTENCE_END.search(text)
    return text[: match.end()] if match else text


def split_problem(body):
    """lead + text + example, which concatenate back to ``body``."""
    lead = first_sentence(body)
    rest = body[len(lead) :]
    match = EXAMPLE_START.search(rest)
    if not match:
        return {"lead": lead, "text": rest, "example": ""}
    return {"lead": lead, "text": rest[: match.start()], "example": rest[match.start() :]}


def split_heading(body):
    """A group's heading and its summary: "在……方面。" + "主要是……".

    The heading ends at the first "方面" followed by 。，： in the first sentence; a "。" or "：" stays
    with the heading (the exporter prints it back), a "，" becomes the full stop the exporter adds.
    """
    lead = first_sentence(body)
    match = re.search(r"方面([。，：,:]|$)", body)
    if match and match.start() < len(lead):
        if match.group(1) in ("，", ","):
            return body[: match.start(1)], body[match.end() :]
        return body[: match.end()], body[match.end() :]
    return lead, body[len(lead) :]


def inline_numbers(text, first):
    """Positions of "一是" "二是" … (from number ``first``, in sequence) written inside ``text``."""
    found, position, number = [], 0, first
    while number < 100:
        marker = f"{chinese_number(number)}是"
        index = text.find(marker, position)
        while index > 0 and text[index - 1] not in INLINE_PAUSE:
            index = text.find(marker, index + 1)
        if index < 0:
            break
        found.append((index, index + len(marker)))
        position, number = index + len(marker), number + 1
    return found


def split_inline(text, first=1):
    """The text before the first inline number, and the bodies that follow each number."""
    found = inline_numbers(text, first)
    if not found:
        return text, []
    bodies = [
        text[end : (found[n + 1][0] if n + 1 < len(found) else len(text))] for n, (_, end) in enumerate(found)
    ]
    return text[: found[0][0]], [body.strip() for body in bodies]


def add_line(existing, text):
    return f"{existing}\n{text}" if existing else text


def number_ranges(numbers):
    """[3, 4, 5, 9] → "3至5、9"."""
    runs = []
    for number in numbers:
        if runs and number == runs[-1][1] + 1:
            runs[-1][1] = number
        else:
            runs.append([number, number])
    return "、".join(str(a) if a == b else f"{a}至{b}" for a, b in runs)


class OutlineReader:
    """Walks the paragraphs once, keeping track of the section, the group and the last item."""

    def __init__(self, aspects, team, title=""):
        self.default_title = title
        self.aspects = sorted(aspects, key=lambda aspect: aspect.order)
        self.team = team
        self.content = structure.empty_content(title="", team=team)
        self.content["problems"]["style"] = ""
        self.warnings = []
        self.unplaced = []  # paragraphs put into the preamble for want of a section
        self.preamble = []
        self.section = None
        self.group = None
        self.item = None
        self.seen = set()

    # --- the walk ---

    def read(self, paragraphs):
        if not paragraphs:
            self.warnings.append("粘贴的内容是空的，没有可导入的内容。")
            return self.finish()
        if paragraphs[0].kind == "plain" and looks_like_title(paragraphs[0].body):
            self.content["title"] = paragraphs.pop(0).body
            if paragraphs and paragraphs[0].kind == "plain" and looks_like_byline(paragraphs[0].body):
                self.content["byline"] = paragraphs.pop(0).body
        elif self.default_title:
            # The opening stays where it was written; the title is the one the draft would print.
            self.content["title"] = self.default_title
            self.warnings.append(f"未识别到标题，已使用“{self.default_title}”作为标题。")
        else:
            self.warnings.append("未识别到标题（第一段不像标题），标题留空，请在编辑页填写。")
        for paragraph in paragraphs:
            if paragraph.kind == "level1":
                self.heading(paragraph)
            else:
                self.place(paragraph)
        return self.finish()

    def place(self, paragraph):
        if self.section is None:
            self.preamble.append(paragraph.written)
            if paragraph.kind != "plain":
                self.unplaced.append(paragraph.number)
        elif self.section in ("previous", "matters"):
            # Free text: numbering inside it is part of what was written.
            section = self.content[self.section]
            section["text"] = add_line(section["text"], paragraph.written)
        elif self.section == "problems":
            self.problem_paragraph(paragraph)
        else:
            self.list_paragraph(paragraph)

    def heading(self, paragraph):
        key = section_of(paragraph.body)
        if key is None:
            self.warnings.append(
                f"第{paragraph.number}段的标题“{paragraph.body[:30]}”未能识别属于哪一部分，已作为正文保留。"
            )
            self.place(Paragraph(paragraph.number, "plain", "", paragraph.written))
            return
        if key not in self.seen:
            self.content[key]["title"] = paragraph.body
            self.seen.add(key)
            self.section, self.group, self.item = key, None, None
            return
        # A second heading of a section already read: carry on where that section ended.
        self.warnings.append(
            f"第{paragraph.number}段的标题“{paragraph.body[:30]}”与前面的“{self.content[key]['title']}”"
            "属于同一部分，已连同其后内容并入该部分。"
        )
        self.section, self.group, self.item = key, None, None
        if key == "problems" and self.content[key]["groups"]:
            self.group = self.content[key]["groups"][-1]
            self.item = self.group["items"][-1] if self.group["items"] else None
        elif key in ("causes", "measures") and self.content[key]["items"]:
            self.item = self.content[key]["items"][-1]
        self.place(Paragraph(paragraph.number, "plain", "", paragraph.written))

    def problem_paragraph(self, paragraph):
        problems = self.content["problems"]
        if paragraph.kind == "level2":
            self.start_group(paragraph)
        elif paragraph.kind == "arabic":
            self.add_problem(paragraph, paragraph.body, "arabic")
        elif paragraph.kind == "yishi":
            # "一是……。二是……。" in one paragraph are separate problems.
            number = CHINESE_NUMBERS.get(paragraph.marker[:-1], 1)
            first, more = split_inline(paragraph.body, number + 1)
            self.add_problem(paragraph, first.strip(), "yishi")
            for body in more:
                self.add_problem(paragraph, body, "yishi")
        elif self.item is not None:
            if self.item["example"]:
                self.item["example"] = add_line(self.item["example"], paragraph.body)
            else:
                self.item["text"] = add_line(self.item["text"], paragraph.body)
        elif self.group is not None:
            self.group["summary"] = add_line(self.group["summary"], paragraph.body)
        else:
            problems["intro"] = add_line(problems["intro"], paragraph.body)

    def start_group(self, paragraph):
        groups = self.content["problems"]["groups"]
        heading, summary = split_heading(paragraph.body)
        summary, inline = split_inline(summary)
        self.group = {
            "id": structure.new_id("g"),
            "aspect": self.aspects[len(groups)].order if len(groups) < len(self.aspects) else None,
            "heading": heading,
            "summary": summary,
            "items": [],
        }
        groups.append(self.group)
        self.item = None
        for body in inline:
            self.add_problem(paragraph, body, "yishi")

    def add_problem(self, paragraph, body, style):
        if self.group is None:
            self.warnings.append(
                f"第{paragraph.number}段的问题前没有“（一）”这样的方面标题，已放入一个没有标题的方面。"
            )
            self.start_group(Paragraph(paragraph.number, "level2", "", ""))
        problems = self.content["problems"]
        problems["style"] = problems["style"] or style
        self.item = {"id": structure.new_id("p"), **split_problem(body)}
        self.group["items"].append(self.item)

    def list_paragraph(self, paragraph):
        section = self.content[self.section]
        if paragraph.kind == "plain":
            if self.item is not None:
                self.item["text"] = add_line(self.item["text"], paragraph.body)
            else:
                section["intro"] = add_line(section["intro"], paragraph.body)
            return
        if not section["items"]:
            section["style"] = LIST_STYLE_OF_MARKER[paragraph.kind]
        lead = first_sentence(paragraph.body)
        self.item = {
            "id": structure.new_id(self.section[0]),
            "lead": lead,
            "text": paragraph.body[len(lead) :],
        }
        if self.section == "measures":
            self.item["answers"] = []
        section["items"].append(self.item)

    # --- the end ---

    def finish(self):
        content = self.content
        content["preamble"] = "\n".join(self.preamble)
        content["problems"]["style"] = content["problems"]["style"] or ("yishi" if self.team else "arabic")
        warnings = []
        if self.unplaced:
            warnings.append(f"第{number_ranges(self.unplaced)}段未能识别所属部分，已并入开头段落。")
        if not self.seen and (content["title"] or self.preamble):
            warnings.append(
                "未找到“一、存在的主要问题”这样的一级标题，"
                + ("标题以外的内容都已放入开头段落。" if self.preamble else "只导入了标题。")
            )
        for key in ("previous", "matters"):
            if key in self.seen and not content[key]["text"]:
                warnings.append(f"“{content[key]['title']}”下没有内容，该标题不会打印。")
        groups = len(content["problems"]["groups"])
        if self.aspects and "problems" in self.seen and groups != len(self.aspects):
            if groups > len(self.aspects):
                warnings.append(
                    f"问题分为{groups}个方面，会议只有{len(self.aspects)}个对照检查方面，"
                    f"第{len(self.aspects) + 1}个方面起未对应到会议的对照检查方面。"
                )
            else:
                warnings.append(
                    f"问题只分为{groups}个方面，会议有{len(self.aspects)}个对照检查方面，请核对。"
                )
        self.warnings += warnings
        fit_limits(content, self.warnings)
        return content


def fit_limits(content, warnings):
    """What normalise would refuse is made to fit, with a warning: the items of an overlong list fold
    into its last item, an overlong text is cut."""
    problems = content["problems"]
    fold_overflow(problems, "groups", "问题分组", warnings)
    for n, group in enumerate(problems["groups"], 1):
        fold_overflow(group, "items", f"第{n}组问题", warnings)
    for key in ("causes", "measures"):
        fold_overflow(content[key], "items", content[key]["title"], warnings)
    cut_long_texts(content, warnings)


def fold_overflow(holder, key, name, warnings):
    items = holder[key]
    if len(items) <= structure.MAX_ITEMS:
        return
    holder[key], extra = items[: structure.MAX_ITEMS], items[structure.MAX_ITEMS :]
    last = holder[key][-1]
    for item in extra:
        if key == "groups":
            last["items"].extend(item["items"])
            last["summary"] = add_line(last["summary"], item["heading"] + item["summary"])
        else:
            field_name = "example" if last.get("example") else "text"
            last[field_name] = add_line(
                last[field_name], item["lead"] + item["text"] + item.get("example", "")
            )
    warnings.append(
        f"“{name}”超过{structure.MAX_ITEMS}条，第{structure.MAX_ITEMS + 1}条起已并入第{structure.MAX_ITEMS}条。"
    )


def cut_long_texts(value, warnings):
    if isinstance(value, dict):
        for key, inner in value.items():
            if isinstance(inner, str) and len(inner.strip()) > structure.MAX_TEXT:
                value[key] = inner.strip()[: structure.MAX_TEXT]
                warnings.append(
                    f"“{inner.strip()[:20]}……”一段超过{structure.MAX_TEXT}字，超出的部分未能导入，请分段。"
                )
            else:
                cut_long_texts(inner, warnings)
    elif isinstance(value, list):
        for inner in value:
            cut_long_texts(inner, warnings)


def parse_outline(text: str, aspects=(), *, team: bool = False, title: str = "") -> ParsedOutline:
    """The draft structure of a pasted outline (already normalised) and warnings in Chinese.

    ``aspects`` are the meeting's MeetingAspect rows: the n-th group of problems answers the n-th.
    ``title`` is the draft's own title (services.draft_title), used when the text has no title line.
    Never raises: whatever the text, the content is valid and the warnings say what to check.
    """
    headings = structure.default_headings(team)
    reader = OutlineReader(aspects, team, title)
    content = reader.read(read_paragraphs(text or ""))
    warnings = reader.warnings
    try:
        content = structure.normalise(content, headings)
    except structure.ContentError as error:  # not expected after fit_limits; the text is still kept
        fallback = structure.empty_content(title="", team=team)
        fallback["preamble"] = "\n".join(p.written for p in read_paragraphs(text or ""))[: structure.MAX_TEXT]
        warnings.append(f"未能识别材料的结构（{error}），全文已放入开头段落。")
        content = structure.normalise(fallback, headings)
    return ParsedOutline(content=content, warnings=warnings)
