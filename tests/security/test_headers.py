"""Security headers and no-store caching (issue 14, item 9; DESIGN §12).

Every response carries the Content-Security-Policy, nosniff, a same-origin Referrer-Policy and frame
denial; every response but a static asset is no-store, so that no browser or proxy keeps a copy of a
meeting's pages or documents. The policy allows no inline script or style, so no template may hold one:
the grep below keeps a new one from creeping back.
"""

import datetime
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

from config.security_headers import CONTENT_SECURITY_POLICY
from documents.render_pdf import render_html, render_preview
from documents.tree import Document, Paragraph, Signature, Table
from feedback import overview
from rectification import burndown

POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; "
    "object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'"
)
TEMPLATES = Path(settings.BASE_DIR) / "templates"
# Not pages: mail clients never see the policy and need inline styles.
NOT_PAGES = [TEMPLATES / "reminders" / "email"]


def assert_secured(response):
    assert response["Content-Security-Policy"] == POLICY
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"


def assert_not_stored(response):
    assert response["Cache-Control"] == "no-store"
    assert response["Pragma"] == "no-cache"
    assert "Expires" not in response


def test_the_policy_is_self_only():
    assert CONTENT_SECURITY_POLICY == POLICY


def test_a_meeting_page_is_secured_and_not_stored(world, login):
    response = login(world.office).get(reverse("meeting_detail", args=[world.meeting.pk]))
    assert response.status_code == 200
    assert_secured(response)
    assert_not_stored(response)


def test_a_docx_download_is_secured_and_not_stored(world, login):
    response = login(world.office).get(reverse("document_download", args=[world.meeting.pk, "plan", "docx"]))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert_secured(response)
    assert_not_stored(response)


def test_a_spreadsheet_and_a_json_answer_are_not_stored(world, login):
    client = login(world.office)
    template = client.get(reverse("opinion_import_template", args=[world.meeting.pk, "xlsx"]))
    status = client.get(reverse("bundle_status", args=[world.meeting.pk]), HTTP_ACCEPT="application/json")
    for response in (template, status):
        assert response.status_code == 200
        assert_secured(response)
        assert_not_stored(response)


def test_the_box_page_with_its_challenge_is_secured_and_not_stored(world, client):
    with_deadline_ahead(world)
    response = client.get(reverse("opinion_box", args=[world.meeting.opinion_box.token]))
    assert response.status_code == 200 and 'data-testid="challenge-question"' in response.content.decode()
    assert_secured(response)
    assert_not_stored(response)
    assert not response.cookies  # the headers add no cookie to the anonymous box


def test_the_login_page_and_the_redirect_to_it_are_secured_and_not_stored(world, client):
    login_page = client.get(reverse("login"))
    redirect = client.get(reverse("meeting_detail", args=[world.meeting.pk]))
    assert login_page.status_code == 200 and redirect.status_code == 302
    for response in (login_page, redirect):
        assert_secured(response)
        assert_not_stored(response)


def test_a_page_that_is_not_found_is_secured_too(world, login):
    response = login(world.office).get("/meetings/999999/")
    assert response.status_code == 404
    assert_secured(response)
    assert_not_stored(response)


@pytest.mark.parametrize(
    "path", ["app.css", "confirm.js", "js/autosave.js", "vendor/bootstrap/bootstrap.bundle.min.js"]
)
def test_static_assets_are_secured_and_may_be_cached(client, path):
    response = client.get(f"/{settings.STATIC_URL.strip('/')}/{path}")
    assert response.status_code == 200
    assert_secured(response)
    assert "no-store" not in response.get("Cache-Control", "")
    assert "Pragma" not in response


def with_deadline_ahead(world):
    from feedback import services

    services.create_default_choices(world.meeting)
    world.meeting.schedule.filter(activity="opinions").update(
        due_date=datetime.date.today() + datetime.timedelta(days=7)
    )


# No inline script, handler or style in a page -----------------------------------------------------------

INLINE_SCRIPT = re.compile(r"<script\b(?![^>]*\bsrc=)(?![^>]*type=\"application/json\")[^>]*>", re.I)
HANDLER = re.compile(r"\son[a-z]+\s*=\s*[\"']", re.I)
STYLE = re.compile(r"\sstyle\s*=|<style\b", re.I)


def page_templates():
    return sorted(
        path
        for path in TEMPLATES.rglob("*")
        if path.suffix in {".html", ".svg"} and not any(path.is_relative_to(folder) for folder in NOT_PAGES)
    )


def test_the_template_folder_holds_the_pages():
    assert len(page_templates()) > 50 and (TEMPLATES / "base.html") in page_templates()


def test_no_template_has_an_inline_script_an_event_handler_or_a_style_attribute():
    found = []
    for path in page_templates():
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            for what, pattern in (
                ("inline <script>", INLINE_SCRIPT),
                ("on…= handler", HANDLER),
                ("style", STYLE),
            ):
                if pattern.search(line):
                    found.append(f"{path.relative_to(TEMPLATES)}:{number}: {what}: {line.strip()[:100]}")
    assert not found, (
        "Content-Security-Policy refuses these; use a static/ file, data-confirm, a class:\n"
        + "\n".join(found)
    )


def test_the_grep_sees_what_it_looks_for():
    assert INLINE_SCRIPT.search("<script>alert(1)</script>") and INLINE_SCRIPT.search(
        '<script type="module">'
    )
    assert not INLINE_SCRIPT.search('<script type="module" src="/static/confirm.js">')
    assert not INLINE_SCRIPT.search('<script type="application/json" id="labels">')
    assert HANDLER.search("<form onsubmit=\"return confirm('x')\">") and HANDLER.search('<input onfocus="x">')
    assert not HANDLER.search('<form data-confirm="确定吗？">')
    assert STYLE.search('<p style="white-space: pre-wrap">') and STYLE.search("<style>")
    assert not STYLE.search('<link rel="stylesheet" href="/static/app.css">')


def test_html_the_server_draws_into_pages_has_no_style_attribute():
    document = Document(
        "实施方案",
        blocks=[Paragraph("正文。"), Table(header=["序号", "事项"], rows=[["1", "学习"]], widths=[20, 120])],
        signature=Signature(["中共云岭县委员会"], datetime.date(2027, 1, 5)),
    )
    preview = render_preview(document)
    assert not STYLE.search(preview)
    assert 'data-width="20mm"' in preview and "data-padding-right=" in preview
    # The PDF's HTML (WeasyPrint, not a page) keeps its inline sizes.
    assert '<col style="width: 20mm">' in render_html(document)

    points = [burndown.Point(datetime.date(2027, 2, day), open=5 - day) for day in (1, 2, 3)]
    assert 'class="burndown' in burndown.svg(points) and not STYLE.search(burndown.svg(points))
    chart = overview.bar_chart_svg([("理论学习", 3), ("调查研究", 1)], title="按方面")
    assert 'class="bar-chart"' in chart and not STYLE.search(chart)
