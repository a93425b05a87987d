"""征求意见建议汇总 and the members' feedback sheets, read back from Word and PDF as a clerk would."""

import datetime
import io
import subprocess
from urllib.parse import quote

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from docx import Document as read_docx

from documents.export import export
from documents.exporters.opinions import member_feedback, opinion_summary
from documents.tree import format_date
from feedback import services
from feedback.models import Opinion, OpinionStatus
from meetings.models import Meeting, MeetingKind
from tests.factories import make_meeting

# Accepted opinions per aspect (1–5 of the 2021 "五个带头" set) and source category.
# Aspect 2 has no 干部 (so 群众 is "（二）"), aspect 3 a lone 党员 opinion, aspect 4 none at
# all, aspect 5 no 党员 and a lone 群众 opinion.
PLAN = {
    1: {"党员": 5, "干部": 4, "群众": 2},
    2: {"党员": 4, "群众": 5},
    3: {"党员": 1, "干部": 3, "群众": 2},
    4: {},
    5: {"干部": 5, "群众": 1},
}
TOTAL = 32
USED_CHANNELS = ["座谈会", "个别访谈", "意见箱"]  # the meeting's fourth, 征求意见表, only has rejected ones


def opinion_text(aspect, category, i):
    return f"第{aspect}方面{category}意见{i}：深入基层调研不够。"


@pytest.fixture
def special(world):
    """The 2021 专题 meeting of the county with PLAN's opinions, plus some that must not count."""
    meeting = make_meeting(
        world.county,
        world.office,
        date=datetime.date(2022, 1, 20),
        template_kind=MeetingKind.SPECIAL,
        kind=MeetingKind.SPECIAL,
        year=2021,
    )
    services.create_default_choices(meeting)  # idempotent; create_meeting has made them already
    aspects = list(meeting.aspects.all())
    categories = {c.name: c for c in meeting.source_categories.all()}
    channels = {c.name: c for c in meeting.channels.all()}
    a, b = world.members[0], world.members[1]
    serial = 0
    for aspect_number, counts in PLAN.items():
        for category, count in counts.items():
            for i in range(1, count + 1):
                # A's and B's opinions sit in aspect 1 (党员 3 and 4), aspect 2 (党员 1) for A only.
                addressee = None
                if (aspect_number, category, i) in {(1, "党员", 3), (2, "党员", 1)}:
                    addressee = a
                elif (aspect_number, category, i) == (1, "党员", 4):
                    addressee = b
                services.create_opinion(
                    meeting,
                    text=opinion_text(aspect_number, category, i),
                    channel=channels[USED_CHANNELS[serial % len(USED_CHANNELS)]],
                    category=categories[category],
                    aspect=aspects[aspect_number - 1],
                    addressee=addressee,
                    by=world.office,
                )
                serial += 1
    # Not counted: a rejected one (the only one by 征求意见表), one still new (in aspect 4), and a
    # duplicate merged into an accepted one.
    rejected = services.create_opinion(
        meeting,
        text="被驳回的意见",
        channel=channels["征求意见表"],
        category=categories["干部"],
        aspect=aspects[3],
        by=world.office,
    )
    services.reject([rejected], "与民主生活会无关")
    services.create_opinion(
        meeting,
        text="尚未分拣的意见",
        channel=channels["意见箱"],
        category=categories["党员"],
        aspect=aspects[3],
    )
    duplicate = services.create_opinion(
        meeting,
        text="重复的意见",
        channel=channels["征求意见表"],
        category=categories["干部"],
        aspect=aspects[1],
        by=world.office,
    )
    into = Opinion.objects.get(meeting=meeting, text=opinion_text(2, "党员", 2))
    services.merge([duplicate, into], into)
    return Meeting.objects.select_related("organisation", "host").get(pk=meeting.pk)


def docx_paragraphs(meeting, kind, tmp_path, member=None):
    path = tmp_path / f"{kind}.docx"
    path.write_bytes(export(kind, meeting, "docx", member=member).content)
    return [p.text.replace("\n", "") for p in read_docx(path).paragraphs if p.text.strip()]  # title's w:br


def pdf_text(meeting, kind, tmp_path, member=None):
    path = tmp_path / f"{kind}.pdf"
    path.write_bytes(export(kind, meeting, "pdf", member=member).content)
    return subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout


def compact(text):
    return "".join(text.split())


def compact_pdf_text(meeting, kind, tmp_path, member=None):
    """The PDF's text without whitespace and without the page numbers ("— 1 —"), which the docx
    keeps in a footer and python-docx does not read as paragraphs."""
    text = compact(pdf_text(meeting, kind, tmp_path, member=member))
    page = 1
    while f"—{page}—" in text:
        text = text.replace(f"—{page}—", "", 1)
        page += 1
    return text


def full(aspect):
    """The aspect's full text as the summary's heading prints it (the 五个带头 texts do not end in 方面)."""
    return aspect.text.rstrip("。")


