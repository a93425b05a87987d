"""Exporters: one module per document, each a function from a meeting to a document tree.

``EXPORTERS`` maps the kind used in URLs and ``export_document`` to the exporter, the
permission predicate from ``orgs.access`` and the file name.
"""

from typing import NamedTuple

from orgs import access

from . import plan


class Exporter(NamedTuple):
    build: object  # meeting -> documents.tree.Document
    may_export: object  # (user, meeting) -> bool
    filename: str


EXPORTERS = {
    "plan": Exporter(plan.plan_document, access.can_export_plan, "会议方案"),
}
