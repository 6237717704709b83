"""Turning check outcomes into answers for indicators marked `automatic` (pure Python).

Each check gives a verdict: pass is yes, fail is no, and an error that shows the site broken
for every visitor (net.SITE_FAULTS: dns, connect, timeout, tls, …) is no as well. Everything
else — not applicable, the checker kept out or refused (blocked, private_address, too_large)
or failing — is unknown, and an unknown that could change the answer leaves the indicator
unanswered, for a person to decide.

Rules: `all` answers yes when every check passes and no when one fails; `any` answers yes
when one passes and no when every one fails; `share` answers by the share of checks that pass
(a choice's best option for all, its lowest for none, a middle option in between).
"""

from fractions import Fraction

from patuh.instruments.definition import Indicator
from patuh.webcheck.errors import SITE_FAULTS


def verdict(status: str | None, error: str | None) -> bool | None:
    if status == "pass":
        return True
    if status == "fail" or (status == "error" and error in SITE_FAULTS):
        return False
    return None


def decide(indicator: Indicator, outcomes: dict[str, tuple[str, str | None]]) -> str | None:
    """The answer to `indicator` from `outcomes` (check id → (status, error kind)), or None."""
    automatic = indicator.automatic
    if automatic is None or automatic.source != "webcheck":
        return None
    verdicts = [verdict(*outcomes.get(check, (None, None))) for check in automatic.checks]
    if automatic.rule == "all":
        if False in verdicts:
            return _answer(indicator, Fraction(0))
        return _answer(indicator, Fraction(1)) if all(verdicts) else None
    if automatic.rule == "any":
        if True in verdicts:
            return _answer(indicator, Fraction(1))
        return _answer(indicator, Fraction(0)) if verdicts.count(False) == len(verdicts) else None
    if None in verdicts:
        return None
    return _answer(indicator, Fraction(verdicts.count(True), len(verdicts)))


def _answer(indicator: Indicator, share: Fraction) -> str:
    """The answer that earns `share` of the indicator, rounded down but never to nothing."""
    if indicator.answer_type == "yes_no":
        return "yes" if share == 1 else "no"
    if indicator.answer_type == "scale":
        low, high = indicator.scale_min, indicator.scale_max
        value = low + int(share * (high - low))
        if 0 < share < 1:
            value = min(max(value, low + 1), high - 1) if high - low > 1 else low
        return str(value)
    options = sorted(indicator.options, key=lambda option: option.points)
    best = options[-1].points
    if share in (0, 1):
        return (options[0] if share == 0 else options[-1]).code
    middle = [option for option in options if 0 < option.points < best]
    if not middle:
        return options[0].code
    reached = [option for option in middle if Fraction(option.points) / Fraction(best) <= share]
    return (reached[-1] if reached else middle[0]).code
