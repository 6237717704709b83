"""Which addresses the checker refuses, whatever a URL or a redirect says."""

import ipaddress

import pytest

from patuh.webcheck.addresses import AddressPolicy, address_class
from tests.webcheck.checking import check, every, statuses
from tests.webcheck.sample_site import HOME
from tests.webcheck.servers import Reply, Server, redirect


@pytest.mark.parametrize(
    ("address", "kind"),
    [
        ("127.0.0.1", "loopback"),
        ("10.1.2.3", "private"),
        ("172.16.0.1", "private"),
        ("192.168.1.1", "private"),
        ("169.254.169.254", "link-local"),
        ("0.0.0.0", "unspecified"),  # noqa: S104 - an address under test, nothing binds it
        ("224.0.0.1", "multicast"),
        ("240.0.0.1", "reserved"),
        ("100.64.0.1", "not global"),
        ("::1", "loopback"),
        ("fe80::1", "link-local"),
        ("fc00::1", "private"),
        ("::ffff:10.0.0.1", "private"),
        ("2002:7f00:0001::", "loopback"),
        ("103.10.20.30", None),
        ("2606:4700::1111", None),
    ],
)
def test_addresses_are_classified(address, kind):
    assert address_class(ipaddress.ip_address(address)) == kind


def test_private_addresses_are_refused_unless_allowed():
    assert AddressPolicy().refusal("192.168.1.1") == "private"
    assert AddressPolicy().refusal("103.10.20.30") is None
    assert AddressPolicy(allow_private=True).refusal("192.168.1.1") is None
    only = AddressPolicy(allowed_networks=(ipaddress.ip_network("10.0.0.0/24"),))
    assert only.refusal("10.0.0.7") is None
    assert only.refusal("10.0.1.7") == "private"


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