def expected_summary(meeting, world):
    """The summary as the office would type it by hand, from PLAN."""
    aspects = list(meeting.aspects.all())
    a, b = world.members[0].name, world.members[1].name
    notes = {(1, "党员", 3): a, (2, "党员", 1): a, (1, "党员", 4): b}

    def item(aspect, category, i, numbered):
        text = opinion_text(aspect, category, i)
        if (aspect, category, i) in notes:
            text = text.replace("。", f"（涉及{notes[aspect, category, i]}同志）。")
        return f"{i}.{text}" if numbered else text

    def group(aspect, category, count):
        return [item(aspect, category, i, count > 1) for i in range(1, count + 1)]

    return [
        "云岭县委常委班子2021年专题民主生活会征求意见建议汇总",
        "为开好云岭县委常委班子2021年专题民主生活会，云岭县委办公室通过召开座谈会、个别访谈、设置征求意见箱等方式，"
        "围绕5个方面，广泛征求党员、干部、群众3类对象的意见建议，共征求到意见建议32条，具体如下：",
        f"一、{full(aspects[0])}方面。",
        "（一）党员意见建议：",
        *group(1, "党员", 5),
        "（二）干部意见建议：",
        *group(1, "干部", 4),
        "（三）群众意见建议：",
        *group(1, "群众", 2),
        f"二、{full(aspects[1])}方面。",
        "（一）党员意见建议：",
        *group(2, "党员", 4),
        "（二）群众意见建议：",
        *group(2, "群众", 5),
        f"三、{full(aspects[2])}方面。",
        "（一）党员意见建议：",
        *group(3, "党员", 1),
        "（二）干部意见建议：",
        *group(3, "干部", 3),
        "（三）群众意见建议：",
        *group(3, "群众", 2),
        f"四、{full(aspects[3])}方面。",
        "暂无意见建议。",
        f"五、{full(aspects[4])}方面。",
        "（一）干部意见建议：",
        *group(5, "干部", 5),
        "（二）群众意见建议：",
        *group(5, "群众", 1),
        "云岭县委办公室",
        format_date(timezone.localdate()),
    ]


def test_summary_reads_paragraph_by_paragraph_as_the_office_would_write_it(special, world, tmp_path):
    assert sum(sum(counts.values()) for counts in PLAN.values()) == TOTAL
    assert special.aspects.count() == 5
    paragraphs = docx_paragraphs(special, "opinions-summary", tmp_path)
    assert paragraphs == expected_summary(special, world)


def test_summary_lone_opinion_is_unnumbered_and_numbering_restarts_per_category(special, tmp_path):
    paragraphs = docx_paragraphs(special, "opinions-summary", tmp_path)
    lone = paragraphs.index(opinion_text(3, "党员", 1))
    assert paragraphs[lone - 1] == "（一）党员意见建议："
    assert paragraphs[lone + 1] == "（二）干部意见建议："
    assert paragraphs[lone + 2].startswith("1.第3方面干部意见1")
    assert sum(1 for p in paragraphs if p.startswith("1.")) == 8  # one per category with two or more
    assert paragraphs.count(opinion_text(5, "群众", 1)) == 1  # the other lone one, also unnumbered


def test_summary_counts_only_accepted_opinions_and_merged_ones_once(special, tmp_path):
    text = "\n".join(docx_paragraphs(special, "opinions-summary", tmp_path))
    for left_out in ["被驳回的意见", "尚未分拣的意见", "重复的意见", "征求意见表"]:
        assert left_out not in text
    assert "共征求到意见建议32条" in text
    assert Opinion.objects.filter(meeting=special).count() == TOTAL + 3


def test_summary_pdf_carries_the_same_text_as_the_docx(special, tmp_path):
    docx_text = compact("".join(docx_paragraphs(special, "opinions-summary", tmp_path)))
    assert compact_pdf_text(special, "opinions-summary", tmp_path) == docx_text


def test_summary_of_a_meeting_without_accepted_opinions_says_so_for_every_aspect(world, tmp_path):
    paragraphs = docx_paragraphs(world.meeting, "opinions-summary", tmp_path)
    aspects = world.meeting.aspects.count()
    assert "目前尚未征求到意见建议" in paragraphs[1]
    assert f"围绕{aspects}个方面" in paragraphs[1]
    assert paragraphs.count("暂无意见建议。") == aspects


def test_member_feedback_has_their_opinions_and_the_team_ones_never_another_members(special, world, tmp_path):
    a, b = world.members[0], world.members[1]
    paragraphs = docx_paragraphs(special, "member-feedback", tmp_path, member=a)
    text = "\n".join(paragraphs)
    assert paragraphs[0] == f"征求意见建议反馈表（{a.name}同志）"
    assert f"涉及{a.name}同志本人的2条，对领导班子的{TOTAL - 3}条" in paragraphs[1]
    personal = paragraphs[
        paragraphs.index("一、涉及本人的意见建议") + 1 : paragraphs.index("二、对领导班子的意见建议")
    ]
    aspects = list(special.aspects.all())
    assert personal == [
        f"（一）{aspects[0].name}方面",
        opinion_text(1, "党员", 3),
        f"（二）{aspects[1].name}方面",
        opinion_text(2, "党员", 1),
    ]
    assert opinion_text(1, "党员", 4) not in text  # B's
    assert opinion_text(1, "党员", 5) in text  # the team's
    assert "被驳回的意见" not in text and "尚未分拣的意见" not in text

    b_text = "\n".join(docx_paragraphs(special, "member-feedback", tmp_path, member=b))
    assert opinion_text(1, "党员", 4) in b_text
    assert opinion_text(1, "党员", 3) not in b_text and opinion_text(2, "党员", 1) not in b_text


