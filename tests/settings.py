"""The test run's settings (pyproject's DJANGO_SETTINGS_MODULE): the project's own, read from the
environment as in production, with two differences the suite needs.

- A key of its own. With DEBUG off, config.settings refuses to start without a real SECRET_KEY (issue 14,
  item 7), and the suite runs with DEBUG off as production does. An exported SECRET_KEY still wins.
- No clock on sessions and passwords. The suite travels in time (time_machine) to the days around its
  meetings, weeks after the accounts logged in and set their passwords; an idle timeout, a 12-hour
  session or a 90-day password would log those tests out. 0 turns each limit off here; tests/security
  turns them on where it tests them.
"""

import os

os.environ.setdefault("SECRET_KEY", "tests-only: this key signs nothing outside the test run 0123456789")

from config.settings import *  # noqa: E402, F403

SESSION_IDLE_MINUTES = 0
SESSION_ABSOLUTE_HOURS = 0
SESSION_COOKIE_AGE = 14 * 24 * 3600  # Django's default, as before issue 14
PASSWORD_EXPIRY_DAYS = 0
