"""Who may do what: the one place Patuh's access rules live.

Two layers, both deny by default:
1. Capabilities per role (`ROLE_CAPABILITIES`). Every view declares the capability it needs with
   `@requires(...)`, or says it is `@public` or for any `@signed_in` user; the middleware in
   `patuh.access.middleware` refuses a view that declares nothing, and a test walks every URL
   pattern for every role.
2. Objects: `get_<thing>_for_user(user, ...)` helpers in this package's modules return only what
   the user may see (office staff: their own office's cycles; agency officers: their own
   providers, and only what was released to them) and raise Http404 for anything else, so a
   guessed URL reveals nothing.
"""

from collections.abc import Callable
from enum import StrEnum
from functools import wraps

from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied

from patuh.accounts.models import Role


class Can(StrEnum):
    # See a cycle's unpublished and preliminary results (own office).
    VIEW_RESULTS = "view_results"
    # Recompute a cycle's scores and release them to agencies (own office).
    MANAGE_RESULTS = "manage_results"
    # Plan who visits which unit when (own office). Never agencies.
    PLAN_VISITS = "plan_visits"
    # Know when units are visited: the dates of data collection and field verification.
    # Office staff only; agencies must not learn them, so the visits stay unannounced.
    KNOW_VISIT_DATES = "know_visit_dates"
    # Fill the checklist of the units assigned to oneself while data collection is open.
    FILL_ASSIGNMENTS = "fill_assignments"
    # Approve, query or reject field submissions and override automatic answers (own office).
    REVIEW = "review"
    # Run the automatic website checks of a cycle (own office).
    RUN_WEBCHECKS = "run_webchecks"
    # Score service units in a performance evaluation (PEKPPP F-02).
    EVALUATE = "evaluate"
    # See released results of one's own providers and respond to them (agency officers).
    VIEW_OWN_RESULTS = "view_own_results"
    # Fill one's own units' self-assessment and run their satisfaction surveys (agency officers).
    SELF_ASSESS = "self_assess"
    # Read and export the audit log.
    VIEW_AUDIT = "view_audit"


ROLE_CAPABILITIES: dict[str, frozenset[Can]] = {
    Role.ADMIN: frozenset(Can),
    Role.COORDINATOR: frozenset(
        {
            Can.VIEW_RESULTS,
            Can.MANAGE_RESULTS,
            Can.PLAN_VISITS,
            Can.KNOW_VISIT_DATES,
            Can.REVIEW,
            Can.RUN_WEBCHECKS,
        }
    ),
    Role.REVIEWER: frozenset(
        {Can.VIEW_RESULTS, Can.KNOW_VISIT_DATES, Can.REVIEW, Can.RUN_WEBCHECKS}
    ),
    Role.EVALUATOR: frozenset({Can.VIEW_RESULTS, Can.KNOW_VISIT_DATES, Can.EVALUATE}),
    # Enumerators visit unannounced: they see their own assignments, not results or plans.
    Role.ENUMERATOR: frozenset({Can.FILL_ASSIGNMENTS, Can.KNOW_VISIT_DATES}),
    Role.AGENCY_OFFICER: frozenset({Can.VIEW_OWN_RESULTS, Can.SELF_ASSESS}),
}

# The declared rule of a view: a Can, or one of these.
PUBLIC = "public"
SIGNED_IN = "signed_in"


def can(user, capability: Can) -> bool:
    """Whether `user`'s role grants `capability` (objects are checked separately)."""
    if not user.is_authenticated or not user.is_active:
        return False
    if user.is_superuser:
        return True
    return capability in ROLE_CAPABILITIES.get(user.role, frozenset())


def requires(*capabilities: Can) -> Callable:
    """Declare and enforce that a view needs one of `capabilities`: 403 for a signed-in user
    with none of them. The view still checks the objects it shows."""

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if not any(can(request.user, capability) for capability in capabilities):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        wrapped.access_rule = frozenset(capabilities)
        return wrapped

    return decorator


def signed_in(view):
    """Declare a view open to every signed-in user; it shows each only what they may see."""
    view.access_rule = SIGNED_IN
    return view


def public(view):
    """Declare a view open to everyone, signed in or not (the public portal, the login page)."""
    view = login_not_required(view)
    view.access_rule = PUBLIC
    return view


def same_office(user, obj_office_id: int | None) -> bool:
    """Whether office staff `user` works for the office with id `obj_office_id`.

    Administrators work for every office; staff without an office for none.
    """
    if user.is_superuser or user.role == Role.ADMIN:
        return True
    return user.office_id is not None and user.office_id == obj_office_id


def capabilities(request) -> dict:
    """Template context: `can.<capability>` is true when the user's role grants it."""
    return {"can": {capability.value: can(request.user, capability) for capability in Can}}
