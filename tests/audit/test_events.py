"""Each security-relevant action, done the way its user does it (the test client, as the role), leaves one
event in the trail: who, from which address, which object of which meeting, and how it ended (等保2.0
安全审计). The trail names objects without their content: no opinion's or item's words in it."""

import datetime
import io
import re
import zoneinfo

import openpyxl
import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from audit.models import Action, AuditEvent, Outcome
from feedback import services as feedback
from feedback.models import OpinionStatus
from inspection import services as drafts
from meetings import services as meetings
from meetings.workflow import Stage
from rectification import excel
from rectification import services as rectification
from rectification.models import Evidence, ItemStatus
from reporting import services as reporting
from reporting.models import DocumentKind, FrozenFile
from tests.feedback.factories import opinions
from tests.feedback.spreadsheets import make_csv
from tests.rectification.factories import at_stage, items, member_list, pdf_file, team_list
from tests.reporting.factories import held_meeting

from .trail import assert_event, events, the_event

SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")
SECRET = "县委书记违规收受礼品"  # words of an opinion or an item: never in the trail


def no_content_in_the_trail():
    for event in AuditEvent.objects.all():
        assert SECRET not in event.object_label and SECRET not in event.detail, event.detail


# --- exports and downloads --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kind", "name"), [("plan", "会议方案"), ("talks", "谈心谈话情况"), ("minutes", "民主生活会会议记录")]
)
def test_a_document_export_names_the_document_the_format_and_the_meeting(world, login, kind, name):
    meeting = at_stage(world.meeting, Stage.RECTIFICATION)
    response = login(world.office).get(reverse("document_download", args=[meeting.pk, kind, "docx"]))
    assert response.status_code == 200
    event = the_event(Action.EXPORT)
    assert_event(event, user=world.office, meeting=meeting, obj=meeting)
    assert event.detail == f"导出 {name} docx"


def test_a_members_outline_export_names_whose_outline(world, login):
    url = reverse("document_download", args=[world.meeting.pk, "personal-outline", "docx"])
    assert login(world.member).get(f"{url}?member={world.member.pk}").status_code == 200
    assert the_event(Action.EXPORT).detail == "导出 个人发言提纲（成员1） docx"


def test_a_refused_export_is_recorded_as_refused(world, login):
    url = reverse("document_download", args=[world.meeting.pk, "opinions-summary", "docx"])
    assert login(world.member).get(url).status_code == 403
    event = the_event(Action.EXPORT)
    assert_event(event, user=world.member, meeting=world.meeting, outcome=Outcome.REFUSED)
    assert "征求意见建议汇总" in event.detail


def test_the_ledger_workbook_and_the_opinion_template_are_recorded(world, login):
    client = login(world.office)
    assert client.get(reverse("opinion_import_template", args=[world.meeting.pk, "xlsx"])).status_code == 200
    at_stage(world.meeting, Stage.RECTIFICATION)
    assert client.get(reverse("rectification_xlsx", args=[world.meeting.pk])).status_code == 200
    template, ledger = events(Action.EXPORT)
    assert template.detail == "导出 意见建议导入模板 xlsx" and ledger.detail == "导出 整改台账 xlsx"
    for event in (template, ledger):
        assert_event(event, user=world.office, meeting=world.meeting)


def test_the_meeting_calendar_download_is_recorded(world, login):
    assert login(world.member).get(reverse("meeting_calendar", args=[world.meeting.pk])).status_code == 200
    assert_event(the_event(Action.DOWNLOAD), user=world.member, meeting=world.meeting)


def test_an_evidence_download_names_the_file_by_number_not_by_its_name(world, login):
    meeting = at_stage(world.meeting)
    [item] = items(member_list(meeting, world.member), 1, text=SECRET)
    rectification.add_progress(item, world.member, "已整改。", files=[pdf_file(f"{SECRET}.pdf")])
    evidence = Evidence.objects.get(item=item)
    response = login(world.secretary).get(reverse("rectification_evidence", args=[meeting.pk, evidence.pk]))
    assert response.status_code == 200
    event = the_event(Action.EVIDENCE_DOWNLOAD)
    assert_event(event, user=world.secretary, meeting=meeting, obj=evidence)
    assert event.object_label == f"佐证材料（编号{evidence.pk}）"
    no_content_in_the_trail()


# --- the meeting's stages and the plan ----------------------------------------------------------------


def test_the_supervisors_return_and_approval_of_the_plan_are_recorded(world, login):
    plan = world.meeting.plan
    meetings.submit_plan(plan, world.office)
    client = login(world.supervisor)
    url = reverse("plan_review", args=[world.meeting.pk])
    client.post(url, {"decision": "return", "comment": "请补充会议议程。"})
    meetings.submit_plan(plan, world.office)
    client.post(url, {"decision": "approve", "comment": ""})

    returned, approved = the_event(Action.RETURN), the_event(Action.APPROVE)
    assert_event(returned, user=world.supervisor, meeting=world.meeting, obj=plan)
    assert_event(approved, user=world.supervisor, meeting=world.meeting, obj=plan)
    assert (returned.detail, approved.detail) == ("退回会议方案修改", "审定会议方案")
    assert returned.pk < approved.pk


