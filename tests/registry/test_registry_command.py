"""`patuh registry import` and `patuh registry export`."""

import re
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.management import CommandError

from patuh.registry import import_checks, importing
from patuh.registry.models import Government, Provider, Region, ServiceUnit, Website
from tests import factories
from tests.registry.tables import (
    GOOD_COUNTS,
    GOOD_ROWS,
    MODELS,
    read_xlsx,
    registry,
    registry_counts,
    summary,
    write_csv,
    write_xlsx,
)

pytestmark = pytest.mark.django_db


def import_error(path: Path) -> str:
    with pytest.raises(CommandError) as caught:
        registry("import", str(path))
    return str(caught.value)


def empty_registry() -> None:
    """Delete every registry row, children first (the foreign keys protect parents)."""
    for name in ("website", "product", "unit", "provider", "government", "agency_kind"):
        MODELS[name].objects.all().delete()
    while Region.objects.exists():
        Region.objects.filter(children__isnull=True).delete()


def provider_elsewhere(**kwargs) -> Provider:
    """A stored provider in Belitung Timur, clear of the regional government in GOOD_ROWS."""
    return factories.provider(
        "disdukcapil-a", in_region=factories.region("19.06", "Kabupaten Belitung Timur"), **kwargs
    )


def test_good_csv_imports_every_record(tmp_path):
    out, _ = registry("import", str(write_csv(tmp_path / "registry.csv", GOOD_ROWS)))

    assert registry_counts() == GOOD_COUNTS
    assert summary(out) == {name: (count, 0, 0) for name, count in GOOD_COUNTS.items()}
    city = Region.objects.get(code="19.71")
    assert (city.level, city.parent.code) == ("city", "19")
    assert Government.objects.get(code="pemkab-belitung").region.code == "19.02"
    unit = ServiceUnit.objects.get(provider__code="disdukcapil-belitung", code="kantor-utama")
    assert (unit.latitude, unit.longitude) == (Decimal("-2.7406"), Decimal("107.6525"))
    assert unit.products.count() == 2
    website = Website.objects.get()
    assert (website.code, website.provider.code) == (
        "disdukcapil.belitungkab.go.id",
        "disdukcapil-belitung",
    )


def test_xlsx_numbers_are_read_as_the_codes_and_coordinates_they_show(tmp_path):
    header = ["record", "code", "name", "parent", "provider", "latitude", "longitude"]
    rows = [
        header,
        ["region", 19, "Kepulauan Bangka Belitung", None, None, None, None],
        ["region", 19.02, "Kabupaten Belitung", 19, None, None, None],
        ["unit", "kantor-utama", "Loket Pelayanan", None, "disdukcapil-a", -2.7406, 107.6525],
    ]
    factories.provider("disdukcapil-a", units=0, website=False)
    Region.objects.update(name="Old name")

    out, _ = registry("import", str(write_xlsx(tmp_path / "registry.xlsx", rows)))

    assert summary(out) == {"region": (0, 2, 0), "unit": (1, 0, 0)}
    assert Region.objects.get(code="19.02").name == "Kabupaten Belitung"
    unit = ServiceUnit.objects.get(code="kantor-utama")
    assert (unit.latitude, unit.longitude) == (Decimal("-2.7406"), Decimal("107.6525"))


def test_good_xlsx_imports_every_record(tmp_path):
    rows = [list(importing.COLUMNS)] + [
        [row.get(column) for column in importing.COLUMNS] for row in GOOD_ROWS
    ]

    registry("import", str(write_xlsx(tmp_path / "registry.xlsx", rows)))

    assert registry_counts() == GOOD_COUNTS


def test_reimporting_the_same_file_changes_nothing(tmp_path):
    path = write_csv(tmp_path / "registry.csv", GOOD_ROWS)
    registry("import", str(path))
    before = {name: list(model.objects.values()) for name, model in MODELS.items()}

    out, _ = registry("import", str(path))

    assert summary(out) == {name: (0, 0, count) for name, count in GOOD_COUNTS.items()}
    assert {name: list(model.objects.values()) for name, model in MODELS.items()} == before


def test_changed_name_updates_the_record_with_that_code(tmp_path):
    registry("import", str(write_csv(tmp_path / "registry.csv", GOOD_ROWS)))
    provider = Provider.objects.get(code="disdukcapil-belitung")
    renamed = [
        {**row, "name": "Dinas Dukcapil Belitung"} if row.get("code") == provider.code else row
        for row in GOOD_ROWS
    ]

    out, _ = registry("import", str(write_csv(tmp_path / "renamed.csv", renamed)))

    assert summary(out)["provider"] == (0, 1, 1)
    assert registry_counts() == GOOD_COUNTS
    provider.refresh_from_db()
    assert provider.name == "Dinas Dukcapil Belitung"


