"""Klarifikasi end to end: on a 390 px phone an agency officer objects to a preliminary finding
with a photo; the reviewer accepts it at a desk; the officer sees the answer corrected."""

import pytest

from patuh.assessments.models import Answer
from patuh.clarification.models import Objection
from tests import factories
from tests.browser.conftest import TIMEOUT_MS, Problems, log_in
from tests.clarification import scenario

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE_WIDTH = 390


@pytest.fixture
def scene(provider_a, provider_b, officer_a, enumerator, reviewer, coordinator, tmp_path):
    cycle = factories.cycle([provider_a, provider_b])
    scenario.in_klarifikasi(cycle, provider_a, enumerator, reviewer)
    photo = tmp_path / "maklumat.jpg"
    photo.write_bytes(scenario.photo())
    return {"cycle": cycle, "photo": photo}


def test_an_officer_objects_with_a_photo_on_a_phone_and_the_reviewer_accepts(
    live_server, browser, scene
):
    context = browser.new_context(
        viewport={"width": PHONE_WIDTH, "height": 844}, is_mobile=True, has_touch=True
    )
    phone = context.new_page()
    phone.set_default_timeout(TIMEOUT_MS)
    problems = Problems(phone)

    log_in(phone, live_server, "officer-a")
    phone.click("text=Temuan sementara dan keberatan")
    finding = phone.locator("#finding-1")
    assert "U01" in finding.inner_text()
    assert finding.locator(".photos img").count() == 1
    assert phone.evaluate("document.documentElement.scrollWidth") <= PHONE_WIDTH
    finding.locator("summary", has_text="Ajukan keberatan").click()
    finding.locator("textarea[name=reason]").fill("Maklumat sudah dipajang di ruang tunggu.")
    finding.locator("input[type=file][name=evidence]").set_input_files(str(scene["photo"]))
    assert phone.evaluate("document.documentElement.scrollWidth") <= PHONE_WIDTH
    finding.locator("button", has_text="Ajukan keberatan ini").click()
    phone.locator("text=Keberatan Anda telah diajukan").wait_for()
    assert phone.locator("#objections .objection-files img").count() == 1
    assert phone.evaluate("document.documentElement.scrollWidth") <= PHONE_WIDTH
    objection = Objection.objects.get()
    assert objection.evidence.count() == 1

    desk = browser.new_page()
    desk.set_default_timeout(TIMEOUT_MS)
    desk_problems = Problems(desk)
    log_in(desk, live_server, "reviewer")
    desk.click("text=Antrean reviu")
    desk.click("text=Keberatan dari instansi")
    desk.click(f"text={objection.provider.name}")
    desk.select_option("select[name=value]", "yes")
    desk.fill("#accept-note", "Foto menunjukkan maklumat terpasang.")
    desk.click("text=Terima dan koreksi")
    desk.locator("text=Keberatan diterima").wait_for()
    desk.close()

    objection.refresh_from_db()
    assert objection.status == Objection.Status.ACCEPTED
    assert Answer.objects.get(unit=objection.unit, indicator="U01").value == "yes"
    phone.reload()
    decided = phone.locator("#objections .objection-state.accepted")
    assert "Diterima" in decided.inner_text()
    assert "Foto menunjukkan maklumat terpasang." in decided.inner_text()
    context.close()
    assert problems == [] and desk_problems == []
