from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from patuh.assessments.models import Answer
from patuh.registry.models import Government
from patuh.scoring.engine import AnswerProblem, score_subjects, tally_answers
from patuh.scoring.models import SubjectScore
from patuh.scoring.services import (
    compute_snapshot,
    cycle_subjects,
    cycle_tallies,
    latest_snapshot,
    score_cycle,
)
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
    # Peers are named from the snapshot: the provider's kind is kept, other levels have none.
    assert stored.kind == "disdukcapil"
    assert set(snapshot.scores.exclude(level="provider").values_list("kind", flat=True)) == {""}
    unit = snapshot.scores.filter(level="unit").first()
    assert unit.dimensions == dict.fromkeys(
        ("maklumat", "sarana", "pelayanan-khusus", "pengaduan", "evaluasi", "atribut"), "100.00"
    )
    assert unit.missing == []


def test_a_new_snapshot_leaves_the_previous_one_unchanged():
    provider = factories.provider()
    cycle = factories.cycle([provider])
    factories.answer_everything(cycle)
    first, _ = compute_snapshot(cycle)

    Answer.objects.filter(cycle=cycle, level="product").update(value="tidak-ada")
    second, _ = compute_snapshot(cycle)

    assert latest_snapshot(cycle) == second
    assert first.scores.get(level="provider").score == Decimal("100.00")
    assert second.scores.get(level="provider").score < Decimal("100.00")


def test_the_same_answers_give_the_same_numbers():
    cycle = factories.cycle([factories.provider(), factories.provider()])
    factories.answer_everything(cycle, worst_value)
    first, _ = compute_snapshot(cycle)
    second, _ = compute_snapshot(cycle)

    def numbers(snapshot):
        return list(snapshot.scores.order_by("level", "path").values_list("path", "score", "band"))

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

    report = score_cycle(cycle)

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
    inserts = [q for q in captured if "INSERT INTO scoring_subjectscore" in q["sql"]]
    assert len(inserts) == 1
    assert SubjectScore.objects.count() == 1 + 1 + 4 + 40 + 1


@pytest.mark.parametrize(
    # The database packs each dimension's points into one (ombudsman-2021), two (opini-2025)
    # or three (pekppp-2022) summed columns.
    "instrument",
    ["ombudsman-2021", "opini-2025", "pekppp-2022"],
)
def test_database_tallies_equal_the_engines_own_in_every_dimension(instrument):
    cycle = factories.cycle(
        [factories.provider(units=2, products_per_unit=2) for _ in range(2)], instrument=instrument
    )
    factories.answer_everything(cycle)
    parsed = cycle.instrument_version.parsed
    # Every listed value in turn (N/A included) for half the answers, so that sums differ from
    # the best answers'; free numbers keep theirs (the database leaves them to Python).
    varied = list(Answer.objects.filter(cycle=cycle).order_by("pk"))[::2]
    for number, answer in enumerate(varied):
        listed = sorted(parsed.indicators[answer.indicator].points)
        if listed:
            answer.value = listed[number % len(listed)]
    Answer.objects.bulk_update(varied, ["value"])

    from_database = cycle_tallies(cycle, parsed).by_subject
    from_python = tally_answers(
        parsed,
        {subject.key: subject for subject in cycle_subjects(cycle)},
        [
            ((answer.level, answer.subject.pk), answer.indicator, answer.value)
            for answer in Answer.objects.filter(cycle=cycle)
        ],
    )

    def sums(tallies):
        return {
            key: (tally.points, tally.answered, tally.not_applicable, tally.shortfalls)
            for key, tally in tallies.items()
        }

    assert sums(from_database) == sums(from_python)
    assert any(tally.shortfalls for tally in from_database.values())


