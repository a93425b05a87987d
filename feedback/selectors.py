"""What the opinions' pages read besides the opinions themselves (``orgs.access.opinions_for``). Nothing
here writes (GET changes nothing)."""

from orgs import access

from .services import team_members


def visible_members(user, meeting):
    """Members a user may filter by: all of them for those who see everything, else only oneself."""
    members = team_members(meeting)
    if access.sees_all_opinions(user, meeting):
        return members
    return members.filter(pk=user.pk)
