"""Every URL pattern of the project, requested by every role: who gets through is written down.

The expectations live in tests/access/expected_<area>.py (see tests/access/walk.py). A new view
fails this module until it declares an access rule, its expected roles are written in one of
those modules, and each new URL parameter has a sample value there. Refused means sent to the
login page, 403 or 404; everything else counts as getting through.
"""

import pytest

from tests.access.roles import ROLES
from tests.access.walk import AREAS, EXPECTED, PATTERNS, SAMPLES, refused, sample_url


def test_every_view_declares_an_access_rule():
    undeclared = [name for name, _, view in PATTERNS if getattr(view, "access_rule", None) is None]
    assert undeclared == []


def test_every_url_has_expected_roles_and_nothing_stale_is_listed():
    names = {name for name, _, _ in PATTERNS}
    assert sorted(names - EXPECTED.keys()) == [], "add these URL names to an expected_*.py"
    assert sorted(EXPECTED.keys() - names) == [], "remove these from expected_*.py"
    duplicated = sum(len(area.EXPECTED) for area in AREAS) - len(EXPECTED)
    assert duplicated == 0, "a URL name is listed in two expected_*.py modules"


@pytest.mark.parametrize(("name", "params"), [(name, params) for name, params, _ in PATTERNS])
def test_url_lets_through_exactly_the_expected_roles(client, world, name, params):
    missing = [param for param in params if param not in SAMPLES]
    assert not missing, f"add a sample value for {missing} to an expected_*.py"
    url = sample_url(name, params, world)
    through = set()
    for role in ROLES:
        client.logout()
        if role != "anonymous":
            client.force_login(world["users"][role])
        response = client.get(url)
        if response.status_code == 405:
            response = client.post(url)
        if not refused(response):
            through.add(role)
    assert through == set(EXPECTED[name]), url
