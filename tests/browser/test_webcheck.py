"""A coordinator checks a cycle's websites from a phone and reads one website's state."""

import pytest

from tests.browser.conftest import log_in

# The website-check fixtures: a loopback agency site and a cycle whose website it is.
from tests.webcheck.conftest import (  # noqa: F401 - fixtures
    agency_site,
    certificates,
    checked_cycle,
    no_dns_off_this_machine,
    webcheck_settings,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_coordinator_checks_every_website_and_reads_one_on_a_phone(
    phone,
    live_server,
    coordinator,
    checked_cycle,  # noqa: F811
    agency_site,  # noqa: F811
):
    log_in(phone, live_server, "coordinator")
    phone.goto(f"{live_server.url}/cycles/{checked_cycle.code}/websites/")
    assert phone.get_by_text("Belum diperiksa").is_visible()
    phone.get_by_role("button", name="Periksa semua situs web").click()
    phone.locator(".message.success").get_by_text("1 situs web diperiksa").wait_for()
    phone.get_by_role("link", name=agency_site.url()).click()
    phone.get_by_role("heading", name="Keadaan terkini").wait_for()
    requirements = phone.get_by_role("listitem").filter(has_text="standard_requirements")
    assert requirements.get_by_text("Lulus").is_visible()
    # Wide tables scroll inside their frame; the page itself fits the phone.
    assert phone.evaluate("document.documentElement.scrollWidth") <= 360
