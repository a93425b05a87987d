"""What a clerk records has happened: its date is not after today (Asia/Shanghai, DESIGN §8)."""

from django.utils import timezone

from documents.tree import format_date


def future_date_problem(day, label, advice):
    """Why ``day`` (the date called ``label``) cannot be recorded, or None when it is not after today.

    ``advice`` says what to do instead, e.g. "请在谈话之后再记录。".
    """
    today = timezone.localdate()
    if day is not None and day > today:
        return f"{label}（{format_date(day)}）晚于今天（{format_date(today)}）：{advice}"
    return None
