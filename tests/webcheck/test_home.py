"""How the home page answers, against real servers on loopback: reachable, or the error kind
that says why not."""

import socket

import pytest

from patuh.webcheck.rules import CONTENT_CHECKS
from tests.webcheck.checking import check, every, statuses
from tests.webcheck.sample_site import HOME
from tests.webcheck.servers import Reply, Server, redirect


def test_a_site_entered_as_http_is_blamed_for_its_own_failure(make_config):
    # No TLS here, and the plain-HTTP home page never answers in time.
    with Server({"/": Reply(HOME, delay=1.5)}) as server:
        result = check(
            make_config(limits={"read_timeout": 0.3, "retries": 0}), server.url(scheme="http")
        )
    assert statuses(result, ["https", "reachable", "page_title"]) == {
        "https": "error:tls",
        "reachable": "error:timeout",
        "page_title": "error:timeout",
    }
    assert result.check("reachable").evidence["url"] == server.url(scheme="http")


def test_a_redirect_loop_is_an_error_of_too_many_redirects(certificates, make_config):
    routes = {"/": redirect("/a"), "/a": redirect("/b"), "/b": redirect("/")}
    with Server(routes, certificates.good()) as server:
        result = check(make_config(), server.url())
    assert statuses(result, ["https", "reachable", "maklumat"]) == every(
        ["https", "reachable", "maklumat"], "error:too_many_redirects"
    )
    assert "redirect loop" in result.check("https").detail_text


def test_an_endless_redirect_chain_stops_at_the_limit(certificates, make_config):
    with Server({}, certificates.good()) as server:
        server.routes.update({f"/{n}": redirect(f"/{n + 1}") for n in range(20)})
        server.routes["/"] = redirect("/0")
        result = check(make_config(), server.url())
    assert statuses(result, ["https"]) == {"https": "error:too_many_redirects"}
    assert server.hits["https:/7"] == 0


@pytest.mark.parametrize("location", ["ftp://localhost/file", "javascript:alert(1)", "file:///etc"])
def test_a_redirect_to_another_scheme_is_never_followed(certificates, make_config, location):
    with Server({"/": redirect(location)}, certificates.good()) as server:
        result = check(make_config(), server.url())
    assert statuses(result, ["https"]) == {"https": "error:bad_redirect"}


def test_a_slow_site_times_out_and_is_retried_once(certificates, make_config):
    with Server({"/": Reply(HOME, delay=1.5)}, certificates.good()) as server:
        result = check(make_config(limits={"read_timeout": 0.3}), server.url())
        hits = server.hits["https:/"]
    assert statuses(result, ["https", "reachable", "page_title", "maklumat"]) == every(
        ["https", "reachable", "page_title", "maklumat"], "error:timeout"
    )
    assert hits == 2


def test_a_transient_error_is_retried_and_then_passes(certificates, make_config):
    answers = iter([Reply(status=503), Reply(HOME)])
    routes = {"https:/": lambda request: next(answers, Reply(HOME)), "/": Reply(HOME)}
    with Server(routes, certificates.good()) as server:
        result = check(make_config(), server.url())
    https = result.check("https")
    assert https.status == "pass"
    assert https.evidence["attempts"] == 2


def test_a_403_wall_is_a_blocked_checker_and_is_not_retried(certificates, make_config):
    wall = Reply("<html><title>Forbidden</title></html>", status=403)
    with Server({"/": wall}, certificates.good()) as server:
        result = check(make_config(limits={"retries": 2}), server.url())
        hits = server.hits["https:/"]
    assert statuses(result, ["https", "reachable", "maklumat", "tls_certificate"]) == {
        "https": "error:blocked",
        "reachable": "error:blocked",
        "maklumat": "error:blocked",
        "tls_certificate": "pass",
    }
    assert hits == 1
    assert result.check("https").evidence["status"] == 403


def test_a_bot_challenge_page_is_a_blocked_checker(certificates, make_config):
    challenge = Reply("<html><head><title>Just a moment...</title></head></html>")
    with Server({"/": challenge}, certificates.good()) as server:
        result = check(make_config(), server.url())
    assert statuses(result, ["https", "page_title"]) == every(
        ["https", "page_title"], "error:blocked"
    )


def test_a_huge_page_is_cut_off_as_too_large(certificates, make_config):
    with Server({"/": Reply(stream=2_000_000)}, certificates.good()) as server:
        result = check(make_config(), server.url())
    assert statuses(result, ["https", "reachable", "page_title"]) == every(
        ["https", "reachable", "page_title"], "error:too_large"
    )


def test_a_page_declaring_a_huge_length_is_not_read(certificates, make_config):
    with Server({"/": Reply(HOME)}, certificates.good()) as server:
        result = check(make_config(limits={"max_bytes": 100}), server.url())
    assert statuses(result, ["https"]) == {"https": "error:too_large"}


def test_a_non_html_answer_is_reachable_but_not_an_html_page(certificates, make_config):
    pdf = Reply(b"%PDF-1.4 ...", content_type="application/pdf")
    with Server({"/": pdf}, certificates.good()) as server:
        result = check(make_config(), server.url())
    assert statuses(result, ["reachable", "https", "page_title", "viewport", *CONTENT_CHECKS]) == {
        "reachable": "pass",
        "https": "pass",
    } | every(["page_title", "viewport", *CONTENT_CHECKS], "error:not_html")
    assert result.final_url == server.url()
    assert len(result.html_sha256) == 64


def test_a_dead_port_is_a_connect_error(make_config):
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    result = check(make_config(), f"https://localhost:{port}/")
    assert statuses(
        result, ["dns", "https", "http_redirects_to_https", "reachable", "maklumat"]
    ) == {"dns": "pass"} | every(
        ["https", "http_redirects_to_https", "reachable", "maklumat"], "error:connect"
    )
    assert statuses(result, ["screenshot"]) == {"screenshot": "na"}
