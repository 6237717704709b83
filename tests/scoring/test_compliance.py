"""Opinion cycles in the database: the compliance level an office sets (with its reason,
audited) is joined with the scores, stored in the snapshot and printed by `patuh score`."""

import json

import pytest

from patuh.audit.models import AuditEvent
from patuh.audit.services import acting_as
from patuh.registry.models import Government
from patuh.scoring.compliance import ComplianceError, clear_override, override_compliance
from patuh.scoring.models import SubjectScore
from patuh.scoring.services import compute_snapshot
from tests import commands, factories

pytestmark = pytest.mark.django_db


def trust_at(value: str):
    """Every indicator at its best, the public-trust index at `value`."""
    return lambda indicator: value if indicator.code == "KP01" else factories.best_value(indicator)


@pytest.fixture
def world():
    belitung = factories.region("19.02", "Kabupaten Belitung")
    dinsos = factories.provider("dinsos-belitung", in_region=belitung, website=False)
    central = Government.objects.create(code="atr-bpn", name="Kementerian ATR/BPN", kind="central")
    kantah = factories.provider(
        "kantah-belitung", in_region=belitung, government=central, website=False
    )
    cycle = factories.cycle([dinsos, kantah], "opini-2025-babel", "opini-2025")
    # Every unit: 70 from the four dimensions, and 30 × 60% from public trust = 88.
    factories.answer_everything(cycle, trust_at("60"))
    return cycle, belitung, dinsos, kantah


def stored(snapshot, level: str) -> SubjectScore:
    return SubjectScore.objects.get(snapshot=snapshot, level=level)


def test_the_office_level_gives_the_region_its_opinion_in_the_snapshot(world, coordinator):
    cycle, belitung, _dinsos, kantah = world
    with acting_as(coordinator, "web"):
        override_compliance(
            cycle, belitung, "Tinggi", "Tindak lanjut LAHP 2025 selesai", coordinator
        )
        override_compliance(cycle, kantah, "rendah", "Rekomendasi belum dilaksanakan", coordinator)

    snapshot, _report = compute_snapshot(cycle)

    region = stored(snapshot, "region")
    assert (region.score, region.band, region.compliance) == (88, "sangat-baik", "tinggi")
    assert region.opinion == "Opini Kualitas Tertinggi Tanpa Maladministrasi"
    assert region.opinion_en == "Highest Quality Opinion Without Maladministration"
    vertical = SubjectScore.objects.get(snapshot=snapshot, level="provider", path=kantah.path)
    assert (vertical.compliance, vertical.opinion) == ("rendah", "Opini Kualitas Tertinggi")
    department = SubjectScore.objects.get(
        snapshot=snapshot, level="unit", path__startswith="19.02/dinsos"
    )
    assert (department.compliance, department.opinion) == ("tinggi", "")


def test_an_override_is_audited_with_its_reason_and_can_be_taken_back(world, coordinator):
    cycle, belitung, *_ = world
    with acting_as(coordinator, "web"):
        override_compliance(cycle, belitung, "sedang", "Dua rekomendasi terlambat", coordinator)
        override_compliance(cycle, belitung, "tinggi", "Semua rekomendasi selesai", coordinator)
        assert clear_override(cycle, belitung) is True

    events = list(
        AuditEvent.objects.filter(object_type="scoring.complianceoverride").order_by("pk")
    )
    assert [e.action for e in events] == ["create", "update", "delete"]
    assert events[0].after["level"] == "sedang"
    assert events[0].after["reason"] == "Dua rekomendasi terlambat"
    assert (events[1].before["level"], events[1].after["level"]) == ("sedang", "tinggi")
    assert all(e.actor == coordinator and e.cycle_id == cycle.pk for e in events)
    snapshot, _report = compute_snapshot(cycle)
    assert (stored(snapshot, "region").compliance, stored(snapshot, "region").opinion) == ("", "")


@pytest.mark.parametrize(
    ("level", "reason", "message"),
    [
        (
            "sangat tinggi",
            "x",
            "harus salah satu dari tinggi, sedang, rendah, bukan “sangat tinggi”",
        ),
        ("tinggi", "  ", "Berikan alasan"),
    ],
)
def test_a_wrong_level_or_no_reason_is_refused_and_nothing_stored(
    world, coordinator, level, reason, message
):
    cycle, belitung, *_ = world
    with pytest.raises(ComplianceError, match=message):
        override_compliance(cycle, belitung, level, reason, coordinator)
    assert not cycle.compliance_overrides.exists()


def test_a_subject_outside_the_cycle_or_a_cycle_without_opinions_is_refused(world, coordinator):
    cycle, belitung, dinsos, _kantah = world
    elsewhere = factories.region("19.06", "Kabupaten Belitung Timur")
    with pytest.raises(ComplianceError, match="tidak dinilai dalam opini-2025-babel"):
        override_compliance(cycle, elsewhere, "tinggi", "x", coordinator)
    zones = factories.cycle([dinsos], "kepatuhan-2021", "ombudsman-2021")
    with pytest.raises(ComplianceError, match="tidak memberikan opini"):
        override_compliance(zones, belitung, "tinggi", "x", coordinator)
    assert not cycle.compliance_overrides.exists() and not zones.compliance_overrides.exists()


def test_patuh_score_prints_compliance_and_opinions(world, coordinator):
    cycle, belitung, *_ = world
    override_compliance(cycle, belitung, "sedang", "Saran perbaikan terbuka", coordinator)
    data = json.loads(commands.run("score", cycle.code, "--format", "json"))
    (region,) = data["regions"]
    assert (region["band"], region["compliance"]) == ("sangat-baik", "sedang")
    assert (region["opinion"], region["opinion_en"]) == (
        "Opini Kualitas Tertinggi",
        "Highest Quality Opinion",
    )
    assert all(unit["compliance"] == "sedang" for unit in data["units"] if "dinsos" in unit["path"])
    table = commands.run("score", cycle.code)
    assert "Opini Kualitas Tertinggi" in table.splitlines()[1]
