"""Read-side helpers for the result pages: the ranking and a provider's report, in bounded queries.

Scores come from a stored snapshot (SubjectScore rows, matched to registry rows by level and
subject id); answers come from the cycle as stored now. Full pages and htmx fragments share these.
"""

import threading
from collections import defaultdict
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

from django.core.cache import cache
from django.db.models import F, Q
from django.utils.translation import gettext

from patuh.assessments.models import Answer, Cycle, Level
from patuh.instruments.definition import NA, AnswerError, Indicator, Instrument
from patuh.instruments.models import InstrumentVersion
from patuh.registry.models import AgencyKind, Provider, Region
from patuh.scoring.engine import LEVEL_ORDER
from patuh.scoring.models import ScoreSnapshot, SubjectScore

# Levels scored beneath a provider, whose missing answers make the provider incomplete.
LEVELS_BELOW_PROVIDER = (Level.PRODUCT, Level.UNIT, Level.WEBSITE)
# How long a ranking or report card computed from a snapshot is kept (from_snapshot_cache).
SNAPSHOT_CACHE_SECONDS = 300


def instrument_title(version: InstrumentVersion, language: str) -> str:
    return version.parsed.title.get(language)


def kind_label(kind: AgencyKind, language: str) -> str:
    return kind.name_en if language.startswith("en") and kind.name_en else kind.name


def scored_levels(instrument: Instrument) -> tuple[str, ...]:
    """The levels the instrument gives scores at (those with an aggregation rule), in the
    engine's order: every level for the Ombudsman, unit, provider and region for PEKPPP."""
    return tuple(level for level in LEVEL_ORDER if level in instrument.aggregation)


def shape(instrument: Instrument) -> dict[str, bool]:
    """What result pages leave out for this instrument, as template flags: the products
    column when it scores no products, zones when its bands have none (PEKPPP's categories)."""
    return {
        "without_products": Level.PRODUCT not in scored_levels(instrument),
        "without_zones": not any(band.zone for band in instrument.bands),
        "with_opinions": instrument.opinion is not None,
    }


def band_labels(instrument: Instrument, language: str) -> dict[str, str]:
    """Each band's name in `language` by its code. Bands without a zone (PEKPPP's categories
    A … F) are named with their code as well, since the code is what people quote."""
    return {
        band.code: band.label.get(language)
        if band.zone
        else f"{band.code} · {band.label.get(language)}"
        for band in instrument.bands
    }


def score_label(row, labels: dict[str, str], language: str) -> str:
    """What a stored score is called: the Ombudsman's opinion where it gave one (opini-2025:
    regions and providers assessed as a whole), else its band's name from `labels`."""
    if row.opinion:
        return row.opinion_en if language.startswith("en") and row.opinion_en else row.opinion
    return labels.get(row.band, row.band)


def label_scores(rows, instrument: Instrument, language: str) -> None:
    """Give each SubjectScore row a `band_label` in `language`: its opinion or band name."""
    labels = band_labels(instrument, language)
    for row in rows:
        row.band_label = score_label(row, labels, language)


def provider_path(path: str) -> str:
    """The provider's path ("<region code>/<provider code>") within a subject's path."""
    return "/".join(path.split("/")[:2])


def provider_code(path: str) -> str:
    """The provider's code within a subject's path."""
    return path.split("/")[1]


def kind_labels(codes: set[str], language: str) -> dict[str, str]:
    """The names of the agency kinds `codes` in `language`; a kind no longer in the registry
    is named by its code."""
    kinds = {
        kind.code: kind_label(kind, language) for kind in AgencyKind.objects.filter(code__in=codes)
    }
    return {code: kinds.get(code, code) for code in codes}


def region_names(codes: set[str]) -> dict[str, str]:
    """The names of the regions `codes`; a region no longer in the registry is named by its
    code."""
    names = dict(Region.objects.filter(code__in=codes).values_list("code", "name"))
    return {code: names.get(code, code) for code in codes}


