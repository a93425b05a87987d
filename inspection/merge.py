"""Three-way merge of two drafts edited from the same version, part by part (no lost update).

When a save is refused because someone saved in between, the refused content ("mine"), the version
it was based on ("base") and the latest version ("theirs") are merged: whatever only one side
changed is taken from that side; a field both changed differently keeps the latest text and is
reported as a conflict with the refused text beside it, so the writer can merge it by hand.
"""

from dataclasses import dataclass

from .content import part_labels

SCALARS = [
    ("title",),
    ("byline",),
    ("preamble",),
    ("previous", "title"),
    ("previous", "text"),
    ("problems", "title"),
    ("problems", "intro"),
    ("problems", "style"),
    ("causes", "title"),
    ("causes", "intro"),
    ("causes", "style"),
    ("measures", "title"),
    ("measures", "intro"),
    ("measures", "style"),
    ("matters", "title"),
    ("matters", "text"),
]
FIELD_NAMES = {
    "title": "标题",
    "byline": "署名",
    "preamble": "开头",
    "text": "正文",
    "intro": "导语",
    "style": "编号样式",
    "heading": "标题",
    "summary": "概述",
    "lead": "概括句",
    "example": "事例",
    "aspect": "对应方面",
}


@dataclass
class Conflict:
    """A field both sides changed differently: the merged draft keeps ``theirs``; ``mine`` is shown."""

    part_id: str
    field: str
    label: str
    mine: str
    theirs: str

    def as_dict(self):
        return {
            "part_id": self.part_id,
            "field": self.field,
            "label": self.label,
            "mine": self.mine,
            "theirs": self.theirs,
        }


class _Merge:
    def __init__(self, labels):
        self.labels = labels
        self.conflicts = []

    def value(self, base, mine, theirs, part_id, field, label=None):
        if mine in (base, theirs):
            return theirs
        if theirs == base:
            return mine
        self.conflicts.append(
            Conflict(
                part_id=part_id,
                field=field,
                label=label or f"{self.labels.get(part_id, '')}的{FIELD_NAMES.get(field, field)}",
                mine=str(mine),
                theirs=str(theirs),
            )
        )
        return theirs

    def item(self, base, mine, theirs, nested=None):
        merged = dict(theirs)
        for field in theirs:
            if field in ("id", nested):
                continue
            if field == "answers":
                merged[field] = _merge_set(base.get(field, []), mine.get(field, []), theirs.get(field, []))
            else:
                merged[field] = self.value(
                    base.get(field), mine.get(field), theirs.get(field), theirs["id"], field
                )
        if nested:
            merged[nested] = self.items(base.get(nested, []), mine.get(nested, []), theirs.get(nested, []))
        return merged

    def items(self, base, mine, theirs, nested=None):
        by_base = {item["id"]: item for item in base}
        by_mine = {item["id"]: item for item in mine}
        by_theirs = {item["id"]: item for item in theirs}
        theirs_reordered = [i for i in by_theirs if i in by_base] != [i for i in by_base if i in by_theirs]
        mine_reordered = [i for i in by_mine if i in by_base] != [i for i in by_base if i in by_mine]
        # Start from the side that reordered (theirs when both did), then add the other side's new parts.
        leader, follower = (mine, theirs) if mine_reordered and not theirs_reordered else (theirs, mine)
        order = [item["id"] for item in leader]
        for position, item in enumerate(follower):
            # The follower's new parts, and parts the leader deleted that the follower changed.
            if item["id"] in order or by_base.get(item["id"]) == item:
                continue
            before = next(
                (p["id"] for p in reversed(follower[:position]) if p["id"] in order),
                None,
            )
            order.insert(order.index(before) + 1 if before else 0, item["id"])

        merged = []
        for part_id in order:
            b, m, t = by_base.get(part_id), by_mine.get(part_id), by_theirs.get(part_id)
            if b is None:  # added by one side
                merged.append(m if m is not None else t)
            elif m is None and t is None:
                continue
            elif m is None:  # I deleted it
                if t == b:
                    continue
                merged.append(t)
                self._kept(part_id, "对方修改了你删除的这一部分，已保留对方的修改。", t)
            elif t is None:  # they deleted it
                if m == b:
                    continue
                merged.append(m)
                self._kept(part_id, "对方删除了你修改的这一部分，已保留你的修改。", m)
            else:
                merged.append(self.item(b, m, t, nested))
        return merged

    def _kept(self, part_id, message, item):
        self.conflicts.append(
            Conflict(
                part_id=part_id,
                field="",
                label=f"{self.labels.get(part_id, '')}：{message}",
                mine="",
                theirs="",
            )
        )


def _merge_set(base, mine, theirs):
    added = [x for x in mine if x not in base]
    removed = {x for x in base if x not in mine}
    return list(dict.fromkeys(x for x in [*theirs, *added] if x not in removed))


def merge(base, mine, theirs):
    """(merged content, conflicts) for two edits of ``base``; the merged content needs normalising."""
    labels = {**part_labels(base), **part_labels(mine), **part_labels(theirs)}
    merger = _Merge(labels)
    merged = {key: dict(value) if isinstance(value, dict) else value for key, value in theirs.items()}
    for path in SCALARS:
        section_label = {"previous": theirs["previous"]["title"], "matters": theirs["matters"]["title"]}
        if len(path) == 1:
            merged[path[0]] = merger.value(
                base[path[0]], mine[path[0]], theirs[path[0]], path[0], path[0], FIELD_NAMES.get(path[0])
            )
        else:
            key, field = path
            label = f"“{section_label.get(key, theirs[key]['title'])}”的{FIELD_NAMES.get(field, field)}"
            merged[key][field] = merger.value(
                base[key][field], mine[key][field], theirs[key][field], key, field, label
            )
    merged["problems"]["groups"] = merger.items(
        base["problems"]["groups"], mine["problems"]["groups"], theirs["problems"]["groups"], nested="items"
    )
    for key in ("causes", "measures"):
        merged[key]["items"] = merger.items(base[key]["items"], mine[key]["items"], theirs[key]["items"])
    return merged, merger.conflicts
