"""patuh.lib.spreadsheet: formula-safe CSV, typed XLSX, and careful reading of both."""

from decimal import Decimal
from io import StringIO

import openpyxl
import pytest

from patuh.lib.spreadsheet import (
    SpreadsheetError,
    escape_formula,
    read_rows,
    unescape_formula,
    write_csv,
    write_file,
    write_xlsx,
)


@pytest.mark.parametrize(
    ("text", "escaped"),
    [
        ("=1+1", "'=1+1"),
        ("+62 812", "'+62 812"),
        ("-x", "'-x"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tTab", "'\tTab"),
        ("\rReturn", "'\rReturn"),
        ("'quoted", "''quoted"),
        ("'", "''"),
        ("-2.7", "-2.7"),
        ("+62", "+62"),
        ("1e-5", "1e-5"),
        ("Dinas Kesehatan", "Dinas Kesehatan"),
        ("", ""),
    ],
)
def test_formula_text_gets_an_apostrophe_that_reading_removes(text, escaped):
    assert escape_formula(text) == escaped
    assert unescape_formula(escaped) == text


@pytest.mark.parametrize("typed", ["'0812", "'abc", "it's"])
def test_an_apostrophe_typed_by_a_person_is_kept(typed):
    assert unescape_formula(typed) == typed


def test_csv_writes_numbers_as_numbers_and_nothing_as_empty():
    out = StringIO()

    count = write_csv([["name", "lat"], ["=cmd", Decimal("-2.7")], [None, 3]], out)

    assert count == 3
    assert out.getvalue() == "name,lat\n'=cmd,-2.7\n,3\n"


def test_xlsx_keeps_formula_text_as_text(tmp_path):
    write_xlsx([["name"], ["=1+1"], [Decimal("-2.5")]], tmp_path / "out.xlsx")

    sheet = openpyxl.load_workbook(tmp_path / "out.xlsx").worksheets[0]
    assert (sheet["A2"].value, sheet["A2"].data_type) == ("=1+1", "s")
    assert (sheet["A3"].value, sheet["A3"].data_type) == (-2.5, "n")


def test_xlsx_refuses_control_characters_with_the_row(tmp_path):
    with pytest.raises(SpreadsheetError, match="row 2: text with a control character"):
        write_xlsx([["name"], ["bell\x07"]], tmp_path / "out.xlsx")


def test_a_failed_write_keeps_the_previous_file(tmp_path):
    path = tmp_path / "out.csv"
    path.write_text("previous\n")

    def rows():
        yield ["half"]
        raise RuntimeError("database went away")

    with pytest.raises(RuntimeError):
        write_file(rows(), path, "csv")

    assert path.read_text() == "previous\n"
    assert [p.name for p in tmp_path.iterdir()] == ["out.csv"]


def test_reading_keeps_spreadsheet_row_numbers_and_skips_blank_rows(tmp_path):
    path = tmp_path / "in.xlsx"
    workbook = openpyxl.Workbook()
    for row in (["code", "lat"], [None, None], [19, -2.5], [" 19.02 ", 107.0]):
        workbook.active.append(row)
    workbook.save(path)

    assert read_rows(path) == [(1, ["code", "lat"]), (3, ["19", "-2.5"]), (4, ["19.02", "107"])]


def test_reading_stops_at_the_row_limit(tmp_path):
    path = tmp_path / "in.csv"
    path.write_text("code\n1\n2\n3\n")

    with pytest.raises(SpreadsheetError, match="more than 2 rows"):
        read_rows(path, max_rows=2)
