"""python manage.py seed_demo: a fictional city with three units and their meetings at every stage — the
county team's meeting whose plan awaits approval (here), its 巡视整改专题 meeting in rectification with
its report approved and last year's meeting archived (rectification.demo, reporting.demo), and six more
units under the city, one at each other point of the season (meetings.demo_units, meetings.demo_overview)."""

import datetime

from django.core.management.base import BaseCommand
from django.db import transaction

from feedback.models import BOX_CHANNEL
from inspection.demo import seed_drafts
from meetings import aspect_sets, services
from meetings.demo_overview import UNIT_NOTES, seed_city_units
from meetings.demo_preparation import Entry, Note, Session, record_talk, seed_opinions, seed_study, waive
from meetings.demo_units import DEMO_PASSWORD, assign, person
from meetings.models import (
    AspectTemplate,
    Meeting,
    MeetingKind,
    MeetingPerson,
    PersonKind,
    PlanStatus,
    StudyForm,
)
from orgs.models import AdminRole, BranchRepresentative, ChargedUnit, Organisation, Role, User
from rectification.demo import seed_rectification
from reporting.demo import approve_special
from supervision.demo import seed_checklist

CITY = "江城市委"
COUNTY = "云岭县委"
TEAM = "云岭县委常委班子"

# (username, name, title, unit in charge, unit head, branch)
TEAM_MEMBERS = [
    ("linzhiyuan", "林志远", "县委书记", None, None, "县委办公室党支部"),
    ("zhoujianhua", "周建华", "县委副书记、县长", "县政府办公室", "钱卫东", "县政府办公室党支部"),
    ("chenliqun", "陈立群", "县委副书记", "县委政法委", "冯佳", "县委办公室党支部"),
    (
        "wangzhendong",
        "王振东",
        "县委常委、县纪委书记、县监委主任",
        "县纪委监委机关",
        "褚明亮",
        "县纪委机关党支部",
    ),
    ("lishumin", "李淑敏", "县委常委、组织部部长", "县委组织部", "卫红", "县委组织部党支部"),
    ("zhaoguoqiang", "赵国强", "县委常委、宣传部部长", "县委宣传部", "蒋文", "县委宣传部党支部"),
    ("sunwenbo", "孙文博", "县委常委、政法委书记", "县公安局", "沈力", "县委政法委党支部"),
    ("wuhaitao", "吴海涛", "县委常委、常务副县长", "县发展和改革局", "韩冰", "县政府办公室党支部"),
    ("zhengxiaomei", "郑晓梅", "县委常委、统战部部长", "县委统战部", "杨柳", "县委统战部党支部"),
]
OFFICE = ("liuwenjing", "刘文静", "县委办公室综合科科长")
# 三员分立 (DESIGN §12): (username, admin role, their job), none with a role in a meeting.
ADMINISTRATORS = [
    ("sysadmin", AdminRole.SYSTEM, "组织、人员和角色，/admin/"),
    ("secadmin", AdminRole.SECURITY, "账户锁定、密码重置和安全设置"),
    ("auditadmin", AdminRole.AUDIT, "审计记录"),
]
SUPERVISOR = ("huangweimin", "黄伟民", "市委组织部干部一科科长")


