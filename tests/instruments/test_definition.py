import copy
import subprocess
import sys
from decimal import Decimal

import pytest
import yaml

from patuh.instruments.definition import NA, AnswerError, InstrumentError
from patuh.instruments.loading import (
    build_instrument,
    builtin_instrument_files,
    load_instrument_file,
    parse_instrument,
)


@pytest.fixture
def ombudsman_data():
    path = builtin_instrument_files()["ombudsman-2021"]
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def problems_of(data) -> list[str]:
    with pytest.raises(InstrumentError) as caught:
        build_instrument(data, source="test.yaml")
    return caught.value.problems


def test_every_builtin_instrument_is_valid():
    for path in builtin_instrument_files().values():
        instrument = load_instrument_file(path)
        assert instrument.indicators


def test_ombudsman_2021_has_the_published_bands_and_all_levels():
    instrument = load_instrument_file(builtin_instrument_files()["ombudsman-2021"])
    assert [(b.code, b.zone, b.lower, b.upper) for b in instrument.bands] == [
        ("merah", "red", 0, 51),
        ("kuning", "yellow", 51, 81),
        ("hijau", "green", 81, 100),
    ]
    assert set(instrument.levels) == {"product", "unit", "website"}
    assert {i.level for i in instrument.indicators.values()} == {"product", "unit", "website"}
    assert instrument.assumptions, "unpublished facts must be stated as assumptions"


@pytest.mark.parametrize(
    ("score", "band"),
    [
        ("0", "merah"),
        ("50.99", "merah"),
        ("51.00", "kuning"),
        ("80.99", "kuning"),
        ("81.00", "hijau"),
        ("100.00", "hijau"),
    ],
)
def test_band_edges_are_half_open_with_the_top_closed(score, band):
    instrument = load_instrument_file(builtin_instrument_files()["ombudsman-2021"])
    assert instrument.band_for(Decimal(score)).code == band


def test_scores_outside_the_scale_have_no_band():
    instrument = load_instrument_file(builtin_instrument_files()["ombudsman-2021"])
    assert instrument.band_for(Decimal("100.01")) is None
    assert instrument.band_for(Decimal("-1")) is None


def test_yaml_syntax_error_names_file_line_and_column():
    with pytest.raises(InstrumentError) as caught:
        parse_instrument("id: x\nversion: [1,\n", source="broken.yaml")
    assert caught.value.problems[0].startswith("broken.yaml: line 3, column 1: not valid YAML")


def test_schema_errors_name_the_path_inside_the_file(ombudsman_data):
    data = copy.deepcopy(ombudsman_data)
    data["indicators"][2]["answer"] = {"type": "scale", "min": 0}
    del data["bands"][1]["zone"]
    problems = problems_of(data)
    assert "test.yaml: indicators[2].answer: 'max' is a required property" in problems
    assert "test.yaml: bands[1]: 'zone' is a required property" in problems


def test_unknown_dimension_and_duplicate_codes_are_reported_together(ombudsman_data):
    data = copy.deepcopy(ombudsman_data)
    data["indicators"][0]["dimension"] = "nowhere"
    data["indicators"][1]["code"] = data["indicators"][3]["code"]
    problems = problems_of(data)
    assert "test.yaml: indicators[0].dimension: unknown dimension 'nowhere'" in problems
    assert any("indicators[3].code: duplicate code" in p for p in problems)


def test_bands_with_a_gap_or_overlap_are_refused(ombudsman_data):
    data = copy.deepcopy(ombudsman_data)
    data["bands"][1]["from"] = 52
    assert any(
        p.startswith("test.yaml: bands[1].from: must equal the previous band's 'to'")
        for p in problems_of(data)
    )


def test_bands_must_cover_the_whole_scale(ombudsman_data):
    data = copy.deepcopy(ombudsman_data)
    data["bands"][-1]["to"] = 99
    assert "test.yaml: bands[2].to: the last band must end at 100" in problems_of(data)


def test_a_level_with_indicators_needs_an_aggregation_rule(ombudsman_data):
    data = copy.deepcopy(ombudsman_data)
    del data["aggregation"]["website"]
    assert "test.yaml: aggregation: no rule for level 'website', which has indicators" in (
        problems_of(data)
    )


