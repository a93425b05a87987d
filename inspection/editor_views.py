"""The draft editor: the page, the JSON API its script saves through (never over someone else's
save), the checker, comments anchored to parts and the author's ticks on opinions (DESIGN §5)."""

import json

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import RequestDataTooBig
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from meetings import selectors
from orgs import access, shortcuts
from orgs.shortcuts import refuse_locked, require, visible_draft, visible_meeting, wants_json

from . import content as structure
from . import services
from .checker import check
from .diff import rows_html
from .models import DraftComment, DraftKind, DraftOpinion, RefusedSave

MAX_BODY = 1_000_000  # bytes: a whole outline is ~8,000 characters, its JSON well under 100 KB


def _draft(request, pk, draft_pk):
    """The meeting and the draft if the user may open it; 404 otherwise, so nothing leaks."""
    meeting = visible_meeting(request, pk)
    return meeting, visible_draft(request, meeting, draft_pk)


def _clock(moment):
    return timezone.localtime(moment).strftime("%H:%M:%S")


def _when(moment):
    """Today as "14:03:27", an earlier day as "1月6日 14:03"."""
    local = timezone.localtime(moment)
    if local.date() == timezone.localdate():
        return local.strftime("%H:%M:%S")
    return f"{local.month}月{local.day}日 {local:%H:%M}"


def _name(user):
    return user.name if user else ""


def _comment_json(comment, may_resolve):
    return {
        "id": comment.pk,
        "part_id": comment.part_id,
        "part_label": comment.part_label,
        "quote": comment.quote,
        "text": comment.text,
        "by": _name(comment.by),
        "at": _when(comment.at),
        "version": comment.version,
        "resolved": comment.is_resolved,
        "resolved_by": _name(comment.resolved_by),
        "can_resolve": may_resolve and not comment.is_resolved,
    }


def _opinions(user, meeting, draft):
    """Accepted opinions addressed to the outline's author (点人点事) with the author's ticks."""
    if draft.kind != DraftKind.PERSONAL:
        return []
    visible = access.opinions_for(user, meeting).values("pk")
    opinions = services.author_opinions(draft).filter(pk__in=visible).order_by("aspect__order", "pk")
    ticks = {row.opinion_id: row for row in DraftOpinion.objects.filter(draft=draft)}
    return [
        {
            "id": opinion.pk,
            "text": opinion.text,
            "aspect": opinion.aspect.name if opinion.aspect else "",
            "ticked": opinion.pk in ticks,
            "part_id": ticks[opinion.pk].part_id if opinion.pk in ticks else "",
        }
        for opinion in opinions
    ]


def _payload(user, meeting, draft):
    """Everything the editor script needs, in one read of a constant number of queries."""
    editor = access.can_edit_draft(user, draft)
    comments = draft.comments.select_related("by", "resolved_by")
    return {
        "version": draft.version,
        "status": draft.status,
        "status_label": draft.get_status_display(),
        "content": draft.content,
        "updated_at": timezone.localtime(draft.updated_at).isoformat(),
        "updated_by": _name(draft.updated_by),
        "can_edit": access.can_save_draft(user, draft),
        "can_comment": access.can_comment_draft(user, draft),
        "can_tick": draft.kind == DraftKind.PERSONAL and editor,
        "aspects": [
            {"order": aspect.order, "name": aspect.name, "text": aspect.text}
            for aspect in meeting.aspects.all()
        ],
        "comments": [
            _comment_json(comment, access.can_resolve_comment(user, draft, comment)) for comment in comments
        ],
        "opinions": _opinions(user, meeting, draft),
    }


def _downloads(user, meeting, draft):
    if draft.kind == DraftKind.TEAM:
        if not access.can_export_team_inspection(user, meeting):
            return []
        base, query = "team-inspection", ""
    else:
        if not access.can_export_outline(user, meeting, draft.author):
            return []
        base, query = "personal-outline", f"?member={draft.author_id}"
    return [
        (label, reverse("document_download", args=[meeting.pk, base, fmt]) + query)
        for label, fmt in (("下载 Word", "docx"), ("下载 PDF", "pdf"))
    ]


