"""The content checks against real servers on loopback: what the home page and the crawl find,
and what robots.txt, walls and failures keep them from reading."""

import pytest

from patuh.webcheck.addresses import AddressPolicy
from patuh.webcheck.rules import CONTENT_CHECKS
from tests.webcheck.checking import check, every, statuses
from tests.webcheck.conftest import OFFICIAL_HOST
from tests.webcheck.sample_site import HOME, complete_site
from tests.webcheck.servers import Reply, Server, redirect, static_resolver


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
