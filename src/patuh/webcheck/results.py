"""What checking a site gives: a status per check with its evidence. Pure Python.

Each site gets one CheckResult per check id in CHECK_IDS (documented in docs/webcheck.md),
with status pass, fail, na or error; an error names its kind (errors.ErrorKind), so a broken
site, a checker kept out and a checker fault stay apart.
"""

import datetime as dt
import hashlib
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path

from patuh.webcheck.errors import ErrorKind, FetchError


class Status(StrEnum):
    PASS = "pass"  # noqa: S105 - a status, not a password
    FAIL = "fail"
    NA = "na"
    ERROR = "error"


@dataclass
class CheckResult:
    id: str
    status: Status
    # An English message template filled by `params`, kept apart so pages can translate it.
    detail: str = ""
    params: dict = field(default_factory=dict)
    error: ErrorKind | None = None
    evidence: dict = field(default_factory=dict)

    @property
    def detail_text(self) -> str:
        return self.detail % self.params

    def as_dict(self) -> dict:
        return {
            "id": self.id,
            "status": str(self.status),
            "error": str(self.error) if self.error else None,
            "detail": self.detail_text,
            "evidence": self.evidence,
        }


@dataclass
class SiteResult:
    url: str
    final_url: str
    checks: list[CheckResult]
    checked_at: str
    duration_ms: int
    html_sha256: str = ""
    screenshot: Path | None = None

    def check(self, check_id: str) -> CheckResult:
        return next(check for check in self.checks if check.id == check_id)

    def as_dict(self) -> dict:
        return {
            "url": self.url,
            "final_url": self.final_url,
            "checked_at": self.checked_at,
            "duration_ms": self.duration_ms,
            "html_sha256": self.html_sha256,
            "checks": [check.as_dict() for check in self.checks],
        }


def error_result(check_id: str, error: FetchError) -> CheckResult:
    """Check `check_id` unanswered: what it needs could not be read, for the reason `error` says."""
    evidence = {"url": error.url}
    if error.redirects:
        evidence["redirects"] = [{"url": url, "status": status} for url, status in error.redirects]
    return CheckResult(check_id, Status.ERROR, error.detail, error.params, error.kind, evidence)


def now() -> str:
    """The time a check is made, as results give it."""
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


def sha256(body: bytes) -> str:
    """The digest that pins the page or screenshot a result's evidence comes from."""
    return hashlib.sha256(body).hexdigest()
