"""Checking websites: every check, in a fixed order, for many sites at once. Pure Python.

`run_checks(sites, config, progress)` is the entry point for synchronous callers (the job and
the command): it runs the asyncio checker on its own thread and reports progress from the
caller's thread, so a progress callback may use the database. What a site's checks give is in
results.py; how one site is checked, in site_check.py.
"""

import asyncio
import logging
import queue
import threading
from collections.abc import Callable, Iterable

from patuh.webcheck.config import CheckConfig, Site
from patuh.webcheck.errors import ErrorKind, gettext_noop
from patuh.webcheck.fetch import Fetcher
from patuh.webcheck.ids import CHECK_IDS
from patuh.webcheck.results import CheckResult, SiteResult, Status, now
from patuh.webcheck.screenshots import Screenshots
from patuh.webcheck.site_check import SiteCheck

logger = logging.getLogger(__name__)


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
                check = SiteCheck(site, index, config, fetcher, session, screenshots)
                try:
                    result = await check.run()
                except Exception as exc:
                    logger.exception("Website check of %s failed", site.url)
                    result = _checker_fault(site, exc)
            if on_done:
                on_done(result)
            return result

        return list(await asyncio.gather(*(one(i, s) for i, s in enumerate(sites))))


def _checker_fault(site: Site, exc: Exception) -> SiteResult:
    detail = gettext_noop("the checker failed: %(error)s")
    params = {"error": f"{type(exc).__name__}: {exc}"[:300]}
    checks = [CheckResult(i, Status.ERROR, detail, params, ErrorKind.CHECKER) for i in CHECK_IDS]
    return SiteResult(site.url, site.url, checks, now(), 0)
