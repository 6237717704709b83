"""Checking one site in a test, and its checks' statuses at a glance."""

from patuh.webcheck.checker import CHECK_IDS, run_checks
from patuh.webcheck.config import Site


def check(config, url: str, products=()):
    [result] = run_checks([Site(url, tuple(products))], config)
    assert [c.id for c in result.checks] == list(CHECK_IDS)
    return result


def statuses(result, ids=CHECK_IDS) -> dict[str, str]:
    """Each check as "pass", "fail", "na" or "error:<kind>"."""
    out = {}
    for check_id in ids:
        c = result.check(check_id)
        out[check_id] = f"error:{c.error}" if c.error else str(c.status)
    return out


def every(ids, value) -> dict[str, str]:
    return dict.fromkeys(ids, value)
