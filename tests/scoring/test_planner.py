"""The gap planner against brute force: every subset of the possible fixes, re-scored by the
engine from rewritten answers, on small trees of the built-in instruments."""

import copy
import dataclasses
import random
from decimal import Decimal
from fractions import Fraction
from itertools import combinations

import pytest
import yaml

from patuh.instruments.loading import (
    build_instrument,
    builtin_instrument_files,
    load_instrument_file,
)
from patuh.scoring.engine import Subject, score_subjects, score_tallies, tally_answers
from patuh.scoring.planner import PlanError, best_value, candidate_fixes, plan_to, target_band
from tests.scoring.test_engine_rules import ombudsman_2022_region


def builtin_data(code: str) -> dict:
    return yaml.safe_load(builtin_instrument_files()[code].read_text(encoding="utf-8"))


def trimmed(code: str, keep: set[str], na: set[str] = frozenset()) -> object:
    """The built-in instrument with only the indicators in `keep` (those in `na` allow N/A)."""
    data = copy.deepcopy(builtin_data(code))
    data["indicators"] = [item for item in data["indicators"] if item["code"] in keep]
    for item in data["indicators"]:
        if item["code"] in na:
            item["na_allowed"] = True
    return build_instrument(data)


def ombudsman_2021_tree():
    """Region r ← p1 (unit u1 with products a, b; website w1), p2 (unit u2 with product c)."""
    region = Subject("region", "r", "19.02")
    p1 = Subject("provider", "p1", "19.02/p1", parent=region)
    p2 = Subject("provider", "p2", "19.02/p2", parent=region)
    u1 = Subject("unit", "u1", "19.02/p1/u1", parent=p1)
    u2 = Subject("unit", "u2", "19.02/p2/u2", parent=p2)
    w1 = Subject("website", "w1", "19.02/p1/w1", parent=p1)
    a = Subject("product", "a", "19.02/p1/u1/a", parent=u1)
    b = Subject("product", "b", "19.02/p1/u1/b", parent=u1)
    c = Subject("product", "c", "19.02/p2/u2/c", parent=u2)
    return [region, p1, p2, u1, u2, w1, a, b, c]


def pekppp_tree():
    """Region r ← p1 (units u1, u2), p2 (unit u3)."""
    region = Subject("region", "r", "19")
    p1 = Subject("provider", "p1", "19/p1", parent=region)
    p2 = Subject("provider", "p2", "19/p2", parent=region)
    units = [
        Subject("unit", key, f"{parent.path}/{key}", parent=parent)
        for key, parent in (("u1", p1), ("u2", p1), ("u3", p2))
    ]
    return [region, p1, p2, *units]


CASES = {
    # Products, unit items (one allows N/A) and website items; rounded aggregation.
    "ombudsman-2021": (
        lambda: trimmed("ombudsman-2021", {"P01", "P02", "U01", "U03", "U14", "W01"}, {"U03"}),
        ombudsman_2021_tree,
    ),
    # Weighted dimensions rounded one by one; the region is the mean of its units.
    "ombudsman-2022": (
        lambda: trimmed("ombudsman-2022", {"I01", "P01", "P02", "O01", "C01"}, {"O01"}),
        ombudsman_2022_region,
    ),
    # Aspects weighted 24/25/18/11/10/12 on a 0–5 scale; exact aggregation.
    "pekppp-2022": (
        lambda: trimmed("pekppp-2022", {"1.a.Ak", "2.a.P", "10.b.As", "21.d.T", "29.f.B"}),
        pekppp_tree,
    ),
}


def random_answers(instrument, subjects, rng: random.Random) -> list[tuple]:
    """One answer per subject and indicator of its level: half at the best value, some N/A."""
    answers = []
    for subject in subjects:
        for indicator in instrument.indicators_at(subject.level):
            if indicator.na_allowed and rng.random() < 0.3:
                answers.append((subject.key, indicator.code, "na"))
                continue
            values = [raw for raw, share in indicator.fractions.items() if share is not None]
            values = sorted({v for v in values if v not in ("na", "n/a", "tidak berlaku")})
            if indicator.answer_type == "yes_no":
                values = ["yes", "no"]
            best = best_value(indicator)
            answers.append((subject.key, indicator.code, rng.choice([best, *values])))
    return answers


