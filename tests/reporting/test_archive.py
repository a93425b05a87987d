"""归档: "a closed meeting is read-only, except rectification progress on items that continue"
(DESIGN §10). Every meeting URL refuses a change once the meeting is archived, naming the archive, and
changes nothing; only what continues is let through; the pages show no edit actions."""

import datetime
import json
import re
from types import SimpleNamespace

import pytest
import time_machine
from django.apps import apps
from django.contrib.auth.models import AnonymousUser
from django.core.files.base import ContentFile
from django.test import RequestFactory
from django.urls import URLPattern, URLResolver, get_resolver, resolve, reverse
from django.utils import timezone

from feedback.box import SHANGHAI
from feedback.models import Opinion
from inspection import services as drafting
from meetings import record, study, talks
from meetings.models import Meeting, StudyForm
from meetings.workflow import ARCHIVE_READ_ONLY, Stage
from orgs import access
from rectification import services as rectifying
from rectification.models import Activity, ActivityKind, Item, ItemKind, ItemStatus, Progress
from reporting import archive
from reporting.models import DocumentKind, FrozenFile, Retention
from tests.factories import UserFactory, make_meeting
from tests.feedback.factories import opinions
from tests.rectification.factories import at_stage, items, member_list, pdf_file, team_list

MEETING_ROUTE = "meetings/<int:pk>/"
PROJECT_APPS = ("orgs", "meetings", "feedback", "inspection", "rectification", "reminders", "reporting")
# A form-shaped post with the fields the meeting's forms ask for, so that a view the archive forgot to
# refuse would act on it (and the fingerprint below would see the change).
NOT_SAVED = "归档后提交的内容，不应保存。"


# --- the meeting's rows, seeded before it is archived ------------------------------------------------


def outline_content(meeting, author):
    content = drafting.new_content(meeting, author)
    content["problems"]["groups"][0]["items"] = [
        {
            "lead": "学习“往深里走”不够。",
            "text": "自学时间安排不够固定。",
            "example": "比如，全年专题研讨仅3次。",
        }
    ]
    return content


def seed(world):
    """One of everything a meeting URL names (opinion, talk, draft, comment, refused save, versions,
    study session and note, statement, items, evidence, activity), made while the stages were open."""
    meeting, office, member, secretary = world.meeting, world.office, world.member, world.secretary
    (opinion,) = opinions(meeting, 1)
    # Talks and study are recorded after they took place (meetings.dates): on the eve of the meeting.
    eve = datetime.datetime.combine(
        meeting.date - datetime.timedelta(days=1), datetime.time(18), tzinfo=SHANGHAI
    )
    with time_machine.travel(eve, tick=True):
        talk = talks.record_talk(
            meeting,
            office,
            date=meeting.date - datetime.timedelta(days=20),
            place="书记办公室",
            topics="谈心谈话",
            improvements="",
            people=[secretary, member],
        )
        session = study.record_session(
            meeting,
            office,
            date=meeting.date - datetime.timedelta(days=30),
            form=StudyForm.CENTRE_GROUP,
            topic="专题学习",
            materials="《学习材料》",
            summary="",
        )
        note = study.write_note(
            meeting,
            member,
            date=meeting.date - datetime.timedelta(days=25),
            material="学习材料",
            text="心得体会",
        )
    draft = drafting.draft_for(meeting, member)
    content = outline_content(meeting, member)
    drafting.save_draft(draft, content, base_version=0, by=member)
    content["causes"]["items"] = [{"lead": "理论学习不够深入。", "text": ""}]
    drafting.save_draft(draft, content, base_version=1, by=member)
    with pytest.raises(drafting.StaleDraft) as stale:
        drafting.save_draft(draft, outline_content(meeting, member), base_version=1, by=member)
    comment = drafting.add_comment(draft, secretary, "请补充具体事例。")
    drafting.submit_draft(draft, member)
    statement = record.ensure_record(meeting).statements.order_by("order").first()

    at_stage(meeting, Stage.RECTIFICATION)
    team = team_list(meeting)
    (ongoing,) = items(
        member_list(meeting, member), 1, status=ItemStatus.IN_PROGRESS, kind=ItemKind.ONGOING, deadline=None
    )
    (done,) = items(team, 1, status=ItemStatus.DONE, owner=member)
    (closed,) = items(team, 1, status=ItemStatus.CLOSED, owner=member)
    evidence = rectifying.attach_evidence(done, pdf_file(), office)
    activity = Activity.objects.create(
        meeting=meeting, kind=ActivityKind.TEAM_MEETING, date=meeting.date, title="整改专题会", by=office
    )
    return SimpleNamespace(
        meeting=meeting,
        opinion=opinion,
        talk=talk,
        session=session,
        note=note,
        draft=draft,
        refused=stale.value.refused,
        comment=comment,
        statement=statement,
        team=team,
        ongoing=ongoing,
        done=done,
        closed=closed,
        evidence=evidence,
        activity=activity,
    )


