"""Every URL pattern of the project, requested by every role: who gets through is written down.

The expectations live in tests/access/expected_<area>.py (see expected_core.py). A new view
fails this module until it declares an access rule, its expected roles are written in one of
those modules, and each new URL parameter has a sample value there. Refused means sent to the
login page, 403 or 404; everything else counts as getting through.
"""

import importlib
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from patuh.scoring.services import compute_snapshot
from tests import factories
from tests.access.roles import ROLES

AREAS = [
    importlib.import_module(f"tests.access.{path.stem}")
    for path in sorted(Path(__file__).parent.glob("expected_*.py"))
]
EXPECTED = {name: roles for area in AREAS for name, roles in area.EXPECTED.items()}
SAMPLES = {param: sample for area in AREAS for param, sample in area.SAMPLES.items()}


def _patterns(entries=None, prefix_params=(), namespace=""):
    """(name with namespace, parameter names, view) of every named pattern outside the admin."""
    for entry in entries if entries is not None else get_resolver().url_patterns:
        params = (*prefix_params, *getattr(entry.pattern, "converters", {}).keys())
        if isinstance(entry, URLResolver):
            if entry.namespace == "admin":
                continue
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from _patterns(entry.url_patterns, params, inner)
        elif isinstance(entry, URLPattern) and entry.name:
            yield f"{namespace}{entry.name}", params, entry.callback


PATTERNS = sorted(_patterns(), key=lambda item: item[0])


def test_every_view_declares_an_access_rule():
    undeclared = [name for name, _, view in PATTERNS if getattr(view, "access_rule", None) is None]
    assert undeclared == []


def test_every_url_has_expected_roles_and_nothing_stale_is_listed():
    names = {name for name, _, _ in PATTERNS}
    assert sorted(names - EXPECTED.keys()) == [], "add these URL names to an expected_*.py"
    assert sorted(EXPECTED.keys() - names) == [], "remove these from expected_*.py"
    duplicated = sum(len(area.EXPECTED) for area in AREAS) - len(EXPECTED)
    assert duplicated == 0, "a URL name is listed in two expected_*.py modules"


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


def _refused(response) -> bool:
    if response.status_code in (403, 404):
        return True
    if response.status_code == 302:
        location = urlsplit(response["Location"])
        return location.path == reverse("login") and "next=" in location.query
    return False


@pytest.mark.parametrize(("name", "params"), [(name, params) for name, params, _ in PATTERNS])
def test_url_lets_through_exactly_the_expected_roles(client, world, name, params):
    missing = [param for param in params if param not in SAMPLES]
    assert not missing, f"add a sample value for {missing} to an expected_*.py"
    url = reverse(name, kwargs={param: SAMPLES[param](world) for param in params})
    through = set()
    for role in ROLES:
        client.logout()
        if role != "anonymous":
            client.force_login(world["users"][role])
        response = client.get(url)
        if response.status_code == 405:
            response = client.post(url)
        if not _refused(response):
            through.add(role)
    assert through == set(EXPECTED[name]), url
