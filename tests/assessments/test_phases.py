"""A cycle's phases: found by kind, running from their first to their last day, the same in
Python and in SQL."""

import datetime as dt

import pytest

from patuh.assessments.models import Cycle, Phase
from tests import factories

pytestmark = pytest.mark.django_db

# factories.cycle's data collection: 7 June to 31 August 2021.
FIRST, LAST = dt.date(2021, 6, 7), dt.date(2021, 8, 31)


@pytest.fixture
def cycle(provider_a, office):
    return factories.cycle([provider_a])


def test_a_cycle_finds_its_phase_of_a_kind_and_none_of_a_kind_it_lacks(cycle):
    assert cycle.phase(Phase.Kind.PENGAMBILAN_DATA).starts_on == FIRST
    assert cycle.phase(Phase.Kind.PENILAIAN_MANDIRI) is None


@pytest.mark.parametrize(
    ("day", "running"),
    [
        (FIRST - dt.timedelta(days=1), False),
        (FIRST, True),
        (LAST, True),
        (LAST + dt.timedelta(days=1), False),
    ],
    ids=["day-before", "first-day", "last-day", "day-after"],
)
def test_a_phase_runs_from_its_first_to_its_last_day_in_python_and_in_sql(cycle, day, running):
    collecting = Cycle.objects.in_phase(Phase.Kind.PENGAMBILAN_DATA, day)

    assert cycle.phase(Phase.Kind.PENGAMBILAN_DATA).runs_on(day) is running
    assert list(collecting) == ([cycle] if running else [])
    assert not Cycle.objects.in_phase(Phase.Kind.PENILAIAN_MANDIRI, day).exists()