@pytest.fixture
def seeded(world):
    return seed(world)


@pytest.fixture
def archived(world, seeded):
    at_stage(world.meeting, Stage.CLOSED)
    return seeded


# --- every meeting URL -------------------------------------------------------------------------------


def routes(resolver=None, prefix=""):
    """(route, name) of every URL pattern of the project, includes walked, so no view is left out."""
    resolver = resolver or get_resolver()
    for pattern in resolver.url_patterns:
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            yield from routes(pattern, route)
        elif isinstance(pattern, URLPattern):
            yield route, pattern.name


def meeting_routes():
    return [(route, name) for route, name in routes() if route.startswith(MEETING_ROUTE)]


def kwarg_values(world, seeded):
    """An existing object for each kwarg of the meeting URLs; a kwarg not listed here gets a placeholder
    of its converter's type (the archive refuses before the view looks the object up)."""
    return {
        "pk": world.meeting.pk,
        "opinion_pk": seeded.opinion.pk,
        "talk_pk": seeded.talk.pk,
        "session_pk": seeded.session.pk,
        "note_pk": seeded.note.pk,
        "draft_pk": seeded.draft.pk,
        "comment_pk": seeded.comment.pk,
        "refused_pk": seeded.refused.pk,
        "old": 1,
        "new": 2,
        "statement_pk": seeded.statement.pk,
        "item_pk": seeded.ongoing.pk,
        "evidence_pk": seeded.evidence.pk,
        "activity_pk": seeded.activity.pk,
        "kind": "situation-report",
        "fmt": "docx",
    }


PLACEHOLDERS = {"int": 1, "slug": "x", "str": "x", "path": "x"}


def url_of(route, values):
    def value(match):
        converter, name = match.group(1) or "str", match.group(2)
        return str(values.get(name, PLACEHOLDERS.get(converter, 1)))

    return "/" + re.sub(r"<(?:(\w+):)?(\w+)>", value, route)


def form_post(world, seeded):
    return {
        "text": NOT_SAVED,
        "note": NOT_SAVED,
        "reason": NOT_SAVED,
        "comment": NOT_SAVED,
        "title": NOT_SAVED,
        "topic": NOT_SAVED,
        "decision": "approve",
        "confirmed": "1",
        "expected_stage": Stage.CLOSED.value,
        "member": world.member.pk,
        "first": world.secretary.pk,
        "second": world.member.pk,
        "list": seeded.team.pk,
        "status": ItemStatus.DONE.value,
        "ticked": "1",
        "kind": ActivityKind.SCHEDULING.value,
        "date": timezone.localdate().isoformat(),
        "retention": "10y",
        "recipients": NOT_SAVED,
        "sent_on": timezone.localdate().isoformat(),
    }


def fingerprint():
    """Every row of the project's tables (a login's last_login aside)."""
    rows = {}
    for model in apps.get_models():
        if model._meta.app_label not in PROJECT_APPS:
            continue
        fields = [f.attname for f in model._meta.concrete_fields if f.attname != "last_login"]
        rows[model._meta.label] = list(model.objects.order_by("pk").values_list(*fields))
    return rows


