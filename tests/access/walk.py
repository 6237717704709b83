"""The project's URL patterns, and the expectations of who gets through each.

The expectations live in tests/access/expected_<area>.py (see expected_core.py): EXPECTED (URL
name → roles that get through), SAMPLES (URL parameter → value from the sample world) and an
optional build(world) that adds the area's sample objects to the world.
"""

import importlib
from pathlib import Path
from urllib.parse import urlsplit

from django.urls import URLPattern, URLResolver, get_resolver, reverse

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


def sample_url(name: str, params, world: dict, **values) -> str:
    """The URL `name` with each parameter's sample value from `world`, or from `values`."""
    return reverse(
        name,
        kwargs={param: values.get(param) or SAMPLES[param](world) for param in params},
    )


def refused(response) -> bool:
    """Refused means sent to the login page, 403 or 404."""
    if response.status_code in (403, 404):
        return True
    if response.status_code == 302:
        location = urlsplit(response["Location"])
        return location.path == reverse("login") and "next=" in location.query
    return False
