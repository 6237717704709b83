"""Who may see and run a service unit's satisfaction surveys.

A unit runs its own survey (PermenPAN-RB 14/2017), so agency officers of the unit's provider
(Can.SELF_ASSESS) manage it: create links, set the period and the population served, print the
poster, see and export the results. Office staff with Can.VIEW_RESULTS see and export the results
of units whose provider is in one of their office's cycles, since their assessments use them as
evidence; they do not change the surveys. Administrators do both everywhere. Respondents need no
account: the public link is the survey's UUID.
"""

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from patuh.access import Can, can
from patuh.accounts.models import Role
from patuh.registry.models import ServiceUnit
from patuh.satisfaction.models import Survey


def _is_admin(user) -> bool:
    return user.is_superuser or user.role == Role.ADMIN


def units_for_user(user) -> QuerySet[ServiceUnit]:
    """The units whose surveys `user` may see."""
    if not user.is_authenticated or not user.is_active:
        return ServiceUnit.objects.none()
    if _is_admin(user):
        return ServiceUnit.objects.all()
    if can(user, Can.SELF_ASSESS):
        return ServiceUnit.objects.filter(provider__officers=user)
    if can(user, Can.VIEW_RESULTS) and user.office_id is not None:
        return ServiceUnit.objects.filter(provider__cycles__office_id=user.office_id).distinct()
    return ServiceUnit.objects.none()


def may_manage(user, unit: ServiceUnit) -> bool:
    """Whether `user` runs `unit`'s surveys (an officer of its provider, or an administrator)."""
    if not can(user, Can.SELF_ASSESS):
        return False
    return _is_admin(user) or unit.provider.officers.filter(pk=user.pk).exists()


def get_unit_for_user(user, provider: str, unit: str) -> ServiceUnit:
    """The unit `unit` of provider `provider` (codes); Http404 when `user` may not see it."""
    return get_object_or_404(
        units_for_user(user).select_related("provider__region"), provider__code=provider, code=unit
    )


def get_survey_for_user(user, survey: str) -> Survey:
    """The survey with public code `survey`; Http404 when `user` may not see its results."""
    return get_object_or_404(
        Survey.objects.select_related("unit__provider__region", "instrument_version__instrument"),
        uuid=survey,
        unit__in=units_for_user(user),
    )


def get_survey_to_manage(user, survey: str) -> Survey:
    """The survey if `user` manages it; Http404 when unseen, 403 when only seen."""
    found = get_survey_for_user(user, survey)
    if not may_manage(user, found.unit):
        raise PermissionDenied
    return found


def get_unit_to_manage(user, provider: str, unit: str) -> ServiceUnit:
    found = get_unit_for_user(user, provider, unit)
    if not may_manage(user, found):
        raise PermissionDenied
    return found