def test_a_stage_move_and_a_step_back_are_recorded_after_the_change(world, login):
    meetings.submit_plan(world.meeting.plan, world.office)
    meetings.approve_plan(world.meeting.plan, world.supervisor)
    client = login(world.office)
    client.post(reverse("meeting_advance", args=[world.meeting.pk]), {"expected_stage": "planning"})
    client.post(
        reverse("meeting_step_back", args=[world.meeting.pk]),
        {"expected_stage": "study", "reason": "补充材料"},
    )
    moved, back = events(Action.TRANSITION)
    assert_event(moved, user=world.office, meeting=world.meeting, obj=world.meeting)
    assert_event(back, user=world.office, meeting=world.meeting, obj=world.meeting)
    assert moved.detail == "阶段变更：制定方案 → 会前学习"
    assert back.detail == "退回上一阶段：会前学习 → 制定方案"


def test_a_refused_move_leaves_no_transition(world, login):
    login(world.office).post(
        reverse("meeting_advance", args=[world.meeting.pk]), {"expected_stage": "planning"}
    )
    assert not events(Action.TRANSITION)  # the plan is not approved: nothing moved


# --- drafts -----------------------------------------------------------------------------------------


def written(meeting, author=None):
    content = drafts.new_content(meeting, author)
    content["problems"]["groups"][0]["items"] = [
        {"lead": "学习“往深里走”不够。", "text": "自学时间安排不够固定。", "example": "全年专题研讨仅3次。"}
    ]
    return content


def submitted(meeting, author, by):
    draft = drafts.draft_for(meeting, author)
    drafts.save_draft(draft, written(meeting, author), base_version=draft.version, by=by)
    drafts.submit_draft(draft, by)
    return draft


def draft_url(name, draft):
    return reverse(name, args=[draft.meeting_id, draft.pk])


def test_the_secretarys_return_and_approval_of_an_outline_are_recorded(world, login):
    outline = submitted(world.meeting, world.member, world.member)
    client = login(world.secretary)
    client.post(draft_url("draft_review", outline), {"decision": "return", "note": "请补充事例。"})
    drafts.submit_draft(outline, world.member)
    client.post(draft_url("draft_review", outline), {"decision": "approve"})

    returned, approved = the_event(Action.RETURN), the_event(Action.APPROVE)
    for event in (returned, approved):
        assert_event(event, user=world.secretary, meeting=world.meeting, obj=outline)
        assert event.object_label == "成员1的个人发言提纲"
    assert (returned.detail, approved.detail) == ("第1版退回修改", "审阅通过第1版")


def test_the_supervisors_endorsement_of_the_team_material_is_recorded(world, login):
    team = submitted(world.meeting, None, world.office)
    drafts.approve_draft(team, world.secretary)
    login(world.supervisor).post(draft_url("draft_endorse", team), {"note": ""})
    secretary, supervisor = events(Action.APPROVE)
    assert secretary.user == world.secretary and secretary.address is None  # a service called directly
    assert_event(supervisor, user=world.supervisor, meeting=world.meeting, obj=team)
    assert supervisor.detail == "督导组审定第1版" and supervisor.object_label == "领导班子对照检查材料"


# --- opinions ---------------------------------------------------------------------------------------


def bulk(client, world, action, chosen, **data):
    selected = ",".join(str(opinion.pk) for opinion in chosen)
    return client.post(
        reverse("opinion_bulk", args=[world.meeting.pk]), {"action": action, "selected": selected, **data}
    )


def test_bulk_triage_and_routing_are_recorded_with_the_numbers_of_the_opinions(world, login):
    first, second, third = opinions(world.meeting, 3, status=OpinionStatus.NEW, text=SECRET)
    client = login(world.office)
    bulk(client, world, "accept", [first, second])
    bulk(client, world, "reject", [third], reason="不属于征求意见范围")
    bulk(client, world, "reclassify", [first], addressee=str(world.member.pk))
    bulk(client, world, "merge", [first, second], merge_into=first.pk)

    accepted, rejected, routed, merged = events(Action.TRIAGE)
    for event in (accepted, rejected, routed, merged):
        assert_event(event, user=world.office, meeting=world.meeting)
    assert accepted.detail == f"采纳：意见建议2条（编号{first.pk}、{second.pk}）"
    assert rejected.detail == f"不予采纳：意见建议1条（编号{third.pk}）"
    assert routed.detail == f"重新分类（对象）：意见建议1条（编号{first.pk}）"
    assert merged.detail == f"合并到编号{first.pk}：意见建议1条（编号{second.pk}）"
    no_content_in_the_trail()