def test_every_bad_row_is_reported_and_nothing_is_written(tmp_path, provider_a):
    before = registry_counts()
    rows = [
        # Rows 2-14. Row 7 gives region 19.02 a government, but provider A's is stored for it.
        *GOOD_ROWS,
        # Row 15 is good, and renames provider A: that must not happen either.
        {"record": "provider", "code": provider_a.code, "name": "Renamed", "kind": "disdukcapil"}
        | {"region": "19.02", "government": "pemkab-belitung"},
        {"record": "regency", "code": "19.03", "name": "Kabupaten Bangka"},
        {"record": "region", "code": "19.3", "name": "Kabupaten Bangka"},
        {"record": "region", "code": "19.04", "name": ""},
        {"record": "unit", "provider": "nobody", "code": "loket", "name": "Loket"}
        | {"latitude": "-95", "longitude": "east"},
        {"record": "product", "provider": "disdukcapil-belitung", "unit": "kantor-utama"}
        | {"code": "ktp-el", "name": "Penerbitan KTP-el lagi"},
        {"record": "government", "code": "pemkab-x", "name": "X", "kind": "central"}
        | {"region": "19.02"},
    ]

    message = import_error(write_csv(tmp_path / "registry.csv", rows))

    assert message.splitlines() == [
        f"{tmp_path / 'registry.csv'}: 9 problems found; nothing was imported",
        "row 7, column region: 19.02 already belongs to government pemda-19-02 in the registry",
        "row 16, column record: unknown record type 'regency'; use one of region, agency_kind,"
        " government, provider, unit, product, website",
        "row 17, column code: Use a Kemendagri code such as 19 or 19.02.",
        "row 18, column name: required for region rows",
        "row 19, column provider: provider nobody is neither in the file nor in the registry",
        "row 19, column latitude: Ensure this value is greater than or equal to -90.",
        "row 19, column longitude: “east” value must be a decimal number.",
        "row 20, column code: product ktp-el of unit kantor-utama of provider disdukcapil-belitung"
        " is already defined on row 11",
        "row 21, column region: must be empty for a central government",
    ]
    assert registry_counts() == before
    provider_a.refresh_from_db()
    assert provider_a.name == "Provider disdukcapil-a"


def test_missing_column_is_one_problem(tmp_path):
    columns = [column for column in importing.COLUMNS if column != "government"]
    rows = [{k: v for k, v in row.items() if k != "government"} for row in GOOD_ROWS]

    message = import_error(write_csv(tmp_path / "registry.csv", rows, columns=columns))

    assert message.splitlines()[1:] == [
        "row 1, column government: missing; provider rows need it (the first is row 9)"
    ]
    assert registry_counts() == dict.fromkeys(GOOD_COUNTS, 0)


def test_file_without_a_header_row_is_one_error(tmp_path):
    path = tmp_path / "registry.csv"
    path.write_text("region,19,Kepulauan Bangka Belitung\nregion,19.02,Kabupaten Belitung\n")

    message = import_error(path)

    assert message == (
        f"{path}: row 1 has no record column; it must hold the column names "
        f"({', '.join(importing.COLUMNS)}), and nothing was imported"
    )


@pytest.mark.parametrize(
    ("name", "content", "reason"),
    [
        ("junk.csv", bytes(range(256)) * 4, "not UTF-8 text (byte 129 cannot be decoded)"),
        ("nul.csv", b"record,code\x00\x00\x00", "contains NUL bytes"),
        ("text.xlsx", b"record,code,name\nregion,19,Bangka\n", "not a valid .xlsx file"),
        ("empty.csv", b"", "the file is empty"),
        ("blank.csv", b"\xef\xbb\xbf\r\n ,  ,\n", "the file is empty"),
        ("empty.xlsx", b"", "the file is empty"),
        ("registry.xls", b"\xd0\xcf\x11\xe0", "unsupported file type .xls; use .csv or .xlsx"),
        ("registry", b"record\n", "unsupported file type (no extension)"),
        (
            "latin1.csv",
            "record,code,name\nregion,19,Bangka Belitung é\n".encode("latin-1"),
            "not UTF-8",
        ),
        ("quote.csv", b'record,code,name\nregion,19,"Bangka\n', "row 2: not valid CSV"),
    ],
)
def test_malformed_file_gives_one_line_naming_the_file(tmp_path, name, content, reason):
    path = tmp_path / name
    path.write_bytes(content)

    message = import_error(path)

    assert len(message.splitlines()) == 1
    assert message.startswith(str(path))
    assert reason in message
    assert registry_counts() == dict.fromkeys(GOOD_COUNTS, 0)


