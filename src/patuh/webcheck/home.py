"""The home page: read over HTTPS and HTTP, the one whose content is checked, and the checks on
where and how it answers (reachable, response_time, official_domain). Pure Python."""

import asyncio
import re
from collections.abc import Iterable
from urllib.parse import urlsplit, urlunsplit

from patuh.webcheck.errors import ErrorKind, FetchError, gettext_noop
from patuh.webcheck.fetch import BLOCKED_STATUSES, Page, Session
from patuh.webcheck.pages import decode, fold, parse_page
from patuh.webcheck.results import CheckResult, Status


def scheme_variants(url: str) -> tuple[str, str]:
    """The HTTPS and HTTP forms of `url` (same host, port and path)."""
    parts = urlsplit(url)
    path = parts.path or "/"
    return (
        urlunsplit(parts._replace(scheme="https", path=path)),
        urlunsplit(parts._replace(scheme="http", path=path)),
    )


async def fetch_both(session: Session, url: str) -> list[Page | FetchError]:
    """`url` read over HTTPS and over HTTP at once, in that order; a failure is returned."""
    return await asyncio.gather(*(_attempt(session, each) for each in scheme_variants(url)))


async def _attempt(session: Session, url: str) -> Page | FetchError:
    try:
        return await session.fetch(url)
    except FetchError as exc:
        return exc


def page_problem(
    page: Page, walls: re.Pattern | None, title: str | None = None
) -> FetchError | None:
    """Why an answered page is not the site's content: blocked, or an error status.

    `walls` are the bot-challenge phrases; `title` is the page's title when the caller has
    parsed the page already.
    """
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
    site_url: str, https: Page | FetchError, http: Page | FetchError, walls: re.Pattern | None
) -> tuple[Page | None, FetchError | None]:
    """The page whose content is checked: HTTPS if it works, else HTTP; or why neither."""
    problems = []
    for attempt in (https, http):
        if isinstance(attempt, Page):
            problem = page_problem(attempt, walls)
            if problem is None:
                return attempt, problem
            problems.append(problem)
    # An answer, even a refusal, says more than a failed connection; between two alike,
    # the address as entered explains it (an http:// site is not down for lack of HTTPS).
    failures = problems or [https, http]
    return None, (failures[-1] if urlsplit(site_url).scheme == "http" else failures[0])


def not_html_error(home: Page) -> FetchError:
    return FetchError(
        ErrorKind.NOT_HTML,
        gettext_noop("%(url)s is %(type)s, not an HTML page"),
        home.final_url,
        params={"type": home.content_type or "untyped"},
    )


def reachable_result(home: Page) -> CheckResult:
    return CheckResult(
        "reachable",
        Status.PASS,
        gettext_noop("%(url)s answered HTTP %(status)s"),
        params={"url": home.final_url, "status": home.status},
        evidence=home.evidence(),
    )


def response_time_result(home: Page, slow_ms: int) -> CheckResult:
    return CheckResult(
        "response_time",
        Status.FAIL if home.elapsed_ms > slow_ms else Status.PASS,
        gettext_noop("the home page took %(ms)s ms (limit %(limit)s ms)"),
        params={"ms": home.elapsed_ms, "limit": slow_ms},
        evidence={"url": home.final_url, "elapsed_ms": home.elapsed_ms},
    )


def official_domain_result(hosts: list[str], suffixes: tuple[str, ...]) -> CheckResult:
    """Whether every host the site answers on (as entered, after redirects) is official."""
    outside = [host for host in dict.fromkeys(hosts) if not under_suffixes(host, suffixes)]
    evidence = {"hosts": list(dict.fromkeys(hosts)), "suffixes": list(suffixes)}
    if outside:
        return CheckResult(
            "official_domain",
            Status.FAIL,
            gettext_noop("%(host)s is not under %(suffixes)s"),
            params={"host": outside[0], "suffixes": ", ".join(suffixes)},
            evidence=evidence,
        )
    return CheckResult(
        "official_domain",
        Status.PASS,
        gettext_noop("%(host)s is under %(suffixes)s"),
        params={"host": hosts[-1], "suffixes": ", ".join(suffixes)},
        evidence=evidence,
    )


def under_suffixes(host: str, suffixes: Iterable[str]) -> bool:
    host = host.lower().rstrip(".")
    bare = [suffix.lower().strip(".") for suffix in suffixes]
    return any(host == suffix or host.endswith(f".{suffix}") for suffix in bare)


def same_site(a: str, b: str) -> bool:
    """Whether two host names are the same site, ignoring a leading "www."."""

    def bare(host: str) -> str:
        host = host.lower().rstrip(".")
        return host.removeprefix("www.")

    return bare(a) == bare(b)


def hostname(url: str) -> str:
    return urlsplit(url).hostname or ""
