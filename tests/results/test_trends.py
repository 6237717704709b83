"""Scores across cycles: a line chart, deltas, who improved and who declined; cycles of
different instruments are compared by band and normalised score."""

import datetime as dt

import pytest
import yaml
from django.urls import reverse
from django.utils import timezone

from patuh.assessments.models import Cycle
from patuh.instruments.services import save_instrument_source, sync_builtin_instruments
from patuh.scoring.services import compute_snapshot
from tests import factories
from tests.results.conftest import announce, release
from tests.results.helpers import answer_worst, set_answers


def five_point_instrument():
    """The Ombudsman checklist on a 0–5 scale with its own bands: another instrument."""
    data = yaml.safe_load(sync_builtin_instruments()["ombudsman-2021"].source)
    data["id"] = "kepatuhan-lima"
    data["scale_max"] = 5
    data["bands"] = [
        {**data["bands"][0], "to": 2.5},
        {**data["bands"][1], "from": 2.5, "to": 4},
        {**data["bands"][2], "from": 4, "to": 5},
    ]
    return save_instrument_source(yaml.safe_dump(data, allow_unicode=True), origin="test")


def next_year(previous: Cycle, providers, *, version=None) -> Cycle:
    cycle = factories.cycle(providers, code=f"{previous.code}-next")
    if version is not None:
        cycle.instrument_version = version
    cycle.year = previous.year + 1
    cycle.save()
    factories.answer_everything(cycle)
    return cycle


@pytest.fixture
def two_years(scored_cycle, provider_a, provider_b, coordinator):
    """2021 (0–100): A 100, B lower. 2022 (0–5, another instrument): A worst, B full points."""
    later = next_year(scored_cycle, [provider_a, provider_b], version=five_point_instrument())
    answer_worst(later, provider_a)
    compute_snapshot(later, user=coordinator)
    return scored_cycle, later


def test_provider_trend_compares_instruments_by_normalised_score_and_band(
    client, coordinator, two_years, provider_b
):
    client.force_login(coordinator)

    response = client.get(reverse("provider_trend", args=[provider_b.code]))

    first, second = response.context["points"]
    assert (first.instrument, second.instrument) == ("ombudsman-2021", "kepatuhan-lima")
    assert first.normalised < 100
    assert (second.score.score, second.scale_max, second.normalised) == (5, 5, 100)
    # Different instruments: no delta in points, only a normalised one.
    assert second.delta is None
    assert second.delta_normalised == 100 - first.normalised
    assert second.band_label == "Zona hijau – kepatuhan tinggi"
    text = response.text
    assert "kepatuhan-lima v1" in text and "ombudsman-2021 v1" in text
    assert "dinormalkan: instrumen berbeda" in text
    assert "5,00 / 5" in text
    # Band bounds belong to one instrument: none are drawn across two.
    assert 'stroke-dasharray="2 4"' not in text
    assert '<svg xmlns="http://www.w3.org/2000/svg" class="chart" id="trend"' in text


def test_same_instrument_gives_a_delta_in_points_and_draws_its_bands(
    client, coordinator, scored_cycle, provider_a, provider_b
):
    later = next_year(scored_cycle, [provider_a, provider_b])
    set_answers(later, provider_a)
    compute_snapshot(later, user=coordinator)
    client.force_login(coordinator)

    response = client.get(reverse("provider_trend", args=[provider_a.code]))

    first, second = response.context["points"]
    assert first.score.score == 100
    assert second.delta == second.score.score - 100 < 0
    assert 'stroke-dasharray="2 4"' in response.text
    assert ">kuning<" in response.text and ">hijau<" in response.text


def test_region_trend_lists_who_improved_and_who_declined(client, coordinator, two_years):
    client.force_login(coordinator)

    response = client.get(reverse("region_trend", args=["19.02"]))

    (_, improved), (_, declined) = response.context["movers_lists"]
    assert [mover.code for mover in improved] == ["dpmptsp-b"]
    assert [mover.code for mover in declined] == ["disdukcapil-a"]
    assert declined[0].change == -100
    assert "Membaik" in response.text and "Menurun" in response.text
    assert len(response.context["points"]) == 2


def test_officer_follows_only_their_own_provider_over_released_cycles(
    client, officer_a, two_years, provider_a, provider_b
):
    earlier, _ = two_years
    client.force_login(officer_a)
    assert client.get(reverse("provider_trend", args=[provider_a.code])).status_code == 404

    release(earlier)
    response = client.get(reverse("provider_trend", args=[provider_a.code]))
    assert [p.results.cycle for p in response.context["points"]] == [earlier]
    assert client.get(reverse("provider_trend", args=[provider_b.code])).status_code == 404
    assert client.get(reverse("region_trend", args=["19.02"])).status_code == 403


def test_public_trend_shows_only_announced_cycles(client, two_years, provider_a):
    earlier, later = two_years
    url = reverse("public_provider_trend", args=[provider_a.code])
    assert client.get(url).status_code == 404

    release(earlier)
    release(later)
    announce(earlier, timezone.now() - dt.timedelta(minutes=1))
    announce(later, timezone.now() + dt.timedelta(days=1))

    response = client.get(url)
    assert [p.results.cycle for p in response.context["points"]] == [earlier]
    assert client.get(reverse("public_region_trend", args=["19.02"])).status_code == 200


def test_unknown_provider_or_region_is_404(client, coordinator, scored_cycle):
    client.force_login(coordinator)
    assert client.get(reverse("provider_trend", args=["nope"])).status_code == 404
    assert client.get(reverse("region_trend", args=["99.99"])).status_code == 404


def test_ombudsman_2021_and_2022_compare_by_the_zone_beside_each_instruments_band(
    client, coordinator, scored_cycle, provider_a, provider_b
):
    later = factories.cycle([provider_a, provider_b], "kepatuhan-2022", "ombudsman-2022")
    later.year = 2022
    later.save()
    factories.answer_everything(later)
    answer_worst(later, provider_b)
    compute_snapshot(later, user=coordinator)
    client.force_login(coordinator)

    a = client.get(reverse("provider_trend", args=[provider_a.code]))
    b = client.get(reverse("provider_trend", args=[provider_b.code]))

    first, second = a.context["points"]
    assert (first.instrument, second.instrument) == ("ombudsman-2021", "ombudsman-2022")
    # Both on 0–100 but with other bands: compared as normalised scores and by zone.
    assert second.delta is None and second.delta_normalised == 0
    assert (first.band_label, first.zone_label) == ("Zona hijau – kepatuhan tinggi", "Zona hijau")
    assert (second.band_label, second.zone_label) == ("A – kualitas tertinggi", "Zona hijau")
    assert "<td>A – kualitas tertinggi</td>\n          <td>Zona hijau</td>" in a.text
    figure = a.context["figure"]
    assert figure.headers[-1] == "Zona"
    assert [row[-2:] for row in figure.rows] == [
        ["Zona hijau – kepatuhan tinggi", "Zona hijau"],
        ["A – kualitas tertinggi", "Zona hijau"],
    ]
    declined = b.context["points"][-1]
    assert (declined.band_label, declined.zone_label) == ("E – kualitas terendah", "Zona merah")
    assert "<td>E – kualitas terendah</td>\n          <td>Zona merah</td>" in b.text
