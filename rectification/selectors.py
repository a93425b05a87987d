"""What the ledger (整改台账) reads: the filters above the table, the rows and the figures.

Every queryset starts from ``access.items_for``: the filters only narrow what the user may already see.
"""

from django import forms
from django.contrib.auth import get_user_model
from django.core.paginator import Paginator
from django.db.models import Case, IntegerField, Q, Value, When
from django.utils import timezone

from orgs import access

from .models import OPEN_STATUSES, Item, ItemKind, ItemStatus
from .services import status_counts

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
    counts = status_counts(items, within=condition)
    counts["open"] = sum(counts[status.value] for status in OPEN_STATUSES)
    counts["by_status"] = [
        {"status": value, "label": label, "count": counts[value]} for value, label in ItemStatus.choices
    ]
    return counts
