import csv
import json
import re
from pathlib import Path

import openpyxl
import pytest
from django.core.management import CommandError

from tests import commands

EXAMPLE = Path(__file__).resolve().parents[2] / "docs/examples/answers-ombudsman-2021.csv"


def compute(*args) -> str:
    return commands.run("compute", *args)


def test_documented_example_scores_as_computed_by_hand():
    data = json.loads(
        compute("--instrument", "ombudsman-2021", "--answers", str(EXAMPLE), "--format", "json")
    )
    assert data["instrument"]["id"] == "ombudsman-2021"
    assert set(data) >= {"instrument", "regions", "providers", "units", "products", "websites"}
    provider = data["providers"][0]
    assert provider["path"] == "19.02/disdukcapil-belitung"
    assert (provider["score"], provider["band"], provider["complete"]) == (71.48, "kuning", True)
    products = {p["path"].rsplit("/", 1)[1]: p["score"] for p in data["products"]}
    assert products == {"ktp-el": 91.67, "kartu-keluarga": 0.0}
    assert data["units"][0]["score"] == 62.22
    assert data["websites"][0]["score"] == 90.0
    assert data["regions"][0]["score"] == 71.48
    for entries in (data["regions"], data["providers"], data["units"], data["products"]):
        for entry in entries:
            assert {"path", "name", "score", "band", "complete"} <= set(entry)


def test_compute_does_not_touch_the_database(django_assert_num_queries, db):
    with django_assert_num_queries(0):
        compute("--instrument", "ombudsman-2021", "--answers", str(EXAMPLE), "--format", "json")


def test_missing_rows_make_scores_incomplete(tmp_path):
    lines = EXAMPLE.read_text().splitlines()
    path = tmp_path / "answers.csv"
    path.write_text("\n".join(line for line in lines if ",P03," not in line) + "\n")
    data = json.loads(
        compute("--instrument", "ombudsman-2021", "--answers", str(path), "--format", "json")
    )
    assert data["providers"][0]["score"] is None
    assert data["providers"][0]["complete"] is False
    assert all(p["missing"] == ["P03"] for p in data["products"])


def test_csv_output_has_one_row_per_subject():
    out = compute("--instrument", "ombudsman-2021", "--answers", str(EXAMPLE), "--format", "csv")
    lines = out.strip().splitlines()
    assert lines[0] == "level,path,name,score,band,zone,complete,products,missing"
    assert len(lines) == 1 + 1 + 1 + 1 + 2 + 1


def test_bad_rows_are_all_reported_with_row_and_column(tmp_path):
    path = tmp_path / "answers.csv"
    path.write_text(
        "level,path,indicator,value\n"
        "product,19.02/p/u/x,P01,baik\n"
        "planet,19.02/p,P01,baik\n"
        "product,19.02/p/x,P01,baik\n"
        "product,19.02/p/u/x,P99,baik\n"
        "product,19.02/p/u/x,P02,excellent\n"
        "product,19.02/p/u/x,P01,kurang\n"
        "unit,19.02/p/u,P01,baik\n"
    )
    with pytest.raises(CommandError) as caught:
        compute("--instrument", "ombudsman-2021", "--answers", str(path))
    message = str(caught.value)
    assert "6 problem(s)" in message
    assert "row 3, column level: 'planet' is not one of" in message
    assert "row 4, column path: a product path has 4 parts" in message
    assert "row 5, column indicator: unknown indicator 'P99'" in message
    assert (
        "row 6, column value: P02 takes one of tidak-ada, kurang, baik, not 'excellent'" in message
    )
    assert "row 7: P01 for 19.02/p/u/x was already answered in row 2" in message
    assert "row 8, column indicator: P01 is a product-level indicator" in message


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"level,path,value\n", "row 1: missing column(s) indicator"),
        (b"\xff\xfe\x00junk", "not UTF-8 text"),
        (b"", "the file is empty"),
        (b'level,path,indicator,value\n"unclosed,19.02,P01,baik\n', "not valid CSV"),
    ],
)
def test_unusable_files_get_a_clear_error(tmp_path, content, message):
    path = tmp_path / "answers.csv"
    path.write_bytes(content)
    with pytest.raises(CommandError, match=re.escape(message)):
        compute("--instrument", "ombudsman-2021", "--answers", str(path))


def test_unknown_instrument_lists_the_builtin_ones():
    listed = "Built-in instruments: kepercayaan-masyarakat-2025, ombudsman-2021"
    with pytest.raises(CommandError, match=listed):
        compute("--instrument", "nope", "--answers", str(EXAMPLE))


def test_an_instrument_file_path_can_be_given(tmp_path):
    source = (
        Path(__file__).resolve().parents[2]
        / "src/patuh/instruments/definitions/ombudsman-2021.yaml"
    )
    out = compute("--instrument", str(source), "--answers", str(EXAMPLE), "--format", "json")
    assert json.loads(out)["providers"][0]["score"] == 71.48


def test_an_xlsx_answers_file_scores_like_the_csv(tmp_path):
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    for row in csv.reader(EXAMPLE.read_text().splitlines()):
        sheet.append(row)
    path = tmp_path / "answers.xlsx"
    workbook.save(path)
    data = json.loads(
        compute("--instrument", "ombudsman-2021", "--answers", str(path), "--format", "json")
    )
    assert data["providers"][0]["score"] == 71.48


def test_a_semicolon_separated_file_is_read_too(tmp_path):
    path = tmp_path / "answers.csv"
    path.write_text(EXAMPLE.read_text().replace(",", ";"))
    data = json.loads(
        compute("--instrument", "ombudsman-2021", "--answers", str(path), "--format", "json")
    )
    assert data["providers"][0]["score"] == 71.48
