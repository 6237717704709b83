"""Checking websites: every check, in a fixed order, for many sites at once. Pure Python.

`run_checks(sites, config, progress)` is the entry point for synchronous callers (the job and
the command): it runs the asyncio checker on its own thread and reports progress from the
caller's thread, so a progress callback may use the database. Each site gets one result per
check id in CHECK_IDS (documented in docs/webcheck.md), with status pass, fail, na or error;
an error names its kind (errors.ErrorKind), so a broken site, a checker kept out and a checker
fault stay apart.
"""

import asyncio
import datetime as dt
import hashlib
import heapq
import logging
import queue
import ssl
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit
from urllib.robotparser import RobotFileParser

from patuh.webcheck.addresses import AddressPolicy, NameNotResolved, Resolver, system_resolver
from patuh.webcheck.errors import SITE_FAULTS, ErrorKind, FetchError, gettext_noop
from patuh.webcheck.fetch import BLOCKED_STATUSES, Fetcher, FetchLimits, Page
from patuh.webcheck.ids import CHECK_IDS, CONTENT_CHECKS
from patuh.webcheck.pages import ParsedPage, decode, fold, parse_page
from patuh.webcheck.rules import Match, Rules, load_rules

logger = logging.getLogger(__name__)

# Links to files that are not web pages are never crawled.
_NOT_PAGES = (
    ".pdf", ".doc", ".docx", ".xls", ".xlsx", ".ppt", ".pptx", ".zip", ".rar", ".7z", ".jpg",
    ".jpeg", ".png", ".gif", ".webp", ".svg", ".mp3", ".mp4", ".avi", ".apk", ".exe",
)  # fmt: skip
# The checks that read the home page's HTML.
_PAGE_CHECKS = ("page_title", "page_lang", "viewport", *CONTENT_CHECKS)
_CRAWL_DEPTH = 2
_ROBOTS_MAX_BYTES = 512 * 1024
# Pages listed by name in a content check's evidence (not read, or unusable).
_EVIDENCE_PAGES = 10


class Status(StrEnum):
    PASS = "pass"  # noqa: S105 - a status, not a password
    FAIL = "fail"
    NA = "na"
    ERROR = "error"


@dataclass
class CheckResult:
    id: str
    status: Status
    # An English message template filled by `params`, kept apart so pages can translate it.
    detail: str = ""
    params: dict = field(default_factory=dict)
    error: ErrorKind | None = None
    evidence: dict = field(default_factory=dict)

    @property
    def detail_text(self) -> str:
        return self.detail % self.params

    def as_dict(self) -> dict:
        return {
            "id": self.id,
            "status": str(self.status),
            "error": str(self.error) if self.error else None,
            "detail": self.detail_text,
            "evidence": self.evidence,
        }


@dataclass(frozen=True)
class Site:
    url: str
    # The agency's service products, looked for by name (standard_product).
    products: tuple[str, ...] = ()


@dataclass
class SiteResult:
    url: str
    final_url: str
    checks: list[CheckResult]
    checked_at: str
    duration_ms: int
    html_sha256: str = ""
    screenshot: Path | None = None

    def check(self, check_id: str) -> CheckResult:
        return next(check for check in self.checks if check.id == check_id)

    def as_dict(self) -> dict:
        return {
            "url": self.url,
            "final_url": self.final_url,
            "checked_at": self.checked_at,
            "duration_ms": self.duration_ms,
            "html_sha256": self.html_sha256,
            "checks": [check.as_dict() for check in self.checks],
        }


@dataclass(frozen=True)
class CheckConfig:
    user_agent: str
    policy: AddressPolicy = field(default_factory=AddressPolicy)
    limits: FetchLimits = field(default_factory=FetchLimits)
    # Sites checked at the same time.
    concurrency: int = 20
    official_suffixes: tuple[str, ...] = ("go.id",)
    # Pages read per site, the home page included.
    crawl_pages: int = 10
    slow_ms: int = 3000
    tls_warning_days: int = 30
    # PEM file of CA certificates to trust instead of the system's.
    ca_bundle: str = ""
    rules: Rules = field(default_factory=load_rules)
    # Where screenshots go; None takes none.
    screenshot_dir: Path | None = None
    chromium: str = "/usr/bin/chromium"
    resolver: Resolver = system_resolver

    def ssl_context(self) -> ssl.SSLContext:
        return ssl.create_default_context(cafile=self.ca_bundle or None)


