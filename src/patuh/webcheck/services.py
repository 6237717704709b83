"""Checking a cycle's websites, storing the run, and the automatic answers it feeds."""

import re
import tempfile
from collections import defaultdict
from importlib.metadata import version
from pathlib import Path
from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.files import File
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext

from patuh.assessments.models import Answer, AnswerSource, Cycle, Level
from patuh.audit.services import record
from patuh.instruments.definition import AnswerError, Indicator
from patuh.lib.progress import Progress, no_progress
from patuh.registry.models import ServiceProduct, Website
from patuh.webcheck.addresses import AddressPolicy
from patuh.webcheck.checker import run_checks
from patuh.webcheck.config import CheckConfig, Site
from patuh.webcheck.fetch import FetchLimits
from patuh.webcheck.models import CheckOutcome, WebcheckRun, WebsiteCheck
from patuh.webcheck.results import SiteResult, Status
from patuh.webcheck.rules import load_rules
from patuh.webcheck.scoring import decide

# Audit actions of this app (patuh.audit.services.Action lets apps add their own).
CHECKED = "webcheck"
OVERRIDE = "override"


class OverrideError(Exception):
    """An override that cannot be made; the message is for the reviewer."""


def contact_problem() -> str | None:
    """Why the checker's User-Agent cannot name a contact URL, or None when it can.

    Site owners who see the checker in their logs must be able to reach the office, so checks
    refuse to run without one (and system check patuh.W020 says so at start-up).
    """
    custom = settings.PATUH_WEBCHECK_USER_AGENT
    if custom:
        if re.search(r"https?://[^\s/]", custom) is None:
            return (
                "PATUH_WEBCHECK_USER_AGENT has no contact URL (https://…): website owners must"
                " be able to see who checks their site and reach the office."
            )
        return None
    contact = settings.PATUH_CONTACT_URL
    if not contact:
        return (
            "PATUH_CONTACT_URL is not set: website checks send it in their User-Agent, so"
            " website owners can reach the office."
        )
    parts = urlsplit(contact)
    if parts.scheme not in {"http", "https"} or not parts.hostname:
        return f"PATUH_CONTACT_URL={contact!r} is not an http:// or https:// address."
    return None


def user_agent() -> str:
    problem = contact_problem()
    if problem is not None:
        raise ImproperlyConfigured(problem)
    return settings.PATUH_WEBCHECK_USER_AGENT or (
        f"Patuh-webcheck/{version('patuh')} (public-service compliance check;"
        f" +{settings.PATUH_CONTACT_URL})"
    )


def engine_config(
    *, concurrency: int | None = None, screenshot_dir: Path | None = None
) -> CheckConfig:
    """The checker's configuration from the PATUH_WEBCHECK_* settings."""
    return CheckConfig(
        user_agent=user_agent(),
        policy=AddressPolicy(
            settings.PATUH_WEBCHECK_ALLOW_PRIVATE, settings.PATUH_WEBCHECK_ALLOW_NETWORKS
        ),
        limits=FetchLimits(
            connect_timeout=settings.PATUH_WEBCHECK_CONNECT_TIMEOUT,
            read_timeout=settings.PATUH_WEBCHECK_READ_TIMEOUT,
            total_timeout=settings.PATUH_WEBCHECK_PAGE_TIMEOUT,
            max_bytes=settings.PATUH_WEBCHECK_MAX_BYTES,
            max_redirects=settings.PATUH_WEBCHECK_MAX_REDIRECTS,
            retries=settings.PATUH_WEBCHECK_RETRIES,
            backoff=settings.PATUH_WEBCHECK_BACKOFF,
            max_retry_after=settings.PATUH_WEBCHECK_MAX_RETRY_AFTER,
            per_host=settings.PATUH_WEBCHECK_PER_HOST,
        ),
        concurrency=concurrency or settings.PATUH_WEBCHECK_CONCURRENCY,
        official_suffixes=tuple(settings.PATUH_WEBCHECK_OFFICIAL_SUFFIXES),
        crawl_pages=settings.PATUH_WEBCHECK_CRAWL_PAGES,
        slow_ms=settings.PATUH_WEBCHECK_SLOW_MS,
        tls_warning_days=settings.PATUH_WEBCHECK_TLS_WARNING_DAYS,
        ca_bundle=settings.PATUH_WEBCHECK_CA_BUNDLE,
        rules=load_rules(settings.PATUH_WEBCHECK_KEYWORDS or None),
        screenshot_dir=screenshot_dir if settings.PATUH_WEBCHECK_SCREENSHOTS else None,
        chromium=settings.PATUH_WEBCHECK_CHROMIUM,
    )


