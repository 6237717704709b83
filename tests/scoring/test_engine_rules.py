"""The dimensions and descendant_mean rules against hand-computed PEKPPP and Ombudsman 2022."""

import copy
from decimal import Decimal

import pytest
import yaml

from patuh.instruments.definition import InstrumentError
from patuh.instruments.loading import (
    build_instrument,
    builtin_instrument_files,
    load_instrument_file,
)
from patuh.scoring.engine import Subject, score_subjects

# A full set of PEKPPP 2022 indicator scores, aspect by aspect.
PEKPPP_SCORES = {
    # Kebijakan, weights 17/14/7/14/10/17/7/7/7: Σ w×s / 100 = 399 / 100 = 3.99.
    "1.a.Ak": 5, "2.a.P": 4, "3.a.T": 3, "4.a.K": 5, "5.a.K": 4,
    "6.a.B": 5, "7.a.T": 3, "8.a.Ak": 2, "9.a.Ak": 1,
    # SDM, weights 0.10/0.20/0.20/0.20/0.30: 0.4 + 0.6 + 1.0 + 0.4 + 1.2 = 3.6.
    "10.b.As": 4, "11.b.K": 3, "12.b.Ak": 5, "13.b.K": 2, "14.b.K": 4,
    # Sarana prasarana, weights 0.15/0.23/0.20/0.14/0.14/0.14:
    # 0.75 + 0.92 + 0.60 + 0.28 + 0.14 + 0 = 2.69.
    "15.c.K": 5, "16.c.As": 4, "17.c.As": 3, "18.c.K": 2, "19.c.As": 1, "20.c.B": 0,
    # SIPP, equal shares: (5 + 5 + 4 + 4) / 4 = 4.5.
    "21.d.T": 5, "22.d.B": 5, "23.d.As": 4, "24.d.T": 4,
    # Konsultasi dan pengaduan, equal shares: (3 + 3 + 2 + 2) / 4 = 2.5.
    "25.e.P": 3, "26.e.P": 3, "27.e.Ak": 2, "28.e.Ak": 2,
    # Inovasi, equal shares: (5 + 4) / 2 = 4.5.
    "29.f.B": 5, "30.f.B": 4,
}  # fmt: skip


def builtin(code: str):
    return load_instrument_file(builtin_instrument_files()[code])


def pekppp_unit():
    region = Subject("region", "r", "63")
    provider = Subject("provider", "p", "63/dpmptsp", parent=region)
    unit = Subject("unit", "u", "63/dpmptsp/mpp", parent=provider)
    return [region, provider, unit]


def test_pekppp_index_from_a_full_set_of_scores_matches_hand_computation():
    instrument = builtin("pekppp-2022")
    answers = [("u", code, str(score)) for code, score in PEKPPP_SCORES.items()]
    report = score_subjects(instrument, pekppp_unit(), answers)
    unit = report.get("unit", "u")
    assert {code: round(value, 6) for code, value in unit.dimensions.items()} == {
        "kebijakan": Decimal("3.99"),
        "sdm": Decimal("3.6"),
        "sarpras": Decimal("2.69"),
        "sipp": Decimal("4.5"),
        "pengaduan": Decimal("2.5"),
        "inovasi": Decimal("4.5"),
    }
    # Index = 0.24×3.99 + 0.25×3.6 + 0.18×2.69 + 0.11×4.5 + 0.10×2.5 + 0.12×4.5
    #       = 0.9576 + 0.9 + 0.4842 + 0.495 + 0.25 + 0.54 = 3.6268 → 3.63.
    assert unit.exact == Decimal("3.6268")
    assert unit.score == Decimal("3.63")
    assert (unit.band, unit.zone) == ("B", None)
    assert sum(unit.weighted.values()) == unit.exact
    # One unit: its provider and region take its exact index.
    assert report.get("provider", "p").score == Decimal("3.63")
    assert report.get("region", "r").score == Decimal("3.63")


def test_pekppp_2017_weighs_the_same_scores_with_its_own_aspect_weights():
    report = score_subjects(
        builtin("pekppp-2017"),
        pekppp_unit(),
        [("u", code, str(score)) for code, score in PEKPPP_SCORES.items()],
    )
    # 0.30×3.99 + 0.18×3.6 + 0.15×2.69 + 0.15×4.5 + 0.12×2.5 + 0.10×4.5
    # = 1.197 + 0.648 + 0.4035 + 0.675 + 0.3 + 0.45 = 3.6735 → 3.67.
    assert report.get("unit", "u").exact == Decimal("3.6735")
    assert report.get("unit", "u").score == Decimal("3.67")


