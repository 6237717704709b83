"""`patuh skm compute|sample-size` and `patuh compute` for the new instruments."""

import csv
import json
import re
from pathlib import Path

import openpyxl
import pytest
from django.core.management import CommandError

from tests import commands

EXAMPLES = Path(__file__).resolve().parents[2] / "docs/examples"
RESPONDENTS = EXAMPLES / "respondents-skm-2017.csv"


def skm(*args) -> str:
    return commands.run("skm", *args)


def test_documented_example_gives_the_hand_computed_ikm():
    data = json.loads(skm("compute", str(RESPONDENTS), "--format", "json"))
    assert set(data) >= {"nrr", "index", "ikm", "grade", "label", "respondents"}
    # See tests/satisfaction/test_skm.py: Σ NRR = 31.3, index = 3.4778, IKM = 86.94.
    assert data["nrr"] == {
        "U1": 3.3333, "U2": 3.5, "U3": 3.1667, "U4": 3.8, "U5": 3.5,
        "U6": 3.6, "U7": 3.8333, "U8": 3.1667, "U9": 3.4,
    }  # fmt: skip
    assert (data["index"], data["ikm"], data["grade"], data["label"]) == (
        3.4778,
        86.94,
        "B",
        "Baik",
    )
    assert (data["respondents"], data["instrument"], data["weights"]) == (6, "skm-2017", "exact")


def test_the_table_lists_every_element_and_the_grade():
    out = skm("compute", str(RESPONDENTS))
    assert "U4   Biaya/tarif" in out
    assert "IKM    86.94" in out
    assert "grade  B (Baik)" in out


@pytest.mark.parametrize("weights", ["0.111", "written"])
def test_written_weights_can_be_chosen(weights):
    data = json.loads(skm("compute", str(RESPONDENTS), "--weights", weights, "--format", "json"))
    # 0.111 × 31.3 = 3.4743; × 25 = 86.8575 → 86.86.
    assert (data["weights"], data["index"], data["ikm"]) == ("written", 3.4743, 86.86)


def test_all_ones_with_the_printed_weight_are_graded_d(tmp_path):
    path = tmp_path / "ones.csv"
    path.write_text("U1,U2,U3,U4,U5,U6,U7,U8,U9\n" + ",".join(["1"] * 9) + "\n")
    data = json.loads(skm("compute", str(path), "--weights", "0.111", "--format", "json"))
    # 9 × 0.111 × 25 = 24.975 → 24.98: below the scale's 25, and still the lowest grade.
    assert (data["ikm"], data["grade"], data["label"]) == (24.98, "D", "Tidak baik")
    table = skm("compute", str(path), "--weights", "0.111")
    assert "IKM    24.98" in table
    assert "grade  D (Tidak baik)" in table


def test_an_unknown_weight_is_refused_with_the_choices():
    with pytest.raises(CommandError, match=re.escape("use one of exact, written, 0.111 for")):
        skm("compute", str(RESPONDENTS), "--weights", "0.11")


def test_an_xlsx_file_computes_like_the_csv(tmp_path):
    workbook = openpyxl.Workbook()
    for row in csv.reader(RESPONDENTS.read_text().splitlines()):
        workbook.active.append([int(cell) if cell.isdigit() else cell for cell in row])
    path = tmp_path / "responden.xlsx"
    workbook.save(path)
    assert json.loads(skm("compute", str(path), "--format", "json"))["ikm"] == 86.94


