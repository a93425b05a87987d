"""A new meeting from the first plan to the archive, each step by the role that does it (issue 13).

The office of ``world``'s county creates a meeting of its own (not the demo's) and takes it through the
nine stages of DESIGN §2. Before the meeting (10 January 2027) it plans (the supervisor approves),
records a study session (a future date is refused first), enters and triages opinions, transcribes a
talk from the coverage matrix and waives the other 四必谈 pairs, and the drafts are written and approved
(one outline in the browser, the rest through the services); the meeting stage cannot be left before the
meeting's day. On the day (20 January 2027) the office records the meeting, builds the rectification
lists and moves on with a reason; the secretary approves the report and the 通报, the office sends and
issues them and closes the meeting; the archive then shows no form and refuses a change.

A screenshot of the meeting page is saved at every stage (test-output/browser/<test>/…-stage-N-….png).
The live server runs in a thread of this process, so the travel in time moves its clock too.
"""

import re

import pytest
from playwright.sync_api import expect

from feedback.models import Opinion, OpinionStatus
from inspection import services as drafting
from inspection.models import Draft, DraftKind, DraftStatus
from meetings import record as records
from meetings.models import Meeting, MeetingRecord, PersonKind, StudySession, Talk
from meetings.workflow import ARCHIVE_READ_ONLY, Stage
from rectification.models import Item
from reporting.models import Sending
from tests.conftest import AT_THE_MEETING

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

MEETING_DAY = AT_THE_MEETING.date()  # 2027-01-20; stages 1–5 are done on BEFORE_THE_MEETING, 2027-01-10
NAME = "2026年度党史学习教育专题民主生活会"
TEAM_PROBLEMS = [
    (
        "抓理论学习往深里走不够。",
        "中心组学习有时满足于读原文、听辅导。",
        "比如，全年专题研讨仅3次，结合县情研究不够。",
    ),
    ("为群众办实事的办法不多。", "对群众反映集中的问题研究不深。", "比如，城区停车难问题两年未见明显改观。"),
]


@pytest.fixture(autouse=True)
def patient_assertions():
    """A busy machine: every expect() waits up to 30 s (Playwright's default is 5 s), then as before."""
    expect.set_options(timeout=30_000)
    yield
    expect.set_options(timeout=None)


def log_in(new_page, user):
    page = new_page()
    page.set_default_timeout(60_000)
    page.on("dialog", lambda dialog: dialog.accept())  # the confirm() of every stage move, send, approval
    page.goto("/accounts/login/")
    page.fill("#id_username", user.username)
    page.fill("#id_password", "pass-12345")
    page.click("button[type=submit]")
    expect(page.get_by_test_id("current-user")).to_be_visible()
    return page


def shown(page, text):
    """``text`` is on the page (the first of its places: a message may repeat in a list)."""
    expect(page.get_by_text(text).first).to_be_visible()


def settled(page):
    page.wait_for_load_state("networkidle")
    return page


def meeting_page(page, meeting):
    page.goto(f"/meetings/{meeting.pk}/")
    return settled(page)


def advance(page, meeting, to_stage, reason=None):
    """The office presses 进入下一阶段 on the meeting page (a confirm dialog), with a written reason when a
    guard asks for one (NeedsReason)."""
    meeting_page(page, meeting)
    actions = page.get_by_test_id("stage-actions")
    if reason is not None:
        actions.locator("#confirm-advance").check()
        actions.locator("#advance-note").fill(reason)
    actions.get_by_test_id("advance").click()
    shown(page, f"会议已进入“{to_stage.label}”阶段。")
    expect(page.get_by_test_id("stage")).to_have_text(to_stage.label)
    meeting.refresh_from_db()
    assert meeting.stage == to_stage


def problem(lead, text, example):
    return {"lead": lead, "text": text, "example": example}


def written(meeting, author=None, problems=None):
    """A draft's content: problems under the first aspect, a cause and a measure."""
    name = author.name if author else "班子"
    content = drafting.new_content(meeting, author)
    content["problems"]["groups"][0]["items"] = [
        problem(*p)
        for p in problems
        or [(f"{name}调查研究不够深入。", "到基层蹲点调研次数偏少。", f"比如，{name}全年到联系点仅2次。")]
    ]
    content["causes"]["items"] = [{"lead": "宗旨意识不够牢固。", "text": "深入群众不够经常。"}]
    content["measures"]["items"] = [{"lead": "坚持深入基层。", "text": "每季度到联系点蹲点调研1次。"}]
    return content


