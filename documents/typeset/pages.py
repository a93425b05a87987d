"""The flow cut into pages by gongwen.css's rules: two lines of a broken paragraph on each page,
headings kept with what follows, the signature with the last lines, table headers repeated, rows whole
unless they may flow."""

from dataclasses import dataclass

from .geometry import CELL_PADDING, EPSILON, MARGIN_BOTTOM, MARGIN_TOP, RULE, TABLE_LINE


@dataclass
class Para:
    """A block of line boxes: a paragraph, heading, title or signature."""

    lines: list
    keep_with_next: bool = False  # headings
    avoid_break_before: bool = False  # the signature
    keep_together: bool = False  # the signature, a title
    space_before: float = 0.0
    space_after: float = 0.0


@dataclass
class Row:
    cells: list  # per cell: its line boxes
    height: float
    flows: bool = False


@dataclass
class TableBox:
    x: float
    widths: list
    header: Row
    rows: list


class Forced:
    """A page break."""


class Pages:
    """The flow cut into pages by gongwen.css's rules; each page a list of (item, top) to draw."""

    top = MARGIN_TOP

    def __init__(self, size):
        self.sizes = [size]  # each page's (width, height)
        self.pages = [[]]
        self.y = self.top

    @property
    def bottom(self):
        return self.sizes[-1][1] - MARGIN_BOTTOM

    @property
    def empty(self):
        return not self.pages[-1]

    def new_page(self, size=None):
        self.pages.append([])
        self.sizes.append(size or self.sizes[-1])
        self.y = self.top

    def room(self):
        return self.bottom - self.y + EPSILON

    def place(self, line):
        self.pages[-1].append((line, self.y))
        self.y += line.height

    def flow(self, items):
        for index, item in enumerate(items):
            following = items[index + 1] if index + 1 < len(items) else None
            if isinstance(item, Forced):
                if not self.empty:
                    self.new_page()
            elif isinstance(item, TableBox):
                self.table(item, following)
            else:
                self.para(item, following)

    def _lead(self, item):
        """The height that must stand on the same page as the block before ``item`` when that block
        keeps with it: a heading's lines and what it keeps with, two lines of a paragraph, a table's
        header and first row."""
        if item is None or isinstance(item, Forced):
            return 0.0
        if isinstance(item, TableBox):
            first = item.rows[0] if item.rows else None
            if first is None:
                return item.header.height
            if first.flows:  # a row that may break keeps two of its lines with what goes before
                return item.header.height + 2 * TABLE_LINE + 2 * CELL_PADDING[0] + RULE
            return item.header.height + first.height
        lines = item.lines
        if item.keep_together:
            return item.space_before + sum(line.height for line in lines)
        if item.keep_with_next:
            return sum(line.height for line in lines)
        return item.space_before + sum(line.height for line in lines[:2])

    def para(self, item, following):
        if item.space_before and not self.empty:
            self.y += item.space_before
        lines = item.lines
        height = sum(line.height for line in lines)
        if item.keep_with_next or item.keep_together:
            need = height + (self._lead(following) if item.keep_with_next else 0.0)
            if need > self.room() and not self.empty and need <= self.bottom - self.top:
                self.new_page()
            for line in lines:
                self.place(line)
        else:
            keeps_with = isinstance(following, Para) and following.avoid_break_before
            self.lines(lines, self._lead(following) if keeps_with else 0.0)
        self.y += item.space_after

    def lines(self, lines, tail):
        """Place a paragraph's lines: two at least on each page (orphans, widows); ``tail`` points
        must follow the last line on its page (the signature), or two lines go over with it."""
        rest = list(lines)
        while rest:
            height = rest[0].height
            fits = int(self.room() // height)
            count = len(rest)
            if count <= fits and (count * height + tail <= self.room() or self.empty and not tail):
                for line in rest:
                    self.place(line)
                return
            # What fits, two lines left for the next page (or, when the paragraph fits but what must
            # follow it does not, all but two lines).
            keep = min(fits, count - 2)
            if keep >= 2 or (self.empty and keep >= 1):
                for line in rest[:keep]:
                    self.place(line)
                rest = rest[keep:]
                self.new_page()
            elif self.empty:
                # A page cannot hold even its orphans: place what fits.
                keep = max(1, min(fits, count))
                for line in rest[:keep]:
                    self.place(line)
                rest = rest[keep:]
                if rest:
                    self.new_page()
            else:
                self.new_page()

    def table(self, table, following):
        header = table.header
        rows = list(table.rows)
        if not rows:
            if header.height > self.room() and not self.empty:
                self.new_page()
            self.row(table, header)
            return
        if self._lead(table) > self.room() and not self.empty:
            self.new_page()
        self.row(table, header)
        tail = 0.0
        if isinstance(following, Para) and following.avoid_break_before:
            tail = self._lead(following)
        while rows:
            row = rows.pop(0)
            need = row.height + (tail if not rows else 0.0)
            if need <= self.room():
                self.row(table, row)
                continue
            if row.flows:
                split = self.split_row(row)
                if split is not None:
                    first, second = split
                    self.row(table, first)
                    self.new_page()
                    self.row(table, header)
                    rows.insert(0, second)
                    continue
            self.new_page()
            self.row(table, header)
            if row.height > self.room() and row.flows:
                rows.insert(0, row)
                split = self.split_row(row)
                if split is None:
                    rows.pop(0)
                    self.row(table, row)
                continue
            self.row(table, row)

    def split_row(self, row):
        """A flowing row cut where the page ends, two lines at least of its tallest cell each side."""
        available = int((self.room() - 2 * CELL_PADDING[0] - RULE) // TABLE_LINE)
        tallest = max(len(lines) for lines in row.cells)
        available = min(available, tallest - 2)  # two lines go over at least (widows)
        if available < 2:
            return None
        first = [lines[:available] for lines in row.cells]
        second = [lines[available:] for lines in row.cells]
        pad = 2 * CELL_PADDING[0] + RULE
        return (
            Row(first, available * TABLE_LINE + pad, True),
            Row(second, max(1, tallest - available) * TABLE_LINE + pad, True),
        )

    def row(self, table, row):
        self.pages[-1].append(((table, row), self.y))
        self.y += row.height
