"""Where an event's address comes from: the request being served, even when a service writes the event
with only ``by=user``; never for the anonymous box; and how the trail names an object without its text."""

from django.http import HttpResponse
from django.test import RequestFactory

from audit import services
from audit.middleware import AuditRequestMiddleware, current_request
from audit.models import Action, AuditEvent
from tests.feedback.factories import opinions

from .trail import assert_event


def served(request, view):
    """``view`` run inside the middleware, as Django runs it."""
    return AuditRequestMiddleware(view)(request)


def test_an_event_written_by_a_service_during_a_request_has_the_clients_address(world):
    request = RequestFactory().post("/", REMOTE_ADDR="10.8.0.7")
    request.user = world.office

    def view(request):
        # A service knows only who acts (``by``), not the request.
        services.record(Action.CLOSE_ITEM, user=world.secretary, obj=world.meeting)
        return HttpResponse()

    served(request, view)
    [event] = AuditEvent.objects.all()
    assert_event(event, user=world.secretary, meeting=world.meeting, address="10.8.0.7")


def test_an_event_without_a_user_takes_the_user_of_the_request(world):
    request = RequestFactory().post("/", REMOTE_ADDR="10.8.0.7")
    request.user = world.office

    def view(request):
        services.record(Action.TRIAGE, meeting=world.meeting)
        return HttpResponse()

    served(request, view)
    [event] = AuditEvent.objects.all()
    assert_event(event, user=world.office, meeting=world.meeting, address="10.8.0.7")


def test_an_anonymous_event_keeps_no_address_and_no_user_even_inside_a_request(world):
    request = RequestFactory().post("/box/", REMOTE_ADDR="10.8.0.9")
    request.user = world.office

    def view(request):
        services.record(Action.TRIAGE, meeting=world.meeting, anonymous=True)
        return HttpResponse()

    served(request, view)
    [event] = AuditEvent.objects.all()
    assert (event.address, event.user, event.username) == (None, None, "")


def test_outside_a_request_an_event_has_no_address(world):
    event = services.record(Action.FREEZE, user=world.office, obj=world.meeting)
    assert event.address is None and event.user == world.office


def test_the_request_is_forgotten_when_its_response_is_made(world, client):
    client.force_login(world.office)
    client.get("/")
    assert current_request() is None
    request = RequestFactory().get("/")
    seen = []

    def view(request):
        seen.append(current_request())
        return HttpResponse()

    served(request, view)
    assert seen == [request] and current_request() is None


def test_a_proxys_forwarded_address_counts_only_when_the_deployment_trusts_it(world, settings):
    request = RequestFactory().get("/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="203.0.113.5, 10.0.0.1")
    settings.AUDIT_TRUST_X_FORWARDED_FOR = False
    assert services.client_address(request) == "10.0.0.1"
    settings.AUDIT_TRUST_X_FORWARDED_FOR = True
    assert services.client_address(request) == "203.0.113.5"


def test_an_object_is_named_by_its_kind_and_number_never_by_its_text(world):
    """The audit administrator reads no meeting content: an opinion's label is not its words."""
    [opinion] = opinions(world.meeting, 1, text="县委书记违规收受礼品")
    event = services.record(Action.TRIAGE, user=world.office, obj=opinion)
    assert event.object_label == f"意见建议（编号{opinion.pk}）"
    assert "礼品" not in event.object_label
    assert event.meeting_id == world.meeting.pk


def test_a_meeting_and_a_person_are_named_as_they_are_called(world):
    assert (
        services.record(Action.EXPORT, user=world.office, obj=world.meeting).object_label
        == world.meeting.title
    )
    assert services.record(Action.ROLE_CHANGE, user=world.office, obj=world.member).object_label == "成员1"
