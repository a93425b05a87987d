"""三员分立 (DESIGN §12, issue 14 item 5): the system, security and audit administrators — and a Django
superuser — read no meeting content by that role. Every page and download of a meeting refuses them
(404, or 403 before the meeting is looked up) and never carries its confidential words; given a role in
the meeting's organisation, the same person reads what that role reads.

The meeting is ``meeting_with_numbers`` (its criticisms, outlines, opinions and talks carry markers),
with a self-study note, an evidence file and the report's 下一步工作 marked too.
"""

import io
import json
from types import SimpleNamespace

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import NoReverseMatch, URLPattern, URLResolver, get_resolver, reverse

from documents.exporters import EXPORTERS
from inspection.models import Draft, DraftComment
from meetings.models import SelfStudyNote, Statement, StudySession, Talk
from orgs import access
from orgs.models import AdminRole, Role, User
from rectification import services as ledger
from rectification.models import Item
from reporting.models import ReportSettings
from tests.factories import UserFactory, assign
from tests.reporting.meeting_with_numbers import (
    CRITICISM_MARK,
    OPINION_MARK,
    OUTLINE_MARK,
    TALK_MARK,
    meeting_with_numbers,
)

NOTE_MARK = "机密标记戊"
EVIDENCE_MARK = "机密标记己"  # in the evidence file's name
EVIDENCE_BYTES = b"EVIDENCE-FILE-SECRET-CONTENT"  # inside the file
REPORT_MARK = "机密标记庚"
MARKERS = {
    "opinion": OPINION_MARK,
    "talk": TALK_MARK,
    "draft": OUTLINE_MARK,
    "note": NOTE_MARK,
    "record": CRITICISM_MARK,
    "evidence": EVIDENCE_MARK,
    "evidence file": EVIDENCE_BYTES.decode(),
    "report": REPORT_MARK,
}

ADMINISTRATORS = ["system", "security", "audit", "superuser"]
WHO = {"system": "系统管理员", "security": "安全管理员", "audit": "审计管理员", "superuser": "系统管理员"}


def make_administrators():
    people = {
        role: UserFactory(display_name=WHO[role], title="信息科", admin_role=AdminRole(role))
        for role in ["system", "security", "audit"]
    }
    # The account createsuperuser makes: staff and superuser, no admin_role.
    people["superuser"] = UserFactory(display_name="超级用户", title="", is_superuser=True, is_staff=True)
    return people


@pytest.fixture
def administrators(db):
    return make_administrators()


@pytest.fixture
def filled(world):
    """The world's meeting at the reporting stage with every kind of confidential content marked, and
    the ids the meeting's URLs take."""
    meeting = meeting_with_numbers(world)
    member = world.members[0]
    note = SelfStudyNote.objects.filter(meeting=meeting).first()
    SelfStudyNote.objects.filter(pk=note.pk).update(text=f"心得体会：{NOTE_MARK}")
    item = Item.objects.filter(meeting=meeting, rectification_list__member=member).first()
    upload = SimpleUploadedFile(
        f"佐证材料{EVIDENCE_MARK}.pdf",
        b"%PDF-1.4\n" + EVIDENCE_BYTES + b"\n%%EOF\n",
        content_type="application/pdf",
    )
    evidence = ledger.attach_evidence(item, upload, world.office)
    ReportSettings.objects.filter(meeting=meeting).update(next_steps=f"下一步工作：{REPORT_MARK}")
    outline = Draft.objects.get(meeting=meeting, author=member)
    ids = {
        "pk": meeting.pk,
        "opinion_pk": meeting.opinions.get(addressee=member).pk,
        "session_pk": StudySession.objects.filter(meeting=meeting).first().pk,
        "note_pk": note.pk,
        "talk_pk": Talk.objects.filter(meeting=meeting, participants__person=member).first().pk,
        "draft_pk": outline.pk,
        "comment_pk": DraftComment.objects.filter(draft=outline).first().pk,
        "refused_pk": 1,
        "old": 1,
        "new": 2,
        "statement_pk": Statement.objects.get(record__meeting=meeting, member=member).pk,
        "item_pk": item.pk,
        "evidence_pk": evidence.pk,
        "activity_pk": 1,
        "file_pk": 1,
        "kind": "situation-report",
        "fmt": "docx",
    }
    return SimpleNamespace(meeting=meeting, member=member, ids=ids)


