"""Cycles with answers and scores for the page tests."""

import pytest

from patuh.scoring.services import compute_snapshot
from tests import factories
from tests.results.helpers import set_answers


@pytest.fixture
def cycle(provider_a, provider_b):
    """A cycle of providers A and B with no answers and no scores yet."""
    return factories.cycle([provider_a, provider_b])


@pytest.fixture
def scored_cycle(cycle, provider_b, coordinator):
    """Every indicator answered; B shows no requirements for any product, so A ranks first."""
    factories.answer_everything(cycle)
    set_answers(cycle, provider_b)
    compute_snapshot(cycle, user=coordinator)
    return cycle
