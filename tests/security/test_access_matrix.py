"""The access matrix (issue 14, acceptance): every URL pattern of the project, requested as every kind of
person, against one table that says who may open it.

The world (tests/security/matrix_world.py) is 云岭县委's meeting of 20 January 2027 on 1 February, in
报告通报, with content of every kind — opinions (one from the box, one addressed to member A), the talk of
member A and the secretary, the team material and A's outline, study, the record, the lists with A's
evidence, the report sent and the 通报 issued, the bundle, A's notification and calendar — and 石桥县委's
meeting beside it. Each confidential text carries a marker; ``READERS`` says who may read each one.

Every pattern is requested (GET; and a POST with empty data where the view changes things) as each of
``ROLES``. The tests then check, each over all the responses at once and listing every breach:
- the table (``EXPECTED``) has a row for every pattern and no row for a pattern that is gone: a new view
  cannot be added without saying who may open it;
- whoever the table allows is served; everyone else is refused (403 or 404; strangers to the meeting
  get 404, so that its existence does not leak; an anonymous visitor is sent to log in);
- no response — page, JSON or download (docx, xlsx, PDF, zip, ics read back) — shows a marker to
  someone ``READERS`` does not name; a refused response shows none at all;
- everyone ``READERS`` names finds each of their markers on some page (so a marker lost from the world
  cannot make the other checks pass by showing nothing);
- the Django admin shows no meeting content to anyone, administrators and the superuser included;
- an object of the other meeting is not found through this meeting's address.

The state of things is the app's today where it is right (the existing per-app permission tests), with
the 三员分立 rule of DESIGN §12: the three administrators and a superuser with no role see no meeting
content at all. Pages a stage has locked (the meeting is held: opinions, talks, study and drafts are
read-only) are encoded as they behave at 报告通报: the office's own POST there is refused too.

The requests are made once for the module (about 2,500 of them, each rolled back after it), in the
``walked`` fixture; the tests only read what came back.
"""

import time
from collections import defaultdict
from typing import NamedTuple

import pytest
import time_machine
from django.contrib import admin
from django.db import transaction
from django.test import override_settings
from django.urls import reverse

from documents.export import FORMATS
from documents.exporters import EXPORTERS

from . import matrix_world
from .matrix_world import MARK, MARKERS, TODAY
from .walk import Requester, address, url_patterns

pytestmark = pytest.mark.django_db

ROLES = (
    "anonymous",
    "office",
    "secretary",
    "member_a",
    "member_b",
    "supervisor",  # 江城市委's: supervises both counties
    "other_office",  # 石桥县委's
    "other_member",  # 石桥县委's
    "unrelated_supervisor",  # 海川市委's: supervises neither
    "system_admin",
    "security_admin",
    "audit_admin",
    "superuser",  # createsuperuser's account, with no role in any organisation
)
EVERYONE = frozenset(ROLES)
SIGNED_IN = EVERYONE - {"anonymous"}
NOBODY = frozenset()
OFFICE = frozenset({"office"})
SECRETARY = frozenset({"secretary"})
SUPERVISOR = frozenset({"supervisor"})
MEMBER_A = frozenset({"member_a"})
# Everyone of the meeting: the team, its office and the supervising body.
TEAM = frozenset({"office", "secretary", "member_a", "member_b", "supervisor"})
# "private to their participants, the secretary, the office and the supervisors" (DESIGN §4); so are a
# member's outline, feedback, notes and list (DESIGN §1, §3, §6), and the report and bundle (§10).
READS_ALL = frozenset({"office", "secretary", "supervisor"})
READS_A = READS_ALL | MEMBER_A
READS_B = READS_ALL | {"member_b"}
# 石桥县委's meeting: its own people and the city's supervisor.
OTHER_MEETING = frozenset({"other_office", "other_member", "supervisor"})
SECURITY_ADMIN = frozenset({"security_admin"})
AUDIT_ADMIN = frozenset({"audit_admin"})

