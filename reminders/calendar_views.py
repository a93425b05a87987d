"""Calendars: a private feed per user (subscribed by a calendar app, which cannot log in: the token in the
address is the secret), its settings page, and a download of one meeting's schedule."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_http_methods, require_safe

from audit import services as audit
from orgs.shortcuts import visible_meeting

from . import calendar
from .messages import when

PREVIEW = 5  # the next deadlines shown on the settings page


@require_safe
def user_feed(request, token):
    user = calendar.feed_user(token)
    if user is None:
        raise Http404("日历地址无效或已重新生成。")
    response = HttpResponse(calendar.user_calendar(user), content_type=calendar.CONTENT_TYPE)
    # The address is a secret: no shared cache keeps a copy, and no search engine lists it.
    response["Cache-Control"] = "private, no-cache"
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def calendar_settings(request):
    if request.method == "POST":
        calendar.regenerate_token(request.user)
        messages.success(request, "已生成新的订阅地址，旧地址已失效。请在日历应用中用新地址重新订阅。")
        return redirect("calendar_settings")
    token = calendar.feed_token(request.user)
    deadlines = calendar.user_deadlines(request.user)
    today = timezone.localdate()
    upcoming = [
        {"deadline": d, "when": when(d.due_date, today), "overdue": d.due_date < today}
        for d in deadlines[:PREVIEW]
    ]
    return render(
        request,
        "reminders/calendar_settings.html",
        {
            "feed_url": request.build_absolute_uri(reverse("calendar_feed", args=[token.token])),
            "token": token,
            "count": len(deadlines),
            "upcoming": upcoming,
        },
    )


@login_required
@require_safe
def meeting_calendar(request, pk):
    meeting = visible_meeting(request, pk)
    audit.record(audit.Action.DOWNLOAD, request=request, obj=meeting, detail="下载 会议日程（日历文件）")
    response = HttpResponse(
        calendar.meeting_calendar(request.user, meeting), content_type=calendar.CONTENT_TYPE
    )
    response["Content-Disposition"] = content_disposition_header(True, calendar.meeting_filename(meeting))
    return response
