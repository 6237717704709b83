"""The checks that read the home page's HTML: its head (page_title, page_lang, viewport) and
the content checks, answered from the home page and a crawl. Pure Python."""

from patuh.webcheck.config import CheckConfig
from patuh.webcheck.crawl import Crawl
from patuh.webcheck.errors import gettext_noop
from patuh.webcheck.fetch import Page, Session
from patuh.webcheck.ids import CONTENT_CHECKS
from patuh.webcheck.pages import ParsedPage
from patuh.webcheck.results import CheckResult, Status, sha256

# Each head check: what it reads, and its messages when the value is there and when not.
_HEAD_CHECKS = (
    (
        "page_title",
        "title",
        gettext_noop("title: %(value)s"),
        gettext_noop("the home page has no title"),
    ),
    (
        "page_lang",
        "lang",
        gettext_noop("language: %(value)s"),
        gettext_noop("the home page does not declare its language"),
    ),
    (
        "viewport",
        "viewport",
        gettext_noop("viewport: %(value)s"),
        gettext_noop("the home page has no viewport meta tag (not made for phones)"),
    ),
)
# Pages not read named in an error's message.
_SHOWN_NOT_READ = 3


def head_results(parsed: ParsedPage, home: Page) -> list[CheckResult]:
    page = {"page": home.final_url, "html_sha256": sha256(home.body)}
    results = []
    for check_id, attribute, present, absent in _HEAD_CHECKS:
        value = getattr(parsed, attribute)
        if value:
            results.append(
                CheckResult(
                    check_id,
                    Status.PASS,
                    present,
                    params={"value": value[:200]},
                    evidence={**page, "value": value[:500]},
                )
            )
        else:
            results.append(CheckResult(check_id, Status.FAIL, absent, evidence=page))
    return results


async def content_results(
    home_page: ParsedPage,
    home: Page,
    products: tuple[str, ...],
    config: CheckConfig,
    session: Session,
) -> list[CheckResult]:
    """Look for each content check's keywords on the home page and a bounded crawl."""
    rules = dict(config.rules.checks)
    rules["standard_product"] = rules["standard_product"].with_phrases(list(products))
    crawl = Crawl(config, session, rules)
    await crawl.run(home_page, home)
    return [_content_result(check_id, crawl) for check_id in CONTENT_CHECKS]


def _content_result(check_id: str, crawl: Crawl) -> CheckResult:
    found = crawl.found.get(check_id)
    if found is not None:
        match, digest = found
        return CheckResult(
            check_id,
            Status.PASS,
            gettext_noop("found “%(matched)s” on %(page)s"),
            params={"matched": match.matched[:120], "page": match.page},
            evidence={**match.as_dict(), "html_sha256": digest},
        )
    not_read = crawl.not_read_kind()
    if not_read is None:
        return CheckResult(
            check_id,
            Status.FAIL,
            gettext_noop("not found on the %(count)s pages checked"),
            params={"count": len(crawl.pages)},
            evidence=crawl.evidence(),
        )
    # Absent from what was read is not absent from the site: a page the crawl chose could not
    # be read, so the check cannot say "fail".
    shown = "; ".join(f"{page.url} ({page.reason})" for page in crawl.not_read[:_SHOWN_NOT_READ])
    more = "; …" if len(crawl.not_read) > _SHOWN_NOT_READ else ""
    return CheckResult(
        check_id,
        Status.ERROR,
        gettext_noop(
            "not found on the %(count)s pages read; %(missed)s could not be read: %(pages)s"
        ),
        params={"count": len(crawl.pages), "missed": len(crawl.not_read), "pages": shown + more},
        error=not_read,
        evidence=crawl.evidence(),
    )
