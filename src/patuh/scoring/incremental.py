"""Rescoring what changed since the latest official snapshot, e.g. after a review approval.

An approval changes the official answers of one unit and its products. Scoring the whole
national cycle again for it is wasteful: only the providers whose answers changed, and their
regions, can score differently. `rescore_changes` finds those providers in the audit log and
scores them with the same functions as a full rescore; every other subject keeps its row, so the
result equals a full rescore.

Until it is released, the cycle's latest official snapshot follows the approvals in place (an
audited update): copying a national snapshot's 22,000 rows for each approval would take longer
than the scoring. A released snapshot never changes: the next rescore starts a new one with a copy
of its other rows.
"""

import datetime as dt
from collections.abc import Iterable, Iterator

from django.db import connection, transaction
from django.db.models import Max, Q, Sum
from django.utils import timezone

from patuh.assessments.models import SUBJECT_FIELD, Answer, Cycle
from patuh.audit.models import AuditEvent
from patuh.registry.models import Provider, ServiceProduct, ServiceUnit, Website
from patuh.scoring.compliance import cycle_compliance
from patuh.scoring.engine import ScoreReport, score_tallies
from patuh.scoring.models import ComplianceOverride, ScoreSnapshot, SubjectScore
from patuh.scoring.services import (
    SCORE_COLUMNS,
    compute_snapshot,
    cycle_subjects,
    cycle_tallies,
    insert_scores,
    latest_snapshot,
    store_snapshot,
)

# After a change of the registry (names, codes, parents anywhere), of the cycle (its scope or
# instrument version) or of a compliance level (inherited by a whole region), the whole cycle is
# scored again.
_REGISTRY = "registry."
_WHOLE_CYCLE = (Cycle._meta.label_lower, ComplianceOverride._meta.label_lower)
_ANSWER = Answer._meta.label_lower

# On SQLite, writes wait for a rescore's immediate transaction, so every change recorded before
# it began is in it. On PostgreSQL (read committed) a change recorded just before a rescore began
# may commit after it read the answers: changes this much older than the base snapshot count too.
# Scoring a provider once more costs little.
POSTGRESQL_OVERLAP = dt.timedelta(minutes=1)


@transaction.atomic
def rescore_changes(cycle: Cycle, user=None) -> ScoreSnapshot:
    """The cycle's official scores brought up to date as a full rescore would, scoring only the
    providers whose answers changed since the latest official snapshot, with their regions.

    Steps:
    1. The base is the cycle's latest official snapshot (`changed_providers` says when there is
       none to build on: then the whole cycle is scored into a new snapshot).
    2. Load, tally and score the changed providers, their regions and what they hold, as a full
       rescore does.
    3. An unreleased base: replace its rows of those subjects and its time and answer totals.
       A released base: store the new rows as a new snapshot and copy the base's rows of every
       other subject into it in one INSERT ... SELECT.
    """
    started = timezone.now()
    base = latest_snapshot(cycle, ScoreSnapshot.Kind.OFFICIAL)
    if base is not None:
        base = ScoreSnapshot.objects.select_for_update().get(pk=base.pk)
    providers = changed_providers(cycle, base)
    if providers is None:
        return compute_snapshot(cycle, user)[0]
    instrument = cycle.instrument_version.parsed
    tallies = cycle_tallies(cycle, instrument, providers)
    report = score_tallies(
        instrument,
        cycle_subjects(cycle, providers),
        tallies.by_subject,
        cycle_compliance(cycle),
    )
    # Every change of an answer since the base is in these providers' answers (see
    # changed_providers), so the count follows from the base's; the newest time comes from an index.
    count = base.answer_count - _answered(base, report) + tallies.answer_count
    latest = Answer.objects.filter(cycle=cycle).aggregate(latest=Max("answered_at"))["latest"]
    if base.released_at is not None:
        snapshot = store_snapshot(
            cycle,
            report,
            kind=ScoreSnapshot.Kind.OFFICIAL,
            answer_count=count,
            answers_as_of=latest,
            user=user,
            computed_at=started,
        )
        _copy_other_scores(base, snapshot)
        return snapshot
    _delete_scores(base, report)
    insert_scores(base, report)
    base.computed_at, base.computed_by = started, user
    base.answer_count, base.answers_as_of = count, latest
    base.save(update_fields=["computed_at", "computed_by", "answer_count", "answers_as_of"])
    return base