# The 2026年度 meeting being prepared: three sessions (one absence) and a member's notes, opinions from
# a forum, interviews and a form (accepted) and two from the box still to triage (meetings.demo_preparation).
MATERIALS = "习近平新时代中国特色社会主义思想学习纲要\n中国共产党章程\n关于新形势下党内政治生活的若干准则"
STUDY = [
    Session(
        62,
        StudyForm.CENTRE_GROUP,
        "深入学习贯彻党的创新理论",
        MATERIALS,
        "县委理论学习中心组集体学习，林志远同志领学并作交流发言。",
        absent={8: "在省委党校脱产学习"},
    ),
    Session(
        55,
        StudyForm.CENTRE_GROUP,
        "学习《中国共产党纪律处分条例》",
        "中国共产党纪律处分条例\n中国共产党党内监督条例",
        "结合典型案例开展警示教育。",
    ),
    Session(
        51, StudyForm.SEMINAR, "对照检查方面专题研讨", "中国共产党章程", "班子成员逐一发言，查找差距不足。"
    ),
]
NOTES = [
    Note(
        2,
        59,
        "习近平新时代中国特色社会主义思想学习纲要",
        "通过学习，进一步坚定了理想信念，认识到在联系群众方面还有差距。",
    )
]
OPINIONS = [
    Entry("班子成员到基层调研的频次还不够，有时调研走马观花。", "座谈会", "干部", 0),
    Entry("对重大项目的跟踪督办还需加强，个别项目推进缓慢。", "座谈会", "党员", 2),
    Entry("为群众办实事要更多听取村民意见，村道维修进度较慢。", "个别访谈", "群众", 3),
    Entry("会议和文件仍然偏多，基层迎检负担较重。", "征求意见表", "干部", 4, addressee=1),
    Entry("政法领域风险隐患排查要更加深入细致。", "个别访谈", "党员", 2, addressee=2),
    Entry("对分管部门干部的日常教育管理还可以更严一些。", "座谈会", "党员", 5, addressee=3),
    Entry("希望领导多到我们村里看看，听听老百姓的想法。", BOX_CHANNEL, "群众"),
    Entry("办事窗口有时等待时间长，希望改进。", BOX_CHANNEL, "群众"),
]


def seed_talks(meeting, team, clerk):
    """A few talks (one still waiting for the other side) and one waived pair."""
    secretary, county_head, deputy, discipline = team[0], team[1], team[2], team[3]
    day = meeting.date - datetime.timedelta(days=52)
    record_talk(
        meeting,
        day,
        "县委书记办公室",
        "思想认识、履职担当、分管领域存在的问题",
        "加强沟通协作，推动重点项目落地见效",
        [
            (
                secretary,
                "统筹全局多，深入基层一线调研偏少。",
                "周建华同志抓项目进度有时急于求成，对群众诉求回应不够及时。",
            ),
            (county_head, None, None),
        ],
    )
    record_talk(
        meeting,
        day + datetime.timedelta(days=1),
        "县政府小会议室",
        "政府工作落实、作风建设",
        "",
        [
            (county_head, "", "陈立群同志对政法领域风险隐患排查还不够深入。"),
            (deputy, "调研多集中在城区，到偏远乡镇少。", "周建华同志开会多、文件多，基层负担仍然较重。"),
        ],
    )
    waive(meeting, discipline, team[8], "郑晓梅同志在省委党校脱产学习，已书面交流意见。", clerk, day)


def seed_administrators():
    """The three administrators, and any superuser an earlier demo or ``createsuperuser`` made (a
    superuser is the system administrator too): [(user, job)], for the account list."""
    administrators = []
    for username, role, job in ADMINISTRATORS:
        user = person(username, role.label, "县委办公室信息科")
        user.admin_role = role
        user.save(update_fields=["admin_role"])
        administrators.append((user, f"{role.label}：{job}"))
    usernames = [row[0] for row in ADMINISTRATORS]
    for user in User.objects.filter(is_superuser=True).exclude(username__in=usernames).order_by("username"):
        administrators.append((user, "超级用户，即系统管理员：/admin/"))
    return administrators


