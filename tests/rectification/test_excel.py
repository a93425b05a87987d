"""The Excel ledger: what the exported workbook holds and looks like, and what an import of it changes."""

import datetime
import io
import zoneinfo

import openpyxl
import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile

from rectification import excel, services
from rectification.models import Item, ItemKind, ItemStatus, Progress, StatusChange
from tests.factories import make_meeting

from .factories import at_stage, docx_file, items, member_list, pdf_file, team_list

SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")
TODAY = datetime.date(2027, 3, 10)


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture(autouse=True)
def today():
    with time_machine.travel(datetime.datetime(2027, 3, 10, 10, 0, tzinfo=SHANGHAI), tick=False):
        yield TODAY


@pytest.fixture
def meeting(world):
    return at_stage(world.meeting)


# Reading and editing workbooks as an office would in Excel -------------------------------------------


def load(content):
    return openpyxl.load_workbook(io.BytesIO(content))


def header(sheet):
    return [cell.value for cell in sheet[excel.HEADER_ROW]]


def rows_by_id(sheet):
    """{编号: {column: value}} of the data rows."""
    columns = header(sheet)
    found = {}
    for values in sheet.iter_rows(min_row=excel.HEADER_ROW + 1, values_only=True):
        row = dict(zip(columns, values, strict=False))
        if row.get("编号"):
            found[row["编号"]] = row
    return found


def all_text(content):
    return "\n".join(
        str(value)
        for sheet in load(content).worksheets
        for row in sheet.iter_rows(values_only=True)
        for value in row
        if value
    )


def edit(content, changes):
    """The workbook with cells changed: {item: {column: new value}}, wherever the item's row is."""
    workbook = load(content)
    pending = {item.pk: cells for item, cells in changes.items()}
    for sheet in workbook.worksheets:
        columns = header(sheet)
        for row in sheet.iter_rows(min_row=excel.HEADER_ROW + 1):
            item_id = row[columns.index("编号")].value
            for column, value in pending.pop(item_id, {}).items():
                row[columns.index(column)].value = value
    assert not pending, "every edited item has a row"
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def run(world, content, by=None):
    return excel.import_workbook(world.meeting, content, by or world.office)


def with_evidence(item, world):
    services.attach_evidence(item, pdf_file(), world.office)
    return item


# Export -------------------------------------------------------------------------------------------------


def test_export_has_one_sheet_per_list_with_the_list_title_and_the_offices_columns(world, meeting):
    items(team_list(meeting), 2)
    items(member_list(meeting, world.member), 1)
    workbook = load(excel.export_workbook(meeting, world.office))

    assert workbook.sheetnames == ["班子清单", "林书记", "成员1", "成员2", "成员3"]
    team = workbook["班子清单"]
    assert team["A1"].value == "云岭县委常委班子问题清单"
    assert "A1:K1" in {str(merged) for merged in team.merged_cells.ranges}
    assert header(team) == [
        "序号",
        "问题",
        "问题表现",
        "来源",
        "整改措施",
        "责任领导",
        "责任部门",
        "完成时限",
        "类型",
        "进展情况",
        "状态",
        "编号",
    ]
    assert team.column_dimensions["L"].hidden
    assert workbook["成员1"]["A1"].value == "成员1同志问题清单"
    assert [row["序号"] for row in rows_by_id(team).values()] == [1, 2]
    notes = [row[0] for row in team.iter_rows(values_only=True) if row[0] and str(row[0]).startswith("说明")]
    assert notes and "编号" in notes[0] and "请勿修改" in notes[0]


