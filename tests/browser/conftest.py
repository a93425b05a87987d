"""Playwright driving Debian's chromium. A missing browser fails the test; it never skips.

Every test waits for its requests to settle before teardown (issue 18, point 11): the pages' contexts are
closed only once the browser has no request in flight, and the database is flushed only once the live
server is handling none. The server shares the test's in-memory SQLite connection, so an autosave still
running while the flush empties the tables failed with "FOREIGN KEY constraint failed" on a busy machine.
"""

import os
from pathlib import Path

import pytest

from .in_flight import SETTLE_SECONDS, InFlight, ServedRequests

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
OUTPUT = Path(__file__).resolve().parents[2] / "test-output" / "browser"

# Playwright's sync API runs an event loop in this thread; the ORM calls the tests make
# between page actions are still plain synchronous calls.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    assert Path(CHROMIUM).exists(), f"找不到浏览器 {CHROMIUM}：请安装 Debian 的 chromium 软件包"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            headless=True,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        yield browser
        browser.close()


@pytest.fixture
def screenshots(request):
    folder = OUTPUT / request.node.name
    folder.mkdir(parents=True, exist_ok=True)
    counter = iter(range(1, 100))

    def shoot(page, name):
        page.screenshot(path=str(folder / f"{next(counter):02d}-{name}.png"), full_page=True)

    shoot.folder = folder
    return shoot


@pytest.fixture(scope="session")
def live_server(live_server):
    """pytest-django's live server, its application wrapped in ``ServedRequests``."""
    httpd = live_server.thread.httpd
    live_server.served = ServedRequests(httpd.get_app())
    httpd.set_app(live_server.served)
    return live_server


@pytest.fixture(autouse=True)
def _requests_settle_before_the_flush(live_server, transactional_db):
    """Set up after the database and torn down before it is flushed, after the test's own fixtures (its
    pages already closed): the flush waits for the live server to finish whatever it was still handling."""
    live_server.served.open()
    yield
    running = live_server.served.close()
    if running:
        pytest.fail(f"{SETTLE_SECONDS} 秒后服务器仍在处理请求，无法清空数据库：{running}")


@pytest.fixture
def new_page(browser, live_server):
    contexts = []

    def open_page():
        context = browser.new_context(base_url=live_server.url, accept_downloads=True, locale="zh-CN")
        contexts.append(InFlight(context))
        return context.new_page()

    yield open_page
    # Closing a context cancels its requests in the browser, not on the server: let them finish first.
    stuck = []
    for in_flight in contexts:
        stuck += [f"{request.method} {request.url}" for request in in_flight.wait()]
        in_flight.context.close()
    if stuck:
        pytest.fail(f"{SETTLE_SECONDS} 秒后页面的请求仍未结束：{stuck}")