class Command(BaseCommand):
    help = (
        "创建演示数据（可重复运行）：江城市委下的云岭县委、石桥县委、青山县委和市教育局、财政局、"
        "水务局、医疗保障局党组，督导组，以及处于各阶段的民主生活会。"
    )

    @transaction.atomic
    def handle(self, **options):
        aspect_sets.install()
        city, _ = Organisation.objects.get_or_create(name=CITY, defaults={"team_name": "江城市委常委班子"})
        county, _ = Organisation.objects.get_or_create(
            name=COUNTY, defaults={"parent": city, "team_name": TEAM}
        )
        team = []
        for order, (username, name, title, unit, head_name, branch) in enumerate(TEAM_MEMBERS):
            user = person(username, name, title)
            assign(user, county, Role.SECRETARY if order == 0 else Role.MEMBER, order)
            team.append(user)
            if unit:
                head = person(f"{username}-unit", head_name, f"{unit}主要负责同志", login=False)
                ChargedUnit.objects.get_or_create(
                    organisation=county, member=user, name=unit, defaults={"head": head}
                )
            representative = person(
                f"{username}-branch", f"{branch[:-3]}党员代表", f"{branch}党员", login=False
            )
            BranchRepresentative.objects.get_or_create(
                organisation=county,
                member=user,
                representative=representative,
                defaults={"branch_name": branch},
            )
        clerk = person(*OFFICE)
        assign(clerk, county, Role.OFFICE)
        supervisor = person(*SUPERVISOR)
        assign(supervisor, city, Role.SUPERVISOR)
        administrators = seed_administrators()

        meeting = Meeting.objects.filter(organisation=county, year=2026, kind=MeetingKind.ANNUAL).first()
        if meeting is None:
            meeting = services.create_meeting(
                organisation=county,
                by=clerk,
                aspect_template=AspectTemplate.objects.get(kind=MeetingKind.ANNUAL),
                year=2026,
                kind=MeetingKind.ANNUAL,
                name="2026年度民主生活会",
                theme="深入学习贯彻习近平新时代中国特色社会主义思想，坚定拥护“两个确立”、坚决做到“两个维护”，"
                "锤炼党性、担当作为，推动全县高质量发展",
                date=datetime.date(2027, 1, 20),
                start_time=datetime.time(9, 0),
                place="县委常委会议室",
                duration="半天",
                host=team[0],
                notice_issuer="市纪委机关、市委组织部",
                notice_title="关于认真开好2026年度县以上党和国家机关党员领导干部民主生活会的通知",
                notice_number="江组通〔2026〕58号",
            )
            MeetingPerson.objects.bulk_create(
                [
                    MeetingPerson(
                        meeting=meeting, kind=PersonKind.ATTENDEE, order=1, name="县委办公室主要负责同志"
                    ),
                    MeetingPerson(
                        meeting=meeting,
                        kind=PersonKind.GUIDANCE,
                        order=1,
                        name="市委第三督导组",
                        title="有关同志",
                    ),
                ]
            )
        if meeting.plan.status in (PlanStatus.DRAFT, PlanStatus.RETURNED):
            services.submit_plan(meeting.plan, clerk)
        if not meeting.talks.exists():
            seed_talks(meeting, team, clerk)
        if not meeting.study_sessions.exists():
            seed_study(meeting, team, clerk, STUDY, NOTES)
        if not meeting.opinions.exists():
            seed_opinions(meeting, team, clerk, OPINIONS)
        seed_drafts(meeting, team, clerk)
        last_year, special = seed_rectification(county, team, clerk, supervisor)
        approve_special(special, team[0], clerk)
        seed_checklist(special, supervisor)
        units = seed_city_units(city, supervisor)

        self.stdout.write(self.style.SUCCESS(f"演示数据已就绪。账号（密码均为 {DEMO_PASSWORD}）："))
        rows = [(clerk, "办公室"), (team[0], "主要负责同志"), (team[1], "班子成员"), (supervisor, "督导组")]
        for user, role in rows:
            self.stdout.write(f"  {user.username:<14} {role:<8} {user.name}（{user.title}）")
        self.stdout.write(f"  {'其他班子成员':<12} " + "、".join(u.username for u in team[2:]))
        for organisation, unit_team, unit_clerk, _ in units:
            self.stdout.write(
                f"  {organisation.name}：办公室 {unit_clerk.username}，主要负责同志 {unit_team[0].username}，"
                "班子成员 " + "、".join(u.username for u in unit_team[1:])
            )
        for user, job in administrators:
            self.stdout.write(f"  {user.username:<14} {job}（不能查看会议内容）")
        meetings = [
            (meeting, "方案待督导组审定"),
            (special, "整改落实，情况报告和通报已审定待报送"),
            (last_year, "已归档，报告已报送、通报已印发，2项问题结转"),
        ] + [(unit_meeting, UNIT_NOTES[organisation.name]) for organisation, *_, unit_meeting in units]
        self.stdout.write(
            "演示会议（报告通报：/meetings/<编号>/reporting/，归档文件：/meetings/<编号>/archive/）："
        )
        for shown, note in meetings:
            self.stdout.write(f"  {shown.title}（编号 {shown.pk}，{note}）")
