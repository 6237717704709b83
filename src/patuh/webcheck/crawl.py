"""A bounded, polite crawl of one site's pages, looking for what the content checks want.

Pure Python. Links are followed most promising first (rules.py scores them), at most two links
deep and only on the same site; robots.txt is read per origin and obeyed (RFC 9309). What the
crawl could not read is kept apart from what it read and found nothing on, so a content check
can tell "not published" from "could not look".
"""

import heapq
from dataclasses import dataclass
from urllib.parse import urlsplit, urlunsplit
from urllib.robotparser import RobotFileParser

from patuh.webcheck.config import CheckConfig
from patuh.webcheck.errors import SITE_FAULTS, ErrorKind, FetchError
from patuh.webcheck.fetch import Page, Session
from patuh.webcheck.home import hostname, page_problem, same_site
from patuh.webcheck.ids import CONTENT_CHECKS
from patuh.webcheck.pages import ParsedPage, decode, parse_page
from patuh.webcheck.results import sha256
from patuh.webcheck.rules import Match, Rule

# Links to files that are not web pages are never crawled.
_NOT_PAGES = (
    ".pdf", ".doc", ".docx", ".xls", ".xlsx", ".ppt", ".pptx", ".zip", ".rar", ".7z", ".jpg",
    ".jpeg", ".png", ".gif", ".webp", ".svg", ".mp3", ".mp4", ".avi", ".apk", ".exe",
)  # fmt: skip
_CRAWL_DEPTH = 2
_ROBOTS_MAX_BYTES = 512 * 1024
# Pages listed by name in a content check's evidence (not read, or unusable).
_EVIDENCE_PAGES = 10


@dataclass(frozen=True)
class NotRead:
    """A page the crawl chose to read but could not."""

    url: str
    error: ErrorKind
    # Why, for people: "robots.txt", "blocked (HTTP 403)", "timeout", …
    reason: str

    def as_dict(self) -> dict:
        return {"url": self.url, "error": str(self.error), "reason": self.reason}


class Crawl:
    """Use as `await Crawl(config, session, rules).run(home_page, home)`; then `found` holds
    the first match of each content check, with the digest of the page it is on."""

    def __init__(self, config: CheckConfig, session: Session, rules: dict[str, Rule]):
        self.config = config
        self.session = session
        self.rules = rules
        self.found: dict[str, tuple[Match, str]] = {}
        self.pages: list[str] = []
        self.not_read: list[NotRead] = []
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

    async def run(self, home_page: ParsedPage, home: Page) -> None:
        self.seen.update({home.url, home.final_url})
        self.read(home_page, home.body, 0)
        home_host = hostname(home.final_url)
        while self.queue and self.pending() and len(self.pages) < self.config.crawl_pages:
            _, _, url, depth = heapq.heappop(self.queue)
            await self.visit(url, depth, home_host)

    def read(self, parsed: ParsedPage, body: bytes, depth: int) -> None:
        """Look for what is still pending on a page, then queue its links."""
        self.pages.append(parsed.url)
        digest = sha256(body)
        for check_id in self.pending():
            match = self.rules[check_id].search(parsed)
            if match is not None:
                self.found[check_id] = (match, digest)
        if depth < _CRAWL_DEPTH:
            self.queue_links(parsed, depth + 1)

    def queue_links(self, parsed: ParsedPage, depth: int) -> None:
        """Queue the page's links to the same site, those likeliest to find what is pending
        first."""
        pending = [self.rules[check_id] for check_id in self.pending()]
        hints = self.config.rules.crawl_hints
        home_host = hostname(parsed.url)
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
            heapq.heappush(self.queue, (-score, len(self.seen), link.url, depth))

    async def visit(self, url: str, depth: int, home_host: str) -> None:
        """Read a queued page, or note why it could not be read or held nothing to read."""
        refusal = await self.robots_refusal(url)
        if refusal is not None:
            self.not_read.append(NotRead(url, ErrorKind.BLOCKED, refusal))
            return
        try:
            page = await self.session.fetch(url)
        except FetchError as exc:
            self.not_read.append(NotRead(url, exc.kind, str(exc.kind)))
            return
        content_type = page.headers.get("content-type", "")
        parsed = parse_page(page.final_url, page.body, content_type) if page.is_html else None
        problem = page_problem(page, self.config.rules.bot_walls, parsed.title if parsed else "")
        if problem is not None and problem.kind == ErrorKind.BLOCKED:
            reason = f"blocked (HTTP {page.status})"
            self.not_read.append(NotRead(url, ErrorKind.BLOCKED, reason))
        elif (
            problem is not None
            or parsed is None
            or not same_site(hostname(page.final_url), home_host)
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
        return None if robots.can_fetch(self.config.user_agent, url) else "robots.txt"

    async def fetch_robots(self, origin: str) -> RobotFileParser | str:
        """The origin's robots.txt rules as RFC 9309 reads a failure to get them: a 4xx
        (unavailable) allows everything, a 5xx or no answer (unreachable) nothing."""
        robots = RobotFileParser(f"{origin}/robots.txt")
        try:
            page = await self.session.fetch(robots.url, max_bytes=_ROBOTS_MAX_BYTES)
        except FetchError as exc:
            return f"robots.txt unreachable ({exc.kind})"
        if 400 <= page.status < 500:
            robots.allow_all = True
        elif 200 <= page.status < 300:
            robots.parse(decode(page.body, page.headers.get("content-type", "")).splitlines())
        else:
            return f"robots.txt unreachable (HTTP {page.status})"
        return robots
