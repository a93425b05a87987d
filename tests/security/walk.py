"""The machinery of the access matrix: every URL pattern of the project, each request made as one role in
a transaction rolled back after it, and what a response shows read back from HTML, JSON and every kind
of download (docx, xlsx and zip members read as their XML text, PDF through pdftotext, nested archives
opened). The rules themselves are in test_access_matrix.py."""

import html
import io
import json
import re
import subprocess
import tempfile
import zipfile
from pathlib import Path
from typing import NamedTuple

from django.conf import settings
from django.contrib.messages.storage.cookie import CookieStorage
from django.db import transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse


class Pattern(NamedTuple):
    name: str  # the name reverse() takes, with its namespace ("admin:index")
    route: str  # the whole route, for messages
    kwargs: tuple  # the names of its converters, outermost first
    namespace: str


def url_patterns(resolver=None, prefix="", kwargs=(), namespace=""):
    """Every URL pattern of the project, walking includes (their routes, converters and namespaces)."""
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        route = prefix + str(entry.pattern)
        names = kwargs + tuple(_converters(entry.pattern))
        if isinstance(entry, URLResolver):
            inner = ":".join(filter(None, [namespace, entry.namespace]))
            yield from url_patterns(entry, route, names, inner)
        elif isinstance(entry, URLPattern):
            full = ":".join(filter(None, [namespace, entry.name])) if entry.name else ""
            yield Pattern(full, route, names, namespace)


def _converters(pattern):
    converters = getattr(pattern, "converters", None)
    if converters is not None:
        return list(converters)
    regex = getattr(pattern, "regex", None)  # a re_path
    return list(regex.groupindex) if regex is not None else []


# --- what a response shows -------------------------------------------------------------------------


def _xml_text(data):
    """The text of an XML part: tags dropped so that the runs of a paragraph join, entities decoded."""
    text = data.decode("utf-8", "replace")
    return html.unescape(re.sub(r"<[^>]+>", "", text))


def pdf_text(data):
    """The text pdftotext reads from a PDF; "" for a file that only begins like one (an uploaded evidence
    file is checked by its first bytes: its raw bytes are what it shows). A missing pdftotext is a failure,
    never a skip: a PDF we cannot read is a PDF we did not check."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "file.pdf"
        path.write_bytes(data)
        done = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True)
        return done.stdout if done.returncode == 0 else ""


def file_texts(data, depth=0):
    """The texts a file carries: its bytes as UTF-8, and what its format holds (a docx or xlsx is a zip
    of XML parts; a zip's members are read in turn, an archive of frozen files included; a PDF's text
    with the line breaks of its layout taken out)."""
    texts = [data.decode("utf-8", "replace")]
    if data.startswith(b"%PDF"):
        texts.append("".join(pdf_text(data).split()))
    elif data.startswith(b"PK") and depth < 3:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            for member in archive.infolist():
                texts.append(member.filename)
                content = archive.read(member)
                if member.filename.endswith((".xml", ".rels")):
                    texts.append(_xml_text(content))
                else:
                    texts.extend(file_texts(content, depth + 1))
    return texts


def found_in(data, markers, common):
    """The keys of ``markers`` whose text ``data`` shows anywhere, as it is or escaped as JSON writes
    non-ASCII text. Every marker begins with ``common``: a text without it is not searched further."""
    joined = "\n".join(file_texts(data))
    forms = [(lambda text: text), (lambda text: json.dumps(text)[1:-1])]
    if not any(form(common) in joined for form in forms):
        return set()
    return {key for key, marker in markers.items() if any(form(marker) in joined for form in forms)}


def body_of(response):
    if getattr(response, "streaming", False):
        # The test client closes the response once its content is read, with request_finished kept
        # from closing the database connection; closing it again here would fire request_finished and
        # close the test's connection (on PostgreSQL; SQLite's in-memory test database ignores it).
        return b"".join(response.streaming_content)
    return response.content


# --- making requests -----------------------------------------------------------------------------


class Seen(NamedTuple):
    status: int
    location: str
    markers: frozenset
    error: str  # the exception a 500 came from


class Requester:
    """One test client per role, each signed in once; every request is rolled back after it, so that
    a POST the table allows changes nothing the next request reads."""

    def __init__(self, users, markers, common):
        self.users = users  # role -> user, None for the anonymous visitor
        self.markers = markers
        self.common = common  # what every marker begins with
        self.clients = {role: self._client(user) for role, user in users.items()}

    def _client(self, user):
        client = Client(raise_request_exception=False)
        if user is not None:
            client.force_login(user)
        return client

    @staticmethod
    def _session_key(client):
        cookie = client.cookies.get(settings.SESSION_COOKIE_NAME)
        return cookie.value if cookie else None

    def request(self, role, method, url, data=None):
        client = self.clients[role]
        session = self._session_key(client)
        with transaction.atomic():
            response = getattr(client, method)(url, data or {})
            content = body_of(response)
            transaction.set_rollback(True)
        # A message a page queued is shown on the next page: drop it, so each page is read alone. A
        # request that signed the client out (or in) is undone by signing it in again.
        client.cookies.pop(CookieStorage.cookie_name, None)
        if self._session_key(client) != session:
            self.clients[role] = self._client(self.users[role])
        error = ""
        if response.status_code >= 500 and getattr(response, "exc_info", None):
            error = repr(response.exc_info[1])
        return Seen(
            response.status_code,
            response.get("Location", ""),
            frozenset(found_in(content, self.markers, self.common)),
            error,
        )


def address(name, kwargs, query=""):
    url = reverse(name, kwargs=kwargs)
    return f"{url}?{query}" if query else url
