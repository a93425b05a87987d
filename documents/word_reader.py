"""Reading a Word file (.docx) as the paragraphs a reader sees, numbering included.

Word draws automatic list numbers ("一、" "（一）" "1.") from numbering.xml; they are not in the
paragraph's text. ``read_docx`` renders them from the numbering definitions (w:numPr numId/ilvl →
w:num → w:abstractNum → w:lvl numFmt, lvlText, start), counting per list and level and restarting the
lower levels when a higher one advances, as Word does. Tables are skipped and named in the warnings,
images carry no text and are ignored. Importers (inspection, feedback) parse the text that comes out.
"""

import io
from dataclasses import dataclass, field
from pathlib import PurePath

import docx
from docx.oxml.ns import qn

from . import office_file
from .numbering import chinese_number
from .office_file import OLE_MAGIC

# A 30-page material is ~60 KB of .docx; with a letterhead image or two, a few MB.
MAX_BYTES = 10 * 1024 * 1024
# A .docx is a zip: 10 MB may unpack to gigabytes ("zip bomb"); real materials unpack to a few MB.
MAX_UNPACKED_BYTES = 50 * 1024 * 1024
SAVE_AS_DOCX = "请在Word中另存为.docx后再导入"

# LibreOffice writes Word's "一, 二, 三 (简)" back as taiwaneseCountingThousand; all count alike to 99.
CHINESE_COUNTING = (
    "chineseCounting",
    "chineseCountingThousand",
    "chineseLegalSimplified",
    "taiwaneseCounting",
    "taiwaneseCountingThousand",
    "japaneseCounting",
)
IDEOGRAPH_TRADITIONAL = "甲乙丙丁戊己庚辛壬癸"
IDEOGRAPH_ZODIAC = "子丑寅卯辰巳午未申酉戌亥"
ENCLOSED_CIRCLE = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"
ROMAN = ((1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"), (50, "l"), (40, "xl"))
ROMAN += ((10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i"))


class WordFileError(Exception):
    """The file cannot be read as a .docx; the message says what to do, in Chinese."""


@dataclass
class WordText:
    """The non-empty paragraphs in order (numbering rendered in front) and what was left out."""

    paragraphs: list[str]
    warnings: list[str] = field(default_factory=list)

    @property
    def text(self):
        return "\n".join(self.paragraphs)


def is_word_file(file_name, content=b""):
    """Whether an upload is meant as a Word file (.docx or .doc, by name or by its first bytes)."""
    suffix = PurePath(file_name or "").suffix.lower()
    return suffix in (".docx", ".doc") or content.startswith(OLE_MAGIC)


def check_docx(file_name, content):
    """Raises WordFileError unless ``content`` may be opened as a .docx of a sensible size."""
    suffix = PurePath(file_name or "").suffix.lower()
    if suffix == ".doc" or content.startswith(OLE_MAGIC):
        raise WordFileError(
            f"“{file_name}”是旧版Word文档（.doc）或设置了打开密码的文件，无法读取；{SAVE_AS_DOCX}。"
        )
    if len(content) > MAX_BYTES:
        raise WordFileError(f"文件超过{MAX_BYTES // 1024 // 1024} MB，请检查是否选错了文件。")
    found = office_file.defect(content, "word/document.xml", MAX_UNPACKED_BYTES)
    if found is office_file.Defect.NOT_ZIP:
        raise WordFileError(
            f"“{file_name}”的内容不是Word文档（可能是改了扩展名的其他文件）；{SAVE_AS_DOCX}。"
        )
    if found is office_file.Defect.BROKEN:
        raise WordFileError(_BROKEN)
    if found is office_file.Defect.WRONG_KIND:
        raise WordFileError(f"“{file_name}”不是Word文档（可能是改了扩展名的表格或压缩包）。")
    if found is office_file.Defect.TOO_LARGE:
        raise WordFileError("文件过大：解压后的内容超出限制，请检查是否选错了文件。")


_BROKEN = "文件已损坏，无法读取；请在Word中打开并重新保存为.docx后再导入。"


def read_docx(file_name, content):
    """The paragraphs of a .docx as Word shows them; raises WordFileError for an unusable file."""
    check_docx(file_name, content)
    # python-docx raises many different errors on a damaged file; for the user they mean the same.
    try:
        document = docx.Document(io.BytesIO(content))
        numbering = Numbering(document)
        paragraphs, warnings, tables = [], [], 0
        for element in document.element.body.iterchildren():
            if element.tag == qn("w:tbl"):
                tables += 1
                warnings.append(f"第{tables}个表格未导入（表格中的文字请复制到正文段落后再导入）。")
            elif element.tag == qn("w:p"):
                text = paragraph_text(element)
                marker = numbering.marker(element)
                if not paragraphs:
                    # The title is broken over lines for balance (GB/T 9704 §7.3.1), not into paragraphs.
                    text = "".join(line.strip() for line in text.split("\n"))
                if text.strip():
                    paragraphs.append(marker + text.strip())
    except WordFileError:
        raise
    except Exception:
        raise WordFileError(_BROKEN)
    return WordText(paragraphs, warnings)


def paragraph_text(paragraph):
    """The text of a w:p: runs, hyperlinks and fields' results; tabs as spaces, line breaks kept."""
    out = []
    for node in paragraph.iter(qn("w:t"), qn("w:tab"), qn("w:br"), qn("w:cr"), qn("w:delText")):
        if node.tag == qn("w:t"):
            out.append(node.text or "")
        elif node.tag == qn("w:tab"):
            out.append(" ")
        elif node.tag in (qn("w:br"), qn("w:cr")) and node.get(qn("w:type")) in (None, "textWrapping"):
            out.append("\n")
    return "".join(out)


def format_number(value, number_format):
    """One level's number in its w:numFmt; an unknown format falls back to decimal."""
    if number_format in CHINESE_COUNTING:
        return chinese_number(value) if 0 < value < 100 else str(value)
    if number_format == "ideographDigital":  # digit by digit: 10 → 一〇
        return "".join("〇一二三四五六七八九"[int(digit)] for digit in str(value))
    if number_format == "ideographTraditional":
        return IDEOGRAPH_TRADITIONAL[(value - 1) % 10]
    if number_format == "ideographZodiac":
        return IDEOGRAPH_ZODIAC[(value - 1) % 12]
    if number_format == "decimalEnclosedCircle" or number_format == "decimalEnclosedCircleChinese":
        return ENCLOSED_CIRCLE[value - 1] if 0 < value <= len(ENCLOSED_CIRCLE) else str(value)
    if number_format == "decimalFullWidth":
        return "".join(chr(ord(digit) + 0xFEE0) for digit in str(value))
    if number_format == "decimalZero":
        return f"{value:02d}"
    if number_format in ("lowerLetter", "upperLetter"):
        letter = chr(ord("a") + (value - 1) % 26) * ((value - 1) // 26 + 1)
        return letter.upper() if number_format == "upperLetter" else letter
    if number_format in ("lowerRoman", "upperRoman"):
        roman, rest = "", value
        for amount, letters in ROMAN:
            while rest >= amount:
                roman, rest = roman + letters, rest - amount
        return roman.upper() if number_format == "upperRoman" else roman
    if number_format in ("none", "bullet"):
        return ""
    return str(value)


@dataclass
class Level:
    number_format: str = "decimal"
    text: str = ""
    start: int = 1


def _val(element, tag, default=None):
    child = element.find(qn(tag)) if element is not None else None
    return child.get(qn("w:val"), default) if child is not None else default


class Numbering:
    """The document's list definitions and the counters of the lists met so far."""

    def __init__(self, document):
        self.abstract = {}  # abstractNumId → {ilvl: Level}
        self.lists = {}  # numId → (abstractNumId, {ilvl: start override})
        self.counters = {}  # abstractNumId → {ilvl: current value}
        self.started = set()  # numIds whose start overrides were applied
        self.styles = {}  # styleId → (numId, ilvl, basedOn)
        try:
            root = document.part.numbering_part.element
        except (KeyError, NotImplementedError, AttributeError):
            root = None
        if root is not None:
            self._read_definitions(root)
        self._read_styles(document)

    def _read_definitions(self, root):
        for abstract in root.iterchildren(qn("w:abstractNum")):
            levels = {}
            for lvl in abstract.iterchildren(qn("w:lvl")):
                levels[int(lvl.get(qn("w:ilvl"), "0"))] = Level(
                    number_format=_val(lvl, "w:numFmt", "decimal"),
                    text=_val(lvl, "w:lvlText", ""),
                    start=int(_val(lvl, "w:start", "1")),
                )
            self.abstract[abstract.get(qn("w:abstractNumId"))] = levels
        for num in root.iterchildren(qn("w:num")):
            overrides = {}
            for override in num.iterchildren(qn("w:lvlOverride")):
                start = _val(override, "w:startOverride")
                if start is not None:
                    overrides[int(override.get(qn("w:ilvl"), "0"))] = int(start)
            self.lists[num.get(qn("w:numId"))] = (_val(num, "w:abstractNumId"), overrides)

    def _read_styles(self, document):
        try:
            styles = document.styles.element
        except (KeyError, NotImplementedError, AttributeError):
            return
        for style in styles.iterchildren(qn("w:style")):
            num_pr = style.find(f"{qn('w:pPr')}/{qn('w:numPr')}")
            self.styles[style.get(qn("w:styleId"))] = (
                _val(num_pr, "w:numId"),
                _val(num_pr, "w:ilvl"),
                _val(style, "w:basedOn"),
            )

    def _num_pr(self, paragraph):
        """(numId, ilvl) of a paragraph, from its own properties or its style's (through basedOn)."""
        num_pr = paragraph.find(f"{qn('w:pPr')}/{qn('w:numPr')}")
        num_id, level = _val(num_pr, "w:numId"), _val(num_pr, "w:ilvl")
        style_id, seen = _val(paragraph.find(qn("w:pPr")), "w:pStyle"), set()
        while (num_id is None or level is None) and style_id in self.styles and style_id not in seen:
            seen.add(style_id)
            style_num, style_level, style_id = self.styles[style_id]
            num_id = num_id if num_id is not None else style_num
            level = level if level is not None else style_level
        return num_id, int(level or 0)

    def marker(self, paragraph):
        """The number Word draws in front of the paragraph ("" for none), advancing the counters."""
        num_id, level = self._num_pr(paragraph)
        if num_id in (None, "0") or num_id not in self.lists:
            return ""
        abstract_id, overrides = self.lists[num_id]
        levels = self.abstract.get(abstract_id, {})
        if level not in levels:
            return ""
        counters = self.counters.setdefault(abstract_id, {})
        if num_id not in self.started:
            # "Restart numbering" in Word is a new w:num with a start override on the same definition.
            self.started.add(num_id)
            for overridden, start in overrides.items():
                counters[overridden] = start - 1
                for lower in [key for key in counters if key > overridden]:
                    del counters[lower]
        counters[level] = counters[level] + 1 if level in counters else levels[level].start
        for lower in [key for key in counters if key > level]:
            del counters[lower]  # a higher level advanced: the lower ones start again
        text = levels[level].text
        for shown in range(level, -1, -1):
            if f"%{shown + 1}" in text:
                value = counters.get(shown, levels.get(shown, Level()).start)
                shown_format = levels.get(shown, Level()).number_format
                text = text.replace(f"%{shown + 1}", format_number(value, shown_format))
        if levels[level].number_format == "bullet":
            return ""
        return text
