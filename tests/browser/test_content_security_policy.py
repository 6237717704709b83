"""The Content-Security-Policy in a real browser: injected inline script and style are refused,
and the watch that fails every browser test on a violation sees the refusal."""

import pytest

from tests.browser.conftest import log_in, phone_page

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_browser_refuses_an_injected_inline_script_and_style(live_server, browser):
    page = phone_page(browser)
    already = len(browser.violations)
    page.goto(f"{live_server.url}/accounts/login/")

    page.evaluate(
        """() => {
            const script = document.createElement("script");
            script.textContent = "window.injected = true;";
            document.body.append(script);
            const styled = document.createElement("div");
            styled.setAttribute("style", "width: 1234px");
            styled.id = "styled";
            document.body.append(styled);
        }"""
    )

    assert page.evaluate("window.injected") is None
    assert page.evaluate("document.getElementById('styled').offsetWidth") != 1234
    page.wait_for_function("true")
    refused = browser.violations[already:]
    assert any("inline script" in violation for violation in refused), refused
    assert any("inline style" in violation for violation in refused), refused
    # Seen and expected: not a failure of this test.
    del browser.violations[already:]
    page.context.close()


def test_the_administration_works_under_the_policy(live_server, browser, admin_user, coordinator):
    page = phone_page(browser)
    log_in(page, live_server, "admin")

    for path in [
        "/admin/",
        "/admin/accounts/user/",
        f"/admin/accounts/user/{coordinator.pk}/change/",
    ]:
        page.goto(f"{live_server.url}{path}")
        page.wait_for_load_state("load")
    # The filter box of the providers' selector is drawn by the admin's JavaScript.
    assert page.locator("#id_providers_input").count() == 1
    page.context.close()
