"""The Ombudsman's 2025 method (opini-2025): quality labels at every band edge, the two-axis
opinion, a regional government's mean of units rounded half up, ranged numbers scored linearly,
and compliance rows in answers files."""

import copy
import csv
import json
from decimal import Decimal
from pathlib import Path

import pytest
import yaml
from django.core.management import CommandError

from patuh.instruments.definition import AnswerError, InstrumentError
from patuh.instruments.loading import build_instrument, builtin_instrument_files
from patuh.scoring.engine import Subject, score_subjects
from tests import commands

EXAMPLE = Path(__file__).resolve().parents[2] / "docs/examples/answers-opini-2025.csv"


@pytest.fixture(scope="module")
def opini_data() -> dict:
    return yaml.safe_load(builtin_instrument_files()["opini-2025"].read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def opini(opini_data):
    return build_instrument(opini_data, source="opini-2025.yaml")


def test_the_four_dimensions_weigh_seventy_and_public_trust_thirty(opini):
    weights = {code: d.weight for code, d in opini.dimensions.items()}
    assert weights.pop("kepercayaan") == 30
    assert sum(weights.values()) == 70
    assert set(weights) == {"input", "proses", "output", "pengaduan"}
    assert all(d.title.id and d.title.en for d in opini.dimensions.values())
    for indicator in opini.indicators.values():
        assert indicator.text.id and indicator.text.en and indicator.fix and indicator.component
    assert any("70%" in a.en and "not published" in a.en for a in opini.assumptions)


@pytest.mark.parametrize(
    ("score", "band", "quality"),
    [
        ("0", "sangat-kurang", "Terendah"),
        ("31.99", "sangat-kurang", "Terendah"),
        ("32", "kurang", "Rendah"),
        ("53.99", "kurang", "Rendah"),
        ("54", "cukup", "Sedang"),
        ("77.99", "cukup", "Sedang"),
        ("78", "baik", "Tinggi"),
        ("87.99", "baik", "Tinggi"),
        ("88", "sangat-baik", "Tertinggi"),
        ("100", "sangat-baik", "Tertinggi"),
    ],
)
def test_every_band_edge_gives_its_label_and_both_opinion_axes(opini, score, band, quality):
    found = opini.band_for(Decimal(score))
    assert (found.code, found.zone) == (band, None)
    clean = opini.opinion.wording(found.code, "tinggi")
    assert clean.id == f"Opini Kualitas {quality} Tanpa Maladministrasi"
    assert clean.en.endswith("Quality Opinion Without Maladministration")
    for level in ("sedang", "rendah"):
        plain = opini.opinion.wording(found.code, level)
        assert plain.id == f"Opini Kualitas {quality}"
        assert "Without" not in plain.en


def test_labels_read_as_published(opini):
    assert [(b.code, b.label.id, b.lower, b.upper) for b in opini.bands] == [
        ("sangat-kurang", "Sangat Kurang", 0, 32),
        ("kurang", "Kurang", 32, 54),
        ("cukup", "Cukup", 54, 78),
        ("baik", "Baik", 78, 88),
        ("sangat-baik", "Sangat Baik", 88, 100),
    ]


def one_number_instrument(opini_data, places: int = 2):
    """opini-2025 cut down to one ranged number per unit, so a unit's score is its answer."""
    data = copy.deepcopy(opini_data)
    trust = next(i for i in data["indicators"] if i["code"] == "KP01")
    trust["answer"]["places"] = places
    data["indicators"] = [trust]
    data["dimensions"] = [d for d in data["dimensions"] if d["code"] == "kepercayaan"]
    return build_instrument(data, source="test.yaml")


def region_with_units(values: list[str]):
    region = Subject("region", "r", "19.02")
    provider = Subject("provider", "p", "19.02/dinas", parent=region)
    units = [
        Subject("unit", f"u{i}", f"19.02/dinas/u{i}", parent=provider) for i in range(len(values))
    ]
    answers = [(unit.key, "KP01", value) for unit, value in zip(units, values, strict=True)]
    return [region, provider, *units], answers


def test_a_region_is_the_plain_mean_of_its_units_rounded_half_up(opini_data):
    instrument = one_number_instrument(opini_data)
    subjects, answers = region_with_units(["80.00", "80.01"])
    report = score_subjects(instrument, subjects, answers, {"r": "tinggi"})
    assert [u.score for u in report.by_level["unit"]] == [Decimal("80.00"), Decimal("80.01")]
    region = report.by_level["region"][0]
    # 80.005: half up gives 80.01 where half even would give 80.00.
    assert region.score == Decimal("80.01")
    assert region.band == "baik"
    assert region.opinion.id == "Opini Kualitas Tinggi Tanpa Maladministrasi"


def test_a_ranged_number_earns_its_distance_from_the_bottom(opini_data):
    data = copy.deepcopy(opini_data)
    index = next(i for i in data["indicators"] if i["code"] == "OU01")
    index["dimension"] = "kepercayaan"
    data["indicators"] = [index]
    data["dimensions"] = [d for d in data["dimensions"] if d["code"] == "kepercayaan"]
    instrument = build_instrument(data, source="test.yaml")
    subjects, answers = region_with_units(["4.1", "0", "5", "2.37"])
    answers = [(key, "OU01", value) for key, _code, value in answers]
    report = score_subjects(instrument, subjects, answers)
    assert [u.score for u in report.by_level["unit"]] == [
        Decimal("82.00"),
        Decimal("0.00"),
        Decimal("100.00"),
        Decimal("47.40"),
    ]


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("100.01", "KP01 takes a number from 0 to 100, not '100.01'"),
        ("-1", "KP01 takes a number from 0 to 100, not '-1'"),
        ("83.455", "KP01 takes at most 2 decimal(s), not '83.455'"),
        ("banyak", "KP01 takes a number, not 'banyak'"),
    ],
)
def test_a_number_outside_its_range_or_places_is_refused(opini, value, message):
    with pytest.raises(AnswerError, match=message.replace("(", r"\(").replace(")", r"\)")):
        opini.indicators["KP01"].fraction(value)