def approve_through_services(draft, author, reviewer, endorser=None, problems=None):
    drafting.save_draft(
        draft, written(draft.meeting, author, problems), base_version=draft.version, by=author
    )
    drafting.submit_draft(draft, author)
    drafting.approve_draft(draft, reviewer, "同意。")
    if endorser is not None:
        drafting.endorse_draft(draft, endorser, "审定同意。")


def box_answer(question):
    a, operation, b = re.fullmatch(r"(\d+) (加|减) (\d+) 等于几？", question.strip()).groups()
    return int(a) + int(b) if operation == "加" else int(a) - int(b)


def test_a_new_meeting_goes_through_every_stage_as_the_roles_do_it(
    world, new_page, screenshots, before_the_meeting
):
    for old in screenshots.folder.glob("*.png"):  # of an earlier run: the stage shots are counted below
        old.unlink()
    secretary, (first, second, third) = world.secretary, world.members
    office = log_in(new_page, world.office)

    # --- 1 制定方案: the office creates the meeting and its plan, the supervisor approves it -------------
    office.goto("/meetings/new/")
    office.select_option("#id_aspect_template", label="2021年党史学习教育专题“五个带头”")
    office.fill("#id_year", "2026")
    office.select_option("#id_kind", "special")
    office.fill("#id_name", NAME)
    office.fill("#id_theme", "学党史、悟思想、办实事、开新局")
    office.fill("#id_date", MEETING_DAY.isoformat())
    office.fill("#id_place", "县委常委会议室")
    expect(office.locator("[data-title-preview]")).to_have_text(f"云岭县委常委班子{NAME}")
    office.get_by_role("button", name="创建").click()
    expect(office.get_by_test_id("plan-form")).to_be_visible()
    meeting = Meeting.objects.exclude(pk=world.meeting.pk).get()
    assert (meeting.name, meeting.date, meeting.stage) == (NAME, MEETING_DAY, Stage.PLANNING)
    participants = meeting.people.filter(kind=PersonKind.PARTICIPANT).count()
    assert participants == 4  # the secretary and the three members

    office.fill("#id_plan-preamble", "按照市委组织部通知要求，结合县委常委班子实际，制定本方案。")
    office.select_option(f"select[name='people-{participants}-kind']", "guidance")
    office.fill(f"input[name='people-{participants}-name']", "市委第三督导组")
    office.fill(f"input[name='people-{participants}-order']", "1")
    office.get_by_test_id("save-plan").click()
    shown(office, "方案已保存。")
    expect(office.get_by_test_id("plan-preview")).to_contain_text("结合县委常委班子实际")
    office.get_by_role("button", name="报送督导组审核").click()
    shown(office, "方案已报送督导组审核。")
    expect(office.get_by_test_id("plan-status")).to_have_text("已报送待审")

    supervisor = log_in(new_page, world.supervisor)
    meeting_page(supervisor, meeting)
    review = supervisor.get_by_test_id("review-form")
    review.locator("textarea[name=comment]").fill("同意，请按方案组织实施。")
    review.get_by_role("button", name="提交审核结论").click()
    shown(supervisor, "方案已审定通过。")
    expect(supervisor.get_by_test_id("plan-status")).to_have_text("已审定")

    meeting_page(office, meeting)
    expect(office.get_by_test_id("plan-status")).to_have_text("已审定")
    screenshots(office, "stage-1-planning")
    advance(office, meeting, Stage.STUDY)

    # --- 2 会前学习: a study session; its date is not in the future ------------------------------------
    office.goto(f"/meetings/{meeting.pk}/study/")
    office.get_by_role("link", name="记录一次集中学习").click()
    form = office.get_by_test_id("session-form")
    form.locator("#id_date").fill("2027-01-11")  # tomorrow
    form.locator("#id_form").select_option("centre_group")
    form.locator("#id_topic").fill("学习党的百年奋斗重大成就和历史经验")
    form.locator("#id_materials").fill(
        "《中国共产党简史》\n《中共中央关于党的百年奋斗重大成就和历史经验的决议》"
    )
    form.get_by_role("button", name="保存").click()
    shown(office, "学习日期（2027年1月11日）晚于今天（2027年1月10日）")
    assert not StudySession.objects.filter(meeting=meeting).exists()
    screenshots(office, "study-future-date-refused")
    office.get_by_test_id("session-form").locator("#id_date").fill("2027-01-08")
    office.get_by_test_id("session-form").get_by_role("button", name="保存").click()
    shown(office, "集中学习记录已保存。")
    assert StudySession.objects.get(meeting=meeting).date.isoformat() == "2027-01-08"
    meeting_page(office, meeting)
    expect(office.get_by_test_id("study-panel")).to_contain_text("集中学习 1 次")
    screenshots(office, "stage-2-study")
    advance(office, meeting, Stage.OPINIONS)

    # --- 3 征求意见建议: one entered by the office, one from the public box, triaged (accepted) ---------
    office.goto(f"/meetings/{meeting.pk}/opinions/new/")
    entry = office.get_by_test_id("entry-form")
    entry.locator("#id_text").fill("班子成员到基层调研多是看点、听汇报，同群众面对面交流少。")
    entry.locator("#id_aspect").select_option(index=1)
    entry.locator("#id_category").select_option(index=1)
    entry.locator("#id_channel").select_option(index=1)
    entry.get_by_role("button", name="保存并录入下一条").click()
    shown(office, "已录入一条意见建议。")

    public = new_page()
    public.goto(f"/box/{meeting.opinion_box.token}/")
    public.get_by_label("群众").check()
    public.fill("#id_text", "县城老旧小区加装电梯推进慢，群众反映多年没有解决。")
    public.fill("#id_answer", str(box_answer(public.text_content("[data-testid=challenge-question]"))))
    public.click("#box-submit")
    expect(public.get_by_test_id("box-thanks")).to_contain_text("已收到")
    settled(public)
    boxed = Opinion.objects.get(meeting=meeting, entered_by__isnull=True)
    assert boxed.status == OpinionStatus.NEW

    office.goto(f"/meetings/{meeting.pk}/opinions/?status=new")
    office.get_by_test_id("opinion-table").locator("tbody a").click()
    triage = office.get_by_test_id("triage-form")
    triage.locator("#id_aspect").select_option(index=3)
    triage.locator("#id_status").select_option("accepted")
    triage.get_by_role("button", name="保存").click()
    shown(office, "意见已保存")
    boxed.refresh_from_db()
    assert boxed.status == OpinionStatus.ACCEPTED
    assert not Opinion.objects.filter(meeting=meeting, status=OpinionStatus.NEW).exists()
    meeting_page(office, meeting)
    screenshots(office, "stage-3-opinions")
    advance(office, meeting, Stage.TALKS)

    # --- 4 谈心谈话: the office transcribes a talk from the matrix, both sides; waives the other pairs --
    office.goto(f"/meetings/{meeting.pk}/talks/coverage/")
    # 四必谈 of world's team: the secretary with each of the three members, and the three members' pairs.
    expect(office.get_by_test_id("coverage-counts")).to_contain_text("共 6 对")
    expect(office.get_by_test_id(f"pair-{secretary.pk}-{first.pk}")).to_have_attribute(
        "data-state", "missing"
    )
    office.get_by_test_id(f"record-pair-{secretary.pk}-{first.pk}").click()
    talk_form = office.get_by_test_id("talk-form")
    expect(talk_form).to_be_visible()
    for person in (secretary, first):
        expect(talk_form.locator(f"input[name=people][value='{person.pk}']")).to_be_checked()
    talk_form.locator("#id_date").fill("2027-01-11")  # tomorrow: refused below, then corrected
    talk_form.locator("#id_place").fill("县委书记办公室")
    talk_form.locator("#id_topics").fill("班子团结、分管领域工作和个人思想状况")
    sides = {
        secretary: (
            "对基层干部关心不够，谈心谈话不够经常。",
            "成员1同志到分管领域基层调研偏少，对基层困难了解不深。",
        ),
        first: ("到分管领域基层调研偏少。", "林书记同志听取不同意见不够充分，有时急于拍板。"),
    }
    for person, (problems_raised, criticisms) in sides.items():
        box = talk_form.get_by_test_id(f"transcribe-{person.pk}")
        box.locator(f"#id_side-{person.pk}-problems_raised").fill(problems_raised)
        box.locator(f"#id_side-{person.pk}-criticisms_to_raise").fill(criticisms)
    talk_form.get_by_role("button", name="保存").click()
    shown(office, "谈话日期（2027年1月11日）晚于今天（2027年1月10日）")
    assert not Talk.objects.filter(meeting=meeting).exists()
    # What was typed is still there (both sides included); only the date changes.
    expect(talk_form.locator(f"#id_side-{first.pk}-criticisms_to_raise")).to_have_value(sides[first][1])
    talk_form.locator("#id_date").fill("2027-01-09")
    screenshots(office, "talk-transcribed")
    talk_form.get_by_role("button", name="保存").click()
    shown(office, "办公室录入的内容待各参与人登录后确认或更正")
    for person in (secretary, first):
        expect(
            office.get_by_test_id(f"side-{person.pk}").get_by_test_id("entered-by-office")
        ).to_contain_text("办公室录入（刘文静）")
    talk = Talk.objects.get(meeting=meeting)
    assert {(s.person, s.entered_by, s.confirmed_at) for s in talk.participants.all()} == {
        (secretary, world.office, None),
        (first, world.office, None),
    }

    # The member confirms the side the office entered for them, as it stands.
    member = log_in(new_page, first)
    member.goto(f"/meetings/{meeting.pk}/talks/{talk.pk}/")
    expect(member.get_by_test_id("confirm-transcription")).to_be_visible()
    member.get_by_test_id("confirm-side").click()
    shown(member, "已确认本人的谈话内容。")

    office.goto(f"/meetings/{meeting.pk}/talks/coverage/")
    expect(office.get_by_test_id(f"pair-{secretary.pk}-{first.pk}")).to_have_attribute("data-state", "done")
    missing = office.locator("tr[data-state=missing]")
    expect(missing).to_have_count(2 * 5)  # each pair shows in both people's cards
    for left in range(5, 0, -1):
        row = missing.first
        row.locator("input[name=reason]").fill("因集中参加市委党校培训，改为书面交流")
        row.get_by_role("button", name="免谈").click()
        shown(office, "已记录免谈理由。")
        expect(missing).to_have_count(2 * (left - 1))
    expect(office.locator("tr[data-state=waived]")).to_have_count(2 * 5)
    expect(office.get_by_test_id("coverage-counts")).to_contain_text("未谈 0")
    meeting_page(office, meeting)
    expect(office.get_by_test_id("talk-panel")).to_contain_text("未谈 0")
    screenshots(office, "stage-4-talks")
    advance(office, meeting, Stage.DRAFTING)

    # --- 5 撰写对照检查材料: one outline written, submitted and approved in the browser ------------------
    office.goto(f"/meetings/{meeting.pk}/drafts/")  # opening the list makes the team's and every outline
    expect(office.get_by_test_id("draft-table").locator("tbody tr")).to_have_count(5)
    outline = Draft.objects.get(meeting=meeting, author=first)

    meeting_page(member, meeting)
    member.get_by_test_id("draft-panel").get_by_test_id("own-outline").click()
    group = member.locator("[data-kind=group]").first
    group.get_by_test_id("add-problem").click()
    written_problem = group.locator("[data-kind=problem]").last
    written_problem.locator("textarea[data-field=lead]").fill("深入基层调查研究不够。")
    written_problem.locator("textarea[data-field=text]").fill("到分管领域基层调研偏少，对基层困难了解不深。")
    written_problem.locator("textarea[data-field=example]").fill(
        "比如，全年到分管的乡镇调研仅2次，多是听汇报。"
    )
    expect(member.get_by_test_id("save-state")).to_contain_text("已保存于")
    member.get_by_test_id("review-panel").get_by_test_id("submit-draft").click()
    member.get_by_test_id("confirm-submit").click()
    shown(member, "等待审阅")
    expect(member.get_by_test_id("review-panel").get_by_test_id("draft-status")).to_have_text("待审阅")
    meeting_page(member, meeting)  # off the editor, which polls

    chief = log_in(new_page, secretary)
    chief.goto(f"/meetings/{meeting.pk}/drafts/")
    chief.get_by_test_id(f"draft-row-{outline.pk}").get_by_test_id("open-draft").click()
    chief.get_by_test_id("review-form").locator("input[value=approve]").check()
    chief.get_by_test_id("review-submit").click()
    shown(chief, "已审阅通过")
    expect(chief.get_by_test_id("review-panel").get_by_test_id("draft-status")).to_have_text("审阅通过")
    meeting_page(chief, meeting)
    outline.refresh_from_db()
    assert outline.status == DraftStatus.APPROVED

    # The rest through the services: the team material (written by the office, approved by the
    # secretary, endorsed by the supervisor), the other outlines, the secretary's own (the supervisor reviews it).
    drafts = {(d.kind, d.author_id): d for d in Draft.objects.filter(meeting=meeting)}
    approve_through_services(
        drafts[(DraftKind.TEAM, None)], world.office, secretary, world.supervisor, TEAM_PROBLEMS
    )
    for author in (second, third):
        approve_through_services(drafts[(DraftKind.PERSONAL, author.pk)], author, secretary)
    approve_through_services(drafts[(DraftKind.PERSONAL, secretary.pk)], secretary, world.supervisor)

    meeting_page(office, meeting)
    expect(office.get_by_test_id("stage-actions")).not_to_contain_text("进入“召开会议”前还需")
    screenshots(office, "stage-5-drafting")
    advance(office, meeting, Stage.MEETING)

    # --- 6 召开会议: before the meeting's day nothing is recorded and the stage cannot be left ------------
    actions = office.get_by_test_id("stage-actions")
    expect(actions).to_contain_text("会议定于2027年1月20日召开，尚未召开")
    expect(actions.get_by_test_id("advance")).to_have_count(0)
    screenshots(office, "stage-6-before-the-day")
    # Opening the live page creates nothing: the office starts the record (the talks' criticisms are
    # listed, waiting to be confirmed at the meeting), and nothing is taken down before the day.
    office.goto(f"/meetings/{meeting.pk}/record/live/")
    expect(office.get_by_test_id("record-not-started")).to_be_visible()
    assert not MeetingRecord.objects.filter(meeting=meeting).exists()
    office.get_by_test_id("record-start-form").get_by_role("button", name="开始记录").click()
    shown(office, "会议记录已开始")
    expect(office.get_by_test_id("record-early")).to_contain_text("会议当天起才能记录发言")
    expect(office.locator("[data-save]")).to_have_count(0)
    settled(office)
    screenshots(office, "live-record-before-the-day")

    # The meeting's day: the office takes down the first member's turn in live mode. The criticism the
    # secretary said in the talk they would raise is there already, and is confirmed as raised; a second
    # one is added.
    before_the_meeting.move_to(AT_THE_MEETING)
    record = MeetingRecord.objects.get(meeting=meeting)
    statements = {s.member_id: s for s in record.statements.all()}
    office.goto(f"/meetings/{meeting.pk}/record/live/?member={statements[first.pk].pk}")
    expect(office.get_by_test_id("record-early")).to_have_count(0)
    texts = office.locator("[data-criticism-rows] [data-testid=criticism-text]")
    expect(texts.first).to_have_value(sides[secretary][1])
    office.get_by_test_id("criticism-confirmed").first.check()
    office.get_by_test_id("live-self-criticism").fill("成员1同志：本人调查研究不够深入，联系群众不够经常。")
    if texts.count() < 2:
        office.get_by_test_id("add-criticism").click()
    office.locator("[data-criticism-rows] [data-testid=criticism-by]").nth(1).select_option(f"u{second.pk}")
    texts.nth(1).fill("抓分管领域安全生产检查不够细，有的隐患整改跟踪不到位。")
    office.get_by_test_id("live-response").fill("诚恳接受大家的批评，逐条列入整改清单。")
    expect(office.get_by_test_id("save-state")).to_contain_text("已保存于")
    settled(office)
    screenshots(office, "live-record")
    statement = statements[first.pk]
    statement.refresh_from_db()
    assert statement.response and statement.criticisms.filter(confirmed=True).count() == 2

    # The other turns through the service, each with at least two criticisms.
    critics = [secretary, first, second, third]
    for person in (secretary, second, third):
        turn = statements[person.pk]
        # The talks' criticisms of these turns were raised at the meeting too: the recorder confirms them.
        kept = [{"id": c.pk, "by": c.by, "text": c.text, "confirmed": True} for c in turn.criticisms.all()]
        others = [critic for critic in critics if critic != person]
        added = [
            {"by": critic, "text": f"{critic.name}同志指出：{person.name}同志抓工作落实的韧劲不足。"}
            for critic in others[: max(0, 2 - len(kept))]
        ]
        records.save_statement(
            turn,
            by=world.office,
            self_criticism=f"{person.name}同志：本人理论学习不够深入。",
            response="诚恳接受批评，立行立改。",
            criticisms=kept + added,
        )

    # Time, attendance and the summary on the edit page; the planned date is offered as the actual one.
    office.goto(f"/meetings/{meeting.pk}/record/edit/")
    record_form = office.get_by_test_id("record-form")
    expect(record_form.locator("#id_held_on")).to_have_value(MEETING_DAY.isoformat())
    expect(record_form.locator("[data-testid=attendance-table] input[type=checkbox]:checked")).to_have_count(
        participants + 1
    )
    record_form.locator("#id_recorder").fill("刘文静")
    record_form.locator("#id_guidance_remarks").fill("会议准备充分，批评与自我批评开展得比较好。")
    record_form.locator("#id_summary").fill("会议达到了统一思想、增进团结、推动工作的目的。")
    record_form.get_by_role("button", name="保存").click()
    shown(office, "会议记录已保存。")
    assert records.record_problems(meeting) == []
    meeting_page(office, meeting)
    expect(office.get_by_test_id("record-panel")).to_contain_text("已完整")
    screenshots(office, "stage-6-meeting")
    advance(office, meeting, Stage.RECTIFICATION)

    # --- 7 整改落实: items made on the build page with owner and unit; moving on with a reason ---------
    office.goto(f"/meetings/{meeting.pk}/rectification/build/")
    candidates = office.get_by_test_id("candidates")
    drafted = candidates.get_by_test_id("group-draft_problem")
    expect(drafted.locator("input[name=key]")).to_have_count(len(TEAM_PROBLEMS))
    drafted.locator("input[name=key]").first.check()
    candidates.get_by_test_id("group-opinion").locator("input[name=key]").first.check()
    toolbar = candidates.get_by_test_id("make-toolbar")
    toolbar.locator("select[name=owner]").select_option(str(secretary.pk))
    toolbar.locator("input[name=unit]").fill("县委办公室")
    toolbar.get_by_role("button", name="逐条生成").click()
    shown(office, "已生成班子清单第1、2项，共2项。")
    expect(office.get_by_test_id("list-items").locator("tbody tr")).to_have_count(2)

    # The first member's list: the criticisms they received, with their own name as 责任领导.
    office.get_by_test_id("list-tabs").get_by_role("link", name=re.compile(first.name)).click()
    criticised = office.get_by_test_id("candidates").get_by_test_id("group-criticism")
    expect(criticised.locator("input[name=key]")).to_have_count(2)
    for box in criticised.locator("input[name=key]").all():
        box.check()
    office.get_by_test_id("make-toolbar").locator("input[name=unit]").fill("县应急管理局")
    office.get_by_test_id("make-toolbar").get_by_role("button", name="逐条生成").click()
    shown(office, f"已生成{first.name}第1、2项，共2项。")
    items = Item.objects.filter(meeting=meeting)
    assert {(item.owner, item.unit) for item in items} == {
        (secretary, "县委办公室"),
        (first, "县应急管理局"),
    }
    assert items.count() == 4 and all("比如" not in item.problem for item in items)
    screenshots(office, "build-lists")

    meeting_page(office, meeting)
    expect(office.get_by_test_id("stage-actions")).to_contain_text("尚有4项整改事项未销号或结转")
    screenshots(office, "stage-7-rectification")
    advance(office, meeting, Stage.REPORTING, reason="按上级要求报送阶段性整改情况，剩余事项持续推进")
    assert meeting.transitions.get(to_stage=Stage.REPORTING).note.startswith("按上级要求报送")

    # --- 8 报告通报: the secretary approves both, the office sends the report and issues the 通报 -------
    # The meeting answers no notice of a superior: the office names the report's addressees first.
    url = f"/meetings/{meeting.pk}/reporting/"
    office.goto(url)
    report_settings = office.get_by_test_id("settings-form")
    report_settings.locator("#id_main_recipients").fill("市纪委、市委组织部")
    report_settings.get_by_role("button", name="保存设置").click()
    shown(office, "报告通报设置已保存。")
    chief.goto(url)
    for kind in ("situation-report", "notification"):
        chief.get_by_test_id(f"approve-{kind}").click()
        expect(chief.get_by_test_id(f"approval-{kind}")).to_contain_text("已审定")
    settled(chief)

    office.goto(url)
    expect(office.get_by_test_id("preview-situation-report")).to_contain_text("现将有关情况报告如下")
    for kind, status in (("situation-report", "已报送"), ("notification", "已印发")):
        send = office.get_by_test_id(f"send-form-{kind}")
        if kind == "situation-report":
            send.locator("select[name=channel]").select_option(label="机要交换")
        send.locator("input[name=confirmed]").check()
        send.get_by_test_id(f"send-{kind}").click()
        # Sending freezes the Word and PDF files: four documents rendered on a busy machine.
        expect(office.get_by_test_id(f"status-{kind}")).to_contain_text(status, timeout=90_000)
    settled(office)
    assert Sending.objects.filter(meeting=meeting).count() == 2
    meeting_page(office, meeting)
    expect(office.get_by_test_id("panel-report")).to_contain_text("已报送")
    expect(office.get_by_test_id("panel-notification")).to_contain_text("已印发")
    screenshots(office, "stage-8-reporting")
    advance(office, meeting, Stage.CLOSED)

    # --- 9 归档: a locked page shows no form, and a change posted to it anyway is refused ---------------
    expect(office.get_by_test_id("stage-actions").get_by_test_id("advance")).to_have_count(0)
    screenshots(office, "stage-9-closed")
    office.goto(f"/meetings/{meeting.pk}/opinions/new/")
    expect(office.get_by_test_id("opinions-locked")).to_have_text(ARCHIVE_READ_ONLY)
    expect(office.get_by_test_id("entry-form")).to_have_count(0)
    office.goto(f"/meetings/{meeting.pk}/talks/new/")
    expect(office.get_by_test_id("talks-locked")).to_have_text(ARCHIVE_READ_ONLY)
    expect(office.get_by_test_id("talk-form")).to_have_count(0)
    screenshots(office, "archive-talk-form")
    # A form the page no longer shows, posted anyway (with the page's CSRF token): refused, saying why.
    with office.expect_navigation() as refused:
        office.evaluate(
            """(action) => {
                const form = document.createElement("form");
                form.method = "post";
                form.action = action;
                const fields = {
                    csrfmiddlewaretoken: document.querySelector("input[name=csrfmiddlewaretoken]").value,
                    text: "归档后又收到的一条意见建议，内容足够长。",
                };
                for (const [name, value] of Object.entries(fields)) {
                    const input = document.createElement("input");
                    input.name = name;
                    input.value = value;
                    form.append(input);
                }
                document.body.append(form);
                form.submit();
            }""",
            f"/meetings/{meeting.pk}/opinions/new/",
        )
    assert refused.value.status == 403
    expect(office.get_by_test_id("refusal")).to_contain_text("会议已归档，材料只能查看")
    expect(office.get_by_test_id("refusal")).not_to_contain_text("请联系本单位办公室")
    screenshots(office, "archive-post-refused")
    public.goto(f"/box/{meeting.opinion_box.token}/")  # the public box too
    expect(public.get_by_test_id("box-archived")).to_contain_text("已归档")
    expect(public.get_by_test_id("box-form")).to_have_count(0)
    assert Opinion.objects.filter(meeting=meeting).count() == 2

    meeting.refresh_from_db()
    assert meeting.stage == Stage.CLOSED
    assert [log.to_stage for log in meeting.transitions.order_by("at", "pk")] == [
        Stage.STUDY,
        Stage.OPINIONS,
        Stage.TALKS,
        Stage.DRAFTING,
        Stage.MEETING,
        Stage.RECTIFICATION,
        Stage.REPORTING,
        Stage.CLOSED,
    ]
    stage_shots = sorted(path.name for path in screenshots.folder.glob("*-stage-*.png"))
    assert [re.search(r"stage-(\d)", name).group(1) for name in stage_shots if "before" not in name] == [
        str(n) for n in range(1, 10)
    ]
    for page in (office, supervisor, member, chief, public):
        settled(page)