def _run_settings(config: CheckConfig) -> dict:
    limits = config.limits
    return {
        "user_agent": config.user_agent,
        "allow_private": config.policy.allow_private,
        "allowed_networks": [str(network) for network in config.policy.allowed_networks],
        "concurrency": config.concurrency,
        "per_host": limits.per_host,
        "timeouts": [limits.connect_timeout, limits.read_timeout, limits.total_timeout],
        "retries": limits.retries,
        "max_retry_after": limits.max_retry_after,
        "max_bytes": limits.max_bytes,
        "max_redirects": limits.max_redirects,
        "crawl_pages": config.crawl_pages,
        "official_suffixes": list(config.official_suffixes),
    }


def cycle_websites(cycle: Cycle) -> list[Website]:
    return list(
        Website.objects.filter(provider__cycles=cycle).select_related("provider").order_by("url")
    )


def _sites(websites: list[Website]) -> list[Site]:
    products = defaultdict(list)
    rows = ServiceProduct.objects.filter(
        unit__provider__in={website.provider_id for website in websites}
    ).values_list("unit__provider_id", "name")
    for provider_id, name in rows:
        products[provider_id].append(name)
    return [Site(website.url, tuple(products[website.provider_id])) for website in websites]


def check_cycle(
    cycle: Cycle,
    *,
    user=None,
    progress: Progress = no_progress,
    concurrency: int | None = None,
) -> tuple[WebcheckRun, list[SiteResult]]:
    """Check every website of the cycle's providers, store the run and write answers."""
    websites = cycle_websites(cycle)
    started_at = timezone.now()
    with tempfile.TemporaryDirectory(prefix="patuh-webcheck-") as folder:
        config = engine_config(concurrency=concurrency, screenshot_dir=Path(folder))
        results = run_checks(_sites(websites), config, progress)
        run = store_run(cycle, websites, results, config, started_at=started_at, user=user)
    return run, results


def store_run(
    cycle: Cycle,
    websites: list[Website],
    results: list[SiteResult],
    config: CheckConfig,
    *,
    started_at,
    user=None,
) -> WebcheckRun:
    """Store a run's results and write its automatic answers, all or nothing."""
    saved_files = []
    try:
        with transaction.atomic():
            run = WebcheckRun.objects.create(
                cycle=cycle,
                started_at=started_at,
                finished_at=timezone.now(),
                started_by=user if user is not None and user.is_authenticated else None,
                settings=_run_settings(config),
                site_count=len(results),
            )
            outcomes = []
            for website, result in zip(websites, results, strict=True):
                counts = dict.fromkeys(Status, 0)
                for check in result.checks:
                    counts[check.status] += 1
                row = WebsiteCheck(
                    run=run,
                    website=website,
                    url=result.url,
                    final_url=result.final_url,
                    checked_at=result.checked_at,
                    duration_ms=result.duration_ms,
                    html_sha256=result.html_sha256,
                    passed=counts[Status.PASS],
                    failed=counts[Status.FAIL],
                    errors=counts[Status.ERROR],
                )
                if result.screenshot is not None:
                    with result.screenshot.open("rb") as handle:
                        row.screenshot.save(f"{row.uuid}.png", File(handle), save=False)
                    saved_files.append(row.screenshot.name)
                row.save()
                outcomes.extend(
                    CheckOutcome(
                        website_check=row,
                        check_id=check.id,
                        status=check.status,
                        error=check.error or "",
                        detail=check.detail,
                        params=check.params,
                        evidence=check.evidence,
                    )
                    for check in result.checks
                )
            CheckOutcome.objects.bulk_create(outcomes)
            run.answers_written = write_answers(run, websites, results)
            run.save(update_fields=["answers_written"])
            record(
                CHECKED,
                run,
                after={"websites": run.site_count, "answers": run.answers_written},
                note=f"{len(outcomes)} check outcomes stored",
            )
    except BaseException:
        for name in saved_files:
            WebsiteCheck.screenshot.field.storage.delete(name)
        raise
    return run


