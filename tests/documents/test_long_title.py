"""A draft titled at length still exports (issue 14, item 11): python-docx refuses a document property
over 255 characters, so the property is cut and the title printed in the body stays whole."""

import datetime
import io

from django.urls import reverse
from docx import Document as read_docx

from documents.render_bundle import render_bundle_docx
from documents.render_docx import core_property
from documents.tree import Bundle, Document, Paragraph
from inspection import content as structure
from inspection.models import Draft

# 300 characters, none of them a space, that a cut anywhere would show.
LONG_TITLE = (
    "云岭县委常委班子" + "".join(f"关于第{n:03d}项问题" for n in range(1, 32)) + "民主生活会上的对照检查材料"
)


def store_team_draft(meeting, title):
    content = structure.empty_content(title=title, aspects=list(meeting.aspects.all())[:1], team=True)
    clean = structure.normalise(content, structure.default_headings(True))
    return Draft.objects.update_or_create(
        meeting=meeting,
        kind="team",
        author=None,
        defaults={"content": clean, "content_hash": structure.content_hash(clean), "version": 1},
    )[0]


def test_a_draft_with_a_300_character_title_exports_to_word_with_the_whole_title_in_the_body(world, login):
    assert len(LONG_TITLE) == 300
    store_team_draft(world.meeting, LONG_TITLE)
    url = reverse("document_download", args=[world.meeting.pk, "team-inspection", "docx"])
    response = login(world.office).get(url)
    assert response.status_code == 200
    document = read_docx(io.BytesIO(response.content))
    assert LONG_TITLE in [paragraph.text for paragraph in document.paragraphs]
    title = document.core_properties.title
    assert 0 < len(title) <= 255 and LONG_TITLE.startswith(title)


def test_the_document_property_is_cut_between_characters_never_inside_one():
    assert core_property("短标题") == "短标题"
    assert core_property("") == ""
    # é written as e + a combining acute accent at the 255th/256th character: the accent is not left off
    # its letter; the cut falls before the letter instead.
    title = "标" * 254 + "e\u0301" + "题" * 10
    assert core_property(title) == "标" * 254
    assert len(core_property("题" * 300)) == 255


def test_a_bundle_of_a_meeting_titled_at_length_exports_to_word_with_the_whole_title_on_its_cover():
    piece = Document(title=LONG_TITLE, blocks=[Paragraph("正文。")])
    bundle = Bundle(
        organisation="云岭县委办公室", title=LONG_TITLE, compiled_on=datetime.date(2027, 3, 1), pieces=[piece]
    )
    document = read_docx(io.BytesIO(render_bundle_docx(bundle, starts=[3])))
    assert any(LONG_TITLE in paragraph.text for paragraph in document.paragraphs)
    title = document.core_properties.title
    assert 0 < len(title) <= 255 and (bundle.title + bundle.heading).startswith(title)
