from django.urls import path

from . import excel_views, item_views, trace_views, views

base = "meetings/<int:pk>/rectification/"
item = f"{base}items/<int:item_pk>/"

urlpatterns = [
    # The ledger and building the lists (rectification.views).
    path(base, views.ledger, name="rectification_ledger"),
    path(f"{base}build/", views.build, name="rectification_build"),
    path(f"{base}build/make/", views.make, name="rectification_make"),
    path(f"{base}build/assign/", views.assign, name="rectification_assign"),
    path(f"{base}carry-over/", views.carry_over, name="rectification_carry_over"),
    # One item: detail, edit, delete, progress with evidence, status, 销号 (rectification.item_views).
    path(item, item_views.item_detail, name="rectification_item"),
    path(f"{item}edit/", item_views.item_edit, name="rectification_item_edit"),
    path(f"{item}delete/", item_views.item_delete, name="rectification_item_delete"),
    path(f"{item}progress/", item_views.progress_add, name="rectification_progress_add"),
    path(f"{item}status/", item_views.status_change, name="rectification_status"),
    path(f"{item}close/", item_views.item_close, name="rectification_close"),
    path(f"{base}evidence/<int:evidence_pk>/", item_views.evidence_download, name="rectification_evidence"),
    # Traceability of opinions and the activities counted in the report (rectification.trace_views).
    path(f"{base}opinions/", trace_views.opinion_trace, name="rectification_opinions"),
    path(
        f"{base}opinions/<int:opinion_pk>/answer/",
        trace_views.opinion_answer,
        name="rectification_opinion_answer",
    ),
    path(f"{base}activities/", trace_views.activities, name="rectification_activities"),
    path(
        f"{base}activities/<int:activity_pk>/delete/",
        trace_views.activity_delete,
        name="rectification_activity_delete",
    ),
    # Excel round trip (rectification.excel_views).
    path(f"{base}ledger.xlsx", excel_views.ledger_xlsx, name="rectification_xlsx"),
    path(f"{base}import/", excel_views.ledger_import, name="rectification_import"),
]
