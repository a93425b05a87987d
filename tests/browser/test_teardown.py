"""The live server's door (tests/browser/conftest.py): the database is flushed after a test only once the
server has finished the requests it was handling, an autosave still in flight included (issue 18, point 11)."""

import threading
import time

import pytest

from .in_flight import ServedRequests

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def blocking_application(release):
    def application(environ, start_response):
        release.wait(5)
        start_response("200 OK", [("Content-Type", "text/plain")])
        return [b"saved"]

    return application


def served(application, path, results):
    environ = {"REQUEST_METHOD": "POST", "PATH_INFO": path}
    response = application(environ, lambda status, headers: results.append(status))
    results.append(b"".join(response))
    if hasattr(response, "close"):  # as wsgiref closes a response
        response.close()


def test_closing_waits_for_the_request_still_running_and_turns_new_ones_away():
    release = threading.Event()
    application = ServedRequests(blocking_application(release))
    results = []
    autosave = threading.Thread(target=served, args=(application, "/api/", results))
    autosave.start()
    while not application.running:
        time.sleep(0.01)
    threading.Timer(0.3, release.set).start()

    started = time.monotonic()
    assert application.close(seconds=5) == []
    assert time.monotonic() - started >= 0.25, "close() returned before the autosave had finished"
    autosave.join()
    assert results == ["200 OK", b"saved"]

    late = []
    served(application, "/api/", late)
    assert late == ["503 Service Unavailable", b"the test is over"]

    application.open()
    release.set()
    again = []
    served(application, "/api/", again)
    assert again == ["200 OK", b"saved"]


def test_a_request_that_never_ends_is_named_after_the_bound():
    release = threading.Event()
    application = ServedRequests(blocking_application(release))
    stuck = threading.Thread(target=served, args=(application, "/meetings/1/drafts/1/api/", []))
    stuck.start()
    while not application.running:
        time.sleep(0.01)
    try:
        assert application.close(seconds=0.2) == ["POST /meetings/1/drafts/1/api/"]
    finally:
        release.set()
        stuck.join()
    assert application.running == {}
