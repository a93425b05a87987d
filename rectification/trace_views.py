"""What became of each accepted opinion (DESIGN §6: linked to an item, or answered with a note — and
the ones that are neither), and the activities held for the rectification that the progress report
counts ("全年共组织召开…会议n次、中心组学习n次、调度会议n次")."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Count, Exists, OuterRef, Prefetch, Q
from django.http import QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from documents.tree import format_date
from feedback.models import OpinionStatus
from orgs import access
from orgs.shortcuts import require, visible_meeting, visible_opinion

from . import services
from .forms import ActivityForm, AnswerForm
from .models import ActivityKind, ItemSource, OpinionAnswer

OPINIONS_PER_PAGE = 30
ACTIVITIES_PER_PAGE = 30
FILTERS = {
    "": "全部",
    "linked": "已列入整改清单",
    "answered": "已答复说明",
    "unanswered": "未落实",
}


# --- opinions ---------------------------------------------------------------------------------------


def _accepted(user, meeting):
    """The accepted opinions the user may see, each marked linked (has an item) and answered (has a note)."""
    return (
        access.opinions_for(user, meeting)
        .filter(status=OpinionStatus.ACCEPTED)
        .annotate(
            linked=Exists(ItemSource.objects.filter(opinion=OuterRef("pk"))),
            answered=Exists(OpinionAnswer.objects.filter(opinion=OuterRef("pk"))),
        )
    )


def _filtered(opinions, meeting, which):
    if which == "linked":
        return opinions.filter(linked=True)
    if which == "answered":
        return opinions.filter(linked=False, answered=True)
    if which == "unanswered":
        return opinions.filter(pk__in=services.unanswered_opinions(meeting).values("pk"))
    return opinions


def _render_trace(request, meeting, query, *, bound=None, status=200):
    """The page for the filter in ``query``; ``bound`` is (opinion pk, form) of an answer that was refused."""
    user = request.user
    opinions = _accepted(user, meeting)
    figures = opinions.order_by().aggregate(
        all_accepted=Count("pk"),
        with_items=Count("pk", filter=Q(linked=True)),
        with_answers=Count("pk", filter=Q(linked=False, answered=True)),
        neither=Count("pk", filter=Q(linked=False, answered=False)),
    )
    counts = {
        "total": figures["all_accepted"],
        "linked": figures["with_items"],
        "answered": figures["with_answers"],
        "unanswered": figures["neither"],
    }
    which = query.get("filter", "")
    which = which if which in FILTERS else ""
    rows = _filtered(opinions, meeting, which)
    single = query.get("opinion", "")
    if single.isdigit():
        rows = rows.filter(pk=int(single))
    # Only the items the user may open are linked from here; a member never learns of another's list.
    visible_sources = ItemSource.objects.filter(item__in=access.items_for(user, meeting)).select_related(
        "item__rectification_list__member"
    )
    rows = (
        rows.select_related("aspect", "category", "channel", "addressee", "answer__by")
        .prefetch_related(
            Prefetch("rectification_sources", queryset=visible_sources, to_attr="visible_sources")
        )
        .order_by("aspect__order", "created_at", "pk")
    )
    page = Paginator(rows, OPINIONS_PER_PAGE).get_page(query.get("page"))
    keep = query.copy()
    keep.pop("page", None)
    bound_pk, bound_form = bound or (None, None)
    return render(
        request,
        "rectification/opinions.html",
        {
            "meeting": meeting,
            "page": page,
            "counts": counts,
            "filters": [(key, label, counts[key or "total"]) for key, label in FILTERS.items()],
            "which": which,
            "single": single if single.isdigit() else "",
            "query": keep.urlencode(),
            "page_query": query.urlencode(),
            "can_answer": access.can_answer_opinions(user, meeting),
            "sees_all": access.sees_all_opinions(user, meeting),
            "bound_pk": bound_pk,
            "bound_form": bound_form,
        },
        status=status,
    )


@login_required
def opinion_trace(request, pk):
    meeting = visible_meeting(request, pk)
    return _render_trace(request, meeting, request.GET)


@require_POST
@login_required
def opinion_answer(request, pk, opinion_pk):
    """Marks an accepted opinion answered with a note (or ``withdraw=1`` takes the answer back)."""
    meeting = visible_meeting(request, pk)
    opinion = visible_opinion(request, meeting, opinion_pk, status=OpinionStatus.ACCEPTED)
    require(access.can_answer_opinions(request.user, meeting))
    query = QueryDict(request.POST.get("query", ""))
    back = f"{reverse('rectification_opinions', args=[meeting.pk])}?{query.urlencode()}#opinion-{opinion.pk}"
    if request.POST.get("withdraw"):
        services.withdraw_answer(opinion)
        messages.success(request, f"已撤销对第{opinion.pk}号意见的答复说明，它重新列为“未落实”。")
        return redirect(back)
    form = AnswerForm(request.POST)
    if form.is_valid():
        try:
            services.answer_opinion(opinion, request.user, form.cleaned_data["note"])
        except services.RectificationRefused as error:
            for reason in error.reasons:
                form.add_error("note", reason)
        else:
            messages.success(request, f"第{opinion.pk}号意见已标记为已答复。")
            return redirect(back)
    messages.error(request, f"第{opinion.pk}号意见的答复说明未保存，请查看下方标红处。")
    return _render_trace(request, meeting, query, bound=(opinion.pk, form), status=400)


# --- activities -------------------------------------------------------------------------------------


@login_required
def activities(request, pk):
    """整改推进活动: the list for everyone of the meeting, the add form for the office."""
    meeting = visible_meeting(request, pk)
    user = request.user
    can_record = access.can_record_activity(user, meeting)
    form = ActivityForm(request.POST or None)
    status = 200
    if request.method == "POST":
        require(can_record)
        if form.is_valid():
            activity = form.save(commit=False)
            activity.meeting, activity.by = meeting, user
            activity.save()
            messages.success(request, f"已记录{activity.get_kind_display()}：{activity.title}。")
            return redirect("rectification_activities", pk=meeting.pk)
        status = 400
    rows = meeting.rectification_activities.select_related("by")
    counts = rows.order_by().aggregate(
        total=Count("pk"), **{kind.value: Count("pk", filter=Q(kind=kind.value)) for kind in ActivityKind}
    )
    page = Paginator(rows, ACTIVITIES_PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "rectification/activities.html",
        {
            "meeting": meeting,
            "page": page,
            "counts": counts,
            "kinds": [(kind.label, counts[kind.value]) for kind in ActivityKind],
            "can_record": can_record,
            "form": form if can_record else None,
        },
        status=status,
    )


@require_POST
@login_required
def activity_delete(request, pk, activity_pk):
    meeting = visible_meeting(request, pk)
    activity = get_object_or_404(meeting.rectification_activities, pk=activity_pk)
    require(access.can_record_activity(request.user, meeting))
    activity.delete()
    messages.success(
        request, f"已删除{format_date(activity.date)}的{activity.get_kind_display()}：{activity.title}。"
    )
    return redirect("rectification_activities", pk=meeting.pk)