def test_triage_of_one_opinion_names_what_changed(world, login):
    [opinion] = opinions(world.meeting, 1, status=OpinionStatus.NEW, text=SECRET)
    data = {
        "text": opinion.text,
        "aspect": opinion.aspect_id,
        "category": opinion.category_id,
        "channel": opinion.channel_id,
        "addressee": world.members[1].pk,
        "status": OpinionStatus.ACCEPTED,
        "reject_reason": "",
    }
    response = login(world.office).post(reverse("opinion_edit", args=[world.meeting.pk, opinion.pk]), data)
    assert response.status_code == 302
    event = the_event(Action.TRIAGE)
    assert_event(event, user=world.office, meeting=world.meeting, obj=opinion)
    assert event.detail == "逐条分拣（对象、状态）"
    no_content_in_the_trail()


def test_a_box_submission_leaves_nothing_in_the_trail(world, client):
    """The box stores nothing that identifies its sender: no address, and no event whose time could be
    matched with a proxy's log."""
    feedback.create_default_choices(world.meeting)
    url = reverse("opinion_box", args=[world.meeting.opinion_box.token])
    with time_machine.travel(datetime.datetime(2027, 1, 5, 10, 0, tzinfo=SHANGHAI), tick=False):
        body = client.get(url, REMOTE_ADDR="198.51.100.7").content.decode()
        token = re.search(r'name="challenge" value="([^"]+)"', body).group(1)
        a, operation, b = re.search(
            r'data-testid="challenge-question">(\d+) (加|减) (\d+) 等于几？', body
        ).groups()
        answer = int(a) + int(b) if operation == "加" else int(a) - int(b)
        data = {
            "category": world.meeting.source_categories.get(name="群众").pk,
            "text": "县委班子深入基层调研不够，建议多到困难村看看。",
            "challenge": token,
            "answer": str(answer),
        }
        response = client.post(url, data, REMOTE_ADDR="198.51.100.7")
    assert response.status_code == 302
    assert world.meeting.opinions.count() == 1
    assert not AuditEvent.objects.exists()


# --- 销号 -------------------------------------------------------------------------------------------


def test_closing_an_item_is_recorded_with_its_number(world, login):
    meeting = at_stage(world.meeting)
    [item] = items(member_list(meeting, world.members[1]), 1, text=SECRET)
    rectification.add_progress(item, world.members[1], "已整改。", files=[pdf_file()], status=ItemStatus.DONE)
    response = login(world.secretary).post(
        reverse("rectification_close", args=[meeting.pk, item.pk]), {"note": "经核实已整改到位。"}
    )
    assert response.status_code == 302
    event = the_event(Action.CLOSE_ITEM)
    assert_event(event, user=world.secretary, meeting=meeting, obj=item)
    assert event.detail == f"第{item.number}项销号"
    no_content_in_the_trail()


# --- imports ----------------------------------------------------------------------------------------


def upload(name, content):
    return SimpleUploadedFile(name, content, content_type="application/octet-stream")


def test_an_opinion_import_is_recorded_with_its_count_and_a_refused_one_as_failed(world, login):
    feedback.create_default_choices(world.meeting)
    header = ["内容", "方面", "类别", "渠道", "对象"]
    good = [[f"第{i}条：深入基层调研不够，到偏远乡镇次数少。", 1, "党员", "座谈会", ""] for i in range(3)]
    client = login(world.office)
    url = reverse("opinion_import", args=[world.meeting.pk])
    assert client.post(url, {"file": upload("意见.csv", make_csv(good, header=header))}).status_code == 302
    bad = [["第1条：深入基层调研不够。", 99, "党员", "座谈会", ""]]
    assert client.post(url, {"file": upload("意见.csv", make_csv(bad, header=header))}).status_code == 200

    done, refused = events(Action.IMPORT)
    assert_event(done, user=world.office, meeting=world.meeting)
    assert done.detail == "导入意见建议3条"
    assert_event(refused, user=world.office, meeting=world.meeting, outcome=Outcome.FAILED)
    assert "未写入任何数据" in refused.detail


OUTLINE = """一、存在的主要问题
（一）在加强政治理论学习方面。
1.学习“往深里走”不够。自学时间安排不够固定。比如，全年专题研讨仅3次。
二、存在问题的原因剖析
一是理论学习不够深入。没有把理论学习作为第一位的任务。
三、下步改进措施
（一）加强理论学习。每月制定学习计划。
"""


