"""The self-check pages: the officer's units, a unit's form with its projection, autosave, and
the office's list of who self-checked."""

import datetime as dt

import pytest
from django.urls import reverse

from patuh.assessments.models import Phase
from patuh.selfcheck.models import SelfCheckAnswer
from tests.selfcheck.conftest import WEAK, fill, post_json, today, worst_for


def unit_url(cycle, provider, name: str = "selfcheck:unit") -> str:
    return reverse(name, args=[cycle.code, provider.code, provider.units.get().code])


def test_the_officer_lists_their_own_units_only(client, open_cycle, provider_a, officer_a):
    client.force_login(officer_a)
    response = client.get(reverse("selfcheck:index"))
    assert response.status_code == 200
    assert unit_url(open_cycle, provider_a).encode() in response.content
    assert b"dpmptsp-b" not in response.content


def test_the_home_page_links_the_self_check_for_the_officer(client, open_cycle, officer_a):
    client.force_login(officer_a)
    assert reverse("selfcheck:index").encode() in client.get(reverse("home")).content


def test_another_providers_officer_gets_404(client, open_cycle, provider_a, officer_b):
    client.force_login(officer_b)
    assert client.get(unit_url(open_cycle, provider_a)).status_code == 404
    response = post_json(
        client, unit_url(open_cycle, provider_a, "selfcheck:save"), {"answers": []}
    )
    assert response.status_code == 404


def test_the_unit_page_shows_the_projection_and_the_plan_with_fix_texts(
    client, open_cycle, provider_a, officer_a
):
    fill(open_cycle, provider_a.units.get(), officer_a, worst_for(WEAK))
    client.force_login(officer_a)

    page = client.get(unit_url(open_cycle, provider_a)).content.decode()

    assert "data-projected-score" in page
    assert "data-plan" in page
    assert "Perbaiki" in page or "Saran perbaikan" in page
    assert 'id="checklist"' in page and "fieldwork/checklist.js" in page


def test_autosave_stores_answers_and_replies_as_the_checklist_expects(
    client, open_cycle, provider_a, officer_a
):
    client.force_login(officer_a)
    response = post_json(
        client,
        unit_url(open_cycle, provider_a, "selfcheck:save"),
        {
            "answers": [
                {"product": "", "indicator": "U01", "value": "yes", "note": ""},
                {"product": "product-1", "indicator": "P01", "value": "nonsense", "note": ""},
            ]
        },
    )
    assert response.status_code == 400
    reply = response.json()
    assert (reply["saved"], reply["answered"]) == (1, 1)
    assert [item["indicator"] for item in reply["refused"]] == ["P01"]
    assert list(SelfCheckAnswer.objects.values_list("indicator", "value")) == [("U01", "yes")]


def test_outside_the_window_the_page_says_when_it_opens_and_nothing_is_saved(
    client, open_cycle, provider_a, officer_a
):
    Phase.objects.filter(cycle=open_cycle, kind=Phase.Kind.PERBAIKAN).update(
        starts_on=today() + dt.timedelta(days=3)
    )
    client.force_login(officer_a)

    page = client.get(unit_url(open_cycle, provider_a)).content.decode()
    response = post_json(
        client,
        unit_url(open_cycle, provider_a, "selfcheck:save"),
        {"answers": [{"product": "", "indicator": "U01", "value": "yes"}]},
    )

    assert "Dibuka pada" in page
    assert "checklist.js" not in page
    assert response.status_code == 400
    assert "dibuka pada" in response.json()["error"]
    assert not SelfCheckAnswer.objects.exists()


def test_the_office_sees_counts_not_scores(client, open_cycle, provider_a, officer_a, coordinator):
    fill(open_cycle, provider_a.units.get(), officer_a, worst_for({"U01"}))
    client.force_login(coordinator)

    page = client.get(reverse("selfcheck:office", args=[open_cycle.code])).content.decode()

    assert "Provider disdukcapil-a" in page
    assert "data-projected-score" not in page
    detail = client.get(reverse("cycle_detail", args=[open_cycle.code])).content.decode()
    assert reverse("selfcheck:office", args=[open_cycle.code]) in detail


@pytest.mark.parametrize("user", ["officer_a", "enumerator", "coordinator_elsewhere"])
def test_only_the_offices_staff_see_the_list(client, open_cycle, user, request):
    client.force_login(request.getfixturevalue(user))
    response = client.get(reverse("selfcheck:office", args=[open_cycle.code]))
    assert response.status_code in (403, 404)


def test_the_plain_form_saves_without_a_script(client, open_cycle, provider_a, officer_a):
    client.force_login(officer_a)
    response = client.post(
        unit_url(open_cycle, provider_a, "selfcheck:save"),
        {"value::U01": "yes", "note::U01": "di loket", "value:product-1:P01": "baik"},
    )
    assert response.status_code == 302
    assert response["Location"] == unit_url(open_cycle, provider_a)
    assert sorted(SelfCheckAnswer.objects.values_list("indicator", "value", "note")) == [
        ("P01", "baik", ""),
        ("U01", "yes", "di loket"),
    ]
