"""The public portal on a phone: no login, announced results, charts with text, report cards."""

import datetime as dt

import pytest
from django.utils import timezone

from patuh.scoring.services import compute_snapshot
from tests import factories
from tests.browser.conftest import fits_the_screen
from tests.results.helpers import answer_worst

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def announced(coordinator):
    belitung = factories.region("19.02", "Kabupaten Belitung")
    beltim = factories.region("19.06", "Kabupaten Belitung Timur")
    puskesmas = factories.agency_kind(
        "puskesmas", "Unit Pelaksana Teknis Daerah Pusat Kesehatan Masyarakat Kecamatan"
    )
    providers = [
        factories.provider("disdukcapil-belitung", in_region=belitung),
        factories.provider("puskesmas-manggar", in_region=beltim, kind=puskesmas),
    ]
    # A real government address: long, without a space to break at.
    providers[1].websites.update(
        url="https://puskesmas-manggar.dinkes.belitungtimurkab.go.id/",
        code="puskesmas-manggar.dinkes.belitungtimurkab.go.id",
    )
    cycle = factories.cycle(providers)
    factories.answer_everything(cycle)
    answer_worst(cycle, providers[1])
    snapshot, _ = compute_snapshot(cycle, user=coordinator)
    snapshot.released_at = timezone.now() - dt.timedelta(days=2)
    snapshot.save()
    cycle.announce_at = timezone.now() - dt.timedelta(days=1)
    cycle.save()
    return cycle


def test_a_citizen_reads_the_ranking_and_a_report_card_on_a_phone(live_server, phone, announced):
    phone.goto(f"{live_server.url}/public/")
    phone.click(f"text={announced.name}")

    rows = phone.locator("#ranking tbody tr")
    assert rows.count() == 2
    assert "Zona hijau" in rows.nth(0).inner_text()
    assert "Zona merah" in rows.nth(1).inner_text()
    chart = phone.locator("svg#zones-by-region")
    assert chart.get_attribute("role") == "img"
    assert "Penyelenggara per zona" in chart.locator("title").text_content()
    assert fits_the_screen(phone)

    phone.evaluate("window.notReloaded = true")
    phone.select_option("select[name=region]", "19.06")
    phone.wait_for_url("**region=19.06**")
    rows = phone.locator("#ranking tbody tr")
    rows.first.wait_for()
    assert rows.count() == 1
    assert phone.evaluate("window.notReloaded") is True

    phone.click("text=Provider puskesmas-manggar")
    phone.wait_for_load_state()
    assert phone.locator("h1").inner_text() == "Provider puskesmas-manggar"
    assert phone.get_by_text("Temuan dan saran perbaikan").count() == 1
    assert phone.locator("tr[data-indicator]").count() > 10
    assert phone.get_by_text("belitungtimurkab.go.id").count() > 0
    assert fits_the_screen(phone)
