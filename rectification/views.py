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
from django.utils.http import urlencode
from django.views.decorators.http import require_POST

from orgs import access, shortcuts
from orgs.shortcuts import refuse_locked, require, visible_meeting

from . import burndown, candidates, selectors, services
from .forms import AssignForm, MergeForm
from .models import Item

ITEMS_PER_PAGE = selectors.ITEMS_PER_PAGE  # the build page shows its tables as the ledger does


@login_required
def ledger(request, pk):
    meeting = visible_meeting(request, pk)
    user = request.user
    items = selectors.ledger_items(user, meeting)
    lists = list(access.lists_for(user, meeting).select_related("member"))
    filters = selectors.LedgerFilterForm(request.GET, lists=lists, items=items)
    filtered = filters.apply(items)
    counts = selectors.ledger_figures(items, filters.condition())
    page = selectors.ledger_page(filtered, lists, request.GET.get("page"), counts["total"])
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
            "counts": counts,
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


def ledger_lock(request, meeting):
    """For the office's build and import pages: anyone but the office is refused (403, the role's
    wording); for the office, why the ledger is locked ("" while it is open), which the page shows
    instead of its forms, and which refuses a post."""
    require(access.can_manage_meeting(request.user, meeting))
    return services.locked_reason(meeting)


def _chosen_list(lists, value):
    """The list named by ``?list=`` (or the form's ``list``), else the team list."""
    return next((rl for rl in lists if str(rl.pk) == str(value)), lists[0])


def _posted_list(lists, value):
    """The list a form was posted for; an unknown one is refused rather than replaced by another."""
    found = next((rl for rl in lists if str(rl.pk) == str(value)), None)
    if found is None:
        raise Http404("没有这个清单。")
    return found


def _to_build(meeting, rectification_list, request=None):
    """Back to the list's tab; after a refusal (``request``) with what was ticked and typed kept."""
    query = {"list": rectification_list.pk}
    if request is not None:
        query.update({name: request.POST.getlist(name) for name in ("key", "item", "owner", "unit")})
    return redirect(f"{reverse('rectification_build', args=[meeting.pk])}?{urlencode(query, doseq=True)}")


@login_required
def build(request, pk):
    meeting = visible_meeting(request, pk)
    locked = ledger_lock(request, meeting)
    if locked:  # no lists are made for a meeting not yet held, nor added to the archive
        return render(request, "rectification/build.html", {"meeting": meeting, "locked": locked})
    if request.method == "POST":
        # 建立整改清单: the lists the meeting lacks, which are made when it enters 召开会议 (a member added
        # to the team since, or a meeting held before that), never by opening the page.
        services.ensure_lists(meeting)
        messages.success(request, "整改清单已建立。")
        return redirect("rectification_build", pk=meeting.pk)
    lists = selectors.meeting_lists(meeting)
    missing = selectors.missing_lists(meeting, lists)
    if not lists:
        return render(request, "rectification/build.html", {"meeting": meeting, "missing": missing})
    chosen = _chosen_list(lists, request.GET.get("list"))
    sizes = dict(
        Item.objects.filter(meeting=meeting)
        .values_list("rectification_list")
        .annotate(n=Count("pk"))
        .order_by()
    )
    tabs = [{"list": rl, "size": sizes.get(rl.pk, 0), "active": rl.pk == chosen.pk} for rl in lists]
    groups = candidates.candidate_groups(chosen)
    # A refused action comes back here with what was ticked and typed (see _to_build).
    prefill = {"owner": request.GET.get("owner") or chosen.member_id, "unit": request.GET.get("unit", "")}
    return render(
        request,
        "rectification/build.html",
        {
            "meeting": meeting,
            "missing": missing,
            "tabs": tabs,
            "chosen": chosen,
            "groups": groups,
            "candidate_count": sum(len(group.candidates) for group in groups),
            "page": Paginator(
                chosen.items.select_related("owner").order_by("number", "pk"), ITEMS_PER_PAGE
            ).get_page(request.GET.get("page")),
            "query": f"list={chosen.pk}",
            "carry": candidates.carry_over_summary(meeting),
            "checked": set(request.GET.getlist("key")),
            "ticked": set(request.GET.getlist("item")),
            "make_form": AssignForm(initial=prefill, meeting=meeting),
            "assign_form": AssignForm(initial=prefill, meeting=meeting, auto_id="items_%s"),
            "rectification_nav": {"build": True, "import": access.can_import_ledger(request.user, meeting)},
        },
    )