def changed_tables(before, after):
    return sorted(label for label in before if before[label] != after[label])


def refusal_of(response):
    """The archive's message of a refusal (403 page or 409 JSON), or None if the request was not refused."""
    if response.status_code == 409 and response["Content-Type"].startswith("application/json"):
        return ARCHIVE_READ_ONLY if response.json().get("errors") == [ARCHIVE_READ_ONLY] else None
    if response.status_code == 403 and ARCHIVE_READ_ONLY in response.content.decode():
        return ARCHIVE_READ_ONLY
    return None


def test_every_meeting_url_refuses_a_change_to_an_archived_meeting_and_changes_nothing(
    client, world, archived
):
    values = kwarg_values(world, archived)
    data = form_post(world, archived)
    checked = [(route, name) for route, name in meeting_routes() if name not in archive.CONTINUES]
    assert len(checked) > 50  # the walk found the project's meeting URLs
    before = fingerprint()
    not_refused = []
    # The office, and those who act where the office may not: the secretary (reviews, waives, closes),
    # the member (their outline, their side of a talk, their items) and the supervisor (plan, endorsement).
    for user in (world.office, world.secretary, world.member, world.supervisor):
        client.force_login(user)
        for route, name in checked:
            url = url_of(route, values)
            response = client.post(url, data)
            if refusal_of(response) is None:
                not_refused.append((user.name, name, url, response.status_code))
    client.force_login(world.office)
    for route, name in checked:
        url = url_of(route, values)
        response = client.post(url, data, HTTP_ACCEPT="application/json")
        if response.status_code != 409 or refusal_of(response) is None:
            not_refused.append(("office (JSON)", name, url, response.status_code))
    assert not not_refused, (
        "Not refused (refuse it, or list what continues in reporting.archive):\n"
        + "\n".join(f"{who} POST {url} ({name}): {status}" for who, name, url, status in not_refused)
    )
    assert changed_tables(before, fingerprint()) == []


def test_every_state_changing_method_is_refused(client, world, archived):
    client.force_login(world.member)
    api = reverse("draft_api", args=[world.meeting.pk, archived.draft.pk])
    body = json.dumps({"base_version": 2, "content": outline_content(world.meeting, world.member)})
    for method in (client.post, client.put, client.patch, client.delete):
        response = method(api, body, content_type="application/json", HTTP_ACCEPT="application/json")
        assert response.status_code == 409
        assert response.json()["errors"] == [ARCHIVE_READ_ONLY]
    archived.draft.refresh_from_db()
    assert archived.draft.version == 2


def test_the_refusal_page_names_the_archive(client, world, archived):
    client.force_login(world.office)
    response = client.post(reverse("meeting_step_back", args=[world.meeting.pk]), {"reason": "误操作"})
    body = response.content.decode()
    assert response.status_code == 403
    assert ARCHIVE_READ_ONLY in body and "档案只读" in body
    assert Meeting.objects.get(pk=world.meeting.pk).stage == Stage.CLOSED


def test_what_continues_is_a_short_list_of_existing_urls():
    names = {name for _route, name in meeting_routes()}
    expected = {
        "rectification_progress_add",
        "rectification_status",
        "rectification_close",
        "reporting_retention",
    }
    assert expected == archive.CONTINUES
    assert archive.CONTINUES.issubset(names)


def test_a_stage_open_meeting_takes_changes_as_before(client, world, seeded):
    client.force_login(world.office)
    response = client.post(
        reverse("rectification_activities", args=[world.meeting.pk]),
        {
            "kind": ActivityKind.SCHEDULING.value,
            "date": timezone.localdate().isoformat(),
            "title": "整改调度会",
        },
    )
    assert response.status_code == 302
    assert Activity.objects.filter(meeting=world.meeting, title="整改调度会").exists()


# --- what continues ----------------------------------------------------------------------------------


def progress_post(text="持续推进，已建立长效机制。"):
    return {"text": text, "date": timezone.localdate().isoformat()}


