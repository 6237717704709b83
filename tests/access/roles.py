"""The roles the URL walk signs in as, and common sets of them for the expectation tables."""

ROLES = (
    "anonymous",
    "outsider",
    "officer_a",
    "officer_b",
    "enumerator",
    "unassigned_enumerator",
    "reviewer",
    "evaluator",
    "coordinator",
    "coordinator_elsewhere",
    "admin_user",
)
EVERYONE = frozenset(ROLES)
SIGNED_IN = EVERYONE - {"anonymous"}
ADMIN = frozenset({"admin_user"})
RESULTS_STAFF = frozenset({"reviewer", "evaluator", "coordinator", "admin_user"})
