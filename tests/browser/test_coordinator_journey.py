"""The coordinator's main path on a desktop: sign in, land on the cycles, open the running cycle,
download the raw answers through the progress page, release the scores with the confirmation.
Any JavaScript error or failed request fails the test (the `desktop` fixture)."""

import datetime as dt
import io
import re

import openpyxl
import pytest
from django.utils import timezone

from patuh.assessments.models import Phase
from patuh.scoring.models import ScoreSnapshot
from patuh.scoring.services import compute_snapshot
from tests import factories
from tests.browser.conftest import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@pytest.fixture
def running_cycle(coordinator, provider_a, provider_b):
    """Scored, with data collection still open."""
    cycle = factories.cycle([provider_a, provider_b])
    today = timezone.localdate()
    Phase.objects.filter(cycle=cycle, kind=Phase.Kind.PENGAMBILAN_DATA).update(
        starts_on=today - dt.timedelta(days=10), ends_on=today + dt.timedelta(days=10)
    )
    factories.answer_everything(cycle)
    compute_snapshot(cycle, user=coordinator)
    return cycle


def test_coordinator_downloads_the_answers_and_releases_the_scores(
    live_server, desktop, coordinator, running_cycle
):
    log_in(desktop, live_server, "coordinator")
    desktop.wait_for_url(f"{live_server.url}/")
    desktop.get_by_role("link", name=running_cycle.name).click()
    desktop.get_by_role("heading", name=running_cycle.name).wait_for()

    desktop.get_by_role("link", name="Unduhan dan kamus data").click()
    with desktop.expect_download() as started:
        desktop.get_by_role("button", name="Jawaban mentah (XLSX)").click()
    download = started.value
    assert re.fullmatch(r"kepatuhan-2021-answers-\d{8}-\d{4}\.xlsx", download.suggested_filename)
    workbook = openpyxl.load_workbook(io.BytesIO(download.path().read_bytes()), read_only=True)
    assert next(workbook.worksheets[0].iter_rows(values_only=True))[:3] == (
        "cycle",
        "level",
        "path",
    )
    # The progress page offers the file too, with its type.
    link = desktop.get_by_role("link", name="Unduh hasilnya")
    response = desktop.request.get(live_server.url + link.get_attribute("href"))
    assert response.headers["content-type"] == XLSX
    assert download.suggested_filename in response.headers["content-disposition"]

    desktop.get_by_role("link", name=running_cycle.name).click()
    desktop.get_by_role("link", name=re.compile("Rilis nilai resmi")).click()
    completeness = desktop.locator("#release-completeness")
    assert "4 dari 4 direncanakan (100%)" in completeness.inner_text()
    assert "masih dibuka" in completeness.inner_text()
    desktop.get_by_role("button", name="Kecualikan dan rilis").click()
    assert "tuliskan alasan" in desktop.locator(".messages").inner_text()
    desktop.get_by_label("Alasan merilis selagi pengambilan data masih dibuka").fill(
        "Permintaan Kepala Perwakilan"
    )
    desktop.get_by_role("button", name="Kecualikan dan rilis").click()

    desktop.get_by_role("heading", name=running_cycle.name).wait_for()
    assert "dirilis ke instansi" in desktop.locator(".messages").inner_text()
    assert ScoreSnapshot.objects.get(cycle=running_cycle).released_by == coordinator
