"""系统管理 (/admin/, issue 14 item 5): the system administrator's alone; it lists organisations, people,
their roles and configuration, and no confidential model; the stage log is read-only; a new account's
password must be changed at first login and an existing one's is not reset here; every change of roles
and administrators' roles is in the audit trail; a system administrator changes neither their own
administrator's role nor their own meeting roles. And ``manage.py set_admin_role``, the bootstrap.
"""

import io

import pytest
from django.apps import apps
from django.contrib import admin
from django.core.management import CommandError, call_command
from django.urls import reverse

from audit.models import Action, AuditEvent
from meetings.models import Meeting, TransitionLog
from meetings.workflow import Stage
from orgs.admin_site import SystemAdminPermissions
from orgs.models import AdminRole, Organisation, Role, RoleAssignment, User
from tests.factories import OrganisationFactory, UserFactory

# What the admin may list: organisations, people and roles, and configuration with no meeting content.
LISTED = {
    "orgs.User",
    "orgs.Organisation",
    "orgs.RoleAssignment",
    "orgs.ChargedUnit",
    "orgs.BranchRepresentative",
    "meetings.AspectTemplate",
    "meetings.TransitionLog",
    "inspection.SoftPhrase",
    "reminders.ReminderRule",
    "reminders.EmailPreference",
    "reminders.ScanState",
    "reminders.CalendarToken",
}
# Confidential, or quoting what is: never in the admin, for anyone.
CONFIDENTIAL = [
    "feedback.Opinion",
    "meetings.Meeting",
    "meetings.Plan",
    "meetings.Talk",
    "meetings.TalkParticipant",
    "meetings.SelfStudyNote",
    "meetings.StudySession",
    "meetings.MeetingRecord",
    "meetings.Statement",
    "meetings.Criticism",
    "inspection.Draft",
    "inspection.DraftVersion",
    "inspection.DraftComment",
    "inspection.RefusedSave",
    "rectification.RectificationList",
    "rectification.Item",
    "rectification.Progress",
    "rectification.Evidence",
    "rectification.StatusChange",
    "rectification.OpinionAnswer",
    "rectification.Activity",
    "reporting.ReportSettings",
    "reporting.FrozenFile",
    "reporting.Sending",
    "reminders.Reminder",
    "reminders.Notification",
    "reminders.Digest",
    "audit.AuditEvent",
]


@pytest.fixture
def people(db):
    return {
        "system": UserFactory(username="sys", display_name="系统管理员", admin_role=AdminRole.SYSTEM),
        "security": UserFactory(username="sec", display_name="安全管理员", admin_role=AdminRole.SECURITY),
        "audit": UserFactory(username="aud", display_name="审计管理员", admin_role=AdminRole.AUDIT),
        "superuser": UserFactory(username="root", display_name="超级用户", is_superuser=True, is_staff=True),
        "staff": UserFactory(username="staff", display_name="有员工标记的人员", is_staff=True),
    }


def admin_url(label, view="changelist", *args):
    app_label, model = label.lower().split(".")
    return reverse(f"admin:{app_label}_{model}_{view}", args=args)


def listed_models(response):
    return {
        f"{app['app_label']}.{model['object_name']}"
        for app in response.context["app_list"]
        for model in app["models"]
    }


# --- who opens it -------------------------------------------------------------------------------------


def test_only_the_system_administrator_opens_the_admin(client, people):
    for role in ("system", "superuser"):
        client.force_login(people[role])
        assert client.get(reverse("admin:index")).status_code == 200, role
    # is_staff alone is not enough, nor is any other administrator's role.
    for role in ("security", "audit", "staff"):
        client.force_login(people[role])
        response = client.get(reverse("admin:index"), follow=True)
        assert response.status_code == 403, role
        assert "系统管理仅供系统管理员使用" in response.content.decode(), role
        assert client.get(admin_url("orgs.User")).status_code in (302, 403), role
        assert client.get(admin_url("orgs.User"), follow=True).status_code == 403, role


