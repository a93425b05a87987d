"""Pages around the editor: the list of drafts, submit / review / endorse, the history of versions
and their differences, the paste-import, and a save that was refused because someone saved first.

The editor itself (the draft page, its JSON API, comments) is in ``inspection.editor_views``.
"""

import logging

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db import DatabaseError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.timezone import localtime
from django.views.decorators.http import require_POST

from audit import services as audit
from orgs import access, shortcuts
from orgs.shortcuts import refuse_locked, require, visible_draft, visible_meeting

from . import content as structure
from . import selectors, services
from .checker import check
from .diff import diff_contents, has_changes
from .forms import EndorseForm, ImportForm, RestoreForm, ReviewForm
from .models import DraftKind
from .parser import parse_outline

logger = logging.getLogger(__name__)

DRAFTS_PER_PAGE = 30
# A save is one transaction: when the database fails in the middle of it (a full disk, a lost connection),
# all of it is rolled back, and the writer is told so, the pasted text kept, rather than shown a server error.
IMPORT_FAILED = "导入未完成，未写入任何数据：系统暂时无法保存。您粘贴的文字仍在下面，请稍后再点“确认导入”；如仍不成功，请联系系统管理员。"
VERSIONS_PER_PAGE = 50


def _to_draft(meeting, draft):
    return redirect("draft_detail", pk=meeting.pk, draft_pk=draft.pk)


# --- the list ---------------------------------------------------------------------------------------


@login_required
def draft_list(request, pk):
    meeting = visible_meeting(request, pk)
    if request.method == "POST":
        # 建立材料: the drafts the meeting lacks, which are made when it enters 撰写对照检查材料 (a member
        # added to the team since, or drafts written before that stage), never by opening the list.
        require(access.can_manage_meeting(request.user, meeting))
        if not access.can_create_drafts(request.user, meeting):
            return refuse_locked(request, services.locked_reason(meeting))
        services.ensure_drafts(meeting)
        messages.success(request, "已为领导班子和每位班子成员建立材料。")
        return redirect("draft_list", pk=meeting.pk)
    drafts = access.drafts_for(request.user, meeting)
    page = Paginator(selectors.draft_rows(drafts), DRAFTS_PER_PAGE).get_page(request.GET.get("page"))
    can_create = access.can_create_drafts(request.user, meeting)
    return render(
        request,
        "inspection/draft_list.html",
        {
            "meeting": meeting,
            "page": page,
            "counts": selectors.draft_counts(drafts),
            "missing": selectors.missing_drafts(meeting) if can_create else [],
            "sees_all": access.sees_all_drafts(request.user, meeting),
            "secretaries": services.secretary_ids(meeting),  # their own outline: the supervisors review
            "supervisors_review": services.SUPERVISORS_REVIEW,
        },
    )


# --- submit, review, endorse ------------------------------------------------------------------------


@login_required
def draft_submit(request, pk, draft_pk):
    """提交审阅: the checker's findings first, as hints that do not stop the submission."""
    meeting = visible_meeting(request, pk)
    draft = visible_draft(request, meeting, draft_pk)
    require(access.writes_draft(request.user, draft))
    locked = services.locked_reason(meeting)
    if request.method == "POST":
        if locked:
            return refuse_locked(request, locked)
        try:
            services.submit_draft(draft, request.user)
        except services.DraftRefused as error:
            return shortcuts.refused(request, error) or redirect(
                "draft_submit", pk=meeting.pk, draft_pk=draft.pk
            )
        messages.success(request, f"已提交第{draft.version}版，等待审阅。审阅期间不能修改。")
        return _to_draft(meeting, draft)
    labels = structure.part_labels(draft.content)
    findings = [
        {"finding": finding, "parts": [labels[part] for part in finding.part_ids if part in labels]}
        for finding in check(draft)
    ]
    return render(
        request,
        "inspection/submit_confirm.html",
        {
            "meeting": meeting,
            "draft": draft,
            "findings": findings,
            "locked": locked,
            "submittable": access.can_submit_draft(request.user, draft),
            "open_comments": draft.comments.filter(resolved_at__isnull=True).count(),
            "problem_count": len(structure.problems(draft.content)),
            "characters": structure.character_count(draft.content),
        },
    )


@require_POST
@login_required
def draft_review(request, pk, draft_pk):
    meeting = visible_meeting(request, pk)
    draft = visible_draft(request, meeting, draft_pk)
    require(access.reviews_draft(request.user, draft))
    form = ReviewForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return _to_draft(meeting, draft)
    note = form.cleaned_data["note"]
    try:
        if form.cleaned_data["decision"] == "approve":
            services.approve_draft(draft, request.user, note)
            messages.success(request, f"第{draft.version}版已审阅通过。")
        else:
            services.return_draft(draft, request.user, note)
            messages.success(request, "已退回修改，撰写人会看到您的意见和批注。")
    except services.DraftRefused as error:
        shortcuts.refused(request, error, as_json=False)
        if note.strip():
            # The page is reloaded, so the note typed is shown back rather than lost.
            messages.info(request, f"您填写的审阅意见（未保存）：{note.strip()}")
    return _to_draft(meeting, draft)


