"""Which addresses website checks may connect to, and host names resolved to them. Pure Python.

Website addresses are typed in by people, so the checker resolves host names itself and hands
out for connecting only the addresses the AddressPolicy allows: no private, loopback,
link-local, multicast, reserved or unspecified address unless the operator allows it. The
fetching code (fetch.py) asks here for every connection: the first request, every redirect,
every crawled page.
"""

import asyncio
import ipaddress
import socket
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
Resolver = Callable[[str, int], Awaitable[list[str]]]


class NameNotResolved(Exception):
    pass


class AddressRefused(Exception):
    def __init__(self, host: str, refused: dict[str, str]):
        super().__init__(f"{host}: every address is refused ({refused})")
        self.host = host
        self.refused = refused


@dataclass(frozen=True)
class AddressPolicy:
    """Which addresses the checker may connect to."""

    allow_private: bool = False
    # Networks allowed even when private addresses are not (an operator's own test host).
    allowed_networks: tuple[ipaddress.IPv4Network | ipaddress.IPv6Network, ...] = ()

    def refusal(self, address: str) -> str | None:
        """Why `address` may not be connected to, or None when it may."""
        ip = ipaddress.ip_address(address.split("%", 1)[0])
        if self.allow_private or any(ip in network for network in self.allowed_networks):
            return None
        return address_class(ip)


def address_class(ip: IPAddress) -> str | None:
    """The kind of non-public address `ip` is ("loopback", "private", …), or None if global."""
    if isinstance(ip, ipaddress.IPv6Address):
        # An IPv4 address wrapped in IPv6 is judged as the IPv4 address it carries.
        embedded = ip.ipv4_mapped or ip.sixtofour or (ip.teredo[1] if ip.teredo else None)
        if embedded is not None:
            return address_class(embedded)
    for attribute, name in (
        ("is_unspecified", "unspecified"),
        ("is_loopback", "loopback"),
        ("is_link_local", "link-local"),
        ("is_multicast", "multicast"),
        ("is_reserved", "reserved"),
        ("is_private", "private"),
    ):
        if getattr(ip, attribute):
            return name
    return None if ip.is_global else "not global"


async def system_resolver(host: str, port: int) -> list[str]:
    """The addresses of `host` from the operating system's resolver, in its order."""
    infos = await asyncio.get_running_loop().getaddrinfo(
        host, port, type=socket.SOCK_STREAM, proto=socket.IPPROTO_TCP
    )
    return list(dict.fromkeys(str(info[4][0]) for info in infos))


class VettedResolver:
    """A run's name resolution, with the addresses it may connect to.

    Answers are cached per run so a host cannot resolve differently between the vetting and a
    later connection.
    """

    def __init__(self, resolver: Resolver, policy: AddressPolicy, timeout: float):
        self._resolver = resolver
        self._policy = policy
        self._timeout = timeout
        self._answers: dict[str, asyncio.Future] = {}

    async def resolve(self, host: str) -> list[str]:
        """The addresses of `host`; NameNotResolved when it has none."""
        key = host.lower().rstrip(".")
        if key not in self._answers:
            self._answers[key] = asyncio.ensure_future(self._lookup(key))
        return await asyncio.shield(self._answers[key])

    async def _lookup(self, host: str) -> list[str]:
        try:
            async with asyncio.timeout(self._timeout):
                addresses = await self._resolver(host, 443)
        except (OSError, TimeoutError, UnicodeError) as exc:
            raise NameNotResolved(f"{host}: {exc}") from exc
        if not addresses:
            raise NameNotResolved(host)
        return addresses

    async def allowed(self, host: str) -> list[str]:
        """The addresses of `host` that may be connected to; AddressRefused when none may."""
        refused = {address: self._policy.refusal(address) for address in await self.resolve(host)}
        allowed = [address for address, why in refused.items() if why is None]
        if not allowed:
            raise AddressRefused(host, refused)
        return allowed
