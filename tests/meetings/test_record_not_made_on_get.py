"""GET changes nothing: the record is started by the office's POST (record_start), never by opening the
editor or the live page."""

import pytest
from django.urls import reverse

from meetings.models import MeetingRecord
from meetings.workflow import Stage
from tests.rectification.factories import at_stage

pytestmark = pytest.mark.django_db


def test_opening_the_record_editor_and_the_live_page_makes_no_record(world, login):
    at_stage(world.meeting, Stage.MEETING)
    client = login(world.office)
    for name in ("record_edit", "record_live", "record_detail"):
        assert client.get(reverse(name, args=[world.meeting.pk])).status_code == 200, name
        assert not MeetingRecord.objects.exists(), name
    assert client.post(reverse("record_start", args=[world.meeting.pk])).status_code == 302
    assert MeetingRecord.objects.filter(meeting=world.meeting).count() == 1
