"""Exporting the registry as the flat table that `patuh registry import` reads back.

Rows come top-down: regions (parents first), agency kinds, governments, then each provider
followed by its units (each with its products) and its websites. Every value is written out,
including the ones the importer could infer, so export → import → export gives the same file.
"""

from collections import defaultdict
from collections.abc import Callable, Iterator
from decimal import Decimal

from patuh.lib.spreadsheet import Cell
from patuh.registry.file_format import COLUMNS, PROGRESS_EVERY
from patuh.registry.models import (
    AgencyKind,
    Government,
    Provider,
    Region,
    ServiceProduct,
    ServiceUnit,
    Website,
)


def registry_rows(progress: Callable[[int], None] | None = None) -> Iterator[list[Cell]]:
    """Yield the header and one row per registry record, in seven queries.

    `progress(rows)` is called every PROGRESS_EVERY rows.
    """
    for count, row in enumerate(_rows(), start=1):
        yield row
        if progress and count % PROGRESS_EVERY == 0:
            progress(count)


def _rows() -> Iterator[list[Cell]]:
    yield list(COLUMNS)
    for region in Region.objects.select_related("parent").order_by("code"):
        yield _row(
            "region",
            code=region.code,
            name=region.name,
            parent=region.parent.code if region.parent else "",
            level=region.level,
        )
    for kind in AgencyKind.objects.order_by("code"):
        yield _row("agency_kind", code=kind.code, name=kind.name, name_en=kind.name_en)
    for government in Government.objects.select_related("region").order_by("code"):
        yield _row(
            "government",
            code=government.code,
            name=government.name,
            kind=government.kind,
            region=government.region.code if government.region else "",
        )

    units, products, websites = defaultdict(list), defaultdict(list), defaultdict(list)
    for unit in ServiceUnit.objects.order_by("code"):
        units[unit.provider_id].append(unit)
    for product in ServiceProduct.objects.order_by("code"):
        products[product.unit_id].append(product)
    for website in Website.objects.order_by("code"):
        websites[website.provider_id].append(website)
    providers = Provider.objects.select_related("kind", "region", "government").order_by("code")
    for provider in providers:
        yield _row(
            "provider",
            code=provider.code,
            name=provider.name,
            kind=provider.kind.code,
            region=provider.region.code,
            government=provider.government.code,
        )
        for unit in units[provider.pk]:
            yield _row(
                "unit",
                provider=provider.code,
                code=unit.code,
                name=unit.name,
                address=unit.address,
                latitude=_number(unit.latitude),
                longitude=_number(unit.longitude),
            )
            for product in products[unit.pk]:
                yield _row(
                    "product",
                    provider=provider.code,
                    unit=unit.code,
                    code=product.code,
                    name=product.name,
                )
        for website in websites[provider.pk]:
            yield _row("website", provider=provider.code, code=website.code, url=website.url)


def _row(record: str, **values: Cell) -> list[Cell]:
    values["record"] = record
    return [values.get(column) for column in COLUMNS]


def _number(value: Decimal | None) -> Decimal | None:
    """A coordinate without the trailing zeros of its six stored decimals (-2.740600 → -2.7406)."""
    if value is None:
        return None
    normalized = value.normalize()
    # normalize() writes whole numbers with an exponent (100 → 1E+2); quantize brings them back.
    return normalized.quantize(Decimal(1)) if normalized == normalized.to_integral() else normalized
