"""The sample world the URL walks request pages of: every area's objects, every role's user."""

import pytest

from patuh.scoring.services import compute_snapshot
from tests import cast, factories
from tests.access.roles import ROLES
from tests.access.walk import AREAS
from tests.shared import made_once, use_files


def _build_world() -> dict:
    everyone = cast.everyone()
    provider_a, provider_b = everyone["provider_a"], everyone["provider_b"]
    cycle = factories.cycle([provider_a, provider_b])
    factories.answer_everything(cycle)
    snapshot, _ = compute_snapshot(cycle, user=everyone["coordinator"])
    world = {
        "cycle": cycle,
        "provider_a": provider_a,
        "provider_b": provider_b,
        "snapshot": snapshot,
        "users": {role: everyone[role] for role in ROLES if role != "anonymous"},
    }
    for area in AREAS:
        if hasattr(area, "build"):
            area.build(world)
    return world


@pytest.fixture(scope="module")
def shared_world(django_db_setup, django_db_blocker, tmp_path_factory):
    """Built once per module: it takes seconds, and each URL's walk only changes what its own
    savepoint rolls back (see tests/shared.py)."""
    media_root = tmp_path_factory.mktemp("world-media")
    with made_once(django_db_blocker, media_root, _build_world) as world:
        yield world, media_root


@pytest.fixture
def world(shared_world, db) -> dict:
    world, media_root = shared_world
    use_files(media_root)
    return world
