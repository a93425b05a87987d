"""A readable difference between two versions of a draft: paragraphs aligned, then Chinese compared
character by character (a Chinese sentence has no spaces to split words on)."""

from dataclasses import dataclass
from difflib import SequenceMatcher

from django.utils.html import escape
from django.utils.safestring import mark_safe

from .content import paragraphs

CONTEXT = 1  # unchanged paragraphs shown around a change


@dataclass
class DiffRow:
    """One paragraph of the comparison: "equal", "insert", "delete", "replace" or "skip" (n unchanged)."""

    kind: str
    html: str
    skipped: int = 0


def _chars(old, new):
    """Old and new paragraph in one line, removed characters in <del>, added ones in <ins>."""
    matcher = SequenceMatcher(None, old, new, autojunk=False)
    out = []
    for op, a1, a2, b1, b2 in matcher.get_opcodes():
        if op == "equal":
            out.append(escape(old[a1:a2]))
            continue
        if a2 > a1:
            out.append(f"<del>{escape(old[a1:a2])}</del>")
        if b2 > b1:
            out.append(f"<ins>{escape(new[b1:b2])}</ins>")
    return "".join(out)


def diff_paragraphs(old, new, context=CONTEXT):
    """Rows comparing two lists of paragraphs; long unchanged stretches are folded."""
    rows = []
    matcher = SequenceMatcher(None, old, new, autojunk=False)
    for op, a1, a2, b1, b2 in matcher.get_opcodes():
        if op == "equal":
            same = old[a1:a2]
            if len(same) > 2 * context + 1:
                head = same[:context] if rows else []
                tail = same[len(same) - context :] if a2 < len(old) or b2 < len(new) else []
                rows.extend(DiffRow("equal", escape(p)) for p in head)
                rows.append(DiffRow("skip", "", len(same) - len(head) - len(tail)))
                rows.extend(DiffRow("equal", escape(p)) for p in tail)
            else:
                rows.extend(DiffRow("equal", escape(p)) for p in same)
        elif op == "insert":
            rows.extend(DiffRow("insert", f"<ins>{escape(p)}</ins>") for p in new[b1:b2])
        elif op == "delete":
            rows.extend(DiffRow("delete", f"<del>{escape(p)}</del>") for p in old[a1:a2])
        else:
            olds, news = old[a1:a2], new[b1:b2]
            for index in range(max(len(olds), len(news))):
                if index < len(olds) and index < len(news):
                    rows.append(DiffRow("replace", _chars(olds[index], news[index])))
                elif index < len(olds):
                    rows.append(DiffRow("delete", f"<del>{escape(olds[index])}</del>"))
                else:
                    rows.append(DiffRow("insert", f"<ins>{escape(news[index])}</ins>"))
    for row in rows:
        row.html = mark_safe(row.html)
    return rows


def diff_contents(old, new, context=CONTEXT):
    """Rows comparing two draft contents as printed."""
    return diff_paragraphs(paragraphs(old), paragraphs(new), context)


def has_changes(rows):
    return any(row.kind not in ("equal", "skip") for row in rows)


def rows_html(rows):
    """The rows as one HTML fragment (for the JSON API); the page template draws its own."""
    parts = []
    for row in rows:
        if row.kind == "skip":
            parts.append(f'<p class="diff-skip">（{row.skipped}段未改动）</p>')
        else:
            parts.append(f'<p class="diff-{row.kind}">{row.html}</p>')
    return mark_safe("\n".join(parts))
