"""Importing the registry from one flat CSV or XLSX table (see docs/registry-format.md).

An import either writes every row or nothing. It runs in three steps:

1. read_table() turns the file into rows of stripped text, or fails with one line naming the file;
2. plan_import() checks every row against the rest of the file and the stored registry, and
   returns a Plan, or fails listing each problem as "row N, column C: reason";
3. apply_plan() writes the plan, matching stored rows by their natural key (the code).

import_registry() runs the three in one transaction.
"""

from collections import defaultdict
from collections.abc import Callable, Iterable
from contextlib import suppress
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from openpyxl.utils import get_column_letter

from patuh.audit.services import Action, record
from patuh.lib.spreadsheet import SpreadsheetError, read_rows
from patuh.registry.file_format import (
    CHOICE_COLUMNS,
    COLUMNS,
    PROGRESS_EVERY,
    RECORD_TYPES,
    Key,
    Progress,
    RecordType,
)
from patuh.registry.models import (
    AgencyKind,
    Government,
    Provider,
    Region,
    ServiceProduct,
    ServiceUnit,
    Website,
    region_code_validator,
)


class RegistryImportError(ValueError):
    """The file cannot be imported and nothing was written; `problems` lists each bad cell."""

    def __init__(self, message: str, problems: Iterable[str] = ()):
        self.message = message
        self.problems = list(problems)
        super().__init__("\n".join([message, *self.problems]))


@dataclass(frozen=True)
class Table:
    origin: str  # the file as the user named it, for messages
    header: list[str]
    rows: list[tuple[int, list[str]]]  # (spreadsheet row number, cells); blank rows left out


@dataclass
class Entry:
    """One checked row: the record it defines and the values to store."""

    row: int
    key: Key
    values: dict[str, object]  # model field → cleaned value, for the columns the file has
    refs: dict[str, Key | None]  # foreign key field → key of the record it points to


@dataclass
class Plan:
    entries: dict[str, list[Entry]]  # record type → entries, in file order
    stored: dict[str, dict[Key, models.Model]]  # record type → stored objects by key


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


# Checking ---------------------------------------------------------------------------------------


class _Problems:
    def __init__(self):
        self.found: list[tuple[int, int, str, str]] = []
        self.rows: set[int] = set()

    def add(self, row: int, column: str, reason: str) -> None:
        order = COLUMNS.index(column) if column in COLUMNS else len(COLUMNS)
        self.found.append((row, order, column, reason))
        self.rows.add(row)

    def raise_if_any(self, origin: str) -> None:
        if not self.found:
            return
        count = len(self.found)
        raise RegistryImportError(
            f"{origin}: {count} problem{'s' if count > 1 else ''} found; nothing was imported",
            [
                f"row {row}, column {column}: {reason}"
                for row, _, column, reason in sorted(self.found)
            ],
        )


def plan_import(table: Table, progress: Progress | None = None) -> Plan:
    """Check every row of `table` and return what to write.

    Steps: check the header; give each row its record type and key, finding duplicates; check
    each row's values with the model's own validation and its references against the file and
    the stored registry; check that no two records claim what must be unique. Raises
    RegistryImportError listing every problem found.
    """
    problems = _Problems()
    columns = _check_header(table, problems)
    problems.raise_if_any(table.origin)
    rows = [(number, _row_values(cells, columns)) for number, cells in table.rows]
    _check_header_covers(rows, columns, problems)
    problems.raise_if_any(table.origin)

    stored = _load_registry()
    prepared: dict[str, list[tuple[int, Key, dict[str, str]]]] = defaultdict(list)
    seen: dict[str, dict[Key, int]] = defaultdict(dict)
    for number, values in rows:
        spec = _record_type(number, values, problems)
        if spec is None:
            continue
        _prepare(spec, number, values, problems)
        key = tuple(values.get(column, "") for column in spec.key)
        # A row with an empty key cell has been reported; its other cells are still checked.
        if all(key) and key in seen[spec.name]:
            problems.add(
                number,
                spec.key[-1],
                f"{_describe(spec.name, key)} is already defined on row {seen[spec.name][key]}",
            )
        elif all(key):
            seen[spec.name][key] = number
        prepared[spec.name].append((number, key, values))

    entries: dict[str, list[Entry]] = {name: [] for name in RECORD_TYPES}
    checked = 0
    for name, items in prepared.items():
        spec = RECORD_TYPES[name]
        for number, key, values in items:
            entry = _check_row(spec, number, key, values, seen, stored, problems)
            if entry is not None:
                entries[name].append(entry)
            checked += 1
            if progress and checked % PROGRESS_EVERY == 0:
                progress("checked", checked, len(rows))
    _check_unique(
        "government",
        "region",
        entries["government"],
        lambda entry: entry.refs["region"] and entry.refs["region"][0],
        {g.region.code: key for key, g in stored["government"].items() if g.region},
        problems,
    )
    _check_unique(
        "website",
        "url",
        entries["website"],
        lambda entry: entry.values["url"],
        {w.url: key for key, w in stored["website"].items()},
        problems,
    )
    problems.raise_if_any(table.origin)
    return Plan(entries, stored)


