"""Who gets through the fieldwork URLs: the plan, the enumerator's checklist, review, photos.

Agency officers and the public never reach any of them.
"""

import datetime as dt
import uuid

from django.utils import timezone

from patuh.assessments.models import Phase
from patuh.fieldwork.models import Assignment, Submission
from patuh.fieldwork.services.collecting import AnswerInput
from patuh.fieldwork.services.photos import add_photo
from patuh.fieldwork.services.reviewing import correct
from tests import photos

PLANNERS = frozenset({"coordinator", "admin_user"})
REVIEWERS = frozenset({"reviewer", "coordinator", "admin_user"})
# Only the enumerator the visit is assigned to, and only while data collection runs.
THE_ENUMERATOR = frozenset({"enumerator"})
# Every enumerator, each for their own visits; administrators hold every capability.
ENUMERATORS = frozenset({"enumerator", "unassigned_enumerator", "admin_user"})
# The URLs of one visit's checklist, for its enumerator to open and change.
THE_VISIT = frozenset(
    {
        "fieldwork:visit",
        "fieldwork:save",
        "fieldwork:add_photo",
        "fieldwork:remove_photo",
        "fieldwork:submit",
        "fieldwork:correction",
    }
)
# The office's staff who see photos; the visit's enumerator too while filling it.
PHOTO_STAFF = frozenset({"reviewer", "evaluator", "coordinator", "admin_user"})

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
    # Every enumerator sees their own list of visits; administrators their own (empty) one.
    "fieldwork:my_visits": ENUMERATORS,
    # The service worker that keeps checklist pages on the phone.
    "fieldwork:offline_worker": ENUMERATORS,
    **dict.fromkeys(THE_VISIT, THE_ENUMERATOR),
    # A thumbnail: the office's staff, and the enumerator of that visit.
    "fieldwork:evidence": PHOTO_STAFF | THE_ENUMERATOR,
}

# Another enumerator of the office learns nothing of a colleague's visit, not even that it is
# there: 404, as for a visit that does not exist.
NOT_FOUND = {"unassigned_enumerator": THE_VISIT | {"fieldwork:evidence"}}

# Once data collection has closed, no enumerator opens or changes a checklist (access.fieldwork:
# only while data collection runs), nor sees its photos; the office's staff still do.
AFTER_COLLECTION = {
    **dict.fromkeys(THE_VISIT, frozenset()),
    "fieldwork:evidence": PHOTO_STAFF,
}
NOT_FOUND_AFTER_COLLECTION = {
    "enumerator": THE_VISIT | {"fieldwork:evidence"},
    "unassigned_enumerator": THE_VISIT | {"fieldwork:evidence"},
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
    evidence, _ = add_photo(
        assignment,
        world["users"]["enumerator"],
        product_code="",
        indicator_code="U01",
        data=photos.jpeg(),
        client_id=uuid.uuid4(),
    )
    Submission.objects.filter(assignment=assignment).update(status=Submission.Status.RECEIVED)
    corrected = correct(
        assignment.submissions.get(),
        world["users"]["reviewer"],
        "The note was wrong",
        [AnswerInput("", "U01", "yes", "Board by the door")],
    )
    world.update(assignment=assignment, evidence=evidence, submission=corrected)
