"""PEKPPP cycles for the tests: the self-assessment open today, evaluation and verification
after it, run by the cast's office over providers A and B (one unit each)."""

import datetime as dt
import uuid

import pytest
from django.utils import timezone

from patuh.assessments.models import Level, Phase
from patuh.pekppp import evaluation, evidence, self_assessment
from patuh.pekppp.models import SelfAssessment
from tests import factories, photos
from tests.documents import pdf

# (phase kind, first day, last day) relative to today.
OPEN_PHASES = (
    (Phase.Kind.PENILAIAN_MANDIRI, -5, 10),
    (Phase.Kind.EVALUASI, 11, 20),
    (Phase.Kind.VERIFIKASI, 15, 20),
    (Phase.Kind.PENGUMUMAN, 40, 40),
)


def evaluation_cycle(
    providers, code="pekppp-2025", instrument="pekppp-2022", *, year=2025, phases=OPEN_PHASES
):
    """A PEKPPP cycle of `providers` with `phases` counted from today."""
    cycle = factories.cycle(providers, code=code, instrument=instrument)
    cycle.year = year
    cycle.save()
    cycle.phases.all().delete()
    today = timezone.localdate()
    for kind, first, last in phases:
        Phase.objects.create(
            cycle=cycle,
            kind=kind,
            starts_on=today + dt.timedelta(days=first),
            ends_on=today + dt.timedelta(days=last),
        )
    return cycle


def unit_indicators(cycle):
    return cycle.instrument_version.parsed.indicators_at(Level.UNIT)


def fill_self_assessment(cycle, unit, user, score="3", skip=()):
    """Self-score, explain and evidence every indicator but `skip`: a link each, one PDF."""
    for number, indicator in enumerate(unit_indicators(cycle)):
        if indicator.code in skip:
            continue
        self_assessment.save_self_score(
            cycle, unit, user, indicator=indicator.code, score=score, explanation="Ada SK."
        )
        if number == 0:
            evidence.add_document(
                cycle,
                unit,
                user,
                indicator=indicator.code,
                data=pdf("SK Standar Pelayanan"),
                filename="sk-standar-pelayanan.pdf",
                client_id=uuid.uuid4(),
            )
        else:
            evidence.add_link(
                cycle,
                unit,
                user,
                indicator=indicator.code,
                address=f"https://unit.example.go.id/{indicator.code}",
                title="",
                client_id=uuid.uuid4(),
            )


def mark_submitted(cycle, unit, user):
    """The unit's self-assessment as submitted, without filling it: what the evaluators' tests
    need, since evaluators score only submitted self-assessments."""
    SelfAssessment.objects.update_or_create(
        cycle=cycle,
        unit=unit,
        defaults={
            "status": SelfAssessment.Status.SUBMITTED,
            "submitted_at": timezone.now(),
            "submitted_by": user,
        },
    )


def score_everything(cycle, unit, user, value_for=lambda indicator: "4", comment="Baik."):
    for indicator in unit_indicators(cycle):
        evaluation.save_score(
            cycle,
            unit,
            user,
            indicator=indicator.code,
            score=value_for(indicator),
            comment=comment,
            verified=False,
            verified_on=None,
        )


@pytest.fixture
def cycle(provider_a, provider_b, office):
    return evaluation_cycle([provider_a, provider_b])


@pytest.fixture
def unit_a(provider_a):
    return provider_a.units.get()


@pytest.fixture
def unit_b(provider_b):
    return provider_b.units.get()


@pytest.fixture
def submitted_a(cycle, unit_a, officer_a):
    """Unit A's self-assessment, submitted to the evaluators."""
    mark_submitted(cycle, unit_a, officer_a)
    return unit_a


@pytest.fixture
def picture() -> bytes:
    return photos.jpeg(size=(96, 72))
