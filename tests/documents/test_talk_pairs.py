"""谈心谈话情况: the coverage table lists each required pair once, in the team's ranking order."""

import datetime
import io

import pytest
from docx import Document as read_docx

from documents.export import export
from meetings import talks
from orgs.models import BranchRepresentative, ChargedUnit
from tests.factories import UserFactory

pytestmark = pytest.mark.usefixtures("before_the_meeting")
DAY = datetime.date(2027, 1, 8)


def with_units(world):
    """The world's team (a secretary and three members), one unit head under 成员2 and a branch
    representative for 成员3: 3 + 3 + 1 + 1 = 8 required pairs."""
    _, second, third = world.members
    head = UserFactory(display_name="王局长", title="县发改局局长")
    ChargedUnit.objects.create(organisation=world.county, member=second, name="县发改局", head=head)
    representative = UserFactory(display_name="党员代表", title="机关党支部党员")
    BranchRepresentative.objects.create(
        organisation=world.county, member=third, branch_name="机关党支部", representative=representative
    )
    # Recorded from the lower-ranked side: the row still puts the higher-ranked person first.
    talks.record_talk(
        world.meeting, third, date=DAY, place="", topics="思想认识", improvements="", people=[third, second]
    )
    return head, representative


def coverage_rows(meeting, viewer):
    document = read_docx(io.BytesIO(export("talks", meeting, "docx", viewer=viewer).content))
    return [[cell.text for cell in row.cells] for row in document.tables[0].rows[1:]]


def test_the_coverage_table_has_one_row_per_required_pair_in_the_teams_order(world):
    with_units(world)
    rows = coverage_rows(world.meeting, world.office)
    assert [row[:2] for row in rows] == [
        ["林书记", "成员1"],
        ["林书记", "成员2"],
        ["林书记", "成员3"],
        ["成员1", "成员2"],
        ["成员1", "成员3"],
        ["成员2", "成员3"],
        ["成员2", "王局长"],
        ["成员3", "党员代表"],
    ]
    assert len(rows) == len(talks.coverage(world.meeting))
    assert len({frozenset(row[:2]) for row in rows}) == len(rows)
    assert rows[5][3] == "已谈" and rows[5][4] == "2027年1月8日"


def test_the_opening_counts_the_same_pairs_as_the_table(world):
    with_units(world)
    document = read_docx(io.BytesIO(export("talks", world.meeting, "docx", viewer=world.office).content))
    text = "\n".join(p.text for p in document.paragraphs)
    assert "共需开展谈心谈话8对，已谈1对，免谈0对，未谈7对" in text
    assert len(document.tables[0].rows) - 1 == 8


def test_a_member_sees_each_of_their_own_pairs_once_whichever_side_they_are(world):
    with_units(world)
    rows = coverage_rows(world.meeting, world.members[1])
    assert [row[:2] for row in rows] == [
        ["林书记", "成员2"],
        ["成员1", "成员2"],
        ["成员2", "成员3"],
        ["成员2", "王局长"],
    ]
