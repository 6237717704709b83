"""The public questionnaire: a response is stored and counted, each abuse limit refuses with a
message and stores nothing, and the limits follow forms, not addresses."""

import datetime as dt
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from patuh.audit.models import AuditEvent
from patuh.satisfaction.models import Response
from patuh.satisfaction.services import issue_token
from tests.satisfaction.conftest import all_answers, survey_for

pytestmark = pytest.mark.django_db

COUNTER_WIFI = "203.0.113.7"


def respond_url(survey) -> str:
    return reverse("survey_respond", args=[survey.uuid])


def token_issued(survey, seconds_ago: int = 60) -> str:
    """A form token as a person would send it: issued when they opened the form, a minute ago."""
    return issue_token(survey, now=timezone.now() - dt.timedelta(seconds=seconds_ago))


def post(client, survey, data, token=None, address=COUNTER_WIFI):
    token = token_issued(survey) if token is None else token
    return client.post(respond_url(survey), data | {"token": token}, REMOTE_ADDR=address)


def page_token(response) -> str:
    return re.search(r'name="token" value="([^"]+)"', response.content.decode()).group(1)


class Clock:
    """timezone.now, moved by the test."""

    def __init__(self, monkeypatch):
        self.now = timezone.now()
        monkeypatch.setattr(timezone, "now", lambda: self.now)

    def advance(self, **delta) -> None:
        self.now += dt.timedelta(**delta)


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
    # The address is kept nowhere: the audit log has no IP, the response only a random token.
    event = AuditEvent.objects.get(object_type="satisfaction.response")
    assert (event.ip, event.actor) == (None, None)
    assert COUNTER_WIFI not in str(event.after)


def test_thirty_citizens_on_one_counter_wifi_are_all_stored(client, survey, monkeypatch):
    clock = Clock(monkeypatch)
    data = all_answers() | {"product": "product-1"}
    forms = [page_token(client.get(respond_url(survey))) for _ in range(30)]
    # They answer for a minute, then send one after another from the same address.
    clock.advance(minutes=1)
    statuses = [post(client, survey, data, token).status_code for token in forms]
    assert statuses == [302] * 30
    assert survey.responses.count() == 30


def test_a_replayed_form_is_stored_once_and_answered_as_success(client, survey):
    data = all_answers() | {"product": "product-1"}
    token = token_issued(survey)
    first = post(client, survey, data, token)
    replay = post(client, survey, data, token)
    assert first.status_code == replay.status_code == 302
    assert replay["Location"] == reverse("survey_thanks", args=[survey.uuid])
    assert Response.objects.count() == 1
    assert AuditEvent.objects.filter(object_type="satisfaction.response").count() == 1
    # Another copy of the form is another response.
    assert post(client, survey, data).status_code == 302
    assert Response.objects.count() == 2


def test_a_replay_sent_at_the_same_moment_is_caught_by_the_token_and_stored_once(
    client, survey, monkeypatch
):
    """Both sends of one form find no response with its token (the check runs before the
    transaction); the token's unique constraint keeps the second from being stored."""
    data = all_answers() | {"product": "product-1"}
    token = token_issued(survey)
    assert post(client, survey, data, token).status_code == 302
    # The replay's check ran before the first send had stored its response.
    real_filter = Response.objects.filter
    monkeypatch.setattr(
        Response.objects,
        "filter",
        lambda **lookups: Response.objects.none() if "token" in lookups else real_filter(**lookups),
    )
    replay = post(client, survey, data, token)
    assert replay.status_code == 302
    assert replay["Location"] == reverse("survey_thanks", args=[survey.uuid])
    assert Response.objects.count() == 1
    assert AuditEvent.objects.filter(object_type="satisfaction.response").count() == 1


