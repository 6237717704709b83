import pytest

from patuh.demo.services import DemoSummary, load_demo


@pytest.fixture
def demo(db) -> DemoSummary:
    return load_demo()