def test_progress_on_an_open_item_of_an_archived_meeting_is_accepted(client, world, archived):
    item = archived.ongoing
    client.force_login(world.member)  # the owner
    url = reverse("rectification_progress_add", args=[world.meeting.pk, item.pk])
    response = client.post(url, {**progress_post(), "files": [pdf_file()]})
    assert response.status_code == 302
    assert Progress.objects.filter(item=item, text="持续推进，已建立长效机制。").exists()
    assert item.evidence.count() == 1


def test_the_status_of_an_open_item_of_an_archived_meeting_still_moves(client, world, archived):
    client.force_login(world.office)
    url = reverse("rectification_status", args=[world.meeting.pk, archived.ongoing.pk])
    response = client.post(url, {"status": ItemStatus.DONE.value, "note": "已完成"})
    assert response.status_code == 302
    assert Item.objects.get(pk=archived.ongoing.pk).status == ItemStatus.DONE


def test_the_secretary_still_closes_an_open_item_of_an_archived_meeting(client, world, archived):
    client.force_login(world.secretary)
    url = reverse("rectification_close", args=[world.meeting.pk, archived.done.pk])
    response = client.post(url, {"note": "经核实已整改到位。"})
    assert response.status_code == 302
    assert Item.objects.get(pk=archived.done.pk).status == ItemStatus.CLOSED


def test_the_retention_of_an_archived_file_is_still_set(client, world, archived):
    frozen = FrozenFile(
        meeting=world.meeting,
        document=DocumentKind.REPORT,
        format="pdf",
        name="情况报告.pdf",
        sha256="0" * 64,
        size=4,
    )
    frozen.file.save("情况报告.pdf", ContentFile(b"%PDF"), save=False)
    frozen.save()
    client.force_login(world.office)
    url = reverse("reporting_retention", args=[world.meeting.pk, frozen.pk])
    response = client.post(url, {"retention": Retention.THIRTY_YEARS.value})
    assert response.status_code == 302
    assert FrozenFile.objects.get(pk=frozen.pk).retention == Retention.THIRTY_YEARS


@pytest.mark.parametrize("url_name", ["rectification_progress_add", "rectification_status"])
def test_a_closed_item_of_an_archived_meeting_is_part_of_the_archive(client, world, archived, url_name):
    item = archived.closed
    client.force_login(world.office)
    before = fingerprint()
    response = client.post(
        reverse(url_name, args=[world.meeting.pk, item.pk]),
        {**progress_post(), "status": ItemStatus.IN_PROGRESS.value},
    )
    assert response.status_code == 403 and ARCHIVE_READ_ONLY in response.content.decode()
    assert changed_tables(before, fingerprint()) == []


def test_only_the_owner_and_the_office_add_progress_after_the_archive(client, world, archived):
    client.force_login(world.members[1])
    url = reverse("rectification_progress_add", args=[world.meeting.pk, archived.ongoing.pk])
    assert client.post(url, progress_post()).status_code in (403, 404)
    assert not Progress.objects.filter(item=archived.ongoing).exists()


def test_the_item_page_of_an_archived_meeting_keeps_only_what_continues(client, world, seeded):
    at_stage(world.meeting, Stage.REPORTING)
    client.force_login(world.office)
    open_page = reverse("rectification_item", args=[world.meeting.pk, seeded.ongoing.pk])
    edit = reverse("rectification_item_edit", args=[world.meeting.pk, seeded.ongoing.pk])
    delete = reverse("rectification_item_delete", args=[world.meeting.pk, seeded.ongoing.pk])
    closed_page = reverse("rectification_item", args=[world.meeting.pk, seeded.closed.pk])
    body = client.get(open_page).content.decode()
    assert edit in body and delete in body and 'data-testid="progress-form"' in body

    at_stage(world.meeting, Stage.CLOSED)
    body = client.get(open_page).content.decode()
    assert edit not in body and delete not in body
    assert 'data-testid="progress-form"' in body and 'data-testid="status-form"' in body
    closed = client.get(closed_page).content.decode()
    assert 'data-testid="progress-form"' not in closed and 'data-testid="status-form"' not in closed


# --- the public opinion box --------------------------------------------------------------------------