@require_POST
@login_required
def make(request, pk):
    """生成整改事项: one item per chosen candidate with the owner and unit chosen for them, or (合并为一项)
    the page that asks for the one problem of the merged item. A 生成 button of one candidate makes that
    one alone; a team item made so goes to its edit page, which asks for the owner."""
    meeting = visible_meeting(request, pk)
    locked = ledger_lock(request, meeting)
    if locked:
        return refuse_locked(request, locked)
    chosen = _posted_list(services.ensure_lists(meeting), request.POST.get("list"))
    if request.POST.get("merge") == "1":
        return _merge(request, meeting, chosen)
    one = request.POST.get("one")
    form = AssignForm(request.POST, meeting=meeting)
    try:
        if not form.is_valid():
            raise services.RectificationRefused([e for errors in form.errors.values() for e in errors])
        owner = form.cleaned_data["owner"]
        fresh = [
            c
            for c in candidates.find(chosen, [one] if one else request.POST.getlist("key"))
            if not c.previous_item
        ]
        if chosen.is_team and owner is None and fresh and not one:
            # No silent default: the secretary is not everyone's 责任领导.
            raise services.RectificationRefused(
                "请选择这些事项的责任领导（可同时填写责任部门），再点“逐条生成”。"
            )
        made = services.make_items(
            chosen,
            [one] if one else request.POST.getlist("key"),
            request.user,
            owner=owner,
            unit=form.cleaned_data["unit"],
        )
    except services.RectificationRefused as error:
        return shortcuts.refused(request, error) or _to_build(meeting, chosen, request)
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
    """结转: every item not done (未启动, 整改中) of the team's previous meeting — the last one past its
    meeting stage — onto the matching list of this one."""
    meeting = visible_meeting(request, pk)
    locked = ledger_lock(request, meeting)
    if locked:
        return refuse_locked(request, locked)
    lists = services.ensure_lists(meeting)
    back = _chosen_list(lists, request.POST.get("list"))
    try:
        carried = services.carry_over(meeting, request.user)
    except services.RectificationRefused as error:
        return shortcuts.refused(request, error) or _to_build(meeting, back)
    if carried:
        source = carried[0].carried_from.meeting.display_name
        messages.success(request, f"已从{source}结转未完成事项{len(carried)}项，原事项已标记为“已结转”。")
    else:
        messages.info(request, "没有需要结转的未完成事项。")
    return _to_build(meeting, back)


def _merge(request, meeting, chosen):
    """合并为一项: first the page asking for the one problem (prefilled with the first source's lead
    sentence), then, posted with it, the merged item."""
    keys = request.POST.getlist("key")
    found = candidates.find(chosen, keys)
    fresh = [c for c in found if c.previous_item is None]
    if not fresh:
        return shortcuts.refused(request, "请勾选要合并的问题来源。") or _to_build(meeting, chosen, request)
    if "problem" not in request.POST:
        form = MergeForm(
            initial={
                "problem": fresh[0].problem,
                "manifestation": "\n".join(c.details for c in fresh if c.details),
                "owner": request.POST.get("owner") or chosen.member_id,
                "unit": request.POST.get("unit", ""),
            },
            meeting=meeting,
        )
        return _merge_page(request, meeting, chosen, found, form)
    form = MergeForm(request.POST, meeting=meeting)
    if form.is_valid():
        try:
            made = services.make_items(chosen, keys, request.user, merge=True, **form.cleaned_data)
        except services.RectificationRefused as error:
            shortcuts.refused(request, error, form=form)
        else:
            merged = made[-1]
            messages.success(
                request,
                f"已将{len(fresh)}条来源合并为{chosen.short_name}第{merged.number}项，请完善整改措施和完成时限。",
            )
            return redirect("rectification_item_edit", pk=meeting.pk, item_pk=merged.pk)
    return _merge_page(request, meeting, chosen, found, form, status=400)


def _merge_page(request, meeting, chosen, found, form, status=200):
    return render(
        request,
        "rectification/merge.html",
        {
            "meeting": meeting,
            "chosen": chosen,
            "fresh": [c for c in found if c.previous_item is None],
            "carried": [c for c in found if c.previous_item is not None],
            "form": form,
        },
        status=status,
    )


@require_POST
@login_required
def assign(request, pk):
    """批量指定: the owner and/or the unit of the items ticked in a list's table, at once."""
    meeting = visible_meeting(request, pk)
    locked = ledger_lock(request, meeting)
    if locked:
        return refuse_locked(request, locked)
    chosen = _posted_list(services.ensure_lists(meeting), request.POST.get("list"))
    form = AssignForm(request.POST, meeting=meeting)
    ids = [value for value in request.POST.getlist("item") if value.isdigit()]
    try:
        if not form.is_valid():
            raise services.RectificationRefused([e for errors in form.errors.values() for e in errors])
        assigned = services.assign_items(chosen, ids, request.user, **form.cleaned_data)
    except services.RectificationRefused as error:
        return shortcuts.refused(request, error) or _to_build(meeting, chosen, request)
    owner, unit = form.cleaned_data["owner"], form.cleaned_data["unit"].strip()
    what = "、".join(
        part
        for part in (f"责任领导指定为{owner.name}" if owner else "", f"责任部门指定为{unit}" if unit else "")
        if part
    )
    numbers = "、".join(str(item.number) for item in assigned)
    messages.success(request, f"已将{chosen.short_name}第{numbers}项的{what}，共{len(assigned)}项。")
    return _to_build(meeting, chosen)