def test_member_feedback_of_a_member_without_opinions_says_so(special, world, tmp_path):
    paragraphs = docx_paragraphs(special, "member-feedback", tmp_path, member=world.members[2])
    start = paragraphs.index("一、涉及本人的意见建议")
    assert paragraphs[start + 1] == "暂无意见建议。"
    assert paragraphs[start + 2] == "二、对领导班子的意见建议"


def test_member_feedback_pdf_carries_the_same_text(special, world, tmp_path):
    a = world.members[0]
    docx_text = compact("".join(docx_paragraphs(special, "member-feedback", tmp_path, member=a)))
    assert compact_pdf_text(special, "member-feedback", tmp_path, member=a) == docx_text


@pytest.mark.parametrize("fmt", ["docx", "pdf"])
def test_summary_download_by_role(special, world, client, fmt):
    url = reverse("document_download", args=[special.pk, "opinions-summary", fmt])
    for role, status in [
        ("office", 200),
        ("secretary", 200),
        ("supervisor", 200),
        ("member", 403),
        ("outsider", 404),
        ("other_office", 404),
    ]:
        client.force_login(getattr(world, role))
        response = client.get(url)
        assert response.status_code == status, role
        if status == 200:
            assert quote("征求意见建议汇总") in response["Content-Disposition"]


def test_member_feedback_download_only_for_the_member_themselves_and_those_who_see_all(
    special, world, client
):
    a, b = world.members[0], world.members[1]
    url = reverse("document_download", args=[special.pk, "member-feedback", "docx"])
    for user, member, status in [
        (a, a, 200),
        (a, b, 403),
        (b, a, 403),
        (world.office, a, 200),
        (world.secretary, b, 200),
        (world.supervisor, a, 200),
        (world.outsider, a, 404),
    ]:
        client.force_login(user)
        response = client.get(f"{url}?member={member.pk}")
        assert response.status_code == status, (user.name, member.name)
        if status == 200:
            document = read_docx(io.BytesIO(response.content))
            assert document.paragraphs[0].text == f"征求意见建议反馈表（{member.name}同志）"


def test_export_document_command_writes_the_summary_and_a_members_sheet(special, world, tmp_path):
    summary = tmp_path / "summary.docx"
    call_command("export_document", special.pk, "opinions-summary", "-o", str(summary), stdout=io.StringIO())
    assert read_docx(summary).paragraphs[0].text.endswith("征求意见建议汇总")
    sheet = tmp_path / "sheet.pdf"
    a = world.members[0]
    out = io.StringIO()
    call_command(
        "export_document",
        special.pk,
        "member-feedback",
        "--member",
        a.pk,
        "--format",
        "pdf",
        "-o",
        str(sheet),
        stdout=out,
    )
    assert sheet.read_bytes()[:4] == b"%PDF" and "已导出" in out.getvalue()


def test_export_document_command_refuses_member_feedback_without_a_member(special):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="须指定班子成员"):
        call_command("export_document", special.pk, "member-feedback", stdout=io.StringIO())


def add_opinions(meeting, count, world):
    services.create_default_choices(meeting)  # idempotent; create_meeting has made them already
    aspects = list(meeting.aspects.all())
    categories = list(meeting.source_categories.all())
    channels = list(meeting.channels.all())
    Opinion.objects.bulk_create(
        Opinion(
            meeting=meeting,
            text=f"批量意见{i}",
            aspect=aspects[i % len(aspects)],
            category=categories[i % len(categories)],
            channel=channels[i % len(channels)],
            addressee=world.members[i % 2] if i % 5 == 0 else None,
            status=OpinionStatus.ACCEPTED,
        )
        for i in range(count)
    )


def test_summary_and_feedback_query_counts_do_not_grow_with_the_opinions(
    world, django_assert_num_queries, django_assert_max_num_queries
):
    meeting = Meeting.objects.select_related("organisation").get(pk=world.meeting.pk)
    add_opinions(meeting, 10, world)
    with django_assert_max_num_queries(5) as few:
        opinion_summary(meeting)
    with django_assert_max_num_queries(5) as few_sheet:
        member_feedback(meeting, world.members[0])
    add_opinions(meeting, 490, world)
    meeting = Meeting.objects.select_related("organisation").get(pk=world.meeting.pk)
    with django_assert_num_queries(len(few.captured_queries)):
        document = opinion_summary(meeting)
    assert "共征求到意见建议500条" in document.blocks[0].text
    with django_assert_num_queries(len(few_sheet.captured_queries)):
        member_feedback(meeting, world.members[0])
