"""Scoring a stored cycle: load subjects and answers set-based, run the engine, keep a snapshot."""

import datetime as dt
import json
from collections.abc import Callable, Collection, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from decimal import Decimal
from functools import cache

from django.db import connection, transaction
from django.db.models import Count, Max
from django.utils import timezone

from patuh.assessments.models import SUBJECT_FIELD, Answer, Cycle, Level
from patuh.instruments.definition import NA, Instrument
from patuh.lib.garbage import collector_paused
from patuh.lib.progress import Progress, no_progress
from patuh.registry.models import Provider, ServiceProduct, ServiceUnit, Website
from patuh.scoring.compliance import cycle_compliance
from patuh.scoring.engine import ScoreReport, Subject, Tally, score_tallies, tally_answers
from patuh.scoring.models import ScoreSnapshot, SubjectScore


def cycle_subjects(cycle: Cycle, providers: Collection[int] | None = None) -> list[Subject]:
    """Every subject of the cycle's scope, each linked to its parent, in five queries; with
    `providers` (ids), only those of them in the scope, with their regions and what they hold.

    Products and websites are subjects only where the instrument answers at their level (an
    opini-2025 round over agencies assessed before keeps their products out). Keys are
    (level, id). A provider's parent is the region of its government when that is a regional
    government; providers of central governments (vertical offices) have no region score.
    Rows are read as tuples, not model instances: a national cycle has tens of thousands.
    """
    subjects: list[Subject] = []
    regions: dict[int, Subject] = {}
    by_id: dict[int, Subject] = {}
    in_scope = Provider.objects.filter(cycles=cycle)
    if providers is not None:
        in_scope = in_scope.filter(pk__in=providers)

    def held(path: str) -> dict:
        """The filter of what the providers in scope hold, `path` leading to the provider."""
        if providers is None:
            return {f"{path}__cycles": cycle}
        return {f"{path}__in": in_scope.values("pk")}

    provider_rows = in_scope.order_by("pk").values_list(
        "pk",
        "code",
        "name",
        "kind__code",
        "region__code",
        "government__region_id",
        "government__region__code",
        "government__region__name",
    )
    for (
        pk,
        code,
        name,
        kind,
        region_code,
        gov_region_id,
        gov_region_code,
        gov_region_name,
    ) in provider_rows:
        parent = None
        if gov_region_id is not None:
            parent = regions.get(gov_region_id)
            if parent is None:
                parent = Subject(
                    "region", ("region", gov_region_id), gov_region_code, gov_region_name
                )
                regions[gov_region_id] = parent
                subjects.append(parent)
        path = Provider.path_of(region_code, code)
        by_id[pk] = Subject("provider", ("provider", pk), path, name, parent, kind)
        subjects.append(by_id[pk])
    units = _add_children(
        subjects,
        "unit",
        by_id,
        ServiceUnit.objects.filter(**held("provider")).values_list(
            "pk", "provider_id", "code", "name"
        ),
    )
    answered_levels = cycle.instrument_version.parsed.levels
    if Level.PRODUCT in answered_levels:
        _add_children(
            subjects,
            "product",
            units,
            ServiceProduct.objects.filter(**held("unit__provider")).values_list(
                "pk", "unit_id", "code", "name"
            ),
        )
    if Level.WEBSITE in answered_levels:
        _add_children(
            subjects,
            "website",
            by_id,
            Website.objects.filter(**held("provider")).values_list(
                "pk", "provider_id", "code", "url"
            ),
        )
    return subjects


def _add_children(subjects, level, parents, rows) -> dict[int, Subject]:
    """Append a Subject per (id, parent id, code, name) row, in id order; returns them by id."""
    added = {}
    for pk, parent_id, code, name in sorted(rows):
        parent = parents[parent_id]
        added[pk] = Subject(level, (level, pk), f"{parent.path}/{code}", name, parent)
        subjects.append(added[pk])
    return added


_PRICE_TABLE = "patuh_answer_price"

# The bits of a summed integer column: SQLite adds 64-bit signed integers (PostgreSQL sums
# bigints as numeric), so sums below 2 ** 63 are exact.
_WORD_BITS = 63

# Per packed column of the price table (w0, w1, ...): (slot, shift, mask) of each sum it holds.
# Slot 2n holds the earned points of the instrument's n-th dimension, slot 2n + 1 its possible
# points.
PointsLayout = list[list[tuple[int, int, int]]]


