import uuid

import pytest
from django.utils import translation

from patuh.clarification.services import file_objection
from tests import factories
from tests.clarification import scenario


@pytest.fixture
def in_english():
    """For the services' tests, which assert messages in English; pages test the Indonesian."""
    with translation.override("en"):
        yield


@pytest.fixture
def cycle(provider_a, provider_b, office, enumerator, reviewer, coordinator):
    """Providers A and B; A's visit approved with two failures; klarifikasi open."""
    cycle = factories.cycle([provider_a, provider_b])
    scenario.in_klarifikasi(cycle, provider_a, enumerator, reviewer)
    return cycle


def object_to(cycle, provider, officer, indicator="U01", product="", data=None, **extra):
    """File an objection to the finding `indicator` (at `product`, "" the unit) with a photo."""
    fields = {
        "unit_code": "unit-1",
        "product_code": product,
        "indicator": indicator,
        "reason": "Maklumat sudah dipajang di dinding ruang tunggu.",
        "data": scenario.photo() if data is None else data,
        "client_id": uuid.uuid4(),
    }
    return file_objection(cycle, provider, officer, **(fields | extra))
