from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from patuh.accounts.models import User
from patuh.assessments.models import Answer, Cycle
from patuh.demo import pekppp_seed, seed
from patuh.registry.models import Provider
from tests import factories


def run(*args: str) -> str:
    out = StringIO()
    call_command("demo", *args, stdout=out)
    return out.getvalue()


def test_demo_loads_and_reports_progress(db):
    output = run()
    assert "Registry: 18 providers, 18 units, 114 products, 18 websites" in output
    assert "Demo data loaded" in output
    assert Cycle.objects.filter(code=seed.CYCLE["code"]).exists()


def test_if_empty_twice_loads_once(db):
    run("--if-empty")
    answers = Answer.objects.count()
    output = run("--if-empty")
    assert "not loaded" in output
    assert Provider.objects.count() == 18 + len(pekppp_seed.PROVIDERS)
    assert Cycle.objects.count() == 2 + len(pekppp_seed.HISTORY) + 1
    assert User.objects.count() == len(seed.USERS) + len(pekppp_seed.USERS)
    assert Answer.objects.count() == answers


def test_if_empty_leaves_a_database_with_providers_alone(db):
    factories.provider("dpmptsp-lain")
    assert "not loaded" in run("--if-empty")
    assert Provider.objects.count() == 1
    assert not User.objects.exists()


def test_loading_again_without_if_empty_is_refused(db):
    run()
    with pytest.raises(CommandError, match="already loaded"):
        run()
    assert Provider.objects.count() == 18 + len(pekppp_seed.PROVIDERS)


def test_print_logins_prints_each_demo_login_and_the_address(db):
    run()
    output = run("--print-logins")
    for username, *_ in (*seed.USERS, *pekppp_seed.USERS):
        assert username in output
    assert seed.DEMO_PASSWORD in output
    assert "http://127.0.0.1:8000" in output
    assert "Registry:" not in output


def test_print_logins_alone_loads_nothing(db):
    output = run("--print-logins")
    assert "No demo logins" in output
    assert not Provider.objects.exists()


def test_if_empty_with_print_logins_loads_then_prints(db):
    output = run("--if-empty", "--print-logins")
    assert "Demo data loaded" in output
    assert "petugas-disdukcapil" in output