def test_the_box_of_an_archived_meeting_says_it_is_closed_and_refuses_a_post(client, world):
    box = reverse("opinion_box", args=[world.meeting.opinion_box.token])
    category = world.meeting.source_categories.first()
    # The meeting of `world` is on 2027-01-20; its opinions are due on 2027-01-12.
    with time_machine.travel(datetime.datetime(2027, 1, 5, 10, tzinfo=SHANGHAI), tick=False):
        assert 'data-testid="box-form"' in client.get(box).content.decode()  # open before the archive
        at_stage(world.meeting, Stage.CLOSED)
        page = client.get(box)
        body = page.content.decode()
        assert page.status_code == 200
        assert (
            'data-testid="box-closed"' in body and "已归档" in body and 'data-testid="box-form"' not in body
        )
        response = client.post(box, {"category": category.pk, "text": "归档后还想提一条意见建议。"})
    body = response.content.decode()
    assert response.status_code == 403
    assert "意见箱已关闭" in body and "已归档" in body and "未能提交" in body
    assert not Opinion.objects.filter(meeting=world.meeting, text__contains="归档后").exists()
    assert "csrftoken" not in response.cookies and "sessionid" not in response.cookies


# --- the pages show no edit actions ------------------------------------------------------------------


def pages(world, seeded):
    """(page, who reads it, the stage it is read at before the archive, its edit actions)."""
    meeting = world.meeting.pk

    def url(name, *args):
        return reverse(name, args=[meeting, *args])

    return [
        (
            url("meeting_detail"),
            world.office,
            Stage.REPORTING,
            [
                'data-testid="stage-actions"',
                url("meeting_step_back"),
                'data-testid="schedule-edit"',
            ],
        ),
        # Opinions lock once the meeting is held (access.opinions_are_open): read before the meeting.
        (url("meeting_detail"), world.office, Stage.DRAFTING, [url("opinion_entry")]),
        (url("meeting_detail"), world.supervisor, Stage.PLANNING, []),
        (
            url("opinion_list"),
            world.office,
            Stage.DRAFTING,
            [
                'data-testid="bulk-form"',
                url("opinion_entry"),
                url("opinion_import"),
                url("opinion_box_rotate"),
            ],
        ),
        (
            url("opinion_edit", seeded.opinion.pk),
            world.office,
            Stage.DRAFTING,
            ['data-testid="triage-form"'],
        ),
        (url("opinion_feedback"), world.office, Stage.DRAFTING, ['name="member"']),
        # Talks lock once the meeting is held (access.talks_are_open): their actions before the meeting.
        (url("talk_list"), world.member, Stage.DRAFTING, [url("talk_create")]),
        (url("talk_detail", seeded.talk.pk), world.member, Stage.DRAFTING, ['data-testid="confirm-side"']),
        (
            url("talk_detail", seeded.talk.pk),
            world.office,
            Stage.DRAFTING,
            [url("talk_edit", seeded.talk.pk)],
        ),
        (url("talk_coverage"), world.secretary, Stage.DRAFTING, [url("talk_waive")]),
        (
            url("draft_detail", seeded.draft.pk),
            world.secretary,
            Stage.REPORTING,
            ['data-testid="review-form"', '"can_comment": true', '"can_resolve": true'],
        ),
        (
            url("record_detail"),
            world.office,
            Stage.MEETING,
            ['data-testid="record-edit-link"', url("record_live")],
        ),
        (
            url("rectification_ledger"),
            world.office,
            Stage.REPORTING,
            ['data-testid="ledger-import"', url("rectification_build")],
        ),
        (
            url("rectification_opinions"),
            world.office,
            Stage.REPORTING,
            [url("rectification_opinion_answer", seeded.opinion.pk)],
        ),
        (
            url("rectification_activities"),
            world.office,
            Stage.REPORTING,
            ['data-testid="activity-form"', url("rectification_activity_delete", seeded.activity.pk)],
        ),
        (url("reminder_rule"), world.office, Stage.REPORTING, ['data-testid="rule-form"']),
    ]