def test_someone_signed_out_is_sent_to_the_one_sign_in_page(client, db):
    response = client.get(reverse("admin:index"), follow=True)
    assert response.redirect_chain[-1][0] == f"{reverse('login')}?next={reverse('admin:index')}"


def test_an_inactive_system_administrator_is_refused(client, people):
    people["system"].is_active = False
    people["system"].save()
    client.force_login(people["system"])
    response = client.get(reverse("admin:index"), follow=True)
    assert response.redirect_chain[-1][0].startswith(reverse("login"))


# --- what it lists ------------------------------------------------------------------------------------


def test_the_admin_lists_organisations_people_roles_and_configuration_only(client, people):
    for role in ("system", "superuser"):
        client.force_login(people[role])
        response = client.get(reverse("admin:index"))
        assert listed_models(response) == LISTED, role
        body = response.content.decode()
        for label in CONFIDENTIAL:
            assert f'href="/admin/{label.lower().replace(".", "/")}/"' not in body, (role, label)


def test_no_confidential_model_is_registered_and_its_admin_addresses_are_not_found(client, people):
    registered = {model._meta.label for model in admin.site._registry}
    assert registered == LISTED
    client.force_login(people["superuser"])
    for label in CONFIDENTIAL:
        apps.get_model(label)  # the name is a real model
        path = f"/admin/{label.lower().replace('.', '/')}/"
        assert client.get(path).status_code == 404, label
        assert client.get(f"{path}1/change/").status_code == 404, label


def test_every_admin_of_the_project_asks_for_the_system_administrator(client, people):
    """A system administrator who is not a superuser (and has no Django permission) uses every list."""
    for model, model_admin in admin.site._registry.items():
        assert isinstance(model_admin, SystemAdminPermissions), model
        for inline in model_admin.inlines:
            assert issubclass(inline, SystemAdminPermissions), inline
    client.force_login(people["system"])
    for label in LISTED:
        assert client.get(admin_url(label)).status_code == 200, label


# --- the stage log ----------------------------------------------------------------------------------


def test_nobody_adds_changes_or_deletes_a_row_of_the_stage_log(client, world, people):
    log = TransitionLog.objects.create(
        meeting=world.meeting, from_stage=Stage.PLANNING, to_stage=Stage.STUDY, by=world.office
    )
    for role in ("system", "superuser"):
        client.force_login(people[role])
        assert client.get(admin_url("meetings.TransitionLog", "change", log.pk)).status_code == 200
        body = client.get(admin_url("meetings.TransitionLog")).content.decode()
        assert "delete_selected" not in body, role
        assert client.get(admin_url("meetings.TransitionLog", "delete", log.pk)).status_code == 403, role
        assert (
            client.post(admin_url("meetings.TransitionLog", "delete", log.pk), {"post": "yes"}).status_code
            == 403
        )
        assert client.get(admin_url("meetings.TransitionLog", "add")).status_code == 403, role
        client.post(admin_url("meetings.TransitionLog", "change", log.pk), {"to_stage": Stage.CLOSED})
        changed = client.post(
            admin_url("meetings.TransitionLog"),
            {"action": "delete_selected", "_selected_action": [log.pk], "post": "yes"},
        )
        assert changed.status_code in (200, 302, 403), role
    log.refresh_from_db()
    assert log.to_stage == Stage.STUDY


def test_a_meeting_is_neither_changed_nor_deleted_in_the_admin(client, world, people):
    client.force_login(people["superuser"])
    path = f"/admin/meetings/meeting/{world.meeting.pk}/delete/"
    assert client.post(path, {"post": "yes"}).status_code == 404
    assert Meeting.objects.filter(pk=world.meeting.pk).exists()


# --- people and passwords ----------------------------------------------------------------------------


def new_person(**extra):
    return {
        "username": "zhangsan",
        "password1": "Initial-2027x",
        "password2": "Initial-2027x",
        "display_name": "张三",
        "title": "县委办公室干部",
        "email": "",
        "admin_role": "",
        **extra,
    }