# Who may read each marker, wherever it appears.
READERS = {
    "opinion_team": TEAM,  # "team opinions are shown to every member" (DESIGN §3) once accepted
    "opinion_box": READS_ALL,  # a member sees accepted opinions only; the box's waits for triage
    "opinion_to_a": READS_A,  # "an opinion addressed to a member goes to that member alone" (§3)
    "talk": READS_A,  # "Records are private to their participants, the secretary, the office and the
    "talk_criticism": READS_A,  # supervisors" (§4) — member B was in no talk
    "team_draft": TEAM,
    "outline_a": READS_A,  # "a personal draft is seen by its author, the secretary, the office and the
    "comment_a": READS_A,  # supervisors" (§1), and so is the review of it
    "study_session": TEAM,
    "study_note_a": READS_A,
    "record": TEAM,  # the record is read by everyone of the meeting
    "record_criticism": TEAM,
    "item_team": TEAM,  # the team list is the whole team's; a member's list is the member's, the
    "item_a": READS_A,  # secretary's, the office's and the supervisors'
    "progress_a": READS_A,
    "evidence_a": READS_A,
    "activity": TEAM,
    "report_next_steps": READS_ALL,  # the situation report (DESIGN §10)
    "notification_a": MEMBER_A,  # one's own notifications
    "other_opinion": OTHER_MEETING,
    "other_outline": OTHER_MEETING,
    "other_study": OTHER_MEETING,
}
# A page at a secret address (the calendar feed's token) is its owner's, whoever holds the address: what
# it shows is judged as its owner would read it.
TOKEN_OWNER = {"calendar_feed": "member_a"}
# Django admin's own patterns: checked by test_the_django_admin_shows_no_meeting_content.
SKIPPED_NAMESPACES = {"admin"}


class Page(NamedTuple):
    """Who may open a page. ``get``: who may GET it (None: the view takes POST only, and a GET is refused
    with 405 for everyone). ``post``: who may POST to it, with empty data (None: the view only reads, so
    it is not posted to)."""

    get: frozenset | None
    post: frozenset | None = None


def post_only(who):
    return Page(get=None, post=frozenset(who))


# Documents (documents/views.py): the exporter's own predicate, asked before anything is rendered, so the
# same for either format; a member's own feedback sheet and outline are the member's. What the talks
# document and the rectification list hold depends on the reader.
DOCUMENTS = {
    ("plan", ""): TEAM,
    ("talks", ""): TEAM,
    ("opinions-summary", ""): READS_ALL,
    ("member-feedback", " member A"): READS_A,
    ("member-feedback", " member B"): READS_B,
    ("team-inspection", ""): TEAM,
    ("personal-outline", " member A"): READS_A,
    ("personal-outline", " member B"): READS_B,
    ("minutes", ""): TEAM,
    ("rectification-list", ""): TEAM,
    ("progress-report", ""): TEAM,
    ("situation-report", ""): READS_ALL,
    ("notification", ""): TEAM,
    ("bundle", ""): READS_ALL,  # built by a task: sent on to the 报告通报 page
    ("supervision-checklist", ""): SUPERVISOR,  # the office once the supervisor has saved it (none here)
}
# The PDF is the .docx's tree through the other renderer: it is read back for the documents whose content
# depends on the reader (and the bundle, which redirects), where a renderer leaving something out would
# matter; rendering every PDF for every reader would double the matrix's time for the same check.
PDF_READ_BACK = {"talks", "rectification-list", "bundle"}


def document_formats(kind):
    return list(FORMATS) if kind in PDF_READ_BACK else ["docx"]


