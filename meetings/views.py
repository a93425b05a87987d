"""Pages of a meeting: dashboard, the meeting page, the plan editor, stage moves and review."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import prefetch_related_objects
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from documents.exporters.plan import plan_document
from documents.render_pdf import render_preview
from orgs import access, shortcuts
from orgs.shortcuts import refuse_locked, require, visible_meeting

from . import selectors, services, study, workflow
from .forms import (
    PLAN_SECTIONS,
    AspectFormSet,
    MeetingForm,
    NewMeetingForm,
    NoteForm,
    PersonFormSet,
    PlanForm,
    ReasonForm,
    ReviewForm,
    ScheduleFormSet,
)
from .models import PlanStatus


@login_required
def dashboard(request):
    page = Paginator(selectors.dashboard_meetings(request.user), 20).get_page(request.GET.get("page"))
    page.object_list = selectors.with_deadlines(page.object_list)
    return render(
        request,
        "meetings/dashboard.html",
        {"page": page, "can_create": access.can_create_meeting(request.user)},
    )


@login_required
def meeting_create(request):
    organisations = access.organisations_user_can_organise(request.user)
    require(organisations.exists())
    form = NewMeetingForm(request.POST or None, organisations=organisations)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        meeting = services.create_meeting(
            organisation=data.pop("organisation"),
            aspect_template=data.pop("aspect_template"),
            by=request.user,
            **data,
        )
        messages.success(request, "会议已创建，已按模板生成对照检查方面、参会人员、日程和方案初稿。")
        return redirect("meeting_plan_edit", pk=meeting.pk)
    return render(request, "meetings/meeting_create.html", {"form": form})


# The meeting page's cards, one per stage's work (the plan, then the panels of the apps). The current
# stage's card comes first, beside the stage actions, so that a clerk sees the next thing to do without
# scrolling; the cards of work in hand follow; the plan (a whole document) is open only to those who make
# or review it while it is made; the cards of stages still to come wait folded at the bottom.
STAGE_PANELS = {
    workflow.Stage.PLANNING: "plan",
    workflow.Stage.STUDY: "study",
    workflow.Stage.OPINIONS: "opinions",
    workflow.Stage.TALKS: "talks",
    workflow.Stage.DRAFTING: "drafts",
    workflow.Stage.MEETING: "record",
    workflow.Stage.RECTIFICATION: "rectification",
    workflow.Stage.REPORTING: "reporting",
    workflow.Stage.CLOSED: "reporting",
}


def meeting_panels(stage):
    """{"current": the card of the stage's work, "reached": the other cards of work in hand (the plan's
    excepted: it has its own fold), "later": the cards of stages to come}, each in the workflow's order."""
    number = workflow.stage_number(stage)
    # "Stages 2–5 overlap in real life … records of earlier stages stay editable until the meeting is
    # held" (DESIGN §2): from the first day to the meeting, study, opinions, talks and drafts are all in hand.
    before_meeting = stage in workflow.PRE_MEETING
    current = STAGE_PANELS[workflow.Stage(stage)]
    reached, later = [], []
    for other in workflow.ORDER[1:-1]:
        panel = STAGE_PANELS[other]
        if panel == current:
            continue
        in_hand = workflow.stage_number(other) <= number or (before_meeting and other in workflow.PRE_MEETING)
        (reached if in_hand else later).append(panel)
    return {"current": current, "reached": reached, "later": later}


