"""On a 390 px phone an agency officer reports a finding of their report card done with a photo;
the coordinator sees it awaiting verification in the cycle's tracker and verifies it."""

import pytest

from patuh.demo.photos import notice_board
from patuh.followup.models import Finding
from patuh.results.services import release_latest
from tests.browser.conftest import TIMEOUT_MS, log_in
from tests.web.conftest import cycle, scored_cycle  # noqa: F401 - fixtures

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE_WIDTH = 390


@pytest.fixture
def scene(scored_cycle, officer_b, coordinator, tmp_path):  # noqa: F811 - the fixture
    release_latest(scored_cycle, coordinator)
    photo = tmp_path / "papan-standar-pelayanan.jpg"
    photo.write_bytes(notice_board())
    finding = Finding.objects.filter(cycle=scored_cycle).order_by("due", "subject_path", "pk")[0]
    return {"cycle": scored_cycle, "finding": finding, "photo": photo}


@pytest.fixture
def phone_390(browser):
    context = browser.new_context(
        viewport={"width": PHONE_WIDTH, "height": 844}, is_mobile=True, has_touch=True
    )
    page = context.new_page()
    page.set_default_timeout(TIMEOUT_MS)
    yield page
    context.close()


def fits(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth") <= PHONE_WIDTH


def test_an_officer_reports_a_finding_done_with_a_photo_and_the_coordinator_verifies_it(
    live_server, browser, phone_390, scene
):
    finding = scene["finding"]
    phone = phone_390
    log_in(phone, live_server, "officer-b")
    phone.get_by_role("link", name="Temuan dan produk Ombudsman yang harus ditindaklanjuti").click()
    assert fits(phone)
    phone.locator(f"a[href$='/followup/items/{finding.uuid}/']").click()
    assert fits(phone)

    phone.locator("textarea[name=note]").fill("Maklumat pelayanan sudah dipasang di loket.")
    phone.locator("input[type=file][name=evidence]").set_input_files(str(scene["photo"]))
    phone.get_by_role("button", name="Laporkan selesai").click()
    phone.locator(
        ".message", has_text="Dilaporkan selesai; kantor akan memverifikasinya."
    ).wait_for()
    assert fits(phone)

    office = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
    office.set_default_timeout(TIMEOUT_MS)
    log_in(office, live_server, "coordinator")
    office.goto(f"{live_server.url}/cycles/{scene['cycle'].code}/")
    office.get_by_role("link", name="Pemantauan tindak lanjut").click()
    office.locator(f"a[href$='/followup/items/{finding.uuid}/']").first.click()
    office.locator("img[alt='Foto yang dikirim sebagai bukti']").wait_for()
    office.get_by_label("Verifikasi selesai").check()
    office.get_by_role("button", name="Simpan keputusan").click()
    office.locator(".message", has_text="Keputusan disimpan.").wait_for()
    office.context.close()

    # The pages have shown the outcome: only now read the database.
    finding.refresh_from_db()
    assert finding.state == Finding.State.VERIFIED
    assert finding.note == "Maklumat pelayanan sudah dipasang di loket."
    assert finding.evidence.get().kind == "image"
