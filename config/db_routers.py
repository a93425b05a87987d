"""Reads of the supervisors' pages from a PostgreSQL read replica (issue 16, scaling out).

A national deployment's heaviest readers are the supervisors (督导组), each listing hundreds or thousands
of meetings across the organisations they supervise; their pages change nothing. With
DATABASE_REPLICA_URL set (config/settings.py names it ``replica``), a GET of one of ``REPLICA_PAGES``
reads from the replica; everything else, and every write, stays on ``default``. Without it this router
answers ``default`` for everything.

A replica lags the primary by a moment: only pages where a list a second old is as good as a fresh one
are named here, never a page that shows what its reader has just saved (a meeting's own page, a form).
The session and the user are read before the URL is resolved, so a login is never looked up on a
replica that has not seen it yet. Inside a transaction every read stays with its writes.
"""

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, transaction

from audit.middleware import current_request

REPLICA = "replica"

# By URL name: the dashboard is the supervisor's meeting list (every meeting they supervise).
REPLICA_PAGES = frozenset({"dashboard"})


def _reads_replica():
    if REPLICA not in settings.DATABASES or transaction.get_connection(DEFAULT_DB_ALIAS).in_atomic_block:
        return False
    request = current_request()
    match = getattr(request, "resolver_match", None)
    return match is not None and request.method in ("GET", "HEAD") and match.url_name in REPLICA_PAGES


class ReplicaRouter:
    def db_for_read(self, model, **hints):
        return REPLICA if _reads_replica() else DEFAULT_DB_ALIAS

    def db_for_write(self, model, **hints):
        return DEFAULT_DB_ALIAS

    def allow_relation(self, first, second, **hints):
        # The replica holds the same rows as the primary.
        return True

    def allow_migrate(self, db, app_label, **hints):
        # The replica's schema comes from the primary by replication.
        return db != REPLICA
