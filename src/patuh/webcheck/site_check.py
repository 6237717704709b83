"""The checks of one site, in order: each step decides some checks and stores their results.

Pure Python. What each check decides is in docs/webcheck.md; the checks themselves are in
home.py, https.py, content.py and screenshots.py.
"""

import time
from pathlib import Path

from patuh.webcheck.addresses import NameNotResolved
from patuh.webcheck.config import CheckConfig, Site
from patuh.webcheck.content import content_results, head_results
from patuh.webcheck.errors import ErrorKind, FetchError, gettext_noop
from patuh.webcheck.fetch import Fetcher, Page, Session
from patuh.webcheck.home import (
    choose_home,
    fetch_both,
    hostname,
    not_html_error,
    official_domain_result,
    reachable_result,
    response_time_result,
)
from patuh.webcheck.https import certificate_result, hsts_result, https_result, redirect_result
from patuh.webcheck.ids import CHECK_IDS, CONTENT_CHECKS
from patuh.webcheck.pages import parse_page
from patuh.webcheck.results import CheckResult, SiteResult, Status, error_result, now, sha256
from patuh.webcheck.screenshots import Screenshots, no_screenshot, screenshot_result

# The checks that read the home page's HTML.
PAGE_CHECKS = ("page_title", "page_lang", "viewport", *CONTENT_CHECKS)


class SiteCheck:
    """Use as `await SiteCheck(...).run()`: the result of every check of one site."""

    def __init__(
        self,
        site: Site,
        index: int,
        config: CheckConfig,
        fetcher: Fetcher,
        session: Session,
        shots: Screenshots,
    ):
        self.site, self.index, self.config, self.shots = site, index, config, shots
        # The run's shared DNS and limits, and this site's own connections.
        self.fetcher, self.session = fetcher, session
        self.host = hostname(site.url)
        self.results: dict[str, CheckResult] = {}

    def add(self, *results: CheckResult) -> None:
        for result in results:
            self.results[result.id] = result

    def add_errors(self, check_ids: tuple[str, ...], error: FetchError) -> None:
        """The same error for every check in `check_ids`: what they need could not be read."""
        self.add(*(error_result(check_id, error) for check_id in check_ids))

    async def run(self) -> SiteResult:
        """Resolve the name; read the home page over HTTPS and HTTP and check how it answers;
        check its HTML and look for the content on it and a crawl; take a screenshot."""
        started, checked_at = time.monotonic(), now()
        home = await self.check_home() if await self.check_dns() else None
        screenshot = await self.check_screenshot(home)
        return SiteResult(
            self.site.url,
            home.final_url if home is not None else self.site.url,
            [self.results[check_id] for check_id in CHECK_IDS],
            checked_at,
            round((time.monotonic() - started) * 1000),
            sha256(home.body) if home is not None else "",
            screenshot,
        )

    async def check_dns(self) -> bool:
        """The dns check; False when the name does not resolve, and then every other check
        but official_domain is that error."""
        try:
            addresses = await self.fetcher.resolve(self.host)
        except NameNotResolved:
            unresolved = FetchError(
                ErrorKind.DNS,
                gettext_noop("the name %(host)s does not resolve"),
                self.site.url,
                params={"host": self.host},
            )
            self.add_errors(CHECK_IDS, unresolved)
            # The name as entered can still be judged.
            self.add(official_domain_result([self.host], self.config.official_suffixes))
            return False
        policy = self.config.policy
        self.add(
            CheckResult(
                "dns",
                Status.PASS,
                gettext_noop("%(host)s resolves to %(addresses)s"),
                params={"host": self.host, "addresses": ", ".join(addresses)},
                evidence={
                    "addresses": addresses,
                    "refused": {a: why for a in addresses if (why := policy.refusal(a))},
                },
            )
        )
        return True

    async def check_home(self) -> Page | None:
        """The checks of how the site answers over HTTPS and HTTP, then those of the home page;
        the home page, or None when neither answered with one."""
        https, http = await fetch_both(self.session, self.site.url)
        walls = self.config.rules.bot_walls
        self.add(
            https_result(https, walls),
            await certificate_result(https, self.session, self.config.tls_warning_days),
            redirect_result(http, self.site.url),
            hsts_result(https),
        )
        home, problem = choose_home(self.site.url, https, http, walls)
        hosts = [self.host] if home is None else [self.host, hostname(home.final_url)]
        self.add(official_domain_result(hosts, self.config.official_suffixes))
        if home is None:
            self.add_errors(("reachable", "response_time", *PAGE_CHECKS), problem)
            return None
        self.add(reachable_result(home), response_time_result(home, self.config.slow_ms))
        await self.check_page(home)
        return home

    async def check_page(self, home: Page) -> None:
        """The checks of the home page's HTML, the content checks with a crawl."""
        if not home.is_html:
            self.add_errors(PAGE_CHECKS, not_html_error(home))
            return
        parsed = parse_page(home.final_url, home.body, home.headers.get("content-type", ""))
        self.add(*head_results(parsed, home))
        self.add(
            *await content_results(parsed, home, self.site.products, self.config, self.session)
        )

    async def check_screenshot(self, home: Page | None) -> Path | None:
        """The screenshot check; the screenshot, when the home page is HTML and one was taken."""
        if home is None or not home.is_html:
            self.add(no_screenshot(gettext_noop("no page to take a screenshot of")))
            return None
        result, path = await screenshot_result(self.shots, home, f"site-{self.index}", self.session)
        self.add(result)
        return path
