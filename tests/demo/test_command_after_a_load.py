"""`patuh demo` run again once it has loaded the demo.

Kept apart from test_command.py, whose tests start from an empty database: here one load by
`patuh demo --if-empty` is shared by the module's tests, as a load takes seconds.
"""

import pytest
from django.core.management import CommandError

from patuh.accounts.models import User
from patuh.assessments.models import Answer, Cycle
from patuh.demo import opini_seed, pekppp_seed, seed
from patuh.registry.models import Provider
from tests.demo.test_command import run
from tests.shared import made_once


@pytest.fixture(scope="module")
def loaded_by_the_command(django_db_setup, django_db_blocker, tmp_path_factory):
    media_root = tmp_path_factory.mktemp("demo-media")
    with made_once(django_db_blocker, media_root, lambda: run("--if-empty")):
        yield


@pytest.fixture
def loaded(loaded_by_the_command, db) -> None:
    """The demo as the first `patuh demo --if-empty` loaded it; this test may change it."""


DEMO_PROVIDERS = 18 + len(pekppp_seed.PROVIDERS) + len(opini_seed.PROVIDERS)


def test_if_empty_twice_loads_once(loaded):
    answers = Answer.objects.count()
    output = run("--if-empty")
    assert "not loaded" in output
    assert Provider.objects.count() == DEMO_PROVIDERS
    # 2021, the running survey, the PEKPPP history, the running evaluation and Opini 2025.
    assert Cycle.objects.count() == 2 + len(pekppp_seed.HISTORY) + 1 + 1
    assert User.objects.count() == len(seed.USERS) + len(pekppp_seed.USERS)
    assert Answer.objects.count() == answers


def test_loading_again_without_if_empty_is_refused(loaded):
    with pytest.raises(CommandError, match="already loaded"):
        run()
    assert Provider.objects.count() == DEMO_PROVIDERS


def test_print_logins_prints_each_demo_login_and_the_address(loaded):
    output = run("--print-logins")
    for username, *_ in (*seed.USERS, *pekppp_seed.USERS):
        assert username in output
    assert seed.DEMO_PASSWORD in output
    assert "http://127.0.0.1:8000" in output
    assert "Registry:" not in output
