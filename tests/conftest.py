"""Test settings, and the fixed cast of users (tests/cast.py says why each exists)."""

import pytest
from django.conf import settings as django_settings
from django.core.cache import caches
from django.test import override_settings

from patuh.demo.services import DemoSummary, load_demo
from tests import cast
from tests.shared import made_once, use_files


@pytest.fixture(scope="session")
def django_db_modify_db_settings(django_db_modify_db_settings_parallel_suffix, tmp_path_factory):
    """On SQLite, a test database in a file rather than in memory, as in production.

    An in-memory database is one connection, which Django shares with the live server's threads;
    the browser's parallel requests (a photo upload while thumbnails load) then meet on it
    mid-statement. With a file every thread has its own connection, and WAL serves them.
    """
    database = django_settings.DATABASES["default"]
    if database["ENGINE"] == "patuh.lib.sqlite":
        path = tmp_path_factory.mktemp("database") / "test.sqlite3"
        database.setdefault("TEST", {})["NAME"] = str(path)


@pytest.fixture(scope="session", autouse=True)
def fast_password_hashing():
    """Tests create many accounts; the production hasher's deliberate slowness buys nothing here.

    Session-wide, so data that fixtures make once for many tests is hashed fast too.
    """
    with override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]):
        yield


@pytest.fixture(scope="session", autouse=True)
def static_files_from_the_source_tree(tmp_path_factory):
    """Pages name static files as the source tree has them: production's hashed names need
    `collectstatic`, which tests/core/test_serve.py runs for real, through `patuh serve`.

    An empty static root stops WhiteNoise warning that there is none.
    """
    storages = {
        **django_settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    static_root = tmp_path_factory.mktemp("static")
    with override_settings(STORAGES=storages, STATIC_ROOT=static_root):
        yield


@pytest.fixture(scope="session", autouse=True)
def caches_in_memory():
    """The public pages' cache in this process's memory, not in the shared data directory,
    where a running server's pages (and another test run's) would meet these tests'."""
    memory = {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    with override_settings(CACHES={"default": memory, "pages": {**memory, "LOCATION": "pages"}}):
        yield


@pytest.fixture(autouse=True)
def empty_cache():
    """Each test starts with empty caches: SQLite reuses the primary keys of rolled-back rows,
    so a snapshot's cached ranking (patuh.results.queries.from_snapshot_cache) or public page
    (patuh.results.page_cache) would otherwise meet another test's snapshot of the same id."""
    for cache in caches.all():
        cache.clear()


@pytest.fixture(autouse=True)
def media_in_tmp(settings, tmp_path):
    """Uploaded and generated files go to a fresh directory per test, never into ./var."""
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(scope="module")
def loaded_demo(django_db_setup, django_db_blocker, tmp_path_factory):
    """The demo, loaded once per module: loading takes seconds (it makes and checks hundreds of
    photos)."""
    media_root = tmp_path_factory.mktemp("demo-media")
    with made_once(django_db_blocker, media_root, load_demo) as summary:
        yield summary, media_root


@pytest.fixture
def demo(loaded_demo, db) -> DemoSummary:
    """The demo's data and files for this test, which may change them (see tests/shared.py)."""
    summary, media_root = loaded_demo
    use_files(media_root)
    return summary


@pytest.fixture
def provider_a(db):
    return cast.provider_a()


@pytest.fixture
def provider_b(db):
    return cast.provider_b()


@pytest.fixture
def office(db):
    return cast.office()


@pytest.fixture
def admin_user(db):
    return cast.admin_user()


@pytest.fixture
def coordinator(office):
    return cast.coordinator(office)


@pytest.fixture
def enumerator(office):
    return cast.enumerator(office)


@pytest.fixture
def unassigned_enumerator(office):
    return cast.unassigned_enumerator(office)


@pytest.fixture
def reviewer(office):
    return cast.reviewer(office)


@pytest.fixture
def evaluator(office):
    return cast.evaluator(office)


@pytest.fixture
def coordinator_elsewhere(db):
    return cast.coordinator_elsewhere()


@pytest.fixture
def officer_a(db, provider_a):
    return cast.officer_a(provider_a)


@pytest.fixture
def officer_b(db, provider_b):
    return cast.officer_b(provider_b)


@pytest.fixture
def outsider(db):
    return cast.outsider()