@login_required
def meeting_detail(request, pk):
    meeting = visible_meeting(request, pk)
    # The stepper, the timeline, the plan's text and the reporting card each read the schedule; the plan's
    # text, the opinions' overview and the study card the aspects and the people: each once.
    prefetch_related_objects([meeting], "schedule", "aspects", "people")
    user = request.user
    plan = meeting.plan
    can_move = access.can_move_meeting(user, meeting)
    # The guards read the stage's work (opinions, drafts, items …); only the stage actions show their answer.
    refusals = workflow.refusals(meeting) if can_move else []
    context = {
        "meeting": meeting,
        "plan": plan,
        "panels": meeting_panels(meeting.stage),
        "steps": selectors.stepper(meeting),
        "timeline": selectors.timeline(meeting),
        "plan_html": render_preview(plan_document(meeting)),
        "plan_events": plan.events.select_related("by"),
        "transitions": meeting.transitions.select_related("by")[:50],
        "can_manage": access.can_manage_meeting(user, meeting),
        "can_move": can_move,
        "can_edit_schedule": access.can_edit_schedule(user, meeting),
        "can_edit_plan": access.can_edit_plan(user, meeting),
        "can_review": access.can_review_plan(user, meeting),
        # The plan's full text is open while it is made, to those who make or review it.
        "plan_open": meeting.stage == workflow.Stage.PLANNING
        and (access.can_manage_meeting(user, meeting) or access.reviews_plan(user, meeting)),
        "refusals": refusals,
        "confirmable": workflow.only_confirmable(refusals),
        "needs_reason": any(isinstance(reason, workflow.NeedsReason) for reason in refusals),
        "next_stage": workflow.next_stage(meeting.stage),
        "previous_stage": workflow.previous_stage(meeting.stage),
        "talk_counts": selectors.talk_counts(user, meeting),
        "study_figures": study.study_figures(meeting),
        "review_form": ReviewForm(),
        "reason_form": ReasonForm(),
        "note_form": NoteForm(),
    }
    return render(request, "meetings/meeting_detail.html", context)


def plan_locked_reason(meeting):
    """Why the plan cannot be edited now, naming the stage or the review; "" while it can
    (``Meeting.plan_is_editable``: while planning, and not while the supervisor has it)."""
    if meeting.plan_is_editable:
        return ""
    if access.meeting_is_archived(meeting):
        return workflow.ARCHIVE_READ_ONLY
    plan = getattr(meeting, "plan", None)
    if meeting.stage != workflow.Stage.PLANNING:
        stage = workflow.Stage(meeting.stage).label
        return f"会议已进入“{stage}”阶段，方案已经督导组审定，不能再修改。"
    if plan is not None and plan.status == PlanStatus.SUBMITTED:
        return "方案已报送督导组审核，审核期间不能修改；督导组退回后可以修改。"
    return "方案已经督导组审定，不能再修改。"


@login_required
def meeting_plan_edit(request, pk):
    meeting = visible_meeting(request, pk)
    require(access.can_manage_meeting(request.user, meeting))
    locked = plan_locked_reason(meeting)
    if locked:
        if request.method == "POST":
            return refuse_locked(request, locked)
        return render(request, "meetings/plan_edit.html", {"meeting": meeting, "locked": locked})
    plan = meeting.plan
    data = request.POST or None
    meeting_form = MeetingForm(data, instance=meeting, prefix="meeting")
    plan_form = PlanForm(data, instance=plan, prefix="plan")
    people = PersonFormSet(data, instance=meeting, prefix="people")
    aspects = AspectFormSet(data, instance=meeting, prefix="aspects")
    sections = [
        (section, formset_class(data, instance=plan, prefix=section.value))
        for section, formset_class in PLAN_SECTIONS
    ]
    forms = [meeting_form, plan_form, people, aspects, *(formset for _, formset in sections)]
    if request.method == "POST":
        if all(form.is_valid() for form in forms):
            with transaction.atomic():
                date_changed = "date" in meeting_form.changed_data
                meeting_form.save()
                if date_changed:
                    services.change_meeting_date(meeting, meeting.date)
                for form in forms[1:]:
                    form.save()
            messages.success(request, "方案已保存。")
            if "continue" in request.POST:
                return redirect("meeting_plan_edit", pk=meeting.pk)
            return redirect("meeting_detail", pk=meeting.pk)
        messages.error(request, "有内容需要修改，请查看标红的字段。已填写的内容均已保留。")
    return render(
        request,
        "meetings/plan_edit.html",
        {
            "meeting": meeting,
            "meeting_form": meeting_form,
            "plan_form": plan_form,
            "people": people,
            "aspects": aspects,
            "sections": sections,
        },
    )


