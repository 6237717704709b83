"""The checker against real servers on loopback: each site gives the right status per check."""

import socket

import pytest
from cryptography import x509

from patuh.webcheck.addresses import AddressPolicy
from patuh.webcheck.checker import CHECK_IDS, run_checks
from patuh.webcheck.config import Site
from patuh.webcheck.rules import CONTENT_CHECKS
from tests.webcheck.conftest import OFFICIAL_HOST
from tests.webcheck.sample_site import HOME, complete_site
from tests.webcheck.servers import Reply, Server, redirect, static_resolver

OFFICIAL = static_resolver({OFFICIAL_HOST: "127.0.0.1", "localhost": "127.0.0.1"})
PAGE_CHECKS = ("reachable", "response_time", "page_title", "page_lang", "viewport")


def check(config, url: str, products=()):
    [result] = run_checks([Site(url, tuple(products))], config)
    assert [c.id for c in result.checks] == list(CHECK_IDS)
    return result


def statuses(result, ids=CHECK_IDS) -> dict[str, str]:
    """Each check as "pass", "fail", "na" or "error:<kind>"."""
    out = {}
    for check_id in ids:
        c = result.check(check_id)
        out[check_id] = f"error:{c.error}" if c.error else str(c.status)
    return out


def every(ids, value) -> dict[str, str]:
    return dict.fromkeys(ids, value)


def test_a_complete_official_site_passes_every_check_with_evidence(certificates, make_config):
    with Server({}, certificates.good()) as server:
        origin = f"https://{OFFICIAL_HOST}:{server.port}"
        server.routes.update(complete_site(origin))
        result = check(
            make_config(resolver=OFFICIAL), server.url(host=OFFICIAL_HOST), ["Penerbitan KTP-el"]
        )
    assert statuses(result) == every(CHECK_IDS, "pass") | {"screenshot": "na"}
    assert result.final_url == origin + "/"
    # Found on linked pages, each with the page and the words it came from.
    requirements = result.check("standard_requirements").evidence
    assert requirements["page"] == origin + "/layanan/ktp-el"
    assert requirements["matched"] == "PERSYARATAN"
    assert len(requirements["html_sha256"]) == 64
    assert result.check("standard_product").evidence["matched"] == "Penerbitan KTP-el"
    assert result.check("complaint_lapor").evidence["link"] == "https://www.lapor.go.id/"
    assert result.check("complaint_whatsapp").evidence["link"] == "https://wa.me/6281234567890"
    # A menu entry is not the information: the page it leads to is.
    assert result.check("maklumat").evidence["page"] == origin + "/maklumat"
    assert result.check("contact_address").evidence["page"] == origin + "/"
    https = result.check("https").evidence
    assert https["status"] == 200
    assert https["headers"]["strict-transport-security"] == "max-age=31536000"
    assert result.check("tls_certificate").evidence["days_left"] > 30
    redirect_hops = result.check("http_redirects_to_https").evidence["redirects"]
    assert redirect_hops == [{"url": server.url(host=OFFICIAL_HOST, scheme="http"), "status": 301}]
    # The PDF is never fetched; the crawl stops once everything is found.
    assert server.hits["https:/unduh/sp.pdf"] == 0
    assert server.hits["https:/berita/1"] == 0
    assert server.user_agents == {"Patuh-webcheck/test (+https://patuh.example/contact)"}


def test_a_site_lacking_some_information_fails_only_those_checks(certificates, make_config):
    home = HOME.replace('<a href="/maklumat">Maklumat Pelayanan</a>', "").replace(
        '<a href="/skm">Survei Kepuasan Masyarakat</a>', ""
    )
    with Server({}, certificates.good()) as server:
        server.routes.update(complete_site(server.url("")) | {"/": Reply(home)})
        result = check(make_config(), server.url())
    missing = {"maklumat": "fail", "skm_results": "fail", "standard_product": "fail"}
    assert statuses(result, CONTENT_CHECKS) == every(CONTENT_CHECKS, "pass") | missing
    maklumat = result.check("maklumat")
    assert maklumat.detail_text.startswith("not found on the")
    assert server.url("/") in maklumat.evidence["pages"]
    assert statuses(result, ["hsts"]) == {"hsts": "fail"}


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


def test_an_unresolvable_name_is_a_dns_error(make_config):
    result = check(make_config(), "https://nothing-here.invalid/")
    expected = every(CHECK_IDS, "error:dns") | {"official_domain": "fail", "screenshot": "na"}
    assert statuses(result) == expected


