"""四必谈: the talks every team must hold before the meeting, computed from the organisation's roles.

"主要负责同志与班子成员，班子成员相互之间，班子成员与分管单位主要负责同志，班子成员与本人所在
党支部党员代表要开展谈心谈话" (the plans in seed 003).
"""

from itertools import combinations
from typing import NamedTuple

from orgs.models import BranchRepresentative, ChargedUnit, Role, RoleAssignment


class PairKind:
    SECRETARY_MEMBER = "secretary_member"
    MEMBERS = "members"
    UNIT_HEAD = "unit_head"
    BRANCH = "branch"

    LABELS = {
        SECRETARY_MEMBER: "主要负责同志与班子成员",
        MEMBERS: "班子成员相互之间",
        UNIT_HEAD: "班子成员与分管单位主要负责同志",
        BRANCH: "与所在党支部党员代表",
    }


class RequiredPair(NamedTuple):
    """Two people who must talk; ``first`` is always the team member the row belongs to."""

    first_id: int
    second_id: int
    kind: str
    note: str  # e.g. the unit or the branch

    @property
    def key(self):
        return pair_key(self.first_id, self.second_id)


def pair_key(a_id, b_id):
    """The same two people in either order."""
    return (a_id, b_id) if a_id < b_id else (b_id, a_id)


def required_pairs(organisation):
    """Every required pair of the organisation's team, each once, in a stable order (3 queries)."""
    assignments = list(
        RoleAssignment.objects.filter(organisation=organisation, role__in=[Role.SECRETARY, Role.MEMBER])
        .order_by("order", "pk")
        .values_list("user_id", "role")
    )
    team = {user for user, _ in assignments}
    units = ChargedUnit.objects.filter(organisation=organisation, member_id__in=team, head__isnull=False)
    branches = BranchRepresentative.objects.filter(organisation=organisation, member_id__in=team)
    return pairs_of(
        assignments,
        units.order_by("member_id", "name").values_list("member_id", "head_id", "name"),
        branches.order_by("member_id", "pk").values_list("member_id", "representative_id", "branch_name"),
    )


def pairs_of(assignments, units, branches):
    """The required pairs from a team's (user id, role) in ranking order, its charged units' (member, head,
    unit name) and its branches' (member, representative, branch name): ``required_pairs`` reads them for
    one organisation, the supervisors' overview for a page of organisations at once."""
    secretaries = [user for user, role in assignments if role == Role.SECRETARY]
    team = list(dict.fromkeys(user for user, _ in assignments))
    members = [user for user in team if user not in secretaries]

    pairs, seen = [], set()

    def add(first, second, kind, note=""):
        key = pair_key(first, second)
        if first != second and key not in seen:
            seen.add(key)
            pairs.append(RequiredPair(first, second, kind, note))

    for secretary in secretaries:
        for member in members:
            add(secretary, member, PairKind.SECRETARY_MEMBER)
    for first, second in combinations(members, 2):
        add(first, second, PairKind.MEMBERS)
    for member, head, name in units:
        if member in team and head is not None:
            add(member, head, PairKind.UNIT_HEAD, name)
    for member, representative, branch in branches:
        if member in team:
            add(member, representative, PairKind.BRANCH, branch)
    return pairs
