"""`patuh followup import CYCLE FILE`: supervision products in bulk, all or nothing."""

import datetime as dt

import pytest
from django.core.management.base import CommandError
from openpyxl import Workbook

from patuh.audit.models import AuditEvent
from patuh.followup.models import Finding, Product
from tests.commands import run

HEADER = "number,kind,date,deadline,provider,government,item"


def write(tmp_path, *lines: str):
    path = tmp_path / "products.csv"
    path.write_text("\n".join([HEADER, *lines]) + "\n", encoding="utf-8")
    return path


def test_products_and_their_items_are_imported_and_audited(tmp_path, cycle, provider_a, provider_b):
    government = provider_b.government.code
    path = write(
        tmp_path,
        f"REK-1,rekomendasi,2025-06-02,,{provider_a.code},,Tetapkan standar pelayanan",
        f"REK-1,rekomendasi,2025-06-02,,{provider_a.code},,Sediakan sarana pengaduan",
        f"SP-2,saran-perbaikan,2025-07-01,2025-09-01,,{government},Perbaiki maklumat",
    )

    out = run("followup", "import", cycle.code, str(path))

    assert out == f"Imported 2 products with 3 items into {cycle.code}.\n"
    recommendation = Product.objects.get(number="REK-1")
    assert (recommendation.provider, recommendation.deadline) == (provider_a, dt.date(2025, 8, 1))
    assert Product.objects.get(number="SP-2").government == provider_b.government
    assert Finding.objects.filter(product__isnull=False).count() == 3
    assert AuditEvent.objects.filter(action="import", object_type="followup.product").exists()


def test_a_deadline_before_the_date_is_refused_with_its_row_and_nothing_is_imported(
    tmp_path, cycle, provider_a
):
    path = write(
        tmp_path,
        f"REK-1,rekomendasi,2025-06-02,,{provider_a.code},,Tetapkan standar pelayanan",
        f"SP-2,saran-perbaikan,2025-07-01,2025-06-30,{provider_a.code},,Perbaiki maklumat",
    )

    with pytest.raises(CommandError) as refused:
        run("followup", "import", cycle.code, str(path))

    assert "row 3: The deadline 2025-06-30 is before the product's date 2025-07-01" in str(
        refused.value
    )
    assert not Product.objects.exists()


def test_every_bad_row_is_named(tmp_path, cycle, provider_a):
    path = write(
        tmp_path,
        f"REK-1,rekomendasi,2025-06-02,,{provider_a.code},,Item",
        f"REK-1,rekomendasi,2025-06-03,,{provider_a.code},,Item dua",
        "X-1,teguran,2025-13-01,,nobody,,Item",
        f",rekomendasi,2025-06-02,,{provider_a.code},,Item",
    )

    with pytest.raises(CommandError) as refused:
        run("followup", "import", cycle.code, str(path))

    message = str(refused.value)
    assert "row 3: date “2025-06-03” differs from row 2 of product REK-1" in message
    assert "row 4: date “2025-13-01” is not a date" in message
    assert "row 4: provider “nobody” is not in the registry" in message
    assert "row 5: the product's number is empty" in message
    assert not Product.objects.exists()


def test_an_xlsx_table_is_read_too(tmp_path, cycle, provider_a):
    book = Workbook()
    sheet = book.active
    sheet.append(HEADER.split(","))
    sheet.append(
        ["TK-1", "tindakan-korektif", "2025-06-02", "2025-07-02", provider_a.code, "", "A"]
    )
    path = tmp_path / "products.xlsx"
    book.save(path)

    run("followup", "import", cycle.code, str(path))

    assert Product.objects.get().deadline == dt.date(2025, 7, 2)
