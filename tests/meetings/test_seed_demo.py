import io

from django.core.management import call_command

from meetings.models import Meeting, PlanStatus
from orgs import access
from orgs.models import Role, RoleAssignment, User


def seed():
    out = io.StringIO()
    call_command("seed_demo", stdout=out)
    return out.getvalue()


def test_seed_demo_builds_the_county_team_and_a_plan_to_approve(db):
    output = seed()
    county_team = RoleAssignment.objects.filter(
        organisation__name="云岭县委", role__in=[Role.SECRETARY, Role.MEMBER]
    )
    assert county_team.count() == 9
    meeting = Meeting.objects.get(year=2026, kind="annual")
    assert meeting.stage == "planning"
    assert meeting.plan.status == PlanStatus.SUBMITTED
    supervisor = User.objects.get(username="huangweimin")
    assert access.can_review_plan(supervisor, meeting)
    for username in ["liuwenjing", "linzhiyuan", "huangweimin", "demo-2026"]:
        assert username in output
    assert User.objects.get(username="liuwenjing").check_password("demo-2026")


def test_seed_demo_is_idempotent(db):
    seed()
    counts = (User.objects.count(), RoleAssignment.objects.count(), Meeting.objects.count())
    seed()
    assert (User.objects.count(), RoleAssignment.objects.count(), Meeting.objects.count()) == counts