# The table: pattern name -> Page, or {address: Page} when a pattern is requested at several addresses
# (``targets`` gives them). "locked" marks a POST the meeting's stage refuses to everyone, the office
# included, because the meeting has been held (DESIGN §2) — the role checks behind it are tested by the
# apps' permission tests at the stages where the pages are open.
EXPECTED = {
    "healthz": Page(get=EVERYONE),
    "login": Page(get=EVERYONE, post=EVERYONE),  # an empty login: the form again, with its errors
    "logout": post_only(SIGNED_IN),
    "dashboard": Page(get=SIGNED_IN),  # each sees their own list, which may be empty
    "meeting_create": Page(get={"office", "other_office"}, post={"office", "other_office"}),
    "meeting_detail": {"": Page(get=TEAM), "石桥县委": Page(get=OTHER_MEETING)},
    "meeting_plan_edit": Page(get=OFFICE, post=NOBODY),  # locked: the plan was approved
    "plan_submit": post_only(NOBODY),  # locked
    "plan_review": post_only(SUPERVISOR),
    "meeting_schedule_edit": Page(get=OFFICE, post=OFFICE),
    "meeting_advance": post_only(OFFICE),
    "meeting_step_back": post_only(OFFICE),
    "document_download": {
        f"{kind}.{fmt}{member}": Page(get=who)
        for (kind, member), who in DOCUMENTS.items()
        for fmt in document_formats(kind)
    },
    # Opinions (feedback/).
    "opinion_list": {"": Page(get=TEAM), "石桥县委": Page(get=OTHER_MEETING)},
    "opinion_entry": Page(get=OFFICE, post=NOBODY),  # locked
    "opinion_bulk": post_only(NOBODY),  # locked
    "opinion_edit": {
        "team": Page(get=TEAM, post=NOBODY),  # locked
        "box": Page(get=READS_ALL, post=NOBODY),
        "to A": Page(get=READS_A, post=NOBODY),
    },
    "opinion_feedback": Page(get=READS_ALL, post=NOBODY),  # locked
    "opinion_choices": Page(get=OFFICE, post=NOBODY),  # locked
    "opinion_import": Page(get=OFFICE, post=NOBODY),  # locked
    "opinion_import_template": {"xlsx": Page(get=NOBODY), "csv": Page(get=NOBODY)},  # locked: no import
    "opinion_box_rotate": post_only(NOBODY),  # locked
    # The public box: anyone with the link; closed since the meeting was held, so a POST is refused.
    "opinion_box": Page(get=EVERYONE, post=NOBODY),
    "opinion_box_thanks": Page(get=EVERYONE),
    # Study and talks (meetings/): once the meeting is held a form page says so instead of its form, and
    # a POST is answered by the service's refusal on the page (200) or in a message (302).
    "study_list": {"": Page(get=TEAM), "石桥县委": Page(get=OTHER_MEETING)},
    "study_session_create": Page(get=OFFICE, post=OFFICE),
    "study_session_edit": Page(get=OFFICE, post=OFFICE),
    "study_session_delete": post_only(OFFICE),
    "study_note_create": Page(
        get={"secretary", "member_a", "member_b"}, post={"secretary", "member_a", "member_b"}
    ),
    "study_note_edit": {"A's note": Page(get=MEMBER_A, post=MEMBER_A)},  # the author alone changes it
    # Talks (meetings/talk_views.py).
    "talk_list": Page(get=TEAM),  # member B's list is empty
    "talk_create": Page(
        get={"office", "secretary", "member_a", "member_b"},
        post={"office", "secretary", "member_a", "member_b"},
    ),
    "talk_coverage": Page(get=TEAM),
    "talk_waive": post_only(NOBODY),  # locked
    "talk_detail": Page(get=READS_A, post=NOBODY),  # locked: A's side can no longer be confirmed
    # Whoever recorded the talk (member A), or the office.
    "talk_edit": Page(get={"office", "member_a"}, post={"office", "member_a"}),
    # Drafts (inspection/).
    "draft_list": Page(get=TEAM, post=NOBODY),  # 建立材料: the office's, refused once the meeting is held
    "draft_detail": {
        "team": Page(get=TEAM),
        "outline A": Page(get=READS_A),
        "石桥县委": Page(get=OTHER_MEETING),
    },
    "draft_api": {
        "team": Page(get=TEAM, post={"office", "secretary"}),  # 409: locked, said as JSON
        "outline A": Page(get=READS_A, post=MEMBER_A),
    },
    "draft_check": {"team": Page(get=TEAM), "outline A": Page(get=READS_A)},
    "draft_comment_add": {
        "team": post_only({"secretary", "supervisor"}),
        "outline A": post_only({"secretary", "supervisor"}),
    },
    "draft_comment_resolve": {"outline A": post_only({"secretary", "member_a"})},  # its writer, the author
    "draft_opinion_tick": {"outline A": post_only(NOBODY)},  # locked
    "draft_submit": {
        "team": Page(get={"office", "secretary"}, post=NOBODY),  # locked
        "outline A": Page(get=MEMBER_A, post=NOBODY),
    },
    "draft_review": {"team": post_only(SECRETARY), "outline A": post_only(SECRETARY)},
    "draft_endorse": {"team": post_only(SUPERVISOR), "outline A": post_only(NOBODY)},  # 审定: the team's
    "draft_versions": {"team": Page(get=TEAM), "outline A": Page(get=READS_A)},
    "draft_diff": {"team": Page(get=TEAM), "outline A": Page(get=READS_A)},
    "draft_import": {
        "team": Page(get={"office", "secretary"}, post=NOBODY),  # locked
        "outline A": Page(get=MEMBER_A, post=NOBODY),
    },
    "draft_refused": {"outline A": Page(get=MEMBER_A, post=NOBODY)},  # its author's own save; locked
    # The record (meetings/record_views.py): read by everyone of the meeting, kept by the office (409:
    # the record was finished when the meeting moved on).
    "record_detail": Page(get=TEAM),
    "record_edit": Page(get=OFFICE, post=OFFICE),
    "record_live": Page(get=OFFICE),
    "record_start": post_only(OFFICE),  # 409: the record was finished when the meeting moved on
    "record_statement_save": {"A": post_only(OFFICE), "secretary": post_only(OFFICE)},
    # Rectification (rectification/).
    "rectification_ledger": Page(get=TEAM),
    "rectification_build": Page(get=OFFICE, post=OFFICE),
    "rectification_make": post_only(OFFICE),
    "rectification_assign": post_only(OFFICE),
    "rectification_carry_over": post_only(OFFICE),
    "rectification_item": {"team item": Page(get=TEAM), "item A": Page(get=READS_A)},
    "rectification_item_edit": {
        "team item": Page(get=OFFICE, post=OFFICE),
        "item A": Page(get=OFFICE, post=OFFICE),
    },
    "rectification_item_delete": {"team item": post_only(OFFICE), "item A": post_only(OFFICE)},
    # Progress and status: the owner (the secretary owns the team item, A their own) or the office.
    "rectification_progress_add": {
        "team item": post_only({"office", "secretary"}),
        "item A": post_only({"office", "member_a"}),
    },
    "rectification_status": {
        "team item": post_only({"office", "secretary"}),
        "item A": post_only({"office", "member_a"}),
    },
    # 销号 (both items reported done by their owners): a second person, never the owner.
    "rectification_close": {"team item": post_only(OFFICE), "item A": post_only({"office", "secretary"})},
    "rectification_evidence": {"A's evidence": Page(get=READS_A)},
    "rectification_opinions": Page(get=TEAM),
    "rectification_opinion_answer": {"team": post_only(OFFICE)},
    "rectification_activities": Page(get=TEAM, post=OFFICE),
    "rectification_activity_delete": post_only(OFFICE),
    "rectification_xlsx": Page(get=TEAM),  # what it holds depends on the reader
    "rectification_import": Page(get=OFFICE, post=OFFICE),
    # Reminders (reminders/): one's own notifications and settings; a meeting's calendar and rule.
    "notification_list": Page(get=SIGNED_IN),
    "notification_read": {"A's": Page(get=MEMBER_A, post=MEMBER_A)},
    "notification_read_all": post_only(SIGNED_IN),
    "reminder_preferences": Page(get=SIGNED_IN, post=SIGNED_IN),
    "reminder_rule": Page(get=TEAM, post=OFFICE),
    "calendar_feed": {"A's": Page(get=EVERYONE)},  # the token is the key (see TOKEN_OWNER)
    "calendar_settings": Page(get=SIGNED_IN, post=SIGNED_IN),
    "meeting_calendar": Page(get=TEAM),
    # Reporting and the archive (reporting/).
    "reporting_page": Page(get=READS_ALL),
    "reporting_settings": post_only(OFFICE),
    "reporting_approve": {"situation-report": post_only(SECRETARY), "notification": post_only(SECRETARY)},
    "reporting_send": {"situation-report": post_only(OFFICE), "notification": post_only(OFFICE)},
    "bundle_request": post_only(OFFICE),
    "bundle_status": Page(get=READS_ALL),
    "archive_page": Page(get=READS_ALL),
    "frozen_download": {
        "report.docx": Page(get=READS_ALL),
        "report.pdf": Page(get=READS_ALL),
        "notification.docx": Page(get=TEAM),  # the 通报 is issued to the organisation
        "bundle.pdf": Page(get=READS_ALL),
    },
    "reporting_retention": {"report.docx": post_only(OFFICE)},
    "archive_zip": Page(get=READS_ALL),
    # The 督导检查表 (supervision/): the supervisor writes it, the office and the secretary read it.
    "supervision_checklist": Page(get=READS_ALL, post=SUPERVISOR),
    # The audit trail (audit/): the audit administrator alone (三员分立).
    "audit_log": Page(get=AUDIT_ADMIN),
    "audit_export": Page(get=AUDIT_ADMIN),
    # The security administrator's pages (security/): lockouts, password resets, the settings.
    "security_lockouts": Page(get=SECURITY_ADMIN),
    "security_unlock": post_only(SECURITY_ADMIN),
    "security_reset_password": Page(get=SECURITY_ADMIN),
    "security_reset_password_person": {"member A": Page(get=SECURITY_ADMIN, post=SECURITY_ADMIN)},
    "security_policy": Page(get=SECURITY_ADMIN, post=SECURITY_ADMIN),
    # Everyone changes their own password.
    "password_change": Page(get=SIGNED_IN, post=SIGNED_IN),
    # 督导总览 (supervision/): whoever supervises something, each over their own subtree (海川市委's sees an
    # empty table); the office, the team and the administrators are refused.
    "supervision_overview": Page(get={"supervisor", "unrelated_supervisor"}),
    "supervision_overview_export": Page(get={"supervisor", "unrelated_supervisor"}),
}