def test_missing_file_is_named(tmp_path):
    path = tmp_path / "nowhere.csv"

    assert import_error(path) == f"{path}: no such file"


def test_zip_file_named_csv_is_told_apart(tmp_path):
    xlsx = write_xlsx(tmp_path / "registry.xlsx", [["record"]])
    path = tmp_path / "registry.csv"
    path.write_bytes(xlsx.read_bytes())

    assert "this is an XLSX (zip) file, not CSV" in import_error(path)


def test_semicolon_csv_with_a_byte_order_mark_imports(tmp_path):
    path = write_csv(tmp_path / "registry.csv", GOOD_ROWS, delimiter=";", encoding="utf-8-sig")

    registry("import", str(path))

    assert registry_counts() == GOOD_COUNTS


def test_rows_may_refer_to_records_already_in_the_registry(tmp_path, provider_a):
    rows = [
        {"record": "unit", "provider": provider_a.code, "code": "loket-2", "name": "Loket 2"},
        {"record": "product", "provider": provider_a.code, "unit": "loket-2", "code": "akta"}
        | {"name": "Akta Kelahiran"},
        {"record": "product", "provider": provider_a.code, "unit": "unit-1", "code": "product-1"}
        | {"name": "Renamed product"},
        {"record": "provider", "code": "dukcapil-new", "name": "New", "kind": "disdukcapil"}
        | {"region": "19.02", "government": provider_a.government.code},
    ]

    out, _ = registry("import", str(write_csv(tmp_path / "more.csv", rows)))

    assert summary(out) == {"provider": (1, 0, 0), "unit": (1, 0, 0), "product": (1, 1, 0)}
    assert provider_a.units.get(code="loket-2").products.get().code == "akta"
    assert provider_a.units.get(code="unit-1").products.get(code="product-1").name == (
        "Renamed product"
    )
    assert Provider.objects.get(code="dukcapil-new").government == provider_a.government


def test_progress_goes_to_stderr(tmp_path, monkeypatch):
    # Every 5 rows, while checking (import_checks) and while writing (importing).
    monkeypatch.setattr(import_checks, "PROGRESS_EVERY", 5)
    monkeypatch.setattr(importing, "PROGRESS_EVERY", 5)

    out, err = registry("import", str(write_csv(tmp_path / "registry.csv", GOOD_ROWS)))

    assert "checked 5 of 13 rows" in err
    assert "written 13 of 13 rows" in err
    assert "checked" not in out


def test_export_writes_csv_to_stdout_top_down(tmp_path):
    registry("import", str(write_csv(tmp_path / "registry.csv", GOOD_ROWS)))

    out, _ = registry("export")

    lines = out.splitlines()
    assert lines[0] == ",".join(importing.COLUMNS)
    assert [line.split(",", 2)[:2] for line in lines[1:]] == [
        ["region", "19"],
        ["region", "19.02"],
        ["region", "19.71"],
        ["agency_kind", "disdukcapil"],
        ["agency_kind", "kantor-pertanahan"],
        ["government", "kementerian-atr-bpn"],
        ["government", "pemkab-belitung"],
        ["provider", "disdukcapil-belitung"],
        ["unit", "kantor-utama"],
        ["product", "kk"],
        ["product", "ktp-el"],
        ["website", "disdukcapil.belitungkab.go.id"],
        ["provider", "kantah-belitung"],
    ]
    assert "region,19.71,Kota Pangkal Pinang,19,city," in out
    assert ",-2.7406,107.6525," in out


def test_export_import_export_gives_the_same_csv(tmp_path):
    provider_elsewhere(units=2)
    registry("import", str(write_csv(tmp_path / "registry.csv", GOOD_ROWS)))
    first, _ = registry("export")
    exported = tmp_path / "exported.csv"
    exported.write_text(first, encoding="utf-8")

    out, _ = registry("import", str(exported))
    second, _ = registry("export")

    assert second == first
    assert summary(out)["product"] == (0, 0, 6)
    assert all(created == updated == 0 for created, updated, _ in summary(out).values())


def test_export_imports_into_an_empty_registry_unchanged(tmp_path):
    provider_elsewhere(units=2)
    registry("import", str(write_csv(tmp_path / "registry.csv", GOOD_ROWS)))
    registry("export", "--out", str(tmp_path / "exported.csv"))
    counts = registry_counts()
    empty_registry()

    registry("import", str(tmp_path / "exported.csv"))
    registry("export", "--out", str(tmp_path / "again.csv"))

    assert registry_counts() == counts
    assert (tmp_path / "again.csv").read_bytes() == (tmp_path / "exported.csv").read_bytes()


