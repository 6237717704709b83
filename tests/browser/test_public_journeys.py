"""The public's journeys (docs: shared journeys, "The public"): a citizen at a counter answers the
SKM from the typed short code on a phone, a kiosk tablet gets ready for the next one, and a
journalist finds an agency's published results from `/`. Each fails on a JavaScript error, a
failed request or a page wider than the screen."""

import datetime as dt

import pytest
from django.utils import timezone

from patuh.satisfaction.models import Response
from patuh.satisfaction.services import issue_token, set_published, submit_response
from patuh.scoring.services import compute_snapshot
from tests import factories
from tests.browser.conftest import DESKTOP, PHONE
from tests.satisfaction.conftest import survey_for

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def answer_survey(page, product: str) -> None:
    page.select_option("select[name=product]", product)
    for element in range(1, 10):
        page.locator(f"input[name=U{element}][value='4']").locator("xpath=..").click()
    page.click(".survey-form button[type=submit]")


def test_a_citizen_types_the_short_code_answers_and_the_kiosk_is_ready_again(
    live_server, watched, provider_a, officer_a, settings
):
    # Playwright answers faster than any person; the timing check has its own tests.
    settings.PATUH_SKM_MIN_SECONDS = 0
    survey = survey_for(provider_a.units.get(), officer_a)
    survey.kiosk = True
    survey.save()
    citizen = watched(PHONE, mobile=True)
    phone = citizen.page

    phone.goto(f"{live_server.url}/s/")
    citizen.check()
    # Typed as read off the poster, in small letters with a space.
    phone.fill("input[name=code]", f"{survey.short_code[:3].lower()} {survey.short_code[3:]}")
    phone.click("form.code-form button[type=submit]")
    phone.wait_for_url(f"**/s/{survey.uuid}/")
    citizen.check()

    answer_survey(phone, "product-2")
    phone.wait_for_url(f"**/s/{survey.uuid}/thanks/")
    assert "Jawaban Anda tentang Unit 1 telah disimpan" in phone.inner_text("main")
    citizen.check()
    assert Response.objects.get().product.code == "product-2"

    # Kiosk mode: the thanks page turns into an empty form for the next person by itself.
    phone.wait_for_url(f"**/s/{survey.uuid}/")
    phone.locator("select[name=product]").wait_for()
    assert phone.locator("input[name^=U]:checked").count() == 0
    citizen.check()
    answer_survey(phone, "product-1")
    phone.wait_for_url(f"**/s/{survey.uuid}/thanks/")
    assert survey.responses.count() == 2
    citizen.check()


@pytest.fixture
def published_agency(provider_a, provider_b, coordinator, officer_a):
    """Provider A with an announced score and a published survey; B scored in the same cycle."""
    provider_a.name = "Dinas Kependudukan dan Pencatatan Sipil Kabupaten Belitung"
    provider_a.save()
    cycle = factories.cycle([provider_a, provider_b])
    factories.answer_everything(cycle)
    snapshot, _ = compute_snapshot(cycle, user=coordinator)
    snapshot.released_at = timezone.now() - dt.timedelta(days=2)
    snapshot.save()
    cycle.announce_at = timezone.now() - dt.timedelta(days=1)
    cycle.save()
    survey = survey_for(provider_a.units.get(), officer_a)
    now = timezone.now()
    submit_response(
        survey,
        token=issue_token(survey, now=now - dt.timedelta(minutes=5)),
        answers={f"U{n}": 4 for n in range(1, 10)},
        product=None,
        profile={},
        suggestion="",
        now=now - dt.timedelta(minutes=1),
    )
    set_published(survey, True)
    return cycle


def test_a_journalist_opens_the_site_searches_an_agency_and_reads_its_results(
    live_server, watched, published_agency, provider_a
):
    journalist = watched(DESKTOP, mobile=False)
    page = journalist.page

    page.goto(f"{live_server.url}/")
    assert page.locator("h1").inner_text() == "Hasil publik"
    assert page.get_by_role("link", name=published_agency.name).count() == 1
    journalist.check()

    page.fill("input[name=q]", "kependudukan BELITUNG")
    page.click("form[role=search] button[type=submit]")
    page.get_by_role("link", name=provider_a.name).click()
    page.wait_for_url(f"**/public/agencies/{provider_a.code}/")
    assert page.locator("h1").inner_text() == provider_a.name
    cycle = page.locator("#agency-cycles li").first
    assert published_agency.name in cycle.inner_text()
    surveys = page.locator("#agency-surveys > li")
    assert surveys.count() == 1
    assert "100,00" in surveys.first.inner_text()
    journalist.check()

    page.get_by_role("link", name="Rapor", exact=True).click()
    page.wait_for_url(f"**/public/{published_agency.code}/providers/{provider_a.code}/")
    journalist.check()