def small_scenario(instrument, subjects, rng: random.Random) -> list[tuple]:
    """Random answers with at most ten possible fixes, so that brute force stays quick."""
    while True:
        answers = random_answers(instrument, subjects, rng)
        shortfalls = sum(
            1
            for _key, code, raw in answers
            if raw != "na" and raw != best_value(instrument.indicators[code])
        )
        if shortfalls <= 10:
            return answers


def scores_of(instrument, subjects, answers) -> dict:
    report = score_subjects(instrument, subjects, answers)
    return {r.subject.key: r.score for level in report.by_level.values() for r in level}


def with_fixes(answers, fixes) -> list[tuple]:
    new = {(fix.subject.key, fix.indicator): fix.value for fix in fixes}
    return [(key, code, new.get((key, code), raw)) for key, code, raw in answers]


def brute_force_minimum(instrument, subjects, answers, fixes, key, lower) -> int | None:
    """The fewest fixes after which the subject scores at least `lower`, trying every subset."""
    for size in range(len(fixes) + 1):
        for chosen in combinations(fixes, size):
            score = scores_of(instrument, subjects, with_fixes(answers, chosen))[key]
            if score is not None and score >= lower:
                return size
    return None


@pytest.mark.parametrize("case", sorted(CASES))
@pytest.mark.parametrize("seed", range(4))
def test_every_plan_is_as_small_as_brute_force_finds_and_verified(case, seed):
    make_instrument, make_tree = CASES[case]
    instrument, subjects = make_instrument(), make_tree()
    rng = random.Random(f"{case}-{seed}")
    answers = small_scenario(instrument, subjects, rng)
    tallies = tally_answers(instrument, {s.key: s for s in subjects}, answers)
    report = score_tallies(instrument, subjects, tallies)
    fixes = candidate_fixes(instrument, subjects, tallies)
    every_fix = [fix for own in fixes.values() for fix in own]
    checked = 0
    for level in ("unit", "provider", "region"):
        for result in report.by_level[level]:
            for band in instrument.bands:
                if result.score is None or result.score >= band.lower:
                    continue
                plan = plan_to(report, tallies, result, band, fixes)
                key = result.subject.key
                expected = brute_force_minimum(
                    instrument, subjects, answers, every_fix, key, band.lower
                )
                assert plan.reachable == (expected is not None)
                chosen = [fix for fix, _gain in plan.fixes]
                assert len(chosen) == expected
                rescored = scores_of(instrument, subjects, with_fixes(answers, chosen))[key]
                assert rescored == plan.projected_score >= band.lower
                assert plan.projected_band == instrument.band_for(rescored).code
                for dropped in chosen:
                    rest = [fix for fix in chosen if fix is not dropped]
                    assert scores_of(instrument, subjects, with_fixes(answers, rest))[key] < (
                        band.lower
                    )
                gains = [gain for _fix, gain in plan.fixes]
                assert gains == sorted(gains, reverse=True)
                checked += 1
    assert checked, "each scenario plans for at least one subject"


def test_a_pekppp_unit_one_category_short_is_told_the_single_fix_that_lifts_it_most():
    # PEKPPP 2022, one unit: every indicator 5 but SIPP 21.d.T 3, all of Konsultasi 3 and
    # Inovasi 3 and 2: 5 − 0.055 − 0.2 − 0.3 = 4.445, A-. Raising 30.f.B to 5 adds
    # 0.12 / 2 × 3 = 0.18 (4.625 → 4.63, A); 29.f.B would add 0.12 and reach A too, but one fix
    # is all it takes and the plan takes the one that lifts the index most.
    instrument = load_instrument_file(builtin_instrument_files()["pekppp-2022"])
    region = Subject("region", "r", "19")
    provider = Subject("provider", "p", "19/p", parent=region)
    unit = Subject("unit", "u", "19/p/u", parent=provider)
    lowered = {"21.d.T": 3, "25.e.P": 3, "26.e.P": 3, "27.e.Ak": 3, "28.e.Ak": 3}
    lowered |= {"29.f.B": 3, "30.f.B": 2}
    answers = [("u", i.code, str(lowered.get(i.code, 5))) for i in instrument.indicators_at("unit")]
    subjects = [region, provider, unit]
    tallies = tally_answers(instrument, {s.key: s for s in subjects}, answers)
    report = score_tallies(instrument, subjects, tallies)
    result = report.get("unit", "u")
    assert (result.exact, result.band) == (Decimal("4.445"), "A-")
    plan = plan_to(report, tallies, result, target_band(instrument, "A"))
    assert plan.reachable
    assert [(fix.indicator, fix.value, gain) for fix, gain in plan.fixes] == [
        ("30.f.B", "5", Fraction("0.18"))
    ]
    assert (plan.projected_score, plan.projected_band) == (Decimal("4.63"), "A")


