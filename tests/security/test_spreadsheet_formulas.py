"""User text is never a formula in a spreadsheet (DESIGN §12; issue 14, item 2).

Text beginning with "=" (an opinion from the public box reading =HYPERLINK("http://…","点击")) once
became a live formula in the ledger .xlsx. Every workbook the app writes is read back here as Excel
would: openpyxl's view of each cell, and the sheet XML itself, where a formula is an <f> element.
"""

import csv
import datetime
import io
import re
import zipfile
import zoneinfo

import openpyxl
import pytest
import time_machine
from django.urls import reverse

from documents import spreadsheet
from feedback import importer
from feedback import services as feedback_services
from feedback.models import Channel, SourceCategory
from meetings.models import MeetingAspect
from rectification import excel
from rectification import services as rectification_services
from rectification.models import Item, Progress
from reporting import services as reporting_services
from reporting.models import DocumentKind
from tests.rectification.factories import at_stage, team_list
from tests.reporting.factories import held_meeting

SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")
# What a spreadsheet runs as a formula: "=" in any file; in a CSV file also these.
PREFIXES = ["=", "+", "-", "@", "\t", "\r"]
LINK = 'HYPERLINK("http://example.invalid/","点击查看")'
FORMULA_ELEMENT = re.compile(r"<f[\s>/]")  # <f>…</f> or <f t="shared" …/>; not <formula1> of a drop-down


def ids(prefix):
    return {"\t": "tab", "\r": "cr"}.get(prefix, prefix)


def formulas_in(content):
    """The <f> elements of every worksheet of an .xlsx, as the file holds them."""
    archive = zipfile.ZipFile(io.BytesIO(content))
    sheets = [name for name in archive.namelist() if name.startswith("xl/worksheets/sheet")]
    assert sheets
    return [name for name in sheets if FORMULA_ELEMENT.search(archive.read(name).decode())]


def cells_holding(content, texts):
    """{text: (data_type, value)} of the first cell whose value is each text, across every sheet."""
    found = {}
    for sheet in openpyxl.load_workbook(io.BytesIO(content)).worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if cell.value in texts and cell.value not in found:
                    found[cell.value] = (cell.data_type, cell.value)
    return found


@pytest.fixture
def ledger_meeting(world):
    with time_machine.travel(datetime.datetime(2027, 3, 10, 10, 0, tzinfo=SHANGHAI), tick=False):
        yield at_stage(world.meeting)


def item_from_box_opinion(world, meeting, text):
    """The path of the review's finding: the box's opinion, accepted, made into an item of the team's list."""
    opinion = feedback_services.create_opinion(
        meeting,
        text=text,
        channel=feedback_services.box_channel(meeting),
        category=meeting.source_categories.first(),
        aspect=meeting.aspects.first(),
        by=None,
    )
    feedback_services.accept([opinion])
    at_stage(meeting)  # the ledger is built once the meeting is held
    (item,) = rectification_services.make_items(team_list(meeting), [f"opinion:{opinion.pk}"], world.office)
    return item


@pytest.mark.parametrize("prefix", PREFIXES, ids=ids)
def test_ledger_text_starting_like_a_formula_is_exported_as_a_text_cell_with_the_exact_text(
    world, prefix, login, client
):
    meeting = world.meeting
    opinion_text = f"{prefix}{LINK}"
    item = item_from_box_opinion(world, meeting, opinion_text)
    texts = {
        "problem": opinion_text,
        "manifestation": f"{prefix}1+1",
        "measures": f"{prefix}SUM(A1:A9)",
        "unit": f"{prefix}县委办",
    }
    Item.objects.filter(pk=item.pk).update(**texts)

    response = login(world.office).get(reverse("rectification_xlsx", args=[meeting.pk]))

    assert response.status_code == 200
    assert formulas_in(response.content) == []
    expected = {text: ("s", text) for text in texts.values()}
    # The 来源 column quotes the opinion after its kind's label, so it is text in any case; the 问题 is the
    # opinion itself.
    assert cells_holding(response.content, set(texts.values())) == expected


@pytest.mark.parametrize("prefix", PREFIXES, ids=ids)
def test_an_exported_ledger_imported_back_unchanged_changes_nothing_and_keeps_the_text(
    world, ledger_meeting, prefix
):
    item = Item.objects.create(
        rectification_list=team_list(ledger_meeting),
        meeting=ledger_meeting,
        number=1,
        problem=f"{prefix}{LINK}",
        manifestation=f"{prefix}1+1",
        measures="深入基层调研。",
        owner=world.member,
        deadline=datetime.date(2027, 6, 30),
    )
    Progress.objects.create(
        item=item, date=datetime.date(2027, 3, 1), text=f"{prefix}{LINK}", by=world.office
    )

    exported = excel.export_workbook(ledger_meeting, world.office)
    result = excel.import_workbook(ledger_meeting, exported, world.office)

    assert result.ok, [str(error) for error in result.errors]
    assert (result.status_changed, result.progress_added, result.unchanged) == (0, 0, 1)
    item.refresh_from_db()
    assert (item.problem, item.manifestation) == (f"{prefix}{LINK}", f"{prefix}1+1")
    assert list(item.progress.values_list("text", flat=True)) == [f"{prefix}{LINK}"]


