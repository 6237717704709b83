"""The shipped instruments carry the published numbers; every band table has both edges right."""

import re
from decimal import Decimal

import pytest

from patuh.instruments.loading import builtin_instrument_files, load_instrument_file


def builtin(code: str):
    return load_instrument_file(builtin_instrument_files()[code])


def test_all_nine_instruments_are_shipped():
    assert set(builtin_instrument_files()) == {
        "kepercayaan-masyarakat-2025",
        "ombudsman-2021",
        "ombudsman-2022",
        "opini-2025",
        "persepsi-maladministrasi-2025",
        "pekppp-2017",
        "pekppp-2022",
        "skm-2004",
        "skm-2017",
    }


@pytest.mark.parametrize("code", sorted(builtin_instrument_files()))
def test_every_instrument_states_its_assumptions_in_both_languages(code):
    instrument = builtin(code)
    assert instrument.assumptions
    assert all(a.id and a.en and a.id != a.en for a in instrument.assumptions)


def test_pekppp_2022_has_six_weighted_aspects_and_thirty_rubric_scored_indicators():
    instrument = builtin("pekppp-2022")
    weights = {code: d.weight for code, d in instrument.dimensions.items()}
    assert weights == {
        "kebijakan": 24,
        "sdm": 25,
        "sarpras": 18,
        "sipp": 11,
        "pengaduan": 10,
        "inovasi": 12,
    }
    codes = list(instrument.indicators)
    assert len(codes) == 30
    assert codes[0] == "1.a.Ak" and codes[-1] == "30.f.B"
    assert all(re.fullmatch(r"\d+\.[a-f]\.[A-Za-z]+", code) for code in codes)
    for indicator in instrument.indicators.values():
        assert (indicator.answer_type, indicator.scale_min, indicator.scale_max) == ("scale", 0, 5)
        assert sorted(indicator.rubric) == [0, 1, 2, 3, 4, 5]
        assert all(text.id and text.en for text in indicator.rubric.values())
    kebijakan = [i.weight for i in instrument.indicators.values() if i.dimension == "kebijakan"]
    assert kebijakan == [17, 14, 7, 14, 10, 17, 7, 7, 7]
    sarpras = [i.weight for i in instrument.indicators.values() if i.dimension == "sarpras"]
    assert sarpras == [Decimal(w) for w in ("0.15", "0.23", "0.20", "0.14", "0.14", "0.14")]
    unknown = [i.weight for i in instrument.indicators.values() if i.dimension == "sipp"]
    assert unknown == [1, 1, 1, 1]
    assert any("equal" in a.en and "unknown" in a.en for a in instrument.assumptions)
    assert [i.code for i in instrument.evidence_indicators("skm")] == ["6.a.B", "7.a.T"]


def test_pekppp_2017_marks_its_aspect_weights_unverified():
    instrument = builtin("pekppp-2017")
    weights = [d.weight for d in instrument.dimensions.values()]
    assert weights == [30, 18, 15, 15, 12, 10]
    assert any("unverified" in a.en for a in instrument.assumptions)


def test_ombudsman_2022_has_four_weighted_dimensions_and_zoned_opinions():
    instrument = builtin("ombudsman-2022")
    weights = {code: d.weight for code, d in instrument.dimensions.items()}
    assert weights == {
        "input": Decimal("21.85"),
        "proses": Decimal("32.37"),
        "output": Decimal("24.24"),
        "pengaduan": Decimal("21.54"),
    }
    assert sum(weights.values()) == 100
    zones = {band.code: band.zone for band in instrument.bands}
    assert zones == {"A": "green", "B": "green", "C": "yellow", "D": "red", "E": "red"}
    assert instrument.aggregation["region"].summary() == "descendant_mean of unit"
    assert [i.code for i in instrument.evidence_indicators("skm")] == ["O05"]


def test_ombudsman_2021_marks_its_skm_items_as_evidence_from_surveys():
    instrument = builtin("ombudsman-2021")
    assert [i.code for i in instrument.evidence_indicators("skm")] == ["U17", "U18"]


def test_the_opinion_takes_its_perception_and_trust_indices_from_the_two_public_surveys():
    opinion = builtin("opini-2025")
    for kind, code in (("persepsi-maladministrasi", "PR06"), ("kepercayaan-masyarakat", "KP01")):
        assert [i.code for i in opinion.evidence_indicators(kind)] == [code]
        survey = builtin(f"{kind}-2025")
        assert (survey.survey_kind, survey.is_survey, survey.workflow) == (kind, True, "survey")
        # Its index (25–100) fits the range the opinion's indicator takes.
        low, high = opinion.indicators[code].number_range
        assert low <= survey.scale_min and survey.scale_max <= high