def knife_edge_instrument(seed: int, lower: Decimal | None = None):
    """Ombudsman 2022's rule with random dimension and indicator weights (some indicators weigh
    hundreds of times others, so some fixes add less than the rounding step), and bands split at
    `lower`."""
    rng = random.Random(seed)
    data = copy.deepcopy(builtin_data("ombudsman-2022"))
    keep = ("I01", "I02", "I03", "O01", "O02", "C01", "C02")
    data["indicators"] = [item for item in data["indicators"] if item["code"] in keep]
    for dimension in data["dimensions"]:
        dimension["weight"] = round(rng.uniform(5, 40), 2)
    for item in data["indicators"]:
        item["weight"] = rng.choice([1, 2, 3, 500, 997, 1000])
    if lower is not None:
        label = {"id": "-", "en": "-"}
        data["bands"] = [
            {"code": "below", "zone": None, "from": 0, "to": float(lower), "label": label},
            {"code": "at", "zone": None, "from": float(lower), "to": 100, "label": label},
        ]
    return build_instrument(data)


@pytest.mark.parametrize("seed", range(5))
def test_plans_to_band_edges_placed_on_reachable_scores_are_minimal(seed):
    # Bands that start exactly at a score some set of fixes reaches, where rounding decides.
    region = Subject("region", "r", "r")
    provider = Subject("provider", "p", "r/p", parent=region)
    unit = Subject("unit", "u", "r/p/u", parent=provider)
    subjects = [region, provider, unit]
    rng = random.Random(seed)
    plain = knife_edge_instrument(seed)
    while True:
        answers = [(u, i.code, str(rng.randint(0, 3))) for u, i in
                   (("u", i) for i in plain.indicators_at("unit"))]  # fmt: skip
        tallies = tally_answers(plain, {s.key: s for s in subjects}, answers)
        every = [fix for own in candidate_fixes(plain, subjects, tallies).values() for fix in own]
        if 3 <= len(every) <= 7:
            break
    base = scores_of(plain, subjects, answers)["u"]
    reachable = sorted(
        {
            scores_of(plain, subjects, with_fixes(answers, chosen))["u"]
            for size in range(1, len(every) + 1)
            for chosen in combinations(every, size)
        }
        - {base}
    )
    for lower in reachable[:5]:
        instrument = knife_edge_instrument(seed, lower)
        tallies = tally_answers(instrument, {s.key: s for s in subjects}, answers)
        report = score_tallies(instrument, subjects, tallies)
        fixes = candidate_fixes(instrument, subjects, tallies)
        plan = plan_to(report, tallies, report.get("unit", "u"), target_band(instrument, "at"))
        expected = brute_force_minimum(
            instrument, subjects, answers, [f for own in fixes.values() for f in own], "u", lower
        )
        assert len(plan.fixes) == expected
        chosen = [fix for fix, _gain in plan.fixes]
        assert scores_of(instrument, subjects, with_fixes(answers, chosen))["u"] == (
            plan.projected_score
        )
        assert plan.projected_score >= lower


def test_a_subject_with_a_missing_answer_cannot_be_planned():
    instrument = trimmed("ombudsman-2021", {"P01", "U01", "U14"})
    subjects = ombudsman_2021_tree()[:6]
    answers = [("u1", "U01", "no"), ("u2", "U01", "no"), ("u2", "U14", "no")]
    tallies = tally_answers(instrument, {s.key: s for s in subjects}, answers)
    report = score_tallies(instrument, subjects, tallies)
    plan = plan_to(report, tallies, report.get("unit", "u1"), target_band(instrument, "hijau"))
    assert not plan.reachable
    assert plan.reason == "the score is incomplete (missing answers: U14)"
    assert plan.fixes == []


def test_a_subject_with_every_answer_na_has_no_plan():
    instrument = trimmed("ombudsman-2021", {"U01", "U03"}, {"U01", "U03"})
    region = Subject("region", "r", "19.02")
    provider = Subject("provider", "p", "19.02/p", parent=region)
    unit = Subject("unit", "u", "19.02/p/u", parent=provider)
    subjects = [region, provider, unit]
    answers = [("u", "U01", "na"), ("u", "U03", "na")]
    tallies = tally_answers(instrument, {s.key: s for s in subjects}, answers)
    report = score_tallies(instrument, subjects, tallies)
    plan = plan_to(report, tallies, report.get("unit", "u"), target_band(instrument, "kuning"))
    assert not plan.reachable
    assert "nothing applicable" in plan.reason


