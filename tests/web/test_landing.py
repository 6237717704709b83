"""After sign-in each role lands on its work, and an agency officer's page lists theirs."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from patuh.assessments.models import Phase
from patuh.satisfaction.services import create_survey
from tests.pekppp.conftest import evaluation_cycle, fill_self_assessment
from tests.results.conftest import release


def sign_in(client, username: str):
    """Sign in through the login form and follow every redirect; the final response."""
    return client.post(
        reverse("login"), {"username": username, "password": f"pass-{username}"}, follow=True
    )


def landed(response) -> str:
    return response.redirect_chain[-1][0]


@pytest.mark.parametrize(
    ("username", "page"),
    [
        ("enumerator", lambda cycle, evaluation: reverse("fieldwork:my_visits")),
        ("reviewer", lambda cycle, evaluation: reverse("fieldwork:queue", args=[cycle.code])),
        (
            "evaluator",
            lambda cycle, evaluation: reverse("pekppp:evaluation_units", args=[evaluation.code]),
        ),
        ("officer-a", lambda cycle, evaluation: reverse("agency")),
        ("coordinator", lambda cycle, evaluation: reverse("home")),
    ],
)
def test_each_role_lands_on_its_work(
    client,
    enumerator,
    reviewer,
    evaluator,
    officer_a,
    coordinator,
    cycle,
    provider_a,
    username,
    page,
):
    evaluation = evaluation_cycle([provider_a])

    response = sign_in(client, username)

    assert response.status_code == 200
    assert landed(response) == page(cycle, evaluation)


def test_without_a_cycle_to_work_on_the_reviewer_and_evaluator_land_on_their_lists(
    client, reviewer, evaluator
):
    assert landed(sign_in(client, "reviewer")) == reverse("home")
    client.logout()
    assert landed(sign_in(client, "evaluator")) == reverse("pekppp:index")


def test_the_page_asked_for_before_sign_in_wins(client, reviewer, cycle):
    page = reverse("cycle_detail", args=[cycle.code])

    response = client.post(
        reverse("login"), {"username": "reviewer", "password": "pass-reviewer", "next": page}
    )

    assert response.url == page


def test_the_agency_page_lists_report_cards_self_assessments_and_surveys(
    client, officer_a, scored_cycle, provider_a, provider_b
):
    unit = provider_a.units.get()
    evaluation = evaluation_cycle([provider_a, provider_b])
    fill_self_assessment(evaluation, unit, officer_a)
    today = timezone.localdate()
    create_survey(
        unit, title="SKM", opens_on=today, closes_on=today, population=None, user=officer_a
    )
    client.force_login(officer_a)

    before = client.get(reverse("agency"))
    release(scored_cycle)
    after = client.get(reverse("agency"))

    card = reverse("provider_detail", args=[scored_cycle.code, provider_a.code])
    assert card not in before.text and card in after.text
    assert reverse("provider_detail", args=[scored_cycle.code, provider_b.code]) not in after.text
    page = after.context["page"]
    assert page.providers == [provider_a]
    [entry] = page.self_assessments
    assert entry.open and [row.unit for row in entry.units] == [unit]
    assert [row.self_status for row in entry.units] == ["draft"]
    assert (
        reverse("pekppp:self_assessment", args=[evaluation.code, provider_a.code, unit.code])
        in after.text
    )
    assert [(u, u.survey_count) for u in page.survey_units] == [(unit, 1)]
    assert reverse("skm_unit", args=[provider_a.code, unit.code]) in after.text


def test_the_agency_page_is_for_agency_officers(client, reviewer, enumerator):
    for user in (reviewer, enumerator):
        client.force_login(user)
        assert client.get(reverse("agency")).status_code == 403


def test_the_agency_page_leads_to_follow_up_self_checks_and_a_running_klarifikasi(
    client, officer_a, scored_cycle
):
    client.force_login(officer_a)
    clarification = reverse("clarification:findings", args=[scored_cycle.code])
    today = timezone.localdate()
    klarifikasi = Phase.objects.create(
        cycle=scored_cycle,
        kind=Phase.Kind.KLARIFIKASI,
        starts_on=today + dt.timedelta(days=1),
        ends_on=today + dt.timedelta(days=30),
    )

    before = client.get(reverse("agency"))
    klarifikasi.starts_on = today
    klarifikasi.save()
    during = client.get(reverse("agency"))

    assert reverse("followup:mine") in before.text
    assert reverse("selfcheck:index") in before.text
    assert clarification not in before.text
    assert during.context["page"].clarification_cycles == [scored_cycle]
    assert clarification in during.text
