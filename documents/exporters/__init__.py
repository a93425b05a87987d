"""Exporters: one module per document, each a function from a meeting to a document tree.

``EXPORTERS`` maps the kind used in URLs and ``export_document`` to the exporter, the
permission predicate from ``orgs.access`` and the file name. An exporter that needs a
member (``needs_member``) is called as ``build(meeting, member=user)`` and its predicate
as ``may_export(user, meeting, member)``.
"""

from typing import NamedTuple

from orgs import access

from . import plan


class Exporter(NamedTuple):
    build: object  # (meeting, **options) -> documents.tree.Document
    may_export: object  # (user, meeting[, member]) -> bool
    filename: str
    needs_member: bool = False


EXPORTERS = {
    "plan": Exporter(plan.plan_document, access.can_export_plan, "会议方案"),
}
