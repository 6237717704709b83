"""Cycles for the result tests: scored (tests/web/conftest.py), released and announced."""

import datetime as dt

import pytest
from django.utils import timezone

from patuh.scoring.models import ScoreSnapshot
from tests.web.conftest import cycle, scored_cycle  # noqa: F401 - fixtures


def release(of_cycle, *, at=None) -> ScoreSnapshot:
    """Release the cycle's latest snapshot at `at` (an hour ago by default)."""
    snapshot = of_cycle.snapshots.latest()
    snapshot.released_at = at or timezone.now() - dt.timedelta(hours=1)
    snapshot.save()
    return snapshot


def announce(of_cycle, at) -> None:
    of_cycle.announce_at = at
    of_cycle.save()


@pytest.fixture
def released_cycle(scored_cycle):  # noqa: F811 - the imported fixture
    """Scores released to the agencies an hour ago; no public announcement."""
    release(scored_cycle)
    return scored_cycle


@pytest.fixture
def announced_cycle(released_cycle):
    """Released, then announced half an hour ago: public."""
    announce(released_cycle, timezone.now() - dt.timedelta(minutes=30))
    return released_cycle