def test_xlsx_export_round_trips(tmp_path):
    registry("import", str(write_csv(tmp_path / "registry.csv", GOOD_ROWS)))
    csv_before, _ = registry("export")

    out, _ = registry("export", "--out", str(tmp_path / "registry.xlsx"))
    empty_registry()
    registry("import", str(tmp_path / "registry.xlsx"))
    csv_after, _ = registry("export")

    assert out == f"Exported 13 records to {tmp_path / 'registry.xlsx'}.\n"
    assert csv_after == csv_before
    rows = read_xlsx(tmp_path / "registry.xlsx")
    assert rows[0] == importing.COLUMNS
    unit = next(row for row in rows if row[0] == "unit")
    assert (unit[12], unit[13]) == (-2.7406, 107.6525)


def test_formula_text_is_escaped_in_csv_and_comes_back_unchanged(tmp_path):
    provider = factories.provider("disdukcapil-a")
    names = {
        '=HYPERLINK("http://evil.example","x")': "'=HYPERLINK",
        "+62 812 0000": "'+62 812 0000",
        "@SUM(A1)": "'@SUM(A1)",
        "-cmd|' /C calc'!A0": "'-cmd|",
        "'quoted": "''quoted",
    }
    for number, name in enumerate(names, start=1):
        ServiceUnit.objects.create(provider=provider, code=f"u{number}", name=name)
    ServiceUnit.objects.filter(code="u1").update(latitude=Decimal("-2.7"))

    out, _ = registry("export")

    for escaped in names.values():
        assert escaped in out
    assert ",-2.7," in out
    path = tmp_path / "exported.csv"
    path.write_text(out, encoding="utf-8")
    imported, _ = registry("import", str(path))
    assert summary(imported)["unit"] == (0, 0, 6)
    assert set(provider.units.values_list("name", flat=True)) == {*names, "Unit 1"}


def test_formula_text_stays_text_in_xlsx(tmp_path):
    provider = factories.provider("disdukcapil-a")
    provider.name = "=1+1"
    provider.save()

    registry("export", "--format", "xlsx", "--out", str(tmp_path / "registry.xlsx"))

    row = next(row for row in read_xlsx(tmp_path / "registry.xlsx") if row[0] == "provider")
    assert row[2] == "=1+1"
    registry("import", str(tmp_path / "registry.xlsx"))
    provider.refresh_from_db()
    assert provider.name == "=1+1"


def test_xlsx_export_needs_an_output_file():
    with pytest.raises(CommandError, match=r"An XLSX export needs --out FILE\.xlsx\."):
        registry("export", "--format", "xlsx")


def test_export_to_a_missing_directory_fails_cleanly(tmp_path):
    with pytest.raises(CommandError, match="cannot be written"):
        registry("export", "--out", str(tmp_path / "missing" / "registry.csv"))


def test_export_leaves_no_temporary_file(tmp_path):
    factories.provider("disdukcapil-a")

    registry("export", "--out", str(tmp_path / "registry.xlsx"))

    assert [p.name for p in tmp_path.iterdir()] == ["registry.xlsx"]


FORMAT_DOC = Path(__file__).resolve().parents[2] / "docs/registry-format.md"


def doc_block(language: str) -> str:
    return re.search(rf"```{language}\n(.*?)```", FORMAT_DOC.read_text(), re.DOTALL)[1]


def test_format_doc_names_every_column_and_record_type():
    text = FORMAT_DOC.read_text()

    assert all(f"`{column}`" in text for column in importing.COLUMNS)
    assert all(f"| `{record}` |" in text for record in importing.RECORD_TYPES)


def test_format_doc_example_imports_and_its_error_is_the_real_one(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    example = doc_block("csv")
    broken = example.replace('Tanjung Pandan",-2.7406', 'Tanjung Pandan",-97.4').replace(
        ",disdukcapil-belitung,,,,,https:", ",disdukcapil-beltung,,,,,https:"
    )
    Path("registry.csv").write_text(broken, encoding="utf-8")

    with pytest.raises(CommandError) as caught:
        registry("import", "registry.csv")

    assert f"CommandError: {caught.value}\n" == doc_block("text")
    Path("registry.csv").write_text(example, encoding="utf-8")
    registry("import", "registry.csv")
    assert registry_counts() == GOOD_COUNTS
