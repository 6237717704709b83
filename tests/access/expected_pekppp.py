"""Who gets through the performance-evaluation (PEKPPP) URLs.

The unit's self-assessment is for its own provider's officers (officer A; administrators too);
the evaluation for the office's evaluators; the overview for the office's staff who see
results; a unit's results and its trend for that staff and, once released, the unit's officers.
Officers of another provider, other offices and the public reach none of it.
"""

import uuid

from patuh.pekppp import evaluation, evidence, self_assessment
from patuh.scoring.services import compute_snapshot
from tests import photos
from tests.access.roles import RESULTS_STAFF
from tests.pekppp.conftest import evaluation_cycle, fill_self_assessment, score_everything
from tests.results.conftest import release

OWN_OFFICERS = frozenset({"officer_a", "admin_user"})
EVALUATORS = frozenset({"evaluator", "admin_user"})
STAFF_AND_OWN_OFFICERS = RESULTS_STAFF | {"officer_a"}

EXPECTED = {
    "pekppp:index": RESULTS_STAFF | {"officer_a", "officer_b", "coordinator_elsewhere"},
    "pekppp:overview": RESULTS_STAFF,
    "pekppp:unit_result": STAFF_AND_OWN_OFFICERS,
    "pekppp:unit_trend": STAFF_AND_OWN_OFFICERS,
    # Submitted, so the office's evaluators and result viewers see it as well as the unit.
    "pekppp:evidence_file": STAFF_AND_OWN_OFFICERS,
    "pekppp:self_assessment": OWN_OFFICERS,
    "pekppp:save_self_score": OWN_OFFICERS,
    "pekppp:add_evidence": OWN_OFFICERS,
    "pekppp:remove_evidence": OWN_OFFICERS,
    "pekppp:submit": OWN_OFFICERS,
    "pekppp:evaluation_units": EVALUATORS,
    "pekppp:evaluate": EVALUATORS,
    "pekppp:score": EVALUATORS,
    "pekppp:complete": EVALUATORS,
    "pekppp:reopen": EVALUATORS,
}

SAMPLES = {
    "evaluation": lambda world: world["evaluation_cycle"].code,
    "attachment": lambda world: world["evaluation_image"].uuid,
    "copy": lambda world: "thumbnail",
}


def build(world: dict) -> None:
    """A PEKPPP cycle of providers A and B run by the office, its self-assessment open today:
    unit A's self-assessment submitted with an image, scored by the evaluator, released."""
    users = world["users"]
    cycle = evaluation_cycle([world["provider_a"], world["provider_b"]])
    unit = world["provider_a"].units.get()
    fill_self_assessment(cycle, unit, users["officer_a"])
    image, _created = evidence.add_image(
        cycle,
        unit,
        users["officer_a"],
        indicator="16.c.As",
        data=photos.jpeg(size=(96, 72)),
        filename="ruang-tunggu.jpg",
        client_id=uuid.uuid4(),
    )
    self_assessment.submit(cycle, unit, users["officer_a"], uuid.uuid4())
    score_everything(cycle, unit, users["evaluator"])
    evaluation.complete(cycle, unit, users["evaluator"])
    compute_snapshot(cycle, user=users["coordinator"])
    release(cycle)
    world.update(evaluation_cycle=cycle, evaluation_image=image)