def test_a_range_whose_ends_have_more_places_than_allowed_is_refused(opini_data):
    data = copy.deepcopy(opini_data)
    data["indicators"][-1]["answer"]["range"] = {"min": 0, "max": 4.995}
    with pytest.raises(InstrumentError, match="min and max may have at most 2 decimal"):
        build_instrument(data, source="test.yaml")


def test_an_opinion_section_without_a_word_for_every_band_is_refused(opini_data):
    data = copy.deepcopy(opini_data)
    del data["opinion"]["quality"]["baik"]
    data["opinion"]["clean"] = ["bersih"]
    with pytest.raises(InstrumentError) as caught:
        build_instrument(data, source="test.yaml")
    assert caught.value.problems == [
        "test.yaml: opinion.clean: not a compliance level: bersih",
        "test.yaml: opinion.quality: no quality word for band(s) baik",
    ]


def test_compliance_is_inherited_but_only_own_compliance_gives_a_provider_its_opinion(opini_data):
    instrument = one_number_instrument(opini_data)
    subjects, answers = region_with_units(["90"])
    report = score_subjects(instrument, subjects, answers, {"r": "sedang"})
    region, provider, unit = (report.by_level[level][0] for level in ("region", "provider", "unit"))
    assert (region.compliance, provider.compliance, unit.compliance) == ("sedang",) * 3
    assert region.opinion.id == "Opini Kualitas Tertinggi"
    assert provider.opinion is None and unit.opinion is None
    # A vertical office assessed as a whole has compliance of its own, and so its opinion.
    report = score_subjects(instrument, subjects, answers, {"r": "sedang", "p": "tinggi"})
    provider, unit = report.by_level["provider"][0], report.by_level["unit"][0]
    assert provider.opinion.id == "Opini Kualitas Tertinggi Tanpa Maladministrasi"
    assert unit.compliance == "tinggi"


def test_without_compliance_there_is_a_label_but_no_opinion(opini_data):
    instrument = one_number_instrument(opini_data)
    subjects, answers = region_with_units(["60"])
    region = score_subjects(instrument, subjects, answers).by_level["region"][0]
    assert (region.band, region.compliance, region.opinion) == ("cukup", None, None)


