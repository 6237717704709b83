import pytest
from django.db import transaction
from django.test import override_settings

from patuh.demo.services import DemoSummary, load_demo


@pytest.fixture(scope="module")
def loaded_demo(django_db_setup, django_db_blocker, tmp_path_factory):
    """The demo, loaded once per module inside a transaction that is rolled back at its end.

    Loading takes seconds (it makes and checks hundreds of photos); each test runs in a savepoint
    on top, so what one test changes never reaches the next.
    """
    fast = override_settings(
        PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"],
        MEDIA_ROOT=tmp_path_factory.mktemp("demo-media"),
    )
    with django_db_blocker.unblock(), fast, transaction.atomic():
        summary = load_demo()
        yield summary
        transaction.set_rollback(True)


@pytest.fixture
def demo(loaded_demo, db) -> DemoSummary:
    return loaded_demo
