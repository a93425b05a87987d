"""Drawing the laid-out pages and writing the file with pydyf (WeasyPrint's own PDF writer); fonts
embedded as WeasyPrint embeds them (a HarfBuzz subset, CIDFont, Identity-H, a ToUnicode map so the
text copies out)."""

import hashlib
import io

import pydyf

from .fonts import Style
from .geometry import (
    BOLD_STROKE,
    CELL_PADDING,
    MARGIN_BOTTOM,
    MARGIN_LEFT,
    MARGIN_RIGHT,
    NUMBER_GAP,
    PAGE_NUMBER_PT,
    RULE,
    TABLE_LINE,
)
from .lines import baseline_of


class Canvas:
    """One page's content stream, in PDF operators (points, origin at the page's bottom left)."""

    def __init__(self, height, used):
        self.height = height
        self.used = used  # face → {glyph id: the character it prints}, for the whole document
        self.ops = []

    def text(self, glyphs, x, baseline, gap):
        y = self.height - baseline
        ops = self.ops
        bold = any(glyph.style.bold for glyph in glyphs)
        if bold:  # the stroke that fakes the bold, in a state of its own (rules keep theirs)
            ops.append(f"q {BOLD_STROKE:g} w")
        ops.append(f"BT 1 0 0 1 {x:.3f} {y:.3f} Tm")
        current = None
        items = []
        last = len(glyphs) - 1
        for index, glyph in enumerate(glyphs):
            style = glyph.style
            key = (glyph.face, style)
            if key != current:
                if items:
                    ops.append("[" + "".join(items) + "] TJ")
                    items = []
                if glyph.face is not None:
                    if glyph.face not in self.used:
                        self.used[glyph.face] = {}
                    ops.append(f"/F{list(self.used).index(glyph.face) + 1} {style.size:g} Tf")
                    ops.append(f"{2 if style.bold else 0} Tr")
                current = key
            space = glyph.width - (glyph.face.advance(glyph.gid) * style.size if glyph.face else 0.0)
            space += style.spacing + (gap if index < last else 0.0)
            if glyph.face is not None:
                self.used[glyph.face].setdefault(glyph.gid, glyph.char)
                items.append(f"<{glyph.gid:04x}>")
            if space and index < last:
                items.append(f"{-space * 1000 / style.size:.3f}")
        if items:
            ops.append("[" + "".join(items) + "] TJ")
        ops.append("ET")
        if bold:
            ops.append("Q")

    def rule(self, x1, y1, x2, y2):
        self.ops.append(f"{x1:.3f} {self.height - y1:.3f} m {x2:.3f} {self.height - y2:.3f} l S")

    def data(self):
        return ("q 0 g 0 G " + f"{RULE:g} w\n" + "\n".join(self.ops) + "\nQ").encode()


def draw_row(canvas, table, row, top):
    x = table.x
    bottom = top + row.height
    canvas.rule(x - RULE / 2, top, x + sum(table.widths) + RULE / 2, top)
    canvas.rule(x - RULE / 2, bottom, x + sum(table.widths) + RULE / 2, bottom)
    for lines, width in zip(row.cells, table.widths, strict=True):
        canvas.rule(x, top, x, bottom)
        content = len(lines) * TABLE_LINE
        offset = (row.height - RULE - 2 * CELL_PADDING[0] - content) / 2
        y = top + RULE / 2 + CELL_PADDING[0] + offset
        for line in lines:
            if line.glyphs:
                canvas.text(line.glyphs, x + RULE / 2 + CELL_PADDING[1] + line.x, y + line.baseline, 0.0)
            y += TABLE_LINE
        x += width
    canvas.rule(x, top, x, bottom)


def page_number(fonts_, canvas, size, number):
    """ "— N —" 7 mm under the type area, one character in from the right on odd pages, the left on even."""
    style = Style("song", PAGE_NUMBER_PT)
    glyphs = fonts_.glyphs(f"—\u2002{number}\u2002—", style)
    width = sum(g.advance for g in glyphs)
    x = size[0] - MARGIN_RIGHT - PAGE_NUMBER_PT - width if number % 2 else MARGIN_LEFT + PAGE_NUMBER_PT
    top = size[1] - MARGIN_BOTTOM + NUMBER_GAP
    canvas.text(glyphs, x, top + baseline_of(fonts_.faces["song"], PAGE_NUMBER_PT, PAGE_NUMBER_PT), 0.0)


def draw_pages(title, pages, fonts_, *, numbered_from):
    """The PDF of the laid-out pages; pages from ``numbered_from`` on print their numbers."""
    used = {}
    canvases = []
    for number, (placed, size) in enumerate(zip(pages.pages, pages.sizes, strict=True), 1):
        canvas = Canvas(size[1], used)
        for item, top in placed:
            if isinstance(item, tuple):
                draw_row(canvas, item[0], item[1], top)
            else:
                item.draw(canvas, top)
        if number >= numbered_from:
            page_number(fonts_, canvas, size, number)
        canvases.append(canvas)
    return write_pdf(title, pages.sizes, canvases, used)


