"""A cycle of providers A and B whose scores were released: B's products fail P01, so B's
report card lists findings and the release opened them."""

import pytest

from patuh.demo.photos import notice_board
from patuh.evidence.services import Kind, Upload
from patuh.results.services import release_latest
from tests.web.conftest import cycle, scored_cycle  # noqa: F401 - fixtures


def photo() -> Upload:
    return Upload(Kind.IMAGE, notice_board())


@pytest.fixture
def released(scored_cycle, coordinator, django_capture_on_commit_callbacks):  # noqa: F811
    with django_capture_on_commit_callbacks(execute=True):
        release_latest(scored_cycle, coordinator)
    return scored_cycle