@contextmanager
def _price_table(cursor, instrument: Instrument) -> Iterator[PointsLayout]:
    """A temporary table of the points of every answer value the instrument lists; yields how
    its packed columns hold the points per dimension.

    A table with a primary key rather than a VALUES list: SQLite would scan an unindexed list once
    per answer. Besides each value's earned and possible points, the table packs them into the
    slots of its dimension (see _pack_points): the tally then sums a column or two per answer
    instead of two per dimension, which was most of its time.
    """
    dimension_number = {code: number for number, code in enumerate(instrument.dimensions)}
    priced = []
    # Per slot, the largest sum a subject can reach: it answers each indicator at most once (the
    # answers' unique constraints), so each indicator adds at most its largest points.
    bounds = [0] * (2 * len(dimension_number))
    for indicator in instrument.indicators.values():
        slot = 2 * dimension_number[indicator.dimension]
        for value, points in indicator.points.items():
            earned, possible, na = (0, 0, 1) if points is NA else (*points, 0)
            priced.append((indicator.level, indicator.code, value, earned, possible, na, slot))
        listed = [points for points in indicator.points.values() if points is not NA]
        bounds[slot] += max((earned for earned, _ in listed), default=0)
        bounds[slot + 1] += max((possible for _, possible in listed), default=0)
    layout = _pack_points(bounds)
    position = {
        slot: (word, shift) for word, fields in enumerate(layout) for slot, shift, _ in fields
    }
    rows = []
    for level, code, value, earned, possible, na, slot in priced:
        words = [0] * len(layout)
        for points, at in ((earned, slot), (possible, slot + 1)):
            if at in position:
                word, shift = position[at]
                words[word] |= points << shift
        rows.append((level, code, value, earned, possible, na, *words))
    packed = "".join(f", w{word} bigint" for word in range(len(layout)))
    cursor.execute(f"DROP TABLE IF EXISTS {_PRICE_TABLE}")
    cursor.execute(
        f"CREATE TEMPORARY TABLE {_PRICE_TABLE} (level varchar(10), indicator varchar(32),"
        f" value varchar(64), earned bigint, possible bigint, na integer{packed},"
        " PRIMARY KEY (level, indicator, value))"
        # SQLite looks rows up by the key itself instead of through a second b-tree: this table
        # is probed once per answer.
        + (" WITHOUT ROWID" if connection.vendor == "sqlite" else "")
    )
    try:
        placeholders = ", ".join(["%s"] * (6 + len(layout)))
        cursor.executemany(
            f"INSERT INTO {_PRICE_TABLE} VALUES ({placeholders})",  # noqa: S608
            rows,
        )
        yield layout
    finally:
        cursor.execute(f"DROP TABLE {_PRICE_TABLE}")


def _pack_points(bounds: list[int]) -> PointsLayout:
    """Bit fields side by side in as few integers as hold them, one per slot, each as wide as
    the slot's bound (the largest sum a subject can reach there).

    Points are never negative, so a sum of packed values is each field's sum side by side: none
    exceeds its field and carries into the next, and the packed sums read back exact.
    """
    layout: PointsLayout = []
    used = _WORD_BITS
    for slot, bound in enumerate(bounds):
        width = bound.bit_length()
        if not width:
            continue  # nothing to sum: the slot stays 0
        if used + width > _WORD_BITS:
            layout.append([])
            used = 0
        layout[-1].append((slot, used, (1 << width) - 1))
        used += width
    return layout


@dataclass
class CycleTallies:
    by_subject: dict[tuple[str, int], Tally]
    # The answers read: all of the cycle's, or those of the providers asked for.
    answer_count: int
    # The newest answer's time, None when there is no answer.
    answers_as_of: dt.datetime | None


def _held_by(level: str, providers: Collection[int] | None) -> tuple[str, list]:
    """A condition on the answer `a` of `level` keeping the answers to what `providers` hold
    (SQL and parameters); none when `providers` is None."""
    if providers is None:
        return "", []
    if not providers:
        return " AND 1 = 0", []
    sql, params = _holders(level, providers).query.sql_with_params()
    return f" AND a.{SUBJECT_FIELD[level]}_id IN ({sql})", list(params)


