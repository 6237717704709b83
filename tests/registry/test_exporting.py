"""The registry export service: rows in import order, in a fixed number of queries."""

from decimal import Decimal

import pytest

from patuh.registry.exporting import registry_rows
from patuh.registry.file_format import COLUMNS
from patuh.registry.models import ServiceUnit
from tests import factories

pytestmark = pytest.mark.django_db


def test_export_takes_seven_queries_however_big_the_registry(django_assert_num_queries):
    factories.provider("disdukcapil-a", units=3)
    factories.provider("dpmptsp-a", units=2, products_per_unit=4)
    factories.provider(
        "kantah-a",
        in_region=factories.region("19.06", "Kabupaten Belitung Timur"),
        kind=factories.agency_kind("kantor-pertanahan", "Kantor Pertanahan"),
    )

    with django_assert_num_queries(7):
        rows = list(registry_rows())

    # header, 3 regions, 2 kinds, 2 governments, 3 providers, 6 units, 16 products, 3 websites
    assert len(rows) == 1 + 3 + 2 + 2 + 3 + 6 + 16 + 3


def test_each_provider_is_followed_by_its_units_products_and_websites():
    factories.provider("disdukcapil-a", units=2, products_per_unit=1)

    rows = [dict(zip(COLUMNS, row, strict=True)) for row in registry_rows()][1:]

    assert [(row["record"], row["provider"] or row["code"], row["code"]) for row in rows[4:]] == [
        ("provider", "disdukcapil-a", "disdukcapil-a"),
        ("unit", "disdukcapil-a", "unit-1"),
        ("product", "disdukcapil-a", "product-1"),
        ("unit", "disdukcapil-a", "unit-2"),
        ("product", "disdukcapil-a", "product-1"),
        ("website", "disdukcapil-a", "disdukcapil-a.example.go.id"),
    ]


@pytest.mark.parametrize(
    ("stored", "exported"),
    [
        (Decimal("-2.740600"), Decimal("-2.7406")),
        (Decimal("100.000000"), Decimal("100")),
        (Decimal("0.000000"), Decimal("0")),
        (None, None),
    ],
)
def test_coordinates_are_written_without_trailing_zeros(stored, exported):
    provider = factories.provider("disdukcapil-a", units=0, website=False)
    ServiceUnit.objects.create(provider=provider, code="loket", name="Loket", longitude=stored)

    unit = next(row for row in registry_rows() if row[0] == "unit")

    longitude = unit[COLUMNS.index("longitude")]
    assert longitude == exported
    assert str(longitude) == str(exported)