# Pages being built beside this test: a row here is checked as soon as its pattern exists (and is not an
# error while it does not); once the pattern is wired into config/urls.py, its row moves into EXPECTED.
PENDING = {}


class Target(NamedTuple):
    kwargs: dict
    query: str = ""
    data: dict | None = None  # the POST's data when it is not empty
    viewers: frozenset = TEAM  # who may see the meeting the address is under


def targets(w):
    """The addresses each pattern is requested at, by the names ``EXPECTED`` gives them. A pattern under
    ``meetings/<int:pk>/`` with no other argument needs no entry: it is requested for the county meeting."""
    meeting = {"pk": w.meeting.pk}
    other = {"pk": w.other_meeting.pk}

    def on(**kwargs):
        return Target({**meeting, **kwargs})

    documents = {}
    for kind, exporter in EXPORTERS.items():
        for fmt in document_formats(kind):
            if exporter.needs_member:
                for label, person in (("A", w.member_a), ("B", w.member_b)):
                    documents[f"{kind}.{fmt} member {label}"] = Target(
                        {**meeting, "kind": kind, "fmt": fmt}, f"member={person.pk}"
                    )
            else:
                documents[f"{kind}.{fmt}"] = on(kind=kind, fmt=fmt)
    drafts = {"team": w.team_draft, "outline A": w.outline_a}
    items = {"team item": w.item_team, "item A": w.item_a}
    frozen = {
        "report.docx": w.frozen_report,
        "report.pdf": w.frozen_report_pdf,
        "notification.docx": w.frozen_notification,
        "bundle.pdf": w.frozen_bundle_pdf,
    }
    found = {
        "document_download": documents,
        "meeting_detail": {"": on(), "石桥县委": Target(other, viewers=OTHER_MEETING)},
        "opinion_list": {"": on(), "石桥县委": Target(other, viewers=OTHER_MEETING)},
        "study_list": {"": on(), "石桥县委": Target(other, viewers=OTHER_MEETING)},
        "opinion_edit": {
            "team": on(opinion_pk=w.opinion_team.pk),
            "box": on(opinion_pk=w.opinion_box.pk),
            "to A": on(opinion_pk=w.opinion_to_a.pk),
        },
        "opinion_import_template": {fmt: on(fmt=fmt) for fmt in ("xlsx", "csv")},
        "opinion_box": {"": Target({"token": w.box_token})},
        "opinion_box_thanks": {"": Target({"token": w.box_token})},
        "study_session_edit": {"": on(session_pk=w.session.pk)},
        "study_session_delete": {"": on(session_pk=w.session.pk)},
        "study_note_edit": {"A's note": on(note_pk=w.note.pk)},
        "talk_detail": {"": on(talk_pk=w.talk.pk)},
        "talk_edit": {"": on(talk_pk=w.talk.pk)},
        "draft_diff": {
            "team": on(draft_pk=w.team_draft.pk, old=0, new=1),
            "outline A": on(draft_pk=w.outline_a.pk, old=1, new=2),
        },
        "draft_detail": {
            **{label: on(draft_pk=draft.pk) for label, draft in drafts.items()},
            "石桥县委": Target({**other, "draft_pk": w.other_outline.pk}, viewers=OTHER_MEETING),
        },
        "draft_comment_resolve": {"outline A": on(draft_pk=w.outline_a.pk, comment_pk=w.comment.pk)},
        "draft_opinion_tick": {"outline A": on(draft_pk=w.outline_a.pk, opinion_pk=w.opinion_to_a.pk)},
        "draft_refused": {"outline A": on(draft_pk=w.outline_a.pk, refused_pk=w.refused.pk)},
        "record_statement_save": {
            "A": on(statement_pk=w.statement_a.pk),
            "secretary": on(statement_pk=w.statement_secretary.pk),
        },
        # An empty form names no list, which is a 404 for everyone; naming the team list lets the office
        # be told what else is missing.
        "rectification_make": {"": Target(meeting, data={"list": w.item_team.rectification_list_id})},
        "rectification_assign": {"": Target(meeting, data={"list": w.item_team.rectification_list_id})},
        "rectification_evidence": {"A's evidence": on(evidence_pk=w.evidence.pk)},
        "rectification_opinion_answer": {"team": on(opinion_pk=w.opinion_team.pk)},
        "rectification_activity_delete": {"": on(activity_pk=w.activity.pk)},
        "notification_read": {"A's": Target({"notification_pk": w.notification.pk})},
        "calendar_feed": {"A's": Target({"token": w.calendar_token})},
        "reporting_approve": {kind: on(kind=kind) for kind in ("situation-report", "notification")},
        "reporting_send": {kind: on(kind=kind) for kind in ("situation-report", "notification")},
        "frozen_download": {label: on(file_pk=file.pk) for label, file in frozen.items()},
        "reporting_retention": {"report.docx": on(file_pk=w.frozen_report.pk)},
        "security_reset_password_person": {"member A": Target({"person_pk": w.member_a.pk})},
    }
    for name in (
        "draft_api",
        "draft_check",
        "draft_comment_add",
        "draft_submit",
        "draft_review",
        "draft_endorse",
        "draft_versions",
        "draft_import",
    ):
        found[name] = {label: on(draft_pk=draft.pk) for label, draft in drafts.items()}
    for name in (
        "rectification_item",
        "rectification_item_edit",
        "rectification_item_delete",
        "rectification_progress_add",
        "rectification_status",
        "rectification_close",
    ):
        found[name] = {label: on(item_pk=item.pk) for label, item in items.items()}
    return found


