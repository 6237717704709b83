"""Every URL pattern of the project, requested by every role: who gets through is written down.

The expectations live in tests/access/expected_<area>.py (see tests/access/walk.py). A new view
fails this module until it has a name, declares an access rule, its expected roles are written in
one of those modules, and each new URL parameter has a sample value there. Refused means sent to
the login page, 403 or 404; everything else counts as getting through. Every URL is walked twice:
while the sample cycle's data collection runs, and after it has closed.
"""

import pytest
from django.http import HttpResponse
from django.urls import include, path, re_path

from patuh.access import public
from tests.access.roles import ROLES
from tests.access.walk import (
    AFTER_COLLECTION,
    AREAS,
    EXPECTED,
    NOT_FOUND,
    NOT_FOUND_AFTER_COLLECTION,
    ROUTES,
    SAMPLES,
    close_data_collection,
    refused,
    routes,
    sample_url,
)


def test_every_view_declares_an_access_rule():
    undeclared = [
        str(route) for route in ROUTES if getattr(route.view, "access_rule", None) is None
    ]
    assert undeclared == []


def test_every_url_has_expected_roles_and_nothing_stale_is_listed():
    names = {route.name for route in ROUTES if route.name}
    assert sorted(names - EXPECTED.keys()) == [], "add these URL names to an expected_*.py"
    assert sorted(EXPECTED.keys() - names) == [], "remove these from expected_*.py"
    duplicated = sum(len(area.EXPECTED) for area in AREAS) - len(EXPECTED)
    assert duplicated == 0, "a URL name is listed in two expected_*.py modules"
    listed = {name for area in AREAS for name in getattr(area, "AFTER_COLLECTION", {})}
    for table in (NOT_FOUND, NOT_FOUND_AFTER_COLLECTION):
        assert set(table) <= set(ROLES)
        listed |= set().union(*table.values())
    assert sorted(listed - names) == [], "remove these from expected_*.py"


def test_the_walk_finds_unnamed_routes_too():
    view = public(lambda request: HttpResponse())
    inner = [path("<slug:code>/", view)]
    urlpatterns = [path("named/", view, name="named"), re_path(r"^raw/", include(inner))]

    found = {(route.name, route.route, route.params) for route in routes(urlpatterns)}

    assert found == {("named", "named/", ()), ("", "^raw/<slug:code>/", ("code",))}


def _walk(client, world, url: str, name: str, not_found: dict) -> set[str]:
    """The roles that get through `url`; those that `not_found` lists for `name` get a 404."""
    through = set()
    for role in ROLES:
        client.logout()
        if role != "anonymous":
            client.force_login(world["users"][role])
        response = client.get(url)
        if response.status_code == 405:
            response = client.post(url)
        if name in not_found.get(role, ()):
            assert response.status_code == 404, f"{url} answers {role} {response.status_code}"
        if not refused(response):
            through.add(role)
    return through


@pytest.mark.parametrize("route", ROUTES, ids=str)
def test_url_lets_through_exactly_the_expected_roles(client, world, route):
    assert route.name, f"name the route {route.route} and list it in an expected_*.py"
    missing = [param for param in route.params if param not in SAMPLES]
    assert not missing, f"add a sample value for {missing} to an expected_*.py"
    url = sample_url(route, world)
    assert _walk(client, world, url, route.name, NOT_FOUND) == set(EXPECTED[route.name]), url

    close_data_collection(world)

    through = _walk(client, world, url, route.name, NOT_FOUND_AFTER_COLLECTION)
    assert through == set(AFTER_COLLECTION[route.name]), f"{url} after data collection"
