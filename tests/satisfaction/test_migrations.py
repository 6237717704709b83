"""Data migrations of the satisfaction app, run forwards over rows stored before them."""

import datetime as dt

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from patuh.satisfaction.models import SHORT_CODE_ALPHABET, Survey
from patuh.satisfaction.services import survey_version
from tests import factories
from tests.scoring.test_migrations import migrate

BEFORE_SHORT_CODES = [("satisfaction", "0001_surveys_and_responses")]


@pytest.mark.django_db(transaction=True)
def test_surveys_stored_before_short_codes_get_a_code_each():
    executor = migrate(BEFORE_SHORT_CODES)
    old = executor.loader.project_state(BEFORE_SHORT_CODES).apps
    unit = factories.provider().units.get()
    version = survey_version(dt.date(2025, 1, 1))
    for number in range(5):
        old.get_model("satisfaction", "Survey").objects.create(
            unit_id=unit.pk,
            instrument_version_id=version.pk,
            title=f"SKM {number}",
            opens_on=dt.date(2025, 1, 1),
            closes_on=dt.date(2025, 12, 31),
        )

    migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())

    codes = list(Survey.objects.values_list("short_code", flat=True))
    assert len(set(codes)) == 5
    assert all(len(code) == 6 and set(code) <= set(SHORT_CODE_ALPHABET) for code in codes)
