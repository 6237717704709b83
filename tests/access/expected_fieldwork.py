"""Who gets through the fieldwork URLs: the plan, the enumerator's checklist, review, photos.

Agency officers and the public never reach any of them.
"""

import datetime as dt
import uuid

from django.utils import timezone

from patuh.assessments.models import Phase
from patuh.fieldwork import services
from patuh.fieldwork.models import Assignment, Submission
from tests import photos

PLANNERS = frozenset({"coordinator", "admin_user"})
REVIEWERS = frozenset({"reviewer", "coordinator", "admin_user"})
# Only the enumerator the visit is assigned to, and only while data collection runs.
THE_ENUMERATOR = frozenset({"enumerator"})

EXPECTED = {
    "fieldwork:plan": PLANNERS,
    "fieldwork:assign": PLANNERS,
    "fieldwork:assign_many": PLANNERS,
    "fieldwork:calendar": PLANNERS,
    "fieldwork:unassign": PLANNERS,
    "fieldwork:queue": REVIEWERS,
    "fieldwork:preliminary": REVIEWERS,
    "fieldwork:submission": REVIEWERS,
    "fieldwork:decide": REVIEWERS,
    "fieldwork:correct": REVIEWERS,
    "fieldwork:compare": REVIEWERS,
    # Administrators hold every capability, so they see their own (empty) list.
    "fieldwork:my_visits": frozenset({"enumerator", "admin_user"}),
    "fieldwork:visit": THE_ENUMERATOR,
    "fieldwork:save": THE_ENUMERATOR,
    "fieldwork:add_photo": THE_ENUMERATOR,
    "fieldwork:remove_photo": THE_ENUMERATOR,
    "fieldwork:submit": THE_ENUMERATOR,
    "fieldwork:correction": THE_ENUMERATOR,
    # A thumbnail: the office's staff, and the enumerator of that visit.
    "fieldwork:evidence": frozenset(
        {"enumerator", "reviewer", "evaluator", "coordinator", "admin_user"}
    ),
}

SAMPLES = {
    "assignment": lambda world: world["assignment"].uuid,
    "submission": lambda world: world["submission"].uuid,
    "evidence": lambda world: world["evidence"].uuid,
    "variant": lambda world: "thumbnail",
}


def build(world: dict) -> None:
    """A visit to provider A's unit, open today, with a photo, a first version and a
    reviewer's correction of it (version 2, received)."""
    today = timezone.localdate()
    cycle = world["cycle"]
    Phase.objects.filter(cycle=cycle, kind=Phase.Kind.PENGAMBILAN_DATA).update(
        starts_on=today - dt.timedelta(days=10), ends_on=today + dt.timedelta(days=30)
    )
    assignment = Assignment.objects.create(
        cycle=cycle,
        unit=world["provider_a"].units.first(),
        enumerator=world["users"]["enumerator"],
        starts_on=today - dt.timedelta(days=1),
        ends_on=today + dt.timedelta(days=1),
    )
    evidence, _ = services.add_photo(
        assignment,
        world["users"]["enumerator"],
        product_code="",
        indicator_code="U01",
        data=photos.jpeg(),
        client_id=uuid.uuid4(),
    )
    Submission.objects.filter(assignment=assignment).update(status=Submission.Status.RECEIVED)
    corrected = services.correct(
        assignment.submissions.get(),
        world["users"]["reviewer"],
        "The note was wrong",
        [services.AnswerInput("", "U01", "yes", "Board by the door")],
    )
    world.update(assignment=assignment, evidence=evidence, submission=corrected)
