import hashlib
from zoneinfo import ZoneInfo

import pytest
from django.db import transaction

from patuh.accounts.models import Role, User
from patuh.assessments.models import Answer, Cycle, Phase
from patuh.demo import seed
from patuh.demo.services import DemoError, load_demo
from patuh.registry.models import (
    AgencyKind,
    Government,
    Provider,
    Region,
    ServiceProduct,
    Website,
)
from patuh.scoring.models import ScoreSnapshot


def test_demo_registry_has_two_regencies_18_providers_and_114_products(demo):
    regencies = Region.objects.filter(parent__code="19", level=Region.Level.REGENCY)
    assert sorted(regencies.values_list("code", flat=True)) == ["19.02", "19.06"]
    assert Provider.objects.count() == 18
    assert ServiceProduct.objects.count() == 114
    assert Website.objects.count() == 18
    assert (demo.providers, demo.units, demo.products, demo.websites) == (18, 18, 114, 18)


def test_vertical_offices_belong_to_central_governments(demo):
    central = Provider.objects.filter(government__kind=Government.Kind.CENTRAL)
    assert sorted(central.values_list("kind__code", flat=True)) == [
        "kantor-pertanahan",
        "kantor-pertanahan",
        "polsek",
        "polsek",
    ]


def test_demo_cycle_has_the_seed_phases_and_every_provider_in_scope(demo):
    cycle = Cycle.objects.get()
    assert cycle.code == seed.CYCLE["code"]
    assert cycle.instrument_version.instrument.code == "ombudsman-2021"
    assert cycle.providers.count() == 18
    phases = {p.kind: (p.starts_on, p.ends_on) for p in cycle.phases.all()}
    assert set(phases) == set(Phase.Kind.values)
    assert phases["pengambilan_data"] == (seed.PHASES[3][1], seed.PHASES[3][2])


def test_every_subject_answers_every_indicator(demo):
    cycle = Cycle.objects.get()
    instrument = cycle.instrument_version.parsed
    expected = sum(
        len(instrument.indicators_at(level)) * count
        for level, count in (("product", 114), ("unit", 18), ("website", 18))
    )
    assert demo.answers == Answer.objects.filter(cycle=cycle).count() == expected
    snapshot = ScoreSnapshot.objects.get(cycle=cycle)
    assert snapshot.answer_count == expected
    assert not snapshot.scores.filter(complete=False).exists()


def test_answers_are_dated_in_the_data_collection_window(demo):
    first, last = seed.PHASES[3][1], seed.PHASES[3][2]
    wib = ZoneInfo(seed.TIME_ZONE)
    for answered_at in Answer.objects.values_list("answered_at", flat=True):
        assert first <= answered_at.astimezone(wib).date() <= last


def test_answers_use_not_applicable_only_where_allowed(demo):
    instrument = Cycle.objects.get().instrument_version.parsed
    na_codes = set(Answer.objects.filter(value="na").values_list("indicator", flat=True))
    assert na_codes
    assert all(instrument.indicators[code].na_allowed for code in na_codes)


def test_every_zone_occurs_among_provider_scores(demo):
    snapshot = ScoreSnapshot.objects.get()
    zones = set(snapshot.scores.filter(level="provider").values_list("zone", flat=True))
    assert zones == {"red", "yellow", "green"}
    assert set(demo.zones) == zones


def test_snapshot_scores_both_regencies(demo):
    snapshot = ScoreSnapshot.objects.get()
    regions = snapshot.scores.filter(level="region")
    assert sorted(regions.values_list("path", flat=True)) == ["19.02", "19.06"]
    assert all(score is not None for score in regions.values_list("score", flat=True))


def test_demo_users_have_their_roles_and_the_officer_speaks_for_disdukcapil_belitung(demo):
    roles = dict(User.objects.values_list("username", "role"))
    assert roles == {
        "admin": Role.ADMIN,
        "koordinator": Role.COORDINATOR,
        "enumerator": Role.ENUMERATOR,
        "reviewer": Role.REVIEWER,
        "petugas-disdukcapil": Role.AGENCY_OFFICER,
    }
    admin = User.objects.get(username="admin")
    assert admin.is_superuser and admin.is_staff
    assert not User.objects.filter(is_superuser=True).exclude(username="admin").exists()
    officer = User.objects.get(username="petugas-disdukcapil")
    assert list(officer.providers.values_list("code", flat=True)) == ["disdukcapil-belitung"]
    assert all(user.check_password(seed.DEMO_PASSWORD) for user in User.objects.all())


def test_loading_twice_is_refused_without_duplicating(demo):
    with pytest.raises(DemoError, match="already loaded"):
        load_demo()
    assert Provider.objects.count() == 18
    assert Cycle.objects.count() == 1


def test_loading_over_a_clashing_provider_code_changes_nothing(db):
    region = Region.objects.create(code="19", name="Bangka Belitung", level=Region.Level.PROVINCE)
    Provider.objects.create(
        code="disdukcapil-belitung",
        name="Disdukcapil",
        kind=AgencyKind.objects.create(code="disdukcapil", name="Disdukcapil"),
        region=region,
        government=Government.objects.create(
            code="pemprov", name="Pemprov", kind=Government.Kind.REGIONAL, region=region
        ),
    )
    with pytest.raises(DemoError, match="disdukcapil-belitung"):
        load_demo()
    assert Provider.objects.count() == 1
    assert not User.objects.exists()


def _answers_fingerprint() -> tuple[str, dict[str, str]]:
    """Answers and provider scores keyed by paths and codes, which do not depend on row ids."""
    digest = hashlib.sha256()
    rows = sorted(
        (a.level, _path(a.subject), a.indicator, a.value, a.answered_at.isoformat())
        for a in Answer.objects.select_related(
            "product__unit__provider", "unit__provider", "website"
        )
    )
    for row in rows:
        digest.update("\t".join(row).encode() + b"\n")
    scores = dict(
        ScoreSnapshot.objects.get()
        .scores.filter(level__in=["provider", "region"])
        .values_list("path", "score")
    )
    return digest.hexdigest(), {path: str(score) for path, score in scores.items()}


def _path(subject) -> str:
    if isinstance(subject, ServiceProduct):
        return f"{subject.unit.provider.code}/{subject.unit.code}/{subject.code}"
    if isinstance(subject, Website):
        return subject.url
    return f"{subject.provider.code}/{subject.code}"


def test_two_loads_into_empty_databases_give_the_same_answers_and_scores(db):
    with transaction.atomic():
        load_demo()
        first = _answers_fingerprint()
        # Roll this load back, so the second one starts from an empty database again.
        transaction.set_rollback(True)
    assert not Provider.objects.exists()
    load_demo()
    assert _answers_fingerprint() == first
