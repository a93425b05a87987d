"""WeasyPrint may load the app's static files and nothing else: no server files, no network."""

import builtins
import logging
import socket

import pytest

from documents import render_pdf as renderer
from documents.render_pdf import BASE_URL, RefusedURL, html_to_pdf, safe_url_fetcher

STATIC_CSS = f"{BASE_URL}static/documents/gongwen.css"
PIXEL = "data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg=="


@pytest.fixture
def opened(monkeypatch):
    """Paths opened through Python's open() while the test runs."""
    paths = []
    real_open = builtins.open

    def spy(file, *args, **kwargs):
        paths.append(str(file))
        return real_open(file, *args, **kwargs)

    monkeypatch.setattr(builtins, "open", spy)
    return paths


@pytest.fixture
def fetched(monkeypatch):
    """Every URL WeasyPrint asks for, with what the fetcher did: 'served' or the exception."""
    calls = {}

    def spy(url):
        try:
            response = safe_url_fetcher(url)
        except Exception as error:
            calls[url] = error
            raise
        calls[url] = "served"
        return response

    monkeypatch.setattr(renderer, "safe_url_fetcher", spy)
    return calls


@pytest.fixture
def listener():
    """A TCP port on 127.0.0.1 that would queue any connection made to it."""
    server = socket.create_server(("127.0.0.1", 0))
    yield server
    server.close()


def connections(server):
    server.setblocking(False)
    try:
        server.accept()[0].close()
    except BlockingIOError:
        return 0
    return 1


def test_render_reads_no_server_file_and_opens_no_socket(opened, fetched, listener, caplog):
    port = listener.getsockname()[1]
    html = f"""<!DOCTYPE html><html lang="zh-CN"><head>
        <link rel="stylesheet" href="/static/documents/gongwen.css"></head><body>
        <p>正文</p>
        <img src="file:///etc/passwd">
        <img src="http://127.0.0.1:{port}/x.png">
        <img src="../../../../etc/hostname">
        <img src="{PIXEL}">
        </body></html>"""
    with caplog.at_level(logging.WARNING, logger="weasyprint"):
        pdf = html_to_pdf(html)
    assert pdf.startswith(b"%PDF")
    assert isinstance(fetched["file:///etc/passwd"], RefusedURL)
    assert isinstance(fetched[f"http://127.0.0.1:{port}/x.png"], RefusedURL)
    assert isinstance(fetched[f"{BASE_URL}etc/hostname"], RefusedURL)  # relative URLs never reach the disk
    assert fetched[STATIC_CSS] == "served"
    assert fetched[PIXEL] == "served"
    assert "/etc/passwd" not in opened and "/etc/hostname" not in opened
    assert connections(listener) == 0
    assert "refused to fetch" in caplog.text


@pytest.mark.parametrize(
    "url",
    [
        "file:///etc/passwd",
        "FILE:///etc/passwd",
        "http://127.0.0.1:9/x.png",
        "https://example.com/static/documents/gongwen.css",
        "http://169.254.169.254/latest/meta-data/",
        "ftp://example.com/x.png",
        f"{BASE_URL}static/../../config/settings.py",
        f"{BASE_URL}static/%2e%2e/%2e%2e/config/settings.py",
        f"{BASE_URL}static//etc/passwd",
        f"{BASE_URL}static/documents/missing.css",
        f"{BASE_URL}etc/passwd",
        "/etc/passwd",
    ],
)
def test_fetcher_refuses_anything_but_static_files_before_opening_it(url, opened):
    with pytest.raises(RefusedURL):
        safe_url_fetcher(url)
    assert opened == []


def test_fetcher_serves_an_existing_static_file_from_disk():
    response = safe_url_fetcher(STATIC_CSS)
    assert response.content_type == "text/css"
    assert b"@page" in response.read()


def test_fetcher_decodes_data_urls_in_memory(opened):
    response = safe_url_fetcher(PIXEL)
    assert response.content_type == "image/png"
    assert response.read().startswith(b"\x89PNG")
    assert opened == []
