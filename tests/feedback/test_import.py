import io
import time
import zipfile

import pytest
from django.core.management import ManagementUtility, call_command
from django.core.management.base import CommandError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from feedback import importer, services
from feedback.importer import Problem
from feedback.models import Opinion, OpinionStatus

from .factories import opinions
from .spreadsheets import HEADER, make_csv, make_xlsx, read_xlsx

REQUIRED = ["内容", "方面", "类别", "渠道", "对象"]


@pytest.fixture
def meeting(world):
    services.create_default_choices(world.meeting)  # idempotent; create_meeting has made them already
    return world.meeting


def run(world, content, name="意见.xlsx", **options):
    return importer.import_opinions(world.meeting, name, content, world.office, **options)


def texts(result):
    return [str(problem) for problem in result.problems]


def good_rows(count, start=0):
    return [
        [f"第{i}条：深入基层调研不够，到偏远乡镇次数少，第{i}号。", 1 + i % 6, "党员", "座谈会", ""]
        for i in range(start, start + count)
    ]


# Good files --------------------------------------------------------------------------------------


def test_good_xlsx_imports_each_row_with_its_aspect_category_channel_addressee_and_status(world, meeting):
    aspects = {a.order: a for a in meeting.aspects.all()}
    member = world.members[1]
    rows = [
        ["理论学习不够深入系统，学用结合不紧。", 3, "党员", "座谈会", "", "", ""],
        ["调研多在城区，到偏远乡镇少。", "为民服务", "群众", "个别访谈", member.name, "已采纳", ""],
        ["会议多文件多，基层负担重。", aspects[5].text, "干部", "征求意见表", "领导班子", "", ""],
        ["对分管领域风险研判不足。", "第2个方面", "干部", "意见箱", "班子", "", ""],
        ["建议增加食堂菜品。", "", "群众", "意见箱", "", "待分拣", ""],
        ["希望提高工资待遇。", "6", "群众", "意见箱", "", "不予采纳", "不属于民主生活会征求意见范围"],
    ]
    result = run(world, make_xlsx(rows))

    assert (result.ok, result.saved, result.duplicates) == (True, 6, [])
    saved = list(Opinion.objects.order_by("pk"))
    assert [o.text for o in saved] == [row[0] for row in rows]
    assert [o.aspect_id and o.aspect.order for o in saved] == [3, 4, 5, 2, None, 6]
    assert [o.category.name for o in saved] == ["党员", "群众", "干部", "干部", "群众", "群众"]
    assert [o.channel.name for o in saved] == [
        "座谈会",
        "个别访谈",
        "征求意见表",
        "意见箱",
        "意见箱",
        "意见箱",
    ]
    assert [o.addressee for o in saved] == [None, member, None, None, None, None]
    assert [o.status for o in saved] == [OpinionStatus.ACCEPTED] * 4 + [
        OpinionStatus.NEW,
        OpinionStatus.REJECTED,
    ]
    assert saved[5].reject_reason == "不属于民主生活会征求意见范围"
    assert {o.entered_by for o in saved} == {world.office}
    assert {o.meeting for o in saved} == {meeting}


@pytest.mark.parametrize("encoding", ["utf-8-sig", "utf-8", "gb18030"])
def test_good_csv_imports_in_utf8_with_or_without_bom_and_in_gb18030(world, meeting, encoding):
    member = world.members[0]
    rows = [
        ["理论学习不够深入系统，学用结合不紧。", "1", "党员", "座谈会", member.name],
        ["调研多在城区，“到偏远乡镇少”，群众有意见。", "履职担当", "群众", "个别访谈", ""],
    ]
    result = run(world, make_csv(rows, header=REQUIRED, encoding=encoding), name="意见.CSV")

    assert (result.ok, result.saved) == (True, 2)
    saved = list(Opinion.objects.order_by("pk"))
    assert [o.text for o in saved] == [row[0] for row in rows]
    assert [(o.aspect.order, o.category.name, o.addressee) for o in saved] == [
        (1, "党员", member),
        (3, "群众", None),
    ]


