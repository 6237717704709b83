"""The project's URL patterns, and the expectations of who gets through each.

The expectations live in tests/access/expected_<area>.py (see expected_core.py): EXPECTED (URL
name → roles that get through), SAMPLES (URL parameter → value from the sample world), and
optionally:
- NOT_FOUND: role → URL names that must answer it 404, not just refuse it, because the object
  is one it may not see (a guessed URL reveals nothing);
- AFTER_COLLECTION: URL name → roles that get through once the world's data collection has
  closed, where that differs, and NOT_FOUND_AFTER_COLLECTION likewise;
- build(world), which adds the area's sample objects to the world.
"""

import datetime as dt
import importlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from patuh.assessments.models import Phase

AREAS = [
    importlib.import_module(f"tests.access.{path.stem}")
    for path in sorted(Path(__file__).parent.glob("expected_*.py"))
]
EXPECTED = {name: roles for area in AREAS for name, roles in area.EXPECTED.items()}
SAMPLES = {param: sample for area in AREAS for param, sample in area.SAMPLES.items()}
AFTER_COLLECTION = EXPECTED | {
    name: roles for area in AREAS for name, roles in getattr(area, "AFTER_COLLECTION", {}).items()
}


def _by_role(table: str) -> dict[str, frozenset[str]]:
    """Role → URL names, merged from every area's `table`."""
    merged: dict[str, frozenset[str]] = {}
    for area in AREAS:
        for role, names in getattr(area, table, {}).items():
            merged[role] = merged.get(role, frozenset()) | names
    return merged


NOT_FOUND = _by_role("NOT_FOUND")
NOT_FOUND_AFTER_COLLECTION = _by_role("NOT_FOUND_AFTER_COLLECTION")


@dataclass(frozen=True)
class Route:
    """One URL pattern: its name with namespace ("" when it has none), its route with the
    prefixes of the includes it sits in, its parameters and its view."""

    name: str
    route: str
    params: tuple[str, ...]
    view: Callable

    def __str__(self) -> str:
        return self.name or self.route


def routes(urlpatterns=None) -> list[Route]:
    """Every URL pattern of `urlpatterns` (the project's) outside the admin, named or not."""
    found = _routes(urlpatterns or get_resolver().url_patterns, "", (), "")
    return sorted(found, key=lambda route: (route.name, route.route))


def _routes(entries, prefix: str, params: tuple, namespace: str):
    for entry in entries:
        route = prefix + str(entry.pattern)
        inner_params = (*params, *getattr(entry.pattern, "converters", {}).keys())
        if isinstance(entry, URLResolver):
            # Django's admin checks staff status and model permissions itself.
            if entry.namespace == "admin":
                continue
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from _routes(entry.url_patterns, route, inner_params, inner)
        elif isinstance(entry, URLPattern):
            name = f"{namespace}{entry.name}" if entry.name else ""
            yield Route(name, route, inner_params, entry.callback)


ROUTES = routes()


def sample_url(route: Route, world: dict, **values) -> str:
    """The URL of `route` with each parameter's sample value from `world`, or from `values`."""
    return reverse(
        route.name,
        kwargs={param: values.get(param) or SAMPLES[param](world) for param in route.params},
    )


def close_data_collection(world: dict) -> None:
    """The world's cycle ended its data collection yesterday."""
    Phase.objects.filter(cycle=world["cycle"], kind=Phase.Kind.PENGAMBILAN_DATA).update(
        ends_on=timezone.localdate() - dt.timedelta(days=1)
    )


def refused(response) -> bool:
    """Refused means sent to the login page, 403 or 404."""
    if response.status_code in (403, 404):
        return True
    if response.status_code == 302:
        location = urlsplit(response["Location"])
        return location.path == reverse("login") and "next=" in location.query
    return False
