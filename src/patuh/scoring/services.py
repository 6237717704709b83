"""Scoring a stored cycle: load subjects and answers set-based, run the engine, keep a snapshot."""

import hashlib
from collections.abc import Iterable

from django.db import transaction
from django.db.models import F
from django.db.models.functions import Coalesce
from django.utils import timezone

from patuh.assessments.models import Answer, Cycle
from patuh.registry.models import Provider, ServiceProduct, ServiceUnit, Website
from patuh.scoring.engine import ScoreReport, Subject, score_subjects
from patuh.scoring.models import ScoreSnapshot, SubjectScore


def cycle_subjects(cycle: Cycle) -> list[Subject]:
    """Every subject of the cycle's scope, each linked to its parent, in a handful of queries.

    Keys are (level, id). A provider's parent is the region of its government when that is a
    regional government; providers of central governments (vertical offices) have no region score.
    """
    subjects: list[Subject] = []
    regions: dict[int, Subject] = {}
    providers: dict[int, Subject] = {}
    units: dict[int, Subject] = {}
    provider_rows = (
        Provider.objects.filter(cycles=cycle)
        .select_related("region", "government__region")
        .order_by("pk")
    )
    for provider in provider_rows:
        region = provider.government.region
        parent = None
        if region is not None:
            parent = regions.get(region.pk)
            if parent is None:
                parent = Subject("region", ("region", region.pk), region.code, region.name)
                regions[region.pk] = parent
                subjects.append(parent)
        subject = Subject(
            "provider", ("provider", provider.pk), provider.path, provider.name, parent
        )
        providers[provider.pk] = subject
        subjects.append(subject)
    for unit in ServiceUnit.objects.filter(provider__cycles=cycle).order_by("pk"):
        parent = providers[unit.provider_id]
        units[unit.pk] = Subject(
            "unit", ("unit", unit.pk), f"{parent.path}/{unit.code}", unit.name, parent
        )
        subjects.append(units[unit.pk])
    for product in ServiceProduct.objects.filter(unit__provider__cycles=cycle).order_by("pk"):
        parent = units[product.unit_id]
        subjects.append(
            Subject(
                "product",
                ("product", product.pk),
                f"{parent.path}/{product.code}",
                product.name,
                parent,
            )
        )
    for website in Website.objects.filter(provider__cycles=cycle).order_by("pk"):
        parent = providers[website.provider_id]
        subjects.append(
            Subject(
                "website",
                ("website", website.pk),
                f"{parent.path}/{website.code}",
                website.url,
                parent,
            )
        )
    return subjects


def cycle_answer_rows(cycle: Cycle) -> list[tuple[str, int, str, str]]:
    """(level, subject id, indicator, value) for every answer of the cycle, in one query."""
    return list(
        Answer.objects.filter(cycle=cycle)
        .annotate(
            subject=Coalesce(F("product_id"), F("unit_id"), F("website_id"), F("provider_id"))
        )
        .values_list("level", "subject", "indicator", "value")
    )


def answers_digest(rows: Iterable[tuple[str, int, str, str]]) -> str:
    digest = hashlib.sha256()
    for level, subject, indicator, value in sorted(rows):
        digest.update(f"{level}\t{subject}\t{indicator}\t{value}\n".encode())
    return digest.hexdigest()


def score_cycle(cycle: Cycle) -> tuple[ScoreReport, list[tuple[str, int, str, str]]]:
    """Score the cycle's current answers without storing anything."""
    instrument = cycle.instrument_version.parsed
    rows = cycle_answer_rows(cycle)
    report = score_subjects(
        instrument,
        cycle_subjects(cycle),
        (((level, subject), indicator, value) for level, subject, indicator, value in rows),
    )
    return report, rows


@transaction.atomic
def compute_snapshot(cycle: Cycle, user=None) -> tuple[ScoreSnapshot, ScoreReport]:
    """Score the cycle and store the result as a snapshot with its instrument version and time."""
    report, rows = score_cycle(cycle)
    snapshot = ScoreSnapshot.objects.create(
        cycle=cycle,
        instrument_version=cycle.instrument_version,
        computed_at=timezone.now(),
        computed_by=user,
        answer_count=len(rows),
        answers_sha256=answers_digest(rows),
    )
    SubjectScore.objects.bulk_create(
        (
            SubjectScore(
                snapshot=snapshot,
                level=level,
                subject_id=result.subject.key[1],
                path=result.subject.path,
                name=result.subject.name[:250],
                parent_path=result.subject.parent.path if result.subject.parent else "",
                score=result.score,
                band=result.band or "",
                zone=result.zone or "",
                complete=result.complete,
                answered=result.answered,
                applicable=result.applicable,
                not_applicable=result.not_applicable,
                missing=result.missing,
                products=result.products,
                dimensions={code: str(value) for code, value in result.dimensions.items()},
            )
            for level, results in report.by_level.items()
            for result in results
        ),
        batch_size=2000,
    )
    return snapshot, report


def latest_snapshot(cycle: Cycle) -> ScoreSnapshot | None:
    return cycle.snapshots.order_by("-computed_at", "-pk").first()