def test_aggregation_children_must_feed_the_level(ombudsman_data):
    data = copy.deepcopy(ombudsman_data)
    data["aggregation"]["unit"]["children"] = {"website": 1}
    assert "test.yaml: aggregation.unit.children.website: website does not feed unit" in (
        problems_of(data)
    )


def test_choice_answers_map_to_fractions_of_the_best_option(ombudsman_data):
    instrument = build_instrument(ombudsman_data)
    p01 = instrument.indicators["P01"]
    assert p01.fraction("baik") == 1
    assert p01.fraction("KURANG") == Decimal("0.5")
    assert p01.fraction("tidak-ada") == 0
    with pytest.raises(AnswerError, match="P01 takes one of tidak-ada, kurang, baik"):
        p01.fraction("maybe")
    with pytest.raises(AnswerError, match="P01 does not allow N/A"):
        p01.fraction("na")


def test_yes_no_accepts_indonesian_words_and_na_only_where_allowed(ombudsman_data):
    instrument = build_instrument(ombudsman_data)
    assert instrument.indicators["U03"].fraction("Ya") == 1
    assert instrument.indicators["U03"].fraction("tidak") == 0
    assert instrument.indicators["U11"].fraction("N/A") is NA
    with pytest.raises(AnswerError):
        instrument.indicators["U03"].fraction("na")


def test_scale_answers_must_be_whole_numbers_in_range(ombudsman_data):
    data = copy.deepcopy(ombudsman_data)
    data["indicators"][0]["answer"] = {"type": "scale", "min": 1, "max": 5}
    indicator = build_instrument(data).indicators[data["indicators"][0]["code"]]
    assert indicator.fraction("3") == Decimal("0.5")
    for bad in ("0", "6", "2.5", "abc"):
        with pytest.raises(AnswerError):
            indicator.fraction(bad)


def test_number_answers_score_by_thresholds(ombudsman_data):
    data = copy.deepcopy(ombudsman_data)
    data["indicators"][0]["answer"] = {
        "type": "number",
        "thresholds": [{"at_least": 1, "fraction": "0.5"}, {"at_least": 3, "fraction": 1}],
    }
    indicator = build_instrument(data).indicators[data["indicators"][0]["code"]]
    assert [indicator.fraction(v) for v in ("0", "1", "2.5", "3", "10")] == [
        0,
        Decimal("0.5"),
        Decimal("0.5"),
        1,
        1,
    ]


def test_a_number_without_thresholds_must_weigh_nothing(ombudsman_data):
    data = copy.deepcopy(ombudsman_data)
    data["indicators"][0]["answer"] = {"type": "number", "unit": "orang"}
    assert (
        "test.yaml: indicators[0].answer: a number without thresholds or a range scores nothing;"
        " set weight: 0" in problems_of(data)
    )


def test_an_indicator_at_an_unlisted_level_is_refused(ombudsman_data):
    data = copy.deepcopy(ombudsman_data)
    data["levels"] = ["product", "unit"]
    del data["aggregation"]["website"]
    assert "test.yaml: indicators[27].level: level 'website' is not listed under levels" in (
        problems_of(data)
    )


def test_automatic_answers_must_name_checks_the_website_checker_makes(ombudsman_data):
    data = copy.deepcopy(ombudsman_data)
    w01 = next(i for i in data["indicators"] if i["code"] == "W01")
    index = data["indicators"].index(w01)
    w01["automatic"]["checks"] = ["official_domain", "reachabel"]
    assert problems_of(data) == [
        f"test.yaml: indicators[{index}].automatic.checks[1]: unknown check 'reachabel'"
    ]


def test_without_django_an_instrument_with_automatic_answers_still_loads():
    # Outside Django the website checker has not registered its check ids (WebcheckConfig.ready):
    # the ids go unchecked there, so the pure scoring engine reads every built-in instrument.
    load = (
        "from patuh.instruments.loading import builtin_instrument_files, load_instrument_file;"
        " print(len(load_instrument_file(builtin_instrument_files()['ombudsman-2021']).indicators))"
    )
    run = subprocess.run([sys.executable, "-c", load], capture_output=True, text=True, check=False)
    assert (run.returncode, run.stdout) == (0, "33\n"), run.stderr