def test_a_redirect_to_a_private_address_is_refused(certificates, make_config):
    with Server({}, certificates.good()) as server:
        server.routes["/"] = redirect(f"http://127.0.0.2:{server.port}/admin")
        result = check(make_config(), server.url())
        followed = check(make_config(policy=AddressPolicy(allow_private=True)), server.url())
    assert statuses(result, ["https", "reachable"]) == every(
        ["https", "reachable"], "error:private_address"
    )
    assert "127.0.0.2 (loopback)" in result.check("https").detail_text
    assert result.check("https").evidence["redirects"] == [{"url": server.url(), "status": 301}]
    # Allowed explicitly, the same redirect is followed (and finds nothing listening there).
    assert statuses(followed, ["https"]) == {"https": "error:connect"}


def test_a_site_on_a_private_address_is_refused_by_default(certificates, make_config):
    with Server({"/": Reply(HOME)}, certificates.good()) as server:
        result = check(make_config(policy=AddressPolicy()), server.url())
        hits = sum(server.hits.values())
    assert statuses(result, ["dns", "https", "reachable"]) == {
        "dns": "pass",
        "https": "error:private_address",
        "reachable": "error:private_address",
    }
    assert result.check("dns").evidence["refused"] == {"127.0.0.1": "loopback"}
    assert hits == 0


@pytest.mark.parametrize("location", ["ftp://localhost/file", "javascript:alert(1)", "file:///etc"])
def test_a_redirect_to_another_scheme_is_never_followed(certificates, make_config, location):
    with Server({"/": redirect(location)}, certificates.good()) as server:
        result = check(make_config(), server.url())
    assert statuses(result, ["https"]) == {"https": "error:bad_redirect"}


def test_robots_txt_keeps_the_crawl_out_and_what_it_hides_undecided(certificates, make_config):
    with Server({}, certificates.good()) as server:
        server.routes.update(complete_site(server.url("")))
        server.routes["/robots.txt"] = Reply(
            "User-agent: Patuh-webcheck\nDisallow: /maklumat\n", content_type="text/plain"
        )
        result = check(make_config(), server.url())
        hits = server.hits["https:/maklumat"]
    maklumat = result.check("maklumat")
    assert statuses(result, ["maklumat"]) == {"maklumat": "error:blocked"}
    assert maklumat.evidence["not_read"] == [
        {"url": server.url("/maklumat"), "error": "blocked", "reason": "robots.txt"}
    ]
    assert f"could not be read: {server.url('/maklumat')} (robots.txt)" in maklumat.detail_text
    assert hits == 0
    # What the pages allowed show is still found.
    assert result.check("standard_requirements").status == "pass"


@pytest.mark.parametrize(
    ("reply", "status", "reason"),
    [
        (Reply("<title>Forbidden</title>", status=403), "error:blocked", "blocked (HTTP 403)"),
        (Reply("<title>Just a moment...</title>"), "error:blocked", "blocked (HTTP 200)"),
        (Reply(stream=2_000_000), "error:too_large", "too_large"),
        # The site fails every visitor there: a fault of the site, not of the checker.
        (Reply(HOME, delay=1.5), "error:timeout", "timeout"),
    ],
)
def test_a_crawled_page_that_cannot_be_read_leaves_its_checks_unanswered(
    certificates, make_config, reply, status, reason
):
    with Server({}, certificates.good()) as server:
        server.routes.update(complete_site(server.url("")) | {"/maklumat": reply})
        config = make_config(limits={"read_timeout": 0.3, "retries": 0})
        result = check(config, server.url())
    maklumat = result.check("maklumat")
    assert statuses(result, ["maklumat", "standard_requirements"]) == {
        "maklumat": status,
        "standard_requirements": "pass",
    }
    assert maklumat.evidence["not_read"][0]["reason"] == reason
    assert maklumat.evidence["not_read_count"] == 1


def test_a_missing_page_is_read_as_holding_nothing(certificates, make_config):
    with Server({}, certificates.good()) as server:
        server.routes.update(complete_site(server.url("")))
        del server.routes["/maklumat"]
        result = check(make_config(), server.url())
    maklumat = result.check("maklumat")
    assert maklumat.status == "fail"
    assert maklumat.evidence["unusable"] == [{"url": server.url("/maklumat"), "status": 404}]
    assert "not_read" not in maklumat.evidence


@pytest.mark.parametrize("robots_status", [503, "dead"])
def test_an_unreachable_robots_txt_keeps_the_crawl_out_entirely(
    certificates, make_config, robots_status
):
    with Server({}, certificates.good()) as server:
        server.routes.update(complete_site(server.url("")))
        if robots_status == "dead":
            server.routes["/robots.txt"] = redirect(f"http://127.0.0.2:{server.port}/robots.txt")
        else:
            server.routes["/robots.txt"] = Reply(status=robots_status)
        result = check(make_config(policy=AddressPolicy(allow_private=True)), server.url())
        crawled = [key for key in server.hits if key not in {"https:/", "https:/robots.txt"}]
    # On the home page itself: found. Everything else was never looked for.
    assert statuses(result, ["contact_address", "complaint_phone", "maklumat"]) == {
        "contact_address": "pass",
        "complaint_phone": "pass",
        "maklumat": "error:blocked",
    }
    reason = result.check("maklumat").evidence["not_read"][0]["reason"]
    expected = "HTTP 503" if robots_status == 503 else "connect"
    assert reason == f"robots.txt unreachable ({expected})"
    assert crawled == ["http:/"]