def roles_formset(*rows, initial=0):
    data = {
        "roles-TOTAL_FORMS": str(len(rows)),
        "roles-INITIAL_FORMS": str(initial),
        "roles-MIN_NUM_FORMS": "0",
        "roles-MAX_NUM_FORMS": "1000",
    }
    for n, row in enumerate(rows):
        data.update({f"roles-{n}-{key}": value for key, value in row.items()})
    return data


def person_form(person, **changes):
    data = {
        "username": person.username,
        "display_name": person.display_name,
        "title": person.title,
        "email": person.email,
        "is_active": "on",
        "admin_role": person.admin_role,
    }
    data.update(changes)
    return data


def test_a_person_created_in_the_admin_must_change_the_initial_password_at_first_login(client, people):
    client.force_login(people["system"])
    response = client.post(admin_url("orgs.User", "add"), {**new_person(), **roles_formset()})
    assert response.status_code == 302, response.context and response.context["adminform"].form.errors
    created = User.objects.get(username="zhangsan")
    assert created.check_password("Initial-2027x")
    assert created.must_change_password
    assert created.display_name == "张三" and not created.is_superuser and not created.is_staff


def test_the_system_administrator_resets_no_password_of_an_existing_person(client, world, people):
    client.force_login(people["system"])
    member = world.member
    page = client.get(admin_url("orgs.User", "change", member.pk)).content.decode()
    assert "请联系安全管理员" in page
    assert 'href="../password/"' not in page and f"/admin/orgs/user/{member.pk}/password/" not in page
    url = reverse("admin:auth_user_password_change", args=[member.pk])  # Django's name for it
    response = client.get(url)
    assert response.status_code == 403 and "请联系安全管理员" in response.content.decode()
    response = client.post(
        url, {"password1": "Another-2027x", "password2": "Another-2027x", "usable_password": "true"}
    )
    assert response.status_code == 403
    member.refresh_from_db()
    assert member.check_password("pass-12345")


def test_the_person_form_offers_no_superuser_staff_group_or_permission(client, world, people):
    client.force_login(people["superuser"])
    url = admin_url("orgs.User", "change", world.member.pk)
    page = client.get(url).content.decode()
    for field in ("is_superuser", "is_staff", "groups", "user_permissions", "must_change_password"):
        assert f'name="{field}"' not in page, field
    client.post(url, {**person_form(world.member, is_superuser="on", is_staff="on"), **roles_formset()})
    world.member.refresh_from_db()
    assert not world.member.is_superuser and not world.member.is_staff


def test_people_are_made_inactive_not_deleted(client, world, people):
    client.force_login(people["superuser"])
    assert client.post(admin_url("orgs.User", "delete", world.member.pk), {"post": "yes"}).status_code == 403
    assert User.objects.filter(pk=world.member.pk).exists()


# --- administrators' roles ---------------------------------------------------------------------------


def test_making_someone_an_administrator_is_audited(client, world, people):
    client.force_login(people["system"])
    url = admin_url("orgs.User", "change", world.outsider.pk)
    response = client.post(
        url, {**person_form(world.outsider, admin_role=AdminRole.SECURITY), **roles_formset()}
    )
    assert response.status_code == 302
    world.outsider.refresh_from_db()
    assert world.outsider.admin_role == AdminRole.SECURITY
    event = AuditEvent.objects.get(action=Action.ADMIN_ROLE_CHANGE)
    assert event.user == people["system"] and event.object_id == str(world.outsider.pk)
    assert (
        event.detail == f"无关人员（{world.outsider.username}）的管理员角色：无 → 安全管理员（系统管理页面）"
    )
    assert event.address == "127.0.0.1"


def test_an_account_created_as_an_administrator_is_audited(client, people):
    client.force_login(people["system"])
    client.post(admin_url("orgs.User", "add"), {**new_person(admin_role=AdminRole.AUDIT), **roles_formset()})
    assert User.objects.get(username="zhangsan").admin_role == AdminRole.AUDIT
    assert AuditEvent.objects.get(action=Action.ADMIN_ROLE_CHANGE).detail.endswith(
        "无 → 审计管理员（系统管理页面）"
    )