def test_bad_cells_are_all_reported_with_row_and_column(tmp_path):
    path = tmp_path / "r.csv"
    path.write_text("U1,U2,U3,U4,U5,U6,U7,U8,U9\n4,4,4,4,4,4,4,4,4\n4,5,4,4,4,4,4,4,x\n")
    with pytest.raises(CommandError) as caught:
        skm("compute", str(path))
    message = str(caught.value)
    assert "2 problem(s)" in message
    assert f"{path}: row 3, column U2: 5 is outside 1–4" in message
    assert f"{path}: row 3, column U9: 'x' is not a whole number" in message


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "the file is empty"),
        (b"U1,U2,U3\n4,4,4\n", "row 1: missing column(s) U4, U5, U6, U7, U8, U9"),
        (b"U1,U2,U3,U4,U5,U6,U7,U8,U9\n", "no respondents"),
        (
            b"U1,U2,U3,U4,U5,U6,U7,U8,U9\n4,4,4,,4,4,4,4,4\n",
            "column U4: no respondent answered it, so the IKM cannot be computed",
        ),
    ],
)
def test_unusable_files_get_a_clear_error(tmp_path, content, message):
    path = tmp_path / "r.csv"
    path.write_bytes(content)
    with pytest.raises(CommandError, match=re.escape(message)):
        skm("compute", str(path))


def test_skm_2004_needs_its_fourteen_columns_and_the_date_picks_it(tmp_path):
    path = tmp_path / "r2010.csv"
    path.write_text(",".join(f"U{n}" for n in range(1, 15)) + "\n" + ",".join(["3"] * 14) + "\n")
    by_date = json.loads(skm("compute", str(path), "--date", "2010-05-01", "--format", "json"))
    assert (by_date["instrument"], by_date["ikm"], by_date["grade"]) == ("skm-2004", 75.0, "B")
    with pytest.raises(CommandError, match=re.escape("missing column(s) U10")):
        skm("compute", str(RESPONDENTS), "--instrument", "skm-2004")


def test_a_non_survey_instrument_is_refused():
    with pytest.raises(CommandError, match="pekppp-2022 is not a satisfaction survey"):
        skm("compute", str(RESPONDENTS), "--instrument", "pekppp-2022")


def test_sample_size_prints_the_krejcie_morgan_minimum():
    assert "Population 300: at least 169 respondents" in skm("sample-size", "300")
    data = json.loads(skm("sample-size", "2000", "--format", "json"))
    assert (data["sample"], data["instrument"]) == (322, "skm-2017")
    assert data["parameters"] == {"chi_square": 3.841, "proportion": 0.5, "margin": 0.05}
    with pytest.raises(CommandError, match="at least 1"):
        skm("sample-size", "0")


def compute(*args) -> dict:
    return json.loads(commands.run("compute", *args, "--format", "json"))


def test_compute_scores_a_respondents_file_with_an_skm_instrument():
    data = compute("--instrument", "skm-2017", "--answers", str(RESPONDENTS))
    assert (data["ikm"], data["grade"], data["respondents"]) == (86.94, "B", 6)
    with pytest.raises(CommandError, match="use --format table or json"):
        commands.run(
            "compute", "--instrument", "skm-2017", "--answers", str(RESPONDENTS), "--format", "csv"
        )


def test_compute_gives_the_pekppp_index_and_category():
    data = compute(
        "--instrument", "pekppp-2022", "--answers", str(EXAMPLES / "answers-pekppp-2022.csv")
    )
    unit = data["units"][0]
    assert (unit["score"], unit["band"], unit["zone"]) == (3.63, "B", None)
    assert unit["dimensions"] == {
        "kebijakan": 3.99, "sdm": 3.6, "sarpras": 2.69, "sipp": 4.5, "pengaduan": 2.5,
        "inovasi": 4.5,
    }  # fmt: skip


def test_compute_gives_ombudsman_2022_scores_categories_and_zones():
    data = compute(
        "--instrument", "ombudsman-2022", "--answers", str(EXAMPLES / "answers-ombudsman-2022.csv")
    )
    units = {u["path"].rsplit("/", 1)[1]: u for u in data["units"]}
    kantor = units["kantor"]
    assert (kantor["score"], kantor["band"], kantor["zone"]) == (85.43, "B", "green")
    assert sum(kantor["weighted_dimensions"].values()) == pytest.approx(85.43)
    region = data["regions"][0]
    assert (region["score"], region["band"], region["zone"]) == (56.09, "C", "yellow")


def test_skm_commands_do_not_touch_the_database(django_assert_num_queries, db):
    with django_assert_num_queries(0):
        skm("compute", str(RESPONDENTS))
        skm("sample-size", "300")
