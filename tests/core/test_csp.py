"""Content-Security-Policy: every page carries one that runs no inline script or style, and no
template needs either (the browser tests fail on any violation the policy reports)."""

import re
from pathlib import Path

import pytest
from django.urls import reverse

SRC = Path(__file__).resolve().parents[2] / "src/patuh"
# Written for WeasyPrint, which turns it into a PDF; never sent to a browser as a page.
NOT_A_PAGE = {SRC / "results/templates/results/report_pdf.html"}

INLINE = {
    "an inline script": re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.I),
    "an event handler attribute": re.compile(r"<[a-z][^>]*\son[a-z]+\s*=", re.I),
    "a style attribute": re.compile(r"<[a-z][^>]*\sstyle\s*=", re.I),
    "a style element": re.compile(r"<style\b", re.I),
}


def test_no_template_holds_inline_script_or_style():
    found = [
        f"{path.relative_to(SRC)}: {what}"
        for path in sorted(SRC.glob("**/templates/**/*.html"))
        if path not in NOT_A_PAGE
        for what, pattern in INLINE.items()
        if pattern.search(path.read_text())
    ]
    assert found == []


def assert_strict_policy(response):
    policy = dict(
        directive.strip().split(" ", 1)
        for directive in response.headers["Content-Security-Policy"].split(";")
    )
    assert policy["default-src"] == "'self'"
    assert policy["script-src"] == "'self'"
    assert policy["style-src"] == "'self'"
    assert policy["object-src"] == "'none'"
    assert policy["frame-ancestors"] == "'none'"
    assert "unsafe" not in response.headers["Content-Security-Policy"]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("page", "status"),
    [("public_index", 200), ("login", 200), ("/tidak-ada/", 404)],
    ids=["public", "login", "not-found"],
)
def test_public_pages_carry_the_policy(client, page, status):
    response = client.get(page if page.startswith("/") else reverse(page))

    assert response.status_code == status
    assert_strict_policy(response)


def test_signed_in_pages_and_htmx_fragments_carry_the_policy(client, coordinator):
    client.force_login(coordinator)

    page = client.get(reverse("home"))
    fragment = client.get(reverse("home"), headers={"HX-Request": "true"})

    assert page.status_code == fragment.status_code == 200
    assert_strict_policy(page)
    assert_strict_policy(fragment)
    assert '<meta name="htmx-config" content=\'{"includeIndicatorStyles": false}\'>' in page.text


def test_the_administration_carries_the_policy(client, admin_user):
    client.force_login(admin_user)

    response = client.get(reverse("admin:accounts_user_changelist"))

    assert response.status_code == 200
    assert_strict_policy(response)
