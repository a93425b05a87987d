"""What the drafts' pages read: the list's rows and counts, the drafts a meeting still lacks, and the saves
refused for being stale. Nothing here writes (GET changes nothing: the drafts are made when the meeting
enters 撰写对照检查材料, or by the office's POST on the list, ``services.ensure_drafts``)."""

from django.db.models import Case, Count, IntegerField, Q, Value, When

from meetings.selectors import status_counts
from orgs import access

from .models import Draft, DraftKind, DraftStatus


def draft_counts(drafts):
    """[{status, label, count}] over every status, in the order of the review, in one query."""
    counts = status_counts(drafts, DraftStatus)
    return [{"status": value, "label": label, "count": counts[value]} for value, label in DraftStatus.choices]


def draft_rows(drafts):
    """The list's rows: the team material first, then the outlines in the team's order, each with its
    writer, its last saver and its unresolved comments counted."""
    return (
        drafts.select_related("author", "updated_by")
        .annotate(
            open_comments=Count("comments", filter=Q(comments__resolved_at__isnull=True)),
            team_first=Case(
                When(kind=DraftKind.TEAM, then=Value(0)), default=Value(1), output_field=IntegerField()
            ),
        )
        .order_by("team_first", "order", "pk")
    )


def missing_drafts(meeting):
    """The names of the drafts ``services.ensure_drafts`` would make: "领导班子对照检查材料" and the
    outlines of the members of the team without one, in the team's order."""
    from meetings.services import leadership

    have = set(Draft.objects.filter(meeting=meeting).values_list("kind", "author_id"))
    names = [] if (DraftKind.TEAM, None) in have else ["领导班子对照检查材料"]
    return names + [
        f"{person.name}的发言提纲"
        for person in leadership(meeting.organisation)
        if (DraftKind.PERSONAL, person.pk) not in have
    ]


def refused_saves_for(user, draft):
    """Saves refused for being stale that this user may see: their own, or all for the draft's editors."""
    saves = draft.refused_saves.select_related("by")
    return saves if access.can_edit_draft(user, draft) else saves.filter(by=user)