def changed_providers(cycle: Cycle, base: ScoreSnapshot | None) -> set[int] | None:
    """The ids of the providers to score again on top of `base`: those holding an answer changed
    since it, and every provider of their regions (a region's score aggregates its providers'
    exact scores, which a snapshot does not keep). None when the whole cycle must be scored:
    no base, a base of another instrument version, a change since of the registry, the cycle
    or a compliance level, or of an answer to a provider out of the cycle's scope."""
    if base is None or base.instrument_version_id != cycle.instrument_version_id:
        return None
    since = base.computed_at
    if connection.vendor == "postgresql":
        since -= POSTGRESQL_OVERLAP
    changes = AuditEvent.objects.filter(at__gte=since)
    everywhere = Q(object_type__startswith=_REGISTRY) | Q(
        cycle_id=cycle.pk, object_type__in=_WHOLE_CYCLE
    )
    if changes.filter(everywhere).exists():
        return None
    answers = changes.filter(cycle_id=cycle.pk, object_type=_ANSWER).values_list(
        "object_id", "before", "after"
    )
    providers = _holders_of(_changed_subjects(answers))
    if Provider.objects.filter(cycles=cycle, pk__in=providers).count() < len(providers):
        # An answer to a provider out of the scope: the cycle's answer count changed outside
        # the subjects scored.
        return None
    regions = Provider.objects.filter(pk__in=providers, government__region__isnull=False).values(
        "government__region"
    )
    providers |= set(
        Provider.objects.filter(cycles=cycle, government__region__in=regions).values_list(
            "pk", flat=True
        )
    )
    return providers


def _changed_subjects(events: Iterable[tuple[str, dict | None, dict | None]]) -> dict[str, set]:
    """Subject field → ids of the subjects of the audited answer changes. A created or deleted
    answer's event holds its subject; an update's holds only what changed, so the answer is
    read (if it was deleted since, its deletion's event names the subject)."""
    subjects: dict[str, set] = {field: set() for field in SUBJECT_FIELD.values()}
    updated = []
    for object_id, before, after in events:
        named = False
        # Both sides: an update that moved an answer changed two subjects.
        for values in (before or {}, after or {}):
            for field, ids in subjects.items():
                if values.get(f"{field}_id") is not None:
                    ids.add(values[f"{field}_id"])
                    named = True
        if not named:
            updated.append(int(object_id))
    for row in Answer.objects.filter(pk__in=updated).values(*(f"{f}_id" for f in subjects)):
        for field in subjects:
            if row[f"{field}_id"] is not None:
                subjects[field].add(row[f"{field}_id"])
    return subjects


def _holders_of(subjects: dict[str, set]) -> set[int]:
    """The ids of the providers holding these subjects (subject field → ids)."""
    providers = set(subjects["provider"])
    for rows in (
        ServiceProduct.objects.filter(pk__in=subjects["product"]).values_list("unit__provider"),
        ServiceUnit.objects.filter(pk__in=subjects["unit"]).values_list("provider"),
        Website.objects.filter(pk__in=subjects["website"]).values_list("provider"),
    ):
        providers.update(pk for (pk,) in rows)
    return providers


def _rows_of(snapshot: ScoreSnapshot, report: ScoreReport) -> Iterator:
    """The rows of `snapshot` of the subjects `report` scored, as querysets of up to 500."""
    for level, results in report.by_level.items():
        ids = [result.subject.key[1] for result in results]
        for start in range(0, len(ids), 500):
            yield SubjectScore.objects.filter(
                snapshot=snapshot, level=level, subject_id__in=ids[start : start + 500]
            )


def _answered(snapshot: ScoreSnapshot, report: ScoreReport) -> int:
    """How many answers `snapshot` counted for the subjects `report` scored."""
    return sum(
        rows.aggregate(answered=Sum("answered"))["answered"] or 0
        for rows in _rows_of(snapshot, report)
    )


def _delete_scores(snapshot: ScoreSnapshot, report: ScoreReport) -> None:
    """Delete the rows of `snapshot` of the subjects `report` scored."""
    for rows in _rows_of(snapshot, report):
        rows.delete()


def _copy_other_scores(base: ScoreSnapshot, snapshot: ScoreSnapshot) -> None:
    """Copy the rows of `base` whose subject `snapshot` does not have yet into `snapshot`."""
    table = SubjectScore._meta.db_table
    copied = ", ".join(SCORE_COLUMNS[1:])
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} ({', '.join(SCORE_COLUMNS)})"  # noqa: S608 - names from code
            f" SELECT %s, {copied} FROM {table} b WHERE b.snapshot_id = %s AND NOT EXISTS"
            f" (SELECT 1 FROM {table} n WHERE n.snapshot_id = %s"
            f" AND n.level = b.level AND n.subject_id = b.subject_id)",
            [snapshot.pk, base.pk, snapshot.pk],
        )