def test_a_tab_separated_file_named_csv_is_read(world, meeting):
    result = run(world, make_csv(good_rows(2), header=REQUIRED, delimiter="\t"), name="意见.csv")
    assert (result.ok, result.saved) == (True, 2)


def test_header_may_sit_below_a_title_with_columns_in_any_order_and_extra_columns(world, meeting):
    header = ["序号", "对象", "意见内容", "来源类别", "征求渠道", "对照检查方面", "备注"]
    rows = [
        [
            1,
            world.members[2].name + "（县委常委3）",
            "抓落实的韧劲不足。",
            "干部",
            "座谈会",
            "3. 履职担当",
            "无",
        ]
    ]
    content = make_xlsx(rows, header=header, above=[["云岭县委常委班子征求意见建议汇总表"], []])

    result = run(world, content)

    assert result.ok, texts(result)
    opinion = Opinion.objects.get()
    assert (opinion.text, opinion.addressee, opinion.aspect.order) == (
        "抓落实的韧劲不足。",
        world.members[2],
        3,
    )


def test_blank_rows_are_skipped_and_row_numbers_stay_those_of_excel(world, meeting):
    rows = [good_rows(1)[0], [None] * 5, ["", "9", "党员", "座谈会", ""]]
    result = run(world, make_xlsx(rows, header=REQUIRED))
    assert [(p.row, p.column) for p in result.problems] == [(4, "内容"), (4, "方面")]


# Bad files: each has its own message and saves nothing ---------------------------------------------