def _check_header(table: Table, problems: _Problems) -> dict[str, int]:
    """Map each column name to its position; unknown, repeated or unnamed columns are problems."""
    if "record" not in (raw.lower() for raw in table.header):
        # Most likely the header row is missing altogether: one problem says it all.
        raise RegistryImportError(
            f"{table.origin}: row 1 has no record column; it must hold the column names "
            f"({', '.join(COLUMNS)}), and nothing was imported"
        )
    columns: dict[str, int] = {}
    for index, raw in enumerate(table.header):
        name = raw.lower()
        if not name:
            continue
        if name not in COLUMNS:
            problems.add(1, raw, f"unknown column; the columns are {', '.join(COLUMNS)}")
        elif name in columns:
            problems.add(
                1,
                name,
                f"appears twice (columns {get_column_letter(columns[name] + 1)} "
                f"and {get_column_letter(index + 1)})",
            )
        else:
            columns[name] = index
    named = {index for index, raw in enumerate(table.header) if raw}
    for number, cells in table.rows:
        for index, cell in enumerate(cells):
            if cell and index not in named:
                problems.add(
                    number, get_column_letter(index + 1), "a value in a column without a name"
                )
    return columns


def _row_values(cells: list[str], columns: dict[str, int]) -> dict[str, str]:
    values = {name: cells[index] if index < len(cells) else "" for name, index in columns.items()}
    for name in CHOICE_COLUMNS & values.keys():
        values[name] = values[name].lower()
    return values


def _check_header_covers(
    rows: list[tuple[int, dict[str, str]]], columns: dict[str, int], problems: _Problems
) -> None:
    """Each column a present record type requires must be in the header: one problem each."""
    first_row: dict[str, int] = {}
    for number, values in rows:
        first_row.setdefault(values["record"], number)
    for name, spec in RECORD_TYPES.items():
        if name not in first_row:
            continue
        for column in spec.required:
            if column not in columns:
                problems.add(
                    1,
                    column,
                    f"missing; {name} rows need it (the first is row {first_row[name]})",
                )


def _record_type(number: int, values: dict[str, str], problems: _Problems) -> RecordType | None:
    record = values["record"]
    spec = RECORD_TYPES.get(record)
    if spec is None:
        reason = f"unknown record type {record!r}" if record else "empty"
        problems.add(number, "record", f"{reason}; use one of {', '.join(RECORD_TYPES)}")
        return None
    for column, value in values.items():
        if value and column not in spec.columns:
            problems.add(number, column, f"not used by {record} rows; leave it empty")
    for column in spec.required:
        if column in values and not values[column]:
            problems.add(number, column, f"required for {record} rows")
    return spec


def _prepare(
    spec: RecordType,
    number: int,
    values: dict[str, str],
    problems: _Problems,
) -> None:
    """Fill in the values the format lets a row leave out (in place)."""
    if spec.name == "region":
        _prepare_region(number, values, problems)
    elif spec.name == "website" and not values.get("code"):
        # A URL without a host name is invalid, and reported as such.
        with suppress(ValueError):
            values["code"] = urlsplit(values["url"]).hostname or ""
    elif spec.name == "unit":
        for column in ("latitude", "longitude"):
            # A decimal comma, as spreadsheets in Indonesian locales write it.
            if column in values and values[column].count(",") == 1:
                values[column] = values[column].replace(",", ".")


def _prepare_region(number: int, values: dict[str, str], problems: _Problems) -> None:
    code = values["code"]
    try:
        region_code_validator(code)
    except ValidationError:
        return  # the model's validation reports the code
    expected_parent, _, _ = code.rpartition(".")
    parent = values.get("parent", "")
    if parent and parent != expected_parent:
        problems.add(
            number,
            "parent",
            f"must be {expected_parent}, the code without its last part"
            if expected_parent
            else "a province has no parent; leave it empty",
        )
    values["parent"] = expected_parent
    level = values.get("level", "")
    if not level:
        inferred = _infer_level(code)
        if inferred is None:
            problems.add(number, "level", f"cannot be told from code {code}; give regency or city")
        else:
            values["level"] = inferred
    elif (level == Region.Level.PROVINCE) != (not expected_parent):
        problems.add(
            number,
            "level",
            f"{level} does not fit code {code}: only a code without a dot is a province",
        )


def _infer_level(code: str) -> str | None:
    """Kemendagri numbering: "19" is a province; in "19.02", 01-69 are regencies, 71-99 cities."""
    parts = code.split(".")
    if len(parts) == 1:
        return Region.Level.PROVINCE
    if len(parts) == 2 and 1 <= int(parts[1]) <= 69:
        return Region.Level.REGENCY
    if len(parts) == 2 and 71 <= int(parts[1]) <= 99:
        return Region.Level.CITY
    return None