@pytest.mark.parametrize("prefix", ["=", "+", "-", "@"])
def test_progress_typed_as_text_starting_like_a_formula_is_imported_exactly(world, ledger_meeting, prefix):
    item = Item.objects.create(
        rectification_list=team_list(ledger_meeting),
        meeting=ledger_meeting,
        number=1,
        problem="调研不够深入。",
        owner=world.member,
        deadline=datetime.date(2027, 6, 30),
        status="in_progress",
    )
    workbook = openpyxl.load_workbook(io.BytesIO(excel.export_workbook(ledger_meeting, world.office)))
    sheet = workbook.worksheets[0]
    columns = [cell.value for cell in sheet[excel.HEADER_ROW]]
    row = excel.HEADER_ROW + 1
    assert sheet.cell(row, columns.index("编号") + 1).value == item.pk
    # As Excel keeps a cell the office typed with a leading apostrophe: a string, not a formula.
    spreadsheet.write(sheet, row, columns.index("进展情况") + 1, f"{prefix}{LINK}")
    out = io.BytesIO()
    workbook.save(out)

    result = excel.import_workbook(ledger_meeting, out.getvalue(), world.office)

    assert result.ok and result.progress_added == 1, [str(error) for error in result.errors]
    assert list(item.progress.values_list("text", flat=True)) == [f"{prefix}{LINK}"]


def test_a_control_character_pasted_from_word_does_not_stop_the_export(world, ledger_meeting):
    item = Item.objects.create(
        rectification_list=team_list(ledger_meeting),
        meeting=ledger_meeting,
        number=1,
        problem="调研不够深入。\x0b走访不够。",  # a vertical tab: Word's line break, which XML cannot hold
        owner=world.member,
        deadline=datetime.date(2027, 6, 30),
    )
    content = excel.export_workbook(ledger_meeting, world.office)
    assert cells_holding(content, {"调研不够深入。走访不够。"}) == {
        "调研不够深入。走访不够。": ("s", "调研不够深入。走访不够。")
    }
    assert Item.objects.get(pk=item.pk).problem == "调研不够深入。\x0b走访不够。"


def give_the_meeting_names_starting_with(meeting, member, prefix):
    """The meeting's own choices, which the opinion template lists, named as an office might mistype them."""
    names = {
        "aspect": f"{prefix}理论学习",
        "aspect_text": f"{prefix}{LINK}",
        "category": f"{prefix}群众",
        "channel": f"{prefix}座谈会",
        "member": f"{prefix}成员",
    }
    MeetingAspect.objects.filter(pk=meeting.aspects.first().pk).update(
        name=names["aspect"], text=names["aspect_text"]
    )
    SourceCategory.objects.filter(pk=meeting.source_categories.first().pk).update(name=names["category"])
    Channel.objects.filter(pk=meeting.channels.first().pk).update(name=names["channel"])
    member.display_name = names["member"]
    member.save(update_fields=["display_name"])
    return names


@pytest.mark.parametrize("prefix", PREFIXES, ids=ids)
def test_the_opinion_template_xlsx_holds_every_name_as_a_text_cell(world, prefix, login):
    feedback_services.create_default_choices(world.meeting)
    names = give_the_meeting_names_starting_with(world.meeting, world.members[-1], prefix)

    response = login(world.office).get(reverse("opinion_import_template", args=[world.meeting.pk, "xlsx"]))

    assert response.status_code == 200
    assert formulas_in(response.content) == []
    assert cells_holding(response.content, set(names.values())) == {
        name: ("s", name) for name in names.values()
    }


@pytest.mark.parametrize("prefix", PREFIXES, ids=ids)
def test_the_opinion_template_csv_marks_every_name_starting_like_a_formula_as_text(world, prefix, login):
    feedback_services.create_default_choices(world.meeting)
    names = give_the_meeting_names_starting_with(world.meeting, world.members[-1], prefix)

    response = login(world.office).get(reverse("opinion_import_template", args=[world.meeting.pk, "csv"]))

    assert response.status_code == 200
    fields = [
        field
        for row in csv.reader(io.StringIO(response.content.decode("utf-8-sig"), newline=""))
        for field in row
    ]
    assert not [field for field in fields if field.startswith(tuple(PREFIXES))]
    # The example rows name the meeting's first category and channel.
    for name in (names["category"], names["channel"]):
        assert "'" + name in fields


def test_the_template_written_by_the_importer_is_what_the_download_serves(world):
    """The writer functions themselves, as the import page's links call them."""
    feedback_services.create_default_choices(world.meeting)
    names = give_the_meeting_names_starting_with(world.meeting, world.members[-1], "=")
    assert formulas_in(importer.template_xlsx(world.meeting)) == []
    assert ("'" + names["category"]).encode() in importer.template_csv(world.meeting)


def test_the_archives_manifest_marks_recipients_starting_like_a_formula_as_text(world, login):
    with time_machine.travel(datetime.datetime(2027, 2, 1, 10, 0, tzinfo=SHANGHAI), tick=False):
        held = held_meeting(world)
        reporting_services.approve(held, DocumentKind.REPORT, world.secretary)
        reporting_services.send(
            held,
            DocumentKind.REPORT,
            world.office,
            sent_on=datetime.date(2027, 2, 1),
            recipients=f"={LINK}",
            channel="electronic",
        )
        response = login(world.supervisor).get(reverse("archive_zip", args=[held.pk]))

    manifest = zipfile.ZipFile(io.BytesIO(response.content)).read("清单.csv").decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(manifest, newline="")))
    assert {row[5] for row in rows[1:]} == {f"'={LINK}"}