def write_pdf(title, sizes, canvases, used):
    pdf = pydyf.PDF()
    pdf.info["Title"] = pydyf.String(str(title))
    pdf.info["Producer"] = pydyf.String("shenghuohui documents.typeset")
    pdf.catalog["Lang"] = pydyf.String("zh-CN")
    font_resources = pydyf.Dictionary()
    for number, (face, glyphs) in enumerate(used.items(), 1):
        font_resources[f"F{number}"] = embed(pdf, face, glyphs).reference
    resources = pydyf.Dictionary({"Font": font_resources})
    pdf.add_object(resources)
    for canvas, size in zip(canvases, sizes, strict=True):
        stream = pydyf.Stream([canvas.data()], compress=True)
        pdf.add_object(stream)
        page = pydyf.Dictionary(
            {
                "Type": "/Page",
                "Parent": pdf.pages.reference,
                "MediaBox": pydyf.Array([0, 0, round(size[0], 3), round(size[1], 3)]),
                "Contents": stream.reference,
                "Resources": resources.reference,
            }
        )
        pdf.add_page(page)
    output = io.BytesIO()
    pdf.write(output, version=b"1.7", compress=True)
    return output.getvalue()


def embed(pdf, face, used):
    """The glyphs ``used`` of a face (id → character) as a Type0 font (CIDFont, Identity-H, ToUnicode),
    as WeasyPrint embeds them."""
    import uharfbuzz as hb

    gids = sorted(used)
    subset_input = hb.SubsetInput()
    for gid in gids:
        subset_input.glyph_set.add(gid)
    subset_input.flags = (
        hb.SubsetFlags.RETAIN_GIDS | hb.SubsetFlags.DESUBROUTINIZE | hb.SubsetFlags.NO_HINTING
    )
    subset = hb.subset(face.face, subset_input)
    data = subset.blob.data if subset is not None else face.blob.data
    opentype = data[:4] == b"OTTO"
    extra = pydyf.Dictionary({"Subtype": "/OpenType"} if opentype else {"Length1": len(data)})
    file_stream = pydyf.Stream([data], extra, compress=True)
    pdf.add_object(file_stream)
    tag = "".join(chr(65 + b % 26) for b in hashlib.sha256(repr(gids).encode()).digest()[:6])
    base = f"/{tag}+{face.name}"
    widths = {gid: round(face.advance(gid) * 1000, 3) for gid in gids}
    ascent, descent = round(face.ascent * 1000), -round(face.descent * 1000)
    descriptor = pydyf.Dictionary(
        {
            "Type": "/FontDescriptor",
            "FontName": base,
            "FontFamily": pydyf.String(face.name),
            "Flags": 4 + (2 if face.serif else 0),
            "FontBBox": pydyf.Array([0, descent, max(widths.values(), default=1000), ascent]),
            "ItalicAngle": 0,
            "Ascent": ascent,
            "Descent": descent,
            "CapHeight": ascent,
            "StemV": 80,
            "StemH": 80,
            f"FontFile{3 if opentype else 2}": file_stream.reference,
        }
    )
    pdf.add_object(descriptor)
    w = pydyf.Array()
    run = None
    for gid in gids:
        if run is None or gid - 1 not in widths:
            w.append(gid)
            run = pydyf.Array()
            w.append(run)
        run.append(widths[gid])
    cid_font = pydyf.Dictionary(
        {
            "Type": "/Font",
            "Subtype": f"/CIDFontType{0 if opentype else 2}",
            "BaseFont": base,
            "CIDSystemInfo": pydyf.Dictionary(
                {"Registry": pydyf.String("Adobe"), "Ordering": pydyf.String("Identity"), "Supplement": 0}
            ),
            "CIDToGIDMap": "/Identity",
            "W": w,
            "FontDescriptor": descriptor.reference,
        }
    )
    pdf.add_object(cid_font)
    to_unicode = pydyf.Stream(unicode_map(used), compress=True)
    pdf.add_object(to_unicode)
    font = pydyf.Dictionary(
        {
            "Type": "/Font",
            "Subtype": "/Type0",
            "BaseFont": base,
            "Encoding": "/Identity-H",
            "DescendantFonts": pydyf.Array([cid_font.reference]),
            "ToUnicode": to_unicode.reference,
        }
    )
    pdf.add_object(font)
    return font


def unicode_map(used):
    lines = [
        b"/CIDInit /ProcSet findresource begin",
        b"12 dict begin",
        b"begincmap",
        b"/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def",
        b"/CMapName /Adobe-Identity-UCS def",
        b"/CMapType 2 def",
        b"1 begincodespacerange",
        b"<0000> <ffff>",
        b"endcodespacerange",
    ]
    items = sorted(used.items())
    for start in range(0, len(items), 100):
        batch = items[start : start + 100]
        lines.append(f"{len(batch)} beginbfchar".encode())
        lines.extend(f"<{gid:04x}> <{char.encode('utf-16-be').hex()}>".encode() for gid, char in batch)
        lines.append(b"endbfchar")
    lines.extend([b"endcmap", b"CMapName currentdict /CMap defineresource pop", b"end", b"end"])
    return lines