def test_a_pekppp_index_half_a_cent_under_category_a_rounds_up_into_it():
    # All 5 but SIPP 21.d.T 3 (0.11 / 4 × 2 = 0.055 lost), Konsultasi all 3 (0.10 / 4 × 8 = 0.2)
    # and Inovasi both 3 (0.12 / 2 × 4 = 0.24): index 5 − 0.495 = 4.505, A- (4.01–4.50) as it
    # stands; rounded half up to two decimals, as the file says, 4.51: A (4.51–5.00).
    lowered = {"21.d.T": 3, "25.e.P": 3, "26.e.P": 3, "27.e.Ak": 3, "28.e.Ak": 3}
    lowered |= {"29.f.B": 3, "30.f.B": 3}
    answers = [("u", code, str(lowered.get(code, 5))) for code in PEKPPP_SCORES]
    unit = score_subjects(builtin("pekppp-2022"), pekppp_unit(), answers).get("unit", "u")
    assert unit.exact == Decimal("4.505")
    assert (unit.score, unit.band) == (Decimal("4.51"), "A")


def test_a_missing_pekppp_score_leaves_the_unit_without_an_index():
    answers = [("u", code, str(score)) for code, score in PEKPPP_SCORES.items()]
    report = score_subjects(builtin("pekppp-2022"), pekppp_unit(), answers[1:])
    unit = report.get("unit", "u")
    assert unit.score is None
    assert unit.missing == ["1.a.Ak"]


def ombudsman_2022_region():
    """Region 19.02 ← P1 (unit u1 with products a, b; unit u2 with product c) and
    P2 (unit u3 with product d)."""
    region = Subject("region", "r", "19.02")
    p1 = Subject("provider", "p1", "19.02/p1", parent=region)
    p2 = Subject("provider", "p2", "19.02/p2", parent=region)
    u1 = Subject("unit", "u1", "19.02/p1/u1", parent=p1)
    u2 = Subject("unit", "u2", "19.02/p1/u2", parent=p1)
    u3 = Subject("unit", "u3", "19.02/p2/u3", parent=p2)
    products = [
        Subject("product", key, f"{unit.path}/{key}", parent=unit)
        for key, unit in (("a", u1), ("b", u1), ("c", u2), ("d", u3))
    ]
    return [region, p1, p2, u1, u2, u3, *products]


def ombudsman_2022_answers():
    def same(subject, prefix, count, value):
        return [(subject, f"{prefix}{n:02d}", str(value)) for n in range(1, count + 1)]

    answers = []
    # u1: Input 15/18, Proses a 21/21 and b 18/21, Output 15/15, Pengaduan 9/15.
    answers += [*same("u1", "I", 5, 3), ("u1", "I06", "0")]
    answers += [*same("a", "P", 7, 3), *same("b", "P", 6, 3), ("b", "P07", "0")]
    answers += same("u1", "O", 5, 3)
    answers += [*same("u1", "C", 3, 3), ("u1", "C04", "0"), ("u1", "C05", "0")]
    # u2: everything 2 of 3, except Output 1 of 3.
    answers += same("u2", "I", 6, 2) + same("c", "P", 7, 2)
    answers += same("u2", "O", 5, 1) + same("u2", "C", 5, 2)
    # u3: nothing but a perfect Output.
    answers += same("u3", "I", 6, 0) + same("d", "P", 7, 0)
    answers += same("u3", "O", 5, 3) + same("u3", "C", 5, 0)
    return answers


