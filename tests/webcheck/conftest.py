"""Certificates and checker settings for the website-check tests."""

import ipaddress
import socket

import pytest

from patuh.registry.models import Website
from patuh.webcheck.addresses import AddressPolicy
from patuh.webcheck.config import CheckConfig
from patuh.webcheck.fetch import FetchLimits
from tests import factories
from tests.webcheck.sample_site import complete_site
from tests.webcheck.servers import Certificates, Server

# Only the test servers' address: every other private address stays refused.
LOOPBACK_ONLY = AddressPolicy(allowed_networks=(ipaddress.ip_network("127.0.0.1/32"),))
OFFICIAL_HOST = "dinas.belitung.go.id"


@pytest.fixture(autouse=True)
def no_dns_off_this_machine(monkeypatch):
    """The operating system's resolver answers only for this machine; any other name is
    unknown, as it would be offline, so no test sends a DNS query anywhere."""
    resolve = socket.getaddrinfo

    def local_only(host, *args, **kwargs):
        name = host.decode() if isinstance(host, bytes) else host
        if name is None or name == "localhost" or _is_address(name):
            return resolve(host, *args, **kwargs)
        raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")

    monkeypatch.setattr(socket, "getaddrinfo", local_only)


def _is_address(name: str) -> bool:
    try:
        ipaddress.ip_address(name)
    except ValueError:
        return False
    return True


@pytest.fixture(scope="session")
def certificates(tmp_path_factory):
    return Certificates(
        tmp_path_factory.mktemp("certs"), ("localhost", OFFICIAL_HOST, f"www.{OFFICIAL_HOST}")
    )


@pytest.fixture
def make_config(certificates):
    """Checker settings for loopback servers: short timeouts, quick retries, no screenshots."""

    def make(**overrides) -> CheckConfig:
        limits = {
            "connect_timeout": 2,
            "read_timeout": 1,
            "total_timeout": 4,
            "retries": 1,
            "backoff": 0.01,
            "max_bytes": 200_000,
            "max_redirects": 5,
            **overrides.pop("limits", {}),
        }
        values = {
            "user_agent": "Patuh-webcheck/test (+https://patuh.example/contact)",
            "policy": LOOPBACK_ONLY,
            "limits": FetchLimits(**limits),
            "ca_bundle": str(certificates.ca_file),
            **overrides,
        }
        return CheckConfig(**values)

    return make


@pytest.fixture
def webcheck_settings(settings, certificates):
    """Django settings that let the checks reach the loopback test servers, quickly."""
    settings.PATUH_CONTACT_URL = "https://patuh.example/kontak"
    # As an operator's own test host is allowed: parsed networks, every other private address
    # still refused.
    settings.PATUH_WEBCHECK_ALLOW_PRIVATE = False
    settings.PATUH_WEBCHECK_ALLOW_NETWORKS = LOOPBACK_ONLY.allowed_networks
    settings.PATUH_WEBCHECK_CA_BUNDLE = str(certificates.ca_file)
    settings.PATUH_WEBCHECK_SCREENSHOTS = False
    settings.PATUH_WEBCHECK_RETRIES = 0
    settings.PATUH_WEBCHECK_CONNECT_TIMEOUT = 2
    settings.PATUH_WEBCHECK_READ_TIMEOUT = 2
    settings.PATUH_WEBCHECK_PAGE_TIMEOUT = 5
    return settings


@pytest.fixture
def agency_site(certificates):
    """Provider A's website, complete, served on loopback over HTTP and HTTPS."""
    with Server({}, certificates.good()) as server:
        server.routes.update(complete_site(server.url("")))
        yield server


@pytest.fixture
def checked_cycle(provider_a, webcheck_settings, agency_site):
    """A cycle of provider A, whose website is the loopback agency site (not checked yet)."""
    cycle = factories.cycle([provider_a])
    Website.objects.filter(provider=provider_a).update(url=agency_site.url())
    return cycle