def test_the_burst_ceiling_refuses_with_a_clear_message_and_keeps_the_answers(
    client, survey, settings, monkeypatch
):
    settings.PATUH_SKM_BURST_LIMIT = 3
    clock = Clock(monkeypatch)
    data = all_answers(2) | {"product": "product-1", "suggestion": "Loket kurang"}
    for _ in range(3):
        assert post(client, survey, data).status_code == 302
    token = token_issued(survey)
    refused = post(client, survey, data, token)
    assert refused.status_code == 429
    page = refused.content.decode()
    assert "Survei ini sedang menerima sangat banyak jawaban" in page
    assert "Loket kurang" in page and 'value="2" id="id_U1_1" required checked' in page
    # The same form may be sent again: its token was not used up.
    assert page_token(refused) == token
    assert Response.objects.count() == 3
    # Other surveys are not affected; after a minute this one takes answers again.
    other = survey_for(survey.unit, survey.created_by)
    assert post(client, other, data).status_code == 302
    clock.advance(seconds=61)
    assert post(client, survey, data, token).status_code == 302
    assert survey.responses.count() == 4


def test_a_form_sent_within_seconds_of_opening_is_refused_as_a_robots(client, survey):
    data = all_answers() | {"product": "product-1"}
    token = page_token(client.get(respond_url(survey)))
    refused = post(client, survey, data, token)
    assert refused.status_code == 400
    assert "dikirim beberapa detik setelah dibuka" in refused.content.decode()
    assert not Response.objects.exists()
    # A new form is issued, the answers are kept.
    assert page_token(refused) != token
    assert 'value="4" id="id_U9_3" required checked' in refused.content.decode()


@pytest.mark.parametrize(
    "make_token",
    [
        lambda survey, other: "",
        lambda survey, other: token_issued(survey)[:-3] + "abc",
        lambda survey, other: token_issued(other),
    ],
    ids=["missing", "altered", "another-survey"],
)
def test_a_missing_altered_or_foreign_token_is_refused(client, survey, make_token):
    other = survey_for(survey.unit, survey.created_by)
    data = all_answers() | {"product": "product-1"}
    refused = post(client, survey, data, make_token(survey, other))
    assert refused.status_code == 400
    assert "formulir ini tidak dapat diperiksa" in refused.content.decode()
    assert not Response.objects.exists()


def test_a_form_opened_more_than_a_week_ago_is_refused(client, survey):
    token = token_issued(survey, seconds_ago=8 * 24 * 3600)
    refused = post(client, survey, all_answers() | {"product": "product-1"}, token)
    assert refused.status_code == 400
    assert "lebih dari seminggu yang lalu" in refused.content.decode()
    assert not Response.objects.exists()


def test_missing_answers_are_marked_and_nothing_is_stored(client, survey):
    data = all_answers(4)
    del data["U5"]
    data["U2"] = "7"
    token = token_issued(survey)
    response = post(client, survey, data | {"product": "product-1"}, token)
    assert response.status_code == 200
    assert response.context["form"].errors.keys() == {"U2", "U5"}
    assert "Silakan pilih satu jawaban." in response.content.decode()
    assert page_token(response) == token
    assert not Response.objects.exists()


def test_the_honeypot_refuses_with_a_message_and_stores_nothing(client, survey):
    data = all_answers() | {"product": "product-1", "website": "http://spam.example"}
    response = post(client, survey, data)
    assert response.status_code == 400
    assert "Jawaban Anda tidak disimpan" in response.content.decode()
    assert not Response.objects.exists()


def test_the_questionnaire_is_never_cached(client, survey):
    response = client.get(respond_url(survey))
    assert "no-store" in response["Cache-Control"]


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


def test_the_perception_survey_asks_the_day_the_service_was_used_and_refuses_a_future_one(
    client, unit, officer_a
):
    survey = survey_for(unit, officer_a, kind="persepsi-maladministrasi")
    page = client.get(respond_url(survey)).content.decode()
    assert "Pada hari apa Anda menggunakan layanan ini?" in page
    answers = {f"M{n}": "4" for n in range(1, 6)} | {"product": "product-1"}
    tomorrow = timezone.localdate() + dt.timedelta(days=1)

    refused = post(client, survey, answers | {"used_on": tomorrow.isoformat()})
    assert refused.context["form"].errors.keys() == {"used_on"}
    assert "Hari Anda menggunakan layanan tidak boleh di masa depan." in refused.content.decode()
    assert not Response.objects.exists()

    served = timezone.localdate() - dt.timedelta(days=3)
    assert post(client, survey, answers | {"used_on": served.isoformat()}).status_code == 302
    assert Response.objects.get().used_on == served


def test_the_satisfaction_survey_does_not_ask_the_day(client, survey):
    assert 'name="used_on"' not in client.get(respond_url(survey)).content.decode()
