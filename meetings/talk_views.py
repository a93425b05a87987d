"""Pages of the talks: the list, recording a talk, one's own side, the 四必谈 coverage matrix."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from orgs import access
from orgs.models import User

from . import services, talks
from .coverage import pair_key, required_pairs
from .forms_talks import SideForm, TalkForm, WaiverForm
from .views import require, visible_meeting


def visible_talk(request, meeting, talk_pk):
    """A talk the user may open; 404 for anyone else, so its existence does not leak."""
    return get_object_or_404(
        access.talks_for(request.user, meeting)
        .select_related("created_by")
        .prefetch_related("participants__person"),
        pk=talk_pk,
    )


@login_required
def talk_list(request, pk):
    meeting = visible_meeting(request, pk)
    user = request.user
    records = (
        access.talks_for(user, meeting)
        .select_related("created_by")
        .prefetch_related("participants__person")
        .order_by("-date", "-pk")
    )
    page = Paginator(records, 20).get_page(request.GET.get("page"))
    waiting = [
        talk
        for talk in page
        for side in talk.participants.all()
        if side.person_id == user.pk and side.confirmed_at is None
    ]
    return render(
        request,
        "meetings/talks/talk_list.html",
        {
            "meeting": meeting,
            "page": page,
            "waiting": waiting,
            "can_record": access.can_record_talk(user, meeting),
            "sees_all": access.sees_all_talks(user, meeting),
        },
    )


@login_required
def talk_create(request, pk):
    meeting = visible_meeting(request, pk)
    require(access.can_record_talk(request.user, meeting))
    recorder = request.user if access.has_role(request.user, meeting, "secretary", "member") else None
    form = TalkForm(request.POST or None, organisation=meeting.organisation, recorder=recorder)
    side = SideForm(request.POST or None, prefix="side")
    if request.method == "POST" and form.is_valid() and side.is_valid():
        data = form.cleaned_data
        try:
            talk = talks.record_talk(
                meeting,
                request.user,
                date=data["date"],
                place=data["place"],
                topics=data["topics"],
                improvements=data["improvements"],
                people=data["people"],
                own_side=side.cleaned_data if recorder else None,
            )
        except talks.TalkError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, "谈话记录已保存，其他参与人确认各自内容后即完整。")
            return redirect("talk_detail", pk=meeting.pk, talk_pk=talk.pk)
    return render(
        request,
        "meetings/talks/talk_form.html",
        {"meeting": meeting, "form": form, "side": side if recorder else None},
    )


@login_required
def talk_edit(request, pk, talk_pk):
    meeting = visible_meeting(request, pk)
    talk = visible_talk(request, meeting, talk_pk)
    require(access.can_edit_talk(request.user, talk))
    initial = {
        "date": talk.date,
        "place": talk.place,
        "topics": talk.topics,
        "improvements": talk.improvements,
        "people": [side.person for side in talk.participants.all()],
    }
    form = TalkForm(request.POST or None, organisation=meeting.organisation, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            talks.update_talk(talk, **form.cleaned_data)
        except talks.TalkError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, "谈话记录已更新。")
            return redirect("talk_detail", pk=meeting.pk, talk_pk=talk.pk)
    return render(request, "meetings/talks/talk_form.html", {"meeting": meeting, "form": form, "talk": talk})


@login_required
def talk_detail(request, pk, talk_pk):
    meeting = visible_meeting(request, pk)
    talk = visible_talk(request, meeting, talk_pk)
    sides = list(talk.participants.all())
    mine = next((side for side in sides if side.person_id == request.user.pk), None)
    form = None
    if access.can_confirm_talk(request.user, talk):
        form = SideForm(
            request.POST or None,
            initial={
                "problems_raised": mine.problems_raised,
                "criticisms_to_raise": mine.criticisms_to_raise,
            },
        )
        if request.method == "POST" and form.is_valid():
            try:
                talks.save_side(talk, request.user, **form.cleaned_data)
            except talks.TalkError as error:
                messages.error(request, str(error))
            else:
                messages.success(request, "已确认本人的谈话内容。")
                return redirect("talk_detail", pk=meeting.pk, talk_pk=talk.pk)
    elif request.method == "POST":
        require(False)
    return render(
        request,
        "meetings/talks/talk_detail.html",
        {
            "meeting": meeting,
            "talk": talk,
            "sides": sides,
            "mine": mine,
            "form": form,
            "can_edit": access.can_edit_talk(request.user, talk),
        },
    )


@login_required
def talk_coverage(request, pk):
    """四必谈: every required pair, done with its date, waived with its reason, or missing."""
    meeting = visible_meeting(request, pk)
    user = request.user
    sees_all = access.sees_whole_coverage(user, meeting)
    require(sees_all or access.has_role(user, meeting, "member"))
    statuses = talks.coverage(meeting)
    team = services.leadership(meeting.organisation)
    if not sees_all:
        team = [person for person in team if person.pk == user.pk]
    rows = talks.rows_by_person(statuses, team)
    only_missing = request.GET.get("missing") == "1"
    mine = request.GET.get("mine") == "1" or not sees_all
    if mine:
        rows = [row for row in rows if row[0].pk == user.pk]
    if only_missing:
        rows = [(person, [cell for cell in cells if cell[1].state == "missing"]) for person, cells in rows]
    visible = {id(cell[1]) for _, cells in rows for cell in cells}
    counts = {
        state: sum(1 for s in statuses if s.state == state and (sees_all or id(s) in visible))
        for state in ("done", "waived", "missing")
    }
    return render(
        request,
        "meetings/talks/coverage.html",
        {
            "meeting": meeting,
            "rows": rows,
            "counts": counts,
            "total": sum(counts.values()),
            "sees_all": sees_all,
            "only_missing": only_missing,
            "mine": mine,
            "can_waive": access.can_waive_talk(user, meeting),
        },
    )


@require_POST
@login_required
def talk_waive(request, pk):
    meeting = visible_meeting(request, pk)
    require(access.can_waive_talk(request.user, meeting))
    form = WaiverForm(request.POST)
    if not form.is_valid():
        messages.error(request, "免谈须填写理由。")
        return redirect("talk_coverage", pk=meeting.pk)
    required = {pair.key for pair in required_pairs(meeting.organisation)}
    data = form.cleaned_data
    if pair_key(data["first"], data["second"]) not in required:
        messages.error(request, "这两人不属于四必谈的必谈对象。")
        return redirect("talk_coverage", pk=meeting.pk)
    people = User.objects.in_bulk([data["first"], data["second"]])
    try:
        if request.POST.get("cancel"):
            talks.cancel_waiver(meeting, data["first"], data["second"])
            messages.success(request, "已撤销免谈说明。")
        else:
            talks.waive_pair(
                meeting, people[data["first"]], people[data["second"]], data["reason"], request.user
            )
            messages.success(request, "已记录免谈理由。")
    except talks.TalkError as error:
        messages.error(request, str(error))
    return redirect("talk_coverage", pk=meeting.pk)