def run_checks(
    sites: list[Site],
    config: CheckConfig,
    progress: Callable[..., None] | None = None,
) -> list[SiteResult]:
    """Check `sites` (blocking); `progress(done, total, message)` runs on the calling thread."""
    finished: queue.Queue = queue.Queue()
    outcome: dict = {}

    def work() -> None:
        try:
            outcome["results"] = asyncio.run(
                check_sites(sites, config, on_done=lambda result: finished.put(result.url))
            )
        except BaseException as exc:  # handed to the caller's thread below
            outcome["error"] = exc
        finally:
            finished.put(None)

    thread = threading.Thread(target=work, name="webcheck", daemon=True)
    thread.start()
    done = 0
    if progress:
        progress(0, len(sites))
    while (url := finished.get()) is not None:
        done += 1
        if progress:
            progress(done, len(sites), url)
    thread.join()
    if "error" in outcome:
        raise outcome["error"]
    return outcome["results"]


async def check_sites(
    sites: Iterable[Site],
    config: CheckConfig,
    on_done: Callable[[SiteResult], None] | None = None,
) -> list[SiteResult]:
    """Check every site, at most `config.concurrency` at a time; results in input order."""
    from patuh.webcheck.screenshots import Screenshots

    fetcher = Fetcher(
        user_agent=config.user_agent,
        policy=config.policy,
        limits=config.limits,
        ssl_context=config.ssl_context(),
        resolver=config.resolver,
    )
    limit = asyncio.Semaphore(config.concurrency)
    async with Screenshots(config) as screenshots:

        async def one(index: int, site: Site) -> SiteResult:
            async with limit, fetcher.session() as session:
                check = _SiteCheck(site, index, config, fetcher, session, screenshots)
                try:
                    result = await check.run()
                except Exception as exc:
                    logger.exception("Website check of %s failed", site.url)
                    result = _checker_fault(site, exc)
            if on_done:
                on_done(result)
            return result

        return list(await asyncio.gather(*(one(i, s) for i, s in enumerate(sites))))


def _now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


def _checker_fault(site: Site, exc: Exception) -> SiteResult:
    detail = gettext_noop("the checker failed: %(error)s")
    params = {"error": f"{type(exc).__name__}: {exc}"[:300]}
    checks = [CheckResult(i, Status.ERROR, detail, params, ErrorKind.CHECKER) for i in CHECK_IDS]
    return SiteResult(site.url, site.url, checks, _now(), 0)


def _error(check_id: str, error: FetchError) -> CheckResult:
    evidence = {"url": error.url}
    if error.redirects:
        evidence["redirects"] = [{"url": url, "status": status} for url, status in error.redirects]
    return CheckResult(check_id, Status.ERROR, error.detail, error.params, error.kind, evidence)


def _scheme_variants(url: str) -> tuple[str, str]:
    """The HTTPS and HTTP forms of `url` (same host, port and path)."""
    parts = urlsplit(url)
    path = parts.path or "/"
    return (
        urlunsplit(parts._replace(scheme="https", path=path)),
        urlunsplit(parts._replace(scheme="http", path=path)),
    )


def _sha256(body: bytes) -> str:
    return hashlib.sha256(body).hexdigest()


def same_site(a: str, b: str) -> bool:
    """Whether two host names are the same site, ignoring a leading "www."."""

    def bare(host: str) -> str:
        host = host.lower().rstrip(".")
        return host.removeprefix("www.")

    return bare(a) == bare(b)


def under_suffixes(host: str, suffixes: Iterable[str]) -> bool:
    host = host.lower().rstrip(".")
    bare = [suffix.lower().strip(".") for suffix in suffixes]
    return any(host == suffix or host.endswith(f".{suffix}") for suffix in bare)


