"""Who gets through the self-check URLs.

A unit's self-check is for its own provider's officers (officer A for the sample unit;
administrators too); the officers' list of units and the offline worker for every agency
officer; the list of who self-checked for the office's staff who see results. Enumerators,
reviewers, other providers and the public reach no self-check.
"""

import datetime as dt
import uuid

from django.utils import timezone

from patuh.assessments.models import Phase
from patuh.selfcheck.services import add_photo
from tests import photos
from tests.access.roles import RESULTS_STAFF

OFFICERS = frozenset({"officer_a", "officer_b", "admin_user"})
OWN_OFFICERS = frozenset({"officer_a", "admin_user"})

EXPECTED = {
    "selfcheck:index": OFFICERS,
    "selfcheck:offline_worker": OFFICERS,
    "selfcheck:unit": OWN_OFFICERS,
    # The world's cycle has no self-check window: saving and photos are refused with a 400,
    # which still counts as getting through the access rules.
    "selfcheck:save": OWN_OFFICERS,
    "selfcheck:add_photo": OWN_OFFICERS,
    "selfcheck:remove_photo": OWN_OFFICERS,
    "selfcheck:photo": OWN_OFFICERS,
    "selfcheck:office": RESULTS_STAFF,
}

NOT_FOUND = {
    "officer_b": frozenset(
        {
            "selfcheck:unit",
            "selfcheck:save",
            "selfcheck:add_photo",
            "selfcheck:remove_photo",
            "selfcheck:photo",
        }
    )
}

SAMPLES = {"own_photo": lambda world: world["self_check_photo"].uuid}


def build(world: dict) -> None:
    """A photo in the self-check of provider A's unit, kept during an improvement window that
    is then taken away again: the world's cycle has no self-check window."""
    cycle, today = world["cycle"], timezone.localdate()
    window = Phase.objects.create(
        cycle=cycle,
        kind=Phase.Kind.PERBAIKAN,
        starts_on=today - dt.timedelta(days=1),
        ends_on=today + dt.timedelta(days=1),
    )
    world["self_check_photo"], _created = add_photo(
        cycle,
        world["provider_a"].units.get(),
        world["users"]["officer_a"],
        product_code="",
        indicator_code="U01",
        data=photos.jpeg(size=(96, 72)),
        client_id=uuid.uuid4(),
    )
    window.delete()
