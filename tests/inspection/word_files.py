"""Word files for the import tests, built with python-docx, numbered by Word's own numbering XML.

``word_file`` writes paragraphs; a paragraph given as ``(text, level)`` is put in the document's
outline list at that level (0 "一、", 1 "（一）", 2 "1."), so that, as in a file typed in Word, its
number is in numbering.xml and not in the text. ``(text, 0, STRAIGHT)`` puts it in a one-level "1." list
of its own, which Word numbers straight through whatever headings come between.
"""

import io
import struct
import zlib

import docx
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn

# Levels of the outline list, as Word's "多级列表" for official documents defines them.
OUTLINE_LEVELS = (("chineseCounting", "%1、"), ("chineseCounting", "（%2）"), ("decimal", "%3."))
ABSTRACT_ID = "90"
NUM_ID = "90"
STRAIGHT = "91"


def add_outline_list(document, abstract_id=ABSTRACT_ID, num_id=NUM_ID, restart=False, levels=OUTLINE_LEVELS):
    """Adds an abstractNum with the three outline levels and a w:num pointing at it."""
    numbering = document.part.numbering_part.element
    outline_levels = levels
    if numbering.find(f"{qn('w:abstractNum')}[@{qn('w:abstractNumId')}='{abstract_id}']") is None:
        levels = "".join(
            f'<w:lvl w:ilvl="{n}"><w:start w:val="1"/><w:numFmt w:val="{fmt}"/>'
            f'<w:lvlText w:val="{text}"/><w:lvlJc w:val="left"/></w:lvl>'
            for n, (fmt, text) in enumerate(outline_levels)
        )
        abstract = parse_xml(
            f'<w:abstractNum {nsdecls("w")} w:abstractNumId="{abstract_id}">'
            f'<w:multiLevelType w:val="multilevel"/>{levels}</w:abstractNum>'
        )
        # abstractNum elements come before every w:num (the schema's order).
        first_num = numbering.find(qn("w:num"))
        if first_num is None:
            numbering.append(abstract)
        else:
            first_num.addprevious(abstract)
    override = ""
    if restart:
        override = '<w:lvlOverride w:ilvl="0"><w:startOverride w:val="1"/></w:lvlOverride>'
    numbering.append(
        parse_xml(
            f'<w:num {nsdecls("w")} w:numId="{num_id}"><w:abstractNumId w:val="{abstract_id}"/>'
            f"{override}</w:num>"
        )
    )


def number_paragraph(paragraph, level, num_id=NUM_ID):
    properties = paragraph._p.get_or_add_pPr()
    properties.append(
        parse_xml(f'<w:numPr {nsdecls("w")}><w:ilvl w:val="{level}"/><w:numId w:val="{num_id}"/></w:numPr>')
    )


def word_file(paragraphs, tables=0, image=False):
    """A .docx (bytes) of ``paragraphs``: strings, or (text, level) for a numbered paragraph."""
    document = docx.Document()
    add_outline_list(document)
    add_outline_list(document, STRAIGHT, STRAIGHT, levels=(("decimal", "%1."),))
    for index, item in enumerate(paragraphs):
        text, level, num_id = (item, None, None) if isinstance(item, str) else (*item, NUM_ID)[:3]
        paragraph = document.add_paragraph(text)
        if level is not None:
            number_paragraph(paragraph, level, num_id)
        if index == 1 and tables:
            for n in range(tables):
                table = document.add_table(rows=1, cols=2)
                table.cell(0, 0).text = f"表格{n + 1}"
                table.cell(0, 1).text = "表格中的字"
    if image:
        document.paragraphs[-1].add_run().add_picture(io.BytesIO(PNG))
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _png():
    """A 1×1 white PNG."""

    def chunk(kind, data):
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"\x00\xff\xff\xff"))
        + chunk(b"IEND", b"")
    )


PNG = _png()
