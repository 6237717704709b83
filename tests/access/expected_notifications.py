"""Who gets through the notification settings: every signed-in person, for themselves only."""

from tests.access.roles import SIGNED_IN

EXPECTED = {
    "notification_settings": SIGNED_IN,
}

SAMPLES: dict = {}
