import pytest

from .factories import held_meeting


@pytest.fixture
def held(world):
    """``world.meeting`` in 整改落实, answering the city's notice, with two team items."""
    return held_meeting(world)