@dataclass
class RankingRow:
    """A provider as the snapshot has it: its score row names it, its kind (code) and, first in
    its path, its region; the kind's and region's names are looked up by those codes."""

    rank: int | None
    score: SubjectScore
    kind: str
    region: str
    # Answers missing beneath the provider (its units, products and websites) in the snapshot.
    missing: int = 0

    @property
    def code(self) -> str:
        return provider_code(self.score.path)

    @property
    def name(self) -> str:
        return self.score.name

    @property
    def kind_code(self) -> str:
        return self.score.kind

    @property
    def region_code(self) -> str:
        return self.score.path.split("/")[0]


@dataclass
class Ranking:
    rows: list[RankingRow]
    # Providers in scope (and matching the filters) that the snapshot does not contain.
    unscored: list[Provider] = field(default_factory=list)


def ranking_filters(ranking: Ranking) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    """The (code, name) pairs of the regions and of the agency kinds in the ranking, by name."""
    regions = {(row.region_code, row.region) for row in ranking.rows}
    kinds = {(row.kind_code, row.kind) for row in ranking.rows}
    return (
        sorted(regions, key=lambda pair: (pair[1], pair[0])),
        sorted(kinds, key=lambda pair: (pair[1], pair[0])),
    )


def from_snapshot_cache[T](snapshot: ScoreSnapshot, key: str, compute: Callable[[], T]) -> T:
    """What `compute()` makes of `snapshot`, kept in the cache under the snapshot's id and `key`.

    A snapshot's scores never change once stored, so nothing needs to invalidate the entry: a
    new computation is a new snapshot with a new id, and the pages find which snapshot they show
    (published, released, latest) afresh on every request, so a withdrawal or a change of the
    announcement takes effect at once. Only the names of kinds and regions, looked up in the
    registry by code, may change meanwhile: entries expire after SNAPSHOT_CACHE_SECONDS.

    One thread of the process computes a missing entry while the others asking for it wait:
    when a busy server starts, its threads would otherwise all compute the same second-long
    dashboard at once. Each key has its own lock while it is computed, so a computation may ask
    for other entries (the dashboard asks for the ranking) without waiting on itself.
    """
    cache_key = f"patuh:snapshot:{snapshot.pk}:{key}"
    found = cache.get(cache_key)
    if found is None:
        with _computing(cache_key):
            found = cache.get(cache_key)
            if found is None:
                found = compute()
                cache.set(cache_key, found, SNAPSHOT_CACHE_SECONDS)
    return found


_locks_guard = threading.Lock()
# Keys being computed now, with how many threads hold or wait for each.
_locks: dict[str, tuple[threading.Lock, int]] = {}


@contextmanager
def _computing(cache_key: str) -> Iterator[None]:
    """Hold the lock of `cache_key`; it is forgotten once nobody holds or waits for it."""
    with _locks_guard:
        lock, users = _locks.get(cache_key, (threading.Lock(), 0))
        _locks[cache_key] = (lock, users + 1)
    try:
        with lock:
            yield
    finally:
        with _locks_guard:
            lock, users = _locks[cache_key]
            if users == 1:
                del _locks[cache_key]
            else:
                _locks[cache_key] = (lock, users - 1)


def provider_ranking(snapshot: ScoreSnapshot, language: str) -> Ranking:
    """The snapshot's providers, best score first, incomplete last, ties by name (cached)."""
    return from_snapshot_cache(
        snapshot, f"ranking:{language}", lambda: _provider_ranking(snapshot, language)
    )


def _provider_ranking(snapshot: ScoreSnapshot, language: str) -> Ranking:
    """The snapshot's providers, best score first, incomplete last, ties by name.

    Equal scores share a rank; incomplete providers have none. Only the snapshot decides who
    is ranked and with which name, kind and region, so the ranking of a snapshot never changes
    when the registry or the cycle's scope does. Queries do not grow with rows.
    """
    scores = list(
        SubjectScore.objects.filter(snapshot=snapshot, level=Level.PROVIDER).order_by(
            F("score").desc(nulls_last=True), "name", "pk"
        )
    )
    label_scores(scores, snapshot.instrument_version.parsed, language)
    kinds = kind_labels({score.kind for score in scores}, language)
    regions = region_names({score.path.split("/")[0] for score in scores})
    missing = _missing_below(snapshot, [s.path for s in scores if not s.complete])
    rows = []
    rank, previous = 0, None
    for position, score in enumerate(scores, start=1):
        if score.score is not None and score.score != previous:
            rank, previous = position, score.score
        rows.append(
            RankingRow(
                rank=rank if score.score is not None else None,
                score=score,
                kind=kinds[score.kind],
                region=regions[score.path.split("/")[0]],
                missing=missing.get(score.path, 0),
            )
        )
    return Ranking(rows=rows)


