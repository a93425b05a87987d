"""Where a title of more than one line breaks (GB/T 9704-2012 §7.3.1): "标题……回行时，要做到词意完整，排列
对称，长短适宜，间距恰当，标题排列应当使用梯形或菱形".

A title is a sequence of parts (the team's name, the meeting's name, the document's name, the words
of the wording between them), each unbreakable but at the break points it names. ``title_lines``
chooses, once for both renderers, the lines a title prints on: one line when it fits; otherwise the
fewest lines, broken only between parts or at their break points, each line within the type area,
shaped as a 梯形 (each line no longer than the next: 上短下长) or, on three lines, a 菱形 (the middle
longest), and among those the most even.
"""

import functools
import itertools
import re
import string
from dataclasses import dataclass

from .tree import text_width

# Above this many lines a "title" is a paragraph someone typed: it wraps as the renderer wraps it.
MAX_LINES = 4


@dataclass(frozen=True)
class TitlePart:
    """One unbreakable piece of a title, but at ``breaks`` (offsets into ``text``)."""

    text: str
    breaks: tuple[int, ...] = ()


class Title(str):
    """A document's title: the text it prints (it *is* that string) and the parts it may break between.

    A plain string used as a title gets its parts from ``guess_parts``; an exporter that knows them says
    so with ``Title.format(TEMPLATE, team=…, meeting=…)``.
    """

    parts: tuple[TitlePart, ...]

    def __new__(cls, *parts):
        parts = tuple(p if isinstance(p, TitlePart) else TitlePart(str(p)) for p in parts if str(p))
        title = super().__new__(cls, "".join(part.text for part in parts))
        # One string (a copy, a pickle): its parts are guessed as a plain string's would be.
        title.parts = parts if len(parts) > 1 else guess_parts(str(title))
        return title

    @classmethod
    def format(cls, template, **fields):
        """The template's words and each field as parts: ``Title.format("{team}{meeting}整改清单", …)``.
        A field may be a ``TitlePart`` (a meeting's name from ``meeting_part``, with its break points)."""
        parts = []
        for literal, name, _spec, _conversion in string.Formatter().parse(template):
            if literal:
                parts.append(TitlePart(literal))
            if name is not None:
                parts.extend(_parts_of(fields[name]))
        return cls(*parts)

    @classmethod
    def within(cls, text, *known):
        """``text`` (a title someone typed) cut around the parts it is known to hold (the team's name,
        the meeting's ``meeting_part``), the rest of it cut as ``guess_parts`` would."""
        known = [p if isinstance(p, TitlePart) else TitlePart(str(p)) for p in known if str(p)]
        spans = []
        for part in sorted(known, key=lambda p: len(p.text), reverse=True):
            start = text.find(part.text)
            while start >= 0 and any(a < start + len(part.text) and start < b for a, b, _ in spans):
                start = text.find(part.text, start + 1)
            if start >= 0:
                spans.append((start, start + len(part.text), part))
        parts, offset = [], 0
        for start, end, part in sorted(spans, key=lambda span: span[0]):
            if start > offset:
                parts.extend(guess_parts(text[offset:start]))
            parts.append(part)
            offset = end
        if offset < len(text):
            parts.extend(guess_parts(text[offset:]))
        return cls(*parts)

    def __reduce__(self):
        return (_rebuild, (self.parts,))


def _parts_of(value):
    if isinstance(value, Title):
        return value.parts
    return [value if isinstance(value, TitlePart) else TitlePart(str(value))]


def _rebuild(parts):
    return Title(*parts)


# A meeting's name may break after its year (2026年度 / 2026年) and before its kind (专题民主生活会 or, with no
# theme between, 民主生活会): "2026年度党史学习教育 / 专题民主生活会".
YEAR = re.compile(r"^\d{4}年度?")
KIND = re.compile(r"(专题)?民主生活会")


def meeting_part(name: str) -> TitlePart:
    """The meeting's own name (2026年度党史学习教育专题民主生活会) as one part with its break points."""
    breaks = set()
    year = YEAR.match(name)
    if year:
        breaks.add(year.end())
    kind = KIND.search(name)
    if kind:
        breaks.add(kind.start())
    return TitlePart(name, tuple(sorted(b for b in breaks if 0 < b < len(name))))


# A team's name may break before the 领导班子 / 常委班子 it names (江城市住房和城乡建设局党组 / 领导班子): a long
# name before a short rest of the title would otherwise print its upper line longer than the lower. The
# body and its 党组 (…保障局党组) are one name and never part: such a title keeps it whole and, if it
# must, prints the upper line the longer (词意完整 comes first in §7.3.1).
TEAM_BREAKS = re.compile(r"(?<=.)(?=领导班子|常委班子)")


def team_part(name: str) -> TitlePart:
    """The team's name (领导班子名称) as one part with its break points."""
    return TitlePart(name, tuple(sorted({m.start() for m in TEAM_BREAKS.finditer(name)} - {0, len(name)})))


def meeting_parts(meeting) -> tuple[TitlePart, TitlePart]:
    """The parts a meeting's documents name it by: the team's name (领导班子名称), then its own name."""
    return team_part(meeting.organisation.leadership_name), meeting_part(meeting.display_name)


