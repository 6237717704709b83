from decimal import Decimal

from patuh.assessments.models import Answer, Cycle, Level
from patuh.demo import opini_seed
from patuh.followup.models import Finding, Product
from patuh.satisfaction.models import Survey
from patuh.satisfaction.services import survey_result
from patuh.scoring.models import ScoreSnapshot


def opini_round() -> Cycle:
    return Cycle.objects.get(code=opini_seed.CYCLE["code"])


def released_scores():
    snapshot = ScoreSnapshot.objects.get(cycle=opini_round())
    assert snapshot.released_at is not None
    return snapshot.scores


def test_the_2025_round_covers_sector_units_of_both_regencies_and_two_vertical_offices(demo):
    cycle = opini_round()
    assert cycle.instrument_version.instrument.code == "opini-2025"
    providers = cycle.providers.all()
    assert sorted(providers.values_list("code", flat=True)) == sorted(opini_seed.SCOPE)
    by_region = {
        region: sorted(
            providers.filter(government__region__code=region).values_list("kind__code", flat=True)
        )
        for region in ("19.02", "19.06")
    }
    assert by_region == {
        "19.02": ["dinas-kesehatan", "dinas-pendidikan", "dinas-sosial", "rsud", "sekolah"],
        "19.06": ["dinas-kesehatan", "dinas-pendidikan", "dinas-sosial", "rsud", "sekolah"],
    }
    vertical = providers.filter(government__region__isnull=True)
    assert sorted(vertical.values_list("kind__code", flat=True)) == [
        "kantor-pertanahan",
        "polres",
    ]


def test_every_unit_answers_every_unit_indicator_and_numbers_stay_in_range(demo):
    cycle = opini_round()
    instrument = cycle.instrument_version.parsed
    indicators = instrument.indicators_at(Level.UNIT)
    answers = Answer.objects.filter(cycle=cycle)
    units = cycle.providers.values_list("units", flat=True).count()
    assert answers.count() == units * len(indicators)
    for indicator in indicators:
        if indicator.number_range is None:
            continue
        low, high = indicator.number_range
        values = [
            Decimal(v)
            for v in answers.filter(indicator=indicator.code).values_list("value", flat=True)
        ]
        assert all(low <= value <= high for value in values), indicator.code


def test_the_announced_round_gives_three_opinions_and_belitung_timur_is_not_clean(demo):
    cycle = opini_round()
    assert cycle.announce_at == opini_seed.ANNOUNCED
    scores = released_scores()
    # The reused 2021 agencies' products and websites are not subjects of this instrument.
    assert set(scores.values_list("level", flat=True)) == {"region", "provider", "unit"}
    opinions = dict(scores.exclude(opinion="").values_list("path", "opinion"))
    assert len(set(opinions.values())) >= 3
    belitung = scores.get(level="region", path="19.02")
    belitung_timur = scores.get(level="region", path="19.06")
    assert belitung.compliance == "tinggi"
    assert belitung.opinion.endswith("Tanpa Maladministrasi")
    assert belitung_timur.compliance == "sedang"
    assert belitung_timur.opinion.startswith("Opini Kualitas ")
    assert "Maladministrasi" not in belitung_timur.opinion
    polres = scores.get(level="provider", name="Kepolisian Resor Belitung")
    assert polres.opinion.endswith("Tanpa Maladministrasi")
    # A unit carries its government's compliance level but no opinion of its own.
    unit = scores.filter(level="unit", parent_path__startswith="19.06").first()
    assert unit is not None
    assert (unit.compliance, unit.opinion) == ("sedang", "")


def test_compliance_comes_from_the_follow_up_of_the_ombudsmans_products(demo):
    cycle = opini_round()
    assert not cycle.compliance_overrides.exists()
    rekomendasi = Product.objects.get(cycle=cycle, kind=Product.Kind.REKOMENDASI)
    assert rekomendasi.government.code == "pemkab-belitung-timur"
    states = sorted(rekomendasi.items.values_list("state", flat=True))
    assert states == [Finding.State.OPEN, Finding.State.VERIFIED]


def test_the_public_surveys_ran_with_respondents_and_give_the_units_indexes(demo):
    cycle = opini_round()
    for code, kind, respondents in opini_seed.SURVEYS:
        survey = Survey.objects.get(
            unit__provider__code=code, instrument_version__instrument__code=f"{kind}-2025"
        )
        result = survey_result(survey)
        assert result.respondents == respondents
        [cites] = cycle.instrument_version.parsed.evidence_indicators(kind)
        answer = Answer.objects.get(cycle=cycle, unit=survey.unit, indicator=cites.code)
        assert Decimal(answer.value) == result.ikm
