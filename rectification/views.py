"""The ledger (整改台账) and building the lists (建立清单): items made from the record, the drafts, the
opinions and the criticisms, and the previous meeting's open items carried over.

One item's pages are in ``rectification.item_views``; the Excel round trip in ``rectification.excel_views``.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from meetings.views import require, visible_meeting
from orgs import access

from . import burndown, candidates, selectors, services
from .models import Item

ITEMS_PER_PAGE = 50


@login_required
def ledger(request, pk):
    meeting = visible_meeting(request, pk)
    user = request.user
    if access.ledger_is_open(meeting):
        services.ensure_lists(meeting)
    items = selectors.ledger_items(user, meeting)
    lists = list(access.lists_for(user, meeting).select_related("member"))
    filters = selectors.LedgerFilterForm(request.GET, lists=lists, items=items)
    filtered = filters.apply(items)
    page = Paginator(selectors.ledger_rows(filtered), ITEMS_PER_PAGE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    chosen = filters.cleaned_data.get("list")
    chosen_list = next((rl for rl in lists if str(rl.pk) == chosen), None)
    points = burndown.series(filters.by_list(items), meeting)
    can_build, can_import = access.can_build_lists(user, meeting), access.can_import_ledger(user, meeting)
    return render(
        request,
        "rectification/ledger.html",
        {
            "meeting": meeting,
            "filters": filters,
            "page": page,
            "query": query.urlencode(),
            "counts": selectors.ledger_figures(items, filtered, filters.is_filtering),
            "filtering": filters.is_filtering,
            "burndown": burndown.svg(
                points, f"未完成整改事项趋势（{chosen_list.short_name if chosen_list else '全部清单'}）"
            ),
            "sees_all": access.sees_all_lists(user, meeting),
            "can_build": can_build,
            "can_import": can_import,
            "rectification_nav": {"build": can_build, "import": can_import},
            "can_export_list": access.can_export_rectification_list(user, meeting),
            "can_export_report": access.can_export_progress_report(user, meeting),
            "ledger_open": access.ledger_is_open(meeting),
        },
    )


def _chosen_list(lists, value):
    """The list named by ``?list=`` (or the form's ``list``), else the team list."""
    return next((rl for rl in lists if str(rl.pk) == str(value)), lists[0])


def _posted_list(lists, value):
    """The list a form was posted for; an unknown one is refused rather than replaced by another."""
    found = next((rl for rl in lists if str(rl.pk) == str(value)), None)
    if found is None:
        raise Http404("没有这个清单。")
    return found


def _to_build(meeting, rectification_list):
    return redirect(f"{reverse('rectification_build', args=[meeting.pk])}?list={rectification_list.pk}")


def _refused(request, error):
    for reason in error.reasons:
        messages.error(request, reason)


@login_required
def build(request, pk):
    meeting = visible_meeting(request, pk)
    require(access.can_build_lists(request.user, meeting))
    lists = services.ensure_lists(meeting)
    chosen = _chosen_list(lists, request.GET.get("list"))
    sizes = dict(
        Item.objects.filter(meeting=meeting)
        .values_list("rectification_list")
        .annotate(n=Count("pk"))
        .order_by()
    )
    tabs = [{"list": rl, "size": sizes.get(rl.pk, 0), "active": rl.pk == chosen.pk} for rl in lists]
    groups = candidates.candidate_groups(chosen)
    return render(
        request,
        "rectification/build.html",
        {
            "meeting": meeting,
            "tabs": tabs,
            "chosen": chosen,
            "groups": groups,
            "candidate_count": sum(len(group.candidates) for group in groups),
            "page": Paginator(
                chosen.items.select_related("owner").order_by("number", "pk"), ITEMS_PER_PAGE
            ).get_page(request.GET.get("page")),
            "query": f"list={chosen.pk}",
            "previous": candidates.previous_meeting(meeting),
            "to_carry": len(candidates.previous_open_items(meeting, every_list=True)),
            "rectification_nav": {"build": True, "import": access.can_import_ledger(request.user, meeting)},
        },
    )


@require_POST
@login_required
def make(request, pk):
    """生成整改事项: one item per chosen candidate, or one item from all of them (合并为一项)."""
    meeting = visible_meeting(request, pk)
    require(access.can_build_lists(request.user, meeting))
    chosen = _posted_list(services.ensure_lists(meeting), request.POST.get("list"))
    try:
        made = services.make_items(
            chosen, request.POST.getlist("key"), request.user, merge=request.POST.get("merge") == "1"
        )
    except services.RectificationRefused as error:
        _refused(request, error)
        return _to_build(meeting, chosen)
    if len(made) == 1:
        # The office sets the measures, the owner and the deadline next.
        messages.success(
            request, f"已生成{chosen.short_name}第{made[0].number}项，请完善整改措施、责任领导和完成时限。"
        )
        return redirect("rectification_item_edit", pk=meeting.pk, item_pk=made[0].pk)
    numbers = "、".join(str(item.number) for item in made)
    messages.success(
        request, f"已生成{chosen.short_name}第{numbers}项，共{len(made)}项。请逐项完善整改措施和完成时限。"
    )
    return _to_build(meeting, chosen)


@require_POST
@login_required
def carry_over(request, pk):
    """结转: every open item of the team's previous meeting onto the matching list of this one."""
    meeting = visible_meeting(request, pk)
    require(access.can_build_lists(request.user, meeting))
    lists = services.ensure_lists(meeting)
    back = _chosen_list(lists, request.POST.get("list"))
    try:
        carried = services.carry_over(meeting, request.user)
    except services.RectificationRefused as error:
        _refused(request, error)
        return _to_build(meeting, back)
    if carried:
        messages.success(request, f"已结转上次会议未完成事项{len(carried)}项，原事项已标记为“已结转”。")
    else:
        messages.info(request, "上次会议没有需要结转的未完成事项。")
    return _to_build(meeting, back)
