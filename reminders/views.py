"""The reminder pages: the user's in-app notifications (the bell), their email choices, and a meeting's
reminder rule with the next reminder of each open deadline.

Calendars are in ``reminders.calendar_views``.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from meetings import selectors
from meetings.workflow import ARCHIVE_READ_ONLY
from orgs import access
from orgs.models import User
from orgs.shortcuts import refuse_locked, require, visible_meeting

from .context_processors import unread_count
from .deadlines import open_deadlines
from .forms import PreferencesForm, ReminderRuleForm
from .models import DeadlineKind, Notification, ReminderRule
from .scan import DEFAULT_RULE, rule_of

NOTIFICATIONS_PER_PAGE = 30
EXCERPT_LENGTH = 120


def excerpt(body):
    """The gist of a notification's text for the list: without the salutation, links and signature."""
    lines = [line.strip() for line in body.splitlines() if line.strip()]
    if lines and lines[0].endswith("：") and len(lines[0]) <= 20:  # "刘文静同志："
        lines = lines[1:]
    kept = []
    for line in lines:
        if line.startswith(("——", "--")):
            break
        if "://" in line or line.startswith("请点击"):
            continue
        kept.append(line)
    text = " ".join(kept)
    return text if len(text) <= EXCERPT_LENGTH else f"{text[: EXCERPT_LENGTH - 1]}…"


def safe_target(url, request):
    """Only a path of this site is followed ("/meetings/3/"), never another host ("//evil", "https://…")."""
    if not url or not url.startswith("/") or url.startswith(("//", "/\\")):
        return None
    return url if url_has_allowed_host_and_scheme(url, allowed_hosts={request.get_host()}) else None


def own_notification(request, notification_pk):
    """The user's own notification; anyone else's is 404, as if it did not exist."""
    return get_object_or_404(Notification, pk=notification_pk, user=request.user)


@login_required
def notification_list(request):
    unread_only = request.GET.get("show") == "unread"
    mine = Notification.objects.filter(user=request.user)
    # Both figures of the page (the tab's total, the bell's and the tab's unread) in one COUNT; the
    # bell reuses it (context_processors.unread_count) and so does the paginator, which would count again.
    counts = mine.aggregate(total=Count("pk"), unread=Count("pk", filter=Q(read_at__isnull=True)))
    request._unread_notifications = counts["unread"]
    notifications = mine.only("title", "body", "url", "created_at", "read_at")
    if unread_only:
        notifications = notifications.filter(read_at__isnull=True)
    paginator = Paginator(notifications, NOTIFICATIONS_PER_PAGE)
    paginator.count = counts["unread" if unread_only else "total"]  # fills the cached property
    page = paginator.get_page(request.GET.get("page"))
    for notification in page.object_list:
        notification.excerpt = excerpt(notification.body)
    return render(
        request,
        "reminders/notification_list.html",
        {
            "page": page,
            "unread_only": unread_only,
            "unread": unread_count(request),
            "query": "show=unread" if unread_only else "",
        },
    )


@login_required
def notification_read(request, notification_pk):
    """POST marks the notification read and goes to what it is about; a GET changes nothing."""
    notification = own_notification(request, notification_pk)
    if request.method != "POST":
        return redirect("notification_list")
    if notification.read_at is None:
        Notification.objects.filter(pk=notification.pk, read_at__isnull=True).update(read_at=timezone.now())
    return redirect(safe_target(notification.url, request) or "notification_list")


@login_required
@require_POST
def notification_read_all(request):
    count = Notification.objects.filter(user=request.user, read_at__isnull=True).update(
        read_at=timezone.now()
    )
    if count:
        messages.success(request, f"已将{count}条通知标为已读。")
    else:
        messages.info(request, "没有未读通知。")
    return redirect("notification_list")


