"""The checks of how a site serves HTTPS: https, tls_certificate, http_redirects_to_https and
hsts, each from the home page read over HTTPS or over HTTP. Pure Python."""

import re
from urllib.parse import urlsplit

from patuh.webcheck.errors import ErrorKind, FetchError, gettext_noop
from patuh.webcheck.fetch import Page, Session
from patuh.webcheck.home import hostname, page_problem, same_site
from patuh.webcheck.results import CheckResult, Status, error_result


def https_result(https: Page | FetchError, walls: re.Pattern | None) -> CheckResult:
    if isinstance(https, FetchError):
        return error_result("https", https)
    evidence = https.evidence()
    if urlsplit(https.final_url).scheme != "https":
        return CheckResult(
            "https",
            Status.FAIL,
            gettext_noop("%(url)s sends visitors to plain HTTP: %(final)s"),
            params={"url": https.url, "final": https.final_url},
            evidence=evidence,
        )
    problem = page_problem(https, walls)
    if problem is None:
        return CheckResult(
            "https",
            Status.PASS,
            gettext_noop("%(url)s answered HTTP %(status)s over HTTPS"),
            params={"url": https.final_url, "status": https.status},
            evidence=evidence,
        )
    if problem.kind == ErrorKind.BLOCKED:
        blocked = error_result("https", problem)
        blocked.evidence |= evidence
        return blocked
    return CheckResult("https", Status.FAIL, problem.detail, problem.params, evidence=evidence)


async def certificate_result(
    https: Page | FetchError, session: Session, warning_days: int
) -> CheckResult:
    if isinstance(https, FetchError):
        if https.kind == ErrorKind.TLS:
            return await _tls_failure(https, session)
        return error_result("tls_certificate", https)
    if https.tls is None:
        return CheckResult(
            "tls_certificate",
            Status.NA,
            gettext_noop("the server sent no certificate details"),
        )
    days = https.tls.days_left
    evidence = {"url": https.url, **https.tls.as_dict()}
    if days <= warning_days:
        evidence["expires_soon"] = True
        detail = gettext_noop("valid, but expires in %(days)s days")
    else:
        detail = gettext_noop("valid for %(days)s more days")
    return CheckResult(
        "tls_certificate", Status.PASS, detail, params={"days": days}, evidence=evidence
    )


async def _tls_failure(error: FetchError, session: Session) -> CheckResult:
    """A failed TLS handshake, with the certificate that failed when one was presented."""
    evidence = {"url": error.url, "reason": error.params.get("reason", "")}
    detail, params = error.detail, error.params
    # Read once more without verifying, purely as evidence: whose certificate, how stale.
    certificate = await session.certificate(error.url)
    if certificate is not None:
        evidence |= certificate.as_dict()
        params = params | {
            "subject": certificate.subject,
            "issuer": certificate.issuer,
            "days": abs(certificate.days_left),
        }
        if certificate.days_left < 0:
            detail = gettext_noop(
                "TLS failed for %(url)s: %(reason)s (certificate for %(subject)s"
                " from %(issuer)s, expired %(days)s days ago)"
            )
        else:
            detail = gettext_noop(
                "TLS failed for %(url)s: %(reason)s (certificate for %(subject)s"
                " from %(issuer)s, expires in %(days)s days)"
            )
    return CheckResult("tls_certificate", Status.FAIL, detail, params=params, evidence=evidence)


def redirect_result(http: Page | FetchError, site_url: str) -> CheckResult:
    if isinstance(http, FetchError):
        # A redirect made counts even if what followed failed.
        hops, target = http.redirects, http.url
        start = hops[0][0] if hops else http.url
        evidence = {"redirects": [{"url": u, "status": s} for u, s in hops], "final_url": target}
    else:
        hops, target, start = http.redirects, http.final_url, http.url
        evidence = http.evidence()
    if hops and urlsplit(target).scheme == "https":
        if same_site(hostname(target), hostname(site_url)):
            detail = gettext_noop("%(url)s redirects to %(target)s")
            status = Status.PASS
        else:
            # Another site's HTTPS does not secure this one.
            detail = gettext_noop("%(url)s redirects to another site: %(target)s")
            status = Status.FAIL
        return CheckResult(
            "http_redirects_to_https",
            status,
            detail,
            params={"url": start, "target": target},
            evidence=evidence,
        )
    if isinstance(http, FetchError):
        return error_result("http_redirects_to_https", http)
    return CheckResult(
        "http_redirects_to_https",
        Status.FAIL,
        gettext_noop("%(url)s answers over plain HTTP without redirecting to HTTPS"),
        params={"url": http.url},
        evidence=evidence,
    )


def hsts_result(https: Page | FetchError) -> CheckResult:
    if isinstance(https, FetchError):
        return error_result("hsts", https)
    header = https.headers.get("strict-transport-security", "")
    max_age = 0
    for directive in header.split(";"):
        name, _, value = directive.strip().partition("=")
        if name.lower() == "max-age" and value.strip('" ').isdigit():
            max_age = int(value.strip('" '))
    evidence = {"url": https.final_url, "strict-transport-security": header}
    if urlsplit(https.final_url).scheme == "https" and max_age > 0:
        return CheckResult(
            "hsts",
            Status.PASS,
            gettext_noop("HSTS for %(seconds)s seconds"),
            params={"seconds": max_age},
            evidence=evidence,
        )
    return CheckResult(
        "hsts",
        Status.FAIL,
        gettext_noop("no Strict-Transport-Security header with a max-age"),
        evidence=evidence,
    )