@login_required
def draft_detail(request, pk, draft_pk):
    """The editor for those who may edit the draft; the same layout, read-only, for its readers."""
    meeting, draft = _draft(request, pk, draft_pk)
    user = request.user
    payload = _payload(user, meeting, draft)
    can_edit = access.can_edit_draft(user, draft)
    urls = {
        "api": reverse("draft_api", args=[meeting.pk, draft.pk]),
        "check": reverse("draft_check", args=[meeting.pk, draft.pk]),
        "comment": reverse("draft_comment_add", args=[meeting.pk, draft.pk]),
        "resolve": reverse("draft_comment_resolve", args=[meeting.pk, draft.pk, 0]),
        "tick": reverse("draft_opinion_tick", args=[meeting.pk, draft.pk, 0]),
    }
    context = {
        "meeting": meeting,
        "draft": draft,
        "steps": selectors.stepper(meeting),
        "can_edit": can_edit,
        "editable": payload["can_edit"],
        "actions": access.draft_actions(user, draft),
        "locked": services.locked_reason(meeting),
        "events": draft.events.select_related("by").order_by("-at", "-pk"),
        "downloads": _downloads(user, meeting, draft),
        "unresolved": sum(1 for c in payload["comments"] if not c["resolved"]),
        "editor_data": {
            **payload,
            "draft_id": draft.pk,
            "label": draft.label,
            "user_name": user.name,
            "urls": urls,
            # The printed numbers by position: the script counts, the server spells (content.printed_labels).
            "labels": structure.printed_labels(),
        },
    }
    return render(request, "inspection/draft_detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def draft_api(request, pk, draft_pk):
    """GET: the draft for the editor. POST {"base_version", "content"}: save it as the next version."""
    meeting, draft = _draft(request, pk, draft_pk)
    user = request.user
    if request.method == "GET":
        return JsonResponse(_payload(user, meeting, draft))

    if not access.can_edit_draft(user, draft):
        if access.writes_draft(user, draft):
            return shortcuts.refused(
                request, services.locked_reason(meeting), as_json=True, status=409, locked=True
            )
        return shortcuts.refused(request, "您没有修改这份材料的权限。", as_json=True)
    too_long = shortcuts.refused(
        request, "内容过长（超过1MB），未能保存，请分段填写。", as_json=True, status=413
    )
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        length = 0
    if length > MAX_BODY:
        return too_long
    try:
        raw = request.body
    except RequestDataTooBig:
        return too_long
    if len(raw) > MAX_BODY:
        return too_long
    try:
        body = json.loads(raw)
    except (ValueError, UnicodeDecodeError):
        return shortcuts.refused(
            request, "提交的内容无法识别（不是有效的JSON），未保存。", as_json=True, status=400
        )
    if not isinstance(body, dict):
        return shortcuts.refused(request, "提交的内容格式不正确，未保存。", as_json=True, status=400)
    base_version = body.get("base_version")
    if isinstance(base_version, bool) or not isinstance(base_version, int) or base_version < 0:
        return shortcuts.refused(
            request, "缺少所依据的版本号，未保存。请刷新页面后再试。", as_json=True, status=400
        )
    if not isinstance(body.get("content"), dict):
        return shortcuts.refused(request, "缺少材料内容，未保存。", as_json=True, status=400)

    try:
        version = services.save_draft(draft, body["content"], base_version=base_version, by=user)
    except structure.ContentError as error:
        return shortcuts.refused(request, str(error), as_json=True, status=400)
    except services.DraftRefused as error:
        return shortcuts.refused(request, error, as_json=True, status=409, locked=True)
    except services.StaleDraft as stale:
        latest = stale.latest
        who = _name(latest.by) or "他人"
        return JsonResponse(
            {
                "error": f"{who} 于 {_when(latest.at)} 保存了第{latest.number}版，你的修改尚未保存，已为你保留。",
                "refused_id": stale.refused.pk,
                "refused_url": reverse("draft_refused", args=[meeting.pk, draft.pk, stale.refused.pk]),
                "base_version": stale.refused.base_version,
                "latest_version": latest.number,
                "latest_by": who,
                "latest_at": timezone.localtime(latest.at).isoformat(),
                "their_changes_html": rows_html(stale.their_changes),
                "merged": stale.merged,
                "conflicts": [conflict.as_dict() for conflict in stale.conflicts],
            },
            status=409,
        )

    merged_from = body.get("merged_refused_id")
    if isinstance(merged_from, int) and not isinstance(merged_from, bool):
        # The writer merged a refused save by hand: record where it went.
        refused = RefusedSave.objects.filter(pk=merged_from, draft=draft, by=user).first()
        if refused:
            services.mark_merged(refused, draft.version)
    return JsonResponse(
        {
            "version": draft.version,
            "saved": version is not None,
            "saved_at": _clock(version.at if version else timezone.now()),
            "status": draft.status,
            "status_label": draft.get_status_display(),
        }
    )


@login_required
@require_GET
def draft_check(request, pk, draft_pk):
    """The checker's findings on the saved draft (warnings; they never refuse anything)."""
    _meeting, draft = _draft(request, pk, draft_pk)
    findings = [
        {
            "code": finding.code,
            "message": finding.message,
            "part_ids": list(finding.part_ids),
            "passage": finding.passage,
            "other_passage": finding.other_passage,
            "other_label": finding.other_label,
            "opinion_id": finding.opinion_id,
        }
        for finding in check(draft)
    ]
    return JsonResponse({"version": draft.version, "findings": findings})


def _back(request, meeting, draft, message, ok=True):
    """For a form posted without the script: a message and back to the page."""
    (messages.success if ok else messages.error)(request, message)
    return redirect("draft_detail", pk=meeting.pk, draft_pk=draft.pk)


@login_required
@require_POST
def comment_add(request, pk, draft_pk):
    """A reviewer's comment on a part ("添加意见")."""
    meeting, draft = _draft(request, pk, draft_pk)
    user = request.user
    as_json = wants_json(request)
    if not access.can_comment_draft(user, draft):
        if as_json:
            return shortcuts.refused(request, "您没有对这份材料提出修改意见的权限。", as_json=True)
        require(False)
    try:
        comment = services.add_comment(
            draft, user, request.POST.get("text", ""), part_id=request.POST.get("part_id", "")
        )
    except services.DraftRefused as error:
        if as_json:
            return shortcuts.refused(request, error, as_json=True)
        return _back(request, meeting, draft, "；".join(error.reasons), ok=False)
    if as_json:
        return JsonResponse({"comment": _comment_json(comment, True)}, status=201)
    return _back(request, meeting, draft, "修改意见已添加。")


@login_required
@require_POST
def comment_resolve(request, pk, draft_pk, comment_pk):
    """ "已处理": the outline's author, the team material's editors or the comment's writer."""
    meeting, draft = _draft(request, pk, draft_pk)
    user = request.user
    comment = get_object_or_404(DraftComment.objects.select_related("by"), pk=comment_pk, draft=draft)
    as_json = wants_json(request)
    if not access.can_resolve_comment(user, draft, comment):
        if as_json:
            return shortcuts.refused(request, "您不能处理这条修改意见。", as_json=True)
        require(False)
    services.resolve_comment(comment, user)
    if as_json:
        return JsonResponse({"comment": _comment_json(comment, False)})
    return _back(request, meeting, draft, "已标记为已处理。")


@login_required
@require_POST
def opinion_tick(request, pk, draft_pk, opinion_pk):
    """The author marks an opinion addressed to them as answered in the outline (or unmarks it)."""
    meeting, draft = _draft(request, pk, draft_pk)
    user = request.user
    as_json = wants_json(request)
    if (
        draft.kind == DraftKind.PERSONAL
        and access.writes_draft(user, draft)
        and services.locked_reason(meeting)
    ):
        if as_json:
            return shortcuts.refused(
                request, services.locked_reason(meeting), as_json=True, status=409, locked=True
            )
        return refuse_locked(request, services.locked_reason(meeting))
    if draft.kind != DraftKind.PERSONAL or not access.can_edit_draft(user, draft):
        if as_json:
            return shortcuts.refused(request, "只有提纲的撰写人本人可以勾选已回应的意见。", as_json=True)
        require(False)
    opinion = get_object_or_404(services.author_opinions(draft), pk=opinion_pk)
    ticked = request.POST.get("ticked", "1") not in ("0", "false", "")
    part_id = request.POST.get("part_id", "")
    if part_id and part_id not in {item["id"] for _n, _g, item in structure.problems(draft.content)}:
        part_id = ""
    try:
        services.tick_opinion(draft, opinion, user, part_id=part_id, ticked=ticked)
    except services.DraftRefused as error:
        if as_json:
            return shortcuts.refused(request, error, as_json=True)
        return _back(request, meeting, draft, "；".join(error.reasons), ok=False)
    if as_json:
        return JsonResponse({"id": opinion.pk, "ticked": ticked, "part_id": part_id if ticked else ""})
    return _back(request, meeting, draft, "已更新意见的回应情况。")