def patterns(resolver=None, prefix="", params=()):
    """Every named URL pattern of the project: (name, its route, its parameters, an include's too)."""
    for entry in (resolver or get_resolver()).url_patterns:
        route, named = prefix + str(entry.pattern), [*params, *entry.pattern.regex.groupindex]
        if isinstance(entry, URLResolver):
            yield from patterns(entry, route, named)
        elif isinstance(entry, URLPattern) and entry.name:
            yield entry.name, route, named


def meeting_urls(ids, member):
    """Every address of a meeting (every route under meetings/<int:pk>/), each document of
    ``document_download`` in both formats. A parameter without an id here fails the test: a new page
    of a meeting is walked as soon as it exists."""
    for name, route, params in patterns():
        if not route.startswith("meetings/<int:pk>"):
            continue
        missing = [param for param in params if param not in ids]
        assert not missing, f"tests/orgs/test_administrators.py: give an id for {missing} of {name}"
        kwargs = {param: ids[param] for param in params}
        if name == "document_download":
            for kind in EXPORTERS:
                for fmt in ("docx", "pdf"):
                    url = reverse(name, kwargs=dict(kwargs, kind=kind, fmt=fmt))
                    yield url + (f"?member={member.pk}" if EXPORTERS[kind].needs_member else "")
            continue
        if name == "opinion_import_template":
            kwargs["fmt"] = "xlsx"
        try:
            yield reverse(name, kwargs=kwargs)
        except NoReverseMatch:
            pytest.fail(f"{name} does not take {kwargs}")


def body_of(response):
    content = b"".join(response.streaming_content) if response.streaming else response.content
    text = content.decode("utf-8", "replace")
    if response.get("Content-Type", "").startswith("application/json"):
        text = json.dumps(response.json(), ensure_ascii=False)
    return text


def leaked(body):
    return [kind for kind, marker in MARKERS.items() if marker in body]


# --- the rule, as the predicates answer it -------------------------------------------------------------


def test_the_access_rules_give_no_administrator_anything_of_a_meeting(world, administrators):
    meeting = world.meeting
    for role, person in administrators.items():
        assert not access.meetings_for(person).exists(), role
        assert not access.visible_organisations(person).exists(), role
        assert not type(meeting).objects.filter(pk=meeting.pk).filter(access.viewable(person)).exists(), role
        assert not access.can_view_meeting(person, meeting), role
        for sees_all in (
            access.sees_all_talks,
            access.sees_all_opinions,
            access.sees_all_study_notes,
            access.sees_all_drafts,
            access.sees_all_lists,
            access.sees_reporting,
        ):
            assert not sees_all(person, meeting), (role, sees_all.__name__)
        for readable in (
            access.talks_for,
            access.opinions_for,
            access.study_notes_for,
            access.drafts_for,
            access.lists_for,
            access.items_for,
        ):
            assert not readable(person, meeting).exists(), (role, readable.__name__)


def test_each_administrator_is_told_apart_and_a_superuser_is_the_system_administrator(administrators):
    held = {role: access.administrator_roles(person) for role, person in administrators.items()}
    assert held == {
        "system": [AdminRole.SYSTEM],
        "security": [AdminRole.SECURITY],
        "audit": [AdminRole.AUDIT],
        "superuser": [AdminRole.SYSTEM],
    }
    inactive = UserFactory(admin_role=AdminRole.AUDIT, is_active=False)
    assert access.administrator_roles(inactive) == []


# --- the pages and the downloads ------------------------------------------------------------------------


def test_no_administrator_opens_a_page_or_a_document_of_a_meeting_nor_reads_its_content(
    client, filled, administrators
):
    urls = list(meeting_urls(filled.ids, filled.member))
    assert len(urls) > 80  # the walk found the meeting's pages and every document
    for role, person in administrators.items():
        client.force_login(person)
        for url in urls:
            for method in ("get", "post"):
                response = getattr(client, method)(url)
                # 405: a page of the other method, refused before any view code ran.
                assert response.status_code in (403, 404, 405), (role, method, url, response.status_code)
                assert leaked(body_of(response)) == [], (role, method, url)


