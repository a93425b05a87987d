"""Checking the rows against the meeting: its aspects, categories, channels and team members, and duplicates.

Duplicates (the same text once whitespace and punctuation are ignored, within the file or against the
meeting's opinions) are problems marked ``is_duplicate``: the import refuses them unless asked not to.
"""

import re
import unicodedata
from dataclasses import dataclass

from ..models import OpinionStatus
from ..services import team_members
from .columns import (
    ADDRESSEE,
    ASPECT,
    CATEGORY,
    CHANNEL,
    EXAMPLE_MARK,
    MAX_TEXT,
    REASON,
    STATUS,
    STATUS_NAMES,
    TEAM_LABEL,
    TEAM_NAMES,
    TEXT,
    Problem,
)


@dataclass
class ValidRow:
    number: int
    text: str
    aspect: object
    category: object
    channel: object
    addressee: object
    status: str
    reject_reason: str


def comparable(text):
    """Text for comparing: full/half width, case, whitespace and punctuation do not matter."""
    text = unicodedata.normalize("NFKC", text).casefold()
    return "".join(char for char in text if unicodedata.category(char)[0] not in "PZC")


CHINESE_DIGITS = {"一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
NUMBER = r"([0-9]+|[一二三四五六七八九十]+)"
ASPECT_NUMBER = re.compile(rf"^第?{NUMBER}个?(?:方面)?$")
ASPECT_NUMBER_AND_NAME = re.compile(rf"^{NUMBER}\s*[.、:：)）]\s*(.+)$")


def _number(text):
    if text.isdigit():
        return int(text)
    tens, _, ones = text.rpartition("十")
    if "十" not in text:
        return CHINESE_DIGITS.get(text)
    return (CHINESE_DIGITS.get(tens, 0) if tens else 1) * 10 + (CHINESE_DIGITS.get(ones, 0) if ones else 0)


class Choices:
    """Everything rows are checked against, loaded in a fixed handful of queries whatever the file size."""

    def __init__(self, meeting):
        self.aspects = list(meeting.aspects.all())
        self.categories = list(meeting.source_categories.all())
        self.channels = list(meeting.channels.all())
        self.members = list(team_members(meeting))
        self.aspect_by_number = {aspect.order: aspect for aspect in self.aspects}
        self.aspect_by_text = {}
        for aspect in reversed(self.aspects):  # reversed: on a clash the first aspect wins
            # A summary's heading prints the name or the full text, either with "方面" after it.
            for text in (aspect.name, f"{aspect.name}方面", aspect.text, f"{aspect.text}方面"):
                self.aspect_by_text[comparable(text)] = aspect
        self.category_by_name = {comparable(c.name): c for c in self.categories}
        self.channel_by_name = {comparable(c.name): c for c in self.channels}
        self.members_by_name = {}
        for member in self.members:
            self.members_by_name.setdefault(comparable(member.name), []).append(member)

    def aspect(self, value):
        """(aspect, problem message); both None for an empty cell."""
        if not value:
            return None, None
        value = unicodedata.normalize("NFKC", value).strip()
        match = ASPECT_NUMBER.match(value.replace(" ", ""))
        if match:
            return self._aspect_numbered(_number(match.group(1)))
        match = ASPECT_NUMBER_AND_NAME.match(value)
        if match:
            aspect, message = self._aspect_numbered(_number(match.group(1)))
            if aspect is not None and self.aspect_by_text.get(comparable(match.group(2))) != aspect:
                return None, f"第{aspect.order}个方面是“{aspect.name}”，与“{match.group(2)}”不一致。"
            return aspect, message
        aspect = self.aspect_by_text.get(comparable(value))
        if aspect is None:
            example = f"，如“{self.aspects[0].order}”或“{self.aspects[0].name}”" if self.aspects else ""
            return None, f"找不到方面“{value}”；请填写方面的序号或简称{example}。"
        return aspect, None

    def _aspect_numbered(self, number):
        aspect = self.aspect_by_number.get(number)
        if aspect is not None:
            return aspect, None
        message = f"找不到“第{number}个方面”，本次会议共{len(self.aspects)}个方面"
        orders = [a.order for a in self.aspects]
        if orders != list(range(1, len(orders) + 1)):
            message += f"（序号为{'、'.join(str(order) for order in orders)}）"
        return None, f"{message}。"

    def member(self, value):
        """(user or None for the team, problem message)."""
        key = comparable(re.sub(r"[（(].*[)）]$", "", value))  # "张三（县委常委）" → 张三
        if key in {comparable(name) for name in TEAM_NAMES}:
            return None, None
        found = self.members_by_name.get(key, [])
        if len(found) == 1:
            return found[0], None
        if found:
            return None, f"班子中有{len(found)}位成员名为“{value}”，无法区分；请先在系统中区分姓名后再导入。"
        names = "、".join(member.name for member in self.members) or "（本次会议尚无班子成员）"
        return None, f"找不到班子成员“{value}”；可填：{names}，留空或填“{TEAM_LABEL}”表示对领导班子的意见。"


def _named(value, by_name, choices, what):
    if not value:
        return None, f"未填写{what}；可填：{'、'.join(c.name for c in choices)}。"
    found = by_name.get(comparable(value))
    if found is None:
        return None, f"找不到{what}“{value}”；本次会议的{what}有：{'、'.join(c.name for c in choices)}。"
    return found, None


def validate(meeting, rows):
    """(valid rows, problems). A duplicate row is a valid row with a duplicate problem beside it."""
    choices = Choices(meeting)
    existing = {}
    for pk, text in meeting.opinions.order_by("pk").values_list("pk", "text"):
        existing.setdefault(comparable(text), pk)
    first_row_with_text = {}
    valid, problems = [], []
    for row in rows:
        checked, found = _check_row(row, choices)
        text = row.get(TEXT)
        # Checked even on a row with other problems, so that one round of corrections fixes everything.
        if text and not any(problem.column == TEXT for problem in found):
            key = comparable(text)
            if key in existing:
                found.append(Problem(row.number, TEXT, f"与已录入的第{existing[key]}号意见内容重复。", True))
            elif key in first_row_with_text:
                found.append(Problem(row.number, TEXT, f"与第{first_row_with_text[key]}行内容重复。", True))
            first_row_with_text.setdefault(key, row.number)
        if all(problem.is_duplicate for problem in found):
            valid.append(checked)
        problems.extend(found)
    problems.sort(key=lambda p: p.sort_key)
    return valid, problems


def _check_row(row, choices):
    """(ValidRow or None, problems) for one row, duplicates aside."""
    found = []

    def problem(column, message):
        found.append(Problem(row.number, column, message))

    text = row.get(TEXT)
    if not text:
        problem(TEXT, "内容为空。")
    elif len(text) > MAX_TEXT:
        problem(TEXT, f"内容超过{MAX_TEXT}字（本行{len(text)}字），请精简或拆成几条。")
    elif text.startswith(EXAMPLE_MARK):
        problem(TEXT, "这是模板中的示例行，请删除后再导入。")

    status = STATUS_NAMES.get(row.get(STATUS).replace(" ", ""))
    if status is None:
        problem(STATUS, f"无法识别状态“{row.get(STATUS)}”；只能填：已采纳、待分拣、不予采纳，留空为已采纳。")
    reason = row.get(REASON)
    if status == OpinionStatus.REJECTED and not reason:
        problem(REASON, "状态为“不予采纳”时须在“理由”列写明理由。")

    aspect, message = choices.aspect(row.get(ASPECT))
    if message:
        problem(ASPECT, message)
    elif aspect is None and status == OpinionStatus.ACCEPTED:
        # The rule of services.create_opinion: an accepted opinion belongs to an aspect.
        problem(ASPECT, "未填写方面；已采纳的意见须归入一个方面，尚未归类的请把状态填为“待分拣”。")
    category, message = _named(row.get(CATEGORY), choices.category_by_name, choices.categories, "类别")
    if message:
        problem(CATEGORY, message)
    channel, message = _named(row.get(CHANNEL), choices.channel_by_name, choices.channels, "渠道")
    if message:
        problem(CHANNEL, message)
    addressee, message = choices.member(row.get(ADDRESSEE))
    if message:
        problem(ADDRESSEE, message)

    if found:
        return None, found
    return (
        ValidRow(
            number=row.number,
            text=text,
            aspect=aspect,
            category=category,
            channel=channel,
            addressee=addressee,
            status=status,
            reject_reason=reason if status == OpinionStatus.REJECTED else "",
        ),
        found,
    )
