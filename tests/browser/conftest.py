"""Playwright harness: one headless Chromium per session, a fresh context per test.

The journeys run against pytest-django's `live_server`, which shares the test database
(`transactional_db`), so a test creates its data through the services and then drives the
pages as a person would. A failing test leaves a screenshot of every page it opened in
`test-artifacts/browser/`.
"""

import os
import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from django.utils import translation
from django.utils.translation import gettext

# Playwright's sync API runs an event loop in the test thread; Django refuses ORM calls from
# a thread with a running loop unless told this is fine (the calls stay synchronous).
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

from playwright.sync_api import (  # noqa: E402
    Browser,
    BrowserContext,
    Page,
    Playwright,
    expect,
    sync_playwright,
)

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
]
DEFAULT_TIMEOUT_MS = 10_000
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "browser"
PASSWORD = "pw-test-12345"

expect.set_options(timeout=DEFAULT_TIMEOUT_MS)  # assertions wait as long as actions do


def pytest_collection_modifyitems(config, items):
    here = Path(__file__).parent
    for item in items:
        if here in item.path.parents:
            item.add_marker(pytest.mark.browser)


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item, call):
    # Keep each phase's report on the test so fixtures can tell, at teardown, that it failed.
    report = yield
    setattr(item, f"rep_{report.when}", report)
    return report


@pytest.fixture(scope="session")
def playwright_instance() -> Iterator[Playwright]:
    with sync_playwright() as playwright:
        yield playwright


@pytest.fixture(scope="session")
def browser(playwright_instance: Playwright) -> Iterator[Browser]:
    if not CHROMIUM.exists():
        pytest.fail(
            f"Chromium is not installed at {CHROMIUM}; `make browser-deps` installs it "
            "(Debian's chromium and fonts-thai-tlwg).",
            pytrace=False,
        )
    browser = playwright_instance.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
    yield browser
    browser.close()


@pytest.fixture
def new_context(browser: Browser, live_server, request) -> Iterator[Callable[..., BrowserContext]]:
    """Make a browser context (a separate person: own cookies, own session).

    Contexts default to a Thai browser (Accept-Language th), as the city's staff use, and to
    the live server as base URL, so pages are opened with relative paths: page.goto("/login/").
    """
    contexts: list[BrowserContext] = []

    def make(**options) -> BrowserContext:
        options.setdefault("base_url", live_server.url)
        options.setdefault("locale", "th-TH")
        options.setdefault("viewport", {"width": 1280, "height": 900})
        context = browser.new_context(**options)
        context.set_default_timeout(DEFAULT_TIMEOUT_MS)
        contexts.append(context)
        return context

    yield make

    report = getattr(request.node, "rep_call", None)
    failed = report is not None and report.failed
    for index, context in enumerate(contexts):
        if failed:
            _screenshot(context, request.node.name, index)
        context.close()


def _screenshot(context: BrowserContext, test_name: str, context_index: int) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    stem = re.sub(r"[^\w.-]+", "_", test_name)
    for page_index, page in enumerate(context.pages):
        suffix = "" if (context_index, page_index) == (0, 0) else f"-{context_index}-{page_index}"
        try:
            page.screenshot(path=ARTIFACTS / f"{stem}{suffix}.png", full_page=True)
        except Exception as error:  # a crashed page must not hide the test's own failure
            print(f"Could not take a screenshot of {page.url}: {error}")


@pytest.fixture
def page(new_context) -> Page:
    """A fresh page in a fresh context, for a test that needs one person."""
    return new_context().new_page()


def login(page: Page, username: str, password: str = PASSWORD) -> None:
    """Log in through the login form, as a person does; ends on the page the form leads to."""
    page.goto("/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    with page.expect_navigation():
        page.click("main form button[type=submit]")


@contextmanager
def htmx_settled(page: Page) -> Iterator[None]:
    """Wait, after the block, until htmx has swapped in and settled the response it triggered.

    Waiting for the response alone is not enough: htmx swaps a moment later, and a field
    filled in that moment belongs to the form about to be replaced.
    """
    page.evaluate(
        """() => {
            window.__htmxSettled = false;
            document.body.addEventListener(
                "htmx:afterSettle", () => { window.__htmxSettled = true; }, {once: true}
            );
        }"""
    )
    yield
    page.wait_for_function("() => window.__htmxSettled === true")


def in_thai(text: str) -> str:
    """What the pages show for `text` in Thai: its translation, or itself while untranslated."""
    with translation.override("th"):
        return gettext(text)