def _truncated_xlsx():
    content = make_xlsx(good_rows(50))
    return content[: len(content) // 2]


def _xlsx_with_broken_sheet():
    source = zipfile.ZipFile(io.BytesIO(make_xlsx(good_rows(3))))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename.startswith("xl/worksheets/"):
                data = b"<worksheet><sheetData><row r='1'><c r='A1' t='s'><v>"
            target.writestr(item, data)
    return out.getvalue()


def _docx_named_xlsx():
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        target.writestr("[Content_Types].xml", "<Types/>")
        target.writestr("word/document.xml", "<w:document/>")
    return out.getvalue()


BAD_FILES = {
    "other type": ("意见.pdf", b"whatever", "不是.xlsx或.csv文件"),
    "old xls": ("意见.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "不支持旧版Excel（.xls）"),
    "no extension": ("意见", b"a,b", "不是.xlsx或.csv文件"),
    "text named xlsx": ("意见.xlsx", "内容,方面\n意见,1\n".encode(), "内容不是Excel工作簿"),
    "xls named xlsx": ("意见.xlsx", b"\xd0\xcf\x11\xe0" + b"\x00" * 100, "旧版Excel（.xls）或设置了打开密码"),
    "word named xlsx": ("意见.xlsx", _docx_named_xlsx(), "可能是改了扩展名的Word文档"),
    "xlsx named csv": ("意见.csv", make_xlsx(good_rows(1)), "内容是Excel表格"),
    "binary named csv": ("意见.csv", b"\x01\x02\x00\x03", "内容不是文本表格"),
    "too many bytes": ("意见.csv", b"a" * (importer.MAX_BYTES + 1), "文件过大（超过2 MB）"),
    "truncated xlsx": ("意见.xlsx", _truncated_xlsx(), "文件已损坏"),
    "broken sheet": ("意见.xlsx", _xlsx_with_broken_sheet(), "文件已损坏"),
    "undecodable csv": (
        "意见.csv",
        "内容,方面\n".encode() + b"\xff\xfe\xff abc",
        "无法识别CSV文件的文字编码",
    ),
    "utf-16 csv": ("意见.csv", "内容,方面".encode("utf-16"), "UTF-16编码"),
    "cell beyond csv limit": (
        "意见.csv",
        make_csv([["字" * 140_000, 1, "党员", "座谈会", ""]]),
        "CSV格式有误",
    ),
    "empty csv": ("意见.csv", b"", "文件是空的"),
    "blank xlsx": ("意见.xlsx", make_xlsx([], header=None), "文件是空的"),
    "header only": ("意见.xlsx", make_xlsx([]), "表格中没有意见数据"),
}


@pytest.mark.parametrize("case", BAD_FILES)
def test_a_bad_file_gets_its_own_message_and_saves_nothing(world, meeting, case):
    opinions(meeting, 2)
    name, content, message = BAD_FILES[case]

    result = run(world, content, name=name)

    assert not result.ok and result.saved == 0
    assert len(result.problems) == 1 and message in str(result.problems[0]), texts(result)
    assert Opinion.objects.count() == 2


def test_more_than_5000_rows_is_too_large(world, meeting):
    result = run(world, make_csv(good_rows(importer.MAX_ROWS + 1)), name="意见.csv")
    assert texts(result) == ["数据行超过5000行，请分成几个文件导入。"]
    assert not Opinion.objects.exists()


def test_a_missing_column_names_the_column_and_the_header_row(world, meeting):
    header = ["内容", "类别", "渠道"]
    result = run(world, make_xlsx([["意见", "党员", "座谈会"]], header=header))
    assert [(p.row, p.column) for p in result.problems] == [(1, "方面"), (1, "对象")]
    assert str(result.problems[0]).startswith("第1行 方面：缺少“方面”列。")
    assert not Opinion.objects.exists()


def test_the_same_column_twice_is_refused(world, meeting):
    result = run(
        world, make_xlsx([["意见", 1, "党员", "座谈会", "", "意见"]], header=[*REQUIRED, "意见内容"])
    )
    assert texts(result) == ["第1行 内容：列名“内容”出现了不止一次，请只保留一列。"]


# Bad rows: every problem of every row, by row and column; nothing saved -----------------------------


def test_every_bad_row_is_reported_by_row_and_column_and_nothing_is_saved(world, meeting):
    opinions(meeting, 1, text="已有")
    rows = [
        good_rows(1)[0] + ["", ""],  # row 2: good, yet not saved because others are bad
        ["", 1, "党员", "座谈会", "", "", ""],
        ["字" * 2001, 1, "党员", "座谈会", "", "", ""],
        ["意见四", 9, "党员", "座谈会", "", "", ""],
        ["意见五", "学风建设", "党员", "座谈会", "", "", ""],
        ["意见六", "", "党员", "座谈会", "", "", ""],
        ["意见七", 1, "老干部", "座谈会", "", "", ""],
        ["意见八", 1, "党员", "网上留言", "", "", ""],
        ["意见九", 1, "党员", "座谈会", "张三", "", ""],
        ["意见十", 1, "党员", "座谈会", "", "已合并", ""],
        ["意见十一", 1, "党员", "座谈会", "", "不予采纳", ""],
        [importer.EXAMPLE_MARK + "示例意见", 1, "党员", "座谈会", "", "", ""],
        ["意见十三", 1, "", "", "", "", ""],
    ]

    result = run(world, make_xlsx(rows))

    assert result.saved == 0 and Opinion.objects.count() == 1
    assert texts(result) == [
        "第3行 内容：内容为空。",
        "第4行 内容：内容超过2000字（本行2001字），请精简或拆成几条。",
        "第5行 方面：找不到“第9个方面”，本次会议共6个方面。",
        "第6行 方面：找不到方面“学风建设”；请填写方面的序号或简称，如“1”或“理论学习”。",
        "第7行 方面：未填写方面；已采纳的意见须归入一个方面，尚未归类的请把状态填为“待分拣”。",
        "第8行 类别：找不到类别“老干部”；本次会议的类别有：党员、干部、群众。",
        "第9行 渠道：找不到渠道“网上留言”；本次会议的渠道有：座谈会、个别访谈、意见箱、征求意见表。",
        "第10行 对象：找不到班子成员“张三”；可填：成员1、成员2、成员3、林书记，留空或填“领导班子”表示对领导班子的意见。",
        "第11行 状态：无法识别状态“已合并”；只能填：已采纳、待分拣、不予采纳，留空为已采纳。",
        "第12行 理由：状态为“不予采纳”时须在“理由”列写明理由。",
        "第13行 内容：这是模板中的示例行，请删除后再导入。",
        "第14行 类别：未填写类别；可填：党员、干部、群众。",
        "第14行 渠道：未填写渠道；可填：座谈会、个别访谈、意见箱、征求意见表。",
    ]


def test_problem_reads_as_row_column_and_message():
    assert str(Problem(3, "方面", "找不到“第9个方面”，本次会议共6个方面")) == (
        "第3行 方面：找不到“第9个方面”，本次会议共6个方面"
    )
    assert str(Problem(None, "", "文件是空的，没有任何内容。")) == "文件是空的，没有任何内容。"


def test_aspect_number_and_name_must_agree(world, meeting):
    result = run(world, make_xlsx([["意见", "3. 理论学习", "党员", "座谈会", ""]], header=REQUIRED))
    assert texts(result) == ["第2行 方面：第3个方面是“履职担当”，与“理论学习”不一致。"]


def test_an_unknown_status_does_not_also_ask_for_an_aspect(world, meeting):
    result = run(world, make_xlsx([["意见", "", "党员", "座谈会", "", "采纳了"]], header=[*REQUIRED, "状态"]))
    assert [p.column for p in result.problems] == ["状态"]


# Duplicates --------------------------------------------------------------------------------------


def test_duplicates_within_the_file_are_errors_whatever_the_spaces_and_punctuation(world, meeting):
    rows = [
        ["调研不够深入，到基层少。", 1, "党员", "座谈会", ""],
        ["另一条意见。", 2, "党员", "座谈会", ""],
        [" 调研不够深入 到基层少! ", 3, "群众", "意见箱", ""],
    ]
    result = run(world, make_xlsx(rows, header=REQUIRED))

    assert texts(result) == ["第4行 内容：与第2行内容重复。"]
    assert result.duplicates == result.problems and result.problems[0].is_duplicate
    assert not Opinion.objects.exists()


def test_a_duplicate_is_reported_beside_the_other_problems_of_its_row(world, meeting):
    rows = [good_rows(1)[0], [good_rows(1)[0][0], 1, "老干部", "座谈会", ""]]
    result = run(world, make_xlsx(rows, header=REQUIRED))
    assert texts(result) == [
        "第3行 内容：与第2行内容重复。",
        "第3行 类别：找不到类别“老干部”；本次会议的类别有：党员、干部、群众。",
    ]


def test_duplicates_of_the_meetings_opinions_are_errors(world, meeting):
    [existing] = opinions(meeting, 1)
    rows = [[existing.text.replace("，", ","), 1, "党员", "座谈会", ""], good_rows(1)[0]]

    result = run(world, make_xlsx(rows, header=REQUIRED))

    assert texts(result) == [f"第2行 内容：与已录入的第{existing.pk}号意见内容重复。"]
    assert Opinion.objects.count() == 1


def test_allow_duplicates_imports_them_and_still_lists_them(world, meeting):
    [existing] = opinions(meeting, 1)
    rows = [[existing.text, 1, "党员", "座谈会", ""], good_rows(1)[0], good_rows(1)[0]]

    result = run(world, make_xlsx(rows, header=REQUIRED), allow_duplicates=True)

    assert (result.ok, result.saved) == (True, 3)
    assert [str(p) for p in result.duplicates] == [
        f"第2行 内容：与已录入的第{existing.pk}号意见内容重复。",
        "第4行 内容：与第3行内容重复。",
    ]
    assert Opinion.objects.count() == 4


def test_allow_duplicates_does_not_let_other_problems_through(world, meeting):
    rows = [good_rows(1)[0], good_rows(1)[0], ["意见", 1, "老干部", "座谈会", ""]]
    result = run(world, make_xlsx(rows, header=REQUIRED), allow_duplicates=True)
    assert [p.column for p in result.problems] == ["类别"]
    assert len(result.duplicates) == 1
    assert not Opinion.objects.exists()


# Speed: a fixed number of queries whatever the number of rows ----------------------------------------


def _queries(world, rows, django_assert_max_num_queries):
    content = make_csv(rows, header=REQUIRED)
    with django_assert_max_num_queries(20), CaptureQueriesContext(connection) as captured:
        assert run(world, content, name="意见.csv").saved == len(rows)
    return [q["sql"] for q in captured.captured_queries]


def test_importing_500_rows_issues_no_more_queries_than_10_apart_from_batched_inserts(
    world, meeting, django_assert_max_num_queries
):
    few = _queries(world, good_rows(10), django_assert_max_num_queries)
    many = _queries(world, good_rows(500, start=10), django_assert_max_num_queries)

    def others(queries):
        return [q for q in queries if not q.startswith("INSERT")]

    assert len(others(few)) == len(others(many))
    assert len(many) - len(few) <= 500 // 50


def test_5000_rows_import_in_seconds(world, meeting):
    content = make_xlsx(good_rows(importer.MAX_ROWS), header=REQUIRED)
    started = time.monotonic()
    result = run(world, content)
    assert result.saved == importer.MAX_ROWS
    assert time.monotonic() - started < 10


# The command ------------------------------------------------------------------------------------


def test_command_imports_and_says_how_many(world, meeting, tmp_path):
    path = tmp_path / "意见.xlsx"
    path.write_bytes(make_xlsx(good_rows(3), header=REQUIRED))
    out = io.StringIO()

    call_command("import_opinions", str(meeting.pk), str(path), "--user", world.office.username, stdout=out)

    assert "已导入3条意见建议" in out.getvalue()
    assert Opinion.objects.filter(entered_by=world.office).count() == 3


def test_command_lists_every_problem_and_fails_with_status_1(world, meeting, tmp_path):
    path = tmp_path / "意见.csv"
    path.write_bytes(make_csv([["", 9, "党员", "座谈会", ""]], header=REQUIRED, encoding="gb18030"))
    err = io.StringIO()

    with pytest.raises(CommandError) as failure:
        call_command("import_opinions", str(meeting.pk), str(path), stderr=err)

    assert failure.value.returncode == 1
    assert err.getvalue().splitlines() == [
        "第2行 内容：内容为空。",
        "第2行 方面：找不到“第9个方面”，本次会议共6个方面。",
    ]
    assert not Opinion.objects.exists()


def test_command_allow_duplicates(world, meeting, tmp_path):
    path = tmp_path / "意见.csv"
    path.write_bytes(make_csv(good_rows(1) * 2, header=REQUIRED))
    with pytest.raises(CommandError):
        call_command("import_opinions", str(meeting.pk), str(path), stderr=io.StringIO())
    out = io.StringIO()
    call_command("import_opinions", str(meeting.pk), str(path), "--allow-duplicates", stdout=out)
    assert "第3行 内容：与第2行内容重复。" in out.getvalue() and "已导入2条意见建议" in out.getvalue()


@pytest.mark.django_db(transaction=True)
def test_command_exit_status_from_the_command_line(world, meeting, tmp_path, capsys):
    """Through manage.py's own entry point: status 1 on problems, 0 (no exit) on success."""
    bad, good = tmp_path / "bad.csv", tmp_path / "good.csv"
    bad.write_bytes(make_csv([["意见", 1, "老干部", "座谈会", ""]], header=REQUIRED))
    good.write_bytes(make_csv(good_rows(2), header=REQUIRED))

    with pytest.raises(SystemExit) as exit_status:
        ManagementUtility(["manage.py", "import_opinions", str(meeting.pk), str(bad)]).execute()
    assert exit_status.value.code == 1
    assert "第2行 类别：找不到类别“老干部”" in capsys.readouterr().err

    ManagementUtility(["manage.py", "import_opinions", str(meeting.pk), str(good)]).execute()
    assert "已导入2条意见建议" in capsys.readouterr().out
    assert Opinion.objects.filter(meeting=meeting).count() == 2


def test_command_refuses_unknown_meeting_file_or_user(world, meeting, tmp_path):
    path = tmp_path / "意见.csv"
    path.write_bytes(make_csv(good_rows(1)))
    for args, message in [
        ([str(meeting.pk + 999), str(path)], "找不到编号为"),
        ([str(meeting.pk), str(tmp_path / "none.csv")], "无法读取文件"),
        ([str(meeting.pk), str(path), "--user", "nobody"], "找不到用户名为“nobody”"),
    ]:
        with pytest.raises(CommandError, match=message):
            call_command("import_opinions", *args)


# The page ---------------------------------------------------------------------------------------


def _upload(name, content):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, content)


def test_import_pages_by_role(world, meeting, client):
    content = make_xlsx(good_rows(1), header=REQUIRED)
    urls = [
        reverse("opinion_import", args=[meeting.pk]),
        reverse("opinion_import_template", args=[meeting.pk, "xlsx"]),
        reverse("opinion_import_template", args=[meeting.pk, "csv"]),
    ]
    for role in ["office", "secretary", "member", "supervisor", "other_office", "other_member", "outsider"]:
        client.force_login(getattr(world, role))
        expected = 200 if role == "office" else 403 if role in ("secretary", "member", "supervisor") else 404
        for url in urls:
            response = client.get(url)
            assert response.status_code == expected, (role, url, response.status_code)
            if expected == 404:
                assert meeting.theme not in response.content.decode()
        if role != "office":
            response = client.post(urls[0], {"file": _upload("意见.xlsx", content)})
            assert response.status_code == expected
    assert not Opinion.objects.exists()


def test_import_page_describes_the_columns_and_links_the_templates(world, meeting, client):
    client.force_login(world.office)
    body = client.get(reverse("opinion_import", args=[meeting.pk])).content.decode()
    for text in [
        "内容",
        "方面",
        "类别",
        "渠道",
        "对象",
        "理论学习",
        "群众",
        "征求意见表",
        "成员2",
        "重复的意见也导入",
    ]:
        assert text in body
    assert reverse("opinion_import_template", args=[meeting.pk, "xlsx"]) in body
    assert reverse("opinion_import_template", args=[meeting.pk, "csv"]) in body


def test_office_imports_through_the_page_and_sees_the_count(world, meeting, client):
    client.force_login(world.office)
    url = reverse("opinion_import", args=[meeting.pk])
    response = client.post(url, {"file": _upload("意见.xlsx", make_xlsx(good_rows(4), header=REQUIRED))})

    assert response.status_code == 302 and response["Location"] == reverse("opinion_list", args=[meeting.pk])
    assert "已导入4条意见建议" in client.get(response["Location"]).content.decode()
    assert Opinion.objects.filter(entered_by=world.office).count() == 4


def test_the_page_shows_every_problem_in_a_table_and_saves_nothing(world, meeting, client):
    client.force_login(world.office)
    rows = [good_rows(1)[0], ["", 9, "老干部", "座谈会", ""]]
    response = client.post(
        reverse("opinion_import", args=[meeting.pk]),
        {"file": _upload("意见.csv", make_csv(rows, header=REQUIRED))},
    )

    assert response.status_code == 200
    body = response.content.decode()
    assert "表格中有3个问题，没有导入任何意见建议" in body
    for text in ["第3行", "内容为空。", "找不到“第9个方面”，本次会议共6个方面。", "找不到类别“老干部”"]:
        assert text in body
    assert not Opinion.objects.exists()


def test_the_page_offers_to_import_duplicates_and_does_when_asked(world, meeting, client):
    client.force_login(world.office)
    url = reverse("opinion_import", args=[meeting.pk])
    content = make_xlsx(good_rows(1) * 2, header=REQUIRED)

    body = client.post(url, {"file": _upload("意见.xlsx", content)}).content.decode()
    assert "与第2行内容重复" in body and "请勾选“重复的意见也导入”" in body
    assert not Opinion.objects.exists()

    response = client.post(
        url, {"file": _upload("意见.xlsx", content), "allow_duplicates": "on"}, follow=True
    )
    body = response.content.decode()
    assert "已导入2条意见建议" in body and "第3行 内容：与第2行内容重复。" in body
    assert Opinion.objects.count() == 2


def test_the_page_refuses_a_too_large_upload_without_saving(world, meeting, client):
    client.force_login(world.office)
    response = client.post(
        reverse("opinion_import", args=[meeting.pk]),
        {"file": _upload("大.csv", b"x" * (importer.MAX_BYTES + 10))},
    )
    assert "文件过大（超过2 MB）" in response.content.decode()


def test_the_page_asks_for_a_file(world, meeting, client):
    client.force_login(world.office)
    response = client.post(reverse("opinion_import", args=[meeting.pk]), {})
    assert response.status_code == 200 and "表格文件" in response.content.decode()
    assert "alert-danger" in response.content.decode()


# The template -----------------------------------------------------------------------------------


def test_xlsx_template_has_the_header_real_examples_and_a_sheet_listing_the_choices(world, meeting, client):
    client.force_login(world.office)
    response = client.get(reverse("opinion_import_template", args=[meeting.pk, "xlsx"]))

    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert "attachment" in response["Content-Disposition"]
    rows = read_xlsx(response.content)
    assert rows[0] == HEADER and len(rows) == 3
    aspect_orders = {a.order for a in meeting.aspects.all()}
    for row in rows[1:]:
        assert row[1] in aspect_orders
        assert row[2] in {"党员", "干部", "群众"}
        assert row[3] in {"座谈会", "个别访谈", "意见箱", "征求意见表"}
    help_cells = {cell for row in read_xlsx(response.content, "说明") for cell in row if cell}
    for aspect in meeting.aspects.all():
        assert {aspect.order, aspect.name, aspect.text} <= help_cells
    names = {
        "党员",
        "干部",
        "群众",
        "座谈会",
        "个别访谈",
        "意见箱",
        "征求意见表",
        "林书记",
        "成员1",
        "成员2",
        "成员3",
    }
    assert names <= help_cells


def test_csv_template_opens_in_excel_and_matches_the_xlsx(world, meeting, client):
    client.force_login(world.office)
    response = client.get(reverse("opinion_import_template", args=[meeting.pk, "csv"]))
    assert response.content.startswith(b"\xef\xbb\xbf")
    lines = response.content.decode("utf-8-sig").splitlines()
    assert lines[0] == ",".join(HEADER) and len(lines) == 3
    assert client.get(reverse("opinion_import_template", args=[meeting.pk, "pdf"])).status_code == 404


@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_the_template_imported_unchanged_saves_nothing_but_edited_imports(world, meeting, fmt):
    content = importer.template_xlsx(meeting) if fmt == "xlsx" else importer.template_csv(meeting)
    result = run(world, content, name=f"模板.{fmt}")
    assert [str(p) for p in result.problems] == [
        "第2行 内容：这是模板中的示例行，请删除后再导入。",
        "第3行 内容：这是模板中的示例行，请删除后再导入。",
    ]
    edited = content.replace(importer.EXAMPLE_MARK.encode(), b"")
    if fmt == "xlsx":  # the text sits in a zipped XML part; rebuild instead
        rows = read_xlsx(content)
        edited = make_xlsx([[row[0].replace(importer.EXAMPLE_MARK, ""), *row[1:]] for row in rows[1:]])
    assert run(world, edited, name=f"模板.{fmt}").saved == 2
