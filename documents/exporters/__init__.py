"""Exporters: one module per document, each a function from a meeting to a document tree.

``EXPORTERS`` maps the kind used in URLs and ``export_document`` to the exporter, the
permission predicate from ``orgs.access`` and the file name. An exporter that needs a
member (``needs_member``) is called as ``build(meeting, member=user)`` and its predicate
as ``may_export(user, meeting, member)``. An exporter whose content depends on who reads it
(``needs_viewer``) is called as ``build(meeting, viewer=user)``; the command line passes None
(an administrator's export of everything). An exporter with ``in_request`` False (the
材料汇编) is never built inside a web request: a Celery task builds it (``reporting.services``).
"""

from typing import NamedTuple

from orgs import access

from . import (
    bundle,
    inspection,
    minutes,
    notification,
    opinions,
    plan,
    rectification,
    situation_report,
    supervision_checklist,
    talks,
)


class Exporter(NamedTuple):
    build: object  # (meeting, **options) -> documents.tree.Document
    may_export: object  # (user, meeting[, member]) -> bool
    filename: str
    needs_member: bool = False
    needs_viewer: bool = False
    in_request: bool = True  # False: too long to build inside a web request (a task builds it)


EXPORTERS = {
    "plan": Exporter(plan.plan_document, access.can_export_plan, "会议方案"),
    "talks": Exporter(talks.talks_document, access.can_export_talks, "谈心谈话情况", needs_viewer=True),
    "opinions-summary": Exporter(
        opinions.opinion_summary, access.can_export_opinion_summary, "征求意见建议汇总"
    ),
    "member-feedback": Exporter(
        opinions.member_feedback, access.can_export_member_feedback, "征求意见建议反馈表", needs_member=True
    ),
    "team-inspection": Exporter(
        inspection.team_inspection, access.can_export_team_inspection, "对照检查材料"
    ),
    "personal-outline": Exporter(
        inspection.personal_outline, access.can_export_outline, "个人发言提纲", needs_member=True
    ),
    "minutes": Exporter(minutes.minutes_document, access.can_export_minutes, "民主生活会会议记录"),
    "rectification-list": Exporter(
        rectification.rectification_list_document,
        access.can_export_rectification_list,
        "整改清单",
        needs_viewer=True,
    ),
    "progress-report": Exporter(
        rectification.progress_report, access.can_export_progress_report, "整改措施落实情况通报"
    ),
    "situation-report": Exporter(
        situation_report.situation_report, access.can_export_situation_report, "民主生活会召开情况报告"
    ),
    "notification": Exporter(notification.notification, access.can_export_notification, "民主生活会情况通报"),
    "bundle": Exporter(bundle.bundle_document, access.can_export_bundle, "材料汇编", in_request=False),
    "supervision-checklist": Exporter(
        supervision_checklist.checklist_document, access.can_export_checklist, "督导检查表"
    ),
}
