import io

from django.core.management import call_command
from django.urls import reverse

from feedback.models import FeedbackDelivery, Opinion
from inspection.models import DraftEvent, DraftVersion
from meetings.models import (
    Criticism,
    Meeting,
    PlanStatus,
    SelfStudyNote,
    Statement,
    StudySession,
    Talk,
    TalkWaiver,
    TransitionLog,
)
from orgs import access
from orgs.models import Organisation, Role, RoleAssignment, User
from rectification.models import Item
from reporting.models import Approval, BundleJob, FrozenFile, ReportSettings, Sending


def seed():
    out = io.StringIO()
    call_command("seed_demo", stdout=out)
    return out.getvalue()


def test_seed_demo_builds_the_county_team_and_a_plan_to_approve(seeded_demo):
    output = seeded_demo.output
    county_team = RoleAssignment.objects.filter(
        organisation__name="云岭县委", role__in=[Role.SECRETARY, Role.MEMBER]
    )
    assert county_team.count() == 9
    meeting = Meeting.objects.get(organisation__name="云岭县委", year=2026, kind="annual")
    assert meeting.stage == "planning"
    assert meeting.plan.status == PlanStatus.SUBMITTED
    supervisor = User.objects.get(username="huangweimin")
    assert access.can_review_plan(supervisor, meeting)
    for username in ["liuwenjing", "linzhiyuan", "huangweimin", "demo-2026"]:
        assert username in output
    assert User.objects.get(username="liuwenjing").check_password("demo-2026")


def test_seed_demo_prints_every_account_that_can_log_in_and_every_meeting(seeded_demo):
    output = seeded_demo.output
    for user in User.objects.filter(roles__isnull=False).exclude(password__startswith="!").distinct():
        assert user.username in output
        assert user.check_password("demo-2026")
    for meeting in Meeting.objects.select_related("organisation"):
        assert f"{meeting.title}（编号 {meeting.pk}" in output


def test_the_two_other_units_have_a_team_an_office_and_a_meeting_at_its_own_stage(seeded_demo):
    city = Organisation.objects.get(name="江城市委")
    stages = {}
    for name in ["石桥县委", "江城市医疗保障局"]:
        unit = Organisation.objects.get(name=name, parent=city)
        roles = list(RoleAssignment.objects.filter(organisation=unit).values_list("role", flat=True))
        assert roles.count(Role.SECRETARY) == 1 and roles.count(Role.OFFICE) == 1
        assert 3 <= roles.count(Role.MEMBER) <= 4
        (meeting,) = Meeting.objects.filter(organisation=unit)
        assert meeting.plan.status == PlanStatus.APPROVED
        stages[name] = meeting.stage
    assert stages == {"石桥县委": "meeting", "江城市医疗保障局": "talks"}


def test_the_supervisors_dashboard_lists_meetings_of_three_units_at_different_stages(seeded_demo, client):
    supervisor = User.objects.get(username="huangweimin")
    meetings = access.meetings_for(supervisor)
    assert meetings.values("organisation").distinct().count() >= 3
    assert meetings.values("stage").distinct().count() >= 5
    client.force_login(supervisor)
    body = client.get(reverse("dashboard")).content.decode()
    for team in ["云岭县委常委班子", "石桥县委常委班子", "江城市医疗保障局党组"]:
        assert team in body


def counts():
    models = [User, RoleAssignment, Organisation, Meeting, TransitionLog, Statement, Criticism, Talk]
    models += [StudySession, SelfStudyNote, TalkWaiver, FeedbackDelivery, DraftVersion, DraftEvent]
    models += [Opinion, Item, ReportSettings, Approval, Sending, FrozenFile, BundleJob]
    return {model.__name__: model.objects.count() for model in models}


def test_seed_demo_is_idempotent(seeded_demo):
    # The first run is the module's shared seed, made on an empty database.
    before = counts()
    seed()
    assert counts() == before