# Break points in a title nobody gave parts for (typed by a clerk, or read from a real document): after
# an opening 关于, after the name of a unit or person, after a year, around the campaign's name, before
# the meeting's kind, after the meeting (and its 上的), before a closing parenthesis. Anything else
# (…实施 / 方案, …民主生活 / 会) never breaks.
AFTER = re.compile(
    r"^关于"
    r"|(?:街道|党工委|党组(?!织)|党委|常委班子|领导班子(?!成员)|班子成员|委员会|局(?:党组)?|同志|党员干部|领导干部)"
    r"|\d{4}年度?|党史学习教育|召开|五个带头|[”\"]"
    r"|民主生活会(?:上的)?"
)
BEFORE = re.compile(r"(?:专题)?民主生活会|（[^）]*）$|[“\"]")
# As Chinese line breaking has it: no line starts with a closing mark, none ends with an opening one.
NO_LINE_START = frozenset("，。、；：？！）》」』】〕”’…—·%,.;:?!)]}")
NO_LINE_END = frozenset("（《「『【〔“‘([{")


def guess_parts(text: str) -> tuple[TitlePart, ...]:
    """A plain title cut into parts at the break points a reader of real titles would allow."""
    points = {m.end() for m in AFTER.finditer(text)} | {m.start() for m in BEFORE.finditer(text)}
    # 专题民主生活会 stays whole: no break between 专题 and 民主生活会.
    points -= {m.start() + 2 for m in re.finditer("专题民主生活会", text)}
    # A straight quote opens when an even number of them stand before it, and closes otherwise.
    quotes = [m.start() for m in re.finditer('"', text)]
    opening, closing = set(quotes[::2]), {q + 1 for q in quotes[1::2]}
    points = {p for p in points if p not in quotes or p in opening}
    points = {p for p in points if p in closing or text[p - 1] != '"'}
    points = {p for p in points if 0 < p < len(text)}
    points = {p for p in points if text[p] not in NO_LINE_START and text[p - 1] not in NO_LINE_END}
    # Inside quotes, nothing breaks: "五个带头" is one word.
    inside = set()
    for start, end in zip(quotes[::2], quotes[1::2], strict=False):
        inside.update(range(start + 1, end + 1))
    for m in re.finditer("“[^”]*”", text):
        inside.update(range(m.start() + 1, m.end()))
    cuts = [0, *sorted(points - inside), len(text)]
    return tuple(TitlePart(text[a:b]) for a, b in itertools.pairwise(cuts) if b > a)


def break_points(title: str) -> tuple[list[int], set[int]]:
    """Offsets where ``title`` may break, and which of them fall between parts."""
    parts = title.parts if isinstance(title, Title) else guess_parts(title)
    points, between, offset = [], set(), 0
    for number, part in enumerate(parts):
        if number:
            points.append(offset)
            between.add(offset)
        points.extend(offset + b for b in part.breaks)
        offset += len(part.text)
    return sorted(set(points)), between


@functools.cache
def title_chars(landscape: bool = False) -> int:
    """二号 (22 pt) characters in a line of the type area: 20 in 156 mm, 31 in landscape's 243 mm
    (the title is not condensed as the body is)."""
    # Imported here: the page's geometry lives with the .docx renderer, which imports this module.
    from docx.shared import Length

    from .render_docx import TITLE_PT, _type_width

    return int(Length(_type_width(landscape)).pt // TITLE_PT)


def title_lines(title: str, landscape: bool = False) -> list[str]:
    """The lines the title prints on (see the module's docstring); one line if it fits or cannot be
    shaped (a title longer than four lines, or a part longer than a line, wraps as it falls)."""
    return break_title(title, title_chars(landscape))


def break_title(title: str, chars: float) -> list[str]:
    """``title`` broken into lines of at most ``chars`` title characters (see ``title_lines``)."""
    text = str(title)
    if text_width(text) <= chars:
        return [text]
    points, between = break_points(title)
    fewest = int(-(-text_width(text) // chars))
    fallback = None
    for count in range(max(fewest, 2), MAX_LINES + 1):
        best = unshaped = None
        for cuts in itertools.combinations(points, count - 1):
            lines = [text[a:b] for a, b in itertools.pairwise([0, *cuts, len(text)])]
            widths = [text_width(line) for line in lines]
            if max(widths) > chars:
                continue
            # Most even first, then fewest breaks inside a part, then the lower lines longer.
            score = (
                max(widths) - min(widths),
                sum(c not in between for c in cuts),
                [-w for w in widths[::-1]],
            )
            if _shaped(widths):
                if best is None or score < best[0]:
                    best = (score, lines)
            elif unshaped is None or score < unshaped[0]:
                unshaped = (score, lines)
        if best is not None:
            return best[1]
        fallback = fallback or unshaped
    # No shape on up to four lines: the fewest lines that fit, most even; else as it falls.
    return fallback[1] if fallback else [text]


def _shaped(widths):
    """梯形: each line no longer than the next; 菱形 (three lines): the middle line the longest; or, on
    three lines or more, lines within a character of each other."""
    if all(a <= b for a, b in itertools.pairwise(widths)):
        return True
    if len(widths) >= 3 and max(widths) - min(widths) <= 1:
        return True  # three or more lines within a character of each other: a rectangle
    return len(widths) == 3 and widths[1] >= widths[0] and widths[1] >= widths[2]