def python_scores(cycle):
    """The same cycle scored by the engine's own Python tally, for comparison."""
    subjects = cycle_subjects(cycle)
    answers = [
        ((answer.level, answer.subject.pk), answer.indicator, answer.value)
        for answer in Answer.objects.filter(cycle=cycle).select_related(
            "product", "unit", "website", "provider"
        )
    ]
    return score_subjects(cycle.instrument_version.parsed, subjects, answers)


def numbers(report):
    return sorted(
        (
            level,
            r.subject.path,
            r.score,
            r.band,
            r.complete,
            tuple(r.missing),
            tuple(sorted(r.shortfalls.items())),
        )
        for level, results in report.by_level.items()
        for r in results
    )


def test_database_tally_and_python_tally_give_the_same_numbers():
    cycle = factories.cycle([factories.provider(units=2, products_per_unit=3) for _ in range(3)])
    values = ["baik", "kurang", "tidak-ada"]
    factories.answer_everything(
        cycle,
        lambda ind: (
            values[len(ind.code) % 3]
            if ind.answer_type == "choice"
            else ("na" if ind.na_allowed else ["ya", "tidak"][int(ind.code[1:]) % 2])
        ),
    )
    Answer.objects.filter(cycle=cycle, indicator="U05").first().delete()

    assert numbers(score_cycle(cycle)) == numbers(python_scores(cycle))


def test_unusual_spellings_are_priced_like_the_canonical_ones():
    cycle = factories.cycle([factories.provider()])
    factories.answer_everything(cycle)
    Answer.objects.filter(cycle=cycle, indicator__in=["U03", "U04"]).update(value="YA")
    Answer.objects.filter(cycle=cycle, indicator="P01").update(value=" Baik ")

    report = score_cycle(cycle)

    assert all(r.score == Decimal("100.00") for r in report.by_level["provider"])


def test_a_stored_value_the_indicator_cannot_take_stops_scoring_with_its_place():
    provider = factories.provider("dinas")
    cycle = factories.cycle([provider])
    factories.answer_everything(cycle)
    Answer.objects.filter(cycle=cycle, indicator="U03").update(value="sometimes")
    with pytest.raises(AnswerProblem, match="U03 takes yes or no, not 'sometimes'"):
        score_cycle(cycle)


def test_snapshot_keeps_the_answers_that_fell_short_of_full_points():
    provider = factories.provider(units=1, products_per_unit=1)
    cycle = factories.cycle([provider])
    factories.answer_everything(cycle)
    Answer.objects.filter(cycle=cycle, indicator="P01").update(value="kurang")
    # An unusual spelling is priced in Python and still counted as a shortfall.
    Answer.objects.filter(cycle=cycle, indicator="U03").update(value="TIDAK")
    Answer.objects.filter(cycle=cycle, indicator="W06").update(value="na")

    snapshot, _ = compute_snapshot(cycle)

    rows = {row.level: row.shortfalls for row in snapshot.scores.all()}
    assert rows["product"] == {"P01": "kurang"}
    assert rows["unit"] == {"U03": "TIDAK"}
    assert rows["website"] == {}
    assert rows["provider"] == {}


def test_missing_answers_are_named_from_the_database():
    provider = factories.provider(units=1, products_per_unit=1)
    cycle = factories.cycle([provider])
    factories.answer_everything(cycle)
    Answer.objects.filter(cycle=cycle, indicator__in=["P02", "U07"]).delete()

    report = score_cycle(cycle)

    assert report.by_level["product"][0].missing == ["P02"]
    assert report.by_level["unit"][0].missing == ["U07"]
    assert report.by_level["provider"][0].score is None


def test_answers_of_providers_taken_out_of_scope_are_left_out():
    kept, dropped = factories.provider(), factories.provider()
    cycle = factories.cycle([kept, dropped])
    factories.answer_everything(cycle)
    cycle.providers.remove(dropped)

    report = score_cycle(cycle)

    assert [r.subject.path for r in report.by_level["provider"]] == [kept.path]
    assert report.by_level["provider"][0].score == Decimal("100.00")
