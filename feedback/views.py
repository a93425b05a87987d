"""Pages for opinions: the list with filters and bulk triage, fast entry, one opinion, feedback sent."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Count, ProtectedError, Q
from django.http import QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from audit import services as audit
from orgs import access, shortcuts
from orgs.shortcuts import refuse_locked, require, visible_meeting, visible_opinion

from . import box, selectors, services
from .forms import (
    TEAM,
    BulkActionForm,
    CategoryFormSet,
    ChannelFormSet,
    CollectorForm,
    OpinionFilterForm,
    OpinionForm,
    TriageForm,
)
from .models import FeedbackDelivery, OpinionStatus

PAGE_SIZE = 30


def _opinions_lock(request, meeting):
    """For the office's opinion pages: anyone but the office is refused (403, the role's wording); for the
    office, why opinions are locked ("" while they are open), which the page shows instead of its form."""
    require(access.can_manage_meeting(request.user, meeting))
    return services.locked_reason(meeting)


@login_required
def opinion_list(request, pk):
    meeting = visible_meeting(request, pk)
    user = request.user
    members = list(selectors.visible_members(user, meeting))
    opinions = access.opinions_for(user, meeting).select_related(
        "aspect", "category", "channel", "addressee", "merged_into"
    )
    sees_all = access.sees_all_opinions(user, meeting)
    filters = OpinionFilterForm(request.GET or None, meeting=meeting, members=members, sees_all=sees_all)
    filtered = filters.apply(opinions).order_by("-created_at", "-pk")
    # One grouped COUNT for the totals line, which also tells the paginator its count unless a filter
    # other than the status narrows the list: at 20,000 opinions each COUNT was a scan of them all.
    by_status = dict(opinions.order_by().values_list("status").annotate(count=Count("pk")))
    counts = {
        "total": sum(by_status.values()),
        "new": by_status.get(OpinionStatus.NEW, 0),
        "accepted": by_status.get(OpinionStatus.ACCEPTED, 0),
    }
    paginator = Paginator(filtered, PAGE_SIZE)
    known = filters.known_count(by_status)
    if known is not None:
        paginator.count = known  # Paginator.count is a cached_property: set, it is not queried
    page = paginator.get_page(request.GET.get("page"))
    can_manage = access.can_manage_opinions(user, meeting)
    keeps_box = access.can_manage_meeting(user, meeting)
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "meeting": meeting,
        "page": page,
        "filters": filters,
        "counts": counts,
        "query": query.urlencode(),
        "can_manage": can_manage,
        "locked": services.locked_reason(meeting) if keeps_box else "",
        "sees_all": sees_all,
        "bulk_form": BulkActionForm(meeting=meeting, members=members) if can_manage else None,
        "box": box.box_link(request, meeting) if keeps_box else None,
    }
    return render(request, "feedback/opinion_list.html", context)


@login_required
def opinion_entry(request, pk):
    """Fast entry: keyboard only, stays on the page, the last channel, category and aspect remembered."""
    meeting = visible_meeting(request, pk)
    locked = _opinions_lock(request, meeting)
    if locked and request.method == "POST":
        return refuse_locked(request, locked)
    remembered = {
        key: request.GET.get(key) for key in ("channel", "category", "aspect") if request.GET.get(key)
    }
    form = None if locked else OpinionForm(request.POST or None, meeting=meeting, initial=remembered)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.create_opinion(meeting, by=request.user, **data)
        except services.OpinionError as refused:  # the meeting was held since the page was opened
            return refuse_locked(request, str(refused))
        messages.success(request, "已录入一条意见建议。")
        keep = {"channel": data["channel"].pk, "category": data["category"].pk, "aspect": data["aspect"].pk}
        query = "&".join(f"{key}={value}" for key, value in keep.items())
        return redirect(f"{reverse('opinion_entry', args=[meeting.pk])}?{query}")
    recent = (
        meeting.opinions.filter(entered_by=request.user)
        .select_related("aspect", "category", "channel", "addressee")
        .order_by("-created_at", "-pk")[:10]
    )
    return render(
        request,
        "feedback/opinion_entry.html",
        {"meeting": meeting, "form": form, "recent": recent, "locked": locked, "can_manage": not locked},
    )


@login_required
def opinion_edit(request, pk, opinion_pk):
    meeting = visible_meeting(request, pk)
    opinion = visible_opinion(request, meeting, opinion_pk)
    can_manage = access.can_manage_opinions(request.user, meeting)
    locked = services.locked_reason(meeting) if access.can_manage_meeting(request.user, meeting) else ""
    form = None
    if can_manage:
        form = TriageForm(request.POST or None, instance=opinion, meeting=meeting)
        if request.method == "POST" and form.is_valid():
            opinion = form.save(commit=False)
            if opinion.status != OpinionStatus.REJECTED:
                opinion.reject_reason = ""
            opinion.merged_into = None
            try:
                with transaction.atomic():
                    services.check_open(meeting)
                    opinion.save()
            except services.OpinionError as refused:
                return refuse_locked(request, str(refused))
            changed = "、".join(str(opinion._meta.get_field(name).verbose_name) for name in form.changed_data)
            audit.record(
                audit.Action.TRIAGE, request=request, obj=opinion, detail=f"逐条分拣（{changed or '未修改'}）"
            )
            messages.success(request, "意见已保存。")
            return redirect(f"{reverse('opinion_list', args=[meeting.pk])}?{request.GET.urlencode()}")
    elif request.method == "POST":
        if locked:
            return refuse_locked(request, locked)
        require(False)
    merged = opinion.merged.all() if access.sees_all_opinions(request.user, meeting) else []
    return render(
        request,
        "feedback/opinion_edit.html",
        {"meeting": meeting, "opinion": opinion, "form": form, "merged": merged, "locked": locked},
    )


@require_POST
@login_required
def opinion_bulk(request, pk):
    meeting = visible_meeting(request, pk)
    locked = _opinions_lock(request, meeting)
    if locked:
        return refuse_locked(request, locked)
    members = list(services.team_members(meeting))
    form = BulkActionForm(request.POST, meeting=meeting, members=members)
    back = f"{reverse('opinion_list', args=[meeting.pk])}?{request.POST.get('query', '')}"
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return redirect(back)
    opinions = meeting.opinions.select_related("aspect")
    if form.cleaned_data["all_filtered"]:
        filters = OpinionFilterForm(
            QueryDict(request.POST.get("query", "")), meeting=meeting, members=members, sees_all=True
        )
        chosen = list(filters.apply(opinions))
    else:
        chosen = list(opinions.filter(pk__in=form.selected_ids()))
    if not chosen:
        messages.error(request, "请先勾选要处理的意见。")
        return redirect(back)
    try:
        done = _apply_bulk(meeting, form.cleaned_data, chosen, members)
    except services.OpinionError as error:
        return shortcuts.refused(request, error) or redirect(back)
    messages.success(request, done)
    return redirect(back)


def _apply_bulk(meeting, data, chosen, members):
    action = data["action"]
    with transaction.atomic():
        if action == "accept":
            count = services.accept(chosen, aspect=data["aspect"])
            return f"已采纳{count}条意见。"
        if action == "reject":
            count = services.reject(chosen, data["reason"])
            return f"{count}条意见不予采纳。"
        if action == "merge":
            into = meeting.opinions.filter(pk=data["merge_into"]).first()
            if into is None or into.pk not in {o.pk for o in chosen}:
                raise services.OpinionError("要保留的意见须是勾选的意见之一。")
            count = services.merge(chosen, into)
            return f"已将{count}条意见合并到第{into.pk}号意见。"
        addressee = None
        if data["addressee"] and data["addressee"] != TEAM:
            addressee = next((m for m in members if str(m.pk) == data["addressee"]), None)
        count = services.reclassify(
            chosen,
            aspect=data["aspect"],
            category=data["category"],
            channel=data["channel"],
            addressee=addressee,
            to_team=data["addressee"] == TEAM,
        )
        return f"已重新分类{count}条意见。"


@login_required
def feedback_status(request, pk):
    """反馈: for each member, how many opinions are addressed to them and whether they were passed on."""
    meeting = visible_meeting(request, pk)
    require(access.sees_all_opinions(request.user, meeting))
    can_manage = access.can_manage_opinions(request.user, meeting)
    locked = services.locked_reason(meeting) if access.can_manage_meeting(request.user, meeting) else ""
    if request.method == "POST":
        if locked:
            return refuse_locked(request, locked)
        require(can_manage)
        member = get_object_or_404(services.team_members(meeting), pk=request.POST.get("member"))
        try:
            services.mark_feedback_sent(meeting, member, request.user)
        except services.OpinionError as refused:
            return refuse_locked(request, str(refused))
        messages.success(request, f"已标记向{member.name}同志反馈意见。")
        return redirect("opinion_feedback", pk=meeting.pk)
    members = services.team_members(meeting).annotate(
        opinion_count=Count(
            "opinions_received",
            filter=Q(opinions_received__meeting=meeting, opinions_received__status=OpinionStatus.ACCEPTED),
        )
    )
    deliveries = {
        d.member_id: d for d in FeedbackDelivery.objects.filter(meeting=meeting).select_related("sent_by")
    }
    team_count = meeting.opinions.filter(status=OpinionStatus.ACCEPTED, addressee__isnull=True).count()
    rows = [(member, deliveries.get(member.pk)) for member in members]
    return render(
        request,
        "feedback/feedback_status.html",
        {
            "meeting": meeting,
            "rows": rows,
            "team_count": team_count,
            "can_manage": can_manage,
            "locked": locked,
        },
    )


@login_required
def opinion_choices(request, pk):
    """The meeting's channels and source categories."""
    meeting = visible_meeting(request, pk)
    locked = _opinions_lock(request, meeting)
    if locked:
        if request.method == "POST":
            return refuse_locked(request, locked)
        return render(
            request,
            "feedback/opinion_choices.html",
            {
                "meeting": meeting,
                "locked": locked,
                "channel_list": meeting.channels.all(),
                "category_list": meeting.source_categories.all(),
            },
        )
    channels = ChannelFormSet(request.POST or None, instance=meeting, prefix="channels")
    categories = CategoryFormSet(request.POST or None, instance=meeting, prefix="categories")
    collector = CollectorForm(request.POST or None, instance=meeting, prefix="collector")
    if request.method == "POST":
        if channels.is_valid() and categories.is_valid() and collector.is_valid():
            try:
                with transaction.atomic():
                    services.check_open(meeting)
                    channels.save()
                    categories.save()
                    meeting.save(update_fields=["opinion_collector"])
            except services.OpinionError as refused:  # the meeting was held since the page was opened
                return refuse_locked(request, str(refused))
            except ProtectedError:
                messages.error(
                    request, "已有意见使用的渠道或类别不能删除，请先把这些意见改到其他渠道或类别。"
                )
                return redirect("opinion_choices", pk=meeting.pk)
            messages.success(request, "渠道、类别和汇总单位已保存。")
            return redirect("opinion_list", pk=meeting.pk)
        messages.error(request, "有内容需要修改，请查看标红的字段。")
    return render(
        request,
        "feedback/opinion_choices.html",
        {"meeting": meeting, "channels": channels, "categories": categories, "collector": collector},
    )