def unscored_providers(cycle: Cycle, snapshot: ScoreSnapshot) -> list[Provider]:
    """Providers in the cycle's scope today that `snapshot` does not contain, by name: for
    office staff, who may need to recompute."""
    scored = snapshot.scores.filter(level=Level.PROVIDER).values("subject_id")
    return list(
        Provider.objects.filter(cycles=cycle)
        .exclude(pk__in=scored)
        .select_related("kind", "region")
        .order_by("name", "pk")
    )


def _rank_order(row: RankingRow) -> tuple[bool, int]:
    return (row.rank is None, row.rank or 0)


# Orders the ranking table offers: key → sort key of a row (rank order breaks ties).
SORTS = {
    "rank": _rank_order,
    "name": lambda row: row.name.lower(),
    "kind": lambda row: row.kind.lower(),
    "region": lambda row: row.region.lower(),
}


def filtered(
    ranking: Ranking,
    *,
    region: str = "",
    kind: str = "",
    sort: str = "",
    descending: bool = False,
) -> Ranking:
    """The ranking narrowed to a region and agency kind (codes) and ordered by `sort` (rank
    when empty), reversed when `descending`: incomplete providers and the lowest ranks first,
    names from Z."""

    def keep(region_code: str, kind_code: str) -> bool:
        return (not region or region_code == region) and (not kind or kind_code == kind)

    rows = [row for row in ranking.rows if keep(row.region_code, row.kind_code)]
    rows.sort(key=SORTS[sort or "rank"], reverse=descending)
    unscored = [p for p in ranking.unscored if keep(p.region.code, p.kind.code)]
    return Ranking(rows=rows, unscored=unscored)


def _missing_below(snapshot: ScoreSnapshot, provider_paths: list[str]) -> dict[str, int]:
    """Per incomplete provider path: how many answers its subjects miss, in one query."""
    if not provider_paths:
        return {}
    wanted = set(provider_paths)
    counts: dict[str, int] = defaultdict(int)
    rows = (
        SubjectScore.objects.filter(
            snapshot=snapshot, level__in=LEVELS_BELOW_PROVIDER, complete=False
        )
        .exclude(missing=[])
        .values_list("path", "missing")
    )
    for path, missing in rows:
        owner = provider_path(path)
        if owner in wanted:
            counts[owner] += len(missing)
    return counts


def region_scores(snapshot: ScoreSnapshot, language: str) -> list[SubjectScore]:
    rows = list(
        SubjectScore.objects.filter(snapshot=snapshot, level="region").order_by(
            F("score").desc(nulls_last=True), "name", "pk"
        )
    )
    label_scores(rows, snapshot.instrument_version.parsed, language)
    return rows


def answer_label(indicator: Indicator, value: str, language: str) -> str:
    """The human label of a stored answer: the option's label, Yes/No, N/A, or the number.

    The indicator interprets the value, as scoring does; a value it cannot take is shown raw.
    """
    try:
        fraction = indicator.fraction(value)
    except AnswerError:
        return value
    if fraction is NA:
        return gettext("Not applicable")
    if indicator.answer_type == "yes_no":
        return gettext("Yes") if fraction else gettext("No")
    if indicator.answer_type == "choice":
        raw = value.strip().lower()
        return next(o.label.get(language) for o in indicator.options if o.code.lower() == raw)
    if indicator.answer_type == "scale":
        return gettext("%(value)s (scale %(min)s–%(max)s)") % {
            "value": value,
            "min": indicator.scale_min,
            "max": indicator.scale_max,
        }
    return f"{value} {indicator.number_unit}".strip()


