"""Screenshots of checked pages through Debian's chromium, driven by Playwright. Pure Python.

The browser never reaches the network itself: its own name resolution is switched off and every
request the page makes is answered through the run's Fetcher, so screenshots obey the same
address rules, size limits and timeouts as the checks. Only GET requests over http(s) are
answered; the rest are refused.
"""

import asyncio
import logging
from pathlib import Path
from urllib.parse import urlsplit

from patuh.webcheck.errors import ErrorKind, FetchError, gettext_noop
from patuh.webcheck.fetch import Page, Session
from patuh.webcheck.results import CheckResult, Status, sha256

logger = logging.getLogger(__name__)

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    # Nothing resolves: a request that escaped the routing below (a WebSocket, a prefetch)
    # cannot reach any address.
    "--host-resolver-rules=MAP * ~NOTFOUND",
]
VIEWPORT = {"width": 1280, "height": 800}
# Screenshots taken at the same time: each needs a browser page.
PARALLEL = 2


class Screenshots:
    """Use as `async with Screenshots(config) as shots`; `unavailable` says why not."""

    def __init__(self, config):
        self.config = config
        self.unavailable: tuple[str, dict] | None = None
        self._playwright = None
        self._browser = None
        self._parallel = asyncio.Semaphore(PARALLEL)

    async def __aenter__(self) -> "Screenshots":
        if self.config.screenshot_dir is None:
            self.unavailable = (gettext_noop("screenshots are off for this run"), {})
        elif not Path(self.config.chromium).exists():
            self.unavailable = (
                gettext_noop("no screenshot: no browser at %(path)s"),
                {"path": self.config.chromium},
            )
        else:
            await self._start()
        return self

    async def _start(self) -> None:
        try:
            # Imported here: Playwright is optional, and the checks run without screenshots.
            from playwright.async_api import async_playwright
        except ImportError:
            self.unavailable = (gettext_noop("no screenshot: Playwright is not installed"), {})
            return
        try:
            self._playwright = await async_playwright().start()
            self._browser = await self._playwright.chromium.launch(
                executable_path=self.config.chromium, args=CHROMIUM_ARGS
            )
        except Exception as exc:
            await self.__aexit__()
            self.unavailable = (
                gettext_noop("no screenshot: the browser did not start (%(error)s)"),
                {"error": _first_line(exc)},
            )

    async def __aexit__(self, *exc_info) -> None:
        if self._browser is not None:
            await self._browser.close()
            self._browser = None
        if self._playwright is not None:
            await self._playwright.stop()
            self._playwright = None

    async def take(self, url: str, name: str, session: Session) -> Path:
        """A PNG of `url` as a desktop browser shows it, saved as `<name>.png`; the page's
        requests are answered through the site's `session`."""
        timeout_ms = self.config.limits.total_timeout * 1000
        path = Path(self.config.screenshot_dir) / f"{name}.png"
        async with self._parallel:
            context = await self._browser.new_context(
                viewport=VIEWPORT, service_workers="block", user_agent=self.config.user_agent
            )
            try:
                await context.route("**/*", lambda route: _answer(route, session))
                page = await context.new_page()
                async with asyncio.timeout(self.config.limits.total_timeout * 2):
                    await page.goto(url, wait_until="load", timeout=timeout_ms)
                    await page.screenshot(path=str(path), timeout=timeout_ms)
            finally:
                await context.close()
        return path


def no_screenshot(detail: str, **params) -> CheckResult:
    return CheckResult("screenshot", Status.NA, detail, params=params)


async def screenshot_result(
    shots: Screenshots, home: Page, name: str, session: Session
) -> tuple[CheckResult, Path | None]:
    """The screenshot check of the home page, and the screenshot when one was taken."""
    if shots.unavailable is not None:
        detail, params = shots.unavailable
        return no_screenshot(detail, **params), None
    try:
        path = await shots.take(home.final_url, name, session)
    except TimeoutError:
        detail = gettext_noop("the page did not finish loading in the browser")
        return CheckResult("screenshot", Status.ERROR, detail, error=ErrorKind.TIMEOUT), None
    except Exception as exc:
        logger.warning("Screenshot of %s failed: %s", home.final_url, exc)
        failed = CheckResult(
            "screenshot",
            Status.ERROR,
            gettext_noop("the browser failed: %(error)s"),
            params={"error": _first_line(exc)},
            error=ErrorKind.CHECKER,
        )
        return failed, None
    taken = CheckResult(
        "screenshot",
        Status.PASS,
        gettext_noop("screenshot of %(url)s"),
        params={"url": home.final_url},
        evidence={"url": home.final_url, "sha256": sha256(path.read_bytes())},
    )
    return taken, path


def _first_line(exc: Exception) -> str:
    return str(exc).splitlines()[0][:200] if str(exc) else type(exc).__name__


async def _answer(route, session: Session) -> None:
    request = route.request
    if request.method != "GET" or urlsplit(request.url).scheme not in {"http", "https"}:
        await route.abort("blockedbyclient")
        return
    try:
        page = await session.fetch(request.url)
    except FetchError:
        await route.abort("addressunreachable")
        return
    content_type = page.headers.get("content-type", "application/octet-stream")
    await route.fulfill(status=page.status, headers={"content-type": content_type}, body=page.body)
