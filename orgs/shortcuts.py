"""The views' shortcuts beside the rules of ``orgs.access``: "get this for this user, or 404", "refuse
(403) unless allowed", and the one way a view shows a refusal.

A 404 for what the user may not see, so nothing leaks about its existence; a 403 (with the sentence the
page shows) for what they see but may not do. Every view imports these from here, never from another
view module.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, render

from . import access
from .refusals import Refused

# --- get it for this user, or 404 -------------------------------------------------------------------


def visible_meeting(request, pk):
    """The meeting if the user may see it; 404 otherwise, so nothing leaks about its existence."""
    return get_object_or_404(access.meetings_for(request.user).select_related("organisation", "host"), pk=pk)


def visible_draft(request, meeting, draft_pk):
    """A draft of ``meeting`` the user may open; 404 for anyone else, so not even its existence leaks."""
    draft = get_object_or_404(
        access.drafts_for(request.user, meeting).select_related("author", "updated_by"), pk=draft_pk
    )
    draft.meeting = meeting  # the predicates read it; no second query
    return draft


def visible_talk(request, meeting, talk_pk):
    """A talk of ``meeting`` the user may open; 404 for anyone else, so its existence does not leak."""
    return get_object_or_404(
        access.talks_for(request.user, meeting)
        .select_related("created_by")
        .prefetch_related("participants__person"),
        pk=talk_pk,
    )


def visible_opinion(request, meeting, opinion_pk, **filters):
    """An opinion on ``meeting`` the user may read (``filters`` narrow it, e.g. to the accepted ones);
    404 for anyone else, so not even its existence leaks."""
    return get_object_or_404(
        access.opinions_for(request.user, meeting)
        .filter(**filters)
        .select_related("aspect", "category", "channel", "addressee"),
        pk=opinion_pk,
    )


def visible_item(request, meeting, item_pk):
    """A rectification item of ``meeting`` the user may open; 404 for anyone else, so not even its
    existence leaks."""
    item = get_object_or_404(
        access.items_for(request.user, meeting).select_related(
            "rectification_list__member",
            "owner",
            "done_by",
            "closed_by",
            "carried_from__meeting__organisation",
        ),
        pk=item_pk,
    )
    item.meeting = meeting
    item.rectification_list.meeting = meeting
    return item


# --- refuse ---------------------------------------------------------------------------------------


def require(allowed, reason="您没有执行此操作的权限。"):
    """Refuses (403) unless ``allowed``; ``reason`` is the sentence the page shows."""
    if not allowed:
        raise PermissionDenied(reason)


def refuse_locked(request, reason):
    """Refuses (403) a change the stage no longer allows to someone whose role would: the page says
    ``reason``, which names the stage, and does not send the office to ask the office."""
    return render(request, "403.html", {"exception": reason, "locked": True}, status=403)


def wants_json(request):
    """Whether the page's script asked (``Accept: application/json``), rather than a form posted."""
    return "application/json" in request.headers.get("Accept", "")


def refused(request, error, *, form=None, as_json=None, status=None, **extra):
    """Shows a refusal (a ``Refused``, or a sentence) the one way: the answer, or None.

    - To a script (``as_json``; by default when the request ``wants_json`` and no ``form`` is given):
      the JSON answer ``{"error": the reasons in one sentence, "errors": the reasons, **extra}`` with
      ``status``, by default the refusal's own (403, or 409 for a stage or a record that moved on).
    - With a ``form``: each reason as an error at the top of the form, and None: the view shows the form
      again, with what was typed kept.
    - Otherwise each reason as an error message, and None: the view goes on (redirects) as it would.

    So a view says ``return refused(request, error) or redirect(...)``: the messages are added before
    the page that shows them is rendered. A page that never answers a script, and goes on after the
    refusal, says ``as_json=False``.
    """
    if not isinstance(error, Refused):
        error = Refused(error)
    if as_json is None:
        as_json = form is None and wants_json(request)
    if as_json:
        return JsonResponse(
            {"error": str(error), "errors": error.reasons, **extra}, status=status or error.status
        )
    for reason in error.reasons:
        if form is not None:
            form.add_error(None, reason)
        else:
            messages.error(request, reason)
    return None
