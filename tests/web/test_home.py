import datetime as dt

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import formats, timezone, translation

from tests import factories


def test_anonymous_visitor_gets_the_public_results_with_a_way_to_sign_in(client, db):
    response = client.get(reverse("home"))

    assert response.status_code == 200
    assert response.templates[0].name == "results/public/index.html"
    assert f'href="{reverse("login")}"' in response.text


def test_office_staff_see_every_cycle_of_their_office_with_instrument_and_scope(
    client, reviewer, cycle, provider_a
):
    other = factories.cycle([provider_a], code="kepatuhan-2022")
    elsewhere = factories.office("ombudsman-sumsel", "Ombudsman RI Perwakilan Sumatera Selatan")
    factories.cycle([provider_a], code="kepatuhan-sumsel", run_by=elsewhere)
    client.force_login(reviewer)

    response = client.get(reverse("home"))

    assert response.status_code == 200
    assert cycle.name in response.text
    assert other.name in response.text
    assert reverse("cycle_detail", args=[cycle.code]) in response.text
    assert "Survei Kepatuhan Standar Pelayanan Publik (Ombudsman RI, 2021)" in response.text
    assert "ombudsman-2021, versi 1" in response.text
    listed = {c.code: c.provider_count for c in response.context["cycles"]}
    assert listed == {"kepatuhan-2021": 2, "kepatuhan-2022": 1}


def test_enumerators_see_their_offices_cycles_without_a_results_link(client, enumerator, cycle):
    client.force_login(enumerator)

    response = client.get(reverse("home"))

    assert cycle.name in response.text
    assert reverse("cycle_detail", args=[cycle.code]) not in response.text


def test_current_phase_follows_todays_date(client, reviewer, cycle):
    today = timezone.localdate()
    cycle.phases.update(starts_on=today - dt.timedelta(days=1), ends_on=today)
    client.force_login(reviewer)

    response = client.get(reverse("home"))

    assert "Pengambilan data" in response.text
    assert "Tidak ada tahap yang berjalan hari ini" not in response.text


def test_cycle_outside_its_phases_says_no_phase_is_running(client, reviewer, cycle):
    cycle.phases.update(starts_on=dt.date(2000, 1, 1), ends_on=dt.date(2000, 2, 1))
    client.force_login(reviewer)

    response = client.get(reverse("home"))

    assert "Tidak ada tahap yang berjalan hari ini" in response.text


def _collection_with_an_improvement_window(cycle) -> dt.date:
    """Data collection from five days ago, overlapping the improvement window that started
    earlier and runs on; returns the last day of data collection."""
    today = timezone.localdate()
    last = today + dt.timedelta(days=37)
    cycle.phases.update(starts_on=today - dt.timedelta(days=5), ends_on=last)
    cycle.phases.create(
        kind="perbaikan",
        starts_on=today - dt.timedelta(days=20),
        ends_on=today + dt.timedelta(days=3),
    )
    return last


def _shown(day: dt.date) -> str:
    """`day` as the pages show it, in Indonesian."""
    with translation.override("id"):
        return formats.date_format(day, "DATE_FORMAT")


@pytest.mark.parametrize("who", ["reviewer", "enumerator", "coordinator", "admin_user"])
def test_office_staff_are_told_when_data_collection_runs(client, request, who, cycle):
    last = _collection_with_an_improvement_window(cycle)
    client.force_login(request.getfixturevalue(who))

    response = client.get(reverse("home"))

    assert "Pengambilan data" in response.text
    assert _shown(last) in response.text


def test_an_officer_is_not_told_when_data_collection_runs(client, officer_a, cycle):
    last = _collection_with_an_improvement_window(cycle)
    client.force_login(officer_a)

    response = client.get(reverse("home"))

    assert cycle.name in response.text
    assert "Pengambilan data" not in response.text
    assert _shown(last) not in response.text
    # The phase that concerns the agency still shows.
    assert "Masa perbaikan" in response.text


def test_an_officer_sees_no_phase_while_only_data_collection_runs(client, officer_a, cycle):
    today = timezone.localdate()
    cycle.phases.update(starts_on=today, ends_on=today + dt.timedelta(days=9))
    client.force_login(officer_a)

    response = client.get(reverse("home"))

    assert "Pengambilan data" not in response.text
    assert "Tidak ada tahap yang berjalan hari ini" in response.text


def test_officer_sees_only_cycles_of_their_providers_without_results_link(
    client, officer_a, provider_a, provider_b
):
    own = factories.cycle([provider_a, provider_b], code="with-a")
    factories.cycle([provider_b], code="only-b")
    client.force_login(officer_a)

    response = client.get(reverse("home"))

    assert [c.code for c in response.context["cycles"]] == ["with-a"]
    assert "Cycle only-b" not in response.text
    assert reverse("cycle_detail", args=[own.code]) not in response.text
    assert "Hasil belum dirilis." in response.text
    # The scope counts every provider of the cycle, not only the officer's own.
    assert response.context["cycles"][0].provider_count == 2


def test_home_queries_do_not_grow_with_cycles(
    client, coordinator, provider_a, django_assert_num_queries
):
    factories.cycle([provider_a], code="first")
    client.force_login(coordinator)
    # Session, user, cycles with their scope counted, phases.
    with django_assert_num_queries(4):
        client.get(reverse("home"))

    for year in (2022, 2023, 2024):
        factories.cycle([provider_a], code=f"cycle-{year}")
    with django_assert_num_queries(4):
        response = client.get(reverse("home"))

    assert len(response.context["cycles"]) == 4


def test_user_without_role_sees_no_cycle(client, outsider, cycle):
    client.force_login(outsider)

    response = client.get(reverse("home"))

    assert response.status_code == 200
    assert list(response.context["cycles"]) == []
    assert cycle.name not in response.text
    assert "Akun Anda belum memiliki peran" in response.text


def test_home_is_in_indonesian_by_default(client, coordinator):
    client.force_login(coordinator)

    response = client.get(reverse("home"))

    assert '<html lang="id">' in response.text
    assert "Siklus penilaian" in response.text
    assert "Assessment cycles" not in response.text


def test_home_is_in_english_when_the_language_cookie_says_so(client, coordinator):
    client.force_login(coordinator)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"

    response = client.get(reverse("home"))

    assert '<html lang="en">' in response.text
    assert "Assessment cycles" in response.text
    assert "Siklus penilaian" not in response.text


def test_home_stays_indonesian_when_only_the_browser_prefers_english(client, coordinator):
    client.force_login(coordinator)

    response = client.get(reverse("home"), HTTP_ACCEPT_LANGUAGE="en-GB,en;q=0.8")

    assert "Siklus penilaian" in response.text
    assert "Assessment cycles" not in response.text


def test_language_switcher_sets_english_and_back(client, coordinator):
    client.force_login(coordinator)

    client.post(reverse("switch_language"), {"language": "en", "next": "/"})
    assert "Assessment cycles" in client.get(reverse("home")).text

    client.post(reverse("switch_language"), {"language": "id", "next": "/"})
    assert "Siklus penilaian" in client.get(reverse("home")).text
