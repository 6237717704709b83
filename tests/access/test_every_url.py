"""Every URL pattern of the project, requested by every role: who gets through is written here.

A new view fails this module until it declares an access rule and its expected roles are added
to EXPECTED (and a sample value for each new URL parameter to SAMPLES). Refused means sent to the
login page, 403 or 404; everything else counts as getting through.
"""

from urllib.parse import urlsplit

import pytest
from django.core.files.base import ContentFile
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from patuh.jobs.models import Job
from patuh.scoring.services import compute_snapshot
from tests import factories

ROLES = (
    "anonymous",
    "outsider",
    "officer_a",
    "officer_b",
    "enumerator",
    "reviewer",
    "evaluator",
    "coordinator",
    "coordinator_elsewhere",
    "admin_user",
)
EVERYONE = frozenset(ROLES)
SIGNED_IN = EVERYONE - {"anonymous"}
ADMIN = frozenset({"admin_user"})
RESULTS_STAFF = frozenset({"reviewer", "evaluator", "coordinator", "admin_user"})

# URL name → the roles that get through, for the sample objects below.
EXPECTED = {
    "login": EVERYONE,
    "logout": EVERYONE,
    "switch_language": EVERYONE,
    "password_change": SIGNED_IN,
    "password_change_done": SIGNED_IN,
    "home": SIGNED_IN,
    "cycle_detail": RESULTS_STAFF,
    "provider_detail": RESULTS_STAFF,
    "recompute": frozenset({"coordinator", "admin_user"}),
    "audit_log": ADMIN,
    "audit_export": ADMIN,
    # The sample job was started by the coordinator.
    "job_detail": frozenset({"coordinator", "admin_user"}),
    "job_download": frozenset({"coordinator", "admin_user"}),
}

# URL parameter → its value in the sample world.
SAMPLES = {
    "code": lambda world: world["cycle"].code,
    "provider": lambda world: world["provider_a"].code,
    "job": lambda world: world["job"].uuid,
    "fmt": lambda world: "csv",
}


def _patterns(resolvers=None, prefix_params=()):
    """(name, parameter names, view) of every named pattern outside Django's admin."""
    for entry in resolvers if resolvers is not None else get_resolver().url_patterns:
        params = (*prefix_params, *getattr(entry.pattern, "converters", {}).keys())
        if isinstance(entry, URLResolver):
            if entry.namespace == "admin":
                continue
            yield from _patterns(entry.url_patterns, params)
        elif isinstance(entry, URLPattern) and entry.name:
            yield entry.name, params, entry.callback


PATTERNS = sorted(_patterns(), key=lambda item: item[0])


def test_every_view_declares_an_access_rule():
    undeclared = [name for name, _, view in PATTERNS if getattr(view, "access_rule", None) is None]
    assert undeclared == []


def test_every_url_has_expected_roles_and_nothing_stale_is_listed():
    names = {name for name, _, _ in PATTERNS}
    assert sorted(names - EXPECTED.keys()) == [], "add these URL names to EXPECTED"
    assert sorted(EXPECTED.keys() - names) == [], "remove these from EXPECTED"


@pytest.fixture
def world(request, provider_a, provider_b, coordinator, office):
    cycle = factories.cycle([provider_a, provider_b])
    factories.answer_everything(cycle)
    compute_snapshot(cycle, user=coordinator)
    job = Job.objects.create(kind="sample", title="Sample", created_by=coordinator, cycle=cycle)
    job.result_file.save("sample.csv", ContentFile(b"a,b\n"))
    return {
        "cycle": cycle,
        "provider_a": provider_a,
        "job": job,
        "users": {role: request.getfixturevalue(role) for role in ROLES if role != "anonymous"},
    }


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
    assert not missing, f"add a sample value for {missing} to SAMPLES"
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
