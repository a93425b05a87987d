"""The request being served, for the audit trail.

A service is called with ``by=user``, not the request, yet its audit event must carry the client's
address (等保 安全审计: time, user, address, action, object, outcome). This middleware keeps the current
request in a context variable for the request's duration; ``audit.services.record`` reads it when no
request is passed. Outside a request (a Celery task, a management command) there is none, and the event
has no address.
"""

from contextvars import ContextVar

_current_request = ContextVar("audit_current_request", default=None)


def current_request():
    """The request this thread (or task) is serving, or None."""
    return _current_request.get()


class AuditRequestMiddleware:
    """Placed after AuthenticationMiddleware, so that ``request.user`` is there when an event reads it."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = _current_request.set(request)
        try:
            return self.get_response(request)
        finally:
            # Reset, not set to None: a request served inside another (the test client in a test that is
            # itself inside a request) gets back the outer one.
            _current_request.reset(token)