def is_meeting_page(pattern):
    return pattern.route.startswith("meetings/<int:pk>/")


def walked_patterns():
    """The patterns the matrix walks: all but Django admin's own."""
    return [pattern for pattern in url_patterns() if pattern.namespace not in SKIPPED_NAMESPACES]


def expectations():
    """{pattern name: {address label: Page}} for the patterns that exist now, PENDING's included."""
    names = {pattern.name for pattern in walked_patterns()}
    rows = {**EXPECTED, **{name: page for name, page in PENDING.items() if name in names}}
    return {name: page if isinstance(page, dict) else {"": page} for name, page in rows.items()}


def addresses(w):
    """[(pattern, label, Target, Page)] for every pattern the table knows, with its targets."""
    found = targets(w)
    rows = []
    table = expectations()
    for pattern in walked_patterns():
        if pattern.name not in table:
            continue
        given = found.get(pattern.name)
        if given is None and (not pattern.kwargs or (pattern.kwargs == ("pk",) and is_meeting_page(pattern))):
            given = {"": Target({"pk": w.meeting.pk} if pattern.kwargs else {})}
        for label, page in table[pattern.name].items():
            if given is not None and label in given:
                rows.append((pattern, label, given[label], page))
    return rows


# --- the world and the walk, once for the module ---------------------------------------------------


