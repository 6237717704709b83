"""Rescoring only what changed since the latest official snapshot gives what a full rescore
gives, opinions and compliance included."""

import datetime as dt

import pytest
from django.utils import timezone

from patuh.assessments.models import Answer
from patuh.registry.models import Government
from patuh.scoring import incremental
from patuh.scoring.compliance import override_compliance
from patuh.scoring.incremental import changed_providers, rescore_changes
from patuh.scoring.models import ScoreSnapshot, SubjectScore
from patuh.scoring.services import compute_snapshot, latest_snapshot
from tests import factories

pytestmark = pytest.mark.django_db

COMPARED = [
    field.name
    for field in SubjectScore._meta.concrete_fields
    if field.name not in ("id", "snapshot")
]


@pytest.fixture(autouse=True)
def no_overlap(monkeypatch):
    """Everything here happens within a second: on PostgreSQL the safety overlap would reach back
    to the set-up and score the whole cycle each time."""
    monkeypatch.setattr(incremental, "POSTGRESQL_OVERLAP", dt.timedelta(0))


def rows(snapshot: ScoreSnapshot) -> list[tuple]:
    """Every stored value of each subject's row, in subject order (JSON fields as read)."""
    return sorted(
        SubjectScore.objects.filter(snapshot=snapshot).values_list(*COMPARED),
        key=lambda row: (row[0], row[1]),
    )


def varied(indicator) -> str:
    """Not every answer earns full points, so scores, shortfalls and opinions differ."""
    if indicator.code.endswith(("1", "4")):
        options = getattr(indicator, "options", None) or []
        if options:
            return min(options, key=lambda o: o.points).code
        if indicator.answer_type == "yes_no":
            return "no"
    return factories.best_value(indicator)


@pytest.fixture
def national(coordinator):
    """An opini-2025 cycle over two regencies with two providers each and a vertical office,
    with compliance levels of a region and of the vertical office, scored once."""
    belitung = factories.region("19.02", "Kabupaten Belitung")
    bangka = factories.region("19.01", "Kabupaten Bangka")
    dinsos = factories.provider("dinsos-belitung", in_region=belitung, units=2)
    dukcapil = factories.provider("dukcapil-belitung", in_region=belitung)
    bangka_a = factories.provider("dinsos-bangka", in_region=bangka)
    bangka_b = factories.provider("dukcapil-bangka", in_region=bangka, units=2)
    central = Government.objects.create(code="atr-bpn", name="Kementerian ATR/BPN", kind="central")
    kantah = factories.provider("kantah-belitung", in_region=belitung, government=central)
    providers = [dinsos, dukcapil, bangka_a, bangka_b, kantah]
    cycle = factories.cycle(providers, "opini-2025-babel", "opini-2025")
    factories.answer_everything(cycle, varied)
    override_compliance(cycle, belitung, "tinggi", "LAHP selesai", coordinator)
    override_compliance(cycle, kantah, "rendah", "Rekomendasi terbuka", coordinator)
    compute_snapshot(cycle, coordinator)
    return cycle, {p.code: p for p in providers}


def other_value(indicator, current: str) -> str:
    """The best answer, or a poor one where the best was given."""
    best = factories.best_value(indicator)
    if current != best:
        return best
    if indicator.answer_type == "choice":
        return min(indicator.options, key=lambda o: o.points).code
    if indicator.answer_type == "scale":
        return str(indicator.scale_min)
    return {"yes_no": "no"}.get(indicator.answer_type, "1")


def change_answers_of(provider, cycle) -> None:
    """As an approval does, through the ORM: answers of the provider's units changed, one
    deleted and given again (opini-2025 asks units only)."""
    answers = Answer.objects.filter(cycle=cycle, unit__provider=provider).order_by("pk")
    instrument = cycle.instrument_version.parsed
    for answer in answers[:6]:
        answer.value = other_value(instrument.indicators[answer.indicator], answer.value)
        answer.answered_at = timezone.now()
        answer.save()
    gone = answers.last()
    fields = {"cycle": cycle, "level": gone.level, "unit_id": gone.unit_id}
    gone.delete()
    indicator = instrument.indicators[gone.indicator]
    Answer.objects.create(
        **fields,
        indicator=indicator.code,
        value=other_value(indicator, gone.value),
        answered_at=timezone.now(),
    )


