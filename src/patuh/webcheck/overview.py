"""Read-side helpers for the website-check pages, in bounded queries."""

import json
from dataclasses import dataclass, field

from django.db.models import OuterRef, Prefetch, Subquery
from django.utils import timezone
from django.utils.formats import date_format

from patuh.assessments.models import Answer, Cycle, Level
from patuh.lib.charts import Bar, BarChart, Segment, bar_chart
from patuh.registry.models import Website
from patuh.webcheck.checker import CHECK_IDS
from patuh.webcheck.forms import answer_choices
from patuh.webcheck.labels import check_label, describe, error_label
from patuh.webcheck.models import CheckOutcome, WebsiteCheck
from patuh.webcheck.services import automatic_indicators

# Runs shown in a website's history.
HISTORY = 20


@dataclass
class WebsiteRow:
    website: Website
    latest: WebsiteCheck | None


def website_rows(cycle: Cycle) -> list[WebsiteRow]:
    """The cycle's websites with their latest check in this cycle (two queries)."""
    latest = (
        WebsiteCheck.objects.filter(website=OuterRef("pk"), run__cycle=cycle)
        .order_by("-checked_at", "-pk")
        .values("pk")[:1]
    )
    websites = list(
        Website.objects.filter(provider__cycles=cycle)
        .select_related("provider")
        .annotate(latest_id=Subquery(latest))
        .order_by("provider__name", "url")
    )
    checks = WebsiteCheck.objects.in_bulk([w.latest_id for w in websites if w.latest_id])
    return [WebsiteRow(website, checks.get(website.latest_id)) for website in websites]


@dataclass
class OutcomeView:
    check_id: str
    label: str
    status: str
    status_label: str
    error: str
    error_label: str
    detail: str
    evidence: dict
    evidence_json: str


def outcome_view(outcome: CheckOutcome) -> OutcomeView:
    return OutcomeView(
        check_id=outcome.check_id,
        label=check_label(outcome.check_id),
        status=outcome.status,
        status_label=outcome.get_status_display(),
        error=outcome.error,
        error_label=error_label(outcome.error) if outcome.error else "",
        detail=describe(outcome.detail, outcome.params),
        evidence=outcome.evidence,
        evidence_json=json.dumps(outcome.evidence, ensure_ascii=False, indent=2),
    )


def history(cycle: Cycle, website: Website) -> list[WebsiteCheck]:
    """The website's latest checks in this cycle, newest first, with their outcomes."""
    return list(
        WebsiteCheck.objects.filter(website=website, run__cycle=cycle)
        .select_related("run")
        .prefetch_related(Prefetch("outcomes", queryset=CheckOutcome.objects.all()))
        .order_by("-checked_at", "-pk")[:HISTORY]
    )


def current_state(latest: WebsiteCheck | None) -> list[OutcomeView]:
    if latest is None:
        return []
    by_id = {outcome.check_id: outcome for outcome in latest.outcomes.all()}
    return [outcome_view(by_id[check_id]) for check_id in CHECK_IDS if check_id in by_id]


@dataclass
class Change:
    at: object
    before: str
    after: str


@dataclass
class CheckChanges:
    label: str
    changes: list[Change] = field(default_factory=list)


def status_changes(checks: list[WebsiteCheck]) -> list[CheckChanges]:
    """Per check, each run where its status (or error kind) differed from the run before."""
    statuses = {
        check.pk: {o.check_id: _status_text(o) for o in check.outcomes.all()} for check in checks
    }
    result = []
    for check_id in CHECK_IDS:
        changes = CheckChanges(check_label(check_id))
        previous = None
        for check in reversed(checks):
            now = statuses[check.pk].get(check_id)
            if previous is not None and now is not None and now != previous:
                changes.changes.append(Change(check.checked_at, previous, now))
            previous = now if now is not None else previous
        if changes.changes:
            result.append(changes)
    return result


def _status_text(outcome: CheckOutcome) -> str:
    text = str(outcome.get_status_display())
    return f"{text} ({error_label(outcome.error)})" if outcome.error else text


def pass_chart(checks: list[WebsiteCheck], title: str) -> BarChart:
    """A bar per run, oldest first: the checks passed of those made, for the history section."""
    bars = [
        Bar(
            label=date_format(timezone.localtime(check.checked_at), "DATETIME_FORMAT"),
            segments=(Segment(check.passed, "green"),),
            note=f"{check.passed} / {check.passed + check.failed + check.errors}",
        )
        for check in reversed(checks)
    ]
    most = max((check.passed + check.failed + check.errors for check in checks), default=0)
    return bar_chart(
        bars, chart_id="pass-chart", title=title, description=title, max_value=most or None
    )


@dataclass
class AutomaticAnswer:
    code: str
    question: str
    answer: Answer | None
    value_label: str
    checks: list[tuple[str, str]]
    may_override: bool
    form: object = None


def automatic_answers(
    cycle: Cycle, website: Website, latest: WebsiteCheck | None, language: str
) -> list[AutomaticAnswer]:
    """The website's indicators answered by these checks, with their answers and inputs."""
    indicators = automatic_indicators(cycle)
    answers = {
        answer.indicator: answer
        for answer in Answer.objects.filter(
            cycle=cycle,
            level=Level.WEBSITE,
            website=website,
            indicator__in=[indicator.code for indicator in indicators],
        ).select_related("answered_by")
    }
    outcomes = {o.check_id: o for o in latest.outcomes.all()} if latest else {}
    rows = []
    for indicator in indicators:
        answer = answers.get(indicator.code)
        labels = dict(answer_choices(indicator, language))
        rows.append(
            AutomaticAnswer(
                code=indicator.code,
                question=indicator.text.get(language),
                answer=answer,
                value_label=str(labels.get(answer.value, answer.value)) if answer else "",
                checks=[
                    (check_label(check), _status_text(outcomes[check]) if check in outcomes else "")
                    for check in indicator.automatic.checks
                ],
                may_override=answer is not None and answer.source in {"automatic", "override"},
            )
        )
    return rows