@pytest.fixture(scope="module")
def matrix(django_db_setup, django_db_blocker, tmp_path_factory):
    """The world, written in a transaction that stays open for the module and is rolled back after it
    (as tests/demo_fixture.py does): each test runs in a savepoint on top of it."""
    media = tmp_path_factory.mktemp("matrix-media")
    outer = transaction.atomic()
    with django_db_blocker.unblock():
        outer.__enter__()
        try:
            with override_settings(MEDIA_ROOT=str(media), PASSWORD_HASHERS=FAST_PASSWORD_HASHERS):
                w = matrix_world.build()
        except BaseException:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)
            raise
    w.media_root = str(media)
    try:
        yield w
    finally:
        with django_db_blocker.unblock():
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


FAST_PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def users_of(w):
    return {role: None if role == "anonymous" else getattr(w, role) for role in ROLES}


class Response(NamedTuple):
    pattern: object
    label: str
    target: Target
    method: str
    role: str
    seen: object  # walk.Seen


# A POST-only view refuses a GET (405) before it reads who asks: the visitor and the office stand for all.
GET_OF_POST_ONLY = ("anonymous", "office")


@pytest.fixture(scope="module")
def walked(matrix, django_db_blocker):
    """Every address of the table requested as every role: GET, and POST where the table says."""
    responses = []
    started = time.monotonic()
    with (
        django_db_blocker.unblock(),
        override_settings(MEDIA_ROOT=matrix.media_root, PASSWORD_HASHERS=FAST_PASSWORD_HASHERS),
        time_machine.travel(TODAY, tick=True),
    ):
        requester = Requester(users_of(matrix), MARKERS, MARK)
        for pattern, label, target, page in addresses(matrix):
            url = address(pattern.name, target.kwargs, target.query)
            requests = [("get", role) for role in (ROLES if page.get is not None else GET_OF_POST_ONLY)]
            if page.post is not None:
                requests += [("post", role) for role in ROLES]
            for method, role in requests:
                seen = requester.request(role, method, url, target.data if method == "post" else None)
                responses.append(Response(pattern, label, target, method, role, seen))
    print(f"\naccess matrix: {len(responses)} requests in {time.monotonic() - started:.1f} s")
    return responses