def test_rescoring_the_changes_gives_the_full_rescore(national):
    cycle, providers = national
    base = latest_snapshot(cycle)
    change_answers_of(providers["dinsos-belitung"], cycle)

    changed = rescore_changes(cycle)
    full, _ = compute_snapshot(cycle)

    # Unreleased, the latest official snapshot is brought up to date in place.
    assert changed.pk == base.pk
    assert changed.kind == ScoreSnapshot.Kind.OFFICIAL
    assert rows(changed) == rows(full)
    assert (changed.answer_count, changed.answers_as_of) == (full.answer_count, full.answers_as_of)
    # The rows compared carry opinions and compliance levels, own and inherited.
    opinions = set(changed.scores.exclude(opinion="").values_list("level", "compliance"))
    assert opinions == {("region", "tinggi"), ("provider", "rendah")}
    assert changed.scores.filter(compliance="tinggi").count() > 4
    assert latest_snapshot(cycle, ScoreSnapshot.Kind.OFFICIAL) == full


def test_only_the_changed_provider_and_the_providers_of_its_region_are_rescored(national):
    cycle, providers = national
    base = latest_snapshot(cycle)
    assert changed_providers(cycle, base) == set()

    change_answers_of(providers["dukcapil-bangka"], cycle)
    assert changed_providers(cycle, base) == {
        providers["dinsos-bangka"].pk,
        providers["dukcapil-bangka"].pk,
    }

    # A vertical office counts in no region: it is rescored alone.
    change_answers_of(providers["kantah-belitung"], cycle)
    assert changed_providers(cycle, base) == {
        providers["dinsos-bangka"].pk,
        providers["dukcapil-bangka"].pk,
        providers["kantah-belitung"].pk,
    }
    assert rows(rescore_changes(cycle)) == rows(compute_snapshot(cycle)[0])


def test_a_released_snapshot_stays_as_released_and_a_new_one_follows(national):
    cycle, providers = national
    released = latest_snapshot(cycle)
    released.released_at = timezone.now()
    released.save()
    before = rows(released)
    change_answers_of(providers["dukcapil-belitung"], cycle)

    changed = rescore_changes(cycle)
    full, _ = compute_snapshot(cycle)

    assert changed.pk != released.pk
    assert rows(released) == before
    assert rows(changed) == rows(full)
    assert rows(full) != before
    assert (changed.answer_count, changed.answers_as_of) == (full.answer_count, full.answers_as_of)

    # Nothing changed since: the copy equals its base.
    full.released_at = timezone.now()
    full.save()
    assert rows(rescore_changes(cycle)) == rows(full)


def test_a_registry_or_compliance_change_scores_the_whole_cycle(national, coordinator):
    cycle, providers = national
    base = latest_snapshot(cycle)
    renamed = providers["dinsos-bangka"]
    renamed.name = "Dinas Sosial Kabupaten Bangka"
    renamed.save()
    assert changed_providers(cycle, base) is None
    assert rows(rescore_changes(cycle)) == rows(compute_snapshot(cycle)[0])

    base = latest_snapshot(cycle)
    override_compliance(cycle, providers["kantah-belitung"], "tinggi", "LAHP selesai", coordinator)
    assert changed_providers(cycle, base) is None
    assert rows(rescore_changes(cycle)) == rows(compute_snapshot(cycle)[0])


def test_without_an_official_snapshot_the_whole_cycle_is_scored():
    cycle = factories.cycle([factories.provider()])
    factories.answer_everything(cycle)

    assert changed_providers(cycle, None) is None
    assert rows(rescore_changes(cycle)) == rows(compute_snapshot(cycle)[0])


def test_an_answer_moved_to_another_provider_rescores_both(national):
    cycle, providers = national
    base = latest_snapshot(cycle)
    moved = Answer.objects.filter(cycle=cycle, unit__provider=providers["kantah-belitung"]).first()
    target = providers["dinsos-bangka"].units.get()
    Answer.objects.get(cycle=cycle, unit=target, indicator=moved.indicator).delete()

    moved.unit = target
    moved.save()

    assert changed_providers(cycle, base) == {
        providers["kantah-belitung"].pk,
        providers["dinsos-bangka"].pk,
        providers["dukcapil-bangka"].pk,
    }
    assert rows(rescore_changes(cycle)) == rows(compute_snapshot(cycle)[0])
