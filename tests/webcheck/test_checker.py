"""The checker against real servers on loopback: a whole run, its sites in order, its limits."""

from patuh.webcheck.checker import CHECK_IDS, run_checks
from patuh.webcheck.config import Site
from tests.webcheck.checking import check, every, statuses
from tests.webcheck.conftest import OFFICIAL_HOST
from tests.webcheck.sample_site import HOME, complete_site
from tests.webcheck.servers import Reply, Server, static_resolver

OFFICIAL = static_resolver({OFFICIAL_HOST: "127.0.0.1", "localhost": "127.0.0.1"})


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


def test_an_unresolvable_name_is_a_dns_error(make_config):
    result = check(make_config(), "https://nothing-here.invalid/")
    expected = every(CHECK_IDS, "error:dns") | {"official_domain": "fail", "screenshot": "na"}
    assert statuses(result) == expected


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