def test_each_row_shows_sources_owner_deadline_kind_progress_and_status_as_an_office_reads_them(
    world, meeting
):
    (item,) = items(member_list(meeting, world.member), 1, status=ItemStatus.IN_PROGRESS, unit="县委组织部")
    (ongoing,) = items(team_list(meeting), 1, kind=ItemKind.ONGOING, deadline=None)
    Progress.objects.create(
        item=item, date=datetime.date(2027, 3, 1), text="召开专题会议研究部署。", by=world.member
    )
    Progress.objects.create(item=item, date=datetime.date(2027, 2, 5), text="制定整改方案。", by=world.member)
    item.sources.create(kind="opinion", quote="群众反映：办事要跑多个窗口，" * 5)
    item.sources.create(kind="criticism", quote="调研不够深入。")
    workbook = load(excel.export_workbook(meeting, world.office))

    row = rows_by_id(workbook["成员1"])[item.pk]
    assert row["来源"].split("\n")[0].startswith("征求的意见建议：群众反映：办事要跑多个窗口")
    assert row["来源"].split("\n")[0].endswith("…")
    assert row["来源"].split("\n")[1] == "会上批评意见：调研不够深入。"
    assert row["责任领导"] == "成员1" and row["责任部门"] == "县委组织部"
    assert row["完成时限"].date() == meeting.date + datetime.timedelta(days=90)
    assert row["类型"] == "限期整改" and row["状态"] == "整改中"
    assert row["进展情况"] == "2027年2月5日：制定整改方案。\n2027年3月1日：召开专题会议研究部署。"
    deadline_cell = next(c for c in workbook["成员1"]["H"] if c.row > excel.HEADER_ROW)
    assert deadline_cell.number_format == 'yyyy"年"m"月"d"日"'
    team_row = rows_by_id(workbook["班子清单"])[ongoing.pk]
    assert team_row["完成时限"] is None and team_row["类型"] == "长期坚持" and team_row["状态"] == "未启动"


def test_the_problem_column_is_the_problem_and_its_manifestation_has_a_column_of_its_own(world, meeting):
    (item,) = items(team_list(meeting), 1)
    Item.objects.filter(pk=item.pk).update(
        problem="理论学习不够深入。", manifestation="比如，全年仅研讨3次。"
    )
    exported = excel.export_workbook(meeting, world.office)
    row = rows_by_id(load(exported)["班子清单"])[item.pk]
    assert (row["问题"], row["问题表现"]) == ("理论学习不够深入。", "比如，全年仅研讨3次。")
    # The import reads the file back as before: 问题表现 is read, never imported.
    changed = edit(exported, {item: {"问题表现": "改写的表现", "状态": "整改中"}})
    assert run(world, changed).ok
    item.refresh_from_db()
    assert item.status == ItemStatus.IN_PROGRESS and item.manifestation == "比如，全年仅研讨3次。"
    # A workbook exported before the column existed still imports.
    workbook = load(edit(exported, {item: {"状态": "已完成待销号"}}))
    workbook["班子清单"].delete_cols(header(workbook["班子清单"]).index("问题表现") + 1)
    out = io.BytesIO()
    workbook.save(out)
    assert run(world, out.getvalue()).ok
    assert Item.objects.get(pk=item.pk).status == ItemStatus.DONE


def test_user_text_is_never_a_formula_in_the_workbook(world, meeting):
    (item,) = items(team_list(meeting), 1)
    Item.objects.filter(pk=item.pk).update(
        problem='=HYPERLINK("http://example.invalid","点击")', manifestation="=1+1", measures="@SUM(A1)"
    )
    sheet = load(excel.export_workbook(meeting, world.office))["班子清单"]
    columns = header(sheet)
    cells = {name: sheet.cell(excel.HEADER_ROW + 1, columns.index(name) + 1) for name in ("问题", "问题表现")}
    assert {name: (cell.data_type, cell.value) for name, cell in cells.items()} == {
        "问题": ("s", '=HYPERLINK("http://example.invalid","点击")'),
        "问题表现": ("s", "=1+1"),
    }


def test_a_carried_item_says_it_comes_from_the_last_meeting(world, meeting):
    earlier = make_meeting(world.county, world.office, date=datetime.date(2026, 1, 20))
    (old,) = items(team_list(at_stage(earlier)), 1, status=ItemStatus.IN_PROGRESS)
    carried = services.carry_item(old, team_list(meeting), world.office)
    row = rows_by_id(load(excel.export_workbook(meeting, world.office))["班子清单"])[carried.pk]
    assert row["来源"] == "结转自上次会议"


