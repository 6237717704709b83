from patuh.accounts.models import User
from patuh.assessments.models import Cycle
from patuh.demo import seed
from patuh.registry.models import Provider
from tests import commands, factories


def run(*args: str) -> str:
    return commands.run("demo", *args)


def test_demo_loads_and_reports_progress(db):
    output = run()
    assert "Registry: 18 providers, 18 units, 114 products, 18 websites" in output
    assert "Demo data loaded" in output
    assert Cycle.objects.filter(code=seed.CYCLE["code"]).exists()


def test_if_empty_leaves_a_database_with_providers_alone(db):
    factories.provider("dpmptsp-lain")
    assert "not loaded" in run("--if-empty")
    assert Provider.objects.count() == 1
    assert not User.objects.exists()


def test_print_logins_alone_loads_nothing(db):
    output = run("--print-logins")
    assert "No demo logins" in output
    assert not Provider.objects.exists()


def test_if_empty_with_print_logins_loads_then_prints(db):
    output = run("--if-empty", "--print-logins")
    assert "Demo data loaded" in output
    assert "petugas-disdukcapil" in output
