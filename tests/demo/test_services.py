from zoneinfo import ZoneInfo

import pytest

from patuh.accounts.models import Role, User
from patuh.assessments.models import Answer, Cycle, Phase
from patuh.demo import seed
from patuh.demo.services import DemoError, load_demo
from patuh.registry.models import (
    Government,
    Provider,
    Region,
    ServiceProduct,
    Website,
)
from patuh.scoring.models import ScoreSnapshot


def survey_2021() -> Cycle:
    return Cycle.objects.get(code=seed.CYCLE["code"])


def snapshot_2021() -> ScoreSnapshot:
    return ScoreSnapshot.objects.get(cycle=survey_2021())


def test_demo_registry_has_two_regencies_18_providers_and_114_products(demo):
    regencies = Region.objects.filter(parent__code="19", level=Region.Level.REGENCY)
    assert sorted(regencies.values_list("code", flat=True)) == ["19.02", "19.06"]
    assert Provider.objects.filter(cycles=survey_2021()).count() == 18
    assert ServiceProduct.objects.filter(unit__provider__cycles=survey_2021()).count() == 114
    assert Website.objects.count() == 18
    assert (demo.providers, demo.units, demo.products, demo.websites) == (18, 18, 114, 18)


def test_vertical_offices_belong_to_central_governments(demo):
    central = Provider.objects.filter(government__kind=Government.Kind.CENTRAL)
    assert sorted(central.values_list("kind__code", flat=True)) == [
        "kantor-pertanahan",
        "kantor-pertanahan",
        "polres",
        "polsek",
        "polsek",
    ]


def test_demo_cycle_has_the_seed_phases_and_every_provider_in_scope(demo):
    cycle = survey_2021()
    assert cycle.instrument_version.instrument.code == "ombudsman-2021"
    assert cycle.providers.count() == 18
    phases = {p.kind: (p.starts_on, p.ends_on) for p in cycle.phases.all()}
    assert set(phases) == {kind for kind, _, _ in seed.PHASES}
    assert phases["pengambilan_data"] == (seed.PHASES[3][1], seed.PHASES[3][2])


def test_every_subject_answers_every_indicator(demo):
    cycle = survey_2021()
    instrument = cycle.instrument_version.parsed
    expected = sum(
        len(instrument.indicators_at(level)) * count
        for level, count in (("product", 114), ("unit", 18), ("website", 18))
    )
    assert demo.answers == Answer.objects.filter(cycle=cycle).count() == expected
    snapshot = snapshot_2021()
    assert snapshot.answer_count == expected
    assert not snapshot.scores.filter(complete=False).exists()


def test_answers_are_dated_in_the_data_collection_window(demo):
    first, last = seed.PHASES[3][1], seed.PHASES[3][2]
    wib = ZoneInfo(seed.TIME_ZONE)
    for answered_at in survey_2021().answers.values_list("answered_at", flat=True):
        assert first <= answered_at.astimezone(wib).date() <= last


def test_answers_use_not_applicable_only_where_allowed(demo):
    instrument = survey_2021().instrument_version.parsed
    na_codes = set(survey_2021().answers.filter(value="na").values_list("indicator", flat=True))
    assert na_codes
    assert all(instrument.indicators[code].na_allowed for code in na_codes)


def test_every_zone_occurs_among_provider_scores(demo):
    snapshot = snapshot_2021()
    zones = set(snapshot.scores.filter(level="provider").values_list("zone", flat=True))
    assert zones == {"red", "yellow", "green"}
    assert set(demo.zones) == zones


def test_snapshot_scores_both_regencies(demo):
    snapshot = snapshot_2021()
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
        "koordinator-biro": Role.COORDINATOR,
        "evaluator-biro": Role.EVALUATOR,
        "petugas-dpmptsp-babel": Role.AGENCY_OFFICER,
        "petugas-bakuda-babel": Role.AGENCY_OFFICER,
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
    assert Provider.objects.count() == 27
    assert Cycle.objects.count() == 8


