"""Planning visits: which enumerator visits which unit, within which window of data collection."""

import datetime as dt
from dataclasses import dataclass

from django.db import transaction
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from patuh.accounts.models import Role
from patuh.assessments.models import Cycle, Phase
from patuh.fieldwork.models import Assignment
from patuh.fieldwork.services import FieldworkError
from patuh.registry.models import ServiceUnit


def collection_window(cycle: Cycle) -> tuple[dt.date, dt.date]:
    phase = cycle.phase(Phase.Kind.PENGAMBILAN_DATA)
    if phase is None:
        raise FieldworkError(_("This cycle has no data collection phase to plan visits in."))
    return phase.starts_on, phase.ends_on


def _check_plan(cycle: Cycle, enumerator, starts_on: dt.date, ends_on: dt.date) -> None:
    if enumerator.role != Role.ENUMERATOR or not enumerator.is_active:
        raise FieldworkError(_("%(name)s is not an active enumerator.") % {"name": enumerator})
    if enumerator.office_id != cycle.office_id:
        raise FieldworkError(
            _("%(name)s does not work for the office running this cycle.") % {"name": enumerator}
        )
    if ends_on < starts_on:
        raise FieldworkError(_("The visit window ends before it starts."))
    first, last = collection_window(cycle)
    if starts_on < first or ends_on > last:
        raise FieldworkError(
            _("The visit window must lie within data collection, %(first)s to %(last)s.")
            % {"first": first.isoformat(), "last": last.isoformat()}
        )


@transaction.atomic
def assign(
    cycle: Cycle, unit: ServiceUnit, enumerator, starts_on: dt.date, ends_on: dt.date, *, by
) -> Assignment:
    """Assign one unit of the cycle's scope, or move its existing assignment."""
    _check_plan(cycle, enumerator, starts_on, ends_on)
    if not cycle.providers.filter(pk=unit.provider_id).exists():
        raise FieldworkError(_("%(unit)s is not in this cycle's scope.") % {"unit": unit})
    assignment = Assignment.objects.filter(cycle=cycle, unit=unit).first()
    if assignment is None:
        return Assignment.objects.create(
            cycle=cycle,
            unit=unit,
            enumerator=enumerator,
            starts_on=starts_on,
            ends_on=ends_on,
            created_by=by,
        )
    if assignment.enumerator_id != enumerator.pk and assignment.submissions.exists():
        raise FieldworkError(
            _("%(unit)s already has a submission; it cannot move to another enumerator.")
            % {"unit": unit}
        )
    assignment.enumerator, assignment.starts_on, assignment.ends_on = enumerator, starts_on, ends_on
    assignment.save()
    return assignment


@dataclass
class BulkPlan:
    created: int = 0
    # Units already assigned, left as they were.
    kept: int = 0


@transaction.atomic
def assign_many(
    cycle: Cycle, units: QuerySet[ServiceUnit], enumerator, starts_on, ends_on, *, by
) -> BulkPlan:
    """Assign every not yet assigned unit of `units` in the cycle's scope, all or nothing."""
    _check_plan(cycle, enumerator, starts_on, ends_on)
    units = list(units.filter(provider__cycles=cycle).order_by("pk"))
    if not units:
        raise FieldworkError(_("No unit of this cycle's scope matches."))
    taken = set(
        Assignment.objects.filter(cycle=cycle, unit__in=units).values_list("unit_id", flat=True)
    )
    plan = BulkPlan(kept=len(taken))
    for unit in units:
        if unit.pk not in taken:
            # One by one, so each assignment is in the audit log.
            Assignment.objects.create(
                cycle=cycle,
                unit=unit,
                enumerator=enumerator,
                starts_on=starts_on,
                ends_on=ends_on,
                created_by=by,
            )
            plan.created += 1
    return plan


def unassign(assignment: Assignment) -> None:
    if assignment.submissions.exists():
        raise FieldworkError(_("A visit with a submission cannot be removed from the plan."))
    assignment.delete()