def _holders(level: str, providers: Collection[int]):
    """The ids of the subjects of `level` that `providers` hold (a query)."""
    return {
        "product": ServiceProduct.objects.filter(unit__provider__in=providers),
        "unit": ServiceUnit.objects.filter(provider__in=providers),
        "website": Website.objects.filter(provider__in=providers),
        "provider": Provider.objects.filter(pk__in=providers),
    }[level].values("pk")


def cycle_tallies(
    cycle: Cycle, instrument: Instrument, providers: Collection[int] | None = None
) -> CycleTallies:
    """Each subject's answers of the cycle, summed per dimension by the database; with
    `providers` (ids), only the answers to what those providers hold.

    Tallies are keyed by (level, subject id).

    Steps:
    1. Join the answers with a table of every listed answer value's points (from the instrument,
       in whole point units so the sums are exact) and sum per subject the columns that pack
       every dimension's earned and possible points: one query per level, reading the answers
       in the order of the unique index so the database needs no sort. The same pass gathers
       the answers that earned less than full points (the shortfalls a report lists).
    2. Answers that table cannot price (free numbers, unusual spellings such as "Ya") are read
       and priced in Python; a value the indicator cannot take raises AnswerProblem.
    3. For subjects with unanswered indicators, read which codes they did answer, so the
       missing ones can be named.
    """
    dimensions = list(instrument.dimensions)
    table = Answer._meta.db_table
    tallies: dict[tuple[str, int], Tally] = {}
    priced = 0
    with connection.cursor() as cursor, _price_table(cursor, instrument) as layout:
        packed = "".join(f", SUM(p.w{word})" for word in range(len(layout)))
        shortfalls = _shortfalls_sql()
        for level, field in SUBJECT_FIELD.items():
            held, held_params = _held_by(level, providers)
            cursor.execute(
                f"SELECT a.{field}_id, COUNT(*), SUM(p.na), {shortfalls}{packed}"  # noqa: S608
                f" FROM {table} a JOIN {_PRICE_TABLE} p"
                f" ON p.level = a.level AND p.indicator = a.indicator AND p.value = a.value"
                f" WHERE a.cycle_id = %s AND a.level = %s{held}"
                f" GROUP BY a.{field}_id",
                [cycle.pk, str(level), *held_params],
            )
            for subject_id, count, na, short, *words in cursor.fetchall():
                tally = tallies[(level, subject_id)] = Tally(answered=count, not_applicable=na)
                if short:
                    tally.shortfalls = JsonObject(short)
                sums = [0] * (2 * len(dimensions))
                for word, fields in zip(words, layout, strict=True):
                    total = int(word)  # PostgreSQL sums bigints as numeric
                    for slot, shift, mask in fields:
                        sums[slot] = total >> shift & mask
                for number, code in enumerate(dimensions):
                    earned, possible = sums[2 * number], sums[2 * number + 1]
                    if possible:
                        tally.points[code] = [earned, possible]
                priced += count
        count, latest = _answer_totals(cycle, providers)
        if priced < count:
            _tally_unpriced(cycle, instrument, tallies, providers)
    _name_answered_codes(cycle, instrument, tallies)
    return CycleTallies(tallies, count, latest)


def _answer_totals(
    cycle: Cycle, providers: Collection[int] | None = None
) -> tuple[int, dt.datetime | None]:
    """How many answers the cycle has (to what `providers` hold, when given) and the newest
    one's time."""
    if providers is None:
        answers = Answer.objects.filter(cycle=cycle)
        # Two queries: apart, each is answered from the (cycle, answered_at) index alone.
        return answers.count(), answers.aggregate(latest=Max("answered_at"))["latest"]
    count, latest = 0, None
    for level, field in SUBJECT_FIELD.items():
        held = {f"{field}__in": _holders(level, providers)}
        totals = Answer.objects.filter(cycle=cycle, level=level, **held).aggregate(
            count=Count("pk"), latest=Max("answered_at")
        )
        count += totals["count"]
        if totals["latest"] is not None and (latest is None or totals["latest"] > latest):
            latest = totals["latest"]
    return count, latest


def _shortfalls_sql() -> str:
    """An aggregate of the answers that earned less than full points as a JSON object (code →
    value, as text), so the tally's one pass over the answers also names the shortfalls.

    The database's own JSON aggregate costs less than joining strings per answer, and quotes
    any value.
    """
    short = "FILTER (WHERE p.na = 0 AND p.earned < p.possible)"
    if connection.vendor == "postgresql":
        return f"CAST(JSON_OBJECT_AGG(a.indicator, a.value) {short} AS text)"
    return f"JSON_GROUP_OBJECT(a.indicator, a.value) {short}"