def test_the_sheet_is_formatted_for_filling_in_and_printing(world, meeting):
    items(team_list(meeting), 3)
    sheet = load(excel.export_workbook(meeting, world.office))["班子清单"]

    assert sheet.freeze_panes == "A3"
    assert sheet.page_setup.orientation == "landscape" and sheet.page_setup.paperSize == 9  # A4
    assert sheet.page_setup.fitToWidth == 1 and sheet.page_setup.fitToHeight == 0
    assert sheet.sheet_properties.pageSetUpPr.fitToPage
    assert sheet.print_title_rows == "$1:$2"
    assert all(cell.font.b and cell.fill.fgColor.rgb.endswith("F2DCDB") for cell in sheet[2])
    assert sheet["B3"].alignment.wrap_text and sheet["B3"].border.left.style == "thin"
    assert sheet.column_dimensions["B"].width >= 30
    validations = {str(v.sqref): v.formula1 for v in sheet.data_validations.dataValidation}
    assert validations["K3:K5"] == '"未启动,整改中,已完成待销号,已销号,已结转"'
    assert validations["I3:I5"] == '"立行立改,限期整改,长期坚持"'
    assert all(v.showErrorMessage for v in sheet.data_validations.dataValidation)
    assert "请勿修改" in sheet["L2"].comment.text


def test_sheet_titles_follow_excels_rules_and_stay_unique():
    taken = set()
    assert excel.sheet_title("张[三]:*?/\\", taken) == "张三"
    long_name = "很长的名字" * 10
    first = excel.sheet_title(long_name, taken)
    second = excel.sheet_title(long_name, taken)
    assert len(first) == 31 and len(second) == 31 and first != second and second.endswith("（2）")
    assert excel.sheet_title("张三", taken) == "张三（2）"


def test_a_member_exports_the_team_sheet_and_their_own_only(world, meeting):
    items(team_list(meeting), 1, text="班子问题")
    items(member_list(meeting, world.member), 1, text="本人问题")
    items(member_list(meeting, world.members[1]), 1, text="他人问题")
    content = excel.export_workbook(meeting, world.member)
    assert load(content).sheetnames == ["班子清单", "成员1"]
    text = all_text(content)
    assert "班子问题1" in text and "本人问题1" in text and "他人问题" not in text