def test_a_pasted_outline_import_is_recorded_on_the_draft(world, login):
    draft = drafts.draft_for(world.meeting, world.member)
    response = login(world.member).post(
        draft_url("draft_import", draft), {"text": OUTLINE, "action": "confirm", "base_version": "0"}
    )
    assert response.status_code == 302
    event = the_event(Action.IMPORT)
    assert_event(event, user=world.member, meeting=world.meeting, obj=draft)
    assert event.detail == "粘贴导入，保存为第1版"


def test_a_pasted_outline_over_a_newer_save_is_recorded_as_failed(world, login):
    draft = drafts.draft_for(world.meeting, world.member)
    drafts.save_draft(draft, written(world.meeting, world.member), base_version=0, by=world.member)
    login(world.member).post(
        draft_url("draft_import", draft), {"text": OUTLINE, "action": "confirm", "base_version": "0"}
    )
    assert_event(the_event(Action.IMPORT), user=world.member, meeting=world.meeting, outcome=Outcome.FAILED)


def with_status(content, item, label):
    workbook = openpyxl.load_workbook(io.BytesIO(content))
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows(min_row=excel.HEADER_ROW + 1):
            if row[excel.COLUMNS.index("编号")].value == item.pk:
                row[excel.COLUMNS.index("状态")].value = label
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def test_a_ledger_import_is_recorded_with_its_counts_and_a_refused_one_as_failed(world, login):
    meeting = at_stage(world.meeting)
    [item] = items(team_list(meeting), 1)
    exported = excel.export_workbook(meeting, world.office)
    client = login(world.office)
    url = reverse("rectification_import", args=[meeting.pk])
    assert (
        client.post(url, {"file": upload("台账.xlsx", with_status(exported, item, "差不多了"))}).status_code
        == 200
    )
    assert (
        client.post(url, {"file": upload("台账.xlsx", with_status(exported, item, "整改中"))}).status_code
        == 302
    )

    refused, done = events(Action.IMPORT)
    assert_event(refused, user=world.office, meeting=meeting, outcome=Outcome.FAILED)
    assert_event(done, user=world.office, meeting=meeting)
    assert done.detail == "导入整改台账：状态变更1项，新增进展0条，未变化0项"


# --- reporting and the archive ------------------------------------------------------------------------


@pytest.fixture
def february():
    with time_machine.travel(datetime.datetime(2027, 2, 1, 10, 0, tzinfo=SHANGHAI), tick=False):
        yield


def test_approving_sending_and_downloading_the_report_are_recorded(world, login, february):
    meeting = held_meeting(world)
    login(world.secretary).post(reverse("reporting_approve", args=[meeting.pk, "situation-report"]))
    data = {
        "sent_on": "2027-02-01",
        "recipients": "市纪委、市委组织部",
        "channel": "confidential",
        "confirmed": "on",
    }
    office = login(world.office)
    assert (
        office.post(reverse("reporting_send", args=[meeting.pk, "situation-report"]), data).status_code == 302
    )

    approved = the_event(Action.APPROVE)
    assert_event(approved, user=world.secretary, meeting=meeting)
    assert approved.detail == "审定民主生活会召开情况报告"
    sent = the_event(Action.SEND)
    assert_event(sent, user=world.office, meeting=meeting)
    assert sent.detail == "登记民主生活会召开情况报告第1次报送"
    frozen = events(Action.FREEZE)
    assert sorted(event.detail for event in frozen) == [
        "固化民主生活会召开情况报告第1次报送的docx文件",
        "固化民主生活会召开情况报告第1次报送的pdf文件",
    ]
    for event in frozen:
        assert_event(event, user=world.office, meeting=meeting)
        assert FrozenFile.objects.get(pk=event.object_id).name == event.object_label

    pdf = FrozenFile.objects.get(document=DocumentKind.REPORT, format="pdf")
    assert (
        login(world.supervisor).get(reverse("frozen_download", args=[meeting.pk, pdf.pk])).status_code == 200
    )
    downloaded = the_event(Action.DOWNLOAD)
    assert_event(downloaded, user=world.supervisor, meeting=meeting, obj=pdf)
    assert downloaded.detail == "下载 民主生活会召开情况报告 pdf"

    assert login(world.office).get(reverse("archive_zip", args=[meeting.pk])).status_code == 200
    archive = events(Action.DOWNLOAD)[-1]
    assert_event(archive, user=world.office, meeting=meeting, obj=meeting)
    assert archive.detail == "下载 档案压缩包（2个文件）"


def test_the_bundle_built_by_the_task_is_recorded_as_frozen_for_who_asked_without_an_address(world, february):
    meeting = held_meeting(world)
    job, _ = reporting.request_bundle(meeting, world.office)
    reporting.build_bundle(job.pk)
    frozen = events(Action.FREEZE)
    assert len(frozen) == 2
    for event in frozen:
        assert_event(event, user=world.office, meeting=meeting, address=None)
