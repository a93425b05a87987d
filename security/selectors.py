"""What the security administrator's pages read besides the lockouts (security/lockout.py)."""

from django.contrib.auth import get_user_model
from django.db.models import Q

# The search lists at most this many people; a longer list asks for a more exact name.
SEARCH_LIMIT = 30


def resettable_people(by):
    """Whose password the security administrator ``by`` may reset: anyone's but their own, which they
    change themselves on 修改密码 (knowing the old one), so a reset never stands in for a change."""
    return get_user_model().objects.exclude(pk=by.pk)


def find_people(by, query):
    """People whose username or name (姓名) contains ``query``, active or not, by username."""
    query = (query or "").strip()
    if not query:
        return []
    people = resettable_people(by).filter(Q(username__icontains=query) | Q(display_name__icontains=query))
    return list(people.order_by("username")[:SEARCH_LIMIT])
