"""The engine against hand-computed cases (ombudsman-2021 and a tiny instrument for band edges)."""

from decimal import Decimal

import pytest

from patuh.instruments.loading import (
    builtin_instrument_files,
    load_instrument_file,
    parse_instrument,
)
from patuh.scoring.engine import AnswerProblem, Subject, score_subjects


@pytest.fixture(scope="module")
def ombudsman():
    return load_instrument_file(builtin_instrument_files()["ombudsman-2021"])


def tree():
    """Region 19.02 ← provider p ← unit u ← products a, b; provider p ← website w."""
    region = Subject("region", "r", "19.02", "Kabupaten Belitung")
    provider = Subject("provider", "p", "19.02/p", "Disdukcapil", region)
    unit = Subject("unit", "u", "19.02/p/u", "Kantor utama", provider)
    product_a = Subject("product", "a", "19.02/p/u/a", "KTP-el", unit)
    product_b = Subject("product", "b", "19.02/p/u/b", "KK", unit)
    website = Subject("website", "w", "19.02/p/web", "https://x.go.id/", provider)
    return [region, provider, unit, product_a, product_b, website]


def worked_example_answers():
    answers = [("a", "P01", "kurang")] + [("a", f"P0{n}", "baik") for n in range(2, 7)]
    answers += [("b", f"P0{n}", "tidak-ada") for n in range(1, 7)]
    unit_values = {f"U{n:02d}": "ya" for n in range(1, 22)}
    unit_values |= {"U01": "tidak", "U11": "na"}
    answers += [("u", code, value) for code, value in unit_values.items()]
    website_values = {
        "W01": "ya",
        "W02": "kurang",
        "W03": "ya",
        "W04": "ya",
        "W05": "ya",
        "W06": "na",
    }
    answers += [("w", code, value) for code, value in website_values.items()]
    return answers


def scores_by_key(report):
    return {r.subject.key: r for results in report.by_level.values() for r in results}


def test_worked_example_matches_hand_computation(ombudsman):
    scores = scores_by_key(score_subjects(ombudsman, tree(), worked_example_answers()))
    # Product a: 5.5 of 6 points = 91.666… → 91.67; product b: 0 of 6.
    assert scores["a"].score == Decimal("91.67")
    assert scores["b"].score == Decimal("0.00")
    # Unit own items: U11 N/A leaves 20 applicable, U01 "tidak" → 19/20 = 95.00.
    assert scores["u"].own_score == Decimal(95)
    assert scores["u"].not_applicable == 1
    # Unit = mean of its products and its own score: (91.67 + 0 + 95) / 3 = 62.2233… → 62.22.
    assert scores["u"].score == Decimal("62.22")
    # Website: W06 N/A, W02 half → 4.5 / 5 = 90.00.
    assert scores["w"].score == Decimal("90.00")
    # Provider = units weighted by products (2) and the website (1): (2×62.22 + 90) / 3 = 71.48.
    assert scores["p"].score == Decimal("71.48")
    assert scores["p"].products == 2
    # Region = its providers weighted by products: just p.
    assert scores["r"].score == Decimal("71.48")
    assert (scores["r"].band, scores["r"].zone) == ("kuning", "yellow")
    assert (scores["a"].band, scores["b"].band) == ("hijau", "merah")


def test_dimension_breakdown_is_reported_per_subject(ombudsman):
    scores = scores_by_key(score_subjects(ombudsman, tree(), worked_example_answers()))
    unit = scores["u"].dimensions
    assert unit["maklumat"] == 50  # U01 no, U02 yes
    assert unit["pelayanan-khusus"] == 100  # U11 N/A, the rest yes
    assert scores["a"].dimensions == {"standar-pelayanan": Decimal("5.5") / 6 * 100}


def test_a_missing_answer_makes_the_chain_incomplete_never_zero(ombudsman):
    answers = [a for a in worked_example_answers() if a[:2] != ("b", "P03")]
    scores = scores_by_key(score_subjects(ombudsman, tree(), answers))
    assert scores["b"].score is None
    assert scores["b"].missing == ["P03"]
    assert not scores["b"].complete
    for key in ("u", "p", "r"):
        assert scores[key].score is None
        assert scores[key].band is None
        assert not scores[key].complete
    assert scores["u"].incomplete_children == 1
    # Unaffected subjects are still scored.
    assert scores["a"].score == Decimal("91.67")
    assert scores["w"].score == Decimal("90.00")