def test_a_system_administrator_cannot_change_their_own_administrators_role(client, people):
    me = people["system"]
    client.force_login(me)
    url = admin_url("orgs.User", "change", me.pk)
    page = client.get(url).content.decode()
    assert 'name="admin_role"' not in page  # shown, not editable
    client.post(url, {**person_form(me, admin_role=AdminRole.AUDIT), **roles_formset()})
    me.refresh_from_db()
    assert me.admin_role == AdminRole.SYSTEM
    assert not AuditEvent.objects.filter(action=Action.ADMIN_ROLE_CHANGE).exists()
    # Another system administrator can.
    other = UserFactory(admin_role=AdminRole.SYSTEM)
    client.force_login(other)
    client.post(url, {**person_form(me, admin_role=AdminRole.AUDIT), **roles_formset()})
    me.refresh_from_db()
    assert me.admin_role == AdminRole.AUDIT


# --- meeting roles -------------------------------------------------------------------------------------


def role_events():
    return list(
        AuditEvent.objects.filter(action=Action.ROLE_CHANGE).order_by("pk").values_list("detail", flat=True)
    )


def test_granting_changing_and_revoking_a_role_is_audited(client, world, people):
    client.force_login(people["system"])
    outsider = world.outsider
    response = client.post(
        admin_url("orgs.RoleAssignment", "add"),
        {"user": outsider.pk, "organisation": world.county.pk, "role": Role.OFFICE, "order": 0},
    )
    assert response.status_code == 302
    assignment = RoleAssignment.objects.get(user=outsider)
    client.post(
        admin_url("orgs.RoleAssignment", "change", assignment.pk),
        {"user": outsider.pk, "organisation": world.county.pk, "role": Role.MEMBER, "order": 5},
    )
    client.post(
        admin_url("orgs.RoleAssignment", "change", assignment.pk),
        {"user": outsider.pk, "organisation": world.county.pk, "role": Role.MEMBER, "order": 6},
    )  # the ranking order alone: not a change of who sees what
    client.post(admin_url("orgs.RoleAssignment", "delete", assignment.pk), {"post": "yes"})
    assert not RoleAssignment.objects.filter(user=outsider).exists()
    assert role_events() == [
        "授予 无关人员 云岭县委 办公室",
        "变更 无关人员 云岭县委 办公室 → 无关人员 云岭县委 班子成员",
        "撤销 无关人员 云岭县委 班子成员",
    ]
    event = AuditEvent.objects.filter(action=Action.ROLE_CHANGE).first()
    assert event.user == people["system"] and event.object_type == "orgs.RoleAssignment"


def test_roles_revoked_in_bulk_are_audited_one_by_one(client, world, people):
    client.force_login(people["system"])
    members = RoleAssignment.objects.filter(organisation=world.county, role=Role.MEMBER)
    selected = list(members.values_list("pk", flat=True))
    client.post(
        admin_url("orgs.RoleAssignment"),
        {"action": "delete_selected", "_selected_action": selected, "post": "yes"},
    )
    assert not members.exists()
    assert sorted(role_events()) == sorted(f"撤销 成员{n} 云岭县委 班子成员" for n in (1, 2, 3))


def test_roles_given_and_taken_on_a_persons_page_are_audited(client, world, people):
    client.force_login(people["system"])
    outsider = world.outsider
    url = admin_url("orgs.User", "change", outsider.pk)
    row = {
        "id": "",
        "user": outsider.pk,
        "organisation": world.other_county.pk,
        "role": Role.MEMBER,
        "order": 0,
    }
    assert client.post(url, {**person_form(outsider), **roles_formset(row)}).status_code == 302
    assignment = RoleAssignment.objects.get(user=outsider)
    row = dict(row, id=assignment.pk, role=Role.OFFICE)
    client.post(url, {**person_form(outsider), **roles_formset(row, initial=1)})
    client.post(url, {**person_form(outsider), **roles_formset(dict(row, DELETE="on"), initial=1)})
    assert not RoleAssignment.objects.filter(user=outsider).exists()
    assert role_events() == [
        "授予 无关人员 石桥县委 班子成员",
        "变更 无关人员 石桥县委 班子成员 → 无关人员 石桥县委 办公室",
        "撤销 无关人员 石桥县委 办公室",
    ]


