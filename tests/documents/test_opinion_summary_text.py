"""征求意见建议汇总 as real summaries write it: the aspects' full text, the channels as the office did
them, and the collector and date of the collection (not the day of the export)."""

import datetime
import io
import subprocess
import zoneinfo

import pytest
import time_machine
from django.urls import reverse
from docx import Document as read_docx

from documents.export import export
from feedback import services
from feedback.models import Channel
from meetings.models import Meeting, MeetingKind
from tests.factories import make_meeting

SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")
ENTERED = datetime.datetime(2027, 1, 9, 16, 0, tzinfo=SHANGHAI)
EXPORTED = datetime.datetime(2027, 3, 2, 10, 0, tzinfo=SHANGHAI)


def with_opinions(world, kind=MeetingKind.ANNUAL, channels=("意见箱", "座谈会", "个别访谈")):
    """A meeting with one accepted opinion per channel given (in that order of entry), in aspect 1."""
    meeting = make_meeting(world.county, world.office, template_kind=kind, kind=kind)
    services.create_default_choices(meeting)
    category = meeting.source_categories.get(name="党员")
    aspect = meeting.aspects.first()
    with time_machine.travel(ENTERED, tick=False):
        for name in channels:
            channel, _ = Channel.objects.get_or_create(meeting=meeting, name=name, defaults={"order": 9})
            services.create_opinion(
                meeting,
                text=f"{name}收到的意见。",
                channel=channel,
                category=category,
                aspect=aspect,
                by=world.office,
            )
    return Meeting.objects.select_related("organisation").get(pk=meeting.pk)


def paragraphs(meeting):
    document = read_docx(io.BytesIO(export("opinions-summary", meeting, "docx").content))
    return [p.text for p in document.paragraphs if p.text.strip()]


def pdf_text(meeting, tmp_path):
    path = tmp_path / "summary.pdf"
    path.write_bytes(export("opinions-summary", meeting, "pdf").content)
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout
    return "".join(text.split())


@pytest.mark.parametrize("kind", [MeetingKind.ANNUAL, MeetingKind.SPECIAL])
def test_each_aspect_heading_prints_the_aspects_full_text_with_方面_once(world, kind):
    meeting = with_opinions(world, kind)
    text = paragraphs(meeting)
    for number, aspect in zip("一二三四五六", meeting.aspects.all(), strict=False):
        full = " ".join(aspect.text.split()).rstrip("。")
        says_it = full.endswith("方面") or "方面，" in full
        heading = f"{number}、{full}。" if says_it else f"{number}、{full}方面。"
        assert heading in text, heading
        assert "方面方面" not in heading and heading.count("方面") <= full.count("方面") + 1
    assert not any(p == f"一、{meeting.aspects.first().name}方面。" for p in text)


def test_the_generic_annual_aspect_reads_as_the_seeds_do(world):
    text = paragraphs(with_opinions(world))
    assert "二、在增强“四个意识”、坚定“四个自信”、做到“两个维护”，严守政治纪律和政治规矩方面。" in text
    # A text that names its aspect mid-sentence ("…方面，深入学习…") gets no second 方面 at its end.
    first = next(p for p in text if p.startswith("一、"))
    assert first.startswith("一、在加强政治理论学习、坚定理想信念方面，") and first.endswith("真信笃行。")


def test_the_opening_names_the_channels_used_as_the_office_did_them_in_the_meetings_order(world, tmp_path):
    meeting = with_opinions(world)
    opening = paragraphs(meeting)[1]
    assert "云岭县委办公室通过召开座谈会、个别访谈、设置征求意见箱等方式，围绕6个方面" in opening
    assert "通过座谈会" not in opening
    assert "通过召开座谈会、个别访谈、设置征求意见箱等方式" in pdf_text(meeting, tmp_path)


def test_a_channel_the_office_named_itself_is_printed_as_typed_and_其他_is_left_out(world):
    meeting = with_opinions(world, channels=("走访调研", "其他"))
    assert "云岭县委办公室通过走访调研等方式，" in paragraphs(meeting)[1]


@time_machine.travel(EXPORTED, tick=False)
def test_the_summary_is_dated_the_opinions_deadline_not_the_export_day(world, tmp_path):
    meeting = with_opinions(world)  # entered on 9 January, before the deadline
    assert meeting.schedule.get(activity="opinions").due_date == datetime.date(2027, 1, 12)
    text = paragraphs(meeting)
    assert text[-2:] == ["云岭县委办公室", "2027年1月12日"]
    assert "2027年3月2日" not in text
    assert pdf_text(meeting, tmp_path).rstrip("—0123456789").endswith("云岭县委办公室2027年1月12日")


@time_machine.travel(EXPORTED, tick=False)
def test_an_opinion_entered_after_the_deadline_dates_the_summary_its_day(world):
    meeting = with_opinions(world)
    channel = meeting.channels.get(name="座谈会")
    with time_machine.travel(datetime.datetime(2027, 1, 15, 11, 0, tzinfo=SHANGHAI), tick=False):
        services.create_opinion(
            meeting,
            text="补充的意见。",
            channel=channel,
            category=meeting.source_categories.get(name="党员"),
            aspect=meeting.aspects.first(),
            by=world.office,
        )
    assert paragraphs(meeting)[-1] == "2027年1月15日"


@time_machine.travel(EXPORTED, tick=False)
def test_a_summary_without_opinions_is_dated_the_opinions_deadline(world):
    meeting = make_meeting(world.county, world.office)
    deadline = meeting.schedule.get(activity="opinions").due_date
    assert paragraphs(meeting)[-1] == f"{deadline.year}年{deadline.month}月{deadline.day}日"


@time_machine.travel(EXPORTED, tick=False)
def test_the_office_names_who_collected_the_opinions_and_the_summary_signs_and_opens_with_it(world, client):
    meeting = with_opinions(world)
    page = reverse("opinion_choices", args=[meeting.pk])
    form = {
        f"{prefix}-{field}": value
        for prefix, rows in (
            ("channels", meeting.channels.all()),
            ("categories", meeting.source_categories.all()),
        )
        for field, value in {"TOTAL_FORMS": len(rows), "INITIAL_FORMS": len(rows)}.items()
    }
    for prefix, rows in (
        ("channels", meeting.channels.all()),
        ("categories", meeting.source_categories.all()),
    ):
        for n, row in enumerate(rows):
            form.update(
                {f"{prefix}-{n}-id": row.pk, f"{prefix}-{n}-name": row.name, f"{prefix}-{n}-order": row.order}
            )
    client.force_login(world.office)
    response = client.post(page, {**form, "collector-opinion_collector": "  县委组织部  "})
    assert response.status_code == 302, response.content.decode()[:2000]
    meeting = Meeting.objects.select_related("organisation").get(pk=meeting.pk)
    assert meeting.opinion_collector == "县委组织部"
    text = paragraphs(meeting)
    assert text[1].startswith("为开好云岭县委常委班子") and "，县委组织部通过" in text[1]
    assert text[-2:] == ["县委组织部", "2027年1月12日"]
    assert "云岭县委办公室" not in "".join(text)
    assert "县委组织部" in client.get(page).content.decode()
