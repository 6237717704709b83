"""The public portal from `/`: a visitor finds an agency by name and sees what it published,
and nothing that is not public yet."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from patuh.results.portal import folded, matches
from patuh.satisfaction.services import issue_token, set_published, submit_response
from tests.results.conftest import announce
from tests.satisfaction.conftest import survey_for

pytestmark = pytest.mark.django_db


def search(client, query: str):
    return client.get(reverse("public_index"), {"q": query})


def found_codes(response) -> list[str]:
    return [provider.code for provider in response.context["agencies"]]


def answer(survey, value: int, at):
    """One respondent's answers, every element `value`, sent at `at`."""
    token = issue_token(survey, now=at - dt.timedelta(minutes=1))
    submit_response(
        survey,
        token=token,
        answers={f"U{n}": value for n in range(1, 10)},
        product=None,
        profile={},
        suggestion="",
        now=at,
    )


def test_a_visitor_who_is_not_signed_in_lands_on_the_public_results(client, announced_cycle):
    response = client.get("/")
    assert response.status_code == 200
    assert announced_cycle.name in response.text
    assert 'name="q"' in response.text
    assert f'href="{reverse("login")}"' in response.text


def test_search_ignores_case_accents_spaces_and_punctuation():
    name = "Dinas Kependudukan dan Pencatatan Sipil Kota Pangkalpinang"
    assert folded("Dinas  Pendidikan, Kota Bélitung") == "dinas pendidikan kota belitung"
    assert matches("KEPENDUDUKAN pangkal pinang", name)
    assert matches("pencatatan-sipil", name)
    assert not matches("kesehatan", name)


def test_an_agency_is_found_by_name_and_shows_its_announced_score(
    client, announced_cycle, provider_a
):
    provider_a.name = "Dinas Kependudukan dan Pencatatan Sipil Kabupaten Bélitung"
    provider_a.save()

    response = search(client, "dinas kependudukan belitung")
    assert found_codes(response) == [provider_a.code]
    assert search(client, "no such agency").context["agencies"] == []
    assert "Tidak ada instansi" in search(client, "no such agency").text

    page = client.get(reverse("public_agency", args=[provider_a.code]))
    assert page.status_code == 200
    [item] = page.context["page"].cycles
    assert item.results.cycle == announced_cycle
    assert item.provider.score is not None
    assert reverse("public_provider", args=[announced_cycle.code, provider_a.code]) in page.text


def test_before_the_announcement_the_agency_is_neither_found_nor_shown(
    client, released_cycle, provider_a
):
    announce(released_cycle, timezone.now() + dt.timedelta(minutes=5))
    assert search(client, provider_a.code).context["agencies"] == []
    assert client.get(reverse("public_agency", args=[provider_a.code])).status_code == 404


def test_only_published_surveys_show_with_the_figures_of_their_publication(
    client, provider_a, officer_a
):
    unit = provider_a.units.get()
    published = survey_for(unit, officer_a)
    unpublished = survey_for(unit, officer_a)
    unpublished.title = "SKM internal"
    unpublished.save()
    now = timezone.now()
    answer(published, 4, now - dt.timedelta(minutes=10))
    answer(unpublished, 1, now - dt.timedelta(minutes=10))
    # Nothing is public yet: the agency is unknown to the portal.
    assert client.get(reverse("public_agency", args=[provider_a.code])).status_code == 404

    set_published(published, True, now=now - dt.timedelta(minutes=5))
    # An answer after the publication changes nothing public until the unit publishes again.
    answer(published, 1, now)

    assert found_codes(search(client, "disdukcapil")) == [provider_a.code]
    page = client.get(reverse("public_agency", args=[provider_a.code]))
    [shown] = page.context["page"].surveys
    assert shown.survey == published
    assert (shown.result.respondents, str(shown.result.ikm), shown.result.band.code) == (
        1,
        "100.00",
        "A",
    )
    assert "SKM internal" not in page.text
    assert page.context["page"].cycles == []


def test_an_unknown_agency_is_not_found(client):
    assert client.get(reverse("public_agency", args=["nobody"])).status_code == 404


def test_the_agency_page_reads_one_query_per_published_survey_and_search_a_fixed_few(
    client, announced_cycle, provider_a, officer_a, django_assert_num_queries
):
    for _ in range(2):
        survey = survey_for(provider_a.units.get(), officer_a)
        answer(survey, 4, timezone.now())
        set_published(survey, True)
    # The agency, cycles, snapshots, scores, surveys, then each survey's answers.
    with django_assert_num_queries(7):
        client.get(reverse("public_agency", args=[provider_a.code]))
    # The cycles listed, the published cycles and snapshots, the public agencies.
    with django_assert_num_queries(4):
        search(client, "disdukcapil")
