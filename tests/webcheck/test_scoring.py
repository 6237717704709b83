"""Check outcomes become answers by each indicator's rule; unknowns leave it to a person."""

import pytest

from patuh.instruments.loading import builtin_instrument_files, load_instrument_file
from patuh.webcheck.checker import CHECK_IDS
from patuh.webcheck.scoring import decide

INSTRUMENT = load_instrument_file(builtin_instrument_files()["ombudsman-2021"])
W01, W02, W04 = (INSTRUMENT.indicators[code] for code in ("W01", "W02", "W04"))
PASS, FAIL = ("pass", None), ("fail", None)


def test_every_automatic_indicator_names_known_checks():
    automatic = [i for i in INSTRUMENT.indicators.values() if i.automatic]
    assert [i.code for i in automatic] == ["W01", "W02", "W03", "W04", "W05"]
    assert {check for i in automatic for check in i.automatic.checks} <= set(CHECK_IDS)
    assert INSTRUMENT.indicators["W06"].automatic is None


def test_all_answers_yes_only_when_every_check_passes():
    assert decide(W01, {"official_domain": PASS, "reachable": PASS}) == "yes"
    assert decide(W01, {"official_domain": FAIL, "reachable": PASS}) == "no"


def test_a_broken_site_counts_as_failing_but_a_blocked_checker_decides_nothing():
    assert decide(W01, {"official_domain": PASS, "reachable": ("error", "connect")}) == "no"
    assert decide(W01, {"official_domain": PASS, "reachable": ("error", "blocked")}) is None
    assert decide(W01, {"official_domain": FAIL, "reachable": ("error", "blocked")}) == "no"
    assert decide(W01, {"official_domain": PASS}) is None


def test_any_answers_yes_when_one_channel_is_found():
    channels = ["complaint_lapor", "complaint_email", "complaint_whatsapp", "complaint_phone"]
    outcomes = dict.fromkeys(channels, FAIL)
    assert decide(W04, outcomes) == "no"
    assert decide(W04, outcomes | {"complaint_phone": PASS}) == "yes"
    assert decide(W04, outcomes | {"complaint_lapor": ("error", "checker")}) is None


@pytest.mark.parametrize(
    ("found", "answer"), [(4, "baik"), (3, "kurang"), (1, "kurang"), (0, "tidak-ada")]
)
def test_share_grades_the_service_standard_by_the_components_found(found, answer):
    checks = W02.automatic.checks
    outcomes = {check: PASS if index < found else FAIL for index, check in enumerate(checks)}
    assert decide(W02, outcomes) == answer


def test_share_decides_nothing_when_a_component_is_unknown():
    checks = W02.automatic.checks
    outcomes = dict.fromkeys(checks, PASS) | {checks[0]: ("error", "too_large")}
    assert decide(W02, outcomes) is None
