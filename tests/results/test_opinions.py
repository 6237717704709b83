"""Result pages of an opini-2025 cycle show quality labels and the Ombudsman's opinions, never
colour zones; trends put them on one timeline with earlier zones."""

import csv
import datetime as dt
import io

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from patuh.registry.models import Government
from patuh.scoring.compliance import override_compliance
from patuh.scoring.services import compute_snapshot
from tests import factories, html
from tests.results.conftest import announce, release

pytestmark = pytest.mark.django_db

CLEAN = "Opini Kualitas Tertinggi Tanpa Maladministrasi"


@pytest.fixture
def opinion_cycle(coordinator):
    belitung = factories.region("19.02", "Kabupaten Belitung")
    dinsos = factories.provider("dinsos-belitung", in_region=belitung, website=False)
    central = Government.objects.create(code="atr-bpn", name="Kementerian ATR/BPN", kind="central")
    kantah = factories.provider(
        "kantah-belitung", in_region=belitung, government=central, website=False
    )
    cycle = factories.cycle([dinsos, kantah], "opini-2025-babel", "opini-2025")
    cycle.year = 2025
    cycle.save()
    factories.answer_everything(
        cycle, lambda i: "60" if i.code == "KP01" else factories.best_value(i)
    )
    override_compliance(cycle, belitung, "tinggi", "LAHP selesai", coordinator)
    override_compliance(cycle, kantah, "rendah", "Rekomendasi terbuka", coordinator)
    compute_snapshot(cycle)
    release(cycle)
    announce(cycle, timezone.now() - dt.timedelta(minutes=5))
    return cycle, dinsos, kantah


def row_of(page, name: str) -> str:
    rows = [row.text for row in html.parse(page).find_all("tr") if name in row.text]
    assert len(rows) == 1, rows
    return rows[0]


def region_line(page, name: str) -> str:
    """The score line under a region's heading on the regional summary."""
    (section,) = [
        s
        for s in html.parse(page).find_all("section", **{"class": "subject"})
        if s.one("h2").text == name
    ]
    return section.one("span", **{"class": "score-line"}).text


def test_the_regions_page_shows_the_opinion_under_its_own_heading(
    client, coordinator, opinion_cycle
):
    cycle, *_ = opinion_cycle
    client.force_login(coordinator)
    page = client.get(reverse("regions", args=[cycle.code])).content.decode()
    assert "Kualitas dan opini" in page
    assert CLEAN in region_line(page, "Kabupaten Belitung")
    assert "zone-red" not in page and "zone-green" not in page
    # The region rule (the mean of every unit beneath it) is said in words.
    assert "Rerata biasa nilai seluruh unit layanan di bawahnya." in html.parse(page).text


def test_rankings_show_a_vertical_office_its_opinion_and_a_department_its_label(
    client, coordinator, opinion_cycle
):
    cycle, dinsos, kantah = opinion_cycle
    client.force_login(coordinator)
    page = client.get(reverse("cycle_detail", args=[cycle.code])).content.decode()
    assert "Opini Kualitas Tertinggi" in row_of(page, kantah.name)
    assert "Tanpa Maladministrasi" not in row_of(page, kantah.name)
    assert "Sangat Baik" in row_of(page, dinsos.name)


def test_the_public_regions_page_shows_the_published_opinion(client, opinion_cycle):
    cycle, *_ = opinion_cycle
    page = client.get(reverse("public_regions", args=[cycle.code])).content.decode()
    assert CLEAN in region_line(page, "Kabupaten Belitung")


def test_english_pages_show_the_english_wording(client, coordinator, opinion_cycle):
    cycle, *_ = opinion_cycle
    client.force_login(coordinator)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    page = client.get(reverse("regions", args=[cycle.code])).content.decode()
    assert "Highest Quality Opinion Without Maladministration" in region_line(
        page, "Kabupaten Belitung"
    )


def test_a_trend_puts_2021_zones_and_the_2025_opinion_on_one_timeline(
    client, coordinator, opinion_cycle
):
    _cycle, _dinsos, kantah = opinion_cycle
    earlier = factories.cycle([kantah], "kepatuhan-2021", "ombudsman-2021")
    factories.answer_everything(earlier)
    compute_snapshot(earlier)
    release(earlier)
    client.force_login(coordinator)
    page = client.get(reverse("provider_trend", args=[kantah.code])).content.decode()
    timeline = html.parse(page)
    rows = [row.text for row in timeline.find_all("tr") if " · Cycle " in row.text]
    assert len(rows) == 2, rows
    assert rows[0].startswith("2021") and "Zona hijau – kepatuhan tinggi" in rows[0]
    # The opinion instrument's label, compared with 2021 on the normalised scale.
    assert rows[1].startswith("2025") and "Opini Kualitas Tertinggi" in rows[1]
    assert "-12,00 % dinormalkan" in rows[1]


def test_the_scores_download_carries_compliance_and_the_opinion(client, coordinator, opinion_cycle):
    cycle, *_ = opinion_cycle
    client.force_login(coordinator)
    url = reverse("export_scores", args=[cycle.code, "csv"]) + "?level=region"
    response = client.get(url)
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    (region,) = csv.DictReader(io.StringIO(text))
    assert (region["band"], region["zone"], region["compliance"]) == ("sangat-baik", "", "tinggi")
    assert region["opinion"] == CLEAN
