"""Fetching user-entered URLs safely and politely. Pure Python: no Django.

Every connection goes to an address vetted by addresses.py, for the first request and for every
redirect; TLS still verifies the certificate against the host name. Redirects are followed by
hand, a bounded number of times and only to http(s); bodies are streamed and cut at a maximum
size; transient failures are retried with backoff, or after the pause a server asks for with
Retry-After when that is not too long.
"""

import asyncio
import datetime as dt
import email.utils
import ssl
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from urllib.parse import urljoin, urlsplit

import httpcore
import httpx
from cryptography import x509

from patuh.webcheck.addresses import (
    AddressPolicy,
    AddressRefused,
    NameNotResolved,
    Resolver,
    VettedResolver,
    system_resolver,
)
from patuh.webcheck.errors import (
    REQUEST_FAILURES,
    TRANSIENT_KINDS,
    ErrorKind,
    FetchError,
    gettext_noop,
    request_error,
)

REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})
# Answers worth asking again after a pause: the server or a gateway says "try later".
TRANSIENT_STATUSES = frozenset({502, 503, 504})
# Answers that say the checker, not the public, is kept out.
BLOCKED_STATUSES = frozenset({401, 403, 407, 429, 451})
# Response headers kept as evidence.
EVIDENCE_HEADERS = (
    "content-type",
    "content-length",
    "server",
    "location",
    "strict-transport-security",
    "content-security-policy",
    "x-frame-options",
    "x-content-type-options",
    "retry-after",
)


class VettingBackend(httpcore.AsyncNetworkBackend):
    """httpcore's network backend, connecting only to addresses the run's resolver allows.

    Every TCP connection (first request, redirects, crawled pages) resolves the host through
    the VettedResolver and connects to an allowed IP; httpcore then starts TLS with the host
    name, so SNI and certificate checks are unchanged.
    """

    def __init__(self, resolver: VettedResolver):
        self._inner = httpcore.AnyIOBackend()
        self._resolver = resolver

    async def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable | None = None,
    ) -> httpcore.AsyncNetworkStream:
        failure: Exception | None = None
        for address in await self._resolver.allowed(host):
            try:
                return await self._inner.connect_tcp(
                    address,
                    port,
                    timeout=timeout,
                    local_address=local_address,
                    socket_options=socket_options,
                )
            except (httpcore.ConnectError, httpcore.ConnectTimeout) as exc:
                failure = exc
        raise failure  # type: ignore[misc]  # allowed is never empty

    async def connect_unix_socket(self, *args, **kwargs):
        raise httpcore.ConnectError("Unix sockets are never used for website checks.")

    async def sleep(self, seconds: float) -> None:
        await asyncio.sleep(seconds)


class _VettingTransport(httpx.AsyncHTTPTransport):
    def __init__(self, backend: VettingBackend, ssl_context: ssl.SSLContext, limits: httpx.Limits):
        super().__init__(verify=ssl_context, limits=limits, retries=0, trust_env=False)
        # httpx builds its pool without a way to pass a network backend; this is the one
        # attribute the pool reads it from (httpcore 1.x, pinned through httpx <0.29).
        self._pool._network_backend = backend


@dataclass(frozen=True)
class FetchLimits:
    connect_timeout: float = 10.0
    read_timeout: float = 20.0
    # Whole request, body included: a server dribbling bytes cannot hold a check forever.
    total_timeout: float = 60.0
    max_bytes: int = 5 * 1024 * 1024
    max_redirects: int = 10
    retries: int = 2
    backoff: float = 1.0
    # The longest Retry-After waited for; a server asking for more is not asked again.
    max_retry_after: float = 10.0
    per_host: int = 2


@dataclass(frozen=True)
class TlsInfo:
    subject: str
    issuer: str
    not_after: float  # seconds since the epoch

    @classmethod
    def from_der(cls, der: bytes) -> "TlsInfo":
        certificate = x509.load_der_x509_certificate(der)
        return cls(
            subject=certificate.subject.rfc4514_string(),
            issuer=certificate.issuer.rfc4514_string(),
            not_after=certificate.not_valid_after_utc.timestamp(),
        )

    @property
    def days_left(self) -> int:
        """Whole days until the certificate expires; negative once it has."""
        return int((self.not_after - time.time()) / 86400)

    def as_dict(self) -> dict:
        return {
            "subject": self.subject,
            "issuer": self.issuer,
            "not_after": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(self.not_after)),
            "days_left": self.days_left,
        }


