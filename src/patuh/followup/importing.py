"""Importing the Ombudsman's supervision products of a cycle in bulk from one CSV or XLSX table,
all or nothing, like the registry import (patuh.registry.importing).

One row per item; the rows of one product share its number and repeat its kind, date,
deadline and addressee. Columns (docs/followup.md):

    number, kind, date, deadline, provider, government, item

`provider` (a provider's code) or `government` (a government's code) names the addressee, one
of the two. `deadline` may be empty for a `rekomendasi` (60 days after its date). Every row is
checked before anything is written; the error lists each problem as "row N: reason".
"""

import datetime as dt
from pathlib import Path

from django.db import transaction

from patuh.assessments.models import Cycle
from patuh.audit.services import Action, record
from patuh.followup.models import Product
from patuh.followup.services import ProductSpec, check_product, register_products
from patuh.lib.spreadsheet import SpreadsheetError, read_rows
from patuh.registry.models import Government, Provider

COLUMNS = ("number", "kind", "date", "deadline", "provider", "government", "item")
# The columns every row of one product repeats.
SHARED = ("kind", "date", "deadline", "provider", "government")


class ProductImportError(Exception):
    """The file cannot be imported; the message lists every problem, one per line."""


def import_products(cycle: Cycle, path: Path, user=None) -> list[Product]:
    """Register every product of the file at `path` in `cycle`, or none; the products.

    Steps: read the table; group its rows by number, each group checked against its first row;
    check each product as the office's form does (patuh.followup.services.check_product);
    then write them all in one transaction with one audit event for the import.
    """
    try:
        rows = read_rows(path)
    except SpreadsheetError as exc:
        raise ProductImportError(str(exc)) from exc
    header_number, header = rows[0]
    missing = [column for column in COLUMNS if column not in header]
    if header_number != 1 or missing:
        raise ProductImportError(
            f"{path}: row 1 must name the columns {', '.join(COLUMNS)}"
            + (f" (missing: {', '.join(missing)})" if missing else "")
        )
    records = [(number, dict(zip(header, cells, strict=False))) for number, cells in rows[1:]]
    errors: list[str] = []
    groups: dict[str, list[tuple[int, dict]]] = {}
    for number, values in records:
        if not values.get("number"):
            errors.append(f"row {number}: the product's number is empty")
            continue
        groups.setdefault(values["number"], []).append((number, values))
    specs = []
    for product_number, group in groups.items():
        spec = _spec(product_number, group, errors)
        if spec is not None:
            first = group[0][0]
            errors += [f"row {first}: {problem}" for problem in check_product(cycle, spec)]
            specs.append(spec)
    if errors:
        raise ProductImportError("\n".join([f"{path}: nothing was imported", *errors]))
    with transaction.atomic():
        products = register_products(cycle, specs, user)
        record(
            Action.IMPORT,
            object_type="followup.product",
            object_repr=str(path)[-250:],
            cycle_id=cycle.pk,
            after={"products": len(products), "items": sum(len(s.items) for s in specs)},
        )
    return products


def _spec(product_number: str, group: list[tuple[int, dict]], errors: list[str]):
    """The product of a group of rows; None (with the problems added to `errors`) if unclear."""
    first_row, first = group[0]
    before = len(errors)
    for number, values in group[1:]:
        for column in SHARED:
            if values.get(column, "") != first.get(column, ""):
                errors.append(
                    f"row {number}: {column} “{values.get(column, '')}” differs from row"
                    f" {first_row} of product {product_number}"
                )
    for number, values in group:
        if not values.get("item"):
            errors.append(f"row {number}: the item is empty")
    issued_on = _date(first, "date", first_row, errors, required=True)
    deadline = _date(first, "deadline", first_row, errors, required=False)
    owner = _owner(first, first_row, errors)
    if len(errors) > before:
        return None
    return ProductSpec(
        kind=first.get("kind", ""),
        number=product_number,
        issued_on=issued_on,
        deadline=deadline,
        owner=owner,
        items=[values["item"] for _number, values in group],
    )


def _date(values: dict, column: str, row: int, errors: list[str], *, required: bool):
    text = values.get(column, "")
    if not text:
        if required:
            errors.append(f"row {row}: {column} is empty")
        return None
    try:
        return dt.date.fromisoformat(text[:10])
    except ValueError:
        errors.append(f"row {row}: {column} “{text}” is not a date (YYYY-MM-DD)")
        return None


def _owner(values: dict, row: int, errors: list[str]):
    provider, government = values.get("provider", ""), values.get("government", "")
    if bool(provider) == bool(government):
        errors.append(f"row {row}: give either provider or government, one of the two")
        return None
    model, code = (Provider, provider) if provider else (Government, government)
    found = model.objects.filter(code=code).first()
    if found is None:
        column = "provider" if provider else "government"
        errors.append(f"row {row}: {column} “{code}” is not in the registry")
    return found
