"""Checking a registry file before anything is written (step 2 of patuh.registry.importing).

plan_import() checks every row against the rest of the file and the stored registry, and returns
a Plan, or raises RegistryImportError listing each problem as "row N, column C: reason". Every
row is checked, so one run reports all the problems of a file.
"""

from collections import defaultdict
from collections.abc import Callable, Iterable
from contextlib import suppress
from dataclasses import dataclass
from urllib.parse import urlsplit

from django.core.exceptions import ValidationError
from django.db import models
from openpyxl.utils import get_column_letter

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

# Rows read from the file: (spreadsheet row number, column name → cell text).
type Rows = list[tuple[int, dict[str, str]]]
# Record type → (row number, key, values) of each of its rows, in file order.
type Prepared = dict[str, list[tuple[int, Key, dict[str, str]]]]
# Record type → the key of each record defined in the file → the row defining it.
type Seen = dict[str, dict[Key, int]]
# Record type → stored objects by key.
type Stored = dict[str, dict[Key, models.Model]]


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
    stored: Stored


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
    prepared, seen = _prepare_rows(rows, problems)
    entries = _check_rows(prepared, seen, stored, problems, progress, len(rows))
    _check_unique_values(entries, stored, problems)
    problems.raise_if_any(table.origin)
    return Plan(entries, stored)


def _prepare_rows(rows: Rows, problems: _Problems) -> tuple[Prepared, Seen]:
    """Each row's record type and key, with the values the format lets it leave out filled in;
    and the row defining each key (a key defined twice is a problem)."""
    prepared: Prepared = defaultdict(list)
    seen: Seen = defaultdict(dict)
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
    return prepared, seen


def _check_rows(
    prepared: Prepared,
    seen: Seen,
    stored: Stored,
    problems: _Problems,
    progress: Progress | None,
    total: int,
) -> dict[str, list[Entry]]:
    """The entry of every row whose values and references are good, by record type."""
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
                progress("checked", checked, total)
    return entries


def _check_unique_values(
    entries: dict[str, list[Entry]], stored: Stored, problems: _Problems
) -> None:
    """A region has at most one government, and a URL belongs to one website."""
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
    seen: Seen,
    stored: Stored,
    problems: _Problems,
) -> Entry | None:
    """Validate one row's values and references; returns None when the row has a problem."""
    # Only the columns the file has are set, so leaving a column out keeps the stored value.
    given = {name: values[name] for name in spec.fields if name in values}
    instance, empty = _clean(spec, number, given, problems)
    refs = _check_refs(spec, number, values, seen, stored, problems)
    if spec.name == "government":
        _check_government(number, values, refs, problems)
    if number in problems.rows:
        return None
    for name in empty:  # a safety net: no row may store an empty required value
        problems.add(number, name, f"required for {spec.name} rows")
    if empty:
        return None
    return Entry(number, key, {name: getattr(instance, name) for name in given}, refs)


def _clean(
    spec: RecordType, number: int, given: dict[str, str], problems: _Problems
) -> tuple[models.Model, list[str]]:
    """The row's values on an unsaved object, checked by the model's own validation; and the
    fields that the model requires but the row leaves empty."""
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
    return instance, empty


def _check_refs(
    spec: RecordType,
    number: int,
    values: dict[str, str],
    seen: Seen,
    stored: Stored,
    problems: _Problems,
) -> dict[str, Key | None]:
    """The key of the record each foreign key points to (None: empty), which must be defined
    in the file or stored."""
    refs: dict[str, Key | None] = {}
    for fk, (target, columns) in spec.refs.items():
        ref = tuple(values.get(column, "") for column in columns)
        refs[fk] = ref if all(ref) else None
        if all(ref) and ref not in seen[target] and ref not in stored[target]:
            problems.add(
                number,
                columns[-1],
                f"{_describe(target, ref)} is neither in the file nor in the registry",
            )
    return refs


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


def _load_registry() -> Stored:
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
