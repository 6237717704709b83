"""The visit plan's pages, as the coordinator uses them and as nobody else may."""

import datetime as dt

import pytest
from django.urls import reverse

from patuh.fieldwork.models import Assignment
from tests import factories
from tests.fieldwork.conftest import fill, today
from tests.html import parse

pytestmark = pytest.mark.django_db

CONFIDENTIAL = (
    "Rahasia: kunjungan dilakukan tanpa pemberitahuan."
    " Jangan pernah membagikan rencana ini kepada instansi yang dinilai."
)


def messages_of(response) -> list[str]:
    return [str(message) for message in response.context["messages"]]


def test_coordinator_sees_the_plan_with_progress(client, coordinator, visit, enumerator):
    fill(visit, enumerator, with_photos=False)
    client.force_login(coordinator)

    response = client.get(reverse("fieldwork:plan", args=[visit.cycle.code]))

    assert response.status_code == 200
    assert parse(response.text).one("p", class_="confidential").text == CONFIDENTIAL
    [row] = response.context["rows"]
    assert (row.progress.answered, row.progress.total) == (33, 33)
    assert row.latest_status == "draft"
    assert response.context["summary"]["units"] == 2


def test_the_plan_list_takes_the_same_queries_for_more_visits(
    client, coordinator, open_cycle, enumerator, django_assert_max_num_queries
):
    client.force_login(coordinator)
    for number in range(6):
        provider = factories.provider(f"extra-{number}")
        open_cycle.providers.add(provider)
        Assignment.objects.create(
            cycle=open_cycle,
            unit=provider.units.get(),
            enumerator=enumerator,
            starts_on=today(),
            ends_on=today(),
        )
    url = reverse("fieldwork:plan", args=[open_cycle.code])
    with django_assert_max_num_queries(30) as few:
        client.get(url)
    for number in range(6, 12):
        provider = factories.provider(f"extra-{number}")
        open_cycle.providers.add(provider)
        Assignment.objects.create(
            cycle=open_cycle,
            unit=provider.units.get(),
            enumerator=enumerator,
            starts_on=today(),
            ends_on=today(),
        )
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(url)


def test_planning_a_whole_regency_by_form(client, coordinator, open_cycle, enumerator):
    client.force_login(coordinator)
    window = {"bulk-starts_on": today().isoformat(), "bulk-ends_on": today().isoformat()}

    response = client.post(
        reverse("fieldwork:assign_many", args=[open_cycle.code]),
        {"bulk-region": "19.02", "bulk-enumerator": "enumerator", **window},
        follow=True,
    )

    assert messages_of(response) == ["2 unit direncanakan"]
    assert Assignment.objects.filter(cycle=open_cycle, enumerator=enumerator).count() == 2


def test_a_plan_outside_data_collection_is_refused_with_the_reason(
    client, coordinator, open_cycle, provider_a, enumerator
):
    client.force_login(coordinator)
    late = (today() + dt.timedelta(days=60)).isoformat()
    first, last = (today() + dt.timedelta(days=days) for days in (-10, 30))

    response = client.post(
        reverse("fieldwork:assign", args=[open_cycle.code]),
        {
            "one-unit": f"{provider_a.code}/unit-1",
            "one-enumerator": "enumerator",
            "one-starts_on": late,
            "one-ends_on": late,
        },
    )

    assert response.status_code == 400
    assert parse(response.text).one("ul", class_="nonfield").text == (
        "Rentang kunjungan harus berada dalam masa pengambilan data,"
        f" {first.isoformat()} sampai {last.isoformat()}."
    )
    assert not Assignment.objects.exists()


def test_the_calendar_shows_each_visit_on_the_days_of_its_window(client, coordinator, visit):
    client.force_login(coordinator)

    response = client.get(
        reverse("fieldwork:calendar", args=[visit.cycle.code]),
        {"month": today().strftime("%Y-%m")},
    )

    days = {
        day: [v.pk for v in visits] for week in response.context["weeks"] for day, visits, _ in week
    }
    assert days[today()] == [visit.pk]
    assert days.get(today() + dt.timedelta(days=6), []) == []


@pytest.mark.parametrize("who", ["officer_a", "officer_b", "coordinator_elsewhere", "enumerator"])
def test_the_plan_is_hidden_from_agencies_other_offices_and_enumerators(
    client, request, who, visit
):
    client.force_login(request.getfixturevalue(who))

    for url in (
        reverse("fieldwork:plan", args=[visit.cycle.code]),
        reverse("fieldwork:calendar", args=[visit.cycle.code]),
    ):
        response = client.get(url)
        assert response.status_code in (403, 404)
        assert "Unit 1" not in response.text


def test_an_officers_pages_never_mention_the_visit(client, officer_a, visit, enumerator):
    enumerator.first_name = "Siti"
    enumerator.save()
    client.force_login(officer_a)

    home = client.get(reverse("home"))

    assert visit.cycle.name in home.text
    assert "Siti" not in home.text
    assert "fieldwork" not in home.text
    assert "Rencana kunjungan" not in home.text


def test_a_performance_evaluation_has_no_visit_plan_or_review_queue(
    client, coordinator, reviewer, provider_a
):
    evaluation = factories.cycle([provider_a], code="pekppp-2025", instrument="pekppp-2022")
    client.force_login(coordinator)

    assert client.get(reverse("fieldwork:plan", args=[evaluation.code])).status_code == 404
    assert client.get(reverse("webcheck_websites", args=[evaluation.code])).status_code == 404
    home = client.get(reverse("home")).text
    assert reverse("fieldwork:plan", args=[evaluation.code]) not in home
    assert reverse("pekppp:index") in home
    client.force_login(reviewer)
    assert client.get(reverse("fieldwork:queue", args=[evaluation.code])).status_code == 404
