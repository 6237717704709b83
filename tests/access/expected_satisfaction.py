"""Who gets through the satisfaction-survey URLs.

Officers of a unit's provider run its surveys; office staff who see results (reviewer,
evaluator, coordinator) see those of units whose provider is in their office's cycle; the
respondent's pages are public.
"""

from tests.access.roles import EVERYONE
from tests.satisfaction.conftest import survey_for

MANAGERS = frozenset({"officer_a", "admin_user"})
VIEWERS = MANAGERS | {"reviewer", "evaluator", "coordinator"}

EXPECTED = {
    "survey_code": EVERYONE,
    "survey_respond": EVERYONE,
    "survey_thanks": EVERYONE,
    "skm_units": VIEWERS | {"officer_b", "coordinator_elsewhere"},
    "skm_unit": VIEWERS,
    "survey_create": MANAGERS,
    "survey_detail": VIEWERS,
    "survey_edit": MANAGERS,
    "survey_publish": MANAGERS,
    "survey_poster": VIEWERS,
    "survey_export": VIEWERS,
}

SAMPLES = {
    "unit": lambda world: world["survey"].unit.code,
    "survey": lambda world: world["survey"].uuid,
}


def build(world: dict) -> None:
    """An open survey of provider A's unit."""
    world["survey"] = survey_for(world["provider_a"].units.get(), world["users"]["officer_a"])
