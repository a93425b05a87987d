"""The supervisors' pages (督导): the overview across units and the checklist per meeting."""

from urllib.parse import quote

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone

from orgs import access

from . import overview
from .forms import OverviewFilterForm
from .summary import summary_workbook

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _overview(request):
    """The filter form and the filtered rows, for the page and the export alike (403 for anyone who
    supervises nothing)."""
    if not access.can_open_overview(request.user):
        raise PermissionDenied("督导总览仅供督导组使用。")
    meetings = access.overview_meetings(request.user)
    organisations = list(access.supervised_organisations(request.user).order_by("path"))
    years = list(meetings.order_by("-year").values_list("year", flat=True).distinct())
    form = OverviewFilterForm(request.GET, years=years, organisations=organisations)
    filters = form.filters()
    return form, filters, organisations, overview.overview_rows(meetings, **filters)


# The table's columns: label, and the sort key of overview.SORTS (None: not sortable, the 四必谈 coverage).
COLUMNS = (
    ("单位", "unit"),
    ("召开日期", "date"),
    ("阶段", "stage"),
    ("下一个截止", "next_due"),
    ("方案报送", "plan"),
    ("意见建议", "opinions"),
    ("四必谈", None),
    ("材料审定", "drafts"),
    ("批评意见（最少）", "criticisms"),
    ("整改未完成", "items_open"),
    ("整改逾期", "items_overdue"),
    ("已销号", "items_closed"),
    ("情况报告", "report"),
)


def _headers(sort_query, sort):
    """Each column's label with the link that sorts by it (the current one again: the other way)."""
    prefix = f"?{sort_query}&" if sort_query else "?"
    headers = []
    for label, key in COLUMNS:
        if key is None:
            headers.append({"label": label})
            continue
        current = sort.lstrip("-") == key
        descending = current and sort.startswith("-")
        headers.append(
            {
                "label": label,
                "href": f"{prefix}sort={key if descending or not current else '-' + key}",
                "mark": ("↓" if descending else "↑") if current else "",
            }
        )
    return headers


def _query(request, *without):
    query = request.GET.copy()
    for key in ("page", *without):
        query.pop(key, None)
    return query.urlencode()


@login_required
def overview_page(request):
    form, filters, organisations, rows = _overview(request)
    tallies = overview.tallies(rows)
    paginator = Paginator(rows, overview.PAGE_SIZE)
    paginator.count = sum(tally["meetings"] for tally in tallies)  # the rows' count, without counting again
    page = paginator.get_page(request.GET.get("page"))
    page.object_list = overview.page_rows(page.object_list)
    supervised = {org.pk for org in organisations}
    roots = [org for org in organisations if org.parent_id not in supervised]
    return render(
        request,
        "supervision/overview.html",
        {
            "form": form,
            "filters": filters,
            "page": page,
            "counts": overview.counts(tallies),
            "stage_chart": overview.stage_chart(tallies),
            "overdue_chart": overview.overdue_chart(tallies, organisations, roots),
            "query": _query(request),
            "headers": _headers(_query(request, "sort"), filters["sort"]),
            "today": timezone.localdate(),
        },
    )


@login_required
def overview_export(request):
    """汇总表: exactly the filtered rows, every page of them."""
    _, filters, _, rows = _overview(request)
    title = f"{filters['year'] or ''}年度民主生活会督导汇总表"
    content = summary_workbook(title, overview.page_rows(rows))
    response = HttpResponse(content, content_type=XLSX)
    filename = f"{title}.xlsx"
    response["Content-Disposition"] = (
        f"attachment; filename=\"summary.xlsx\"; filename*=UTF-8''{quote(filename)}"
    )
    return response
