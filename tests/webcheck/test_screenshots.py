"""Screenshots of the final page through Debian's chromium, under the same address rules."""

import hashlib

import pytest

from patuh.webcheck.checker import run_checks
from patuh.webcheck.config import Site
from tests.webcheck.sample_site import HOME
from tests.webcheck.servers import Reply, Server

PIXEL = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360f8cfc0f01f0005000201e2a3b3a10000000049454e44ae426082"
)


@pytest.mark.browser
def test_a_screenshot_of_the_final_page_is_taken_through_the_checker(
    certificates, make_config, tmp_path
):
    with Server({}, certificates.good()) as server:
        page = HOME.replace(
            "<h1>Selamat datang</h1>",
            f'<h1>Selamat datang</h1><img src="/pixel.png" alt="">'
            f'<img src="http://127.0.0.2:{server.port}/private.png" alt="">',
        )
        server.routes.update(
            {"/": Reply(page), "/pixel.png": Reply(PIXEL, content_type="image/png")}
        )
        [result] = run_checks([Site(server.url())], make_config(screenshot_dir=tmp_path))
        hits = dict(server.hits)
    shot = result.check("screenshot")
    assert shot.status == "pass", shot.detail_text
    png = result.screenshot.read_bytes()
    assert png.startswith(b"\x89PNG")
    assert shot.evidence["sha256"] == hashlib.sha256(png).hexdigest()
    # The browser's own requests went through the checker, which refused the private one.
    assert hits["https:/pixel.png"] == 1
    assert "https:/private.png" not in hits and "http:/private.png" not in hits


def test_without_a_browser_no_screenshot_is_taken_and_the_site_is_not_at_fault(
    certificates, make_config, tmp_path
):
    with Server({"/": Reply(HOME)}, certificates.good()) as server:
        config = make_config(screenshot_dir=tmp_path, chromium=str(tmp_path / "no-chromium"))
        [result] = run_checks([Site(server.url())], config)
    shot = result.check("screenshot")
    assert (shot.status, shot.error) == ("na", None)
    assert shot.detail_text == f"no screenshot: no browser at {tmp_path / 'no-chromium'}"
    assert result.screenshot is None
