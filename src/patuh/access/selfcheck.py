"""Who may run and see an agency's self-check (pra-evaluasi).

- A unit's self-check: agency officers of the unit's provider (Can.SELF_ASSESS; administrators
  too), in a fieldwork cycle that includes the provider. Officers of other providers, enumerators
  and reviewers get 404: the self-check is the agency's own rehearsal, not evidence.
- A self-check's photos: the same officers, as the copies without metadata.
- Which agencies self-checked, with counts and last activity (never the projected scores):
  office staff who see the cycle's results (Can.VIEW_RESULTS, same office).
"""

from django.db.models import QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404

from patuh.access import Can, can
from patuh.access.cycles import cycles_for_user, with_workflow
from patuh.access.pekppp import own_units
from patuh.assessments.models import Cycle
from patuh.registry.models import ServiceUnit
from patuh.selfcheck.models import SelfCheckPhoto


def self_check_cycles(user) -> QuerySet[Cycle]:
    """The fieldwork cycles in which `user` may self-check some unit."""
    if not can(user, Can.SELF_ASSESS):
        return Cycle.objects.none()
    return (
        with_workflow(cycles_for_user(user), "fieldwork")
        .select_related("instrument_version__instrument")
        .prefetch_related("phases")
    )


def get_unit_to_self_check(user, code: str, provider: str, unit: str) -> tuple[Cycle, ServiceUnit]:
    """(cycle, unit) of a self-check `user` runs; Http404 for anyone else."""
    cycle = get_object_or_404(self_check_cycles(user), code=code)
    found = get_object_or_404(
        own_units(user).select_related("provider"),
        provider__cycles=cycle,
        provider__code=provider,
        code=unit,
    )
    return cycle, found


# Copies of a self-check photo its officers may get: never the original, which keeps EXIF.
PHOTO_VARIANTS = ("thumbnail", "display")


def get_photo_for_user(user, public_id, variant: str) -> SelfCheckPhoto:
    """A photo of a self-check of one of `user`'s own units; Http404 for anyone else."""
    if variant not in PHOTO_VARIANTS:
        raise Http404("No such copy.")
    return get_object_or_404(
        SelfCheckPhoto.objects.filter(self_check__unit__in=own_units(user)), uuid=public_id
    )
