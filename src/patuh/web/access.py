"""Who may see which cycle, result and provider: the one place these rules live.

Deny by default: a user sees nothing unless a rule below grants it. Results are not yet released
to agencies while a cycle runs, so only office staff see scores and rankings; agency officers see
which cycles include their providers, and users without a role see no cycle at all.
"""

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404

from patuh.accounts.models import Role
from patuh.assessments.models import Cycle
from patuh.registry.models import Provider

# Roles that may recompute a cycle's scores, which replaces the numbers everyone sees.
RECOMPUTE_ROLES = frozenset({Role.ADMIN, Role.COORDINATOR})


def cycles_for_user(user) -> QuerySet[Cycle]:
    """The cycles listed for `user` on the home page."""
    if not user.is_authenticated or not user.is_active:
        return Cycle.objects.none()
    if user.is_office_staff:
        return Cycle.objects.all()
    if user.role == Role.AGENCY_OFFICER:
        # A subquery rather than a join, so annotations on the result count all providers.
        in_scope = Cycle.providers.through.objects.filter(provider__officers=user)
        return Cycle.objects.filter(pk__in=in_scope.values("cycle_id"))
    return Cycle.objects.none()


def may_see_results(user, cycle: Cycle) -> bool:
    """Whether `user` may see the scores and ranking of `cycle` (not yet released to agencies)."""
    return user.is_authenticated and user.is_office_staff


def may_recompute(user, cycle: Cycle) -> bool:
    return may_see_results(user, cycle) and (user.is_superuser or user.role in RECOMPUTE_ROLES)


def get_cycle_for_user(user, code: str) -> Cycle:
    """The cycle `code` with its results, or Http404 when `user` may not see them."""
    cycle = (
        cycles_for_user(user)
        .select_related("instrument_version__instrument")
        .filter(code=code)
        .first()
    )
    if cycle is None or not may_see_results(user, cycle):
        raise Http404("No such cycle.")
    return cycle


def get_cycle_to_recompute(user, code: str) -> Cycle:
    """The cycle `code` if `user` may recompute it; Http404 if unseen, PermissionDenied if seen."""
    cycle = get_cycle_for_user(user, code)
    if not may_recompute(user, cycle):
        raise PermissionDenied
    return cycle


def get_provider_for_user(user, cycle: Cycle, code: str) -> Provider:
    """The provider `code` in the scope of `cycle`; Http404 when `user` may not see its results."""
    if not may_see_results(user, cycle):
        raise Http404("No such provider.")
    provider = (
        Provider.objects.filter(cycles=cycle, code=code)
        .select_related("kind", "region", "government")
        .first()
    )
    if provider is None:
        raise Http404("No such provider.")
    return provider
