"""The page tests' cycles (tests/web/conftest.py), for the result pages too."""

from tests.web.conftest import cycle, scored_cycle  # noqa: F401 - fixtures