def test_an_administrator_with_a_role_in_the_organisation_reads_what_that_role_reads(
    client, world, filled, administrators
):
    """The same accounts, given a role: the office of the county, or the city's supervision."""
    meeting, ids = filled.meeting, filled.ids
    pages = [
        reverse("opinion_list", args=[meeting.pk]),
        reverse("talk_detail", args=[meeting.pk, ids["talk_pk"]]),
        reverse("draft_api", args=[meeting.pk, ids["draft_pk"]]),
        reverse("study_list", args=[meeting.pk]),
        reverse("record_detail", args=[meeting.pk]),
        reverse("rectification_item", args=[meeting.pk, ids["item_pk"]]),
        reverse("rectification_evidence", args=[meeting.pk, ids["evidence_pk"]]),
        reporting := reverse("reporting_page", args=[meeting.pk]),
    ]
    roles = {"system": (world.city, Role.SUPERVISOR)}
    for role, person in administrators.items():
        organisation, meeting_role = roles.get(role, (world.county, Role.OFFICE))
        assign(person, organisation, meeting_role)
        client.force_login(person)
        seen = set()
        for url in pages:
            response = client.get(url)
            assert response.status_code == 200, (role, url)
            seen.update(leaked(body_of(response)))
        assert seen == set(MARKERS), (role, set(MARKERS) - seen)
        assert meeting.title in client.get(reverse("dashboard")).content.decode(), role
        assert client.get(reporting).status_code == 200


# --- where an administrator lands, and the top bar --------------------------------------------------


def test_an_administrator_without_a_meeting_role_lands_on_a_page_that_says_who_they_are(
    client, world, administrators
):
    tools = {"system": "admin:index", "audit": "audit_log", "superuser": "admin:index"}
    for role, person in administrators.items():
        client.force_login(person)
        body = client.get(reverse("dashboard")).content.decode()
        assert f"您是{WHO[role]}" in body, role
        assert "管理员角色不能查看会议内容" in body, role
        assert world.meeting.title not in body, role
        # The empty state of someone with no role at all is not theirs: they know what to do.
        assert "请联系本单位办公室" not in body, role
        if role in tools:
            assert f'href="{reverse(tools[role])}"' in body, role


def test_the_security_administrators_tools_are_linked_once_their_pages_exist(client, administrators):
    client.force_login(administrators["security"])
    body = client.get(reverse("dashboard")).content.decode()
    for name in ("security_lockouts", "security_reset_password", "security_policy"):
        try:
            url = reverse(name)
        except NoReverseMatch:
            continue
        assert f'href="{url}"' in body, name


def test_someone_with_no_role_at_all_keeps_the_empty_state(client, world):
    client.force_login(world.outsider)
    body = client.get(reverse("dashboard")).content.decode()
    assert "目前没有您可以查看的民主生活会。如需参与，请联系本单位办公室。" in body
    assert "您是" not in body and 'data-testid="admin-tool"' not in body


def test_the_top_bar_links_the_admin_for_the_system_administrator_alone(client, world, administrators):
    admin_link = f'href="{reverse("admin:index")}"'
    audit_link = f'href="{reverse("audit_log")}"'
    # A clerk who happens to be flagged staff gets no admin link: the flag opens nothing (orgs.admin_site).
    world.office.is_staff = True
    world.office.save()
    expected = {
        "system": (True, False),
        "superuser": (True, False),
        "security": (False, False),
        "audit": (False, True),
        "office": (False, False),
    }
    people = dict(administrators, office=world.office)
    for role, (admin, audit) in expected.items():
        client.force_login(people[role])
        # The notification list: a page with the top bar and no card of its own.
        body = client.get(reverse("notification_list")).content.decode()
        assert (admin_link in body, audit_link in body) == (admin, audit), role


# --- the demo ---------------------------------------------------------------------------------------------


def test_the_demo_has_the_three_administrators_who_see_no_meeting(db):
    out = io.StringIO()
    call_command("seed_demo", stdout=out)
    output = out.getvalue()
    demo = {"sysadmin": AdminRole.SYSTEM, "secadmin": AdminRole.SECURITY, "auditadmin": AdminRole.AUDIT}
    for username, role in demo.items():
        person = User.objects.get(username=username)
        assert person.admin_role == role and person.check_password("demo-2026")
        assert not person.roles.exists() and not person.is_superuser
        assert not access.meetings_for(person).exists()
        assert f"  {username:<14} {role.label}" in output
    # No superuser is made, and none is listed that does not exist.
    assert not User.objects.filter(is_superuser=True).exists()
    assert "  admin " not in output
