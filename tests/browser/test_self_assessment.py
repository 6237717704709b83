"""An agency officer on a phone finishes the unit's self-assessment (F-01): scores two indicators
against their rubric, attaches a PDF to one and a link to the other, and submits it."""

import pytest

from patuh.pekppp.models import Evidence, SelfAssessment, SelfScore
from tests.browser.conftest import log_in
from tests.documents import pdf
from tests.pekppp.conftest import evaluation_cycle, fill_self_assessment

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Left for the browser; every other indicator is filled beforehand.
WITH_PDF, WITH_LINK = "1.a.Ak", "3.a.T"


@pytest.fixture
def scene(officer_a, provider_a, tmp_path):
    cycle = evaluation_cycle([provider_a])
    unit = provider_a.units.get()
    fill_self_assessment(cycle, unit, officer_a, skip=(WITH_PDF, WITH_LINK))
    document = tmp_path / "sk-standar-pelayanan.pdf"
    document.write_bytes(pdf("SK Standar Pelayanan", ["14 komponen"], pages=2))
    return {"cycle": cycle, "unit": unit, "document": document}


def indicator(page, code: str):
    return page.locator(f"#i-{code.replace('.', '-')}")


def self_score(page, code: str, level_text: str, explanation: str) -> None:
    """Open the indicator, choose the rubric level, explain, save; wait until it is saved."""
    block = indicator(page, code)
    if block.get_attribute("open") is None:
        block.locator(":scope > summary").click()
    block.locator("label.level", has_text=level_text).click()
    block.locator("textarea[name=explanation]").fill(explanation)
    block.get_by_role("button", name="Simpan").click()
    indicator(page, code).locator(".saved").wait_for()


def test_an_officer_completes_and_submits_the_self_assessment_on_a_phone(live_server, phone, scene):
    log_in(phone, live_server, "officer-a")
    phone.get_by_role("link", name="Evaluasi kinerja").click()
    phone.get_by_role("link", name="Penilaian mandiri (F-01)").click()
    assert "28/30" in phone.locator(".facts").inner_text()

    self_score(phone, WITH_PDF, "SP 14 komponen disusun bersama", "SK Kepala Dinas 2025.")
    block = indicator(phone, WITH_PDF)
    block.locator("summary", has_text="Unggah dokumen (PDF)").click()
    block.locator("input[type=file][name=file]").first.set_input_files(str(scene["document"]))
    block.get_by_role("button", name="Unggah").first.click()
    phone.locator(".message", has_text="“sk-standar-pelayanan.pdf” ditambahkan").wait_for()
    assert indicator(phone, WITH_PDF).locator("a", has_text="sk-standar-pelayanan.pdf").count()

    self_score(phone, WITH_LINK, "di 3 media", "Papan informasi, situs web dan media sosial.")
    block = indicator(phone, WITH_LINK)
    block.locator("summary", has_text="Tambah tautan").click()
    block.locator("input[name=address]").fill("https://disdukcapil-a.example.go.id/sp")
    block.get_by_role("button", name="Tambah").click()
    phone.locator(".message", has_text="ditambahkan").wait_for()

    phone.get_by_role("button", name="Kirim penilaian mandiri").click()
    phone.locator(".message", has_text="Penilaian mandiri telah dikirim ke evaluator.").wait_for()
    assert "Dikirim pada" in phone.locator("[data-status]").inner_text()

    # The page has sent everything and shows the outcome: only now read the database.
    assessment = SelfAssessment.objects.get(cycle=scene["cycle"], unit=scene["unit"])
    assert assessment.status == SelfAssessment.Status.SUBMITTED
    scores = dict(
        SelfScore.objects.filter(indicator__in=[WITH_PDF, WITH_LINK]).values_list(
            "indicator", "score"
        )
    )
    assert scores == {WITH_PDF: 4, WITH_LINK: 4}
    added = Evidence.objects.filter(indicator__in=[WITH_PDF, WITH_LINK])
    assert sorted(added.values_list("indicator", "kind")) == [
        (WITH_PDF, "document"),
        (WITH_LINK, "link"),
    ]
    assert added.get(kind="document").pages == 2
    # A 360 px phone needs no sideways scrolling for the form.
    assert phone.evaluate("document.documentElement.scrollWidth") <= 360
