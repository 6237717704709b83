"""Who may see and change the visit plan, fill a checklist, review it, and see its photos.

The plan (assignments, windows, enumerators) is for the office's planners and reviewers only;
an enumerator sees just their own assignments, and only while data collection runs. Agency
officers and the public reach none of it: every helper here answers 404 to them.
"""

from django.db.models import QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone

from patuh.access import Can, can, same_office
from patuh.access.cycles import cycles_for_user, with_workflow
from patuh.assessments.models import Cycle, Phase
from patuh.fieldwork.models import Assignment, Evidence, Submission
from patuh.instruments.models import VERSION_TEXTS

# Photo copies: the original keeps its EXIF position, so only office staff get it.
VARIANTS = ("thumbnail", "display", "original")


def _office_cycle(user, code: str, capability: Can) -> Cycle:
    if not can(user, capability):
        raise Http404("No such cycle.")
    cycle = get_object_or_404(
        with_workflow(cycles_for_user(user), "fieldwork")
        .select_related("instrument_version__instrument", "office")
        .prefetch_related("phases"),
        code=code,
    )
    if not same_office(user, cycle.office_id):
        raise Http404("No such cycle.")
    return cycle


def get_cycle_to_plan(user, code: str) -> Cycle:
    return _office_cycle(user, code, Can.PLAN_VISITS)


def get_cycle_to_review(user, code: str) -> Cycle:
    return _office_cycle(user, code, Can.REVIEW)


def open_assignments(user) -> QuerySet[Assignment]:
    """The enumerator's own assignments in cycles whose data collection runs today."""
    if not can(user, Can.FILL_ASSIGNMENTS):
        return Assignment.objects.none()
    collecting = Cycle.objects.in_phase(Phase.Kind.PENGAMBILAN_DATA, timezone.localdate())
    return Assignment.objects.filter(enumerator=user, cycle__in=collecting)


def get_assignment_to_fill(user, public_id) -> Assignment:
    return get_object_or_404(
        open_assignments(user)
        .select_related("cycle__instrument_version", "unit__provider")
        .defer(*(f"cycle__{field}" for field in VERSION_TEXTS)),
        uuid=public_id,
    )


def get_assignment_to_plan(user, public_id) -> Assignment:
    assignment = get_object_or_404(
        Assignment.objects.select_related("cycle", "unit__provider", "enumerator"), uuid=public_id
    )
    get_cycle_to_plan(user, assignment.cycle.code)
    return assignment


def get_submission_to_review(user, public_id) -> Submission:
    submission = get_object_or_404(
        Submission.objects.select_related(
            "assignment__cycle__instrument_version",
            "assignment__unit__provider",
            "assignment__enumerator",
            "created_by",
        ),
        uuid=public_id,
    )
    get_cycle_to_review(user, submission.assignment.cycle.code)
    return submission


def get_evidence_for_user(user, public_id, variant: str) -> Evidence:
    """A photo for office staff of the cycle's office, or a copy for the enumerator who is
    filling that visit; Http404 for anyone else and for an unknown variant."""
    if variant not in VARIANTS:
        raise Http404("No such copy.")
    evidence = get_object_or_404(
        Evidence.objects.select_related("assignment__cycle"), uuid=public_id
    )
    cycle = evidence.assignment.cycle
    office_staff = any(can(user, c) for c in (Can.REVIEW, Can.PLAN_VISITS, Can.VIEW_RESULTS))
    if office_staff and same_office(user, cycle.office_id):
        return evidence
    if variant != "original" and open_assignments(user).filter(pk=evidence.assignment_id).exists():
        return evidence
    raise Http404("No such photo.")