@pytest.mark.parametrize("count", [10, 1000])
def test_export_queries_do_not_grow_with_the_items(world, meeting, count, django_assert_max_num_queries):
    services.ensure_lists(meeting)
    for made in (
        items(team_list(meeting), count // 2),
        items(member_list(meeting, world.member), count // 2),
    ):
        Progress.objects.bulk_create(Progress(item=i, text="已推进。", date=TODAY) for i in made)
    with django_assert_max_num_queries(10):
        content = excel.export_workbook(meeting, world.office)
    assert len(rows_by_id(load(content)["班子清单"])) == count // 2


# Import -------------------------------------------------------------------------------------------------


def test_round_trip_applies_status_changes_and_new_progress(world, meeting):
    owner = world.member
    not_started, in_progress, done = items(member_list(meeting, owner), 3)
    Item.objects.filter(pk=in_progress.pk).update(status=ItemStatus.IN_PROGRESS)
    Item.objects.filter(pk=done.pk).update(status=ItemStatus.DONE)
    with_evidence(done, world)
    (untouched,) = items(team_list(meeting), 1)
    exported = excel.export_workbook(meeting, world.office)

    changed = edit(
        exported,
        {
            not_started: {"状态": "整改中", "进展情况": "已完成调研，形成问题清单。"},
            in_progress: {"状态": "已完成待销号"},
            done: {"状态": "已销号"},
        },
    )
    result = run(world, changed)

    assert result.ok, [str(e) for e in result.errors]
    assert (result.status_changed, result.progress_added, result.unchanged) == (3, 1, 1)
    statuses = dict(Item.objects.values_list("pk", "status"))
    assert statuses[not_started.pk] == ItemStatus.IN_PROGRESS
    assert statuses[in_progress.pk] == ItemStatus.DONE
    assert statuses[done.pk] == ItemStatus.CLOSED and statuses[untouched.pk] == ItemStatus.NOT_STARTED
    logged = StatusChange.objects.filter(note="Excel导入", by=world.office)
    assert sorted(logged.values_list("item_id", "to_status")) == sorted(
        [(not_started.pk, "in_progress"), (in_progress.pk, "done"), (done.pk, "closed")]
    )
    progress = Progress.objects.get(item=not_started)
    assert (progress.text, progress.date, progress.by) == ("已完成调研，形成问题清单。", TODAY, world.office)
    assert Item.objects.get(pk=done.pk).closed_by == world.office


def test_text_added_after_the_exported_progress_becomes_one_new_update(world, meeting):
    (item,) = items(team_list(meeting), 1, status=ItemStatus.IN_PROGRESS)
    Progress.objects.create(item=item, date=datetime.date(2027, 2, 1), text="制定方案。", by=world.office)
    exported = excel.export_workbook(meeting, world.office)
    cell = rows_by_id(load(exported)["班子清单"])[item.pk]["进展情况"]

    result = run(world, edit(exported, {item: {"进展情况": cell + "\n召开推进会，整改过半。\n"}}))

    assert result.ok and result.progress_added == 1
    assert list(item.progress.values_list("text", "date")) == [
        ("制定方案。", datetime.date(2027, 2, 1)),
        ("召开推进会，整改过半。", TODAY),
    ]


def test_a_new_line_may_carry_its_own_date_and_each_dated_line_is_an_update(world, meeting):
    (item,) = items(team_list(meeting), 1, status=ItemStatus.IN_PROGRESS)
    cell = "2027年3月2日：完成调研。\n调研报告已印发。\n2027年3月8日：召开推进会。"
    result = run(world, edit(excel.export_workbook(meeting, world.office), {item: {"进展情况": cell}}))
    assert result.ok and result.progress_added == 2
    assert list(item.progress.values_list("date", "text")) == [
        (datetime.date(2027, 3, 2), "完成调研。\n调研报告已印发。"),
        (datetime.date(2027, 3, 8), "召开推进会。"),
    ]


def test_an_unchanged_file_changes_nothing(world, meeting):
    made = items(team_list(meeting), 3, status=ItemStatus.IN_PROGRESS)
    Progress.objects.create(
        item=made[0], date=datetime.date(2027, 2, 1), text="第一行\n第二行", by=world.office
    )
    result = run(world, excel.export_workbook(meeting, world.office))
    assert result.ok and (result.status_changed, result.progress_added, result.unchanged) == (0, 0, 3)
    assert Progress.objects.count() == 1 and not StatusChange.objects.filter(note="Excel导入").exists()


def test_a_file_exported_before_newer_updates_does_not_add_them_twice(world, meeting):
    (item,) = items(team_list(meeting), 1, status=ItemStatus.IN_PROGRESS)
    Progress.objects.create(item=item, date=datetime.date(2027, 2, 1), text="制定方案。", by=world.office)
    exported = excel.export_workbook(meeting, world.office)
    old_cell = rows_by_id(load(exported)["班子清单"])[item.pk]["进展情况"]
    services.add_progress(item, world.office, "系统中新增的进展。")  # after the file was downloaded

    result = run(world, edit(exported, {item: {"进展情况": old_cell + "\n表格中新增的进展。"}}))

    assert result.ok
    assert list(item.progress.values_list("text", flat=True)) == [
        "制定方案。",
        "系统中新增的进展。",
        "表格中新增的进展。",
    ]


def test_a_progress_cell_cut_short_or_emptied_adds_nothing(world, meeting):
    first, second = items(team_list(meeting), 2, status=ItemStatus.IN_PROGRESS)
    for item in (first, second):
        Progress.objects.create(
            item=item, date=datetime.date(2027, 2, 1), text="制定方案，明确分工。", by=world.office
        )
    changes = {first: {"进展情况": "2027年2月1日：制定方案"}, second: {"进展情况": None}}
    result = run(world, edit(excel.export_workbook(meeting, world.office), changes))
    assert result.ok and result.unchanged == 2 and Progress.objects.count() == 2


def test_a_rewritten_progress_cell_is_added_whole_and_nothing_is_deleted(world, meeting):
    (item,) = items(team_list(meeting), 1, status=ItemStatus.IN_PROGRESS)
    Progress.objects.create(item=item, date=datetime.date(2027, 2, 1), text="制定方案。", by=world.office)
    result = run(
        world, edit(excel.export_workbook(meeting, world.office), {item: {"进展情况": "整改已基本完成。"}})
    )
    assert result.ok
    assert list(item.progress.values_list("text", flat=True)) == ["制定方案。", "整改已基本完成。"]


def test_progress_on_a_row_left_not_started_keeps_the_status_the_row_says(world, meeting):
    (item,) = items(team_list(meeting), 1)
    result = run(
        world, edit(excel.export_workbook(meeting, world.office), {item: {"进展情况": "已着手准备。"}})
    )
    assert result.ok and result.progress_added == 1
    item.refresh_from_db()
    assert item.status == ItemStatus.NOT_STARTED


def test_one_bad_row_changes_nothing_and_names_its_sheet_and_row(world, meeting):
    first, second, third = items(team_list(meeting), 3)
    changed = edit(
        excel.export_workbook(meeting, world.office),
        {
            first: {"状态": "整改中", "进展情况": "已启动。"},
            second: {"状态": "快完成了"},
            third: {"状态": "已完成待销号"},
        },
    )
    result = run(world, changed)

    assert not result.ok
    assert [str(e) for e in result.errors] == [
        "工作表“班子清单”第4行：无法识别状态“快完成了”；只能填：未启动、整改中、已完成待销号、已销号、已结转。"
    ]
    assert set(Item.objects.values_list("status", flat=True)) == {ItemStatus.NOT_STARTED}
    assert not Progress.objects.exists() and not StatusChange.objects.exists()


def test_closing_an_item_without_evidence_is_refused_and_names_the_row(world, meeting):
    (item,) = items(member_list(meeting, world.member), 1, status=ItemStatus.DONE)
    result = run(world, edit(excel.export_workbook(meeting, world.office), {item: {"状态": "已销号"}}))
    assert [(e.sheet, e.row) for e in result.errors] == [("成员1", 3)]
    assert "佐证材料" in result.errors[0].message
    item.refresh_from_db()
    assert item.status == ItemStatus.DONE


def test_the_owner_cannot_close_their_own_item_by_import(world, meeting):
    (item,) = items(team_list(meeting), 1, owner=world.office, status=ItemStatus.DONE)
    with_evidence(item, world)
    result = run(world, edit(excel.export_workbook(meeting, world.office), {item: {"状态": "已销号"}}))
    assert not result.ok and "销号需由报告完成人和责任领导以外的同志确认" in result.errors[0].message


def test_carry_over_cannot_be_set_by_import(world, meeting):
    (item,) = items(team_list(meeting), 1, status=ItemStatus.IN_PROGRESS)
    result = run(world, edit(excel.export_workbook(meeting, world.office), {item: {"状态": "已结转"}}))
    assert not result.ok and "“已结转”不能通过导入设置" in result.errors[0].message


def test_finished_items_are_fine_unchanged_but_cannot_be_reopened_or_updated(world, meeting):
    closed, other = items(team_list(meeting), 2, status=ItemStatus.CLOSED)
    exported = excel.export_workbook(meeting, world.office)
    assert run(world, exported).ok

    result = run(world, edit(exported, {closed: {"状态": "整改中"}, other: {"进展情况": "再补充一点。"}}))
    assert [e.message for e in result.errors] == [
        "该事项已销号，不能再改为“整改中”。",
        "该事项已销号，不能再添加进展。",
    ]


def test_every_problem_of_the_file_is_reported_at_once(world, meeting):
    first, second, third = items(team_list(meeting), 3)
    other_meeting = make_meeting(world.county, world.office, date=datetime.date(2026, 1, 20))
    (foreign,) = items(team_list(at_stage(other_meeting)), 1)
    workbook = load(edit(excel.export_workbook(meeting, world.office), {first: {"状态": "整改中"}}))
    sheet = workbook["班子清单"]
    sheet["L4"] = 999999  # second's row: an id that is no item
    sheet["L5"] = foreign.pk  # third's row: an item of another meeting
    sheet.append([None, "新增的问题", None, None, None, None, None, None, None, None, "未启动"])
    sheet.append([None] * 11 + [first.pk])
    sheet.append([None] * 9 + ["2027年2月30日：完成。", "整改中", "abc"])
    out = io.BytesIO()
    workbook.save(out)

    result = run(world, out.getvalue())

    messages = [str(e) for e in result.errors]
    assert messages == [
        "工作表“班子清单”第4行：找不到编号为999999的整改事项（可能已被删除）；请不要修改编号列。",
        f"工作表“班子清单”第5行：编号{foreign.pk}的事项不属于本次会议；请导入本次会议导出的台账。",
        "工作表“班子清单”第8行：没有编号，无法对应事项；新的整改事项请在系统中建立，不能通过导入添加。",
        f"工作表“班子清单”第9行：编号{first.pk}与工作表“班子清单”第3行重复，同一事项只能出现一次。",
        "工作表“班子清单”第10行：编号“abc”不是系统编号；请不要修改编号列。",
    ]
    assert not StatusChange.objects.exists()


def test_bad_progress_dates_are_refused(world, meeting):
    first, second = items(team_list(meeting), 2, status=ItemStatus.IN_PROGRESS)
    changes = {first: {"进展情况": "2027年2月30日：完成调研。"}, second: {"进展情况": "2027年4月1日：完成。"}}
    result = run(world, edit(excel.export_workbook(meeting, world.office), changes))
    assert [e.message for e in result.errors] == [
        "进展日期“2027年2月30日”不是有效日期。",
        "进展日期“2027年4月1日”晚于今天。",
    ]
    assert not Progress.objects.exists()


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("台账.xlsx", docx_file().read(), "不是Excel工作簿"),
        ("台账.xlsx", b"just some text", "不是Excel工作簿"),
        ("台账.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "不支持旧版Excel"),
        ("台账.pdf", pdf_file().read(), "不是Excel工作簿（.xlsx）"),
    ],
)
def test_a_file_that_is_not_an_xlsx_is_refused(world, meeting, name, content, message):
    result = run(world, SimpleUploadedFile(name, content))
    assert not result.ok and message in result.errors[0].message


def test_a_workbook_without_the_ledgers_header_is_refused(world, meeting):
    workbook = openpyxl.Workbook()
    workbook.active.append(["内容", "方面"])
    out = io.BytesIO()
    workbook.save(out)
    result = run(world, out.getvalue())
    assert not result.ok and "没有找到整改台账的列名行" in result.errors[0].message


def test_only_the_office_may_import(world, meeting):
    (item,) = items(team_list(meeting), 1)
    changed = edit(excel.export_workbook(meeting, world.office), {item: {"状态": "整改中"}})
    for person in (world.secretary, world.member, world.supervisor):
        assert not run(world, changed, by=person).ok
    item.refresh_from_db()
    assert item.status == ItemStatus.NOT_STARTED


def test_an_overdue_items_deadline_is_marked_red_and_its_status_stays_a_plain_label(world, meeting):
    late, closed = items(
        team_list(meeting), 2, status=ItemStatus.IN_PROGRESS, deadline=TODAY - datetime.timedelta(days=3)
    )
    Item.objects.filter(pk=closed.pk).update(status=ItemStatus.CLOSED)
    sheet = load(excel.export_workbook(meeting, world.office))["班子清单"]
    deadline_column = header(sheet).index("完成时限") + 1
    cells = {
        sheet.cell(row, header(sheet).index("编号") + 1).value: sheet.cell(row, deadline_column)
        for row in range(excel.HEADER_ROW + 1, sheet.max_row + 1)
    }
    assert cells[late.pk].font.b and cells[late.pk].fill.fgColor.rgb.endswith("F8D7DA")
    assert not cells[closed.pk].font.b and cells[closed.pk].fill.fill_type is None
    assert rows_by_id(sheet)[late.pk]["状态"] == "整改中"
