"""Who gets through the self-check URLs.

A unit's self-check is for its own provider's officers (officer A for the sample unit;
administrators too); the officers' list of units and the offline worker for every agency
officer; the list of who self-checked for the office's staff who see results. Enumerators,
reviewers, other providers and the public reach no self-check.
"""

from tests.access.roles import RESULTS_STAFF

OFFICERS = frozenset({"officer_a", "officer_b", "admin_user"})
OWN_OFFICERS = frozenset({"officer_a", "admin_user"})

EXPECTED = {
    "selfcheck:index": OFFICERS,
    "selfcheck:offline_worker": OFFICERS,
    "selfcheck:unit": OWN_OFFICERS,
    # The world's cycle has no self-check window: the save is refused with a 400, which still
    # counts as getting through the access rules.
    "selfcheck:save": OWN_OFFICERS,
    "selfcheck:office": RESULTS_STAFF,
}

NOT_FOUND = {"officer_b": frozenset({"selfcheck:unit", "selfcheck:save"})}

SAMPLES = {}