def test_the_running_cycle_collects_data_today_with_visits_in_every_state(demo):
    from django.utils import timezone

    from patuh.fieldwork.models import Assignment, Evidence, Submission

    cycle = Cycle.objects.get(code=seed.LIVE_CYCLE["code"])
    today = timezone.localdate()
    collection = cycle.phases.get(kind=Phase.Kind.PENGAMBILAN_DATA)
    assert collection.starts_on <= today <= collection.ends_on
    assert cycle.providers.count() == 9
    assignments = Assignment.objects.filter(cycle=cycle)
    assert assignments.count() == 9
    assert all(
        collection.starts_on <= a.starts_on <= a.ends_on <= collection.ends_on for a in assignments
    )
    states = {
        s.assignment.unit.provider.code: s.status
        for s in Submission.objects.filter(assignment__cycle=cycle).select_related(
            "assignment__unit__provider"
        )
    }
    assert states == seed.LIVE_VISITS
    assert (
        cycle.answers.filter(
            source="fieldwork", unit__provider__code="disdukcapil-belitung"
        ).count()
        == 21
    )
    flagged = Evidence.objects.filter(assignment__cycle=cycle, attention=True)
    assert [e.assignment.unit.provider.code for e in flagged] == ["dpmptsp-belitung"]
    assert Evidence.objects.filter(assignment__cycle=cycle, flags=[]).count() > 100


# Part B of the seed: the province's performance evaluations (patuh.demo.pekppp).


def evaluations():
    from patuh.demo import pekppp_seed

    return Cycle.objects.filter(office__code=pekppp_seed.OFFICE["code"]).order_by("year")


def test_the_biro_organisasi_runs_an_evaluation_every_year_since_2017(demo):
    from patuh.demo import pekppp_seed

    cycles = list(evaluations())
    assert [c.year for c in cycles[:4]] == [2017, 2018, 2019, 2020]
    assert {c.instrument_version.instrument.code for c in cycles[:4]} == {"pekppp-2017"}
    assert cycles[4].instrument_version.instrument.code == "pekppp-2022"
    assert cycles[0].office.name == "Biro Organisasi Setda Provinsi Kepulauan Bangka Belitung"
    for cycle in cycles:
        assert sorted(cycle.providers.values_list("code", flat=True)) == [
            "bakuda-babel",
            "dpmptsp-babel",
        ]
    staff = User.objects.filter(office__code=pekppp_seed.OFFICE["code"])
    assert sorted(staff.values_list("username", "role")) == [
        ("evaluator-biro", Role.EVALUATOR),
        ("koordinator-biro", Role.COORDINATOR),
    ]
    officer = User.objects.get(username="petugas-dpmptsp-babel")
    assert list(officer.providers.values_list("code", flat=True)) == ["dpmptsp-babel"]


def test_the_2020_units_were_evaluated_on_15_and_16_september(demo):
    from patuh.pekppp.models import Verification

    cycle = evaluations().get(year=2020)
    evaluation = cycle.phases.get(kind=Phase.Kind.EVALUASI)
    assert (evaluation.starts_on.isoformat(), evaluation.ends_on.isoformat()) == (
        "2020-09-15",
        "2020-09-16",
    )
    wib = ZoneInfo(seed.TIME_ZONE)
    days = {a.answered_at.astimezone(wib).date().isoformat() for a in cycle.answers.all()}
    assert days == {"2020-09-15", "2020-09-16"}
    marks = Verification.objects.filter(evaluation__cycle=cycle)
    assert marks.count() == 60 and all(mark.verified for mark in marks)


def test_past_evaluations_are_released_and_every_unit_improves_year_on_year(demo):
    indexes: dict[str, list] = {}
    for cycle in evaluations()[:4]:
        snapshot = ScoreSnapshot.objects.get(cycle=cycle)
        assert snapshot.kind == "official" and snapshot.released_at is not None
        assert cycle.announce_at is None
        for row in snapshot.scores.filter(level="unit"):
            assert row.complete and row.band
            indexes.setdefault(row.path, []).append(row.score)
    assert len(indexes) == 2
    for path, scores in indexes.items():
        assert scores == sorted(scores) and scores[0] < scores[-1], path


def test_the_running_evaluation_has_its_self_assessment_open_today(demo):
    from django.utils import timezone

    from patuh.pekppp.models import Evidence, SelfAssessment

    cycle = evaluations().last()
    phase = cycle.phases.get(kind=Phase.Kind.PENILAIAN_MANDIRI)
    assert phase.starts_on <= timezone.localdate() <= phase.ends_on
    states = dict(SelfAssessment.objects.filter(cycle=cycle).values_list("unit__code", "status"))
    assert states == {"uptb-ppd-pangkalpinang": "submitted", "upp-dpmptsp": "draft"}
    kinds = set(
        Evidence.objects.filter(self_assessment__cycle=cycle).values_list("kind", flat=True)
    )
    assert kinds == {"document", "image", "link", "survey"}
    assert cycle.answers.filter(unit__code="uptb-ppd-pangkalpinang").count() == 6
    assert not cycle.snapshots.exists()