@dataclass
class Page:
    """The final answer to a request, after redirects."""

    url: str
    final_url: str
    status: int
    headers: dict[str, str]
    body: bytes
    elapsed_ms: int
    redirects: list[tuple[str, int]] = field(default_factory=list)
    attempts: int = 1
    address: str = ""
    # The certificate of the first HTTPS hop, when there was one.
    tls: TlsInfo | None = None

    @property
    def content_type(self) -> str:
        return self.headers.get("content-type", "").split(";", 1)[0].strip().lower()

    @property
    def is_html(self) -> bool:
        return self.content_type in {"text/html", "application/xhtml+xml"}

    def evidence(self) -> dict:
        evidence = {
            "url": self.url,
            "final_url": self.final_url,
            "status": self.status,
            "headers": self.headers,
            "elapsed_ms": self.elapsed_ms,
        }
        if self.redirects:
            evidence["redirects"] = [{"url": url, "status": s} for url, s in self.redirects]
        if self.attempts > 1:
            evidence["attempts"] = self.attempts
        if self.address:
            evidence["address"] = self.address
        return evidence


@dataclass(frozen=True)
class _Hop:
    """One request's answer, before deciding whether to follow it."""

    status: int
    headers: dict[str, str]
    body: bytes
    address: str
    tls: TlsInfo | None
    # The time the answering attempt took, from sending the request to the end of the body.
    elapsed: float


class _Retry(Exception):
    """A transient failure on an attempt that may be repeated, after `wait` seconds if given."""

    def __init__(self, wait: float | None = None):
        super().__init__()
        self.wait = wait


class Fetcher:
    """What one run shares: DNS answers and address vetting, per-host limits, TLS settings.

    Requests go through a Session per site (`fetcher.session()`), so each site keeps its own
    few connections and closes them when its checks end.
    """

    def __init__(
        self,
        *,
        user_agent: str,
        policy: AddressPolicy,
        limits: FetchLimits,
        ssl_context: ssl.SSLContext,
        resolver: Resolver = system_resolver,
    ):
        self.limits = limits
        self.user_agent = user_agent
        self.ssl_context = ssl_context
        self.resolver = VettedResolver(resolver, policy, limits.connect_timeout)
        self.backend = VettingBackend(self.resolver)
        self.hosts: dict[str, asyncio.Semaphore] = {}

    async def resolve(self, host: str) -> list[str]:
        return await self.resolver.resolve(host)

    def session(self) -> "Session":
        return Session(self)


