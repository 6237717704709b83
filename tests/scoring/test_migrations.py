"""Data migrations of the scoring app, run forwards over rows stored before them."""

import datetime as dt

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from patuh.scoring.models import SubjectScore
from tests import factories

BEFORE_KINDS = [("scoring", "0003_subject_score_shortfalls")]


def migrate(targets) -> MigrationExecutor:
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    return executor


@pytest.mark.django_db(transaction=True)
def test_snapshots_stored_before_kinds_get_each_providers_kind_from_the_registry():
    executor = migrate(BEFORE_KINDS)
    old = executor.loader.project_state(BEFORE_KINDS).apps
    puskesmas = factories.agency_kind("puskesmas", "Puskesmas")
    provider = factories.provider("pkm", kind=puskesmas)
    cycle = factories.cycle([provider])
    snapshot = old.get_model("scoring", "ScoreSnapshot").objects.create(
        cycle_id=cycle.pk,
        instrument_version_id=cycle.instrument_version_id,
        computed_at=dt.datetime(2021, 12, 1, tzinfo=dt.UTC),
        answer_count=0,
    )
    rows = old.get_model("scoring", "SubjectScore").objects
    common = {"snapshot": snapshot, "complete": True, "answered": 0, "applicable": 0}
    common |= {"not_applicable": 0, "products": 0, "name": "x"}
    rows.create(level="provider", subject_id=provider.pk, path=provider.path, **common)
    rows.create(level="provider", subject_id=999_999, path="19.02/gone", **common)
    rows.create(level="unit", subject_id=provider.units.get().pk, path="19.02/pkm/u", **common)

    migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())

    kinds = dict(SubjectScore.objects.values_list("path", "kind"))
    assert kinds == {provider.path: "puskesmas", "19.02/gone": "", "19.02/pkm/u": ""}
