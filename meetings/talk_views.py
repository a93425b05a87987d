"""Pages of the talks: the list, recording a talk, one's own side, the 四必谈 coverage matrix."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from orgs import access, shortcuts
from orgs.models import User
from orgs.shortcuts import require, visible_meeting, visible_talk

from . import services, talks
from .coverage import pair_key, required_pairs
from .talk_forms import SideForm, TalkForm, WaiverForm, transcription_forms

REFUSED = "有内容需要修改，请查看标红的字段。已填写的内容均已保留。"


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
    locked = talks.lock_reason(meeting)
    # Nothing waits for a confirmation that can no longer be given.
    waiting = [
        talk
        for talk in page
        for side in talk.participants.all()
        if side.person_id == user.pk and side.confirmed_at is None and not locked
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
            "locked": locked,
        },
    )


def _locked_page(request, meeting, talk=None):
    """A talk form of a locked meeting: the reason instead of a form that would only fail on submit."""
    return render(
        request,
        "meetings/talks/talk_form.html",
        {"meeting": meeting, "talk": talk, "locked": talks.lock_reason(meeting)},
    )


def _picked(request):
    """The people a link pre-selects (``?with=<user pk>`` once a person, e.g. from the coverage matrix)."""
    return [value for value in request.GET.getlist("with") if value.isdigit()]


def _transcribed(forms):
    """{person: side} of the office's transcription forms, the confirmed sides left out."""
    return {form.person: form.cleaned_data for form in forms if not form.confirmed}


@login_required
def talk_create(request, pk):
    meeting = visible_meeting(request, pk)
    user = request.user
    require(access.records_talks(user, meeting))
    if request.method == "GET" and not access.can_record_talk(user, meeting):
        return _locked_page(request, meeting)
    recorder = user if access.has_role(user, meeting, "secretary", "member") else None
    data = request.POST or None
    form = TalkForm(
        data, organisation=meeting.organisation, recorder=recorder, initial={"people": _picked(request)}
    )
    side = SideForm(data, prefix="side") if recorder else None
    transcribing = access.can_transcribe_talks(user, meeting)
    # The office enters the other sides too (办公室录入) for the people picked when the page was built.
    sides = transcription_forms(data, form.chosen(), skip=user) if transcribing else []
    valid = form.is_valid() & (side is None or side.is_valid()) & all(f.is_valid() for f in sides)
    if request.method == "POST" and valid:
        cleaned = form.cleaned_data
        try:
            talk = talks.record_talk(
                meeting,
                user,
                date=cleaned["date"],
                place=cleaned["place"],
                topics=cleaned["topics"],
                improvements=cleaned["improvements"],
                people=cleaned["people"],
                own_side=side.cleaned_data if side else None,
                transcribed=_transcribed(sides),
            )
        except talks.TalkError as error:
            shortcuts.refused(request, error, as_json=False)
        else:
            shown = set(request.POST.getlist("sides_shown"))
            if transcribing and any(str(f.person.pk) not in shown for f in sides):
                # People ticked in the picker had no boxes on the page: the office enters their sides next.
                messages.success(
                    request, "谈话记录已保存。请在下方录入各方的谈话内容（办公室录入），或留待本人填写确认。"
                )
                return redirect(f"{reverse('talk_edit', args=[meeting.pk, talk.pk])}#sides")
            if transcribing:
                messages.success(request, "谈话记录已保存。办公室录入的内容待各参与人登录后确认或更正。")
            else:
                messages.success(request, "谈话记录已保存，其他参与人确认各自内容后即完整。")
            return redirect("talk_detail", pk=meeting.pk, talk_pk=talk.pk)
    elif request.method == "POST":
        messages.error(request, REFUSED)
    return render(
        request,
        "meetings/talks/talk_form.html",
        {"meeting": meeting, "form": form, "side": side, "sides": sides, "transcribing": transcribing},
    )


@login_required
def talk_edit(request, pk, talk_pk):
    meeting = visible_meeting(request, pk)
    talk = visible_talk(request, meeting, talk_pk)
    user = request.user
    require(access.edits_talk(user, talk))
    if request.method == "GET" and not access.can_edit_talk(user, talk):
        return _locked_page(request, meeting, talk)
    existing = list(talk.participants.all())
    initial = {
        "date": talk.date,
        "place": talk.place,
        "topics": talk.topics,
        "improvements": talk.improvements,
        "people": [str(side.person_id) for side in existing],
    }
    data = request.POST or None
    form = TalkForm(data, organisation=meeting.organisation, initial=initial)
    transcribing = access.can_transcribe_talks(user, meeting)
    recorded = {side.person_id: side for side in existing}
    people = [side.person for side in existing]
    sides = transcription_forms(data, people, recorded, skip=user) if transcribing else []
    valid = form.is_valid() & all(f.is_valid() for f in sides)
    if request.method == "POST" and valid:
        try:
            talks.update_talk(talk, by=user, transcribed=_transcribed(sides), **form.cleaned_data)
        except talks.TalkError as error:
            shortcuts.refused(request, error, as_json=False)
        else:
            messages.success(request, "谈话记录已更新。")
            return redirect("talk_detail", pk=meeting.pk, talk_pk=talk.pk)
    elif request.method == "POST":
        messages.error(request, REFUSED)
    return render(
        request,
        "meetings/talks/talk_form.html",
        {"meeting": meeting, "form": form, "talk": talk, "sides": sides, "transcribing": transcribing},
    )


@login_required
def talk_detail(request, pk, talk_pk):
    meeting = visible_meeting(request, pk)
    talk = visible_talk(request, meeting, talk_pk)
    sides = list(talk.participants.select_related("entered_by"))
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
                shortcuts.refused(request, error, as_json=False)
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
            "can_transcribe": access.can_transcribe_talks(request.user, meeting),
            "locked": talks.lock_reason(meeting),
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
            "can_record": access.can_record_talk(user, meeting),
            # The team records the talks they took part in (they are a participant of what they record);
            # the office records any pair.
            "recorder_pk": user.pk if access.has_role(user, meeting, "secretary", "member") else None,
            "locked": talks.lock_reason(meeting),
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
        shortcuts.refused(request, error, as_json=False)
    return redirect("talk_coverage", pk=meeting.pk)
