"""Registry tables for the import and export tests, written out as CSV or XLSX files."""

import csv
import re
from io import StringIO
from pathlib import Path

import openpyxl
from django.core.management import call_command

from patuh.registry.file_format import COLUMNS, RECORD_TYPES

# A small but complete registry. Some values are left for the importer to infer: the level and
# parent of 19.71 and the website's code.
GOOD_ROWS = [
    {"record": "region", "code": "19", "name": "Kepulauan Bangka Belitung", "level": "province"},
    {
        "record": "region",
        "code": "19.02",
        "name": "Kabupaten Belitung",
        "parent": "19",
        "level": "regency",
    },
    {"record": "region", "code": "19.71", "name": "Kota Pangkal Pinang"},
    {
        "record": "agency_kind",
        "code": "disdukcapil",
        "name": "Dinas Kependudukan dan Pencatatan Sipil",
        "name_en": "Population and civil registration office",
    },
    {"record": "agency_kind", "code": "kantor-pertanahan", "name": "Kantor Pertanahan"},
    {
        "record": "government",
        "code": "pemkab-belitung",
        "name": "Pemerintah Kabupaten Belitung",
        "kind": "regional",
        "region": "19.02",
    },
    {
        "record": "government",
        "code": "kementerian-atr-bpn",
        "name": "Kementerian Agraria dan Tata Ruang/Badan Pertanahan Nasional",
        "kind": "central",
    },
    {
        "record": "provider",
        "code": "disdukcapil-belitung",
        "name": "Disdukcapil Kabupaten Belitung",
        "kind": "disdukcapil",
        "region": "19.02",
        "government": "pemkab-belitung",
    },
    {
        "record": "unit",
        "provider": "disdukcapil-belitung",
        "code": "kantor-utama",
        "name": "Loket Pelayanan Disdukcapil",
        "address": "Jl. Jenderal Sudirman No. 1, Tanjung Pandan",
        "latitude": "-2.7406",
        "longitude": "107.6525",
    },
    {
        "record": "product",
        "provider": "disdukcapil-belitung",
        "unit": "kantor-utama",
        "code": "ktp-el",
        "name": "Penerbitan KTP-el",
    },
    {
        "record": "product",
        "provider": "disdukcapil-belitung",
        "unit": "kantor-utama",
        "code": "kk",
        "name": "Penerbitan Kartu Keluarga",
    },
    {
        "record": "website",
        "provider": "disdukcapil-belitung",
        "url": "https://disdukcapil.belitungkab.go.id/",
    },
    {
        "record": "provider",
        "code": "kantah-belitung",
        "name": "Kantor Pertanahan Kabupaten Belitung",
        "kind": "kantor-pertanahan",
        "region": "19.02",
        "government": "kementerian-atr-bpn",
    },
]
GOOD_COUNTS = {
    "region": 3,
    "agency_kind": 2,
    "government": 2,
    "provider": 2,
    "unit": 1,
    "product": 2,
    "website": 1,
}
MODELS = {name: spec.model for name, spec in RECORD_TYPES.items()}


def write_csv(
    path: Path, rows: list[dict], columns=COLUMNS, delimiter: str = ",", encoding: str = "utf-8"
) -> Path:
    buffer = StringIO()
    writer = csv.DictWriter(buffer, fieldnames=columns, delimiter=delimiter, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    path.write_text(buffer.getvalue(), encoding=encoding)
    return path


def write_xlsx(path: Path, rows: list[list], sheet_title: str = "Registry") -> Path:
    """Rows are lists of cell values, the header included, as a person would type them."""
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = sheet_title
    for row in rows:
        sheet.append(row)
    workbook.save(path)
    return path


def read_xlsx(path: Path) -> list[tuple]:
    workbook = openpyxl.load_workbook(path, read_only=True)
    try:
        return list(workbook.worksheets[0].iter_rows(values_only=True))
    finally:
        workbook.close()


def registry_counts() -> dict[str, int]:
    return {name: model.objects.count() for name, model in MODELS.items()}


def registry(*args: str) -> tuple[str, str]:
    """Run `patuh registry ARGS…`; returns (stdout, stderr)."""
    out, err = StringIO(), StringIO()
    call_command("registry", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def summary(out: str) -> dict[str, tuple[int, int, int]]:
    """The import's counts: {record type: (created, updated, unchanged)}."""
    counts = {}
    for line in out.splitlines():
        match = re.fullmatch(r"(\w+): (\d+) created, (\d+) updated, (\d+) unchanged", line)
        if match:
            counts[match[1]] = tuple(int(n) for n in match.groups()[1:])
    return counts
