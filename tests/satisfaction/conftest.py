"""A unit with an open survey, for the satisfaction tests."""

import datetime as dt

import pytest
from django.utils import timezone

from patuh.satisfaction.services import create_survey


def survey_for(
    unit, officer, *, opens_in: int = -7, closes_in: int = 7, population=300, kind="skm"
):
    today = timezone.localdate()
    return create_survey(
        unit,
        kind=kind,
        title="SKM 2025" if kind == "skm" else kind,
        opens_on=today + dt.timedelta(days=opens_in),
        closes_on=today + dt.timedelta(days=closes_in),
        population=population,
        user=officer,
    )


@pytest.fixture
def unit(provider_a):
    return provider_a.units.get()


@pytest.fixture
def survey(unit, officer_a):
    return survey_for(unit, officer_a)


def all_answers(value: int = 4, count: int = 9) -> dict[str, str]:
    return {f"U{n}": str(value) for n in range(1, count + 1)}