class _SiteCheck:
    """The checks of one site; see docs/webcheck.md for what each decides."""

    def __init__(
        self, site: Site, index: int, config: CheckConfig, fetcher: Fetcher, session, shots
    ):
        self.site, self.index, self.config, self.shots = site, index, config, shots
        # The run's shared DNS and limits, and this site's own connections.
        self.fetcher, self.session = fetcher, session
        self.results: dict[str, CheckResult] = {}
        # The page the site's content was read from, once it loaded.
        self.home: Page | None = None

    def put(self, check_id: str, status: Status, detail: str = "", **kwargs) -> None:
        self.results[check_id] = CheckResult(check_id, status, detail, **kwargs)

    def put_errors(self, check_ids: Iterable[str], error: FetchError) -> None:
        """The same error for every check in `check_ids`: what they need could not be read."""
        for check_id in check_ids:
            self.results[check_id] = _error(check_id, error)

    async def run(self) -> SiteResult:
        started = time.monotonic()
        checked_at = _now()
        host = urlsplit(self.site.url).hostname or ""
        final_url, html_sha256, screenshot = self.site.url, "", None
        try:
            addresses = await self.fetcher.resolve(host)
        except NameNotResolved:
            error = FetchError(
                ErrorKind.DNS, gettext_noop("the name %(host)s does not resolve"), self.site.url,
                params={"host": host},
            )  # fmt: skip
            self.put_errors(CHECK_IDS, error)
            self.official_domain([host])
            self.no_screenshot(gettext_noop("no page to take a screenshot of"))
        else:
            refused = {a: why for a in addresses if (why := self.config.policy.refusal(a))}
            self.put(
                "dns",
                Status.PASS,
                gettext_noop("%(host)s resolves to %(addresses)s"),
                params={"host": host, "addresses": ", ".join(addresses)},
                evidence={"addresses": addresses, "refused": refused},
            )
            html_page = await self.check_pages(host)
            if self.home is not None:
                final_url, html_sha256 = self.home.final_url, _sha256(self.home.body)
            if html_page is not None:
                screenshot = await self.screenshot(html_page)
        checks = [self.results[check_id] for check_id in CHECK_IDS]
        duration = round((time.monotonic() - started) * 1000)
        return SiteResult(
            self.site.url, final_url, checks, checked_at, duration, html_sha256, screenshot
        )

    async def _try(self, url: str) -> Page | FetchError:
        try:
            return await self.session.fetch(url)
        except FetchError as exc:
            return exc

    async def check_pages(self, host: str) -> Page | None:
        """The checks that need the home page; returns it when it is an HTML page."""
        https_url, http_url = _scheme_variants(self.site.url)
        https, http = await asyncio.gather(self._try(https_url), self._try(http_url))
        self.check_https(https)
        await self.check_certificate(https)
        self.check_redirect(http)
        self.check_hsts(https)
        home, problem = self.choose_home(https, http)
        final_hosts = [host]
        if home is not None:
            final_hosts.append(urlsplit(home.final_url).hostname or "")
        self.official_domain(final_hosts)
        if home is None:
            self.put_errors(("reachable", "response_time", *_PAGE_CHECKS), problem)
            self.no_screenshot(gettext_noop("no page to take a screenshot of"))
            return None
        self.home = home
        self.put(
            "reachable",
            Status.PASS,
            gettext_noop("%(url)s answered HTTP %(status)s"),
            params={"url": home.final_url, "status": home.status},
            evidence=home.evidence(),
        )
        self.check_response_time(home)
        if not home.is_html:
            not_html = FetchError(
                ErrorKind.NOT_HTML,
                gettext_noop("%(url)s is %(type)s, not an HTML page"),
                home.final_url,
                params={"type": home.content_type or "untyped"},
            )
            self.put_errors(_PAGE_CHECKS, not_html)
            self.no_screenshot(gettext_noop("no page to take a screenshot of"))
            return None
        parsed = parse_page(home.final_url, home.body, home.headers.get("content-type", ""))
        self.check_head(parsed, home)
        await self.check_content(parsed, home)
        return home

    def check_https(self, https: Page | FetchError) -> None:
        if isinstance(https, FetchError):
            self.put_errors(["https"], https)
            return
        evidence = https.evidence()
        if urlsplit(https.final_url).scheme != "https":
            self.put(
                "https",
                Status.FAIL,
                gettext_noop("%(url)s sends visitors to plain HTTP: %(final)s"),
                params={"url": https.url, "final": https.final_url},
                evidence=evidence,
            )
        elif (problem := self.page_problem(https)) is not None:
            if problem.kind == ErrorKind.BLOCKED:
                self.results["https"] = _error("https", problem)
                self.results["https"].evidence |= evidence
            else:
                self.put(
                    "https", Status.FAIL, problem.detail, params=problem.params, evidence=evidence
                )
        else:
            self.put(
                "https",
                Status.PASS,
                gettext_noop("%(url)s answered HTTP %(status)s over HTTPS"),
                params={"url": https.final_url, "status": https.status},
                evidence=evidence,
            )

    async def check_certificate(self, https: Page | FetchError) -> None:
        if isinstance(https, FetchError):
            if https.kind == ErrorKind.TLS:
                await self.tls_failure(https)
            else:
                self.put_errors(["tls_certificate"], https)
            return
        if https.tls is None:
            self.put(
                "tls_certificate",
                Status.NA,
                gettext_noop("the server sent no certificate details"),
            )
            return
        days = https.tls.days_left
        evidence = {"url": https.url, **https.tls.as_dict()}
        if days <= self.config.tls_warning_days:
            evidence["expires_soon"] = True
            detail = gettext_noop("valid, but expires in %(days)s days")
        else:
            detail = gettext_noop("valid for %(days)s more days")
        self.put("tls_certificate", Status.PASS, detail, params={"days": days}, evidence=evidence)

    async def tls_failure(self, error: FetchError) -> None:
        """A failed TLS handshake, with the certificate that failed when one was presented."""
        evidence = {"url": error.url, "reason": error.params.get("reason", "")}
        detail, params = error.detail, error.params
        # Read once more without verifying, purely as evidence: whose certificate, how stale.
        certificate = await self.session.certificate(error.url)
        if certificate is not None:
            evidence |= certificate.as_dict()
            params = params | {
                "subject": certificate.subject,
                "issuer": certificate.issuer,
                "days": abs(certificate.days_left),
            }
            if certificate.days_left < 0:
                detail = gettext_noop(
                    "TLS failed for %(url)s: %(reason)s (certificate for %(subject)s"
                    " from %(issuer)s, expired %(days)s days ago)"
                )
            else:
                detail = gettext_noop(
                    "TLS failed for %(url)s: %(reason)s (certificate for %(subject)s"
                    " from %(issuer)s, expires in %(days)s days)"
                )
        self.put("tls_certificate", Status.FAIL, detail, params=params, evidence=evidence)

    def check_redirect(self, http: Page | FetchError) -> None:
        if isinstance(http, FetchError):
            # A redirect made counts even if what followed failed.
            hops, target = http.redirects, http.url
            start = hops[0][0] if hops else http.url
            evidence = {
                "redirects": [{"url": u, "status": s} for u, s in hops],
                "final_url": target,
            }
        else:
            hops, target, start = http.redirects, http.final_url, http.url
            evidence = http.evidence()
        parts = urlsplit(target)
        if hops and parts.scheme == "https":
            home_host = urlsplit(self.site.url).hostname or ""
            if same_site(parts.hostname or "", home_host):
                detail = gettext_noop("%(url)s redirects to %(target)s")
                status = Status.PASS
            else:
                # Another site's HTTPS does not secure this one.
                detail = gettext_noop("%(url)s redirects to another site: %(target)s")
                status = Status.FAIL
            self.put(
                "http_redirects_to_https",
                status,
                detail,
                params={"url": start, "target": target},
                evidence=evidence,
            )
        elif isinstance(http, FetchError):
            self.put_errors(["http_redirects_to_https"], http)
        else:
            self.put(
                "http_redirects_to_https",
                Status.FAIL,
                gettext_noop("%(url)s answers over plain HTTP without redirecting to HTTPS"),
                params={"url": http.url},
                evidence=evidence,
            )

    def check_hsts(self, https: Page | FetchError) -> None:
        if isinstance(https, FetchError):
            self.put_errors(["hsts"], https)
            return
        header = https.headers.get("strict-transport-security", "")
        max_age = 0
        for directive in header.split(";"):
            name, _, value = directive.strip().partition("=")
            if name.lower() == "max-age" and value.strip('" ').isdigit():
                max_age = int(value.strip('" '))
        evidence = {"url": https.final_url, "strict-transport-security": header}
        if urlsplit(https.final_url).scheme == "https" and max_age > 0:
            self.put(
                "hsts",
                Status.PASS,
                gettext_noop("HSTS for %(seconds)s seconds"),
                params={"seconds": max_age},
                evidence=evidence,
            )
        else:
            self.put(
                "hsts",
                Status.FAIL,
                gettext_noop("no Strict-Transport-Security header with a max-age"),
                evidence=evidence,
            )

    def page_problem(self, page: Page, title: str | None = None) -> FetchError | None:
        """Why an answered page is not the site's content: blocked, or an error status.

        `title` is the page's title when the caller has parsed the page already.
        """
        walls = self.config.rules.bot_walls
        if title is None:
            title = parse_page(page.final_url, page.body[:65536], "").title if page.body else ""
        walled = walls is not None and (
            walls.search(fold(title))
            or (page.status in {403, 429, 503} and walls.search(fold(decode(page.body, ""))))
        )
        if page.status in BLOCKED_STATUSES or walled:
            return FetchError(
                ErrorKind.BLOCKED,
                gettext_noop("%(url)s keeps the checker out (HTTP %(status)s)"),
                page.final_url,
                params={"status": page.status},
            )
        if not 200 <= page.status < 300:
            return FetchError(
                ErrorKind.HTTP,
                gettext_noop("%(url)s answered HTTP %(status)s"),
                page.final_url,
                params={"status": page.status},
            )
        return None

    def choose_home(
        self, https: Page | FetchError, http: Page | FetchError
    ) -> tuple[Page | None, FetchError | None]:
        """The page whose content is checked: HTTPS if it works, else HTTP; or why neither."""
        problems = []
        for attempt in (https, http):
            if isinstance(attempt, Page):
                problem = self.page_problem(attempt)
                if problem is None:
                    return attempt, problem
                problems.append(problem)
        # An answer, even a refusal, says more than a failed connection; between two alike,
        # the address as entered explains it (an http:// site is not down for lack of HTTPS).
        failures = problems or [https, http]
        return None, (failures[-1] if urlsplit(self.site.url).scheme == "http" else failures[0])

    def official_domain(self, hosts: list[str]) -> None:
        suffixes = self.config.official_suffixes
        outside = [host for host in dict.fromkeys(hosts) if not under_suffixes(host, suffixes)]
        evidence = {"hosts": list(dict.fromkeys(hosts)), "suffixes": list(suffixes)}
        if outside:
            self.put(
                "official_domain",
                Status.FAIL,
                gettext_noop("%(host)s is not under %(suffixes)s"),
                params={"host": outside[0], "suffixes": ", ".join(suffixes)},
                evidence=evidence,
            )
        else:
            self.put(
                "official_domain",
                Status.PASS,
                gettext_noop("%(host)s is under %(suffixes)s"),
                params={"host": hosts[-1], "suffixes": ", ".join(suffixes)},
                evidence=evidence,
            )

    def check_response_time(self, home: Page) -> None:
        slow = home.elapsed_ms > self.config.slow_ms
        self.put(
            "response_time",
            Status.FAIL if slow else Status.PASS,
            gettext_noop("the home page took %(ms)s ms (limit %(limit)s ms)"),
            params={"ms": home.elapsed_ms, "limit": self.config.slow_ms},
            evidence={"url": home.final_url, "elapsed_ms": home.elapsed_ms},
        )

    def check_head(self, parsed: ParsedPage, home: Page) -> None:
        page = {"page": home.final_url, "html_sha256": _sha256(home.body)}
        for check_id, value, present, absent in (
            (
                "page_title",
                parsed.title,
                gettext_noop("title: %(value)s"),
                gettext_noop("the home page has no title"),
            ),
            (
                "page_lang",
                parsed.lang,
                gettext_noop("language: %(value)s"),
                gettext_noop("the home page does not declare its language"),
            ),
            (
                "viewport",
                parsed.viewport,
                gettext_noop("viewport: %(value)s"),
                gettext_noop("the home page has no viewport meta tag (not made for phones)"),
            ),
        ):
            if value:
                self.put(
                    check_id,
                    Status.PASS,
                    present,
                    params={"value": value[:200]},
                    evidence={**page, "value": value[:500]},
                )
            else:
                self.put(check_id, Status.FAIL, absent, evidence=page)

    async def check_content(self, home_page: ParsedPage, home: Page) -> None:
        """Look for each content check's keywords on the home page and a bounded crawl."""
        rules = dict(self.config.rules.checks)
        rules["standard_product"] = rules["standard_product"].with_phrases(list(self.site.products))
        crawl = _Crawl(self, rules)
        await crawl.run(home_page, home)
        not_read = crawl.not_read_kind()
        for check_id in CONTENT_CHECKS:
            found = crawl.found.get(check_id)
            if found is not None:
                match, digest = found
                self.put(
                    check_id,
                    Status.PASS,
                    gettext_noop("found “%(matched)s” on %(page)s"),
                    params={"matched": match.matched[:120], "page": match.page},
                    evidence={**match.as_dict(), "html_sha256": digest},
                )
            elif not_read is None:
                self.put(
                    check_id,
                    Status.FAIL,
                    gettext_noop("not found on the %(count)s pages checked"),
                    params={"count": len(crawl.pages)},
                    evidence=crawl.evidence(),
                )
            else:
                # Absent from what was read is not absent from the site: a page the crawl
                # chose could not be read, so the check cannot say "fail".
                shown = "; ".join(f"{page.url} ({page.reason})" for page in crawl.not_read[:3])
                self.put(
                    check_id,
                    Status.ERROR,
                    gettext_noop(
                        "not found on the %(count)s pages read; %(missed)s could not be read:"
                        " %(pages)s"
                    ),
                    params={
                        "count": len(crawl.pages),
                        "missed": len(crawl.not_read),
                        "pages": shown + ("; …" if len(crawl.not_read) > 3 else ""),
                    },
                    error=not_read,
                    evidence=crawl.evidence(),
                )

    def no_screenshot(self, detail: str, **params) -> None:
        self.put("screenshot", Status.NA, detail, params=params)

    async def screenshot(self, home: Page) -> Path | None:
        if self.shots.unavailable is not None:
            detail, params = self.shots.unavailable
            self.no_screenshot(detail, **params)
            return None
        try:
            path = await self.shots.take(home.final_url, f"site-{self.index}", self.session)
        except TimeoutError:
            self.results["screenshot"] = CheckResult(
                "screenshot",
                Status.ERROR,
                gettext_noop("the page did not finish loading in the browser"),
                error=ErrorKind.TIMEOUT,
            )
            return None
        except Exception as exc:
            logger.warning("Screenshot of %s failed: %s", home.final_url, exc)
            self.results["screenshot"] = CheckResult(
                "screenshot",
                Status.ERROR,
                gettext_noop("the browser failed: %(error)s"),
                params={
                    "error": str(exc).splitlines()[0][:200] if str(exc) else type(exc).__name__
                },
                error=ErrorKind.CHECKER,
            )
            return None
        self.put(
            "screenshot",
            Status.PASS,
            gettext_noop("screenshot of %(url)s"),
            params={"url": home.final_url},
            evidence={"url": home.final_url, "sha256": _sha256(path.read_bytes())},
        )
        return path


