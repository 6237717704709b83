"""The ranking in a real browser: login, htmx filtering, zones and language."""

import pytest

from patuh.assessments.models import Answer
from patuh.registry.models import Region
from patuh.scoring.services import compute_snapshot
from tests import factories
from tests.browser.conftest import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def ranked_cycle(coordinator):
    belitung = factories.region("19.02", "Kabupaten Belitung")
    belitung_timur = factories.region("19.06", "Kabupaten Belitung Timur")
    providers = [
        factories.provider("disdukcapil-belitung", in_region=belitung),
        factories.provider("disdukcapil-beltim", in_region=belitung_timur),
    ]
    cycle = factories.cycle(providers)
    factories.answer_everything(cycle)
    # Belitung Timur's products show nothing, so the two providers land in different zones.
    Answer.objects.filter(product__unit__provider=providers[1]).update(value="tidak-ada")
    compute_snapshot(cycle, user=coordinator)
    return cycle


def test_coordinator_filters_the_ranking_without_reloading_the_page(
    live_server, phone, coordinator, ranked_cycle
):
    log_in(phone, live_server, "coordinator")
    phone.click(f"text={ranked_cycle.name}")
    rows = phone.locator("#ranking tbody tr")
    assert rows.count() == 2
    assert "Zona hijau" in rows.nth(0).inner_text()
    assert "Zona kuning" in rows.nth(1).inner_text()

    phone.evaluate("window.notReloaded = true")
    region = Region.objects.get(code="19.06")
    phone.select_option("select[name=region]", region.code)
    phone.wait_for_url("**region=19.06**")
    rows = phone.locator("#ranking tbody tr")
    rows.first.wait_for()
    assert rows.count() == 1
    assert "Provider disdukcapil-beltim" in rows.first.inner_text()
    # htmx swapped the table in place: the page's own JavaScript state survived.
    assert phone.evaluate("window.notReloaded") is True


def test_language_switch_shows_the_page_in_english(live_server, phone, coordinator, ranked_cycle):
    log_in(phone, live_server, "coordinator")
    assert phone.locator("html").get_attribute("lang") == "id"
    phone.click("button[value=en]")
    phone.wait_for_load_state()
    assert phone.locator("html").get_attribute("lang") == "en"
    assert phone.get_by_text("Assessment cycles").count() >= 1
