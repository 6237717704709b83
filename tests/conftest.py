"""The fixed cast of users, each with the reason it exists."""

import pytest
from django.conf import settings as django_settings

from patuh.accounts.models import Role, User
from tests import factories


@pytest.fixture(scope="session")
def django_db_modify_db_settings(django_db_modify_db_settings_parallel_suffix, tmp_path_factory):
    """On SQLite, a test database in a file rather than in memory, as in production.

    An in-memory database is one connection, which Django shares with the live server's threads;
    the browser's parallel requests (a photo upload while thumbnails load) then meet on it
    mid-statement. With a file every thread has its own connection, and WAL serves them.
    """
    database = django_settings.DATABASES["default"]
    if database["ENGINE"] == "django.db.backends.sqlite3":
        path = tmp_path_factory.mktemp("database") / "test.sqlite3"
        database.setdefault("TEST", {})["NAME"] = str(path)


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    """Tests create many accounts; the production hasher's deliberate slowness buys nothing here."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def media_in_tmp(settings, tmp_path):
    """Uploaded and generated files go to a fresh directory per test, never into ./var."""
    settings.MEDIA_ROOT = tmp_path / "media"


def _user(username: str, role: str, **extra) -> User:
    return User.objects.create_user(
        username=username, password="pass-" + username, role=role, **extra
    )


@pytest.fixture
def provider_a(db):
    return factories.provider("disdukcapil-a")


@pytest.fixture
def provider_b(db):
    return factories.provider("dpmptsp-b")


@pytest.fixture
def office(db):
    """The office that runs the cycles the tests look at; the office staff below work there."""
    return factories.office()


@pytest.fixture
def admin_user(db):
    """Runs the system: may see and change everything."""
    return _user("admin", Role.ADMIN, is_staff=True, is_superuser=True)


@pytest.fixture
def coordinator(office):
    """Plans and runs a cycle for the office; sees unpublished results."""
    return _user("coordinator", Role.COORDINATOR, office=office)


@pytest.fixture
def enumerator(office):
    """Visits units and answers indicators; office staff, but with the narrowest view."""
    return _user("enumerator", Role.ENUMERATOR, office=office)


@pytest.fixture
def unassigned_enumerator(office):
    """Another enumerator of the office, assigned no visit: must not reach a colleague's."""
    return _user("enumerator-unassigned", Role.ENUMERATOR, office=office)


@pytest.fixture
def reviewer(office):
    """Checks submitted answers; sees unpublished results."""
    return _user("reviewer", Role.REVIEWER, office=office)


@pytest.fixture
def evaluator(office):
    """Scores service units in a performance evaluation; sees its office's unpublished results."""
    return _user("evaluator", Role.EVALUATOR, office=office)


@pytest.fixture
def coordinator_elsewhere(db):
    """Coordinates for another office: must see nothing of this office's cycles."""
    elsewhere = factories.office("ombudsman-sumsel", "Ombudsman RI Perwakilan Sumatera Selatan")
    return _user("coordinator-elsewhere", Role.COORDINATOR, office=elsewhere)


@pytest.fixture
def officer_a(db, provider_a):
    """Speaks for provider A: must never see another provider, a plan or unpublished results."""
    user = _user("officer-a", Role.AGENCY_OFFICER)
    user.providers.add(provider_a)
    return user


@pytest.fixture
def officer_b(db, provider_b):
    """Speaks for provider B, to prove officer A's view does not leak into B's and back."""
    user = _user("officer-b", Role.AGENCY_OFFICER)
    user.providers.add(provider_b)
    return user


@pytest.fixture
def outsider(db):
    """Has an account but no role: sees nothing beyond the login page."""
    return User.objects.create_user(username="outsider", password="pass-outsider", role="")
