"""The demo as a person meets it after ./run: every page renders with its real data."""

import pytest
from django.urls import reverse

from patuh.demo import seed
from patuh.registry.models import Provider


def sign_in(client, username: str) -> None:
    """Sign in through the login page with the demo password, as a person does."""
    response = client.post(reverse("login"), {"username": username, "password": seed.DEMO_PASSWORD})
    assert response.status_code == 302, username


@pytest.fixture
def coordinator_client(client, demo):
    sign_in(client, "koordinator")
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

    for provider in Provider.objects.filter(cycles__code=cycle):
        page = coordinator_client.get(reverse("provider_detail", args=[cycle, provider.code]))
        assert page.status_code == 200, provider.code
        assert provider.name in page.text

    for name in ("regions", "cycle_exports"):
        assert coordinator_client.get(reverse(name, args=[cycle])).status_code == 200, name
    trend = coordinator_client.get(reverse("region_trend", args=["19.02"]))
    assert trend.status_code == 200


def test_the_demo_officer_reads_their_report_card_but_not_the_ranking(client, demo):
    sign_in(client, "petugas-disdukcapil")
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


def test_the_demo_results_are_public_as_announced_on_29_december_2021(client, demo):
    cycle = seed.CYCLE["code"]

    index = client.get(reverse("public_index"))
    assert seed.CYCLE["name"] in index.text
    page = client.get(reverse("public_cycle", args=[cycle]))
    assert page.status_code == 200
    assert len(page.context["ranking"].rows) == 18
    assert page.context["cycle"].announce_at.isoformat() == "2021-12-29T03:00:00+00:00"
    for name in ("public_regions", "public_data"):
        assert client.get(reverse(name, args=[cycle])).status_code == 200


def test_a_visitor_finds_the_demo_dpmptsp_and_its_published_satisfaction_survey(client, demo):
    found = client.get("/", {"q": "penanaman modal provinsi"}).context["agencies"]
    assert [agency.code for agency in found] == ["dpmptsp-babel"]
    page = client.get(reverse("public_agency", args=["dpmptsp-babel"]))
    [survey] = page.context["page"].surveys
    assert survey.survey.unit.code == "upp-dpmptsp"
    assert survey.result.respondents == 64 and survey.result.ikm is not None


def test_every_performance_evaluation_page_renders_for_its_demo_accounts(client, demo):
    from patuh.demo import pekppp_seed

    live = pekppp_seed.LIVE["code"]
    unit = ("dpmptsp-babel", "upp-dpmptsp")
    pages = {
        "koordinator-biro": [
            reverse("pekppp:index"),
            reverse("pekppp:overview", args=["pekppp-2020-babel"]),
            reverse("cycle_detail", args=["pekppp-2020-babel"]),
            reverse("provider_detail", args=["pekppp-2020-babel", "bakuda-babel"]),
            reverse("pekppp:unit_trend", args=unit),
        ],
        "evaluator-biro": [
            reverse("pekppp:evaluation_units", args=[live]),
            reverse("pekppp:evaluate", args=[live, "bakuda-babel", "uptb-ppd-pangkalpinang"]),
            reverse("pekppp:evaluate", args=[live, *unit]),
        ],
        "petugas-dpmptsp-babel": [
            reverse("pekppp:index"),
            reverse("pekppp:self_assessment", args=[live, *unit]),
            reverse("pekppp:unit_result", args=["pekppp-2020-babel", *unit]),
            reverse("pekppp:unit_trend", args=unit),
        ],
    }
    for username, urls in pages.items():
        sign_in(client, username)
        for url in urls:
            assert client.get(url).status_code == 200, (username, url)
    assert client.get(reverse("pekppp:unit_result", args=[live, *unit])).status_code == 404
    trend = client.get(reverse("pekppp:unit_trend", args=unit))
    assert [p.results.cycle.year for p in trend.context["points"]] == [2017, 2018, 2019, 2020]
