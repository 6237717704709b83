"""System checks with stable IDs that catch bad configuration at start-up."""

from django.conf import settings
from django.core.checks import Error, register


@register(deploy=True)
def secret_key_is_set(app_configs, **kwargs):
    if not settings.DEBUG and settings.SECRET_KEY == settings.INSECURE_SECRET_KEY:
        return [
            Error(
                "PATUH_SECRET_KEY is not set while PATUH_DEBUG is off.",
                hint="Set PATUH_SECRET_KEY (or PATUH_SECRET_KEY_FILE) to a long random value.",
                id="patuh.E001",
            )
        ]
    return []
