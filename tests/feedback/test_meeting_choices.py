"""A new meeting comes with its opinions' channels, source categories and box: an explicit step of
``create_meeting``, not a ``post_save`` signal."""

import pytest
from django.db.models.signals import post_save

from feedback.models import DEFAULT_CATEGORIES, DEFAULT_CHANNELS, Channel, OpinionBox, SourceCategory
from meetings.models import Meeting

pytestmark = pytest.mark.django_db


def test_create_meeting_makes_the_channels_the_categories_and_the_box(world):
    meeting = world.meeting  # made by meetings.services.create_meeting (tests/factories.make_meeting)
    assert list(Channel.objects.filter(meeting=meeting).values_list("name", flat=True)) == list(
        DEFAULT_CHANNELS
    )
    assert list(SourceCategory.objects.filter(meeting=meeting).values_list("name", flat=True)) == list(
        DEFAULT_CATEGORIES
    )
    assert OpinionBox.objects.filter(meeting=meeting).count() == 1


def test_saving_a_meeting_has_no_receiver_that_makes_rows():
    assert not post_save.has_listeners(Meeting)
