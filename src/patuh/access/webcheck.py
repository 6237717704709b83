"""Who may see and run website checks: office staff of the cycle's office.

Staff with Can.VIEW_RESULTS or Can.RUN_WEBCHECKS see a cycle's website checks; those with
Can.RUN_WEBCHECKS start them and those with Can.REVIEW override the automatic answers.
Agency officers and everyone else get 404, as for a cycle they may not see.
"""

from django.http import Http404
from django.shortcuts import get_object_or_404

from patuh.access import Can, can, same_office
from patuh.access.cycles import cycles_for_user, with_workflow
from patuh.assessments.models import Cycle
from patuh.registry.models import Website


def may_see_webchecks(user, cycle: Cycle) -> bool:
    allowed = can(user, Can.VIEW_RESULTS) or can(user, Can.RUN_WEBCHECKS)
    return allowed and same_office(user, cycle.office_id)


def may_run_webchecks(user, cycle: Cycle) -> bool:
    return can(user, Can.RUN_WEBCHECKS) and same_office(user, cycle.office_id)


def may_override_answers(user, cycle: Cycle) -> bool:
    return can(user, Can.REVIEW) and same_office(user, cycle.office_id)


def get_cycle_for_webchecks(user, code: str) -> Cycle:
    """The cycle `code` if `user` may see its website checks, else Http404."""
    cycle = get_object_or_404(
        with_workflow(cycles_for_user(user), "fieldwork").select_related(
            "instrument_version__instrument", "office"
        ),
        code=code,
    )
    if not may_see_webchecks(user, cycle):
        raise Http404("No such cycle.")
    return cycle


def get_website_for_user(user, code: str, provider: str, website: str) -> tuple[Cycle, Website]:
    """The cycle `code` and its provider's website `website`, else Http404."""
    cycle = get_cycle_for_webchecks(user, code)
    found = get_object_or_404(
        Website.objects.select_related("provider"),
        provider__cycles=cycle,
        provider__code=provider,
        code=website,
    )
    return cycle, found
