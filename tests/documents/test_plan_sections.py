"""The plan has the sections real plans have (seed 003), in their order, with defaults by meeting
kind and the office's edits printed as typed; read back from the docx and the PDF."""

import importlib
import re
import subprocess

import pytest
from django.apps import apps
from django.urls import reverse
from docx import Document as read_docx

from documents.export import export
from meetings.models import MeetingKind, PlanItem, PlanSection
from meetings.plan_defaults import CRITICISM, DISCIPLINE, PERSONAL_MATTERS
from tests.factories import make_meeting
from tests.meetings.test_views import plan_form_data

ANNUAL_HEADINGS = [
    "一、指导思想",
    "二、会议主题",
    "三、对照检查内容",
    "四、会前准备",
    "五、会议安排",
    "（一）会议时间和地点。",
    "（二）参会人员",
    "（三）会议议程",
    "（四）严肃开展批评和自我批评。",
    "（五）个人有关事项报告。",
    "六、会后工作",
    "七、工作分工",
    "八、会议纪律",
    "九、工作要求",
]


def docx_text(meeting, tmp_path):
    path = tmp_path / "plan.docx"
    path.write_bytes(export("plan", meeting, "docx").content)
    return "\n".join(paragraph.text for paragraph in read_docx(path).paragraphs)


def pdf_text(meeting, tmp_path):
    """The PDF's text without line breaks or spaces (a line may break anywhere in a paragraph)."""
    path = tmp_path / "plan.pdf"
    path.write_bytes(export("plan", meeting, "pdf").content)
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout
    return compact(text)


def compact(text):
    return "".join(text.split())


def in_order(text, parts):
    """Each part is found, after the one before it."""
    position = -1
    for part in parts:
        found = text.find(part, position + 1)
        assert found > position, f"{part!r} missing or out of order"
        position = found


def between(text, start, end):
    return text[text.index(start) : text.index(end)]


def test_the_docx_plan_has_the_sections_of_the_real_plans_in_their_order(world, tmp_path):
    text = docx_text(world.meeting, tmp_path)
    in_order(text, ANNUAL_HEADINGS)
    assert len(re.findall(r"^[一二三四五六七八九十]+、", text, re.M)) == 9
    check = between(text, "三、对照检查内容", "四、会前准备")
    aspects = list(world.meeting.aspects.all())
    in_order(check, ["重点从以下6个方面进行对照检查。", *(f"{n}.{a.text}" for n, a in enumerate(aspects, 1))])
    assert check.rstrip().endswith("作出说明。")  # the closing paragraph follows the aspects
    division = between(text, "七、工作分工", "八、会议纪律")
    in_order(division, ["（一）办公室。", "（二）县委书记林书记。", "（三）班子成员。"])
    discipline = between(text, "八、会议纪律", "九、工作要求")
    assert "原则上不得请假" in discipline and "手机" in discipline and "提前10分钟" in discipline


def test_the_pdf_plan_has_the_same_sections_in_the_same_order(world, tmp_path):
    text = pdf_text(world.meeting, tmp_path)
    in_order(text, [compact(heading) for heading in ANNUAL_HEADINGS])
    preparation = between(text, "四、会前准备", "五、会议安排")
    assert CRITICISM[0] not in preparation
    assert compact(PERSONAL_MATTERS[MeetingKind.ANNUAL][1]) in text


def test_criticism_is_the_meeting_itself_not_a_step_before_it(world, tmp_path):
    plan = world.meeting.plan
    assert not plan.items.filter(section=PlanSection.PREPARATION, title__contains="批评").exists()
    assert plan.items.filter(section=PlanSection.MEETING, title=CRITICISM[0]).exists()
    text = docx_text(world.meeting, tmp_path)
    preparation = between(text, "四、会前准备", "五、会议安排")
    assert "严肃开展批评和自我批评" not in preparation
    in_order(text, ["（三）会议议程", "（四）严肃开展批评和自我批评。会上要发扬自我革命精神"])


