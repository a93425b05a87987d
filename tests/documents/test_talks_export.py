import datetime
import io
import subprocess

import pytest
from django.core.management import call_command
from django.urls import reverse
from docx import Document as read_docx

from documents.exporters.talks import talks_document
from meetings import talks
from meetings.models import Meeting

# Talks are recorded after they took place (8 January 2027), before the meeting locks them.
pytestmark = pytest.mark.usefixtures("before_the_meeting")
DAY = datetime.date(2027, 1, 8)


def text_of(tree):
    from documents.tree import Heading, Paragraph, Table

    lines = [tree.title]
    for block in tree.blocks:
        if isinstance(block, Paragraph):
            lines.append(block.lead + block.text)
        elif isinstance(block, Heading):
            lines.append(block.text)
        elif isinstance(block, Table):
            lines.extend("|".join(row) for row in [block.header, *block.rows])
    return "\n".join(lines)


def record(world):
    a, b, c = world.members
    talks.record_talk(
        world.meeting,
        a,
        date=DAY,
        place="",
        topics="分管领域问题",
        improvements="",
        people=[a, b],
        own_side={"problems_raised": "甲被指出的问题", "criticisms_to_raise": "甲对乙的批评"},
    )
    talks.record_talk(world.meeting, b, date=DAY, place="", topics="思想认识", improvements="", people=[b, c])
    talks.waive_pair(world.meeting, a, c, "援外挂职", world.office)


def test_office_export_has_the_coverage_and_every_talk_with_its_content(world):
    record(world)
    text = text_of(talks_document(world.meeting, viewer=world.office))
    assert "共需开展谈心谈话6对，已谈2对，免谈1对，未谈3对；共记录谈话2次" in text
    assert "援外挂职" in text and "甲对乙的批评" in text
    assert "（一）2027年1月8日" in text and "（二）2027年1月8日" in text


def test_a_member_export_shows_only_their_rows_and_their_talks_content(world):
    record(world)
    c = world.members[2]
    text = text_of(talks_document(world.meeting, viewer=c))
    assert "甲对乙的批评" not in text  # c was not in that talk
    assert "分管领域问题" not in text
    assert "思想认识" in text
    rows = [line for line in text.splitlines() if line.count("|") == 4 and "班子成员|" not in line]
    assert rows and all(c.name in line.split("|")[:2] for line in rows)


def test_talks_download_by_role_and_docx_pdf_carry_the_same_text(world, client, tmp_path):
    record(world)
    url = reverse("document_download", args=[world.meeting.pk, "talks", "docx"])
    for role in ["secretary", "member", "office", "supervisor"]:
        client.force_login(getattr(world, role))
        assert client.get(url).status_code == 200, role
    for role in ["other_member", "outsider"]:
        client.force_login(getattr(world, role))
        assert client.get(url).status_code == 404, role
    path = tmp_path / "talks.pdf"
    call_command(
        "export_document", world.meeting.pk, "talks", "--format", "pdf", "-o", str(path), stdout=io.StringIO()
    )
    pdf = "".join(
        subprocess.run(
            ["pdftotext", str(path), "-"], capture_output=True, text=True, check=True
        ).stdout.split()
    )
    assert "甲对乙的批评" in pdf and "援外挂职" in pdf
    docx_path = tmp_path / "talks.docx"
    call_command("export_document", world.meeting.pk, "talks", "-o", str(docx_path), stdout=io.StringIO())
    document = read_docx(docx_path)
    assert document.tables[0].rows[0].cells[0].text == "班子成员"


def test_talks_export_query_count_is_constant(world, django_assert_max_num_queries):
    record(world)
    meeting = Meeting.objects.get(pk=world.meeting.pk)
    with django_assert_max_num_queries(20) as few:
        talks_document(meeting, viewer=world.office)
    a, b, _ = world.members
    for day in range(1, 15):
        talks.record_talk(
            meeting,
            a,
            date=DAY - datetime.timedelta(days=day),
            place="",
            topics="补谈",
            improvements="",
            people=[a, b],
        )
    meeting = Meeting.objects.get(pk=world.meeting.pk)
    with django_assert_max_num_queries(len(few.captured_queries)):
        talks_document(meeting, viewer=world.office)
