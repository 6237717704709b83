"""The client's address: X-Forwarded-For counts only when a trusted proxy sent it."""

import ipaddress

import pytest
from django.test import RequestFactory

from patuh.lib.client import client_address

SPOOFED = "198.51.100.66"


@pytest.fixture
def behind_proxy(settings):
    """A proxy on the machine (127.0.0.1) and a load balancer in 10.0.0.0/8 are trusted."""
    settings.PATUH_TRUSTED_PROXIES = (
        ipaddress.ip_network("127.0.0.1"),
        ipaddress.ip_network("10.0.0.0/8"),
    )


def address(remote: str, forwarded: str | None = None) -> str:
    headers = {} if forwarded is None else {"HTTP_X_FORWARDED_FOR": forwarded}
    return client_address(RequestFactory().get("/", REMOTE_ADDR=remote, **headers))


def test_with_no_trusted_proxy_the_header_is_ignored():
    assert address("203.0.113.7", SPOOFED) == "203.0.113.7"


def test_a_header_from_an_untrusted_address_is_ignored(behind_proxy):
    assert address("203.0.113.7", SPOOFED) == "203.0.113.7"


def test_through_trusted_proxies_the_rightmost_untrusted_address_is_the_client(behind_proxy):
    # The client wrote the first address itself; the proxies appended the rest.
    assert address("127.0.0.1", f"{SPOOFED}, 203.0.113.7, 10.1.2.3") == "203.0.113.7"
    assert address("10.1.2.3", "2001:db8::7") == "2001:db8::7"


def test_when_every_hop_is_trusted_the_first_one_is_the_client(behind_proxy):
    assert address("127.0.0.1", "10.9.9.9, 10.1.2.3") == "10.9.9.9"


def test_a_hop_that_is_not_an_address_stops_at_the_proxy_that_passed_it(behind_proxy):
    assert address("127.0.0.1", "203.0.113.7, unknown") == "127.0.0.1"
    assert address("127.0.0.1", "") == "127.0.0.1"


def test_no_address_at_all_gives_an_empty_one(behind_proxy):
    assert client_address(RequestFactory().get("/", REMOTE_ADDR="")) == ""