@dataclass(frozen=True)
class _NotRead:
    """A page the crawl chose to read but could not."""

    url: str
    error: ErrorKind
    # Why, for people: "robots.txt", "blocked (HTTP 403)", "timeout", …
    reason: str

    def as_dict(self) -> dict:
        return {"url": self.url, "error": str(self.error), "reason": self.reason}


class _Crawl:
    """A bounded, polite crawl of same-site pages, most promising links first."""

    def __init__(self, check: _SiteCheck, rules: dict):
        self.check = check
        self.rules = rules
        self.found: dict[str, tuple[Match, str]] = {}
        self.pages: list[str] = []
        self.not_read: list[_NotRead] = []
        # Pages that answered for everyone with nothing to read: an error page, not HTML,
        # or a redirect off the site.
        self.unusable: list[dict] = []
        # Per origin (scheme, host and port: RFC 9309's scope), its robots.txt rules, or why
        # they could not be read (then nothing there is read).
        self.robots: dict[str, RobotFileParser | str] = {}
        self.queue: list[tuple[int, int, str, int]] = []
        self.seen: set[str] = set()

    def evidence(self) -> dict:
        evidence: dict = {"pages": self.pages}
        if self.not_read:
            evidence["not_read"] = [page.as_dict() for page in self.not_read[:_EVIDENCE_PAGES]]
            evidence["not_read_count"] = len(self.not_read)
        if self.unusable:
            evidence["unusable"] = self.unusable[:_EVIDENCE_PAGES]
        return evidence

    def not_read_kind(self) -> ErrorKind | None:
        """The error kind of the pages not read, None when every page chosen was read.

        A page the checker was kept from (robots.txt, a wall, a limit) comes first: the
        information may be there, so nothing can be concluded. Only when every page missed
        is one the site fails to serve anyone (a timeout, say) does the site's fault decide.
        """
        kinds = [page.error for page in self.not_read]
        kept_out = [kind for kind in kinds if kind not in SITE_FAULTS]
        return (kept_out or kinds or [None])[0]

    def pending(self) -> list[str]:
        return [check_id for check_id in CONTENT_CHECKS if check_id not in self.found]

    def read(self, parsed: ParsedPage, body: bytes, depth: int) -> None:
        self.pages.append(parsed.url)
        digest = _sha256(body)
        for check_id in self.pending():
            match = self.rules[check_id].search(parsed)
            if match is not None:
                self.found[check_id] = (match, digest)
        if depth >= _CRAWL_DEPTH:
            return
        pending = [self.rules[check_id] for check_id in self.pending()]
        hints = self.check.config.rules.crawl_hints
        home_host = urlsplit(parsed.url).hostname or ""
        for link in parsed.links:
            parts = urlsplit(link.url)
            if (
                parts.scheme not in {"http", "https"}
                or not same_site(parts.hostname or "", home_host)
                or parts.path.lower().endswith(_NOT_PAGES)
                or link.url in self.seen
            ):
                continue
            self.seen.add(link.url)
            score = sum(rule.scores_link(link) for rule in pending) * 2 + hints.scores_link(link)
            heapq.heappush(self.queue, (-score, len(self.seen), link.url, depth + 1))

    async def run(self, home_page: ParsedPage, home: Page) -> None:
        self.seen.update({home.url, home.final_url})
        self.read(home_page, home.body, 0)
        home_host = urlsplit(home.final_url).hostname or ""
        limit = self.check.config.crawl_pages
        while self.queue and self.pending() and len(self.pages) < limit:
            _, _, url, depth = heapq.heappop(self.queue)
            refusal = await self.robots_refusal(url)
            if refusal is not None:
                self.not_read.append(_NotRead(url, ErrorKind.BLOCKED, refusal))
                continue
            try:
                page = await self.check.session.fetch(url)
            except FetchError as exc:
                self.not_read.append(_NotRead(url, exc.kind, str(exc.kind)))
                continue
            content_type = page.headers.get("content-type", "")
            parsed = parse_page(page.final_url, page.body, content_type) if page.is_html else None
            problem = self.check.page_problem(page, parsed.title if parsed else "")
            if problem is not None and problem.kind == ErrorKind.BLOCKED:
                reason = f"blocked (HTTP {page.status})"
                self.not_read.append(_NotRead(url, ErrorKind.BLOCKED, reason))
            elif (
                problem is not None
                or parsed is None
                or not same_site(urlsplit(page.final_url).hostname or "", home_host)
            ):
                self.unusable.append({"url": url, "status": page.status})
            else:
                self.read(parsed, page.body, depth)

    async def robots_refusal(self, url: str) -> str | None:
        """Why robots.txt keeps this checker from `url`, or None when it may read it."""
        parts = urlsplit(url)
        origin = urlunsplit((parts.scheme, parts.netloc, "", "", ""))
        if origin not in self.robots:
            self.robots[origin] = await self.fetch_robots(origin)
        robots = self.robots[origin]
        if isinstance(robots, str):
            return robots
        return None if robots.can_fetch(self.check.config.user_agent, url) else "robots.txt"

    async def fetch_robots(self, origin: str) -> RobotFileParser | str:
        """The origin's robots.txt rules as RFC 9309 reads a failure to get them: a 4xx
        (unavailable) allows everything, a 5xx or no answer (unreachable) nothing."""
        robots = RobotFileParser(f"{origin}/robots.txt")
        try:
            page = await self.check.session.fetch(robots.url, max_bytes=_ROBOTS_MAX_BYTES)
        except FetchError as exc:
            return f"robots.txt unreachable ({exc.kind})"
        if 400 <= page.status < 500:
            robots.allow_all = True
        elif 200 <= page.status < 300:
            robots.parse(decode(page.body, page.headers.get("content-type", "")).splitlines())
        else:
            return f"robots.txt unreachable (HTTP {page.status})"
        return robots