class JsonObject(Mapping[str, str]):
    """A JSON object of strings as the database wrote it, read only when asked.

    A full rescore reads each subject's shortfalls from the database and stores them again
    without looking inside: keeping the text spares a json.loads and a json.dumps per subject,
    a tenth of a national rescore.
    """

    __slots__ = ("_read", "text")

    def __init__(self, text: str):
        self.text = text
        self._read: dict[str, str] | None = None

    def _items(self) -> dict[str, str]:
        if self._read is None:
            self._read = json.loads(self.text)
        return self._read

    def __getitem__(self, key: str) -> str:
        return self._items()[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._items())

    def __len__(self) -> int:
        return len(self._items())

    def __repr__(self) -> str:
        return repr(self._items())


def _tally_unpriced(cycle, instrument, tallies, providers) -> None:
    table = Answer._meta.db_table
    unpriced = []
    with connection.cursor() as cursor:
        for level, field in SUBJECT_FIELD.items():
            held, held_params = _held_by(level, providers)
            cursor.execute(
                f"SELECT a.{field}_id, a.indicator, a.value"  # noqa: S608
                f" FROM {table} a LEFT JOIN {_PRICE_TABLE} p"
                f" ON p.level = a.level AND p.indicator = a.indicator AND p.value = a.value"
                f" WHERE a.cycle_id = %s AND a.level = %s AND p.indicator IS NULL{held}",
                [cycle.pk, str(level), *held_params],
            )
            unpriced.extend((str(level), *row) for row in cursor.fetchall())
    subjects = {
        (level, subject_id): Subject(level, (level, subject_id), f"{level} {subject_id}")
        for level, subject_id, _, _ in unpriced
    }
    answers = [((level, subject_id), code, raw) for level, subject_id, code, raw in unpriced]
    for key, extra in tally_answers(instrument, subjects, answers).items():
        tally = tallies.setdefault(key, Tally())
        for dimension, (earned, possible) in extra.points.items():
            sums = tally.points.setdefault(dimension, [0, 0])
            sums[0] += earned
            sums[1] += possible
        tally.answered += extra.answered
        tally.not_applicable += extra.not_applicable
        tally.shortfalls = {**tally.shortfalls, **extra.shortfalls}


def _name_answered_codes(cycle, instrument, tallies) -> None:
    """Fill Tally.codes for every subject with fewer answers than its level has indicators."""
    expected = {level: len(instrument.indicators_at(level)) for level in SUBJECT_FIELD}
    short = {}
    for (level, subject_id), tally in tallies.items():
        if tally.answered < expected[level]:
            short.setdefault(level, []).append(subject_id)
    for level, ids in short.items():
        field = SUBJECT_FIELD[level]
        for start in range(0, len(ids), 500):
            chunk = ids[start : start + 500]
            answered = Answer.objects.filter(
                cycle=cycle, level=level, **{f"{field}__in": chunk}
            ).values_list(f"{field}_id", "indicator")
            for subject_id, code in answered:
                tally = tallies[(level, subject_id)]
                if tally.codes is None:
                    tally.codes = set()
                tally.codes.add(code)


def score_cycle(cycle: Cycle) -> ScoreReport:
    """Score the cycle's current answers without storing anything.

    Answers to subjects no longer in the cycle's scope are left out.
    """
    instrument = cycle.instrument_version.parsed
    with collector_paused():  # as in compute_snapshot
        tallies = cycle_tallies(cycle, instrument)
        return score_tallies(
            instrument, cycle_subjects(cycle), tallies.by_subject, cycle_compliance(cycle)
        )


@transaction.atomic
def compute_snapshot(
    cycle: Cycle, user=None, progress: Progress = no_progress
) -> tuple[ScoreSnapshot, ScoreReport]:
    """Score the cycle and store the result as a snapshot with its instrument version and time.

    The time is when reading began: a change recorded after it may be missing from the snapshot
    (see patuh.scoring.incremental).
    """
    started = timezone.now()
    progress(0, 3, "tallying answers")
    instrument = cycle.instrument_version.parsed
    # A national cycle's tallies, scores and rows are hundreds of thousands of objects.
    with collector_paused():
        tallies = cycle_tallies(cycle, instrument)
        progress(1, 3, "scoring")
        report = score_tallies(
            instrument, cycle_subjects(cycle), tallies.by_subject, cycle_compliance(cycle)
        )
        progress(2, 3, "storing scores")
        snapshot = store_snapshot(
            cycle,
            report,
            kind=ScoreSnapshot.Kind.OFFICIAL,
            answer_count=tallies.answer_count,
            answers_as_of=tallies.answers_as_of,
            user=user,
            computed_at=started,
        )
    progress(3, 3, "stored")
    return snapshot, report


