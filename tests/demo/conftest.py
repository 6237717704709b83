import pytest

from patuh.demo.services import DemoSummary, load_demo


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    """The demo creates five accounts per load; the default hasher would dominate the run time."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def demo(db) -> DemoSummary:
    return load_demo()
