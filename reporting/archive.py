"""归档: "a closed meeting is read-only, except rectification progress on items that continue"
(DESIGN §10). The server refuses the change here, in one place, before any view runs.

Every state-changing request (POST, PUT, PATCH, DELETE) to a meeting's URL (every meeting-scoped URL of
the project is ``meetings/<int:pk>/…``) or to its public opinion box (``box/<token>/``) is refused once the
meeting is archived, unless its URL name is one of ``CONTINUES``. For those, the views' predicates
(``orgs.access.can_update_item``, ``can_close_item``, ``can_set_retention``) still decide who may, and on
which item; the pages ask the same predicates, so an archived meeting shows no edit actions.

One query per state-changing request: the meeting's stage, read together with whether the user may see
the meeting at all. Someone who may not is left to the view's 404 (or the login page), so a refusal
never tells them that the meeting exists.
"""

from django.http import JsonResponse
from django.shortcuts import render

from feedback import box as opinion_box
from feedback.models import OpinionBox
from meetings.models import Meeting
from meetings.workflow import ARCHIVE_READ_ONLY, Stage
from orgs import access

STATE_CHANGING = frozenset({"POST", "PUT", "PATCH", "DELETE"})
MEETING_ROUTE = "meetings/<int:pk>/"
BOX_ROUTE = "box/<str:token>/"

# What continues once the meeting is archived, by URL name: progress, status and 销号 of the items still
# open (长期坚持 items stay open across the close), and the retention period of the archived files.
CONTINUES = frozenset(
    {
        "rectification_progress_add",
        "rectification_status",
        "rectification_close",
        "reporting_retention",
    }
)


def wants_json(request):
    """A page's script (autosave, the draft editor) asks for JSON, as inspection.editor_views and
    meetings.record_views tell it."""
    return "application/json" in request.headers.get("Accept", "")


def refusal(request):
    """The archive's one refusal: JSON 409 for a script, the 403 page naming the archive otherwise."""
    if wants_json(request):
        # "error" and "locked" too: the editor and the live record show "error" and stop autosaving on "locked".
        return JsonResponse(
            {"errors": [ARCHIVE_READ_ONLY], "error": ARCHIVE_READ_ONLY, "locked": True}, status=409
        )
    return render(request, "403.html", {"exception": ARCHIVE_READ_ONLY, "archived": True}, status=403)


class ArchiveMiddleware:
    """Refuses every change to an archived meeting but what continues (``CONTINUES``)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if request.method not in STATE_CHANGING:
            return None
        match = request.resolver_match
        if match is None or match.url_name in CONTINUES:
            return None
        if match.route.startswith(MEETING_ROUTE):
            return self.meeting_refusal(request, view_kwargs["pk"])
        if match.route.startswith(BOX_ROUTE):
            return self.box_refusal(request, view_kwargs["token"])
        return None

    def meeting_refusal(self, request, pk):
        if not request.user.is_authenticated:
            return None  # the view sends them to the login page
        archived = (
            Meeting.objects.filter(pk=pk, stage=Stage.CLOSED).filter(access.viewable(request.user)).exists()
        )
        return refusal(request) if archived else None

    def box_refusal(self, request, token):
        """The public box of an archived meeting is closed: its page says so, rendered as the box renders
        its pages (without the request: no cookie), and keeps nothing of the post."""
        request.exception_reporter_filter = opinion_box.BoxReporterFilter()
        found = (
            OpinionBox.objects.select_related("meeting__organisation")
            .filter(token=token, meeting__stage=Stage.CLOSED)
            .first()
        )
        return opinion_box.closed_page(found.meeting, refused=True) if found else None
