"""What a counter needs besides the QR link: a short code to type, kiosk mode for a tablet, and
the publication of the results."""

import re

import pytest
from django.urls import reverse

from patuh.audit.models import AuditEvent
from patuh.satisfaction.models import SHORT_CODE_ALPHABET, Survey
from tests.satisfaction.conftest import survey_for

pytestmark = pytest.mark.django_db


def test_every_survey_gets_its_own_short_code_of_unambiguous_characters(unit, officer_a):
    codes = {survey_for(unit, officer_a).short_code for _ in range(20)}
    assert len(codes) == 20
    for code in codes:
        assert len(code) == 6 and set(code) <= set(SHORT_CODE_ALPHABET)
    assert not set(SHORT_CODE_ALPHABET) & set("0O1IL2Z5S8B")


def test_the_typed_short_code_opens_the_survey_whatever_its_case_and_spacing(client, survey):
    typed = f" {survey.short_code[:3].lower()} {survey.short_code[3:]} "
    response = client.get(reverse("survey_code"), {"code": typed})
    assert response.status_code == 302
    assert response["Location"] == reverse("survey_respond", args=[survey.uuid])
    dashed = f"{survey.short_code[:3]}-{survey.short_code[3:]}"
    assert client.get(reverse("survey_code"), {"code": dashed}).status_code == 302


def test_an_unknown_short_code_says_so_and_keeps_what_was_typed(client, survey):
    wrong = "AAAAAA" if survey.short_code != "AAAAAA" else "CCCCCC"
    response = client.get(reverse("survey_code"), {"code": wrong})
    assert response.status_code == 404
    page = response.content.decode()
    assert f"Tidak ada survei dengan kode “{wrong}”" in page
    assert f'value="{wrong}"' in page


def test_the_code_page_asks_for_the_code(client):
    response = client.get(reverse("survey_code"))
    assert response.status_code == 200
    assert 'name="code"' in response.content.decode()


def test_the_poster_and_survey_page_show_the_short_code_and_where_to_type_it(
    client, officer_a, survey
):
    client.force_login(officer_a)
    for name in ("survey_poster", "survey_detail"):
        page = client.get(reverse(name, args=[survey.uuid])).content.decode()
        assert re.search(rf'id="short-code">{survey.short_code}<', page), name
        assert "http://testserver/s/" in page, name


def test_an_officer_turns_on_kiosk_mode_and_the_thanks_page_resets_the_form(
    client, officer_a, survey
):
    thanks = reverse("survey_thanks", args=[survey.uuid])
    assert 'http-equiv="refresh"' not in client.get(thanks).content.decode()
    client.force_login(officer_a)
    response = client.post(
        reverse("survey_edit", args=[survey.uuid]),
        {
            "title": survey.title,
            "opens_on": survey.opens_on.isoformat(),
            "closes_on": survey.closes_on.isoformat(),
            "population": survey.population,
            "kiosk": "on",
        },
    )
    assert response.status_code == 302
    survey.refresh_from_db()
    assert survey.kiosk
    client.logout()
    page = client.get(thanks).content.decode()
    respond = reverse("survey_respond", args=[survey.uuid])
    assert f'<meta http-equiv="refresh" content="8;url={respond}">' in page
    assert f'id="next-respondent" href="{respond}"' in page
    # The next person does not get the previous one's answers from the browser.
    assert 'autocomplete="off"' in client.get(respond).content.decode()


def test_an_officer_publishes_the_results_and_withdraws_them_audited(client, officer_a, survey):
    client.force_login(officer_a)
    url = reverse("survey_publish", args=[survey.uuid])
    assert client.post(url, {"publish": "1"}).status_code == 302
    survey.refresh_from_db()
    assert survey.published_at is not None
    event = AuditEvent.objects.filter(object_type="satisfaction.survey").latest("pk")
    assert event.actor == officer_a and event.after["published_at"] is not None
    assert client.post(url, {"publish": "0"}).status_code == 302
    survey.refresh_from_db()
    assert survey.published_at is None


def test_office_staff_who_see_a_survey_cannot_publish_it(client, reviewer, survey):
    client.force_login(reviewer)
    response = client.post(reverse("survey_publish", args=[survey.uuid]), {"publish": "1"})
    assert response.status_code == 403
    assert Survey.objects.get().published_at is None