def test_pages_of_an_archived_meeting_show_none_of_their_edit_actions(client, world, seeded):
    for url, user, stage, actions in pages(world, seeded):
        client.force_login(user)
        at_stage(world.meeting, stage)
        before = client.get(url)
        assert before.status_code == 200, url
        body = before.content.decode()
        assert [a for a in actions if a not in body] == [], f"{url} as {user.name} before the archive"

        at_stage(world.meeting, Stage.CLOSED)
        after = client.get(url)
        assert after.status_code == 200, f"{url} is still read after the archive"
        body = after.content.decode()
        assert [a for a in actions if a in body] == [], f"{url} as {user.name} after the archive"


def test_the_drafts_and_the_downloads_are_still_read_after_the_archive(client, world, archived):
    client.force_login(world.member)
    assert client.get(reverse("draft_list", args=[world.meeting.pk])).status_code == 200
    assert (
        client.get(reverse("draft_versions", args=[world.meeting.pk, archived.draft.pk])).status_code == 200
    )
    response = client.get(reverse("document_download", args=[world.meeting.pk, "talks", "docx"]))
    assert response.status_code == 200


def test_opening_the_draft_list_of_an_archived_meeting_adds_no_draft(client, world):
    at_stage(world.meeting, Stage.CLOSED)
    client.force_login(world.office)
    before = fingerprint()
    assert client.get(reverse("draft_list", args=[world.meeting.pk])).status_code == 200
    assert changed_tables(before, fingerprint()) == []


# --- nothing leaks, and it costs one query -----------------------------------------------------------


def test_someone_who_may_not_see_the_meeting_learns_nothing_of_its_archive(client, world, archived):
    url = reverse("opinion_bulk", args=[world.meeting.pk])
    for user in (world.other_office, world.outsider):
        client.force_login(user)
        response = client.post(url, {})
        assert response.status_code == 404 and ARCHIVE_READ_ONLY not in response.content.decode()
    client.logout()
    response = client.post(url, {})
    assert response.status_code == 302 and "/login" in response["Location"]


def test_the_archive_asks_who_may_see_the_meeting_as_the_pages_do(world):
    """``access.viewable`` is ``can_view_meeting`` in SQL: the same answer for every role."""
    other = make_meeting(world.other_county, world.other_office)
    admin = UserFactory(is_superuser=True)
    people = [
        world.office,
        world.secretary,
        world.member,
        world.supervisor,
        world.other_office,
        world.other_member,
        world.outsider,
        admin,
        AnonymousUser(),
    ]
    for meeting in (world.meeting, other):
        for user in people:
            in_sql = Meeting.objects.filter(pk=meeting.pk).filter(access.viewable(user)).exists()
            assert in_sql == access.can_view_meeting(user, meeting), (user, meeting)
        # 三员分立: a superuser with no role in the organisation reads none of its meetings, in either.
        assert not access.can_view_meeting(admin, meeting)


def middleware_call(path, user, method="post", **headers):
    """What the archive answers a request (None: on to the view), without the rest of the stack."""
    request = getattr(RequestFactory(), method)(path, **headers)
    request.user = user
    request.resolver_match = match = resolve(path)
    middleware = archive.ArchiveMiddleware(lambda request: None)
    return middleware.process_view(request, match.func, match.args, match.kwargs)


def test_the_archive_costs_one_query_per_change_and_none_per_read(world, django_assert_num_queries):
    path = reverse("opinion_bulk", args=[world.meeting.pk])
    with django_assert_num_queries(1):
        assert middleware_call(path, world.office) is None  # not archived: on to the view
    at_stage(world.meeting, Stage.CLOSED)
    with django_assert_num_queries(1):
        response = middleware_call(path, world.office, HTTP_ACCEPT="application/json")
    assert response.status_code == 409
    box = reverse("opinion_box", args=[world.meeting.opinion_box.token])
    with django_assert_num_queries(1):
        assert middleware_call(box, AnonymousUser()).status_code == 403
    with django_assert_num_queries(0):
        assert middleware_call(path, world.office, method="get") is None
