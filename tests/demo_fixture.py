"""The demo (``manage.py seed_demo``) seeded once per test module instead of once per test.

Seeding takes 8–10 s on a quiet machine (most of it rendering the PDFs of last year's frozen report,
its bundle and the evidence), and the demo tests mostly read it: seeding it for each of them cost about
165 s of every run of the suite, which CI runs twice. A module's tests now share one seed. It is
written inside a transaction opened before the module's first demo test and rolled back after its
last; each test runs in its own savepoint on top of it (pytest-django's ``db``, a ``django.test.TestCase`` nested in our transaction),
so whatever a test changes, the next test finds the demo exactly as the seed left it, and no test of
another module ever sees the demo (tests elsewhere count the rows of an otherwise empty database).
Nothing here depends on the database: a transaction with savepoints inside behaves the same on SQLite
and PostgreSQL.

What a shared seed cannot do, and where a test keeps its own:
- the seed is made on the real clock when the module starts (its dates run up to "today",
  ``meetings.demo_preparation``); a test that needs the demo seeded on another day seeds it itself;
- tests through ``live_server`` (the browser journeys) read committed rows from the server's thread
  and have their database flushed afterwards: they cannot share an uncommitted seed.
"""

import contextlib
import io
import shutil
from types import SimpleNamespace

from django.core.management import call_command
from django.db import transaction
from django.test.utils import override_settings

# tests/conftest.py's fast_password_hashing is a per-test fixture, not yet in force when a module's
# seed is made: without the same hasher here the demo's passwords would be hashed with PBKDF2 (slow)
# and would not verify in the tests, which list only this hasher.
FAST_PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@contextlib.contextmanager
def demo_seeded_until_exit(django_db_blocker, media_root):
    """Seed the demo in a transaction that stays open until the block exits, then is rolled back.

    The demo's files (frozen reports, evidence) are written under ``media_root``; tests copy them into
    their own media folder (``copy_demo_files``). Yields the command's output and that folder.
    """
    outer = transaction.atomic()
    with django_db_blocker.unblock():
        outer.__enter__()
        try:
            output = io.StringIO()
            with override_settings(MEDIA_ROOT=str(media_root), PASSWORD_HASHERS=FAST_PASSWORD_HASHERS):
                call_command("seed_demo", stdout=output)
        except BaseException:
            _roll_back(outer)
            raise
    try:
        yield SimpleNamespace(output=output.getvalue(), media_root=media_root)
    finally:
        # Database access is blocked again between tests; the rollback needs it for a moment.
        with django_db_blocker.unblock():
            _roll_back(outer)


def _roll_back(outer):
    transaction.set_rollback(True)
    outer.__exit__(None, None, None)


def copy_demo_files(seed, media_root):
    """The demo's files, copied into a test's own media folder: what a test adds or replaces there is
    gone with its folder, as its rows are with its savepoint."""
    shutil.copytree(seed.media_root, media_root, dirs_exist_ok=True)