def where(response):
    label = f" [{response.label}]" if response.label else ""
    return f"{response.method.upper()} {response.pattern.name}{label} as {response.role}"


def report(failures):
    return f"{len(failures)} found:\n" + "\n".join(failures)


# --- the tests -----------------------------------------------------------------------------------


def test_every_pattern_has_a_row_and_every_row_a_pattern(matrix):
    patterns = walked_patterns()
    names = [pattern.name for pattern in patterns]
    failures = [f"a pattern without a name: {pattern.route}" for pattern in patterns if not pattern.name]
    failures += [f"two patterns named {name}" for name in sorted({n for n in names if names.count(n) > 1})]
    failures += [
        f"{pattern.name} ({pattern.route}): no row in EXPECTED — say who may open it"
        for pattern in patterns
        if pattern.name and pattern.name not in EXPECTED and pattern.name not in PENDING
    ]
    failures += [f"{name}: in EXPECTED but no such pattern" for name in EXPECTED if name not in names]
    failures += [f"{name}: in both EXPECTED and PENDING" for name in PENDING if name in EXPECTED]
    found = targets(matrix)
    table = expectations()
    for pattern in patterns:
        if pattern.name not in table:
            continue
        labels = set(table[pattern.name])
        given = found.get(pattern.name)
        if given is None:
            if pattern.kwargs and not (pattern.kwargs == ("pk",) and is_meeting_page(pattern)):
                failures.append(f"{pattern.name}: no ids for {pattern.kwargs} — add it to targets()")
            elif labels != {""}:
                failures.append(f"{pattern.name}: rows {sorted(labels)} but one address")
        elif set(given) != labels:
            failures.append(f"{pattern.name}: rows {sorted(labels)}, addresses {sorted(given)}")
    assert not failures, report(failures)


# The page whose work is to sign out sends to the login page those it serves.
SIGNS_OUT = {"logout"}


def _status_failure(response, page):
    """Why the response's status is not what the table says, or None."""
    status, location = response.seen.status, response.seen.location
    role, method = response.role, response.method
    if status >= 500:
        return f"{status} {response.seen.error}"
    to_login = status == 302 and location.startswith(reverse("login"))
    allowed_roles = page.get if method == "get" else page.post
    if method == "get" and page.get is None:  # a POST-only view
        if status == 405 or (role == "anonymous" and to_login):
            return None
        return f"{status}, expected 405 (the view takes POST only)"
    if role in allowed_roles:
        heard = {200, 201, 202, 302} if method == "get" else {200, 201, 202, 302, 400, 409}
        if status in heard and not (to_login and response.pattern.name not in SIGNS_OUT):
            return None
        return f"{status} {location}, expected to be served"
    if role == "anonymous":
        if to_login or status in (403, 404):
            return None
        return f"{status} {location}, expected the login page, 403 or 404"
    if is_meeting_page(response.pattern) and role not in response.target.viewers:
        # A stranger to the meeting is not told it exists.
        return None if status == 404 else f"{status}, expected 404 (the meeting is not theirs)"
    return None if status in (403, 404) else f"{status} {location}, expected 403 or 404"


def test_each_role_gets_what_the_table_says(walked):
    table = expectations()
    failures = []
    for response in walked:
        page = table[response.pattern.name][response.label]
        problem = _status_failure(response, page)
        if problem:
            failures.append(f"{where(response)}: {problem}")
    assert not failures, report(failures)


def allowed(response, table):
    page = table[response.pattern.name][response.label]
    roles = page.get if response.method == "get" else page.post
    return roles is not None and response.role in roles


def test_no_response_shows_a_marker_to_someone_who_may_not_read_it(walked):
    table = expectations()
    failures = []
    for response in walked:
        if not response.seen.markers:
            continue
        if allowed(response, table):  # served, or told what to correct (400) or why not now (409)
            reader = TOKEN_OWNER.get(response.pattern.name, response.role)
            leaked = {key for key in response.seen.markers if reader not in READERS[key]}
        else:
            leaked = set(response.seen.markers)  # a refusal shows nothing at all
        for key in sorted(leaked):
            failures.append(f"{where(response)} ({response.seen.status}): shows {MARKERS[key]}")
    assert not failures, report(failures)


