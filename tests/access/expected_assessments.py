"""Who may create a cycle in the app: every coordinator (for their own office) and
administrators."""

EXPECTED = {
    "cycle_new": frozenset({"coordinator", "coordinator_elsewhere", "admin_user"}),
}

SAMPLES: dict = {}