@pytest.mark.parametrize(
    ("code", "elements", "written"),
    [("skm-2017", 9, Decimal("0.111")), ("skm-2004", 14, Decimal("0.071"))],
)
def test_skm_instruments_key_their_elements_by_code(code, elements, written):
    instrument = builtin(code)
    assert list(instrument.indicators) == [f"U{n}" for n in range(1, elements + 1)]
    for element in instrument.indicators.values():
        assert (element.scale_min, element.scale_max) == (1, 4)
        assert sorted(element.rubric) == [1, 2, 3, 4]
    rule = instrument.aggregation["unit"]
    assert (rule.rule, rule.factor, rule.weights, rule.written_weight) == (
        "nrr",
        25,
        "exact",
        written,
    )
    assert instrument.is_survey


def test_skm_2017_keys_the_disputed_last_two_elements_by_code():
    titles = {code: d.title.id for code, d in builtin("skm-2017").dimensions.items()}
    assert titles["U8"] == "Penanganan pengaduan, saran dan masukan"
    assert titles["U9"] == "Sarana dan prasarana"


BAND_EDGES = {
    "pekppp-2022": [
        ("0.00", "F"), ("1.00", "F"), ("1.01", "E"), ("1.50", "E"), ("1.51", "D"),
        ("2.00", "D"), ("2.01", "C-"), ("2.50", "C-"), ("2.51", "C"), ("3.00", "C"),
        ("3.01", "B-"), ("3.50", "B-"), ("3.51", "B"), ("4.00", "B"), ("4.01", "A-"),
        ("4.50", "A-"), ("4.51", "A"), ("5.00", "A"),
    ],
    "ombudsman-2022": [
        ("0.00", "E"), ("31.99", "E"), ("32.00", "D"), ("53.99", "D"), ("54.00", "C"),
        ("77.99", "C"), ("78.00", "B"), ("87.99", "B"), ("88.00", "A"), ("100.00", "A"),
    ],
    "skm-2017": [
        ("25.00", "D"), ("64.99", "D"), ("65.00", "C"), ("76.60", "C"), ("76.61", "B"),
        ("88.30", "B"), ("88.31", "A"), ("100.00", "A"),
    ],
    "skm-2004": [
        ("25.00", "D"), ("43.75", "D"), ("43.76", "C"), ("62.50", "C"), ("62.51", "B"),
        ("81.25", "B"), ("81.26", "A"), ("100.00", "A"),
    ],
}  # fmt: skip


@pytest.mark.parametrize(
    ("code", "score", "band"),
    [(code, score, band) for code, edges in BAND_EDGES.items() for score, band in edges],
)
def test_both_edges_of_every_band(code, score, band):
    assert builtin(code).band_for(Decimal(score)).code == band


@pytest.mark.parametrize(
    ("code", "below", "above"),
    [("pekppp-2022", "-0.01", "5.01"), ("skm-2017", "24.99", "100.01")],
)
def test_scores_off_the_scale_have_no_band(code, below, above):
    # A PEKPPP or Ombudsman score off its scale is a bug to show, not to grade; the SKM reads
    # its grade on the IKM held within the scale instead (tests/satisfaction/test_skm.py).
    instrument = builtin(code)
    assert instrument.band_for(Decimal(below)) is None
    assert instrument.band_for(Decimal(above)) is None


def test_pekppp_2017_uses_the_same_category_table():
    assert [(b.code, b.lower, b.upper) for b in builtin("pekppp-2017").bands] == [
        (b.code, b.lower, b.upper) for b in builtin("pekppp-2022").bands
    ]


@pytest.mark.parametrize(
    ("instrument", "workflow"),
    [
        ("ombudsman-2021", "fieldwork"),
        ("ombudsman-2022", "fieldwork"),
        ("pekppp-2017", "evaluation"),
        ("pekppp-2022", "evaluation"),
        ("skm-2004", "survey"),
        ("skm-2017", "survey"),
    ],
)
def test_each_instrument_says_how_its_answers_are_gathered(instrument, workflow):
    assert load_instrument_file(builtin_instrument_files()[instrument]).workflow == workflow