@login_required
def preferences(request):
    form = PreferencesForm(request.POST if request.method == "POST" else None, user=request.user)
    if request.method == "POST" and form.is_valid():
        off = form.save()
        if off:
            labels = "、".join(str(form.fields[kind].label) for kind in off)
            messages.success(request, f"提醒设置已保存。以下类别不再发送邮件，站内通知照常：{labels}。")
        else:
            messages.success(request, "提醒设置已保存。所有类别都会发送邮件和站内通知。")
        return redirect("reminder_preferences")
    return render(request, "reminders/preferences.html", {"form": form})


# The meeting's rule.


def offset_label(offset):
    """before-3 → 提前3天; due → 截止当天; overdue-2 → 逾期第2次."""
    if offset.startswith("before-"):
        return f"提前{offset.removeprefix('before-')}天"
    if offset.startswith("overdue-"):
        return f"逾期第{offset.removeprefix('overdue-')}次"
    return "截止当天" if offset == "due" else offset


def next_reminder(rule, due_date, today):
    """(day, offset) of the next reminder of a deadline due on ``due_date``, or None (``Rule.next_reminder``)."""
    return rule.next_reminder(due_date, today)


def describe(rule):
    """The rule in one sentence, as the page states it."""
    if not rule.enabled:
        return "已停用：本会议的截止事项不发送提醒。"
    parts = []
    if rule.days_before:
        parts.append(f"截止前{'、'.join(str(n) for n in rule.days_before)}天各提醒一次")
    if rule.on_the_day:
        parts.append("截止当天提醒")
    if rule.overdue_every_days:
        parts.append(f"逾期后每{rule.overdue_every_days}天提醒一次")
    return "；".join(parts) + "。" if parts else "没有设置任何提醒时间，不会发送提醒。"


def visible_deadlines(user, meeting):
    return access.deadlines_for(user, meeting, open_deadlines(meeting=meeting))


def deadline_rows(deadlines, rule, today):
    people = {
        user.pk: user.name
        for user in User.objects.filter(
            pk__in={pk for d in deadlines for pk in (*d.responsible, *d.told)}
        ).only("display_name", "first_name", "last_name", "username")
    }
    rows = []
    for deadline in sorted(deadlines, key=lambda d: (d.due_date, d.kind, d.object_id)):
        following = next_reminder(rule, deadline.due_date, today)
        rows.append(
            {
                "deadline": deadline,
                "kind": DeadlineKind(deadline.kind).label,
                "days": (deadline.due_date - today).days,
                "next_day": following[0] if following else None,
                "next_label": offset_label(following[1]) if following else "",
                "responsible": [people[pk] for pk in deadline.responsible if pk in people],
                "told": [people[pk] for pk in deadline.told if pk in people],
            }
        )
    return rows


@login_required
def meeting_rule(request, pk):
    meeting = visible_meeting(request, pk)
    can_edit = access.can_edit_reminder_rule(request.user, meeting)
    # The office, once the meeting is archived: told why the rule no longer changes.
    locked = ARCHIVE_READ_ONLY if access.can_manage_meeting(request.user, meeting) and not can_edit else ""
    row = ReminderRule.objects.filter(meeting=meeting).first()
    rule = rule_of(row) if row else DEFAULT_RULE
    form = None
    if request.method == "POST":
        if locked:
            return refuse_locked(request, locked)
        require(can_edit)
        form = ReminderRuleForm(request.POST, instance=ReminderRule(meeting=meeting))
        if form.is_valid():
            # update_or_create: two offices saving the first rule at once both succeed, the later wins.
            ReminderRule.objects.update_or_create(meeting=meeting, defaults=form.cleaned_data)
            messages.success(request, "提醒规则已保存，下次扫描起按新规则提醒。")
            return redirect("reminder_rule", pk=meeting.pk)
    elif can_edit:
        form = ReminderRuleForm(instance=row or ReminderRule(meeting=meeting))
    today = timezone.localdate()
    return render(
        request,
        "reminders/rule.html",
        {
            "meeting": meeting,
            "steps": selectors.stepper(meeting),
            "rule": rule,
            "is_default": row is None,
            "description": describe(rule),
            "form": form,
            "can_edit": can_edit,
            "locked": locked,
            "rows": deadline_rows(visible_deadlines(request.user, meeting), rule, today),
        },
    )