@pytest.mark.parametrize("robots_status", [401, 403, 404, 410])
def test_an_unavailable_robots_txt_lets_the_crawl_read_everything(
    certificates, make_config, robots_status
):
    with Server({}, certificates.good()) as server:
        server.routes.update(complete_site(server.url("")))
        server.routes["/robots.txt"] = Reply(status=robots_status)
        result = check(make_config(), server.url(), ["Penerbitan KTP-el"])
    assert statuses(result, CONTENT_CHECKS) == every(CONTENT_CHECKS, "pass")


def test_robots_txt_is_read_for_each_host_crawled(certificates, make_config):
    www = f"www.{OFFICIAL_HOST}"
    robots_hosts = []

    def robots(request):
        robots_hosts.append(request.host)
        rules = "Disallow: /maklumat" if request.host == www else "Disallow: /admin"
        return Reply(f"User-agent: *\n{rules}\n", content_type="text/plain")

    resolver = static_resolver(dict.fromkeys((OFFICIAL_HOST, www), "127.0.0.1"))
    with Server({}, certificates.good()) as server:
        home = HOME.replace('href="/maklumat"', f'href="{server.url("/maklumat", host=www)}"')
        server.routes.update(complete_site(server.url("")) | {"/": Reply(home)})
        server.routes["/robots.txt"] = robots
        result = check(make_config(resolver=resolver), server.url(host=OFFICIAL_HOST))
        hits = server.hits["https:/maklumat"]
    assert statuses(result, ["maklumat", "standard_requirements"]) == {
        "maklumat": "error:blocked",
        "standard_requirements": "pass",
    }
    assert sorted(robots_hosts) == [OFFICIAL_HOST, www]
    assert hits == 0


def test_the_crawl_reads_at_most_the_page_limit(certificates, make_config):
    with Server({}, certificates.good()) as server:
        server.routes.update(complete_site(server.url("")))
        result = check(make_config(crawl_pages=2), server.url())
        pages = sum(
            n
            for key, n in server.hits.items()
            if key.startswith("https:/") and key not in {"https:/", "https:/robots.txt"}
        )
    assert pages == 1
    assert len(result.check("skm_results").evidence["pages"]) == 2


def test_requests_to_one_host_stay_within_the_per_host_limit(certificates, make_config):
    slow = Reply(HOME, delay=0.1)
    with Server({f"/{n}": slow for n in range(4)}, certificates.good()) as server:
        sites = [Site(server.url(f"/{n}")) for n in range(4)]
        run_checks(sites, make_config(concurrency=4, crawl_pages=1, limits={"per_host": 1}))
        most = server.most_active
    assert most == 1


def test_one_site_at_a_time_is_checked_with_a_concurrency_of_one(make_config):
    resolver = static_resolver({f"host-{n}.example": "127.0.0.1" for n in range(3)})
    # Plain HTTP only (HTTPS fails at once), each host its own site, each answer slow.
    with Server({"/": Reply(HOME, delay=0.1)}) as server:
        sites = [Site(f"http://host-{n}.example:{server.port}/") for n in range(3)]
        run_checks(sites, make_config(concurrency=1, crawl_pages=1, resolver=resolver))
        most = server.most_active
    assert most == 1


def test_sites_are_reported_in_order_with_progress(certificates, make_config):
    seen = []
    with Server({"/": Reply(HOME)}, certificates.good()) as server:
        urls = [server.url(), "https://nothing-here.invalid/"]
        results = run_checks(
            [Site(u) for u in urls], make_config(), lambda *args: seen.append(args[:2])
        )
    assert [r.url for r in results] == urls
    assert seen[0] == (0, 2) and seen[-1] == (2, 2)


def test_results_are_the_documented_json_shape(certificates, make_config):
    with Server({"/": Reply(HOME)}, certificates.good()) as server:
        data = check(make_config(), server.url()).as_dict()
    assert {"url", "final_url", "checks"} <= data.keys()
    for item in data["checks"]:
        assert set(item) == {"id", "status", "error", "detail", "evidence"}
        assert item["status"] in {"pass", "fail", "na", "error"}
        assert (item["error"] is None) == (item["status"] != "error")
