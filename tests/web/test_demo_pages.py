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

    for name in ("regions", "cycle_exports"):
        assert coordinator_client.get(reverse(name, args=[cycle])).status_code == 200, name
    trend = coordinator_client.get(reverse("region_trend", args=["19.02"]))
    assert trend.status_code == 200


def test_the_demo_officer_reads_their_report_card_but_not_the_ranking(client):
    load_demo()
    client.login(username="petugas-disdukcapil", password=seed.DEMO_PASSWORD)
    cycle = seed.CYCLE["code"]
    own = reverse("provider_detail", args=[cycle, "disdukcapil-belitung"])
    home = client.get(reverse("home"))
    assert seed.CYCLE["name"] in home.text
    assert own in home.text
    card = client.get(own)
    assert card.status_code == 200
    assert card.context["card"].score.score is not None
    assert client.get(reverse("cycle_detail", args=[cycle])).status_code == 404
    other = reverse("provider_detail", args=[cycle, "disdukcapil-belitung-timur"])
    assert client.get(other).status_code == 404


def test_the_demo_results_are_public_as_announced_on_29_december_2021(client):
    load_demo()
    cycle = seed.CYCLE["code"]

    index = client.get(reverse("public_index"))
    assert seed.CYCLE["name"] in index.text
    page = client.get(reverse("public_cycle", args=[cycle]))
    assert page.status_code == 200
    assert len(page.context["ranking"].rows) == 18
    assert page.context["cycle"].announce_at.isoformat() == "2021-12-29T03:00:00+00:00"
    for name in ("public_regions", "public_data"):
        assert client.get(reverse(name, args=[cycle])).status_code == 200
