"""The HTTPS checks against real servers on loopback: https, tls_certificate,
http_redirects_to_https and hsts."""

import pytest
from cryptography import x509

from patuh.webcheck.rules import CONTENT_CHECKS
from tests.webcheck.checking import check, every, statuses
from tests.webcheck.conftest import OFFICIAL_HOST
from tests.webcheck.sample_site import HOME
from tests.webcheck.servers import Reply, Server, redirect, static_resolver

PAGE_CHECKS = ("reachable", "response_time", "page_title", "page_lang", "viewport")


@pytest.mark.parametrize(
    ("entered", "target", "status"),
    [
        (OFFICIAL_HOST, f"www.{OFFICIAL_HOST}", "pass"),
        (f"www.{OFFICIAL_HOST}", OFFICIAL_HOST, "pass"),
        ("localhost", OFFICIAL_HOST, "fail"),
    ],
)
def test_http_must_redirect_to_https_on_the_same_site(
    certificates, make_config, entered, target, status
):
    resolver = static_resolver(
        dict.fromkeys(("localhost", OFFICIAL_HOST, f"www.{OFFICIAL_HOST}"), "127.0.0.1")
    )
    with Server({"/": Reply(HOME)}, certificates.good()) as server:
        server.routes["http:/"] = redirect(server.url(host=target))
        result = check(make_config(resolver=resolver), server.url(scheme="http", host=entered))
    redirects = result.check("http_redirects_to_https")
    assert redirects.status == status
    assert redirects.evidence["final_url"] == server.url(host=target)
    if status == "fail":
        assert "redirects to another site" in redirects.detail_text


def test_a_plain_http_site_is_reachable_but_fails_the_https_checks(make_config):
    with Server({"/": Reply(HOME)}) as server:
        result = check(make_config(), server.url(scheme="http"))
    got = statuses(result, ["dns", "reachable", "https", "http_redirects_to_https", "page_title"])
    assert got == {
        "dns": "pass",
        "reachable": "pass",
        "https": "error:tls",
        "http_redirects_to_https": "fail",
        "page_title": "pass",
    }
    assert result.final_url == server.url(scheme="http")
    assert statuses(result, ["official_domain"]) == {"official_domain": "fail"}


@pytest.mark.parametrize(
    ("certificate", "reason"),
    [
        ("self_signed", "self-signed certificate"),
        ("expired", "certificate has expired"),
        ("wrong_host", "Hostname mismatch"),
    ],
)
def test_a_bad_certificate_fails_the_certificate_check(
    certificates, make_config, certificate, reason
):
    context = getattr(certificates, certificate)()
    with Server({"/": Reply(HOME), "http:/": redirect("https://localhost:{}/")}, context) as server:
        server.routes["http:/"] = redirect(server.url())
        result = check(make_config(), server.url())
    assert statuses(
        result, ["tls_certificate", "https", "http_redirects_to_https", *PAGE_CHECKS]
    ) == {
        "tls_certificate": "fail",
        "https": "error:tls",
        # It does redirect; what follows fails.
        "http_redirects_to_https": "pass",
    } | every(PAGE_CHECKS, "error:tls")
    assert reason in result.check("tls_certificate").evidence["reason"]
    assert statuses(result, CONTENT_CHECKS) == every(CONTENT_CHECKS, "error:tls")


@pytest.mark.parametrize(
    ("certificate", "expiry"),
    [("expired", "expired 35 days ago"), ("wrong_host", "expires in ")],
)
def test_a_failed_certificate_is_described_as_evidence(
    certificates, make_config, certificate, expiry
):
    with Server({"/": Reply(HOME)}, getattr(certificates, certificate)()) as server:
        result = check(make_config(), server.url())
        handshakes = server.handshakes
    failed = result.check("tls_certificate")
    assert failed.status == "fail"
    issuer = x509.load_pem_x509_certificate(certificates.ca.cert_pem.bytes()).subject
    assert failed.evidence["issuer"] == issuer.rfc4514_string()
    assert failed.evidence["subject"].startswith("OU=Testing cert #")
    assert failed.evidence["not_after"].endswith("Z")
    assert expiry in failed.detail_text
    assert failed.detail_text.startswith(f"TLS failed for {server.url()}: ")
    if certificate == "expired":
        assert failed.evidence["days_left"] == -35
    else:
        assert "Hostname mismatch" in failed.detail_text
        assert failed.evidence["days_left"] > 30
    # The HTTPS attempt and one more handshake to read the certificate, never a retry.
    assert handshakes == 2


def test_a_tls_failure_is_not_retried(certificates, make_config):
    with Server({"/": Reply(HOME)}, certificates.expired()) as server:
        result = check(make_config(limits={"retries": 2}), server.url())
        handshakes = server.handshakes
    assert statuses(result, ["https", "http_redirects_to_https"]) == {
        "https": "error:tls",
        "http_redirects_to_https": "fail",
    }
    # The failed attempt, then one handshake only to read the certificate as evidence.
    assert handshakes == 2


def test_a_certificate_about_to_expire_passes_with_a_warning(certificates, make_config):
    with Server({"/": Reply(HOME)}, certificates.expiring(days=10)) as server:
        result = check(make_config(tls_warning_days=30), server.url())
    certificate = result.check("tls_certificate")
    assert certificate.status == "pass"
    assert certificate.evidence["expires_soon"] is True
    assert certificate.evidence["days_left"] == 10
    assert certificate.detail_text == "valid, but expires in 10 days"