def compute(answers: Path, *args: str) -> str:
    return commands.run(
        "compute", "--instrument", "opini-2025", "--answers", str(answers), *args
    )  # fmt: skip


def test_the_example_file_gives_three_different_opinions_and_means_of_units():
    data = json.loads(compute(EXAMPLE, "--format", "json"))
    regions = {entry["path"]: entry for entry in data["regions"]}
    assert regions["19.02"]["opinion"] == "Opini Kualitas Tinggi Tanpa Maladministrasi"
    assert regions["19.02"]["opinion_en"] == "High Quality Opinion Without Maladministration"
    assert (regions["19.06"]["band"], regions["19.06"]["compliance"]) == ("cukup", "sedang")
    assert regions["19.06"]["opinion"] == "Opini Kualitas Sedang"
    providers = {entry["path"]: entry for entry in data["providers"]}
    assert providers["vertikal/atrbpn-belitung"]["opinion"] == "Opini Kualitas Rendah"
    assert providers["19.02/dinsos-belitung"]["opinion"] is None
    for region in ("19.02", "19.06"):
        scores = [Decimal(str(u["score"])) for u in data["units"] if u["path"].startswith(region)]
        mean = (sum(scores) / len(scores)).quantize(Decimal("0.01"), rounding="ROUND_HALF_UP")
        assert Decimal(str(regions[region]["score"])) == mean
    units = {entry["path"]: entry for entry in data["units"]}
    assert units["19.02/dinsos-belitung/kantor"]["compliance"] == "tinggi"
    assert units["vertikal/atrbpn-belitung/kantor"]["compliance"] == "rendah"
    assert all(entry["zone"] is None for entry in data["units"])


def test_csv_output_carries_compliance_and_opinion_columns():
    rows = list(csv.DictReader(compute(EXAMPLE, "--format", "csv").splitlines()))
    region = next(row for row in rows if row["level"] == "region" and row["path"] == "19.02")
    assert (region["compliance"], region["opinion"]) == (
        "tinggi",
        "Opini Kualitas Tinggi Tanpa Maladministrasi",
    )
    unit = next(row for row in rows if row["path"] == "19.06/dinsos-beltim/kantor")
    assert (unit["compliance"], unit["opinion"]) == ("sedang", "")


def rewritten(tmp_path: Path, replace: dict[int, list[str]], extra: list[list[str]] = ()) -> Path:
    """The example file with rows (by 1-based line number) replaced and rows added."""
    lines = list(csv.reader(EXAMPLE.read_text().splitlines()))
    for number, row in replace.items():
        lines[number - 1] = row
    target = tmp_path / "answers.csv"
    with target.open("w", newline="") as handle:
        csv.writer(handle).writerows([*lines, *extra])
    return target


def test_bad_compliance_and_numbers_are_refused_naming_their_rows(tmp_path):
    lines = list(csv.reader(EXAMPLE.read_text().splitlines()))
    kp01 = next(i for i, row in enumerate(lines, 1) if row[2] == "KP01")
    answers = rewritten(
        tmp_path,
        {
            2: ["region", "19.02", "kepatuhan", "sangat tinggi"],
            kp01: ["unit", lines[kp01 - 1][1], "KP01", "101"],
        },
        [
            ["unit", "19.02/disdik-belitung/kantor", "kepatuhan", "tinggi"],
            ["region", "19.02", "IN01", "3"],
        ],
    )
    with pytest.raises(CommandError) as caught:
        compute(answers)
    message = str(caught.value)
    assert "4 problem(s)" in message
    assert (
        f"{answers}: row 2, column value: kepatuhan takes one of tinggi, sedang, rendah,"
        " not 'sangat tinggi'" in message
    )
    assert f"row {kp01}, column value: KP01 takes a number from 0 to 100, not '101'" in message
    assert "column level: kepatuhan is given per region or provider, not unit" in message
    assert "a region row gives only an opinion instrument's compliance level" in message


def test_compliance_given_twice_for_a_region_is_refused(tmp_path):
    answers = rewritten(tmp_path, {}, [["region", "19.02", "kepatuhan", "rendah"]])
    with pytest.raises(CommandError, match=r"kepatuhan for 19\.02 was already answered in row 2"):
        compute(answers)
