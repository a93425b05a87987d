"""What the rectification pages and documents read: the ledger's (整改台账) filters, rows and figures, the
lists, and one item's sources and history. Nothing here writes (GET changes nothing).

Every queryset of a page starts from ``access.items_for``: the filters only narrow what the user may already
see.
"""

from django import forms
from django.contrib.auth import get_user_model
from django.core.paginator import Paginator
from django.db.models import Case, IntegerField, Prefetch, Q, Value, When
from django.urls import reverse
from django.utils import timezone

from feedback.models import OpinionStatus
from meetings.selectors import status_counts
from orgs import access

from .models import OPEN_STATUSES, Evidence, Item, ItemKind, ItemStatus, RectificationList, SourceKind

OPEN = "open"  # the status filter's "未完成" choice: every open status at once
ITEMS_PER_PAGE = 50


class LedgerFilterForm(forms.Form):
    q = forms.CharField(label="问题包含", required=False, max_length=100)
    list = forms.ChoiceField(label="清单", required=False)
    owner = forms.ChoiceField(label="责任领导", required=False)
    unit = forms.ChoiceField(label="责任部门", required=False)
    kind = forms.ChoiceField(label="类型", required=False, choices=[("", "全部类型"), *ItemKind.choices])
    status = forms.ChoiceField(
        label="状态",
        required=False,
        choices=[("", "全部状态"), (OPEN, "未完成（全部）"), *ItemStatus.choices],
    )
    overdue = forms.BooleanField(label="只看逾期", required=False)

    def __init__(self, data, *, lists, items):
        super().__init__(data)
        self.fields["list"].choices = [("", "全部清单"), *((str(rl.pk), rl.short_name) for rl in lists)]
        owners = (
            get_user_model().objects.filter(pk__in=items.order_by().values("owner")).order_by("display_name")
        )
        self.fields["owner"].choices = [("", "全部责任领导"), *((str(user.pk), user.name) for user in owners)]
        units = items.exclude(unit="").order_by("unit").values_list("unit", flat=True).distinct()
        self.fields["unit"].choices = [("", "全部部门"), *((unit, unit) for unit in units)]
        for field in self.fields.values():
            if isinstance(field.widget, forms.CheckboxInput):
                field.widget.attrs["class"] = "form-check-input"
            else:
                select = isinstance(field.widget, forms.Select)
                field.widget.attrs["class"] = (
                    "form-select form-select-sm" if select else "form-control form-control-sm"
                )

    def _chosen(self):
        """The valid filters; a value that is not one of the choices is ignored, not an error page."""
        self.is_valid()
        return getattr(self, "cleaned_data", {})

    def by_list(self, items):
        """Only the chosen list (the burn-down follows the list, not the other filters)."""
        chosen = self._chosen().get("list")
        return items.filter(rectification_list_id=chosen) if chosen else items

    def condition(self):
        """The chosen filters as one condition on the items (Q() when none is chosen)."""
        data = self._chosen()
        chosen = Q()
        for name, lookup in (
            ("list", "rectification_list_id"),
            ("q", "problem__icontains"),
            ("owner", "owner_id"),
        ):
            if data.get(name):
                chosen &= Q(**{lookup: data[name]})
        for name in ("unit", "kind"):
            if data.get(name):
                chosen &= Q(**{name: data[name]})
        if data.get("status") == OPEN:
            chosen &= Q(status__in=OPEN_STATUSES)
        elif data.get("status"):
            chosen &= Q(status=data["status"])
        if data.get("overdue"):
            chosen &= Q(status__in=OPEN_STATUSES, deadline__lt=timezone.localdate())
        return chosen

    def apply(self, items):
        return items.filter(self.condition())

    @property
    def is_filtering(self):
        return any(self._chosen().values())


def meeting_lists(meeting):
    """The meeting's lists as they are, in the team's order: made when the meeting is held
    (``services.ensure_lists``), none before."""
    return list(
        RectificationList.objects.filter(meeting=meeting).select_related("member", "meeting__organisation")
    )


def missing_lists(meeting, lists):
    """The names of the lists ``services.ensure_lists`` would add to ``lists`` (the meeting's): "领导班子" and
    the members of the team without one, in the team's order."""
    from meetings.services import leadership

    have = {rl.member_id for rl in lists}
    names = [] if None in have else ["领导班子"]
    return names + [person.name for person in leadership(meeting.organisation) if person.pk not in have]


def item_counts(items, within=None):
    """{status: n} of the items with every status present, plus "overdue", "total" and "all", in one query
    (``meetings.selectors.status_counts``; ``within``: the ledger's filters)."""
    overdue = Q(status__in=OPEN_STATUSES, deadline__lt=timezone.localdate())
    return status_counts(items, ItemStatus, within=within, also={"overdue": overdue})


