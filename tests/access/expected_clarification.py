"""Who gets through the klarifikasi URLs: an agency's findings and objections, the office's
queue, decisions and report, and the files behind them.

In the sample world provider B's visit is approved with failures while klarifikasi runs, and
officer B has objected to one finding with a photo: officer A must learn nothing of it.
"""

import uuid

from patuh.clarification.services import file_objection
from patuh.fieldwork.scoring import compute_preliminary_snapshot
from tests.access.roles import RESULTS_STAFF
from tests.clarification import scenario

REVIEWERS = frozenset({"reviewer", "coordinator", "admin_user"})
# Agency officers each see their own providers' findings; administrators hold every capability.
OFFICERS = frozenset({"officer_a", "officer_b", "admin_user"})

EXPECTED = {
    "clarification:findings": OFFICERS,
    "clarification:file": OFFICERS,
    # A photo behind one of provider B's findings: B's officers only.
    "clarification:finding_photo": frozenset({"officer_b"}),
    "clarification:queue": REVIEWERS,
    "clarification:objection": REVIEWERS,
    "clarification:decide": REVIEWERS,
    "clarification:report": RESULTS_STAFF,
    "clarification:report_csv": RESULTS_STAFF,
    # The photo sent with B's objection: the office's staff and B's officers.
    "clarification:evidence": RESULTS_STAFF | {"officer_b"},
}

NOT_FOUND = {
    "officer_a": frozenset({"clarification:finding_photo", "clarification:evidence"}),
    "coordinator_elsewhere": frozenset(
        {"clarification:queue", "clarification:objection", "clarification:evidence"}
    ),
}
NOT_FOUND_AFTER_COLLECTION = NOT_FOUND

SAMPLES = {
    "visit_photo": lambda world: world["finding_photo"].uuid,
    "objection": lambda world: world["objection"].uuid,
    "objection_file": lambda world: world["objection"].evidence.get().uuid,
}


def build(world: dict) -> None:
    """Klarifikasi running; provider B's visit approved with failures; B's objection to U01."""
    cycle, provider = world["cycle"], world["provider_b"]
    users = world["users"]
    scenario.open_klarifikasi(cycle)
    submission = scenario.approved_visit(
        cycle, provider.units.get(), users["enumerator"], users["reviewer"]
    )
    compute_preliminary_snapshot(cycle)
    objection, _ = file_objection(
        cycle,
        provider,
        users["officer_b"],
        unit_code="unit-1",
        product_code="",
        indicator="U01",
        reason="Maklumat sudah dipajang.",
        data=scenario.photo(),
        client_id=uuid.uuid4(),
    )
    world["objection"] = objection
    world["finding_photo"] = submission.answers.get(product=None, indicator="U01").evidence.get()
