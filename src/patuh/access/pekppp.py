"""Who may fill, evaluate and see a performance evaluation (PEKPPP) and its evidence.

- A unit's self-assessment (F-01): agency officers of the unit's provider (Can.SELF_ASSESS),
  administrators too; nobody else, and no other provider's officer.
- The evaluation (F-02): evaluators (Can.EVALUATE) of the office running the cycle. They see a
  unit's self-assessment and its evidence only once the unit has submitted it.
- Results: office staff with Can.VIEW_RESULTS of that office see the latest scores; agency
  officers see their own units' scores only from a snapshot released to them. The public sees
  nothing here (the results app's portal publishes announced cycles).
Everything else answers 404, so a guessed URL reveals nothing.
"""

from django.db.models import QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404

from patuh.access import Can, can, same_office
from patuh.access.cycles import cycles_for_user, may_see_results, with_workflow
from patuh.access.results import Audience, Results, office_snapshot, released_snapshot
from patuh.accounts.models import Role
from patuh.assessments.models import Cycle
from patuh.pekppp.models import Evidence, SelfAssessment
from patuh.registry.models import ServiceUnit

# Copies of an evidence file: the stored file (a PDF, or an image as uploaded) and, for images,
# the copies without metadata.
VARIANTS = ("file", "display", "thumbnail")


def is_admin(user) -> bool:
    return user.is_superuser or user.role == Role.ADMIN


def evaluation_cycles(user) -> QuerySet[Cycle]:
    """The PEKPPP cycles `user` may see at all (see cycles_for_user)."""
    return (
        with_workflow(cycles_for_user(user), "evaluation")
        .select_related("instrument_version__instrument", "office")
        .prefetch_related("phases")
    )


def _cycle(user, code: str) -> Cycle:
    return get_object_or_404(evaluation_cycles(user), code=code)


def _office_results(cycle: Cycle) -> Results:
    """What office staff see of an evaluation: its office snapshot. PEKPPP pages show no newer
    preliminary snapshot beside it, so unlike get_office_results this does not look one up."""
    return Results(cycle, office_snapshot(cycle), Audience.OFFICE)


def _unit_in(cycle: Cycle, provider: str, unit: str) -> ServiceUnit:
    return get_object_or_404(
        ServiceUnit.objects.select_related("provider__region"),
        provider__cycles=cycle,
        provider__code=provider,
        code=unit,
    )


def own_units(user) -> QuerySet[ServiceUnit]:
    """The units whose self-assessments `user` fills: their providers' (administrators: all)."""
    if not can(user, Can.SELF_ASSESS):
        return ServiceUnit.objects.none()
    if is_admin(user):
        return ServiceUnit.objects.all()
    return ServiceUnit.objects.filter(provider__officers=user)


def get_unit_to_self_assess(user, code: str, provider: str, unit: str):
    """(cycle, unit) of a self-assessment `user` fills; Http404 for anyone else."""
    if not can(user, Can.SELF_ASSESS):
        raise Http404("No such evaluation.")
    cycle = _cycle(user, code)
    found = _unit_in(cycle, provider, unit)
    if not own_units(user).filter(pk=found.pk).exists():
        raise Http404("No such unit.")
    return cycle, found


def may_evaluate(user, cycle: Cycle) -> bool:
    return can(user, Can.EVALUATE) and same_office(user, cycle.office_id)


def get_cycle_to_evaluate(user, code: str) -> Cycle:
    if not can(user, Can.EVALUATE):
        raise Http404("No such evaluation.")
    cycle = _cycle(user, code)
    if not may_evaluate(user, cycle):
        raise Http404("No such evaluation.")
    return cycle


def get_unit_to_evaluate(user, code: str, provider: str, unit: str):
    """(cycle, unit) of an evaluation `user` scores; Http404 for anyone else."""
    cycle = get_cycle_to_evaluate(user, code)
    return cycle, _unit_in(cycle, provider, unit)


def get_overview(user, code: str) -> Results:
    """The cycle with the latest snapshot, for its office's staff who see results."""
    cycle = _cycle(user, code) if can(user, Can.VIEW_RESULTS) else None
    if cycle is None or not may_see_results(user, cycle):
        raise Http404("No such evaluation.")
    return _office_results(cycle)


def get_unit_results(user, code: str, provider: str, unit: str) -> tuple[Results, ServiceUnit]:
    """A unit's scores in a cycle: the latest snapshot for the office's staff; for the unit's
    officers the latest released one, and Http404 before any release."""
    cycle = _cycle(user, code)
    found = _unit_in(cycle, provider, unit)
    if may_see_results(user, cycle):
        return _office_results(cycle), found
    if can(user, Can.VIEW_OWN_RESULTS) and found.provider.officers.filter(pk=user.pk).exists():
        snapshot = released_snapshot(cycle)
        if snapshot is None:
            raise Http404("No results released.")
        return Results(cycle, snapshot, Audience.AGENCY), found
    raise Http404("No such unit.")


def get_trend_unit(user, provider: str, unit: str) -> ServiceUnit:
    """A unit to follow over the years: officers only their own units; office staff any unit,
    whose points then come only from their own office's cycles."""
    units = ServiceUnit.objects.filter(provider__code=provider, code=unit)
    if not user.is_office_staff:
        units = units.filter(provider__officers=user)
    return get_object_or_404(units.select_related("provider"))


def get_evidence_for_user(user, public_id, variant: str) -> Evidence:
    """An evidence file for the unit's officers, or for the office's evaluators and result
    viewers once the self-assessment is submitted; Http404 for anyone else."""
    if variant not in VARIANTS:
        raise Http404("No such copy.")
    evidence = get_object_or_404(
        Evidence.objects.select_related("self_assessment__cycle", "self_assessment__unit").exclude(
            file=""
        ),
        uuid=public_id,
    )
    if variant != "file" and evidence.kind != Evidence.Kind.IMAGE:
        raise Http404("No such file.")
    assessment = evidence.self_assessment
    if own_units(user).filter(pk=assessment.unit_id).exists():
        return evidence
    office_staff = can(user, Can.EVALUATE) or can(user, Can.VIEW_RESULTS)
    if (
        office_staff
        and assessment.status == SelfAssessment.Status.SUBMITTED
        and same_office(user, assessment.cycle.office_id)
    ):
        return evidence
    raise Http404("No such file.")