def ledger_items(user, meeting):
    return access.items_for(user, meeting)


def ledger_rows(items):
    """The table's rows, with what each row shows loaded alongside."""
    return items.select_related("rectification_list__member", "owner", "carried_from__meeting")


def ledger_page(filtered, lists, number, count):
    """The table's page of ``ITEMS_PER_PAGE`` rows, in the lists' order, then by number.

    Only the keys are sorted, by the order of the lists already loaded (``lists``), so the database sorts
    narrow rows without joining every list; then the page's rows are read with what they show. Sorting the
    whole rows of a 3,000-item ledger joined to the lists took 30–46 ms. ``count`` is the number of rows,
    counted with the figures.
    """
    order = Case(
        *(When(rectification_list_id=rl.pk, then=Value(rl.order)) for rl in lists),
        output_field=IntegerField(),
    )
    keys = filtered.order_by(order, "number", "pk").values_list("pk", flat=True)
    paginator = Paginator(keys, ITEMS_PER_PAGE)
    paginator.count = count  # a cached property: the page's slice is the only query left
    page = paginator.get_page(number)
    rows = {row.pk: row for row in ledger_rows(Item.objects.filter(pk__in=list(page.object_list)))}
    page.object_list = [rows[pk] for pk in page.object_list if pk in rows]
    return page


def ledger_figures(items, condition):
    """Counts by status of the rows the filters keep (``condition``) and the total the user may see, in
    one query."""
    counts = item_counts(items, within=condition)
    counts["open"] = sum(counts[status.value] for status in OPEN_STATUSES)
    counts["by_status"] = [
        {"status": value, "label": label, "count": counts[value]} for value, label in ItemStatus.choices
    ]
    return counts


# --- one item's page -------------------------------------------------------------------------------

# How far back the history of a carried item is followed (one meeting a year: more than enough).
HISTORY_DEPTH = 10


def item_progress(item):
    """Progress updates in date order, each with its files, plus files attached to no update."""
    updates = list(
        item.progress.select_related("by").prefetch_related(
            Prefetch("evidence", queryset=Evidence.objects.order_by("uploaded_at", "pk"))
        )
    )
    loose = list(item.evidence.filter(progress__isnull=True))
    return updates, loose


def item_sources(user, meeting, item):
    """Each source with a link to it when the user may open it there (none otherwise: the quote stays)."""
    sources = list(item.sources.select_related("previous_item__meeting"))
    opinion_ids = {s.opinion_id for s in sources if s.opinion_id}
    draft_ids = {s.draft_id for s in sources if s.draft_id}
    seen_opinions = set(
        access.opinions_for(user, meeting)
        .filter(pk__in=opinion_ids, status=OpinionStatus.ACCEPTED)
        .values_list("pk", flat=True)
        if opinion_ids
        else ()
    )
    seen_drafts = set(
        access.drafts_for(user, meeting).filter(pk__in=draft_ids).values_list("pk", flat=True)
        if draft_ids
        else ()
    )
    reads_record = any(s.criticism_id for s in sources) and access.can_read_record(user, meeting)
    rows = []
    for source in sources:
        url = None
        if source.kind == SourceKind.OPINION and source.opinion_id in seen_opinions:
            url = f"{reverse('rectification_opinions', args=[meeting.pk])}?opinion={source.opinion_id}#opinion-{source.opinion_id}"
        elif source.kind == SourceKind.DRAFT_PROBLEM and source.draft_id in seen_drafts:
            url = reverse("draft_detail", args=[meeting.pk, source.draft_id])
        elif source.kind == SourceKind.CRITICISM and source.criticism_id and reads_record:
            url = reverse("record_detail", args=[meeting.pk])
        elif source.kind == SourceKind.PREVIOUS_ITEM and source.previous_item_id:
            previous = source.previous_item
            if access.items_for(user, previous.meeting).filter(pk=previous.pk).exists():
                url = reverse("rectification_item", args=[previous.meeting_id, previous.pk])
        rows.append({"source": source, "url": url})
    return rows


def item_history(user, item):
    """The items this one was carried from (旧账), newest first, with their progress — as far as the
    user may see them."""
    history, previous, seen = [], item.carried_from, {item.pk}
    while previous is not None and previous.pk not in seen and len(history) < HISTORY_DEPTH:
        seen.add(previous.pk)
        earlier = (
            access.items_for(user, previous.meeting)
            .select_related("meeting__organisation", "carried_from__meeting__organisation")
            .filter(pk=previous.pk)
            .first()
        )
        if earlier is None:
            break
        updates, loose = item_progress(earlier)
        history.append({"item": earlier, "progress": updates, "loose": loose, "current": False})
        previous = earlier.carried_from
    return history