def test_ombudsman_2022_unit_is_the_sum_of_its_weighted_dimension_scores():
    report = score_subjects(
        builtin("ombudsman-2022"), ombudsman_2022_region(), ombudsman_2022_answers()
    )
    u1 = report.get("unit", "u1")
    # Input 21.85 × 15/18 = 18.2083… → 18.21; Proses 32.37 × mean(1, 6/7) = 32.37 × 13/14
    # = 30.0578… → 30.06; Output 24.24 × 1; Pengaduan 21.54 × 9/15 = 12.924 → 12.92.
    assert u1.weighted == {
        "input": Decimal("18.21"),
        "proses": Decimal("30.06"),
        "output": Decimal("24.24"),
        "pengaduan": Decimal("12.92"),
    }
    assert u1.score == Decimal("85.43") == sum(u1.weighted.values())
    assert (u1.band, u1.zone) == ("B", "green")
    u2 = report.get("unit", "u2")
    # 21.85 × 2/3 = 14.5666… → 14.57; 32.37 × 2/3 = 21.58; 24.24 / 3 = 8.08; 21.54 × 2/3 = 14.36.
    assert u2.score == Decimal("14.57") + Decimal("21.58") + Decimal("8.08") + Decimal("14.36")
    assert u2.score == Decimal("58.59")
    assert (u2.band, u2.zone) == ("C", "yellow")
    u3 = report.get("unit", "u3")
    assert u3.score == Decimal("24.24")
    assert (u3.band, u3.zone) == ("E", "red")


def test_ombudsman_2022_region_is_the_mean_of_its_units_not_of_its_providers():
    report = score_subjects(
        builtin("ombudsman-2022"), ombudsman_2022_region(), ombudsman_2022_answers()
    )
    # Providers: P1 = (85.43 + 58.59) / 2 = 72.01; P2 = 24.24.
    assert report.get("provider", "p1").score == Decimal("72.01")
    assert report.get("provider", "p2").score == Decimal("24.24")
    # Region = (85.43 + 58.59 + 24.24) / 3 = 56.0866… → 56.09 (the providers' mean would be 48.13).
    region = report.get("region", "r")
    assert region.score == Decimal("56.09")
    assert (region.band, region.zone) == ("C", "yellow")


def test_ombudsman_2022_item_scale_is_part_of_each_indicator():
    path = builtin_instrument_files()["ombudsman-2022"]
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    first = next(i for i in data["indicators"] if i["code"] == "I01")
    first["answer"] = {"type": "scale", "min": 0, "max": 5}
    instrument = build_instrument(data)
    assert instrument.indicators["I01"].fraction("4") == Decimal("0.8")
    assert instrument.indicators["I02"].fraction("3") == 1


@pytest.fixture
def pekppp_data():
    path = builtin_instrument_files()["pekppp-2022"]
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def test_a_dimension_with_nothing_applicable_leaves_the_total_weight(pekppp_data):
    data = copy.deepcopy(pekppp_data)
    for item in data["indicators"]:
        if item["dimension"] == "inovasi":
            item["na_allowed"] = True
    answers = [
        ("u", code, "na" if code.endswith(".f.B") else str(score))
        for code, score in PEKPPP_SCORES.items()
    ]
    unit = score_subjects(build_instrument(data), pekppp_unit(), answers).get("unit", "u")
    # Without Inovasi (12), the other aspects share 88: 3.0868 × 100 / 88 = 3.50772… → 3.51.
    assert "inovasi" not in unit.weighted
    assert unit.score == Decimal("3.51")


def problems_of(data) -> list[str]:
    with pytest.raises(InstrumentError) as caught:
        build_instrument(data, source="t.yaml")
    return caught.value.problems


def test_descendant_mean_needs_a_level_beneath(pekppp_data):
    data = copy.deepcopy(pekppp_data)
    data["aggregation"]["provider"] = {"rule": "descendant_mean", "of": "region"}
    assert "t.yaml: aggregation.provider.of: name a level beneath provider to average" in (
        problems_of(data)
    )


def test_rule_options_belong_to_their_rule(pekppp_data):
    data = copy.deepcopy(pekppp_data)
    data["aggregation"]["unit"]["factor"] = 25
    data["aggregation"]["region"]["of"] = "unit"
    problems = problems_of(data)
    assert "t.yaml: aggregation.unit: only the nrr rule takes ['factor']" in problems
    assert "t.yaml: aggregation.region.of: only the descendant_mean rule takes 'of'" in problems


def test_a_rubric_must_describe_every_value_of_its_scale(pekppp_data):
    data = copy.deepcopy(pekppp_data)
    data["indicators"][0]["answer"]["rubric"].pop()
    assert (
        "t.yaml: indicators[0].answer.rubric: describe each value from 0 to 5 once, in any order"
        in problems_of(data)
    )


def test_the_dimensions_rule_needs_dimension_weights(pekppp_data):
    data = copy.deepcopy(pekppp_data)
    for dimension in data["dimensions"]:
        dimension["weight"] = 0
    assert "t.yaml: aggregation.unit.rule: the dimensions rule needs dimension weights" in (
        problems_of(data)
    )