def store_snapshot(
    cycle: Cycle,
    report: ScoreReport,
    *,
    kind: str,
    answer_count: int,
    answers_as_of: dt.datetime | None,
    user=None,
    computed_at: dt.datetime | None = None,
) -> ScoreSnapshot:
    """Keep `report` as a snapshot of `kind` with the cycle's instrument version and the time
    (now unless given)."""
    snapshot = ScoreSnapshot.objects.create(
        cycle=cycle,
        instrument_version=cycle.instrument_version,
        kind=kind,
        computed_at=computed_at or timezone.now(),
        computed_by=user,
        answer_count=answer_count,
        answers_as_of=answers_as_of,
    )
    insert_scores(snapshot, report)
    return snapshot


def latest_snapshot(cycle: Cycle, kind: str | None = None) -> ScoreSnapshot | None:
    """The cycle's newest snapshot, of `kind` when given."""
    snapshots = cycle.snapshots.select_related("instrument_version__instrument")
    if kind is not None:
        snapshots = snapshots.filter(kind=kind)
    return snapshots.order_by("-computed_at", "-pk").first()


SCORE_COLUMNS = (
    "snapshot_id", "level", "subject_id", "path", "name", "parent_path", "kind", "score", "band",
    "zone", "complete", "answered", "applicable", "not_applicable", "missing", "products",
    "dimensions", "shortfalls", "compliance", "opinion", "opinion_en",
)  # fmt: skip


def insert_scores(snapshot: ScoreSnapshot, report: ScoreReport) -> None:
    """Insert one SubjectScore row per subject with executemany.

    bulk_create spends most of a national rescore preparing 360,000 values one field at a time;
    these values are already of the column types, so they go to the driver as they are.
    """

    # Rounded once per distinct value: a cycle's dimension scores repeat a few hundred values.
    @cache
    def rounded(value: Decimal) -> str:
        return str(report.instrument.quantize(value))

    rows = [
        (
            snapshot.pk,
            level,
            result.subject.key[1],
            result.subject.path,
            result.subject.name[:250],
            result.subject.parent.path if result.subject.parent else "",
            result.subject.kind,
            None if result.score is None else str(result.score),
            result.band or "",
            result.zone or "",
            result.complete,
            result.answered,
            result.applicable,
            result.not_applicable,
            json.dumps(result.missing) if result.missing else "[]",
            result.products,
            _dimensions_json(result.dimensions, rounded),
            _shortfalls_json(result.shortfalls),
            result.compliance or "",
            result.opinion.id if result.opinion else "",
            result.opinion.en if result.opinion else "",
        )
        for level, results in report.by_level.items()
        for result in results
    ]
    columns = ", ".join(SCORE_COLUMNS)
    placeholders = ", ".join(["%s"] * len(SCORE_COLUMNS))
    with connection.cursor() as cursor:
        cursor.executemany(
            f"INSERT INTO {SubjectScore._meta.db_table} ({columns})"  # noqa: S608
            f" VALUES ({placeholders})",
            rows,
        )


def _shortfalls_json(shortfalls: Mapping[str, str]) -> str:
    """Shortfalls as a JSON object: a database's text as it is, a dict dumped."""
    if isinstance(shortfalls, JsonObject):
        return shortfalls.text
    return json.dumps(shortfalls, ensure_ascii=False) if shortfalls else "{}"


def _dimensions_json(dimensions: dict[str, Decimal], rounded: Callable[[Decimal], str]) -> str:
    """Dimension scores `rounded` as the instrument publishes scores, as a JSON object.

    json.dumps costs a fifth of a national rescore here; dimension codes match the schema's code
    pattern (letters, digits, ".", "_", "-") and decimals print as digits, so neither needs
    escaping.
    """
    return (
        "{"
        + ", ".join([f'"{code}": "{rounded(value)}"' for code, value in dimensions.items()])
        + "}"
    )