def test_a_special_meeting_gets_the_special_defaults(world, tmp_path):
    meeting = make_meeting(
        world.county,
        world.office,
        kind=MeetingKind.SPECIAL,
        template_kind=MeetingKind.SPECIAL,
        name="2026年度党史学习教育专题民主生活会",
    )
    text = docx_text(meeting, tmp_path)
    in_order(
        text,
        [
            "一、目标要求",
            "认真开好专题民主生活会",
            "二、会议主题",
            "本次专题民主生活会的主题是：",
            "三、对照检查内容",
        ],
    )
    assert "一、指导思想" not in text
    check = between(text, "三、对照检查内容", "四、会前准备")
    assert "聚焦专题民主生活会主题" in check and "重点从以下5个方面进行对照检查。" in check
    assert "5.带头深刻汲取党史中正反两方面经验" in check
    assert PERSONAL_MATTERS[MeetingKind.SPECIAL][1] in text
    assert PERSONAL_MATTERS[MeetingKind.ANNUAL][1] not in text
    assert "围绕专题深入学习" in between(text, "四、会前准备", "五、会议安排")


def test_the_aspect_count_in_the_check_section_follows_the_aspects(world, tmp_path):
    world.meeting.aspects.order_by("-order").first().delete()
    check = between(docx_text(world.meeting, tmp_path), "三、对照检查内容", "四、会前准备")
    assert "重点从以下5个方面进行对照检查。" in check and "逐项对照5个方面" in check
    assert "6个" not in check and "6." not in check


def test_a_section_edited_on_the_plan_page_is_printed_as_edited(world, client, tmp_path):
    client.force_login(world.office)
    meeting = world.meeting
    data = plan_form_data(client, meeting)
    assert data["discipline-0-title"] == DISCIPLINE[0][0]
    data["discipline-0-text"] = "会议期间一律不得请假，确需请假的须经市委组织部同意。"
    data["division-2-DELETE"] = "on"  # the 班子成员 row
    extra = data["discipline-INITIAL_FORMS"]  # the blank row the page offers
    data[f"discipline-{extra}-order"] = "9"
    data[f"discipline-{extra}-title"] = "统一着装"
    data[f"discipline-{extra}-text"] = "参会人员着正装出席。"
    data["guiding-0-text"] = "坚持以习近平新时代中国特色社会主义思想为指导，认真开好本次民主生活会。"
    response = client.post(reverse("meeting_plan_edit", args=[meeting.pk]), data)
    assert response.status_code == 302, response.content.decode()[:3000]

    text = docx_text(meeting, tmp_path)
    discipline = between(text, "八、会议纪律", "九、工作要求")
    assert "（一）严格请假制度。会议期间一律不得请假，确需请假的须经市委组织部同意。" in discipline
    assert DISCIPLINE[0][1] not in discipline
    assert discipline.rstrip().endswith("（五）统一着装。参会人员着正装出席。")
    assert "（三）班子成员。" not in between(text, "七、工作分工", "八、会议纪律")
    assert "一、指导思想\n坚持以习近平新时代中国特色社会主义思想为指导，认真开好本次民主生活会。" in text

    pdf = pdf_text(meeting, tmp_path)
    assert "（一）严格请假制度。会议期间一律不得请假，确需请假的须经市委组织部同意。" in pdf
    assert "（五）统一着装。参会人员着正装出席。" in pdf


def test_a_plan_row_without_text_is_refused_and_what_was_typed_is_kept(world, client):
    client.force_login(world.office)
    meeting = world.meeting
    data = plan_form_data(client, meeting)
    extra = data["division-INITIAL_FORMS"]
    data[f"division-{extra}-order"] = "4"
    data[f"division-{extra}-title"] = "县委组织部干部科"
    data["discipline-1-text"] = ""
    data["requirement-0-text"] = "我改写的工作要求"
    response = client.post(reverse("meeting_plan_edit", args=[meeting.pk]), data)
    body = response.content.decode()
    assert response.status_code == 200
    assert body.count("请填写内容；不需要这一行时请勾选“删除”。") == 2
    assert "县委组织部干部科" in body and "我改写的工作要求" in body
    assert "责任主体" in body and "谁做什么" in body  # the section's Chinese label and help
    assert not meeting.plan.items.filter(title="县委组织部干部科").exists()
    assert meeting.plan.items.get(section=PlanSection.DISCIPLINE, order=2).text == DISCIPLINE[1][1]