def test_a_subject_already_in_the_band_needs_no_fix():
    instrument = trimmed("ombudsman-2021", {"U01", "U14"})
    subjects = ombudsman_2021_tree()[:5]
    answers = [("u1", "U01", "yes"), ("u1", "U14", "yes"), ("u2", "U01", "no"), ("u2", "U14", "no")]
    tallies = tally_answers(instrument, {s.key: s for s in subjects}, answers)
    report = score_tallies(instrument, subjects, tallies)
    plan = plan_to(report, tallies, report.get("unit", "u1"), target_band(instrument, "kuning"))
    assert (plan.reachable, plan.fixes, plan.projected_score) == (True, [], Decimal("100.00"))


def test_a_band_the_instrument_lacks_is_refused_naming_its_bands():
    instrument = load_instrument_file(builtin_instrument_files()["ombudsman-2021"])
    with pytest.raises(PlanError, match="no band 'A'; its bands are merah, kuning, hijau"):
        target_band(instrument, "A")
    assert target_band(instrument, "HIJAU").code == "hijau"


@pytest.mark.parametrize(
    ("code", "indicator", "value"),
    [
        ("ombudsman-2021", "P01", "baik"),
        ("ombudsman-2021", "U01", "yes"),
        ("ombudsman-2022", "I01", "3"),
        ("pekppp-2022", "1.a.Ak", "5"),
    ],
)
def test_the_best_value_is_spelled_as_an_answers_file_spells_it(code, indicator, value):
    instrument = load_instrument_file(builtin_instrument_files()[code])
    assert best_value(instrument.indicators[indicator]) == value


def test_where_rounding_makes_the_smaller_gain_the_better_fix_the_plan_takes_it():
    # Ombudsman 2022's rule with two dimensions, each weighted score rounded on its own. Input
    # (weight 38.89) holds I01 (weight 1, answered 0) and I02 (weight 997, at 3); Output (31.10)
    # holds O01 (2, answered 1) and O02 (1000, at 3). Raising O01 adds more before rounding
    # (0.0591 against 0.0557), but Output's weighted score rounds down where Input's rounds up:
    # O01 alone gives 99.94, I01 alone 99.95. Ranking fixes by their gain would need two.
    data = copy.deepcopy(builtin_data("ombudsman-2022"))
    weights = {"I01": 1, "I02": 997, "O01": 2, "O02": 1000}
    data["indicators"] = [item for item in data["indicators"] if item["code"] in weights]
    for item in data["indicators"]:
        item["weight"] = weights[item["code"]]
    for dimension in data["dimensions"]:
        dimension["weight"] = {"input": 38.89, "output": 31.10}.get(
            dimension["code"], dimension["weight"]
        )
    instrument = build_instrument(data)
    region = Subject("region", "r", "r")
    provider = Subject("provider", "p", "r/p", parent=region)
    unit = Subject("unit", "u", "r/p/u", parent=provider)
    subjects = [region, provider, unit]
    answers = [("u", "I01", "0"), ("u", "I02", "3"), ("u", "O01", "1"), ("u", "O02", "3")]
    tallies = tally_answers(instrument, {s.key: s for s in subjects}, answers)
    report = score_tallies(instrument, subjects, tallies)
    result = report.get("unit", "u")
    fixes = candidate_fixes(instrument, subjects, tallies)
    by_code = {fix.indicator: fix for fix in fixes["u"]}
    assert scores_of(instrument, subjects, with_fixes(answers, [by_code["O01"]]))["u"] == (
        Decimal("99.94")
    )
    # A band from 99.95: one fix is enough, and it is the one with the smaller gain.
    band = dataclasses.replace(target_band(instrument, "A"), lower=Decimal("99.95"))
    plan = plan_to(report, tallies, result, band, fixes)
    assert [(fix.indicator, fix.value) for fix, _gain in plan.fixes] == [("I01", "3")]
    assert plan.projected_score == Decimal("99.95")
    [(_fix, gain)] = plan.fixes
    assert round(gain, 4) == Decimal("0.0557")
