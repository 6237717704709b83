"""The address of the client behind a request, also when it comes through a reverse proxy."""

import ipaddress

from django.conf import settings
from django.http import HttpRequest


def client_address(request: HttpRequest) -> str:
    """The client's IP address, or "" when the server gave none.

    Steps: start from the address that connected (REMOTE_ADDR); while that is a trusted proxy
    (PATUH_TRUSTED_PROXIES), step to the address it forwarded for, the next one from the right
    of X-Forwarded-For. The first untrusted address is the client: whatever stands left of it
    was written by that client and may be made up. A hop that is not an IP address stops the
    walk at the proxy that passed it on.
    """
    address = request.META.get("REMOTE_ADDR", "")
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
    for hop in reversed(forwarded):
        hop_ip = _ip(hop)
        if hop_ip is None or not _trusted(address):
            break
        address = str(hop_ip)
    return address


def _ip(text: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    try:
        return ipaddress.ip_address(text.strip())
    except ValueError:
        return None


def _trusted(address: str) -> bool:
    ip = _ip(address)
    return ip is not None and any(ip in network for network in settings.PATUH_TRUSTED_PROXIES)
