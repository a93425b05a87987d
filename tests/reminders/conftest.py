import datetime
import zoneinfo

import pytest
import time_machine

from config.celery import app

SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")


@pytest.fixture
def eager_celery():
    """Sends run in the test's process as soon as they are enqueued (the wiring is tested once with a
    real worker in test_worker.py)."""
    app.conf.task_always_eager = True
    app.conf.task_eager_propagates = True
    yield app
    app.conf.task_always_eager = False
    app.conf.task_eager_propagates = False


@pytest.fixture
def at():
    """Freezes time at a Shanghai date and hour: ``at(datetime.date(2027, 1, 17))``."""
    travellers = []

    def travel(day, hour=8):
        if travellers:
            travellers.pop().stop()
        traveller = time_machine.travel(
            datetime.datetime.combine(day, datetime.time(hour), tzinfo=SHANGHAI), tick=False
        )
        traveller.start()
        travellers.append(traveller)

    yield travel
    for traveller in travellers:
        traveller.stop()