def _check_row(
    spec: RecordType,
    number: int,
    key: Key,
    values: dict[str, str],
    seen: dict[str, dict[Key, int]],
    stored: dict[str, dict[Key, models.Model]],
    problems: _Problems,
) -> Entry | None:
    """Validate one row's values and references; returns None when the row has a problem."""
    # Only the columns the file has are set, so leaving a column out keeps the stored value.
    given = {name: values[name] for name in spec.fields if name in values}
    instance = spec.model(
        **{
            name: None if value == "" and _nullable(spec, name) else value
            for name, value in given.items()
        }
    )
    # Empty cells the model requires have been reported, or follow from a reported problem.
    empty = [f.name for f in spec.model._meta.fields if given.get(f.name) == "" and not f.blank]
    exclude = [f.name for f in spec.model._meta.fields if f.name not in given or f.name in empty]
    try:
        instance.full_clean(exclude=exclude, validate_unique=False, validate_constraints=False)
    except ValidationError as exc:
        for name, messages in exc.message_dict.items():
            for message in messages:
                problems.add(number, name, message)

    refs: dict[str, Key | None] = {}
    for fk, (target, columns) in spec.refs.items():
        ref = tuple(values.get(column, "") for column in columns)
        if not all(ref):
            refs[fk] = None
            continue
        refs[fk] = ref
        if ref not in seen[target] and ref not in stored[target]:
            problems.add(
                number,
                columns[-1],
                f"{_describe(target, ref)} is neither in the file nor in the registry",
            )
    if spec.name == "government":
        _check_government(number, values, refs, problems)
    if number in problems.rows:
        return None
    for name in empty:  # a safety net: no row may store an empty required value
        problems.add(number, name, f"required for {spec.name} rows")
    if empty:
        return None
    return Entry(number, key, {name: getattr(instance, name) for name in given}, refs)


def _nullable(spec: RecordType, name: str) -> bool:
    return spec.model._meta.get_field(name).null


def _check_government(
    number: int, values: dict[str, str], refs: dict[str, Key | None], problems: _Problems
) -> None:
    if values["kind"] == Government.Kind.REGIONAL and refs["region"] is None:
        problems.add(number, "region", "required for a regional government")
    elif values["kind"] == Government.Kind.CENTRAL and refs["region"] is not None:
        problems.add(number, "region", "must be empty for a central government")


def _check_unique(
    record: str,
    column: str,
    entries: list[Entry],
    value_of: Callable[[Entry], str | None],
    stored: dict[str, Key],
    problems: _Problems,
) -> None:
    """Check that a column stays unique once the entries are written.

    `stored` maps each stored value to the key of the record holding it; a record in the file
    gives up its stored value. (Two records swapping values pass here but fail when written,
    which import_registry() reports without writing anything.)
    """
    mine = {entry.key for entry in entries}
    holders = {
        value: f"{_describe(record, key)} in the registry"
        for value, key in stored.items()
        if key not in mine
    }
    for entry in entries:
        value = value_of(entry)
        if not value:
            continue
        holder = holders.get(value)
        if holder is not None:
            problems.add(entry.row, column, f"{value} already belongs to {holder}")
        else:
            holders[value] = f"{_describe(record, entry.key)} on row {entry.row}"


def _describe(record: str, key: Key) -> str:
    """A record for a message: "provider disdukcapil-belitung", "unit kantor of provider …"."""
    match record, key:
        case "unit", (provider, code):
            return f"unit {code} of provider {provider}"
        case "product", (provider, unit, code):
            return f"product {code} of unit {unit} of provider {provider}"
        case "website", (provider, code):
            return f"website {code} of provider {provider}"
    return f"{record.replace('_', ' ')} {key[0]}"


def _load_registry() -> dict[str, dict[Key, models.Model]]:
    """Every stored registry object, by record type and natural key (seven queries)."""
    providers = {(p.code,): p for p in Provider.objects.all()}
    provider_code = {p.pk: p.code for p in providers.values()}
    units = {(provider_code[u.provider_id], u.code): u for u in ServiceUnit.objects.all()}
    unit_key = {u.pk: key for key, u in units.items()}
    return {
        "region": {(r.code,): r for r in Region.objects.all()},
        "agency_kind": {(k.code,): k for k in AgencyKind.objects.all()},
        "government": {(g.code,): g for g in Government.objects.select_related("region")},
        "provider": providers,
        "unit": units,
        "product": {(*unit_key[p.unit_id], p.code): p for p in ServiceProduct.objects.all()},
        "website": {(provider_code[w.provider_id], w.code): w for w in Website.objects.all()},
    }


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
    objects: dict[str, dict[Key, models.Model]],
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