@login_required
def meeting_schedule_edit(request, pk):
    meeting = visible_meeting(request, pk)
    require(access.can_manage_meeting(request.user, meeting))
    if not access.can_edit_schedule(request.user, meeting):  # the office, once the meeting is archived
        if request.method == "POST":
            return refuse_locked(request, workflow.ARCHIVE_READ_ONLY)
        return render(
            request,
            "meetings/schedule_edit.html",
            {"meeting": meeting, "locked": workflow.ARCHIVE_READ_ONLY, "rows": meeting.schedule.all()},
        )
    formset = ScheduleFormSet(request.POST or None, queryset=meeting.schedule.all())
    if request.method == "POST":
        if formset.is_valid():
            with transaction.atomic():
                formset.save()
                services.change_meeting_date(meeting, meeting.date)
            messages.success(request, "日程已更新，截止日期已按会议日期重新计算。")
            return redirect("meeting_detail", pk=meeting.pk)
        messages.error(request, "有内容需要修改，请查看标红的字段。")
    return render(request, "meetings/schedule_edit.html", {"meeting": meeting, "formset": formset})


@require_POST
@login_required
def plan_submit(request, pk):
    meeting = visible_meeting(request, pk)
    require(access.can_edit_plan(request.user, meeting))
    try:
        services.submit_plan(meeting.plan, request.user)
        messages.success(request, "方案已报送督导组审核。")
    except services.TransitionRefused as error:
        return shortcuts.refused(request, error) or redirect("meeting_detail", pk=meeting.pk)
    return redirect("meeting_detail", pk=meeting.pk)


@require_POST
@login_required
def plan_review(request, pk):
    meeting = visible_meeting(request, pk)
    require(access.reviews_plan(request.user, meeting))
    form = ReviewForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return redirect("meeting_detail", pk=meeting.pk)
    try:
        if form.cleaned_data["decision"] == "approve":
            services.approve_plan(meeting.plan, request.user, form.cleaned_data["comment"])
            messages.success(request, "方案已审定通过。")
        else:
            services.return_plan(meeting.plan, request.user, form.cleaned_data["comment"])
            messages.success(request, "方案已退回修改。")
    except services.TransitionRefused as error:
        return shortcuts.refused(request, error) or redirect("meeting_detail", pk=meeting.pk)
    return redirect("meeting_detail", pk=meeting.pk)


@require_POST
@login_required
def meeting_advance(request, pk):
    meeting = visible_meeting(request, pk)
    require(access.can_move_meeting(request.user, meeting))
    form = NoteForm(request.POST)
    note = form.cleaned_data["note"] if form.is_valid() else ""
    try:
        log = services.advance(
            meeting,
            request.user,
            expected_stage=request.POST.get("expected_stage"),
            note=note,
            confirmed=request.POST.get("confirmed") == "1",
        )
        messages.success(request, f"会议已进入“{log.get_to_stage_display()}”阶段。")
    except services.TransitionRefused as error:
        return shortcuts.refused(request, error) or redirect("meeting_detail", pk=meeting.pk)
    return redirect("meeting_detail", pk=meeting.pk)


@require_POST
@login_required
def meeting_step_back(request, pk):
    meeting = visible_meeting(request, pk)
    require(access.can_move_meeting(request.user, meeting))
    form = ReasonForm(request.POST)
    reason = form.cleaned_data["reason"] if form.is_valid() else ""
    try:
        log = services.step_back(
            meeting, request.user, reason, expected_stage=request.POST.get("expected_stage")
        )
        messages.success(request, f"会议已退回“{log.get_to_stage_display()}”阶段。")
    except services.TransitionRefused as error:
        return shortcuts.refused(request, error) or redirect("meeting_detail", pk=meeting.pk)
    return redirect("meeting_detail", pk=meeting.pk)
