"""Two people press "next" at once: on PostgreSQL, with two real connections, one wins."""

import threading

import pytest
from django.db import connection, connections

from meetings import services
from meetings.models import Meeting, TransitionLog
from orgs.models import Role
from tests.factories import OrganisationFactory, UserFactory, assign, make_meeting

pytestmark = pytest.mark.postgres


def press_next_twice_at_once(meeting_id, user):
    """Two threads, each with its own connection, load the meeting and press "next" together."""
    barrier = threading.Barrier(2)
    outcomes, backends = [], set()

    def press_next():
        try:
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_backend_pid()")
                backends.add(cursor.fetchone()[0])
            fresh = Meeting.objects.get(pk=meeting_id)
            barrier.wait()
            services.advance(fresh, user, expected_stage="planning")
            outcomes.append("moved")
        except services.TransitionRefused:
            outcomes.append("refused")
        finally:
            connections.close_all()

    threads = [threading.Thread(target=press_next) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return sorted(outcomes), backends


@pytest.mark.django_db(transaction=True)
def test_two_concurrent_advances_have_exactly_one_winner():
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL (DATABASE_URL); .ci/run runs it")
    county = OrganisationFactory()
    office = assign(UserFactory(), county, Role.OFFICE)
    assign(UserFactory(), county, Role.SECRETARY)
    supervisor = assign(UserFactory(), county, Role.SUPERVISOR)
    for round_number in range(5):
        meeting = make_meeting(county, office, year=2000 + round_number)
        services.submit_plan(meeting.plan, office)
        services.approve_plan(meeting.plan, supervisor)

        outcomes, backends = press_next_twice_at_once(meeting.pk, office)

        assert len(backends) == 2, "each request must use its own database connection"
        assert outcomes == ["moved", "refused"]
        assert TransitionLog.objects.filter(meeting=meeting).count() == 1
        meeting.refresh_from_db()
        assert meeting.stage == "study"
