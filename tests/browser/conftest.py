"""Playwright driving Debian's Chromium against the live test server. Every test fails when a
page breaks the Content-Security-Policy: the browser refuses what the policy does not allow,
and says so on the console."""

import os
from pathlib import Path

import pytest

CHROMIUM = Path("/usr/bin/chromium")


class PolicyWatchingBrowser:
    """The browser, whose every new context reports Content-Security-Policy violations."""

    def __init__(self, browser):
        self._browser = browser
        self.violations: list[str] = []

    def new_context(self, **options):
        context = self._browser.new_context(**options)
        context.on("console", self._console)
        return context

    def _console(self, message) -> None:
        if "Content Security Policy" in message.text:
            self.violations.append(f"{message.page.url if message.page else '?'}: {message.text}")

    def __getattr__(self, name):
        return getattr(self._browser, name)


@pytest.fixture(autouse=True)
def no_policy_violation(browser):
    """Fail a browser test on any Content-Security-Policy violation its pages reported."""
    already = len(browser.violations)
    yield
    assert browser.violations[already:] == []


@pytest.fixture(scope="session")
def browser():
    if not CHROMIUM.exists():
        # ./test deselects browser tests loudly when Chromium is missing; reaching this means
        # someone ran them explicitly without it.
        pytest.fail(f"{CHROMIUM} is missing: apt-get install chromium")
    from playwright.sync_api import sync_playwright

    # Playwright's sync API runs an event loop in this thread; the test's own ORM calls
    # (fixtures, assertions) are still plain synchronous code.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM),
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        yield PolicyWatchingBrowser(browser)
        browser.close()


# Generous: a shared two-core machine can take seconds to answer under load. Waits end as soon
# as the condition holds, so this costs nothing when things are quick.
TIMEOUT_MS = 30_000


def phone_page(browser):
    """A new page the size of a small phone, in a browser context of its own."""
    context = browser.new_context(viewport={"width": 360, "height": 740}, is_mobile=True)
    page = context.new_page()
    page.set_default_timeout(TIMEOUT_MS)
    return page


@pytest.fixture
def phone(browser):
    """A page the size of a small phone, the enumerators' and officials' usual screen."""
    page = phone_page(browser)
    yield page
    page.context.close()


def log_in(page, live_server, username: str) -> None:
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", "pass-" + username)
    page.click("form[action*='login'] button[type=submit]")


def desktop_page(browser):
    """A new page the size of an office laptop's screen, in a browser context of its own."""
    context = browser.new_context(viewport={"width": 1366, "height": 768}, accept_downloads=True)
    page = context.new_page()
    page.set_default_timeout(TIMEOUT_MS)
    return page


class Problems(list):
    """Every JavaScript error and failed request a page meets, as text."""

    def __init__(self, page):
        super().__init__()
        page.on("pageerror", lambda error: self.append(f"JavaScript error: {error}"))
        page.on("console", self._logged)
        page.on("requestfailed", self._failed)
        page.on("response", self._answered)

    def _answered(self, response) -> None:
        # Chromium asks for /favicon.ico by itself when a page declares no icon: the browser's
        # probe, not a request the page makes (a declared icon that fails is still caught).
        if response.status >= 400 and not response.url.endswith("/favicon.ico"):
            self.append(f"{response.status} {response.request.method} {response.url}")

    def _logged(self, message) -> None:
        # A resource that failed to load is reported with its address by _answered.
        if message.type == "error" and not message.text.startswith("Failed to load resource"):
            self.append(f"console: {message.text}")

    def _failed(self, request) -> None:
        # A navigation that turns into a download ends the page's request there: not a failure.
        if request.failure == "net::ERR_ABORTED" and request.is_navigation_request():
            return
        self.append(f"failed {request.method} {request.url}: {request.failure}")

    def forgive(self, status: int, url: str) -> None:
        """Take back the one answer with `status` from `url` that the test expects (a refused
        form comes back as 400 or 422 on purpose)."""
        [expected] = [p for p in self if p.startswith(f"{status} ") and p.endswith(f" {url}")]
        self.remove(expected)


@pytest.fixture
def desktop(browser):
    """A desktop page, the office staff's usual screen; the test fails if the page meets any
    JavaScript error or failed request."""
    page = desktop_page(browser)
    problems = Problems(page)
    yield page
    page.context.close()
    assert list(problems) == []


# The screens of the journeys (docs: shared journeys): a phone, and an office desktop.
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 800}


def fits_the_screen(page) -> bool:
    """Whether the page is no wider than the screen. Not window.innerWidth: a phone browser
    zooms out to show a page wider than itself, and innerWidth grows with it."""
    return page.evaluate("document.documentElement.scrollWidth") <= page.viewport_size["width"]


class Watched:
    """A page in its own context whose JavaScript errors and failed requests are recorded."""

    def __init__(self, browser, viewport: dict, *, mobile: bool):
        self.context = browser.new_context(viewport=viewport, is_mobile=mobile)
        self.page = self.context.new_page()
        self.page.set_default_timeout(TIMEOUT_MS)
        self.problems = Problems(self.page)

    def check(self) -> None:
        """No problem so far, and the page fits the screen's width."""
        assert self.problems == []
        assert fits_the_screen(self.page), f"{self.page.url} scrolls sideways"

    def check_lists_fit(self) -> None:
        """check(), and no table on the page scrolls sideways inside its box either: on a
        phone, lists are stacked cards."""
        self.check()
        wide = self.page.evaluate(
            """Array.from(document.querySelectorAll(".table-wrap"))
                .filter((box) => box.checkVisibility() && box.scrollWidth > box.clientWidth + 1)
                .map((box) => box.querySelector("caption, th")?.textContent.trim())"""
        )
        assert wide == [], f"{self.page.url}: tables wider than the screen: {wide}"


@pytest.fixture
def watched(browser):
    opened = []

    def open_page(viewport: dict, *, mobile: bool) -> Watched:
        opened.append(Watched(browser, viewport, mobile=mobile))
        return opened[-1]

    yield open_page
    for each in opened:
        each.context.close()