@require_POST
@login_required
def draft_endorse(request, pk, draft_pk):
    meeting = visible_meeting(request, pk)
    draft = visible_draft(request, meeting, draft_pk)
    require(access.endorses_draft(request.user, draft))
    form = EndorseForm(request.POST)
    if not form.is_valid():
        messages.error(request, "审定意见请不超过2000字。")
        return _to_draft(meeting, draft)
    try:
        services.endorse_draft(draft, request.user, form.cleaned_data["note"])
        messages.success(request, "领导班子对照检查材料已审定。")
    except services.DraftRefused as error:
        return shortcuts.refused(request, error) or _to_draft(meeting, draft)
    return _to_draft(meeting, draft)


# --- versions ---------------------------------------------------------------------------------------


@login_required
def version_list(request, pk, draft_pk):
    meeting = visible_meeting(request, pk)
    draft = visible_draft(request, meeting, draft_pk)
    old, new = request.GET.get("old", ""), request.GET.get("new", "")
    if old or new:
        if old.isdigit() and new.isdigit() and old != new:
            first, second = sorted((int(old), int(new)))
            return redirect("draft_diff", pk=meeting.pk, draft_pk=draft.pk, old=first, new=second)
        messages.error(request, "请选择两个不同的版本进行比较。")
    page = Paginator(draft.versions.select_related("by").order_by("-number"), VERSIONS_PER_PAGE).get_page(
        request.GET.get("page")
    )
    rows = [(version, structure.character_count(version.content)) for version in page]
    return render(
        request,
        "inspection/version_list.html",
        {
            "meeting": meeting,
            "draft": draft,
            "page": page,
            "rows": rows,
            "refused_saves": selectors.refused_saves_for(request.user, draft)[:20],
        },
    )


@login_required
def version_diff(request, pk, draft_pk, old, new):
    meeting = visible_meeting(request, pk)
    draft = visible_draft(request, meeting, draft_pk)
    versions = {v.number: v for v in draft.versions.filter(number__in=[old, new]).select_related("by")}
    if old not in versions or new not in versions:
        raise Http404("没有这个版本。")
    rows = diff_contents(versions[old].content, versions[new].content)
    latest = draft.version
    return render(
        request,
        "inspection/version_diff.html",
        {
            "meeting": meeting,
            "draft": draft,
            "old": versions[old],
            "new": versions[new],
            "rows": rows,
            "changed": has_changes(rows),
            "previous": (old - 1, new - 1) if min(old, new) >= 1 else None,
            "next": (old + 1, new + 1) if max(old, new) + 1 <= latest else None,
            "latest": latest if latest not in (old, new) else None,
        },
    )


# --- paste-import -----------------------------------------------------------------------------------


def outline_summary(content):
    """What the importer found, to check before it replaces anything."""
    groups, number = [], 0
    for group in content["problems"]["groups"]:
        items = []
        for item in group["items"]:
            number += 1
            items.append({"number": number, "lead": item["lead"] or item["text"] or item["example"]})
        groups.append({"heading": group["heading"], "summary": group["summary"], "items": items})
    causes = [item["lead"] or item["text"] for item in content["causes"]["items"]]
    measures = [item["lead"] or item["text"] for item in content["measures"]["items"]]
    return {
        "title": content["title"],
        "byline": content["byline"],
        "preamble": content["preamble"],
        "previous": content["previous"]["text"],
        "matters": content["matters"]["text"],
        "groups": groups,
        "causes": causes,
        "measures": measures,
        "problem_count": number,
        "characters": structure.character_count(content),
    }


def _parse(draft, text):
    """(content, warnings) of a pasted outline, or (None, [reason]) when it is not one."""
    team = draft.kind == DraftKind.TEAM
    try:
        title = services.draft_title(draft.meeting, team)
        parsed = parse_outline(text, list(draft.meeting.aspects.all()), team=team, title=title)
        content = structure.normalise(parsed.content, structure.default_headings(team))
    except (structure.ContentError, ValueError) as error:
        return None, [f"无法识别这段文字的结构：{error}"]
    warnings = [str(warning) for warning in parsed.warnings]
    if not structure.problems(content):
        return None, [
            "没有识别出任何问题。请确认粘贴的是完整的材料，"
            "“存在的主要问题”等部分带有“一、”“（一）”“1.”或“一是”这样的编号。",
            *warnings,
        ]
    return content, warnings