class Session:
    """One site's HTTP client: vetted connections, retries, size limits. Use `async with`."""

    def __init__(self, fetcher: Fetcher):
        limits = fetcher.limits
        self.limits = limits
        self._hosts = fetcher.hosts
        self._backend = fetcher.backend
        self.client = httpx.AsyncClient(
            transport=_VettingTransport(fetcher.backend, fetcher.ssl_context, httpx.Limits()),
            timeout=httpx.Timeout(
                connect=limits.connect_timeout,
                read=limits.read_timeout,
                write=limits.read_timeout,
                pool=limits.total_timeout,
            ),
            headers={
                "User-Agent": fetcher.user_agent,
                "Accept": "text/html,application/xhtml+xml;q=0.9,*/*;q=0.5",
                "Accept-Language": "id,en;q=0.8",
            },
            follow_redirects=False,
            trust_env=False,
        )

    async def __aenter__(self) -> "Session":
        return self

    async def __aexit__(self, *exc_info) -> None:
        await self.client.aclose()

    async def fetch(self, url: str, *, max_bytes: int | None = None) -> Page:
        """GET `url`, following redirects by hand; FetchError when no usable answer came.

        `elapsed_ms` adds up the answering attempt of each hop: waiting for the host's turn or
        between retries is the checker's politeness, not the site's slowness.
        """
        elapsed = 0.0
        redirects: list[tuple[str, int]] = []
        current = url
        attempts = 0
        first_tls: TlsInfo | None = None
        while True:
            try:
                hop, tries = await self._get(current, max_bytes or self.limits.max_bytes)
            except FetchError as exc:
                exc.redirects = redirects
                raise
            attempts += tries
            elapsed += hop.elapsed
            if first_tls is None:
                first_tls = hop.tls
            location = hop.headers.get("location")
            if hop.status not in REDIRECT_STATUSES or not location:
                return Page(
                    url=url,
                    final_url=current,
                    status=hop.status,
                    headers=hop.headers,
                    body=hop.body,
                    elapsed_ms=round(elapsed * 1000),
                    redirects=redirects,
                    attempts=attempts,
                    address=hop.address,
                    tls=first_tls,
                )
            redirects.append((current, hop.status))
            current = self._redirect_target(current, location, redirects)

    def _redirect_target(
        self, current: str, location: str, redirects: list[tuple[str, int]]
    ) -> str:
        """Where a redirect from `current` leads; FetchError when it must not be followed.

        `redirects` are the hops made so far, this one included: every address visited.
        """
        target = urljoin(current, location.strip())
        parts = urlsplit(target)
        if parts.scheme not in {"http", "https"} or not parts.hostname:
            raise FetchError(
                ErrorKind.BAD_REDIRECT,
                gettext_noop("%(url)s redirects to %(target)s, which is not a web page"),
                current,
                redirects=redirects,
                params={"target": target[:200]},
            )
        if target in (visited for visited, _ in redirects):
            raise FetchError(
                ErrorKind.TOO_MANY_REDIRECTS,
                gettext_noop("redirect loop: %(target)s was already visited"),
                current,
                redirects=redirects,
                params={"target": target},
            )
        if len(redirects) > self.limits.max_redirects:
            raise FetchError(
                ErrorKind.TOO_MANY_REDIRECTS,
                gettext_noop("more than %(limit)s redirects"),
                current,
                redirects=redirects,
                params={"limit": self.limits.max_redirects},
            )
        return target

    def _host_limit(self, host: str) -> asyncio.Semaphore:
        """The run's limit of requests to `host` at once."""
        return self._hosts.setdefault(host, asyncio.Semaphore(self.limits.per_host))

    async def certificate(self, url: str) -> TlsInfo | None:
        """The certificate `url`'s server presents, read without verifying it; None if none.

        Only evidence for a TLS failure (whose certificate failed): nothing is sent over
        this connection. The address is vetted as for any request.
        """
        parts = urlsplit(url)
        host, port = parts.hostname or "", parts.port or 443
        unverified = ssl.create_default_context()
        unverified.check_hostname = False
        unverified.verify_mode = ssl.CERT_NONE
        timeout = self.limits.connect_timeout
        async with self._host_limit(host):
            try:
                stream = await self._backend.connect_tcp(host, port, timeout=timeout)
                try:
                    stream = await stream.start_tls(unverified, host, timeout=timeout)
                    return _tls_info(stream)
                finally:
                    await stream.aclose()
            except (
                httpcore.NetworkError,
                httpcore.TimeoutException,
                NameNotResolved,
                AddressRefused,
                OSError,
                ValueError,  # a certificate that cannot be parsed
            ):
                return None

    async def _get(self, url: str, max_bytes: int) -> tuple[_Hop, int]:
        """One GET with retries for transient failures; returns the answer and the tries."""
        semaphore = self._host_limit(urlsplit(url).hostname or "")
        attempt = 0
        while True:
            try:
                async with semaphore:
                    hop = await self._get_once(url, max_bytes, retry=attempt < self.limits.retries)
                return hop, attempt + 1
            except _Retry as retry:
                await asyncio.sleep(max(self.limits.backoff * 2**attempt, retry.wait or 0))
                attempt += 1

    async def _get_once(self, url: str, max_bytes: int, *, retry: bool) -> _Hop:
        """One GET; _Retry when it failed in a way worth repeating and `retry` allows it."""
        started = time.monotonic()
        try:
            async with asyncio.timeout(self.limits.total_timeout):
                request = self.client.build_request("GET", url)
                response = await self.client.send(request, stream=True)
                try:
                    headers = {
                        name: response.headers[name]
                        for name in EVIDENCE_HEADERS
                        if name in response.headers
                    }
                    if response.status_code in TRANSIENT_STATUSES and retry:
                        wait = retry_after(headers.get("retry-after", ""))
                        if wait is None or wait <= self.limits.max_retry_after:
                            raise _Retry(wait)
                    stream = response.extensions.get("network_stream")
                    address = _peer_address(stream)
                    tls = _tls_info(stream)
                    body = b""
                    if not (response.status_code in REDIRECT_STATUSES and "location" in headers):
                        body = await _read_limited(response, max_bytes, url)
                finally:
                    await response.aclose()
        except REQUEST_FAILURES as exc:
            error = request_error(exc, url, self.limits.total_timeout)
            raise (_Retry() if retry and error.kind in TRANSIENT_KINDS else error) from exc
        return _Hop(response.status_code, headers, body, address, tls, time.monotonic() - started)


def retry_after(value: str) -> float | None:
    """The seconds a Retry-After header asks to wait (a number or an HTTP date), or None."""
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=dt.UTC)
    return max(0.0, (when - dt.datetime.now(dt.UTC)).total_seconds())


async def _read_limited(response: httpx.Response, max_bytes: int, url: str) -> bytes:
    declared = response.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > max_bytes:
        raise _too_large(url, max_bytes)
    chunks, size = [], 0
    async for chunk in response.aiter_bytes():
        size += len(chunk)
        if size > max_bytes:
            raise _too_large(url, max_bytes)
        chunks.append(chunk)
    return b"".join(chunks)


def _too_large(url: str, max_bytes: int) -> FetchError:
    return FetchError(
        ErrorKind.TOO_LARGE,
        gettext_noop("%(url)s is larger than %(limit)s bytes"),
        url,
        params={"limit": max_bytes},
    )


def _peer_address(stream) -> str:
    address = stream.get_extra_info("server_addr") if stream is not None else None
    return str(address[0]) if address else ""


def _tls_info(stream) -> TlsInfo | None:
    ssl_object = stream.get_extra_info("ssl_object") if stream is not None else None
    der = ssl_object.getpeercert(binary_form=True) if ssl_object is not None else None
    return TlsInfo.from_der(der) if der else None