def automatic_indicators(cycle: Cycle) -> list[Indicator]:
    instrument = cycle.instrument_version.parsed
    return [
        indicator
        for indicator in instrument.indicators_at(Level.WEBSITE)
        if indicator.automatic is not None and indicator.automatic.source == "webcheck"
    ]


def _note(run: WebcheckRun, indicator: Indicator, outcomes: dict) -> str:
    checks = ", ".join(
        f"{check} {outcomes.get(check, ('?', None))[0]}" for check in indicator.automatic.checks
    )
    return f"Website check {run.finished_at:%Y-%m-%d %H:%M %Z}: {checks}"


def write_answers(run: WebcheckRun, websites: list[Website], results: list[SiteResult]) -> int:
    """Answer the automatic indicators from `results`; returns how many answers changed.

    An answer entered by hand, approved from fieldwork or overridden by a reviewer is never
    touched; an automatic one is updated when its value changes and removed when this run
    cannot decide it, so no answer outlives the checks that gave it. Answers are tracked
    models: each change is in the audit log.
    """
    indicators = automatic_indicators(run.cycle)
    if not indicators:
        return 0
    existing = {
        (answer.website_id, answer.indicator): answer
        for answer in Answer.objects.filter(
            cycle=run.cycle,
            level=Level.WEBSITE,
            website__in=websites,
            indicator__in=[indicator.code for indicator in indicators],
        )
    }
    written = 0
    for website, result in zip(websites, results, strict=True):
        outcomes = {check.id: (str(check.status), check.error) for check in result.checks}
        for indicator in indicators:
            value = decide(indicator, outcomes)
            answer = existing.get((website.pk, indicator.code))
            if value is None:
                if answer is None or answer.source != AnswerSource.AUTOMATIC:
                    continue
                # Left for a person, as if never answered.
                answer.delete()
            elif answer is None:
                Answer.objects.create(
                    cycle=run.cycle,
                    level=Level.WEBSITE,
                    website=website,
                    indicator=indicator.code,
                    value=value,
                    note=_note(run, indicator, outcomes),
                    source=AnswerSource.AUTOMATIC,
                    answered_by=run.started_by,
                    answered_at=run.finished_at,
                )
            elif answer.source == AnswerSource.AUTOMATIC and answer.value != value:
                answer.value = value
                answer.note = _note(run, indicator, outcomes)
                answer.answered_by = run.started_by
                answer.answered_at = run.finished_at
                answer.save(update_fields=["value", "note", "answered_by", "answered_at"])
            else:
                continue
            written += 1
    return written


def override_answer(answer: Answer, indicator: Indicator, *, value: str, reason: str, user):
    """Replace an automatic answer with a reviewer's `value`, keeping `reason`, audited."""
    if answer.source not in {AnswerSource.AUTOMATIC, AnswerSource.OVERRIDE}:
        raise OverrideError(gettext("Only automatic answers can be overridden here."))
    reason = reason.strip()
    if not reason:
        raise OverrideError(gettext("Say why the automatic answer is wrong."))
    try:
        indicator.fraction(value)
    except AnswerError as exc:
        raise OverrideError(str(exc)) from exc
    before = {"value": answer.value, "source": answer.source, "note": answer.note}
    with transaction.atomic():
        answer.value = value
        answer.source = AnswerSource.OVERRIDE
        answer.note = reason
        answer.answered_by = user
        answer.answered_at = timezone.now()
        answer.save()
        record(
            OVERRIDE,
            answer,
            before=before,
            after={"value": value, "source": answer.source, "note": reason},
            note=reason,
            user=user,
        )
    return answer
