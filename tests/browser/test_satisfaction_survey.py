"""A respondent completes the satisfaction survey on a phone, from the QR poster's link."""

import io

import pytest
import zxingcpp
from PIL import Image

from patuh.satisfaction.models import Response
from patuh.satisfaction.services import survey_result
from tests.browser.conftest import log_in, phone_page
from tests.satisfaction.conftest import survey_for

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def survey(provider_a, officer_a):
    return survey_for(provider_a.units.get(), officer_a)


def decode_qr(png: bytes) -> str:
    """The text of the one QR code in a screenshot, read as a phone's camera app would: by a
    decoder of its own (zxing-cpp), not by segno, which drew it."""
    [code] = zxingcpp.read_barcodes(
        Image.open(io.BytesIO(png)), formats=zxingcpp.BarcodeFormat.QRCode
    )
    return code.text


def test_respondent_completes_the_survey_at_phone_size_from_the_qr_link(
    live_server, browser, phone, survey, settings
):
    # Playwright answers faster than any person; the timing check has its own tests.
    settings.PATUH_SKM_MIN_SECONDS = 0
    # The officer opens the unit's poster; the code on it is read from what the screen shows.
    log_in(phone, live_server, "officer-a")
    phone.goto(f"{live_server.url}/skm/surveys/{survey.uuid}/")
    phone.click("text=Cetak poster QR untuk loket")
    link = decode_qr(phone.locator("svg.qr").screenshot())
    assert link == f"{live_server.url}/s/{survey.uuid}/"
    assert phone.locator("#survey-link").inner_text().strip() == link
    assert phone.locator("#short-code").inner_text() == survey.short_code

    # A citizen with no account scans it: a fresh phone-sized browser opens the decoded link.
    citizen = phone_page(browser)
    citizen.goto(link)
    assert citizen.evaluate("document.documentElement.scrollWidth") <= 360
    citizen.select_option("select[name=product]", "product-2")
    for element in range(1, 10):
        # Tap the wording of the answer, not a tiny radio button.
        citizen.locator(f"input[name=U{element}][value='{3 if element == 4 else 4}']").locator(
            "xpath=.."
        ).click()
    citizen.select_option("select[name=age_band]", "30-39")
    citizen.locator("input[name=sex][value=p]").locator("xpath=..").click()
    citizen.select_option("select[name=education]", "diploma")
    citizen.select_option("select[name=occupation]", "wirausaha")
    citizen.fill("textarea[name=suggestion]", "Ruang tunggu sudah nyaman.")
    citizen.click(".survey-form button[type=submit]")
    citizen.wait_for_url(f"**/s/{survey.uuid}/thanks/")
    assert "Jawaban Anda tentang Unit 1 telah disimpan" in citizen.inner_text("main")
    citizen.context.close()

    stored = Response.objects.get()
    assert stored.answers == {f"U{n}": 3 if n == 4 else 4 for n in range(1, 10)}
    assert (
        stored.product.code,
        stored.age_band,
        stored.sex,
        stored.education,
        stored.occupation,
        stored.suggestion,
    ) == ("product-2", "30-39", "p", "diploma", "wirausaha", "Ruang tunggu sudah nyaman.")
    result = survey_result(survey)
    assert result.respondents == 1
    # (8 × 4 + 3) / 9 × 25 = 97.22.
    assert str(result.ikm) == "97.22"

    # The officer's page counts the response.
    phone.goto(f"{live_server.url}/skm/surveys/{survey.uuid}/")
    assert phone.locator("#respondents").inner_text() == "1"
    assert phone.locator("#ikm").inner_text() == "IKM 97,22"


def test_a_citizen_types_the_short_code_and_answers_the_public_trust_survey_on_a_phone(
    live_server, browser, provider_a, officer_a, settings
):
    settings.PATUH_SKM_MIN_SECONDS = 0
    survey = survey_for(provider_a.units.get(), officer_a, kind="kepercayaan-masyarakat")
    citizen = phone_page(browser)
    failures = []
    citizen.on("pageerror", lambda error: failures.append(str(error)))
    citizen.on("requestfailed", lambda request: failures.append(request.url))
    citizen.set_viewport_size({"width": 390, "height": 844})

    citizen.goto(f"{live_server.url}/s/")
    citizen.fill("#survey-code", survey.short_code.lower())
    citizen.click("form.code-form button[type=submit]")
    citizen.wait_for_url(f"**/s/{survey.uuid}/")
    assert citizen.evaluate("document.documentElement.scrollWidth") <= 390
    assert "jujur dan tidak menerima imbalan" in citizen.inner_text("main")
    for element, value in (("K1", 4), ("K2", 3), ("K3", 4), ("K4", 2), ("K5", 4)):
        citizen.locator(f"input[name={element}][value='{value}']").locator("xpath=..").click()
    citizen.click(".survey-form button[type=submit]")
    citizen.wait_for_url(f"**/s/{survey.uuid}/thanks/")
    citizen.context.close()

    assert failures == []
    assert Response.objects.get().answers == {"K1": 4, "K2": 3, "K3": 4, "K4": 2, "K5": 4}
    # (4 + 3 + 4 + 2 + 4) / 5 × 25 = 85: the index the opinion's KP01 is offered.
    assert str(survey_result(survey).ikm) == "85.00"
