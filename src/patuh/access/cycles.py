"""Which cycles, results and providers a user may see.

Office staff see the cycles of their own office (administrators: every office). Unreleased and
preliminary results are for office staff with Can.VIEW_RESULTS, and when units are visited for
office staff with Can.KNOW_VISIT_DATES. Agency officers see the cycles that include their
providers, and only their own providers' results once a snapshot has been released to them.
Users without a role see no cycle at all.
"""

import datetime as dt

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404

from patuh.access import Can, can, same_office
from patuh.accounts.models import Role
from patuh.assessments.models import Cycle, Phase
from patuh.instruments.models import VERSION_TEXTS


def cycles_for_user(user) -> QuerySet[Cycle]:
    """The cycles listed for `user` on the home page."""
    if not user.is_authenticated or not user.is_active:
        return Cycle.objects.none()
    if user.is_superuser or user.role == Role.ADMIN:
        return Cycle.objects.all()
    if user.is_office_staff:
        if user.office_id is None:
            return Cycle.objects.none()
        return Cycle.objects.filter(office_id=user.office_id)
    if user.role == Role.AGENCY_OFFICER:
        # A subquery rather than a join, so annotations on the result count all providers.
        in_scope = Cycle.providers.through.objects.filter(provider__officers=user)
        return Cycle.objects.filter(pk__in=in_scope.values("cycle_id"))
    return Cycle.objects.none()


def with_workflow(cycles: QuerySet[Cycle], workflow: str) -> QuerySet[Cycle]:
    """The `cycles` whose instrument gathers its answers by `workflow` (see the instrument
    files' `workflow`; a stored definition that names none is fieldwork)."""
    key = "instrument_version__definition__workflow"
    if workflow == "fieldwork":
        return cycles.filter(Q(**{f"{key}__isnull": True}) | Q(**{key: workflow}))
    return cycles.filter(**{key: workflow})


def current_phase_for_user(user, cycle: Cycle, today: dt.date) -> Phase | None:
    """The phase of `cycle` running on `today`, as far as `user` may know: the phases in which
    units are visited (data collection, field verification) only for office staff, so no
    agency learns when its units will be visited."""
    return cycle.current_phase(today, visits=can(user, Can.KNOW_VISIT_DATES))


def may_see_results(user, cycle: Cycle) -> bool:
    """Whether `user` may see the unreleased scores and ranking of `cycle` (office staff)."""
    return can(user, Can.VIEW_RESULTS) and same_office(user, cycle.office_id)


def may_manage_results(user, cycle: Cycle) -> bool:
    """Whether `user` may recompute and release `cycle`'s scores."""
    return can(user, Can.MANAGE_RESULTS) and same_office(user, cycle.office_id)


def get_cycle_for_user(user, code: str) -> Cycle:
    """The cycle `code` with its results, or Http404 when `user` may not see them."""
    cycle = get_object_or_404(
        cycles_for_user(user)
        .select_related("instrument_version__instrument", "office")
        .defer(*VERSION_TEXTS),
        code=code,
    )
    if not may_see_results(user, cycle):
        raise Http404("No such cycle.")
    return cycle


def get_cycle_to_manage(user, code: str) -> Cycle:
    """The cycle `code` if `user` may manage its results; Http404 if unseen, 403 if only seen."""
    cycle = get_cycle_for_user(user, code)
    if not may_manage_results(user, cycle):
        raise PermissionDenied
    return cycle