def test_every_reader_finds_every_marker_they_may_read(walked):
    table = expectations()
    found = defaultdict(set)
    for response in walked:
        if allowed(response, table) and response.pattern.name not in TOKEN_OWNER:
            for key in response.seen.markers:
                found[key].add(response.role)
    failures = [
        f"{MARKERS[key]}: never shown to {', '.join(sorted(readers - found[key]))}"
        for key, readers in READERS.items()
        if readers - found[key]
    ]
    assert not failures, report(failures)


# --- the Django admin ------------------------------------------------------------------------------


def admin_addresses():
    """The admin's index, each registered model's list, and the change page of every row whose text
    holds a marker (found by reading each field of each row)."""
    urls = [reverse("admin:index")]
    for model in admin.site._registry:
        meta = model._meta
        urls.append(reverse(f"admin:{meta.app_label}_{meta.model_name}_changelist"))
        for row in model._default_manager.all():
            values = [str(getattr(row, field.attname, "")) for field in meta.concrete_fields]
            if any(MARK in value for value in values):
                urls.append(reverse(f"admin:{meta.app_label}_{meta.model_name}_change", args=[row.pk]))
    return urls


ADMIN_READERS = ("system_admin", "security_admin", "audit_admin", "superuser", "office", "supervisor")


def test_the_django_admin_shows_no_meeting_content(matrix):
    """Whoever opens /admin/ — the three administrators, the superuser, the office — reads no opinion,
    talk, draft, note, record or evidence there (三员分立; issue 14 item 5)."""
    failures = []
    with time_machine.travel(TODAY, tick=True):
        requester = Requester({role: getattr(matrix, role) for role in ADMIN_READERS}, MARKERS, MARK)
        urls = admin_addresses()
        served = set()
        for role in ADMIN_READERS:
            for url in urls:
                seen = requester.request(role, "get", url)
                if seen.status >= 500:
                    failures.append(f"GET {url} as {role}: {seen.status} {seen.error}")
                if seen.status == 200 and url == reverse("admin:index"):
                    served.add(role)
                for key in sorted(seen.markers):
                    failures.append(f"GET {url} as {role} ({seen.status}): shows {MARKERS[key]}")
    # The check is not empty: the system administrator's tool opens for them.
    if "superuser" not in served:
        failures.append("the superuser could not open /admin/ at all: the check above read nothing")
    assert not failures, report(failures)


# --- another meeting's objects through this meeting's address ---------------------------------------


def test_an_object_of_the_other_meeting_is_not_found_through_this_one(matrix):
    """Ids are not guessed in vain: 石桥县委's opinion, outline and study session, asked for under 云岭县委's
    meeting, are not found — by the county's office, which may see all of its own meeting, nor by the
    city's supervisor, who may see both meetings."""
    w = matrix
    meeting = {"pk": w.meeting.pk}
    mixed = [
        ("opinion_edit", {**meeting, "opinion_pk": w.other_opinion.pk}),
        ("rectification_opinion_answer", {**meeting, "opinion_pk": w.other_opinion.pk}),
        ("study_session_edit", {**meeting, "session_pk": w.other_session.pk}),
        ("study_session_delete", {**meeting, "session_pk": w.other_session.pk}),
    ]
    for name in (
        "draft_detail",
        "draft_api",
        "draft_check",
        "draft_versions",
        "draft_submit",
        "draft_import",
    ):
        mixed.append((name, {**meeting, "draft_pk": w.other_outline.pk}))
    mixed.append(("draft_diff", {**meeting, "draft_pk": w.other_outline.pk, "old": 0, "new": 1}))
    failures = []
    with time_machine.travel(TODAY, tick=True):
        requester = Requester({role: getattr(w, role) for role in ("office", "supervisor")}, MARKERS, MARK)
        for name, kwargs in mixed:
            url = address(name, kwargs)
            for role in ("office", "supervisor"):
                for method in ("get", "post"):
                    seen = requester.request(role, method, url)
                    if seen.status not in (404, 405):
                        failures.append(f"{method.upper()} {url} as {role}: {seen.status}, expected 404")
                    for key in sorted(seen.markers):
                        failures.append(f"{method.upper()} {url} as {role}: shows {MARKERS[key]}")
    assert not failures, report(failures)
