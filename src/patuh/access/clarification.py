"""Who sees which findings, objections and their evidence during klarifikasi.

Agency officers see only their own providers' findings and objections, from the first day of
the cycle's klarifikasi phase on, and never a visit's dates, enumerator or photo location: the
visits' photos reach them as metadata-free copies, and only those behind their findings. Office
staff of the cycle's office decide objections and read the report; everyone else gets 404.
"""

from django.db.models import QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone

from patuh.access import Can, can, same_office
from patuh.access.cycles import cycles_for_user, with_workflow
from patuh.access.fieldwork import get_cycle_to_review
from patuh.assessments.models import Cycle
from patuh.clarification.models import Objection, ObjectionEvidence
from patuh.clarification.services import findings, has_started
from patuh.fieldwork.models import Evidence
from patuh.registry.models import Provider

# Copies of a photo without its metadata, and the PDF as sent.
IMAGE_VARIANTS = ("thumbnail", "display")
DOCUMENT_VARIANT = "document"


def get_cycle_to_object(user, code: str) -> Cycle:
    """A fieldwork cycle of the officer's providers; Http404 for anyone else."""
    if not can(user, Can.VIEW_OWN_RESULTS):
        raise Http404("No such cycle.")
    return get_object_or_404(
        with_workflow(cycles_for_user(user), "fieldwork")
        .select_related("instrument_version__instrument")
        .prefetch_related("phases"),
        code=code,
    )


def own_providers(user, cycle: Cycle) -> QuerySet[Provider]:
    """The providers of `cycle` that `user` speaks for."""
    return Provider.objects.filter(cycles=cycle, officers=user).order_by("name", "code")


def get_provider_to_object(user, cycle: Cycle, code: str) -> Provider:
    return get_object_or_404(own_providers(user, cycle), code=code)


def get_objection_to_decide(user, public_id) -> Objection:
    objection = get_object_or_404(
        Objection.objects.select_related(
            "cycle__instrument_version", "provider", "unit", "product", "filed_by", "decided_by"
        ),
        uuid=public_id,
    )
    get_cycle_to_review(user, objection.cycle.code)
    return objection


def get_objection_evidence_for_user(user, public_id, variant: str) -> ObjectionEvidence:
    """Evidence of an objection for the office's staff and the objecting provider's officers,
    as a metadata-free copy of a photo or the PDF; Http404 otherwise."""
    evidence = get_object_or_404(
        ObjectionEvidence.objects.select_related("objection__cycle"), uuid=public_id
    )
    wanted = DOCUMENT_VARIANT if evidence.kind == ObjectionEvidence.Kind.DOCUMENT else None
    if variant != wanted and (wanted or variant not in IMAGE_VARIANTS):
        raise Http404("No such copy.")
    objection = evidence.objection
    office_staff = any(can(user, c) for c in (Can.REVIEW, Can.VIEW_RESULTS))
    if office_staff and same_office(user, objection.cycle.office_id):
        return evidence
    if can(user, Can.VIEW_OWN_RESULTS) and objection.provider.officers.filter(pk=user.pk).exists():
        return evidence
    raise Http404("No such file.")


def get_finding_photo_for_user(user, public_id, variant: str) -> Evidence:
    """A visit's photo behind one of the officer's findings, once klarifikasi has started, as
    a metadata-free copy; Http404 otherwise."""
    if variant not in IMAGE_VARIANTS or not can(user, Can.VIEW_OWN_RESULTS):
        raise Http404("No such photo.")
    photo = get_object_or_404(
        Evidence.objects.select_related("assignment__cycle", "assignment__unit__provider"),
        uuid=public_id,
    )
    cycle, provider = photo.assignment.cycle, photo.assignment.unit.provider
    if not provider.officers.filter(pk=user.pk).exists():
        raise Http404("No such photo.")
    if not has_started(cycle, timezone.localdate()):
        raise Http404("No such photo.")
    for finding in findings(cycle, [provider], "id"):
        if photo in finding.photos:
            return photo
    raise Http404("No such photo.")
