"""What a browser test's teardown waits for (tests/browser/conftest.py): the requests a page has in flight,
and those the live server is still handling."""

import threading
import time

# Generous for a machine running other suites beside this one; a request that takes longer is stuck.
SETTLE_SECONDS = 20


class InFlight:
    """The requests a browser context has sent and not yet seen answered or failed (a request routed to
    ``route.abort()`` fails at once, so it never waits here)."""

    def __init__(self, context):
        self.context = context
        self.requests = []
        context.on("request", self._sent)
        context.on("requestfinished", self._settled)
        context.on("requestfailed", self._settled)

    def _sent(self, request):
        self.requests.append(request)

    def _settled(self, request):
        if request in self.requests:
            self.requests.remove(request)

    def pending(self):
        """Those of an open page: a closed page's requests are cancelled with it."""
        return [request for request in self.requests if not request.frame.page.is_closed()]

    def wait(self, seconds=SETTLE_SECONDS):
        """Waits until none is in flight; returns those still in flight after ``seconds``."""
        deadline = time.monotonic() + seconds
        while (pending := self.pending()) and time.monotonic() < deadline:
            # Playwright's sync API hands the events over only while it is called: wait on a page.
            pending[0].frame.page.wait_for_timeout(50)
        return self.pending()


class ServedRequests:
    """The live server's application, counting the requests it is handling. ``close()`` turns new ones
    away (503, before any view or query) and waits for those running to end; ``open()`` lets them in again.
    A request ends when its response is closed, after Django's request_finished."""

    def __init__(self, application):
        self.application = application
        self.running = {}
        self.closed = False
        self.changed = threading.Condition()

    def __call__(self, environ, start_response):
        with self.changed:
            if self.closed:
                start_response("503 Service Unavailable", [("Content-Type", "text/plain; charset=utf-8")])
                return [b"the test is over"]
            key = object()
            self.running[key] = f"{environ['REQUEST_METHOD']} {environ.get('PATH_INFO', '')}"
        try:
            response = self.application(environ, start_response)
        except BaseException:
            self._ended(key)
            raise
        return _ClosedWhenDone(response, lambda: self._ended(key))

    def _ended(self, key):
        with self.changed:
            self.running.pop(key, None)
            self.changed.notify_all()

    def open(self):
        with self.changed:
            self.closed = False

    def close(self, seconds=SETTLE_SECONDS):
        """Turns new requests away and waits for the running ones; returns those still running after ``seconds``."""
        deadline = time.monotonic() + seconds
        with self.changed:
            self.closed = True
            while self.running and (left := deadline - time.monotonic()) > 0:
                self.changed.wait(left)
            return list(self.running.values())


class _ClosedWhenDone:
    """A WSGI response that tells when the server has closed it (wsgiref closes it on every path)."""

    def __init__(self, response, done):
        self.response = response
        self.done = done

    def __iter__(self):
        return iter(self.response)

    def close(self):
        try:
            if hasattr(self.response, "close"):
                self.response.close()
        finally:
            self.done()
