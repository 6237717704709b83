"""The sample world the URL walks request pages of: every area's objects, every role's user."""

import pytest

from patuh.scoring.services import compute_snapshot
from tests import factories
from tests.access.roles import ROLES
from tests.access.walk import AREAS


@pytest.fixture
def world(request, provider_a, provider_b, coordinator):
    cycle = factories.cycle([provider_a, provider_b])
    factories.answer_everything(cycle)
    snapshot, _ = compute_snapshot(cycle, user=coordinator)
    world = {
        "cycle": cycle,
        "provider_a": provider_a,
        "provider_b": provider_b,
        "snapshot": snapshot,
        "users": {role: request.getfixturevalue(role) for role in ROLES if role != "anonymous"},
    }
    for area in AREAS:
        if hasattr(area, "build"):
            area.build(world)
    return world
