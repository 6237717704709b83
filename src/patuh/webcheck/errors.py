"""Why a check could not be answered: the error kinds, the error a failed request raises, and
which kind each failure of the HTTP library, the resolver or the address vetting is.

Pure Python: no Django. Messages here and in the checks are English templates marked with
`gettext_noop`, translated where they are shown.
"""

import ssl
from collections.abc import Iterable
from enum import StrEnum

import httpx

from patuh.webcheck.addresses import AddressRefused, NameNotResolved


def gettext_noop(message: str) -> str:
    """Marks an English message for translation where it is shown (Django's makemessages)."""
    return message


class ErrorKind(StrEnum):
    """Why a check could not be answered. See docs/webcheck.md for what each means."""

    DNS = "dns"
    CONNECT = "connect"
    TIMEOUT = "timeout"
    TLS = "tls"
    PROTOCOL = "protocol"
    HTTP = "http"
    BLOCKED = "blocked"
    TOO_MANY_REDIRECTS = "too_many_redirects"
    BAD_REDIRECT = "bad_redirect"
    TOO_LARGE = "too_large"
    NOT_HTML = "not_html"
    PRIVATE_ADDRESS = "private_address"
    CHECKER = "checker"


# Kinds that say something about the site itself (it is broken for every visitor), as opposed
# to the checker being kept out or refusing (blocked, private_address, too_large) or failing.
SITE_FAULTS = frozenset(
    {
        ErrorKind.DNS,
        ErrorKind.CONNECT,
        ErrorKind.TIMEOUT,
        ErrorKind.TLS,
        ErrorKind.PROTOCOL,
        ErrorKind.HTTP,
        ErrorKind.TOO_MANY_REDIRECTS,
        ErrorKind.BAD_REDIRECT,
        ErrorKind.NOT_HTML,
    }
)


class FetchError(Exception):
    """A request that produced no usable answer. `redirects` are the hops made before it."""

    def __init__(
        self,
        kind: ErrorKind,
        detail: str,
        url: str,
        *,
        redirects: Iterable[tuple[str, int]] = (),
        params: dict | None = None,
    ):
        self.kind = kind
        # An English message template; `params` fill it (kept apart so pages can translate it).
        self.detail = detail
        self.params = {"url": url, **(params or {})}
        super().__init__(detail % self.params)
        self.url = url
        self.redirects = list(redirects)


# The exceptions a request may fail with, besides a FetchError raised on purpose; request_error
# says what each means.
REQUEST_FAILURES = (
    TimeoutError,
    httpx.HTTPError,
    httpx.InvalidURL,
    NameNotResolved,
    AddressRefused,
)
# Failures that may pass when asked again; a TLS failure or a refusal will not.
TRANSIENT_KINDS = frozenset({ErrorKind.TIMEOUT, ErrorKind.CONNECT})


def request_error(exc: Exception, url: str, total_timeout: float) -> FetchError:
    """The error kind and message of a request that failed with `exc`."""
    if isinstance(exc, TimeoutError):
        return FetchError(
            ErrorKind.TIMEOUT,
            gettext_noop("%(url)s did not answer within %(seconds)s seconds"),
            url,
            params={"seconds": total_timeout},
        )
    if isinstance(exc, httpx.TimeoutException):
        return FetchError(
            ErrorKind.TIMEOUT,
            gettext_noop("%(url)s timed out (%(error)s)"),
            url,
            params={"error": type(exc).__name__},
        )
    if isinstance(exc, NameNotResolved):
        return FetchError(ErrorKind.DNS, gettext_noop("the name of %(url)s does not resolve"), url)
    if isinstance(exc, AddressRefused):
        return FetchError(
            ErrorKind.PRIVATE_ADDRESS,
            gettext_noop("%(url)s resolves only to refused addresses: %(addresses)s"),
            url,
            params={"addresses": ", ".join(f"{a} ({why})" for a, why in exc.refused.items())},
        )
    if isinstance(exc, httpx.ConnectError | httpx.ReadError | httpx.WriteError):
        return _connection_error(exc, url)
    if isinstance(exc, httpx.InvalidURL):
        # httpx prepares the next request of a redirect even when not following it.
        return FetchError(
            ErrorKind.BAD_REDIRECT,
            gettext_noop("%(url)s leads to an address that is not valid (%(error)s)"),
            url,
            params={"error": str(exc)[:200]},
        )
    return FetchError(
        ErrorKind.PROTOCOL,
        gettext_noop("%(url)s gave a malformed answer (%(error)s)"),
        url,
        params={"error": str(exc)[:200] or type(exc).__name__},
    )


def _connection_error(exc: httpx.TransportError, url: str) -> FetchError:
    """A connection that failed, or whose TLS handshake did."""
    tls_error = _ssl_cause(exc)
    if tls_error is not None:
        return FetchError(
            ErrorKind.TLS,
            gettext_noop("TLS failed for %(url)s: %(reason)s"),
            url,
            params={"reason": _tls_reason(tls_error)},
        )
    return FetchError(
        ErrorKind.CONNECT,
        gettext_noop("cannot connect to %(url)s (%(error)s)"),
        url,
        params={"error": str(exc)[:200] or type(exc).__name__},
    )


def _ssl_cause(exc: BaseException) -> ssl.SSLError | None:
    seen = set()
    while exc is not None and id(exc) not in seen:
        if isinstance(exc, ssl.SSLError):
            return exc
        seen.add(id(exc))
        exc = exc.__cause__ or exc.__context__
    return None


def _tls_reason(error: ssl.SSLError) -> str:
    if isinstance(error, ssl.SSLCertVerificationError):
        return error.verify_message or str(error)
    return error.reason or str(error)