def test_a_system_administrator_gives_themselves_no_meeting_role(client, world, people):
    """Or they would read the organisation's meetings: another system administrator does it."""
    me = people["system"]
    client.force_login(me)
    response = client.post(
        admin_url("orgs.RoleAssignment", "add"),
        {"user": me.pk, "organisation": world.county.pk, "role": Role.OFFICE, "order": 0},
    )
    assert response.status_code == 200
    assert "不能给自己分配、变更或撤销会议角色" in response.content.decode()
    row = {"id": "", "user": me.pk, "organisation": world.county.pk, "role": Role.OFFICE, "order": 0}
    client.post(admin_url("orgs.User", "change", me.pk), {**person_form(me), **roles_formset(row)})
    assert not RoleAssignment.objects.filter(user=me).exists()
    assert role_events() == []


def test_moving_an_organisation_moves_its_supervision_and_is_audited(client, world, people):
    client.force_login(people["system"])
    unit = OrganisationFactory(name="云岭县教育局", parent=world.county)
    response = client.post(
        admin_url("orgs.Organisation", "change", unit.pk),
        {"name": unit.name, "team_name": unit.team_name, "parent": world.other_county.pk},
    )
    assert response.status_code == 302
    assert role_events() == ["调整 云岭县教育局 的上级组织：云岭县委 → 石桥县委（督导范围随之改变）"]


def test_deleting_an_organisation_records_each_of_its_roles_revoked(client, world, people):
    client.force_login(people["system"])
    unit = OrganisationFactory(name="云岭县教育局", parent=world.county)
    RoleAssignment.objects.create(user=world.outsider, organisation=unit, role=Role.OFFICE)
    client.post(admin_url("orgs.Organisation", "delete", unit.pk), {"post": "yes"})
    assert not Organisation.objects.filter(pk=unit.pk).exists()
    assert role_events() == ["撤销 无关人员 云岭县教育局 办公室（组织已删除）"]


# --- manage.py set_admin_role ---------------------------------------------------------------------------


def set_admin_role(*args):
    out = io.StringIO()
    call_command("set_admin_role", *args, stdout=out)
    return out.getvalue()


def test_set_admin_role_names_the_first_administrators_and_is_audited(world):
    person = world.outsider
    output = set_admin_role(person.username, "security")
    assert "由“无管理员角色”改为“安全管理员”" in output
    person.refresh_from_db()
    assert person.admin_role == AdminRole.SECURITY
    event = AuditEvent.objects.get(action=Action.ADMIN_ROLE_CHANGE)
    assert event.user is None and event.address is None  # the command line has neither
    assert (
        event.detail == f"无关人员（{person.username}）的管理员角色：无 → 安全管理员（命令行 set_admin_role）"
    )

    assert "已是安全管理员，未作变更" in set_admin_role(person.username, "security")
    assert AuditEvent.objects.filter(action=Action.ADMIN_ROLE_CHANGE).count() == 1
    set_admin_role(person.username, "none")
    person.refresh_from_db()
    assert person.admin_role == ""


def test_set_admin_role_refuses_an_unknown_person_and_an_unknown_role(db):
    with pytest.raises(CommandError, match="没有登录名为“nobody”的人员"):
        set_admin_role("nobody", "system")
    with pytest.raises(CommandError):
        set_admin_role("nobody", "root")


def test_the_system_administrators_own_password_is_changed_on_the_apps_page(client, people):
    """Where the password rules and the history of the last passwords apply, as for everyone."""
    client.force_login(people["system"])
    response = client.get(reverse("admin:password_change"))
    assert response.status_code == 302 and response["Location"] == reverse("password_change")
