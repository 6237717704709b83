from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from patuh.assessments.models import Answer
from patuh.registry.models import Government
from patuh.scoring.models import SubjectScore
from patuh.scoring.services import compute_snapshot, latest_snapshot, score_cycle
from tests import factories

pytestmark = pytest.mark.django_db


def worst_value(indicator) -> str:
    if indicator.answer_type == "choice":
        return min(indicator.options, key=lambda o: o.points).code
    return "no"


def test_snapshot_stores_every_subject_with_score_band_and_instrument_version():
    provider = factories.provider(units=2, products_per_unit=3)
    cycle = factories.cycle([provider])
    answers = factories.answer_everything(cycle)

    snapshot, _ = compute_snapshot(cycle)

    assert snapshot.instrument_version == cycle.instrument_version
    assert snapshot.answer_count == answers
    counts = {
        level: snapshot.scores.filter(level=level).count()
        for level in ("region", "provider", "unit", "product", "website")
    }
    assert counts == {"region": 1, "provider": 1, "unit": 2, "product": 6, "website": 1}
    stored = snapshot.scores.get(level="provider")
    assert (stored.score, stored.band, stored.zone, stored.complete) == (
        Decimal("100.00"),
        "hijau",
        "green",
        True,
    )
    assert stored.path == provider.path
    assert stored.products == 6


def test_a_new_snapshot_leaves_the_previous_one_unchanged():
    provider = factories.provider()
    cycle = factories.cycle([provider])
    factories.answer_everything(cycle)
    first, _ = compute_snapshot(cycle)

    Answer.objects.filter(cycle=cycle, level="product").update(value="tidak-ada")
    second, _ = compute_snapshot(cycle)

    assert latest_snapshot(cycle) == second
    assert first.answers_sha256 != second.answers_sha256
    assert first.scores.get(level="provider").score == Decimal("100.00")
    assert second.scores.get(level="provider").score < Decimal("100.00")


def test_the_same_answers_give_the_same_digest_and_numbers():
    cycle = factories.cycle([factories.provider(), factories.provider()])
    factories.answer_everything(cycle, worst_value)
    first, _ = compute_snapshot(cycle)
    second, _ = compute_snapshot(cycle)

    def numbers(snapshot):
        return list(snapshot.scores.order_by("level", "path").values_list("path", "score", "band"))

    assert first.answers_sha256 == second.answers_sha256
    assert numbers(first) == numbers(second)


def test_vertical_offices_are_scored_but_not_counted_in_the_region():
    regional = factories.provider("dinas")
    central = Government.objects.create(code="atr-bpn", name="Kementerian ATR/BPN", kind="central")
    vertical = factories.provider("kantah", government=central)
    cycle = factories.cycle([regional, vertical])
    factories.answer_everything(
        cycle,
        lambda ind: factories.best_value(ind) if ind.level != "website" else worst_value(ind),
    )
    Answer.objects.filter(cycle=cycle, product__unit__provider=vertical).update(value="tidak-ada")

    report, _ = score_cycle(cycle)

    region = report.by_level["region"][0]
    assert [c.subject.path for c in region.children] == [regional.path]
    assert region.score == report.get("provider", ("provider", regional.pk)).score
    assert report.get("provider", ("provider", vertical.pk)).score is not None


def test_loading_a_cycle_takes_the_same_queries_for_any_size():
    small = factories.cycle([factories.provider() for _ in range(2)], code="small")
    factories.answer_everything(small)
    large = factories.cycle(
        [factories.provider(units=3, products_per_unit=4) for _ in range(8)], code="large"
    )
    factories.answer_everything(large)

    def queries(cycle):
        with CaptureQueriesContext(connection) as captured:
            score_cycle(cycle)
        return len(captured)

    assert queries(small) == queries(large)


def test_snapshot_is_written_in_bulk():
    cycle = factories.cycle([factories.provider(units=4, products_per_unit=10)])
    factories.answer_everything(cycle)
    with CaptureQueriesContext(connection) as captured:
        compute_snapshot(cycle)
    inserts = [q for q in captured if q["sql"].startswith('INSERT INTO "scoring_subjectscore"')]
    assert len(inserts) == 1
    assert SubjectScore.objects.count() == 1 + 1 + 4 + 40 + 1