def test_the_migration_moves_an_existing_criticism_step_into_the_meeting_section(world):
    plan = world.meeting.plan
    plan.items.filter(section=PlanSection.MEETING).delete()
    step = PlanItem.objects.create(
        plan=plan,
        section=PlanSection.PREPARATION,
        order=6,
        title="严肃开展批评和自我批评",
        activity="meeting",
        text="会上要发扬自我革命精神。（办公室改写过）",
    )
    migration = importlib.import_module("meetings.migrations.0008_plan_sections_of_real_plans")
    migration.move_criticism_into_the_meeting(apps, None)
    step.refresh_from_db()
    assert (step.section, step.activity, step.text) == (
        PlanSection.MEETING,
        "",
        "会上要发扬自我革命精神。（办公室改写过）",
    )
    assert not plan.items.filter(section=PlanSection.PREPARATION, title__contains="批评").exists()


@pytest.mark.parametrize("kind", [MeetingKind.ANNUAL, MeetingKind.SPECIAL])
def test_every_section_has_defaults_for_every_kind(kind):
    from meetings.plan_defaults import default_items

    rows = default_items(kind, "县委书记林书记", 5)
    sections = {section for section, *_ in rows}
    assert sections == set(PlanSection)
    assert all(text.strip() for *_, text in rows)
    assert not any("{" in text or "}" in text for *_, text in rows)


def test_the_migration_gives_an_older_plan_the_new_sections_and_keeps_what_the_office_typed(world, tmp_path):
    plan = world.meeting.plan
    old_sections = [PlanSection.CHECK, PlanSection.DIVISION, PlanSection.DISCIPLINE, PlanSection.MEETING]
    plan.items.filter(section__in=old_sections).delete()
    plan.items.filter(section=PlanSection.GUIDING).exclude(order=1).delete()
    plan.items.filter(section=PlanSection.GUIDING).update(text="办公室写的指导思想。")
    plan.items.filter(activity="drafts").update(
        text="班子和班子成员要聚焦会议主题，把自己摆进去、把职责摆进去、把工作摆进去，重点从以下6个方面认真对照检查，"
        "查摆突出问题，深刻剖析问题根源，有针对性地提出整改措施，做到见人见事见思想。主要负责同志主持起草班子"
        "对照检查材料，并对班子成员个人发言提纲审阅把关；个人发言提纲要自己动手撰写。"
    )
    migration = importlib.import_module("meetings.migrations.0008_plan_sections_of_real_plans")
    migration.fill_the_new_sections(apps, None)
    migration.fill_the_new_sections(apps, None)  # twice: nothing doubled

    assert [item.text for item in plan.items.filter(section=PlanSection.GUIDING)] == ["办公室写的指导思想。"]
    assert plan.items.filter(section=PlanSection.DISCIPLINE).count() == len(DISCIPLINE)
    assert plan.items.filter(section=PlanSection.DIVISION, title="县委书记林书记").exists()
    text = docx_text(world.meeting, tmp_path)
    in_order(text, ANNUAL_HEADINGS)
    assert "认真对照检查" not in between(text, "四、会前准备", "五、会议安排")


def test_the_plan_page_refuses_a_preparation_step_that_is_the_criticism_itself(world, client):
    client.force_login(world.office)
    data = plan_form_data(client, world.meeting)
    extra = data["preparation-INITIAL_FORMS"]
    data[f"preparation-{extra}-order"] = "6"
    data[f"preparation-{extra}-title"] = "严肃开展批评和自我批评"
    data[f"preparation-{extra}-text"] = "会上开展批评和自我批评。"
    response = client.post(reverse("meeting_plan_edit", args=[world.meeting.pk]), data)
    body = response.content.decode()
    assert response.status_code == 200
    assert "批评和自我批评是会议本身，不是会前准备环节，请填在“会上要求”中。" in body
    assert "会上开展批评和自我批评。" in body  # kept as typed
    assert not world.meeting.plan.items.filter(
        section=PlanSection.PREPARATION, title__contains="批评"
    ).exists()
