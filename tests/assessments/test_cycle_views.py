"""Coordinators create a cycle in the app: scope with counts, phases checked, a preview of who
sees what when, then the cycle (audited)."""

import pytest
from django.urls import reverse

from patuh.assessments.models import Cycle
from patuh.audit.models import AuditEvent
from patuh.instruments.loading import builtin_instrument_files
from patuh.instruments.services import save_instrument_source
from patuh.registry.models import AgencyKind
from tests import factories


@pytest.fixture
def version(db):
    path = builtin_instrument_files()["ombudsman-2021"]
    return save_instrument_source(path.read_text(encoding="utf-8"), origin=str(path))


@pytest.fixture
def form_data(version, provider_a, provider_b):
    return {
        "code": "kepatuhan-2026",
        "name": "Kepatuhan 2026",
        "year": "2026",
        "instrument_version": str(version.pk),
        "regions": [str(provider_a.region.pk)],
        "kinds": [str(kind.pk) for kind in AgencyKind.objects.all()],
        "sosialisasi_starts": "2026-02-01",
        "sosialisasi_ends": "2026-02-28",
        "pengambilan_data_starts": "2026-06-01",
        "pengambilan_data_ends": "2026-08-31",
        "pengumuman_starts": "2026-12-10",
        "pengumuman_ends": "2026-12-10",
    }


URL = "/cycles/new/"


def test_the_url_is_the_new_cycle_page():
    assert reverse("cycle_new") == URL


def test_preview_counts_the_scope_and_says_who_sees_what_when(
    client, coordinator, form_data, provider_a, provider_b
):
    other = factories.provider("elsewhere", in_region=factories.region("19.06", "Beltim"))
    client.force_login(coordinator)

    response = client.post(URL, form_data | {"preview": "1"})

    assert response.status_code == 200
    counts = response.context["counts"]
    assert (counts.providers, counts.units, counts.products) == (2, 2, 4)
    assert other not in response.context["form"].providers
    assert "hanya staf kantor yang melihat tanggal ini" in response.text
    assert 'name="create"' in response.text
    assert not Cycle.objects.filter(code="kepatuhan-2026").exists()


def test_create_makes_the_cycle_for_the_office_with_scope_and_phases_audited(
    client, coordinator, form_data, provider_a, provider_b
):
    client.force_login(coordinator)

    response = client.post(URL, form_data | {"create": "1"})

    cycle = Cycle.objects.get(code="kepatuhan-2026")
    assert response.url == reverse("cycle_detail", args=[cycle.code])
    assert cycle.office == coordinator.office
    assert set(cycle.providers.all()) == {provider_a, provider_b}
    assert [phase.kind for phase in cycle.phases.order_by("starts_on")] == [
        "sosialisasi",
        "pengambilan_data",
        "pengumuman",
    ]
    assert AuditEvent.objects.filter(action="create", object_type="assessments.cycle").exists()
    assert AuditEvent.objects.filter(action="create", object_type="assessments.phase").count() == 3


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"pengambilan_data_starts": "", "pengambilan_data_ends": ""}, "Pengambilan data"),
        ({"sosialisasi_starts": "2026-07-01", "sosialisasi_ends": "2026-07-02"}, "urutannya"),
        ({"pengumuman_starts": "2026-08-01", "pengumuman_ends": "2026-08-01"}, "setelah"),
        ({"sosialisasi_ends": "2026-01-01"}, "berakhir sebelum"),
        ({"sosialisasi_ends": ""}, "kedua tanggal"),
        (
            {"penilaian_mandiri_starts": "2026-03-01", "penilaian_mandiri_ends": "2026-03-09"},
            "bukan",
        ),
        ({"code": "new"}, "sudah dipakai"),
    ],
)
def test_bad_phases_or_code_are_refused_with_the_reason_and_nothing_is_made(
    client, coordinator, form_data, change, message
):
    client.force_login(coordinator)

    response = client.post(URL, form_data | change | {"create": "1"})

    assert response.status_code == 200
    assert message in response.text
    assert not Cycle.objects.exists()


def test_an_empty_scope_is_refused(client, coordinator, form_data):
    client.force_login(coordinator)
    empty = factories.region("19.06", "Kabupaten Belitung Timur")

    response = client.post(URL, form_data | {"regions": [str(empty.pk)], "create": "1"})

    assert "Tidak ada penyelenggara" in response.text
    assert not Cycle.objects.exists()


def test_home_offers_the_new_cycle_to_coordinators_only(client, coordinator, reviewer):
    client.force_login(coordinator)
    assert URL in client.get(reverse("home")).text
    client.force_login(reviewer)
    assert URL not in client.get(reverse("home")).text
    assert client.get(URL).status_code == 403