def test_a_subject_without_any_answer_reports_every_indicator_missing(ombudsman):
    answers = [a for a in worked_example_answers() if a[0] != "w"]
    scores = scores_by_key(score_subjects(ombudsman, tree(), answers))
    assert scores["w"].missing == ["W01", "W02", "W03", "W04", "W05", "W06"]
    assert scores["p"].score is None


def test_not_applicable_answers_leave_the_denominator(ombudsman):
    values = {"W01": "ya", "W02": "baik", "W03": "ya", "W04": "ya", "W05": "ya", "W06": "na"}
    report = score_subjects(
        ombudsman,
        [Subject("website", "w", "19.02/p/web")],
        [("w", c, v) for c, v in values.items()],
    )
    result = report.get("website", "w")
    assert (result.applicable, result.not_applicable, result.score) == (5, 1, Decimal("100.00"))


@pytest.mark.parametrize(
    ("value", "score", "band"),
    [
        ("5099", "50.99", "red"),
        ("5100", "51.00", "yellow"),
        ("8099", "80.99", "yellow"),
        ("8100", "81.00", "green"),
        ("0", "0.00", "red"),
        ("10000", "100.00", "green"),
    ],
)
def test_band_edges_through_scoring(value, score, band):
    instrument = parse_instrument(TINY_INSTRUMENT)
    report = score_subjects(instrument, [Subject("product", 1, "x")], [(1, "S", value)])
    result = report.get("product", 1)
    assert result.score == Decimal(score)
    assert result.band == band


def test_rounding_is_half_up_at_each_level():
    instrument = parse_instrument(TINY_INSTRUMENT)
    unit = Subject("unit", "u", "u")
    products = [Subject("product", n, f"u/{n}", parent=unit) for n in (1, 2)]
    # 0.005 and 0.00 average to 0.0025 → 0.00; 50.005 rounds half up to 50.01 first.
    answers = [(1, "S", "5000.5"), (2, "S", "5000")]
    with pytest.raises(AnswerProblem, match="whole number"):
        score_subjects(instrument, [unit, *products], answers)
    report = score_subjects(instrument, [unit, *products], [(1, "S", "5001"), (2, "S", "5000")])
    assert report.get("unit", "u").score == Decimal("50.01")  # (50.01 + 50.00) / 2 = 50.005 ↑


@pytest.mark.parametrize(
    ("answer", "message"),
    [
        (("zzz", "P01", "baik"), "unknown subject"),
        (("a", "NOPE", "baik"), "unknown indicator 'NOPE'"),
        (("a", "U01", "ya"), "U01 is a unit-level indicator, not product-level"),
        (("a", "P01", "sometimes"), "P01 takes one of"),
    ],
)
def test_bad_answers_are_refused_with_the_place(ombudsman, answer, message):
    with pytest.raises(AnswerProblem, match=message):
        score_subjects(ombudsman, tree(), [answer])


def test_an_answer_given_twice_is_refused(ombudsman):
    with pytest.raises(AnswerProblem, match=r"19\.02/p/u/a: P01 answered more than once"):
        score_subjects(ombudsman, tree(), [("a", "P01", "baik"), ("a", "P01", "kurang")])


TINY_INSTRUMENT = """
id: tiny
version: 1
title: {id: Kecil, en: Tiny}
legal_basis: [test]
valid_from: "2020-01-01"
levels: [product]
dimensions: [{code: d, title: {id: D, en: D}}]
indicators:
  - code: S
    level: product
    dimension: d
    text: {id: Skor, en: Score}
    answer: {type: scale, min: 0, max: 10000}
aggregation:
  product: {rule: points}
  unit: {rule: mean, children: {product: 1}}
bands:
  - {code: red, zone: red, from: 0, to: 51, label: {id: Merah, en: Red}}
  - {code: yellow, zone: yellow, from: 51, to: 81, label: {id: Kuning, en: Yellow}}
  - {code: green, zone: green, from: 81, to: 100, label: {id: Hijau, en: Green}}
rounding: {places: 2, mode: half_up}
"""
