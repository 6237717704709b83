"""The demo as a person meets it after ./run: every page renders with its real data."""

import pytest
from django.urls import reverse

from patuh.demo import seed
from patuh.demo.services import load_demo
from patuh.registry.models import Provider

pytestmark = pytest.mark.django_db


@pytest.fixture
def coordinator_client(client):
    load_demo()
    client.login(username="koordinator", password=seed.DEMO_PASSWORD)
    return client


def test_every_demo_page_renders_for_the_coordinator(coordinator_client):
    cycle = seed.CYCLE["code"]
    home = coordinator_client.get(reverse("home"))
    assert home.status_code == 200
    assert seed.CYCLE["name"] in home.text

    ranking = coordinator_client.get(reverse("cycle_detail", args=[cycle]))
    assert ranking.status_code == 200
    for zone in ("Zona hijau", "Zona kuning", "Zona merah"):
        assert zone in ranking.text
    assert len(ranking.context["ranking"].rows) == 18

    for provider in Provider.objects.all():
        page = coordinator_client.get(reverse("provider_detail", args=[cycle, provider.code]))
        assert page.status_code == 200, provider.code
        assert provider.name in page.text


def test_the_demo_officer_sees_the_cycle_but_not_its_results(client):
    load_demo()
    client.login(username="petugas-disdukcapil", password=seed.DEMO_PASSWORD)
    assert seed.CYCLE["name"] in client.get(reverse("home")).text
    assert client.get(reverse("cycle_detail", args=[seed.CYCLE["code"]])).status_code == 404
