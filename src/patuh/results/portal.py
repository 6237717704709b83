"""The public portal's agencies: finding one by name, and everything it has published.

An agency shows up only with something public: a score in an announced cycle's published
snapshot (patuh.access.results), or a satisfaction survey whose unit published its results.
Nothing else of the registry is listed, so the portal says nothing about agencies before
their results are public.
"""

import re
import unicodedata
from dataclasses import dataclass, field

from django.db.models import Q, QuerySet

from patuh.access.results import Results, published_trend_results
from patuh.assessments.models import Level
from patuh.registry.models import Provider
from patuh.results.queries import instrument_title, label_scores
from patuh.satisfaction.models import Survey
from patuh.satisfaction.services import survey_result
from patuh.satisfaction.skm import SkmResult
from patuh.scoring.models import SubjectScore

# Enough agencies for a person to scan; a longer list asks for a more precise search.
MAX_FOUND = 50


def folded(text: str) -> str:
    """`text` for matching as people type it: accents dropped (é → e), case folded,
    punctuation as spaces, spaces collapsed."""
    decomposed = unicodedata.normalize("NFKD", text)
    plain = "".join(char for char in decomposed if not unicodedata.combining(char))
    return " ".join(re.sub(r"[\W_]+", " ", plain.casefold()).split())


def matches(query: str, *texts: str) -> bool:
    """Whether every word of `query` occurs in `texts`, or the query does with spaces ignored
    ("pangkal pinang" finds "Pangkalpinang", "dukcapil" finds "Disdukcapil")."""
    words = folded(query).split()
    haystack = " ".join(folded(text) for text in texts)
    if all(word in haystack for word in words):
        return True
    return "".join(words) in haystack.replace(" ", "")


def public_agencies(results: list[Results]) -> QuerySet[Provider]:
    """Providers with a score in one of the published snapshots of `results`, or with a unit
    whose survey results are published."""
    scored = SubjectScore.objects.filter(
        snapshot__in=[r.snapshot for r in results], level=Level.PROVIDER
    ).values("subject_id")
    return Provider.objects.filter(
        Q(pk__in=scored) | Q(units__surveys__published_at__isnull=False)
    ).distinct()


def search_agencies(query: str) -> list[Provider]:
    """The public agencies whose name, code or region matches `query`, by name (at most
    MAX_FOUND + 1, so a caller can tell the list was cut)."""
    if not folded(query):
        return []
    candidates = public_agencies(published_trend_results()).select_related("region")
    found = [
        provider
        for provider in candidates.order_by("name", "code")
        if matches(query, provider.name, provider.code, provider.region.name)
    ]
    return found[: MAX_FOUND + 1]


@dataclass
class CycleResult:
    """An agency's published result in one announced cycle; for a PEKPPP cycle, with its units'
    indexes and categories."""

    results: Results
    instrument_title: str
    provider: SubjectScore
    units: list[SubjectScore] = field(default_factory=list)

    @property
    def evaluation(self) -> bool:
        return self.results.snapshot.instrument_version.parsed.workflow == "evaluation"


@dataclass
class PublishedSurvey:
    survey: Survey
    result: SkmResult
    band_label: str


@dataclass
class AgencyPage:
    provider: Provider
    cycles: list[CycleResult]
    surveys: list[PublishedSurvey]


def agency_page(provider_code: str, language: str) -> AgencyPage | None:
    """Everything public about one agency, newest cycle first; None when it has published
    nothing (the caller answers 404)."""
    provider = Provider.objects.filter(code=provider_code).select_related("region", "kind").first()
    if provider is None:
        return None
    published = {r.snapshot.pk: r for r in published_trend_results()}
    rows = SubjectScore.objects.filter(
        snapshot_id__in=published, level=Level.PROVIDER, subject_id=provider.pk
    )
    cycles = []
    for row in rows:
        results = published[row.snapshot_id]
        instrument = results.snapshot.instrument_version.parsed
        label_scores([row], instrument, language)
        cycle = CycleResult(
            results, instrument_title(results.snapshot.instrument_version, language), row
        )
        if cycle.evaluation:
            # The units as the snapshot has them, beneath the provider's path.
            cycle.units = list(
                SubjectScore.objects.filter(
                    snapshot_id=row.snapshot_id, level=Level.UNIT, parent_path=row.path
                ).order_by("name", "pk")
            )
            label_scores(cycle.units, instrument, language)
        cycles.append(cycle)
    cycles.sort(key=lambda c: (-c.results.cycle.year, c.results.cycle.name))
    surveys = []
    for survey in Survey.objects.filter(
        unit__provider=provider, published_at__isnull=False
    ).select_related("unit", "instrument_version__instrument"):
        result = survey_result(survey, until=survey.published_at)
        label = result.band.label.get(language) if result.band else ""
        surveys.append(PublishedSurvey(survey, result, label))
    if not cycles and not surveys:
        return None
    return AgencyPage(provider, cycles, surveys)
