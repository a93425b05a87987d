from django.urls import include, path

from . import excel_views, item_views, trace_views, views

# One item: detail, edit, delete, progress with evidence, status, 销号 (rectification.item_views).
item_urls = [
    path("", item_views.item_detail, name="rectification_item"),
    path("edit/", item_views.item_edit, name="rectification_item_edit"),
    path("delete/", item_views.item_delete, name="rectification_item_delete"),
    path("progress/", item_views.progress_add, name="rectification_progress_add"),
    path("status/", item_views.status_change, name="rectification_status"),
    path("close/", item_views.item_close, name="rectification_close"),
]

ledger_urls = [
    # The ledger and building the lists (rectification.views).
    path("", views.ledger, name="rectification_ledger"),
    path("build/", views.build, name="rectification_build"),
    path("build/make/", views.make, name="rectification_make"),
    path("build/assign/", views.assign, name="rectification_assign"),
    path("carry-over/", views.carry_over, name="rectification_carry_over"),
    path("items/<int:item_pk>/", include(item_urls)),
    path("evidence/<int:evidence_pk>/", item_views.evidence_download, name="rectification_evidence"),
    # Traceability of opinions and the activities counted in the report (rectification.trace_views).
    path("opinions/", trace_views.opinion_trace, name="rectification_opinions"),
    path(
        "opinions/<int:opinion_pk>/answer/", trace_views.opinion_answer, name="rectification_opinion_answer"
    ),
    path("activities/", trace_views.activities, name="rectification_activities"),
    path(
        "activities/<int:activity_pk>/delete/",
        trace_views.activity_delete,
        name="rectification_activity_delete",
    ),
    # Excel round trip (rectification.excel_views).
    path("ledger.xlsx", excel_views.ledger_xlsx, name="rectification_xlsx"),
    path("import/", excel_views.ledger_import, name="rectification_import"),
]

urlpatterns = [
    path("meetings/<int:pk>/rectification/", include(ledger_urls)),
]