@login_required
def draft_import(request, pk, draft_pk):
    meeting = visible_meeting(request, pk)
    draft = visible_draft(request, meeting, draft_pk)
    require(access.writes_draft(request.user, draft))
    locked = services.locked_reason(meeting)
    # A draft under review may be previewed but not imported (access.can_save_draft).
    can_import = access.can_save_draft(request.user, draft)
    context = {"meeting": meeting, "draft": draft, "locked": locked, "can_import": can_import}
    if locked:
        if request.method == "POST":
            return refuse_locked(request, locked)
        return render(request, "inspection/import.html", context)
    if request.method != "POST":
        context["form"] = ImportForm(initial={"base_version": draft.version})
        return render(request, "inspection/import.html", context)

    form = ImportForm(request.POST, request.FILES)
    if not form.is_valid():
        context["form"] = form
        return render(request, "inspection/import.html", context)
    text = form.cleaned_data["text"]
    content, warnings = _parse(draft, text)
    warnings = [*getattr(form, "file_warnings", []), *warnings]  # tables a Word file had, left out
    confirming = request.POST.get("action") == "confirm"
    base_version = form.cleaned_data["base_version"]
    if content is None or not confirming or base_version is None:
        # The preview: nothing is saved; the text stays in the box, the version seen is remembered.
        base_version = draft.version
    else:
        try:
            version = services.save_draft(
                draft, content, base_version=base_version, by=request.user, note="粘贴导入"
            )
        except services.StaleDraft as stale:
            audit.record(
                audit.Action.IMPORT,
                request=request,
                obj=draft,
                outcome=audit.Outcome.FAILED,
                detail="粘贴导入未保存：他人已保存新版本",
            )
            latest = stale.latest
            messages.error(
                request,
                f"预览之后，{latest.by.name if latest.by else '他人'}于{localtime(latest.at):%H:%M}保存了第{latest.number}版，"
                "为免覆盖其修改，这次导入没有保存。您粘贴的文字仍在下面；确认仍要用它替换当前内容，请再点一次“确认导入”。",
            )
            base_version = latest.number
        except DatabaseError:
            logger.exception("导入材料时数据库出错（材料%s），已全部回滚，未写入任何数据。", draft.pk)
            messages.error(request, IMPORT_FAILED)
        except services.DraftRefused as error:
            audit.record(
                audit.Action.IMPORT,
                request=request,
                obj=draft,
                outcome=audit.Outcome.FAILED,
                detail="粘贴导入未保存",
            )
            shortcuts.refused(request, error, as_json=False)
            base_version = draft.version
        else:
            audit.record(
                audit.Action.IMPORT,
                request=request,
                obj=draft,
                detail=f"粘贴导入，保存为第{version.number}版" if version else "粘贴导入，内容无变化",
            )
            if version is None:
                messages.info(request, "导入的内容与当前版本完全相同，没有产生新版本。")
            else:
                messages.success(
                    request, f"已导入，保存为第{version.number}版。之前的版本仍可在“历史版本”中查看和比较。"
                )
            return _to_draft(meeting, draft)
    context.update(
        form=ImportForm(initial={"text": text, "base_version": base_version}),
        preview=outline_summary(content) if content else None,
        warnings=warnings,
        failed=content is None,
        base_version=base_version,
    )
    return render(request, "inspection/import.html", context)


# --- a refused save ---------------------------------------------------------------------------------


@login_required
def refused_detail(request, pk, draft_pk, refused_pk):
    meeting = visible_meeting(request, pk)
    draft = visible_draft(request, meeting, draft_pk)
    refused = get_object_or_404(draft.refused_saves.select_related("by"), pk=refused_pk)
    can_edit = access.can_edit_draft(request.user, draft)
    writer = access.writes_draft(request.user, draft)
    require(writer or refused.by_id == request.user.pk)
    locked = services.locked_reason(meeting)
    latest = draft.versions.select_related("by").get(number=draft.version)
    merged, conflicts = services.merge_refused(draft, refused, latest.content)

    if request.method == "POST":
        if locked and (writer or refused.by_id == request.user.pk):
            return refuse_locked(request, locked)
        require(can_edit)
        form = RestoreForm(request.POST)
        if not form.is_valid():
            messages.error(request, "请选择恢复方式。")
        elif form.cleaned_data["base_version"] != draft.version:
            messages.error(request, "您查看之后又有人保存了新版本，请对照下面最新的比较结果再决定。")
        else:
            chosen = merged if form.cleaned_data["how"] == "merge" else refused.content
            note = "合并未保存的修改" if form.cleaned_data["how"] == "merge" else "恢复未保存的修改"
            try:
                version = services.save_draft(
                    draft, chosen, base_version=draft.version, by=request.user, note=note
                )
            except services.StaleDraft:
                messages.error(request, "刚才又有人保存了新版本，没有恢复。请对照下面最新的比较结果再决定。")
            except services.DraftRefused as error:
                shortcuts.refused(request, error, as_json=False)
            else:
                number = version.number if version else draft.version
                services.mark_merged(refused, number)
                messages.success(
                    request,
                    f"已保存为第{number}版。" if version else "这些修改已包含在最新版本中，无需恢复。",
                )
                return _to_draft(meeting, draft)
        return redirect("draft_refused", pk=meeting.pk, draft_pk=draft.pk, refused_pk=refused.pk)

    rows = diff_contents(latest.content, refused.content)
    return render(
        request,
        "inspection/refused_detail.html",
        {
            "meeting": meeting,
            "draft": draft,
            "refused": refused,
            "latest": latest,
            "rows": rows,
            "changed": has_changes(rows),
            "conflicts": conflicts,
            "can_restore": can_edit and refused.merged_into is None,
            "locked": locked,
        },
    )
