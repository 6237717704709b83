"""Who gets through the pages sign-in leads to: the landing redirect and the agency page."""

from tests.access.roles import SIGNED_IN

EXPECTED = {
    # Sends each signed-in user on to their work.
    "start": SIGNED_IN,
    "agency": frozenset({"officer_a", "officer_b", "admin_user"}),
}

SAMPLES = {}
