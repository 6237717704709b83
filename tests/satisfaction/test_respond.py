"""The public questionnaire: a response is stored and counted, and each abuse limit refuses with a
message and stores nothing."""

import datetime as dt
import ipaddress

import pytest
from django.urls import reverse
from django.utils import timezone

from patuh.audit.models import AuditEvent
from patuh.satisfaction.models import Response, Submission
from tests.satisfaction.conftest import all_answers, survey_for

pytestmark = pytest.mark.django_db


def respond_url(survey) -> str:
    return reverse("survey_respond", args=[survey.uuid])


def post(client, survey, data, address="203.0.113.7"):
    return client.post(respond_url(survey), data, REMOTE_ADDR=address)


def test_the_questionnaire_asks_every_element_with_its_own_wording(client, survey):
    response = client.get(respond_url(survey))
    assert response.status_code == 200
    page = response.content.decode()
    assert "<legend>1. Bagaimana pendapat Saudara tentang kesesuaian persyaratan" in page
    assert "Sangat sesuai" in page and "Sangat mudah" in page and "Gratis" in page
    # Nine elements 1–4, and sex (not said, male, female).
    assert page.count('type="radio"') == 9 * 4 + 3
    assert "Product 1" in page and "Product 2" in page


def test_a_response_is_stored_anonymously_and_counted(client, survey):
    data = all_answers(3) | {
        "product": "product-2",
        "age_band": "30-39",
        "sex": "p",
        "education": "s1",
        "occupation": "asn",
        "suggestion": "Antrean lebih tertib",
    }
    response = post(client, survey, data)
    assert response.status_code == 302
    assert response["Location"] == reverse("survey_thanks", args=[survey.uuid])
    stored = Response.objects.get()
    assert stored.survey == survey
    assert stored.product.code == "product-2"
    assert stored.answers == {f"U{n}": 3 for n in range(1, 10)}
    assert (stored.age_band, stored.sex, stored.education, stored.occupation) == (
        "30-39",
        "p",
        "s1",
        "asn",
    )
    # The address is kept nowhere: the rate-limit mark holds a keyed hash, the audit log no IP.
    mark = Submission.objects.get()
    assert "203.0.113.7" not in mark.client and len(mark.client) == 64
    event = AuditEvent.objects.get(object_type="satisfaction.response")
    assert (event.ip, event.actor) == (None, None)
    assert "203.0.113.7" not in str(event.after)


def test_missing_answers_are_marked_and_nothing_is_stored(client, survey):
    data = all_answers(4)
    del data["U5"]
    data["U2"] = "7"
    response = post(client, survey, data | {"product": "product-1"})
    assert response.status_code == 200
    assert response.context["form"].errors.keys() == {"U2", "U5"}
    assert "Silakan pilih satu jawaban." in response.content.decode()
    assert not Response.objects.exists()


def test_the_honeypot_refuses_with_a_message_and_stores_nothing(client, survey):
    data = all_answers() | {"product": "product-1", "website": "http://spam.example"}
    response = post(client, survey, data)
    assert response.status_code == 400
    assert "Jawaban Anda tidak disimpan" in response.content.decode()
    assert not Response.objects.exists()
    assert not Submission.objects.exists()


def test_the_rate_limit_refuses_too_many_from_one_client_until_the_window_passes(
    client, survey, settings, monkeypatch
):
    settings.PATUH_SKM_RATE_LIMIT = 2
    settings.PATUH_SKM_RATE_WINDOW = 600
    data = all_answers() | {"product": "product-1"}
    assert post(client, survey, data).status_code == 302
    assert post(client, survey, data).status_code == 302
    refused = post(client, survey, data)
    assert refused.status_code == 429
    assert "Terlalu banyak jawaban" in refused.content.decode()
    assert Response.objects.count() == 2
    # Another client is not affected.
    assert post(client, survey, data, address="198.51.100.1").status_code == 302
    # Eleven minutes later the window has passed: accepted again, and old marks are forgotten.
    later = timezone.now() + dt.timedelta(minutes=11)
    monkeypatch.setattr(timezone, "now", lambda: later)
    assert post(client, survey, data).status_code == 302
    assert Response.objects.count() == 4
    assert Submission.objects.count() == 1


def test_behind_a_trusted_proxy_each_respondent_has_their_own_limit(client, survey, settings):
    settings.PATUH_SKM_RATE_LIMIT = 1
    settings.PATUH_TRUSTED_PROXIES = (ipaddress.ip_network("10.0.0.1"),)
    data = all_answers() | {"product": "product-1"}

    def via(remote: str, forwarded: str):
        return client.post(
            respond_url(survey), data, REMOTE_ADDR=remote, HTTP_X_FORWARDED_FOR=forwarded
        )

    assert via("10.0.0.1", "203.0.113.7").status_code == 302
    assert via("10.0.0.1", "198.51.100.1").status_code == 302
    assert via("10.0.0.1", "203.0.113.7").status_code == 429
    # Through the proxy, an address the client wrote in front of its own is not believed.
    assert via("10.0.0.1", "192.0.2.50, 203.0.113.7").status_code == 429
    # Straight from an untrusted address, a made-up header does not make a new client.
    assert via("192.0.2.9", "192.0.2.10").status_code == 302
    assert via("192.0.2.9", "192.0.2.11").status_code == 429
    assert Response.objects.count() == 3


@pytest.mark.parametrize(
    ("opens_in", "closes_in", "message"),
    [(3, 10, "Survei ini dibuka pada"), (-10, -1, "Survei ini telah ditutup pada")],
)
def test_outside_its_period_the_link_says_so_and_stores_nothing(
    client, unit, officer_a, opens_in, closes_in, message
):
    survey = survey_for(unit, officer_a, opens_in=opens_in, closes_in=closes_in)
    page = client.get(respond_url(survey))
    assert message in page.content.decode()
    assert 'type="radio"' not in page.content.decode()
    refused = post(client, survey, all_answers() | {"product": "product-1"})
    assert message in refused.content.decode()
    assert not Response.objects.exists()


def test_an_unknown_link_is_not_found(client):
    response = client.get(reverse("survey_respond", args=["6f1c1d1e-0000-4000-8000-000000000000"]))
    assert response.status_code == 404
