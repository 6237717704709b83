"""A respondent completes the satisfaction survey on a phone, from the QR poster's link."""

import pytest
import segno

from patuh.satisfaction.models import Response
from patuh.satisfaction.services import survey_result
from tests.browser.conftest import log_in
from tests.satisfaction.conftest import survey_for
from tests.satisfaction.test_pages import qr_matrix_from_svg

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def survey(provider_a, officer_a):
    return survey_for(provider_a.units.get(), officer_a)


def test_respondent_completes_the_survey_at_phone_size_from_the_qr_link(
    live_server, browser, phone, survey
):
    # The officer opens the unit's poster and its QR code.
    log_in(phone, live_server, "officer-a")
    phone.goto(f"{live_server.url}/skm/surveys/{survey.uuid}/")
    phone.click("text=Cetak poster QR untuk loket")
    link = phone.locator("#survey-link").inner_text().strip()
    assert link == f"{live_server.url}/s/{survey.uuid}/"
    # The code drawn on the poster is exactly the QR symbol of that link.
    drawn = qr_matrix_from_svg(phone.locator("svg.qr").evaluate("svg => svg.outerHTML"))
    symbol = segno.make_qr(link, error="m", boost_error=False)
    assert drawn == {
        (row + 4, column + 4)
        for row, line in enumerate(symbol.matrix)
        for column, dark in enumerate(line)
        if dark
    }

    # A citizen with no account scans it: a fresh phone-sized browser opens the link.
    context = browser.new_context(viewport={"width": 360, "height": 740}, is_mobile=True)
    citizen = context.new_page()
    citizen.set_default_timeout(10_000)
    citizen.goto(link)
    assert citizen.evaluate("document.documentElement.scrollWidth") <= 360
    citizen.select_option("select[name=product]", "product-2")
    for element in range(1, 10):
        # Tap the wording of the answer, not a tiny radio button.
        citizen.locator(f"input[name=U{element}][value='{3 if element == 4 else 4}']").locator(
            "xpath=.."
        ).click()
    citizen.locator("input[name=sex][value=p]").locator("xpath=..").click()
    citizen.select_option("select[name=age_band]", "30-39")
    citizen.fill("textarea[name=suggestion]", "Ruang tunggu sudah nyaman.")
    citizen.click(".survey-form button[type=submit]")
    citizen.wait_for_url(f"**/s/{survey.uuid}/thanks/")
    assert "Jawaban Anda tentang Unit 1 telah disimpan" in citizen.inner_text("main")
    context.close()

    stored = Response.objects.get()
    assert stored.answers == {f"U{n}": 3 if n == 4 else 4 for n in range(1, 10)}
    assert (stored.product.code, stored.sex, stored.age_band) == ("product-2", "p", "30-39")
    result = survey_result(survey)
    assert result.respondents == 1
    # (8 × 4 + 3) / 9 × 25 = 97.22.
    assert str(result.ikm) == "97.22"

    # The officer's page counts the response.
    phone.goto(f"{live_server.url}/skm/surveys/{survey.uuid}/")
    assert phone.locator("#respondents").inner_text() == "1"
    assert phone.locator("#ikm").inner_text() == "IKM 97,22"
