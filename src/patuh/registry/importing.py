"""Importing the registry from one flat CSV or XLSX table (see docs/registry-format.md).

An import either writes every row or nothing. It runs in three steps:

1. read_table() turns the file into rows of stripped text, or fails with one line naming the file;
2. plan_import() (patuh.registry.import_checks) checks every row against the rest of the file
   and the stored registry, and returns a Plan, or fails listing each problem as
   "row N, column C: reason";
3. apply_plan() writes the plan, matching stored rows by their natural key (the code).

import_registry() runs the three in one transaction.
"""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from django.db import IntegrityError, models, transaction

from patuh.audit.services import Action, record
from patuh.lib.spreadsheet import SpreadsheetError, read_rows
from patuh.registry.file_format import COLUMNS, PROGRESS_EVERY, RECORD_TYPES, Progress, RecordType
from patuh.registry.import_checks import (
    Entry,
    Plan,
    RegistryImportError,
    Stored,
    Table,
    plan_import,
)


@dataclass
class Counts:
    created: int = 0
    updated: int = 0
    unchanged: int = 0

    def __str__(self) -> str:
        return f"{self.created} created, {self.updated} updated, {self.unchanged} unchanged"


def import_registry(path: Path, progress: Progress | None = None) -> dict[str, Counts]:
    """Import the registry file at `path`; returns the counts per record type it holds.

    Raises RegistryImportError, having written nothing, when the file or any row is bad.
    """
    table = read_table(path)
    try:
        # One transaction for checking and writing, so the plan sees the rows it updates.
        with transaction.atomic():
            counts = apply_plan(plan_import(table, progress), progress)
            # Rows are written in bulk, past the per-object audit: one event says what changed.
            record(
                Action.IMPORT,
                object_type="registry.import",
                object_repr=table.origin[-250:],
                after={kind: str(count) for kind, count in counts.items()},
            )
            return counts
    except IntegrityError as exc:
        raise RegistryImportError(
            f"{table.origin}: the database refused the import ({exc}); nothing was imported"
        ) from exc


# Reading ----------------------------------------------------------------------------------------


def read_table(path: Path) -> Table:
    """Read a .csv or .xlsx file into text rows; the first row holds the column names."""
    try:
        rows = read_rows(path)
    except SpreadsheetError as exc:
        raise RegistryImportError(str(exc)) from exc
    if rows[0][0] != 1:
        raise RegistryImportError(
            f"{path}: row 1 is blank; it must hold the column names ({', '.join(COLUMNS)})"
        )
    return Table(str(path), header=rows[0][1], rows=rows[1:])


# Writing ----------------------------------------------------------------------------------------


def apply_plan(plan: Plan, progress: Progress | None = None) -> dict[str, Counts]:
    """Write the plan: update stored objects whose values differ, create the others.

    Record types are written in reference order, so every foreign key points at an object that
    already has its primary key. Regions go parents first. Returns counts per record type in
    the file.
    """
    objects = plan.stored
    counts: dict[str, Counts] = {}
    total = sum(len(entries) for entries in plan.entries.values())
    written = 0
    for name, entries in plan.entries.items():
        if not entries:
            continue
        spec = RECORD_TYPES[name]
        counts[name] = Counts()
        batches: Iterable[list[Entry]] = [entries]
        if name == "region":
            by_depth: dict[int, list[Entry]] = defaultdict(list)
            for entry in entries:
                by_depth[entry.key[0].count(".")].append(entry)
            batches = [by_depth[depth] for depth in sorted(by_depth)]
        for batch in batches:
            _write_batch(spec, batch, objects, counts[name])
            written += len(batch)
            if progress and total >= PROGRESS_EVERY:
                progress("written", written, total)
    return counts


def _write_batch(
    spec: RecordType,
    entries: list[Entry],
    objects: Stored,
    counts: Counts,
) -> None:
    to_create, to_update, changed_fields = [], [], set()
    for entry in entries:
        values = dict(entry.values)
        for fk, ref in entry.refs.items():
            values[fk] = objects[spec.refs[fk][0]][ref] if ref else None
        obj = objects[spec.name].get(entry.key)
        if obj is None:
            obj = spec.model(**values)
            objects[spec.name][entry.key] = obj
            to_create.append(obj)
            continue
        changed = [name for name, value in values.items() if _differs(obj, name, value)]
        if not changed:
            counts.unchanged += 1
            continue
        for name in changed:
            setattr(obj, name, values[name])
        changed_fields.update(changed)
        to_update.append(obj)
    # Updates first: a unique value (a URL, a government's region) that a stored record gives
    # up may be taken by a new one.
    if to_update:
        spec.model.objects.bulk_update(to_update, sorted(changed_fields), batch_size=500)
    spec.model.objects.bulk_create(to_create, batch_size=500)
    counts.created += len(to_create)
    counts.updated += len(to_update)


def _differs(obj: models.Model, name: str, value: object) -> bool:
    model_field = obj._meta.get_field(name)
    if model_field.is_relation:
        return getattr(obj, model_field.attname) != (value.pk if value else None)
    return getattr(obj, name) != value