@dataclass
class AnswerRow:
    code: str
    question: str
    # None when the indicator has no answer yet.
    answer: str | None
    note: str = ""


@dataclass
class SubjectReport:
    """One scored subject (product, unit, website or the provider itself) with its answers."""

    level: str
    name: str
    score: SubjectScore | None
    answers: list[AnswerRow]
    missing: list[str]
    children: list["SubjectReport"] = field(default_factory=list)

    @property
    def answered(self) -> int:
        return sum(1 for row in self.answers if row.answer is not None)


@dataclass
class ProviderReport:
    provider: Provider
    score: SubjectScore | None
    own: SubjectReport | None
    units: list[SubjectReport]
    websites: list[SubjectReport]
    # Answers missing beneath the provider when the snapshot was computed.
    missing_total: int = 0
    # The levels the instrument scores: pages leave out sections of the others.
    levels: tuple[str, ...] = ()


def provider_report(
    cycle: Cycle, snapshot: ScoreSnapshot | None, provider: Provider, language: str
) -> ProviderReport:
    """Scores (from `snapshot`) and current answers of `provider` and everything beneath it.

    Steps, each one query however many units and products there are:
    1. the snapshot's SubjectScore rows on the provider's path;
    2. units with their products (prefetched), and websites;
    3. every answer of the cycle for the provider and its subjects.
    """
    instrument = cycle.instrument_version.parsed
    scores: dict[tuple[str, int], SubjectScore] = {}
    if snapshot is not None:
        rows = list(
            SubjectScore.objects.filter(snapshot=snapshot).filter(
                Q(path=provider.path) | Q(path__startswith=provider.path + "/")
            )
        )
        label_scores(rows, snapshot.instrument_version.parsed, language)
        scores = {(row.level, row.subject_id): row for row in rows}

    units = list(provider.units.order_by("name", "pk").prefetch_related("products"))
    websites = list(provider.websites.order_by("url"))
    answers: dict[tuple[str, int], dict[str, Answer]] = defaultdict(dict)
    answer_rows = Answer.objects.filter(cycle=cycle).filter(
        Q(provider=provider)
        | Q(unit__provider=provider)
        | Q(product__unit__provider=provider)
        | Q(website__provider=provider)
    )
    for answer in answer_rows:
        subject_id = getattr(answer, f"{answer.level}_id")
        answers[(answer.level, subject_id)][answer.indicator] = answer

    def report(level: str, obj, name: str) -> SubjectReport:
        given = answers.get((level, obj.pk), {})
        rows, missing = [], []
        for indicator in instrument.indicators_at(level):
            answer = given.pop(indicator.code, None)
            if answer is None:
                missing.append(indicator.code)
                rows.append(AnswerRow(indicator.code, indicator.text.get(language), None))
                continue
            rows.append(
                AnswerRow(
                    indicator.code,
                    indicator.text.get(language),
                    answer_label(indicator, answer.value, language),
                    answer.note,
                )
            )
        # Answers to indicators the instrument does not know are shown raw rather than hidden.
        rows.extend(
            AnswerRow(code, "", answer.value, answer.note) for code, answer in sorted(given.items())
        )
        return SubjectReport(level, name, scores.get((level, obj.pk)), rows, missing)

    levels = scored_levels(instrument)
    unit_reports = []
    for unit in units:
        unit_report = report(Level.UNIT, unit, unit.name)
        if Level.PRODUCT in levels:
            unit_report.children = [
                report(Level.PRODUCT, product, product.name)
                for product in sorted(unit.products.all(), key=lambda p: (p.name, p.pk))
            ]
        unit_reports.append(unit_report)
    own = None
    if instrument.indicators_at(Level.PROVIDER):
        own = report(Level.PROVIDER, provider, provider.name)
    return ProviderReport(
        provider=provider,
        score=scores.get((Level.PROVIDER, provider.pk)),
        own=own,
        units=unit_reports,
        websites=[report(Level.WEBSITE, website, website.url) for website in websites]
        if Level.WEBSITE in levels
        else [],
        missing_total=sum(len(row.missing) for row in scores.values()),
        levels=levels,
    )
